package auth

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"foi/services/errs"
)

func TestHashPasswordRoundTrip(t *testing.T) {
	const pw = "correct horse 电池"
	h := hashPassword(pw, fastArgon)
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("hash %q is not an argon2id PHC string with the given costs", h)
	}
	if !verifyPassword(pw, h) {
		t.Error("the right password does not verify")
	}
	for _, wrong := range []string{"", "correct horse 电", "Correct horse 电池", pw + " "} {
		if verifyPassword(wrong, h) {
			t.Errorf("wrong password %q verifies", wrong)
		}
	}
}

func TestHashPasswordSalted(t *testing.T) {
	const pw = "same password"
	a, b := hashPassword(pw, fastArgon), hashPassword(pw, fastArgon)
	if a == b {
		t.Fatalf("two hashes of one password are equal (%s): no salt", a)
	}
	saltOf := func(h string) string { return strings.Split(h, "$")[4] }
	if saltOf(a) == saltOf(b) {
		t.Errorf("two hashes share the salt %s", saltOf(a))
	}
	if !verifyPassword(pw, a) || !verifyPassword(pw, b) {
		t.Error("a salted hash does not verify")
	}
}

// TestVerifyPasswordOtherCosts checks that the costs come from the stored
// hash, so hashes made under older parameters keep working.
func TestVerifyPasswordOtherCosts(t *testing.T) {
	h := hashPassword("older costs here", Argon2Params{Memory: 128, Time: 2, Threads: 2})
	if !verifyPassword("older costs here", h) {
		t.Error("a hash made under other costs does not verify")
	}
}

func TestVerifyPasswordTampered(t *testing.T) {
	const pw = "tamper proof"
	h := hashPassword(pw, fastArgon)
	parts := strings.Split(h, "$") // "", argon2id, v=19, m=..., salt, key
	with := func(i int, s string) string {
		p := append([]string(nil), parts...)
		p[i] = s
		return strings.Join(p, "$")
	}
	flip := func(s string) string { // change the first character to another base64 one
		if s[0] == 'A' {
			return "B" + s[1:]
		}
		return "A" + s[1:]
	}
	tests := []struct {
		name, encoded string
	}{
		{"empty", ""},
		{"garbage", "not a hash"},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"argon2i", with(1, "argon2i")},
		{"version", with(2, "v=16")},
		{"no costs", with(3, "")},
		{"memory", with(3, "m=128,t=1,p=1")},
		{"passes", with(3, "m=64,t=2,p=1")},
		{"zero passes", with(3, "m=64,t=0,p=1")},
		{"zero lanes", with(3, "m=64,t=1,p=0")},
		{"huge memory", with(3, "m=4294967295,t=1,p=1")},
		{"salt", with(4, flip(parts[4]))},
		{"empty salt", with(4, "")},
		{"key", with(5, flip(parts[5]))},
		{"short key", with(5, parts[5][:10])},
		{"empty key", with(5, "")},
		{"bad base64", with(5, "!!!!")},
		{"extra part", h + "$x"},
		{"missing part", strings.Join(parts[:5], "$")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if verifyPassword(pw, tt.encoded) {
				t.Errorf("verifyPassword accepted %q", tt.encoded)
			}
		})
	}
}

func TestCheckPassword(t *testing.T) {
	short := &errs.Invalid{Violations: []errs.Violation{{Field: "pw", Reason: "密码至少 10 个字符"}}}
	long := &errs.Invalid{Violations: []errs.Violation{{Field: "pw", Reason: "密码不能超过 128 个字符"}}}
	sameAsLogin := &errs.Invalid{Violations: []errs.Violation{{Field: "pw", Reason: "密码不能与登录名相同"}}}
	repeated := &errs.Invalid{Violations: []errs.Violation{{Field: "pw", Reason: "密码不能由同一个字符重复组成"}}}
	tests := []struct {
		name, password, login string
		want                  error
	}{
		{"empty", "", "zhangsan", short},
		{"nine", "abcdefgh1", "zhangsan", short},
		{"ten", "abcdefgh12", "zhangsan", nil},
		{"nine runes", "我的密码就是这个了", "zhangsan", short}, // 27 bytes
		{"chinese ten", "我的密码就是这个了吧", "zhangsan", nil},
		{"128", strings.Repeat("ab", 64), "zhangsan", nil},
		{"129", strings.Repeat("ab", 64) + "c", "zhangsan", long},
		{"129 runes", strings.Repeat("密", 128) + "码", "zhangsan", long},
		{"equals login", "zhang.san01", "zhang.san01", sameAsLogin},
		{"login case", "Zhang.San01", "zhang.san01", sameAsLogin},
		{"equals phone", "13800138000", "13800138000", sameAsLogin},
		{"contains login", "zhang.san01!", "zhang.san01", nil},
		{"repeated", "aaaaaaaaaa", "zhangsan", repeated},
		{"repeated digit", "11111111111111", "zhangsan", repeated},
		{"repeated space", "          ", "zhangsan", repeated},
		{"repeated chinese", "我我我我我我我我我我", "zhangsan", repeated},
		{"one different", "aaaaaaaaab", "zhangsan", nil},
		{"chinese one different", "我我我我我我我我我你", "zhangsan", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkPassword("pw", tt.password, tt.login)
			if diff := cmp.Diff(tt.want, err); diff != "" {
				t.Errorf("checkPassword(%q, %q) mismatch (-want +got):\n%s", tt.password, tt.login, diff)
			}
		})
	}
}

func TestRandomSecret(t *testing.T) {
	a, b := randomSecret(32), randomSecret(32)
	if a == b {
		t.Errorf("two secrets are equal: %s", a)
	}
	if len(a) != 43 { // 32 bytes, unpadded base64
		t.Errorf("secret %q has %d characters, want 43", a, len(a))
	}
}
