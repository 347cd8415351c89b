package idnumber

import (
	"time"
	"unicode/utf8"
)

const residentName = "身份证号码"

// residentWeights are the GB 11643-1999 weights 2^(17−i) mod 11.
var residentWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// residentCheck returns the check character of 17 ASCII digits.
func residentCheck(first17 string) byte {
	sum := 0
	for i := range 17 {
		sum += int(first17[i]-'0') * residentWeights[i]
	}
	return "10X98765432"[sum%11]
}

// validProvince reports whether code (two ASCII digits) is a province-level
// division of GB/T 2260 that issues resident ID numbers, plus 81 and 82 used
// by the Hong Kong and Macao residents' residence permits and 83 by Taiwan
// residents' (their numbers follow GB 11643 with these codes).
func validProvince(code string) bool {
	n := int(code[0]-'0')*10 + int(code[1]-'0')
	switch {
	case n >= 11 && n <= 15, n >= 21 && n <= 23, n >= 31 && n <= 37,
		n >= 41 && n <= 46, n >= 50 && n <= 54, n >= 61 && n <= 65:
		return true
	}
	return n == 71 || n == 81 || n == 82 || n == 83
}

func validateResident(number string, today time.Time) (string, error) {
	s := normalizeDoc(number)
	if err := checkPresent(residentName, s); err != nil {
		return "", err
	}
	n := utf8.RuneCountInString(s)
	if n == 15 && allDigits(s) {
		return "", reject("15位旧版身份证号码已停止使用，请填写18位身份证号码")
	}
	if n != 18 {
		return "", reject("身份证号码应为18位，当前为%d位", n)
	}
	if r, bad := firstBad(s, func(r rune) bool { return isDigit(r) || r == 'X' }); bad {
		return "", reject("身份证号码含有不允许的字符 %s", runeText(r))
	}
	// From here on s is 18 ASCII bytes.
	if !allDigits(s[:17]) {
		return "", reject("身份证号码前17位应为数字，只有最后一位可以是X")
	}
	if !validProvince(s[:2]) {
		return "", reject("身份证号码前两位 %s 不是有效的省级行政区划代码", s[:2])
	}
	if err := checkBirth(s[6:14], today); err != nil {
		return "", err
	}
	if residentCheck(s[:17]) != s[17] {
		return "", reject("身份证号码校验位不正确")
	}
	return s, nil
}

// checkBirth checks the YYYYMMDD birth date of a resident ID.
func checkBirth(ymd string, today time.Time) error {
	y := atoi(ymd[:4])
	m := atoi(ymd[4:6])
	d := atoi(ymd[6:8])
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return reject("身份证号码中的出生日期 %s 不是有效日期", ymd)
	}
	if y < 1900 {
		return reject("身份证号码中的出生日期 %s 早于1900年1月1日", ymd)
	}
	ty, tm, td := today.Date()
	if y*10000+m*100+d > ty*10000+int(tm)*100+td {
		return reject("身份证号码中的出生日期 %s 晚于今天", ymd)
	}
	return nil
}

// atoi converts ASCII digits already checked by the caller.
func atoi(s string) int {
	n := 0
	for i := range len(s) {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
