// Package idnumber validates, normalises and masks what an applicant gives so
// that an office can identify and reach them (Art. 29 of the Regulation):
// identity document numbers (resident ID, unified social credit code,
// passport, travel permits, foreign permanent residence ID) and contacts
// (mobile, landline, e-mail).
//
// Every parser returns the normalised form or an *Error whose text is a
// precise Chinese reason, meant to be shown under the offending field. A
// normalised value is a fixed point: parsing it again returns it unchanged,
// so it can serve as a key (the per-piece fee counts pieces per normalised
// document number). The package is pure: standard library only.
package idnumber

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Kind is a kind of identity document. The zero Kind is invalid so that an
// unset field is caught.
type Kind int

const (
	// ResidentID is the mainland resident identity card (居民身份证), GB
	// 11643-1999. The residence permits of Hong Kong, Macao and Taiwan
	// residents (港澳台居民居住证) share its format and are validated as it.
	ResidentID Kind = iota + 1
	// CreditCode is the unified social credit code (统一社会信用代码) of an
	// organisation, GB 32100-2015.
	CreditCode
	// Passport is a passport (护照) of any country.
	Passport
	// HKMacaoPermit is the 港澳居民来往内地通行证.
	HKMacaoPermit
	// TaiwanPermit is the 台湾居民来往大陆通行证.
	TaiwanPermit
	// ForeignPermanentResidentID is the 外国人永久居留身份证.
	ForeignPermanentResidentID
)

// Kinds lists the valid kinds, in declaration order.
var Kinds = []Kind{ResidentID, CreditCode, Passport, HKMacaoPermit, TaiwanPermit, ForeignPermanentResidentID}

// String returns the document's Chinese name.
func (k Kind) String() string {
	switch k {
	case ResidentID:
		return "居民身份证"
	case CreditCode:
		return "统一社会信用代码"
	case Passport:
		return "护照"
	case HKMacaoPermit:
		return "港澳居民来往内地通行证"
	case TaiwanPermit:
		return "台湾居民来往大陆通行证"
	case ForeignPermanentResidentID:
		return "外国人永久居留身份证"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Error is a rejected number or contact. Its text is the user-facing reason,
// in Chinese, without the field name, which the API layer adds.
type Error struct {
	Reason string
}

func (e *Error) Error() string { return e.Reason }

func reject(format string, args ...any) error {
	return &Error{Reason: fmt.Sprintf(format, args...)}
}

// Validate checks number as a document of kind and returns its normalised
// form. today is the caller's current civil date (only its year, month and
// day in its own location are read; pass clock's today in Asia/Shanghai);
// birth dates after it are rejected.
func Validate(kind Kind, number string, today time.Time) (string, error) {
	switch kind {
	case ResidentID:
		return validateResident(number, today)
	case CreditCode:
		return validateCredit(number)
	case Passport:
		return validatePassport(number)
	case HKMacaoPermit:
		return validateHKMacao(number)
	case TaiwanPermit:
		return validateTaiwan(number)
	case ForeignPermanentResidentID:
		return validatePermanent(number)
	}
	return "", reject("不支持的证件类型")
}

// fold maps full-width forms to ASCII: Chinese input methods often type
// full-width digits and letters (１２３Ｘ), which look right to the applicant
// and should not be a reason to reject.
func fold(r rune) rune {
	switch {
	case r >= '！' && r <= '～':
		return r - '！' + '!'
	case r == '\u3000': // ideographic space
		return ' '
	}
	return r
}

// normalizeDoc folds full-width forms, trims surrounding white space and
// upper-cases ASCII letters (x → X in a resident ID, i → I so the reason
// names the letter the code forbids).
func normalizeDoc(s string) string {
	return asciiUpper(strings.TrimSpace(strings.Map(fold, s)))
}

// asciiUpper upper-cases ASCII letters only, which keeps byte offsets and
// lengths (Unicode case mapping may change them).
func asciiUpper(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, s)
}

// checkPresent rejects an empty value and white space inside one: a number
// typed in groups is more likely mistyped than a number with a space in it,
// so the applicant is asked to look again rather than silently joined.
func checkPresent(name, s string) error {
	if s == "" {
		return reject("请填写%s", name)
	}
	if strings.ContainsFunc(s, unicode.IsSpace) {
		return reject("%s中间不能有空格", name)
	}
	return nil
}

// runeText shows a rejected character in a reason; invisible ones by code.
func runeText(r rune) string {
	if r == utf8.RuneError || !unicode.IsPrint(r) {
		return fmt.Sprintf("U+%04X", r)
	}
	return string(r)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func allDigits(s string) bool {
	for _, r := range s {
		if !isDigit(r) {
			return false
		}
	}
	return true
}

// firstBad returns the first rune of s for which ok is false.
func firstBad(s string, ok func(rune) bool) (rune, bool) {
	for _, r := range s {
		if !ok(r) {
			return r, true
		}
	}
	return 0, false
}
