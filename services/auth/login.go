package auth

import (
	"regexp"
	"strings"

	"foi/services/idnumber"
)

// loginKind says what a login is.
type loginKind int

const (
	loginUsername loginKind = iota + 1
	loginPhone
	loginEmail
)

var usernameFormat = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,31}$`)

// parseLogin normalises a login: a mainland mobile number, an e-mail
// address (lower-cased) or a staff user name (lower-cased).
func parseLogin(s string) (loginKind, string, bool) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "@") {
		e, err := idnumber.Email(s)
		if err != nil {
			return 0, "", false
		}
		return loginEmail, strings.ToLower(e), true
	}
	if m, err := idnumber.Mobile(s); err == nil {
		return loginPhone, m, true
	}
	u := strings.ToLower(s)
	if usernameFormat.MatchString(u) {
		return loginUsername, u, true
	}
	return 0, "", false
}

// loginKey is the normalised form of whatever was typed at sign-in, valid
// or not, so that throttling treats unknown and known logins alike.
func loginKey(s string) string {
	if _, n, ok := parseLogin(s); ok {
		return n
	}
	s = strings.ToLower(strings.TrimSpace(s))
	// Cut at a character boundary: a key cut inside a character is not
	// UTF-8, and PostgreSQL refuses to store it.
	n := 0
	for i := range s {
		if n == maxLoginKey {
			return s[:i]
		}
		n++
	}
	return s
}

// maxLoginKey bounds a throttling key, in characters.
const maxLoginKey = 128
