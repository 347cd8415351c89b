package idnumber

import (
	"strings"
	"unicode"
)

// Mobile checks a mainland mobile number and returns its 11 digits. A +86,
// 0086 or 86 country prefix is dropped, as are spaces and dashes, so that
// one number has one form whatever the applicant typed.
func Mobile(s string) (string, error) {
	t := strings.TrimSpace(strings.Map(fold, s))
	if t == "" {
		return "", reject("请填写手机号码")
	}
	t = strings.Map(func(r rune) rune {
		if r == '-' || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, t)
	switch {
	case strings.HasPrefix(t, "+86"):
		t = t[3:]
	case strings.HasPrefix(t, "+"):
		return "", reject("只接受中国大陆手机号码（+86）")
	case len(t) == 15 && strings.HasPrefix(t, "0086"):
		t = t[4:]
	case len(t) == 13 && strings.HasPrefix(t, "86"):
		t = t[2:]
	}
	if r, bad := firstBad(t, isDigit); bad {
		return "", reject("手机号码只能包含数字，不能含有 %s", runeText(r))
	}
	if len(t) != 11 {
		return "", reject("手机号码应为11位，当前为%d位", len(t))
	}
	if t[0] != '1' || t[1] < '3' {
		return "", reject("手机号码应以13至19开头")
	}
	return t, nil
}

// extMarkers introduce a landline extension. "X" also matches inside "EXT",
// which is harmless: the earliest, longest marker wins.
var extMarkers = []string{"转", "分机", "EXT.", "EXT", "X", "#"}

// Landline checks a mainland landline number and returns it as
// "area-number" or "area-number-extension", e.g. "010-12345678-123".
//
// The area code is required because the office may call from another city.
// Without separators the area code's length is read from its second digit:
// 010 and 02x are the only three-digit codes, every other code has four
// digits, so "01012345678" and "07551234567" are unambiguous. An extension
// follows a marker (转, 分机, ext, x, #) or a last dash after a complete
// number.
func Landline(s string) (string, error) {
	t := strings.TrimSpace(strings.Map(fold, s))
	if t == "" {
		return "", reject("请填写固定电话号码")
	}
	main, ext, hasExt := cutExtension(t)
	if hasExt {
		ext = strings.Map(func(r rune) rune {
			if r == ' ' || r == '-' || r == ':' || r == '.' {
				return -1
			}
			return r
		}, ext)
		if !allDigits(ext) || len(ext) < 1 || len(ext) > 6 {
			return "", reject("分机号应为1至6位数字")
		}
	}
	if strings.HasPrefix(main, "+86") {
		// The trunk prefix 0 is dropped after a country code: +86 10 ... is 010 ...
		main = strings.TrimLeft(main[3:], " -")
		if !strings.HasPrefix(main, "0") {
			main = "0" + main
		}
	}
	if r, bad := firstBad(main, func(r rune) bool {
		return isDigit(r) || r == ' ' || r == '-' || r == '(' || r == ')'
	}); bad {
		return "", reject("固定电话号码只能包含数字、空格、短横线和括号，不能含有 %s", runeText(r))
	}
	if !hasExt {
		// A last dash group of 1-6 digits is an extension when what comes
		// before it is already a complete number: "0755-1234567-8".
		if i := strings.LastIndexByte(main, '-'); i >= 0 {
			tail := strings.TrimSpace(main[i+1:])
			if len(tail) >= 1 && len(tail) <= 6 && allDigits(tail) {
				if area, local, err := splitLandline(digitsOf(main[:i])); err == nil {
					return area + "-" + local + "-" + tail, nil
				}
			}
		}
	}
	area, local, err := splitLandline(digitsOf(main))
	if err != nil {
		return "", err
	}
	if hasExt {
		return area + "-" + local + "-" + ext, nil
	}
	return area + "-" + local, nil
}

// cutExtension splits t at the earliest extension marker, in any case.
func cutExtension(t string) (main, ext string, found bool) {
	upper := asciiUpper(t) // same byte offsets as t
	at, size := -1, 0
	for _, m := range extMarkers {
		if i := strings.Index(upper, m); i >= 0 && (at < 0 || i < at || i == at && len(m) > size) {
			at, size = i, len(m)
		}
	}
	if at < 0 {
		return t, "", false
	}
	return strings.TrimSpace(t[:at]), strings.TrimSpace(t[at+size:]), true
}

func digitsOf(s string) string {
	return strings.Map(func(r rune) rune {
		if isDigit(r) {
			return r
		}
		return -1
	}, s)
}

// splitLandline splits the digits of a landline into area code and number.
func splitLandline(d string) (area, local string, err error) {
	if d == "" {
		return "", "", reject("请填写固定电话号码")
	}
	if d[0] != '0' || len(d) < 2 || d[1] == '0' {
		return "", "", reject("固定电话号码应以区号开头，如010、0755")
	}
	n := 4
	if d[1] == '1' || d[1] == '2' {
		n = 3
	}
	if len(d) < n+7 {
		return "", "", reject("固定电话号码应为区号加7至8位号码，当前位数不足")
	}
	area, local = d[:n], d[n:]
	if d[1] == '1' && area != "010" {
		return "", "", reject("区号 %s 不存在", area)
	}
	if len(local) > 8 {
		return "", "", reject("固定电话号码（不含区号）应为7至8位，当前为%d位", len(local))
	}
	if local[0] == '0' {
		return "", "", reject("固定电话号码（不含区号）不能以0开头")
	}
	return area, local, nil
}

// Phone accepts either a mobile or a landline number, for a contact field
// that takes both, and returns the normalised form of the one it is.
func Phone(s string) (string, error) {
	m, merr := Mobile(s)
	if merr == nil {
		return m, nil
	}
	l, lerr := Landline(s)
	if lerr == nil {
		return l, nil
	}
	// Report the reason of the kind the applicant evidently meant: landlines
	// start with the trunk 0 of their area code, mobiles with 1.
	t := strings.TrimPrefix(strings.TrimSpace(strings.Map(fold, s)), "+86")
	if i := strings.IndexFunc(t, isDigit); i >= 0 && t[i] == '0' {
		return "", lerr
	}
	return "", merr
}
