// Package notice renders the documents an agency issues on a case (受理回执,
// 补正告知书, 答复书 and the rest) as self-contained, printable HTML in
// Simplified Chinese.
//
// Each Kind has a default template shipped in templates/ and embedded in the
// binary; an agency may replace it with its own (an override), which Validate
// checks before it is stored. Every template, default or override, is parsed
// together with templates/layout.html, so it may call the shared partials:
//
//	{{template "head" .}}        <head> with the title and the A4 print stylesheet
//	{{template "letterhead" .}}  the agency, the document title and its number
//	{{template "addressee" .}}   "申请人：" as the first line of a letter
//	{{template "recital" .}}     when the application arrived, its number and what it asks for
//	{{template "basis" .Reply.LegalBasis}}  "依照……的规定，" or nothing
//	{{template "footer" .}}      the issuing agency, the seal placeholder and the date
//
// and these functions: title (the kind's Title), clause (text without its
// final punctuation, for use inside a sentence), sentence (text ending in
// exactly one full stop), paragraphs (text split into its non-blank lines),
// ordinal (0 -> "（一）"), cite (legal references joined with "、", the
// law's name written once for consecutive articles of the same law) and
// trimPrefix (strings.TrimPrefix).
//
// The caller stores the rendered HTML exactly as issued; this package only
// renders. It is pure: standard library only, no I/O beyond the embedded
// templates. Data is escaped by html/template and never trusted as markup.
package notice

import (
	"fmt"
	"strings"
	"time"
)

// Kind is the kind of a document. Its value is stable: callers store it.
type Kind string

// The kinds of document, with the Regulation's articles they rest on.
const (
	Receipt            Kind = "RECEIPT"             // 受理回执 (Art. 31 and 33)
	Clarification      Kind = "CLARIFICATION"       // 补正告知书 (Art. 30)
	Extension          Kind = "EXTENSION"           // 延期答复告知书 (Art. 33 para 2)
	DelayedDueDate     Kind = "DELAYED_DUE_DATE"    // 延迟答复告知书 (Art. 35)
	ConsultationLetter Kind = "CONSULTATION_LETTER" // 征求意见函 (Art. 32 third party, Art. 34 other agency)
	DeliveryRecord     Kind = "DELIVERY_RECORD"     // 送达回证 of the reply
	Closure            Kind = "CLOSURE"             // 办结告知书 without a substantive reply
	FeeNotice          Kind = "FEE_NOTICE"          // 收费通知书 (Art. 42 and the Fee Measures)
	ReplyLetter        Kind = "REPLY_LETTER"        // 政府信息公开申请答复书 (Art. 36-39)
	// DateCorrection corrects dates an earlier document gave the applicant
	// after a holiday calendar was published or changed (日期更正告知书).
	DateCorrection Kind = "DATE_CORRECTION"
	// The letters of a correction request (Art. 41), a request kind of
	// its own beside the applications.
	CorrectionReceipt  Kind = "CORRECTION_RECEIPT"  // 更正申请受理告知书
	CorrectionDecision Kind = "CORRECTION_DECISION" // 更正申请答复书: corrected, transferred or refused
)

// Kinds lists every Kind in the order of a case's life, for menus and for
// tests that must cover them all.
var Kinds = []Kind{
	Receipt, Clarification, Extension, DelayedDueDate, ConsultationLetter,
	DeliveryRecord, Closure, FeeNotice, ReplyLetter, DateCorrection, CorrectionReceipt, CorrectionDecision,
}

var titles = map[Kind]string{
	Receipt:            "受理回执",
	Clarification:      "补正告知书",
	Extension:          "延期答复告知书",
	DelayedDueDate:     "延迟答复告知书",
	ConsultationLetter: "征求意见函",
	DeliveryRecord:     "送达回证",
	Closure:            "办结告知书",
	FeeNotice:          "收费通知书",
	ReplyLetter:        "政府信息公开申请答复书",
	DateCorrection:     "日期更正告知书",
	CorrectionReceipt:  "更正申请受理告知书",
	CorrectionDecision: "更正申请答复书",
}

// Title returns the Chinese title printed on documents of kind k, or "" for
// Internal reports whether documents of kind k are addressed to someone
// other than the applicant and stay in the case file: a consultation
// letter names the third party and what it was asked.
func (k Kind) Internal() bool { return k == ConsultationLetter }

// a value that is not one of Kinds.
func (k Kind) Title() string { return titles[k] }

// valid reports whether k is one of Kinds.
func (k Kind) valid() bool { _, ok := titles[k]; return ok }

// file is the name of k's default template under templates/.
func (k Kind) file() string { return strings.ToLower(string(k)) + ".html" }

// FormatDate writes a civil date as a notice prints it: "2026年11月27日",
// without leading zeros, the form of official documents (GB/T 9704).
func FormatDate(y int, m time.Month, d int) string {
	return fmt.Sprintf("%d年%d月%d日", y, int(m), d)
}
