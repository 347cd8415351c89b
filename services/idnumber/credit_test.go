package idnumber

import "testing"

func TestCreditCode(t *testing.T) {
	lettered := withCreditCheck(t, "12100000MB0123456")
	individual := withCreditCheck(t, "92440300L12345678")
	accepts := []accept{
		{"standard example", "91350100M000100Y43", "91350100M000100Y43"},
		{"lower case", "91350100m000100y43", "91350100M000100Y43"},
		{"surrounding spaces", " 91350100M000100Y43 ", "91350100M000100Y43"},
		{"full-width", "９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43"},
		{"letters", lettered, lettered},
		{"individual business", individual, individual},
	}
	rejects := []rejectCase{
		{"empty", "", "请填写统一社会信用代码"},
		{"17 characters", "91350100M000100Y4", "统一社会信用代码应为18位，当前为17位"},
		{"19 characters", "91350100M000100Y433", "统一社会信用代码应为18位，当前为19位"},
		{"inner space", "91350100 M000100Y43", "统一社会信用代码中间不能有空格"},
		{"letter I", "91350100I000100Y43", "统一社会信用代码含有不允许的字符 I"},
		{"lower-case i", "91350100i000100Y43", "统一社会信用代码含有不允许的字符 I"},
		{"letter O", "91350100O000100Y43", "统一社会信用代码含有不允许的字符 O"},
		{"letter S", "91350100S000100Y43", "统一社会信用代码含有不允许的字符 S"},
		{"letter V", "91350100V000100Y43", "统一社会信用代码含有不允许的字符 V"},
		{"letter Z", "91350100Z000100Y43", "统一社会信用代码含有不允许的字符 Z"},
		{"punctuation", "91350100-000100Y43", "统一社会信用代码含有不允许的字符 -"},
		{"control character", "91350100\x00000100Y43", "统一社会信用代码含有不允许的字符 U+0000"},
		{"Chinese character", "91350100M000100Y4号", "统一社会信用代码含有不允许的字符 号"},
		{"division not digits", withCreditCheck(t, "913501A0M000100Y4"), "统一社会信用代码第3至8位（登记管理机关行政区划码）应为数字"},
		{"wrong check", "91350100M000100Y44", "统一社会信用代码校验位不正确"},
		{"wrong check constructed", wrongCheck(lettered, creditCharset), "统一社会信用代码校验位不正确"},
	}
	runValid(t, validator(CreditCode), accepts, rejects)
}

// TestCreditCheckEveryCharacter puts every character of the alphabet at
// every free position and checks that only the computed check is accepted.
func TestCreditCheckEveryCharacter(t *testing.T) {
	base := []byte("91110108MA0000000")
	for _, i := range []int{0, 1, 8, 9, 10, 11, 12, 13, 14, 15, 16} {
		for j := range len(creditCharset) {
			b := append([]byte(nil), base...)
			b[i] = creditCharset[j]
			good := withCreditCheck(t, string(b))
			if _, err := Validate(CreditCode, good, today); err != nil {
				t.Fatalf("%s: %v", good, err)
			}
			if _, err := Validate(CreditCode, wrongCheck(good, creditCharset), today); err == nil {
				t.Fatalf("%s accepted", wrongCheck(good, creditCharset))
			}
		}
	}
}
