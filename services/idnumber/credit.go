package idnumber

import (
	"strings"
	"unicode/utf8"
)

// creditCharset is the GB 32100-2015 alphabet: digits and the capitals
// without I, O, S, V, Z, which read like 1, 0, 5, U, 2. A character's index
// is its value in the checksum.
const creditCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// creditCheck returns the check character of 17 characters of creditCharset.
func creditCheck(first17 string) byte {
	sum := 0
	for i := range 17 {
		sum += strings.IndexByte(creditCharset, first17[i]) * creditWeights[i]
	}
	return creditCharset[(31-sum%31)%31]
}

// validateCredit checks a unified social credit code: its length, alphabet,
// the administrative-division digits (positions 3-8) and the check
// character.
//
// The organisation code embedded in positions 9-17 has its own GB 11714
// check digit, which is deliberately not verified: codes issued to
// individual businesses (个体工商户) and some other registrants carry a
// registration-derived sequence there instead of a GB 11714 code, and those
// codes are lawful and in use.
func validateCredit(number string) (string, error) {
	s := normalizeDoc(number)
	if err := checkPresent("统一社会信用代码", s); err != nil {
		return "", err
	}
	if n := utf8.RuneCountInString(s); n != 18 {
		return "", reject("统一社会信用代码应为18位，当前为%d位", n)
	}
	if r, bad := firstBad(s, func(r rune) bool { return r < utf8.RuneSelf && strings.IndexByte(creditCharset, byte(r)) >= 0 }); bad {
		return "", reject("统一社会信用代码含有不允许的字符 %s", runeText(r))
	}
	// From here on s is 18 ASCII bytes.
	if !allDigits(s[2:8]) {
		return "", reject("统一社会信用代码第3至8位（登记管理机关行政区划码）应为数字")
	}
	if creditCheck(s[:17]) != s[17] {
		return "", reject("统一社会信用代码校验位不正确")
	}
	return s, nil
}
