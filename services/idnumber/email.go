package idnumber

import (
	"net/mail"
	"strings"
)

// Email checks that s is one bare e-mail address (no display name, no angle
// brackets, no comments, no quoted local part) and returns it with the
// domain in lower case; the local part keeps its case, which the receiving
// server may treat as significant.
//
// The limits are those of RFC 5321: 254 octets in all, 64 before the @.
func Email(s string) (string, error) {
	t := strings.TrimSpace(strings.Map(fold, s))
	if t == "" {
		return "", reject("请填写电子邮箱")
	}
	if len(t) > 254 {
		return "", reject("电子邮箱地址不能超过254个字符")
	}
	a, err := mail.ParseAddress(t)
	if err != nil {
		return "", reject("电子邮箱地址格式不正确")
	}
	if a.Name != "" || a.Address != t {
		return "", reject("请只填写一个电子邮箱地址本身，不要包含姓名、尖括号、引号或注释")
	}
	at := strings.LastIndexByte(t, '@')
	local, domain := t[:at], t[at+1:]
	if len(local) > 64 {
		return "", reject("电子邮箱地址@前的部分不能超过64个字符")
	}
	if !validDomain(domain) {
		return "", reject("电子邮箱地址的域名部分不正确")
	}
	return local + "@" + asciiLower(domain), nil
}

// validDomain accepts a host name with at least two labels. Address
// literals ([192.0.2.1]) and single-label hosts parse as RFC 5322 but do not
// reach an applicant over the Internet.
func validDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			// Non-ASCII is allowed for internationalised domain names.
			if !(isDigit(r) || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r >= 0x80) {
				return false
			}
		}
	}
	return true
}

// asciiLower lower-cases ASCII letters only, so that the normalised form
// keeps its length and stays a fixed point (Unicode case mapping can change
// a string's length).
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r - 'A' + 'a'
		}
		return r
	}, s)
}
