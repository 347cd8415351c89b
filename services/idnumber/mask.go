package idnumber

import "strings"

// maskKeepsAll is the shortest input of which MaskNumber keeps the first 3
// and last 4 characters: 11, a mobile number, so that at least 4 characters
// are always hidden. Anything shorter keeps only its first character.
const maskKeepsAll = 11

// MaskNumber masks an ID document or phone number for display and logs,
// keeping its first 3 and last 4 characters: "110***********123X",
// "138****5678". Shorter input keeps only its first character, a single
// character is masked entirely; the length is kept. It never panics, whatever
// the input (invalid UTF-8 counts as one character per bad byte).
func MaskNumber(s string) string {
	r := []rune(s)
	n := len(r)
	if n < maskKeepsAll {
		return maskAfterFirst(r)
	}
	return string(r[:3]) + strings.Repeat("*", n-7) + string(r[n-4:])
}

// MaskEmail masks the local part of an e-mail address except its first
// character and keeps the domain: "z*******@example.com". A one-character
// local part is masked entirely; input without @ is masked as a local part.
func MaskEmail(s string) string {
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return maskAfterFirst([]rune(s))
	}
	return maskAfterFirst([]rune(s[:at])) + s[at:]
}

func maskAfterFirst(r []rune) string {
	if len(r) <= 1 {
		return strings.Repeat("*", len(r))
	}
	return string(r[0]) + strings.Repeat("*", len(r)-1)
}
