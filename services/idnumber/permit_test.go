package idnumber

import (
	"fmt"
	"testing"
	"time"
)

func TestPassport(t *testing.T) {
	accepts := []accept{
		{"Chinese ordinary", "E12345678", "E12345678"},
		{"lower case", "ea1234567", "EA1234567"},
		{"five characters", "AB123", "AB123"},
		{"twenty characters", "ABCDEFGHIJ0123456789", "ABCDEFGHIJ0123456789"},
		{"spaces around", " 123456789 ", "123456789"},
	}
	rejects := []rejectCase{
		{"empty", "", "请填写护照号码"},
		{"four characters", "AB12", "护照号码应为5至20位字母或数字，当前为4位"},
		{"twenty-one characters", "ABCDEFGHIJ01234567890", "护照号码应为5至20位字母或数字，当前为21位"},
		{"dash", "E1234-5678", "护照号码只能包含字母和数字，不能含有 -"},
		{"inner space", "E1234 5678", "护照号码中间不能有空格"},
		{"Chinese", "护照12345", "护照号码只能包含字母和数字，不能含有 护"},
	}
	runValid(t, validator(Passport), accepts, rejects)
}

func TestHKMacaoPermit(t *testing.T) {
	accepts := []accept{
		{"Hong Kong 8 digits", "H12345678", "H12345678"},
		{"Macao 8 digits", "M12345678", "M12345678"},
		{"10 digits", "H1234567890", "H1234567890"},
		{"lower case", "m1234567890", "M1234567890"},
	}
	rejects := []rejectCase{
		{"empty", "", "请填写港澳居民来往内地通行证号码"},
		{"wrong letter", "C12345678", "港澳居民来往内地通行证号码应以字母H或M开头"},
		{"no letter", "12345678", "港澳居民来往内地通行证号码应以字母H或M开头"},
		{"7 digits", "H1234567", "港澳居民来往内地通行证号码应为H或M后接8位或10位数字"},
		{"9 digits", "H123456789", "港澳居民来往内地通行证号码应为H或M后接8位或10位数字"},
		{"11 digits", "H12345678901", "港澳居民来往内地通行证号码应为H或M后接8位或10位数字"},
		{"letter inside", "H1234567A", "港澳居民来往内地通行证号码应为H或M后接8位或10位数字"},
		{"letter only", "H", ""},
	}
	runValid(t, validator(HKMacaoPermit), accepts, rejects)
}

func TestTaiwanPermit(t *testing.T) {
	accepts := []accept{
		{"8 digits", "12345678", "12345678"},
		{"10 digits", "1234567890", "1234567890"},
		{"full-width", "１２３４５６７８", "12345678"},
	}
	rejects := []rejectCase{
		{"empty", "", "请填写台湾居民来往大陆通行证号码"},
		{"9 digits", "123456789", "台湾居民来往大陆通行证号码应为8位或10位数字"},
		{"letter", "T1234567", "台湾居民来往大陆通行证号码应为8位或10位数字"},
	}
	runValid(t, validator(TaiwanPermit), accepts, rejects)
}

func TestForeignPermanentResidentID(t *testing.T) {
	current := withResidentCheck(t, "93184019850615001")
	var withX string // a 2023 number whose check character is X
	for seq := 0; withX == ""; seq++ {
		if s := withResidentCheck(t, fmt.Sprintf("93100019850615%03d", seq)); s[17] == 'X' {
			withX = s
		}
	}
	accepts := []accept{
		{"2023 format", current, current},
		{"2023 format, check X", withX, withX},
		{"old format", "USA110079012345", "USA110079012345"},
		{"old format lower case", "usa110079012345", "USA110079012345"},
	}
	rejects := []rejectCase{
		{"empty", "", "请填写外国人永久居留身份证号码"},
		{"not starting with 9", withResidentCheck(t, "11010519491231002"), "18位外国人永久居留身份证号码应以数字9开头"},
		{"wrong check", wrongCheck(current, "0123456789X"), "外国人永久居留身份证号码校验位不正确"},
		{"letter inside", "9318401985061500AX", "外国人永久居留身份证号码含有不允许的字符 A"},
		{"X inside", "931840198506150X12", "外国人永久居留身份证号码前17位应为数字，只有最后一位可以是X"},
		{"old format digits first", "110USA079012345", "15位旧版外国人永久居留身份证号码应为3位字母加12位数字"},
		{"old format letter inside", "USA11007901234A", "15位旧版外国人永久居留身份证号码应为3位字母加12位数字"},
		{"16 characters", "USA1100790123456", "外国人永久居留身份证号码应为18位（2023年版）或15位（旧版），当前为16位"},
	}
	runValid(t, validator(ForeignPermanentResidentID), accepts, rejects)
}

func TestValidateUnknownKind(t *testing.T) {
	for _, k := range []Kind{0, Kind(len(Kinds) + 1), -1} {
		if _, err := Validate(k, "11010519491231002X", today); err == nil {
			t.Errorf("Validate(%v) accepted", k)
		} else if r := reasonOf(t, err); r != "不支持的证件类型" {
			t.Errorf("Validate(%v) reason %q", k, r)
		}
	}
}

func TestKindString(t *testing.T) {
	want := []string{"居民身份证", "统一社会信用代码", "护照", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "外国人永久居留身份证"}
	for i, k := range Kinds {
		if k.String() != want[i] {
			t.Errorf("Kinds[%d].String() = %q, want %q", i, k.String(), want[i])
		}
	}
	if got := Kind(0).String(); got != "Kind(0)" {
		t.Errorf("Kind(0).String() = %q", got)
	}
}

// TestTodayIgnoredWithoutBirthDate makes sure kinds without a birth date do
// not depend on today, so a zero time is harmless for them.
func TestTodayIgnoredWithoutBirthDate(t *testing.T) {
	if _, err := Validate(CreditCode, "91350100M000100Y43", time.Time{}); err != nil {
		t.Error(err)
	}
}
