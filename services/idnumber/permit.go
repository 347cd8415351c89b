package idnumber

import "unicode/utf8"

// Passports and the permits are checked for format only: their numbering
// carries no public check character (the 2023 permanent residence card
// aside), so a well-formed number is all a form can verify; the office
// checks the document itself.

func isAlnum(r rune) bool { return isDigit(r) || r >= 'A' && r <= 'Z' }

func validatePassport(number string) (string, error) {
	s := normalizeDoc(number)
	if err := checkPresent("护照号码", s); err != nil {
		return "", err
	}
	if r, bad := firstBad(s, isAlnum); bad {
		return "", reject("护照号码只能包含字母和数字，不能含有 %s", runeText(r))
	}
	if n := len(s); n < 5 || n > 20 {
		return "", reject("护照号码应为5至20位字母或数字，当前为%d位", n)
	}
	return s, nil
}

// validateHKMacao checks a 港澳居民来往内地通行证 number: H (Hong Kong) or M
// (Macao), then 8 or 10 digits, as both lengths are in circulation.
func validateHKMacao(number string) (string, error) {
	const name = "港澳居民来往内地通行证号码"
	s := normalizeDoc(number)
	if err := checkPresent(name, s); err != nil {
		return "", err
	}
	if s[0] != 'H' && s[0] != 'M' {
		return "", reject("%s应以字母H或M开头", name)
	}
	if rest := s[1:]; !allDigits(rest) || len(rest) != 8 && len(rest) != 10 {
		return "", reject("%s应为H或M后接8位或10位数字", name)
	}
	return s, nil
}

// validateTaiwan checks a 台湾居民来往大陆通行证 number: 8 or 10 digits, as
// both lengths are in circulation.
func validateTaiwan(number string) (string, error) {
	const name = "台湾居民来往大陆通行证号码"
	s := normalizeDoc(number)
	if err := checkPresent(name, s); err != nil {
		return "", err
	}
	if !allDigits(s) || len(s) != 8 && len(s) != 10 {
		return "", reject("%s应为8位或10位数字", name)
	}
	return s, nil
}

// validatePermanent checks a 外国人永久居留身份证 number. The 2023 cards have
// 18 characters that begin with 9 (no province code does, so they never
// collide with resident IDs) and use the resident ID check algorithm; the
// earlier cards, valid until they expire, have 15 characters: three letters
// (the nationality) and 12 digits.
func validatePermanent(number string) (string, error) {
	const name = "外国人永久居留身份证号码"
	s := normalizeDoc(number)
	if err := checkPresent(name, s); err != nil {
		return "", err
	}
	switch utf8.RuneCountInString(s) {
	case 18:
		if s[0] != '9' {
			return "", reject("18位%s应以数字9开头", name)
		}
		if r, bad := firstBad(s, func(r rune) bool { return isDigit(r) || r == 'X' }); bad {
			return "", reject("%s含有不允许的字符 %s", name, runeText(r))
		}
		if !allDigits(s[:17]) {
			return "", reject("%s前17位应为数字，只有最后一位可以是X", name)
		}
		if residentCheck(s[:17]) != s[17] {
			return "", reject("%s校验位不正确", name)
		}
	case 15:
		if !isUpper(s[0]) || !isUpper(s[1]) || !isUpper(s[2]) || !allDigits(s[3:]) {
			return "", reject("15位旧版%s应为3位字母加12位数字", name)
		}
	default:
		return "", reject("%s应为18位（2023年版）或15位（旧版），当前为%d位", name, utf8.RuneCountInString(s))
	}
	return s, nil
}

func isUpper(b byte) bool { return b >= 'A' && b <= 'Z' }
