package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var testClaims = claims{
	Session: "5b1f4ac6-8b53-4f7b-9d5e-6f0c3c0f2a11",
	Account: "0e6a8d4e-2f37-4c39-a5a4-0b8e7e7c9d01",
	Expires: t0.Add(15 * time.Minute).Unix(),
}

func TestTokenRoundTrip(t *testing.T) {
	s := signer{key: randomKey(t)}
	tok := s.sign(testClaims)
	if !strings.HasPrefix(tok, tokenPrefix) {
		t.Errorf("token %q lacks the prefix %q", tok, tokenPrefix)
	}
	got, err := s.verify(tok, t0)
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	if diff := cmp.Diff(testClaims, got); diff != "" {
		t.Errorf("claims mismatch (-want +got):\n%s", diff)
	}
}

func TestTokenExpiry(t *testing.T) {
	s := signer{key: randomKey(t)}
	tok := s.sign(testClaims)
	exp := time.Unix(testClaims.Expires, 0)
	tests := []struct {
		name  string
		now   time.Time
		valid bool
	}{
		{"issued", t0, true},
		{"last second", exp.Add(-time.Second), true},
		{"last instant", exp.Add(-time.Nanosecond), true},
		{"at expiry", exp, false},
		{"after", exp.Add(time.Second), false},
		{"next day", exp.Add(24 * time.Hour), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.verify(tok, tt.now)
			if got := err == nil; got != tt.valid {
				t.Errorf("verify at %v: err = %v, want valid %v", tt.now, err, tt.valid)
			}
		})
	}
}

func TestTokenOtherKey(t *testing.T) {
	tok := signer{key: randomKey(t)}.sign(testClaims)
	if _, err := (signer{key: randomKey(t)}).verify(tok, t0); err == nil {
		t.Error("a token signed with another key verifies")
	}
}

// TestTokenEveryCharacterMatters changes each character of a valid token to
// each other base64url character (and to the separators): no changed token
// may verify, whether the change is in the prefix, the payload or the
// signature.
func TestTokenEveryCharacterMatters(t *testing.T) {
	s := signer{key: randomKey(t)}
	tok := s.sign(testClaims)
	alphabet := "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.="
	accepted := 0
	for i := range len(tok) {
		for _, r := range alphabet {
			if byte(r) == tok[i] {
				continue
			}
			changed := tok[:i] + string(r) + tok[i+1:]
			if _, err := s.verify(changed, t0); err == nil {
				accepted++
				t.Errorf("changing character %d (%q -> %q) still verifies: %s", i, tok[i], r, changed)
			}
		}
	}
	if accepted > 0 {
		t.Logf("%d changed tokens verified", accepted)
	}
}

func TestTokenTruncatedOrExtended(t *testing.T) {
	s := signer{key: randomKey(t)}
	tok := s.sign(testClaims)
	for n := range len(tok) {
		if _, err := s.verify(tok[:n], t0); err == nil {
			t.Errorf("the first %d characters of the token verify", n)
		}
	}
	for _, suffix := range []string{"A", "=", ".", "\n", " "} {
		if _, err := s.verify(tok+suffix, t0); err == nil {
			t.Errorf("token + %q verifies", suffix)
		}
	}
}

// forge signs an arbitrary body the way signer does, to reach the checks
// after the signature.
func forge(key []byte, body string) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(body))
	return body + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

func TestTokenGarbage(t *testing.T) {
	key := randomKey(t)
	s := signer{key: key}
	b64 := base64.RawURLEncoding.EncodeToString
	tests := []struct {
		name, token string
	}{
		{"empty", ""},
		{"prefix only", "foi1."},
		{"two dots", "foi1.."},
		{"no signature", "foi1.eyJzaWQiOiJ4In0"},
		{"short words", "foi1.x.y"},
		{"jwt", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"},
		{"other version", strings.Replace(s.sign(testClaims), "foi1.", "foi2.", 1)},
		{"bearer", "Bearer " + s.sign(testClaims)},
		{"too long", forge(key, tokenPrefix+strings.Repeat("A", 1100))},
		{"not base64", forge(key, tokenPrefix+"!!!")},
		{"not json", forge(key, tokenPrefix+b64([]byte("hello")))},
		{"json array", forge(key, tokenPrefix+b64([]byte(`["x"]`)))},
		{"no session", forge(key, tokenPrefix+b64([]byte(`{"sub":"a","exp":9999999999}`)))},
		{"no account", forge(key, tokenPrefix+b64([]byte(`{"sid":"s","exp":9999999999}`)))},
		{"no expiry", forge(key, tokenPrefix+b64([]byte(`{"sid":"s","sub":"a"}`)))},
		{"expiry as text", forge(key, tokenPrefix+b64([]byte(`{"sid":"s","sub":"a","exp":"9999999999"}`)))},
		{"unicode", "foi1.令牌.签名"},
		{"nul", "foi1.\x00.\x00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if c, err := s.verify(tt.token, t0); err == nil {
				t.Errorf("verify(%q) = %+v, want an error", tt.token, c)
			}
		})
	}
	// The forged bodies are refused for what they say, not for their
	// signature: the same forge of a good body verifies.
	good := forge(key, tokenPrefix+b64([]byte(`{"sid":"s","sub":"a","exp":9999999999}`)))
	if _, err := s.verify(good, t0); err != nil {
		t.Errorf("a well-formed forged body does not verify: %v", err)
	}
}

func TestHashRefresh(t *testing.T) {
	a, b := hashRefresh("token-a"), hashRefresh("token-b")
	if len(a) != sha256.Size {
		t.Errorf("hash has %d bytes, want %d", len(a), sha256.Size)
	}
	if string(a) == string(b) {
		t.Error("two refresh tokens hash alike")
	}
	if diff := cmp.Diff(a, hashRefresh("token-a")); diff != "" {
		t.Errorf("hash not deterministic (-want +got):\n%s", diff)
	}
}

// FuzzVerify feeds verify arbitrary strings: it must never panic, and
// whatever it accepts must be exactly the token the signer makes for the
// claims it returns (no second spelling of a valid token).
func FuzzVerify(f *testing.F) {
	key := []byte("0123456789abcdef0123456789abcdef")
	s := signer{key: key}
	tok := s.sign(testClaims)
	f.Add(tok)
	f.Add(tok[:len(tok)-1])
	f.Add(tok + "A")
	f.Add("")
	f.Add("foi1.")
	f.Add("foi1..")
	f.Add("foi1.e30." + strings.Repeat("A", 43))
	f.Fuzz(func(t *testing.T, token string) {
		c, err := s.verify(token, t0)
		if err != nil {
			return
		}
		if again := s.sign(c); again != token {
			t.Errorf("verify accepted %q, which is not the token %q of its claims", token, again)
		}
	})
}

// BenchmarkTokenCheck is what Authenticate spends on a token before the
// session cache: verifying its signature and claims, and its digest, the
// cache's key.
func BenchmarkTokenCheck(b *testing.B) {
	s := signer{key: make([]byte, 32)}
	tok := s.sign(testClaims)
	b.Run("verify", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.verify(tok, t0); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("digest", func(b *testing.B) {
		for b.Loop() {
			tokenKey(tok)
		}
	})
}
