// Package ids knows the form of the identifiers foi issues: UUIDs, which
// PostgreSQL generates and prints in canonical lower-case text. Checking the
// form before a query keeps a malformed id a client error rather than a
// driver error.
package ids

import "strings"

// Canonical returns s in canonical form (lower case) and whether s is a
// UUID in text form.
func Canonical(s string) (string, bool) {
	if len(s) != 36 {
		return "", false
	}
	s = strings.ToLower(s)
	for i := range len(s) {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return "", false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
				return "", false
			}
		}
	}
	return s, true
}

// Valid reports whether s is a UUID in canonical form, as stored ids and
// the page tokens built from them are.
func Valid(s string) bool {
	c, ok := Canonical(s)
	return ok && c == s
}
