package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"foi/services/errs"
)

// Argon2Params are the argon2id cost parameters.
type Argon2Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// DefaultArgon2 follows OWASP's recommendation for argon2id (19 MiB, two
// passes, one lane).
var DefaultArgon2 = Argon2Params{Memory: 19 * 1024, Time: 2, Threads: 1}

const (
	saltLen = 16
	keyLen  = 32
)

// hashPassword returns the PHC string of password under p.
func hashPassword(password string, p Argon2Params) string {
	salt := make([]byte, saltLen)
	rand.Read(salt)
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, keyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		enc.EncodeToString(salt), enc.EncodeToString(key))
}

// verifyPassword reports whether password matches the PHC string encoded,
// comparing in constant time. The parameters come from encoded, so hashes
// made under older parameters keep working.
func verifyPassword(password, encoded string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var p Argon2Params
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return false
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	want, err2 := enc.DecodeString(parts[5])
	if err := errors.Join(err1, err2); err != nil || len(want) == 0 || p.Memory > 1<<20 ||
		p.Time == 0 || p.Time > 16 || p.Threads == 0 { // argon2 panics on zero passes or lanes
		return false
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is verified against when a login does not exist, so that an
// unknown login costs the same time as a wrong password.
var dummyHash = hashPassword("no such account", DefaultArgon2)

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// checkPassword applies the password rules; field names the request field.
func checkPassword(field, password, login string) error {
	n := utf8.RuneCountInString(password)
	first, _ := utf8.DecodeRuneInString(password)
	switch {
	case n < MinPasswordLength:
		return errs.Field(field, fmt.Sprintf("密码至少 %d 个字符", MinPasswordLength))
	case n > 128:
		return errs.Field(field, "密码不能超过 128 个字符")
	case strings.EqualFold(password, login):
		return errs.Field(field, "密码不能与登录名相同")
	case strings.Trim(password, string(first)) == "": // the first rune, not byte: 我我我… is one character
		return errs.Field(field, "密码不能由同一个字符重复组成")
	}
	return nil
}

// randomSecret returns n random bytes encoded for use in tokens.
func randomSecret(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
