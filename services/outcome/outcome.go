// Package outcome holds how a case ends (rules.md section 5): the outcomes,
// their Chinese names, which of them a reply can have and which are adverse
// to the applicant. Every closed case has exactly one, and it decides the
// annual report row; cases, the reply checks and agency policy all read
// this one list.
package outcome

import "slices"

// Outcome is how a case ended.
type Outcome string

// The outcomes.
const (
	Disclosed                 Outcome = "DISCLOSED"
	AlreadyPublic             Outcome = "ALREADY_PUBLIC"
	PartiallyDisclosed        Outcome = "PARTIALLY_DISCLOSED"
	Withheld                  Outcome = "WITHHELD"
	NotHeld                   Outcome = "NOT_HELD"
	NotResponsible            Outcome = "NOT_RESPONSIBLE"
	NeedsCreation             Outcome = "NEEDS_CREATION"
	UnclearAfterClarification Outcome = "UNCLEAR_AFTER_CLARIFICATION"
	Petition                  Outcome = "PETITION"
	Duplicate                 Outcome = "DUPLICATE"
	Publication               Outcome = "PUBLICATION"
	Excessive                 Outcome = "EXCESSIVE"
	Reconfirmation            Outcome = "RECONFIRMATION"
	AbandonedNoClarification  Outcome = "ABANDONED_NO_CLARIFICATION"
	AbandonedFeeUnpaid        Outcome = "ABANDONED_FEE_UNPAID"
	SpecialStatute            Outcome = "SPECIAL_STATUTE"
	Other                     Outcome = "OTHER"
	Withdrawn                 Outcome = "WITHDRAWN"
)

// All lists every outcome in the order of rules.md.
var All = []Outcome{
	Disclosed, AlreadyPublic, PartiallyDisclosed, Withheld, NotHeld, NotResponsible, NeedsCreation,
	UnclearAfterClarification, Petition, Duplicate, Publication, Excessive, Reconfirmation,
	AbandonedNoClarification, AbandonedFeeUnpaid, SpecialStatute, Other, Withdrawn,
}

var outcomeLabels = map[Outcome]string{
	Disclosed:                 "予以公开",
	AlreadyPublic:             "已主动公开",
	PartiallyDisclosed:        "部分公开",
	Withheld:                  "不予公开",
	NotHeld:                   "本机关不掌握相关政府信息",
	NotResponsible:            "不属于本机关负责公开",
	NeedsCreation:             "需要另行制作或者加工分析",
	UnclearAfterClarification: "补正后申请内容仍不明确",
	Petition:                  "信访举报投诉类申请",
	Duplicate:                 "重复申请",
	Publication:               "要求提供公开出版物",
	Excessive:                 "无正当理由大量反复申请",
	Reconfirmation:            "要求行政机关确认或重新出具已获取信息",
	AbandonedNoClarification:  "申请人无正当理由逾期不补正",
	AbandonedFeeUnpaid:        "申请人逾期未按收费通知要求缴纳费用",
	SpecialStatute:            "其他法律法规另有规定",
	Other:                     "其他",
	Withdrawn:                 "申请人撤回申请",
}

// Label is the outcome's Chinese name.
func (o Outcome) Label() string { return outcomeLabels[o] }

// Valid reports whether o is one of the outcomes.
func (o Outcome) Valid() bool { _, ok := outcomeLabels[o]; return ok }

// Adverse reports whether o denies the applicant what was asked, so that
// the reply must state the reason, the legal basis and the remedies.
func (o Outcome) Adverse() bool { return o != Disclosed && o != AlreadyPublic }

// Reply reports whether a reply can have o; the others (abandoned,
// withdrawn) end a case without one.
func (o Outcome) Reply() bool {
	return o.Valid() && !slices.Contains(endedWithoutReply, o)
}

var endedWithoutReply = []Outcome{AbandonedNoClarification, AbandonedFeeUnpaid, Withdrawn}

// Refusal reports whether o refuses disclosure, in whole or in part.
func (o Outcome) Refusal() bool { return o == Withheld || o == PartiallyDisclosed }

// Supplies reports whether a reply of outcome o provides the information
// itself, in whole or in part: the only replies a processing fee pays for.
// Another reply (NOT_HELD, NOT_RESPONSIBLE, ALREADY_PUBLIC and the like)
// supplies nothing, and a fee paid on its case is refunded.
func (o Outcome) Supplies() bool { return o == Disclosed || o == PartiallyDisclosed }
