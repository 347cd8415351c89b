package idnumber

import (
	"testing"
	"time"
)

func TestResidentID(t *testing.T) {
	born2000 := withResidentCheck(t, "44030520000229123")
	hk := withResidentCheck(t, "81000019900101123")
	mo := withResidentCheck(t, "82000019900101123")
	tw := withResidentCheck(t, "83000019900101123")
	bornToday := withResidentCheck(t, "11010120261127001")
	born1900 := withResidentCheck(t, "65010219000101001")
	accepts := []accept{
		{"standard example", "11010519491231002X", "11010519491231002X"},
		{"lower-case x", "11010519491231002x", "11010519491231002X"},
		{"surrounding spaces", "  11010519491231002X\t", "11010519491231002X"},
		{"full-width", "１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"},
		{"ideographic space", "\u300011010519491231002X\u3000", "11010519491231002X"},
		{"leap day", born2000, born2000},
		{"Hong Kong residence permit", hk, hk},
		{"Macao residence permit", mo, mo},
		{"Taiwan residence permit", tw, tw},
		{"born today", bornToday, bornToday},
		{"born 1900-01-01", born1900, born1900},
	}
	rejects := []rejectCase{
		{"empty", "", "请填写身份证号码"},
		{"blank", "   ", "请填写身份证号码"},
		{"old 15-digit", "110105491231002", "15位旧版身份证号码已停止使用，请填写18位身份证号码"},
		{"17 characters", "11010519491231002", "身份证号码应为18位，当前为17位"},
		{"19 characters", "11010519491231002XX", "身份证号码应为18位，当前为19位"},
		{"inner space", "110105 19491231002X", "身份证号码中间不能有空格"},
		{"letter", "1101051949123100AX", "身份证号码含有不允许的字符 A"},
		{"Chinese character", "11010519491231002一", "身份证号码含有不允许的字符 一"},
		{"X inside", "1101051949123100X2", "身份证号码前17位应为数字，只有最后一位可以是X"},
		{"wrong check", "110105194912310021", "身份证号码校验位不正确"},
		{"province 00", withResidentCheck(t, "00010519491231002"), "身份证号码前两位 00 不是有效的省级行政区划代码"},
		{"province 16", withResidentCheck(t, "16010519491231002"), "身份证号码前两位 16 不是有效的省级行政区划代码"},
		{"province 24", withResidentCheck(t, "24010519491231002"), ""},
		{"province 47", withResidentCheck(t, "47010519491231002"), ""},
		{"province 66", withResidentCheck(t, "66010519491231002"), ""},
		{"province 72", withResidentCheck(t, "72010519491231002"), ""},
		{"province 84", withResidentCheck(t, "84010519491231002"), ""},
		{"province 91", withResidentCheck(t, "91010519491231002"), ""},
		{"February 30", withResidentCheck(t, "11010519490230002"), "身份证号码中的出生日期 19490230 不是有效日期"},
		{"not a leap year", withResidentCheck(t, "11010519000229002"), "身份证号码中的出生日期 19000229 不是有效日期"},
		{"month 13", withResidentCheck(t, "11010519491331002"), ""},
		{"day 00", withResidentCheck(t, "11010519491200002"), ""},
		{"before 1900", withResidentCheck(t, "11010518991231002"), "身份证号码中的出生日期 18991231 早于1900年1月1日"},
		{"born tomorrow", withResidentCheck(t, "11010120261128001"), "身份证号码中的出生日期 20261128 晚于今天"},
	}
	runValid(t, validator(ResidentID), accepts, rejects)
}

func TestResidentProvinces(t *testing.T) {
	valid := map[int]bool{71: true, 81: true, 82: true, 83: true}
	for _, r := range [][2]int{{11, 15}, {21, 23}, {31, 37}, {41, 46}, {50, 54}, {61, 65}} {
		for n := r[0]; n <= r[1]; n++ {
			valid[n] = true
		}
	}
	for n := range 100 {
		first17 := string(rune('0'+n/10)) + string(rune('0'+n%10)) + "010519800101123"
		_, err := Validate(ResidentID, withResidentCheck(t, first17), today)
		if got := err == nil; got != valid[n] {
			t.Errorf("province %02d: accepted %v, want %v (%v)", n, got, valid[n], err)
		}
	}
}

// TestResidentTodayLocation checks that only today's civil date matters,
// whatever its location.
func TestResidentTodayLocation(t *testing.T) {
	id := withResidentCheck(t, "11010120261127001")
	if _, err := Validate(ResidentID, id, time.Date(2026, 11, 27, 23, 59, 0, 0, time.UTC)); err != nil {
		t.Errorf("born on today (UTC): %v", err)
	}
	if _, err := Validate(ResidentID, id, time.Date(2026, 11, 26, 23, 59, 0, 0, time.UTC)); err == nil {
		t.Error("born tomorrow accepted")
	}
}

// TestResidentCheckAllDigits varies every position and checks that exactly
// the right check character is accepted.
func TestResidentCheckAllDigits(t *testing.T) {
	base := []byte("32010219850615301")
	for i := 6 + 8; i < 17; i++ { // sequence digits leave region and date valid
		for d := byte('0'); d <= '9'; d++ {
			b := append([]byte(nil), base...)
			b[i] = d
			good := withResidentCheck(t, string(b))
			if _, err := Validate(ResidentID, good, today); err != nil {
				t.Fatalf("%s: %v", good, err)
			}
			for _, c := range "0123456789X" {
				if byte(c) == good[17] {
					continue
				}
				bad := good[:17] + string(c)
				if _, err := Validate(ResidentID, bad, today); err == nil {
					t.Fatalf("%s accepted, check should be %c", bad, good[17])
				}
			}
		}
	}
}
