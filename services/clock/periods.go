package clock

import (
	"fmt"
)

// Periods of the Regulation (2019 revision) and the Fee Measures, in working
// days, and the policies of rules.md section 3.
const (
	// ReplyWorkingDays is the reply period after received-on (Art. 33).
	ReplyWorkingDays = 20
	// MaxExtensionWorkingDays is the longest single extension (Art. 33).
	MaxExtensionWorkingDays = 20
	// ReplyWorkingDays2007 and MaxExtensionWorkingDays2007 are the periods
	// of the 2007 Regulation, for cases received before RegimeCutover.
	ReplyWorkingDays2007        = 15
	MaxExtensionWorkingDays2007 = 15
	// ClarificationNoticeWorkingDays is the limit for sending the one
	// clarification notice after received-on (Art. 30).
	ClarificationNoticeWorkingDays = 7
	// DefaultSupplementWorkingDays is the POLICY default period the
	// applicant is given to supplement; each notice may set its own.
	DefaultSupplementWorkingDays = 15
	// ConsultationWorkingDays is the time a third party or another agency
	// has after it receives the request for an opinion (Art. 32, 34).
	ConsultationWorkingDays = 15
	// FeePaymentWorkingDays is the time to pay after the applicant receives
	// the fee notice (Fee Measures).
	FeePaymentWorkingDays = 20
	// NearDueWorkingDays is the POLICY threshold: a running case with this
	// many working days left or fewer is near due.
	NearDueWorkingDays = 3
)

// regimeCutover is the day the 2019 Regulation (State Council Order 711)
// took effect.
var regimeCutover = NewDate(2019, 5, 15)

// RegimeCutover returns 2019-05-15: applications received before it ran
// under the 2007 Regulation.
func RegimeCutover() Date { return regimeCutover }

// Regime is the Regulation whose periods apply to a case.
type Regime uint8

// The regimes. RegimeUnspecified means "derive it from received-on".
const (
	RegimeUnspecified Regime = iota
	Regime2007               // 15 working days, plus at most 15
	Regime2019               // 20 working days, plus at most 20
)

// RegimeFor returns the regime of an application received on d.
func RegimeFor(d Date) Regime {
	if d.Before(regimeCutover) {
		return Regime2007
	}
	return Regime2019
}

// text names the Regulation of a regime in Chinese, for error messages.
func (r Regime) text() string {
	switch r {
	case Regime2007:
		return "2007 年公布的《政府信息公开条例》"
	case Regime2019:
		return "2019 年修订的《政府信息公开条例》"
	}
	return "条例版本 " + r.String()
}

// String returns "2007", "2019" or "UNSPECIFIED".
func (r Regime) String() string {
	switch r {
	case Regime2007:
		return "2007"
	case Regime2019:
		return "2019"
	case RegimeUnspecified:
		return "UNSPECIFIED"
	}
	return fmt.Sprintf("Regime(%d)", uint8(r))
}

// ReplyWorkingDays returns the reply period of the regime.
func (r Regime) ReplyWorkingDays() int {
	if r == Regime2007 {
		return ReplyWorkingDays2007
	}
	return ReplyWorkingDays
}

// MaxExtensionWorkingDays returns the longest extension of the regime.
func (r Regime) MaxExtensionWorkingDays() int {
	if r == Regime2007 {
		return MaxExtensionWorkingDays2007
	}
	return MaxExtensionWorkingDays
}

// ClarificationNoticeDue returns the last day to send the clarification
// notice for an application received on receivedOn.
func (c *Calendar) ClarificationNoticeDue(receivedOn Date) (Date, Years) {
	return c.AddWorkingDays(receivedOn, ClarificationNoticeWorkingDays)
}

// SupplementDue returns the last day for the applicant to supplement, days
// working days after the notice of noticeOn; days 0 means the default
// policy, DefaultSupplementWorkingDays. A days out of range is an error
// whose message is in Chinese, fit to show to the case officer.
func (c *Calendar) SupplementDue(noticeOn Date, days int) (Date, Years, error) {
	if days < 0 || days > MaxWorkingDays {
		return Date{}, Years{}, fmt.Errorf("补正期限为 %d 个工作日，应为 1 至 %d 个工作日，或为 0（采用默认的 %d 个工作日）", days, MaxWorkingDays, DefaultSupplementWorkingDays)
	}
	if days == 0 {
		days = DefaultSupplementWorkingDays
	}
	due, missing := c.AddWorkingDays(noticeOn, days)
	return due, missing, nil
}

// ConsultationDue returns the last day for a third party or another agency
// that received the request for an opinion on receivedOn.
func (c *Calendar) ConsultationDue(receivedOn Date) (Date, Years) {
	return c.AddWorkingDays(receivedOn, ConsultationWorkingDays)
}

// FeePaymentDue returns the last day to pay for an applicant who received
// the fee notice on receivedOn.
func (c *Calendar) FeePaymentDue(receivedOn Date) (Date, Years) {
	return c.AddWorkingDays(receivedOn, FeePaymentWorkingDays)
}
