package review

import (
	"fmt"
	"strings"

	"foi/services/clock"
	"foi/services/fee"
	"foi/services/outcome"
)

// WithheldPart is a part of the information not disclosed, and why.
type WithheldPart struct {
	Part        string
	Reason      WithheldReason
	Explanation string
}

// Attachment is a document provided with the reply.
type Attachment struct {
	// DocumentID names the stored document provided, when foi holds it;
	// empty for a document provided otherwise (on paper).
	DocumentID string `json:",omitempty"`
	Title      string
	Pages      int
}

// Draft is a structured draft reply.
type Draft struct {
	Outcome         outcome.Outcome
	WithheldParts   []WithheldPart
	Reasons         []string // the reasons, for adverse outcomes other than withholding
	LegalBasis      []string // codes from the maintained list
	Facts           string   // the facts of the search
	RedirectAgency  string   // NOT_RESPONSIBLE: the agency responsible
	RedirectContact string
	RedirectUnknown bool // NOT_RESPONSIBLE: the responsible agency cannot be determined
	DeliveryForm    string
	Attachments     []Attachment
	Remedies        string
	Body            string
}

// Fee is a fee charged on the case, as the checks see it.
type Fee struct {
	PerPiece  bool
	Pieces    []int
	Pages     int
	MaxFen    int64
	AmountFen int64
	Paid      bool
}

// Case is what the checks need to know about the case.
type Case struct {
	ReceivedOn        clock.Date
	DueOn             clock.Date // empty while the clock is paused
	ReplyOn           clock.Date // the day the reply would be issued: today
	Clarified         bool
	LateClarification string
	Fees              []Fee
	// Bases is the maintained list, retired entries included; nil means
	// the shipped list. A draft may cite only an entry not retired.
	Bases []Basis
}

// Result is the outcome of one check.
type Result struct {
	ID      string
	Passed  bool
	Message string // in Chinese: what was checked, or what is wrong
}

// The checks' identifiers.
const (
	CheckReportable           = "REPORTABLE_OUTCOME"
	CheckReasonAndBasis       = "REASON_AND_BASIS"
	CheckBasisListed          = "LEGAL_BASIS_LISTED"
	CheckWithheldParts        = "WITHHELD_PARTS"
	CheckRemedies             = "REMEDIES"
	CheckReconsiderationFirst = "RECONSIDERATION_FIRST"
	CheckRedirect             = "REDIRECT_AGENCY"
	CheckWithinDue            = "WITHIN_DUE_DATE"
	CheckLateClarification    = "LATE_CLARIFICATION"
	CheckFeeTier              = "FEE_TIER"
)

// reconsiderationFirstFrom is when the revised Administrative
// Reconsideration Law made reconsideration the first remedy against a
// refusal to disclose.
var reconsiderationFirstFrom = clock.NewDate(2024, 1, 1)

// ReconsiderationFirst reports whether a reply with this outcome, made on
// replyOn, must send the applicant to reconsideration first. The reply date
// decides, not the day the application was received: the revised law
// governs decisions made from the day it took effect.
func ReconsiderationFirst(o outcome.Outcome, replyOn clock.Date) bool {
	return o.Refusal() && !replyOn.Before(reconsiderationFirstFrom)
}

// Check runs every check that applies to the draft, in a fixed order.
func Check(d Draft, c Case) []Result {
	var out []Result
	add := func(id string, passed bool, ok, wrong string) {
		msg := ok
		if !passed {
			msg = wrong
		}
		out = append(out, Result{ID: id, Passed: passed, Message: msg})
	}
	reportable := false
	reportable = d.Outcome.Reply()
	if d.Outcome == outcome.UnclearAfterClarification && !c.Clarified {
		add(CheckReportable, false, "", "本案未告知补正，不能以“补正后申请内容仍不明确”答复")
	} else {
		add(CheckReportable, reportable, "答复结果属于年度报告可统计的类别", fmt.Sprintf("答复结果 %q 不是可以答复的类别", d.Outcome))
	}
	if !reportable {
		return out // nothing else can be judged of a reply that cannot be given
	}
	if d.Outcome.Adverse() {
		hasReason := len(nonEmpty(d.Reasons)) > 0 || len(d.WithheldParts) > 0
		switch {
		case !hasReason:
			add(CheckReasonAndBasis, false, "", "不利于申请人的答复须写明理由")
		case len(d.LegalBasis) == 0:
			add(CheckReasonAndBasis, false, "", "不利于申请人的答复须写明法律依据")
		default:
			add(CheckReasonAndBasis, true, "已写明理由和法律依据", "")
		}
		remedies := containsAll(d.Remedies, "行政复议", "60日") && containsAll(d.Remedies, "行政诉讼")
		sixMonths := containsAll(d.Remedies, "6个月") || ReconsiderationFirst(d.Outcome, c.ReplyOn)
		add(CheckRemedies, remedies && sixMonths, "已告知救济途径",
			"须告知救济途径：自收到答复之日起60日内申请行政复议，或者6个月内提起行政诉讼")
	}
	list := c.Bases
	if list == nil {
		list = Bases
	}
	var unlisted, retired []string
	for _, code := range d.LegalBasis {
		b, ok := Find(list, code)
		switch {
		case !ok:
			unlisted = append(unlisted, code)
		case b.Retired:
			retired = append(retired, code)
		}
	}
	if len(d.LegalBasis) > 0 {
		var wrong []string
		if len(unlisted) > 0 {
			wrong = append(wrong, "法律依据不在维护的依据清单中："+strings.Join(unlisted, "、"))
		}
		if len(retired) > 0 {
			wrong = append(wrong, "法律依据已停用，不能在新的答复稿中引用："+strings.Join(retired, "、"))
		}
		add(CheckBasisListed, len(wrong) == 0, "法律依据均在维护的依据清单中", strings.Join(wrong, "；"))
	}
	if d.Outcome.Refusal() {
		add(CheckWithheldParts, withheldExplained(d), "已逐项说明不予公开的内容、理由类别和具体理由",
			"须逐项写明不予公开的内容、理由类别（八类之一）和具体理由")
	}
	if ReconsiderationFirst(d.Outcome, c.ReplyOn) {
		add(CheckReconsiderationFirst, containsAll(d.Remedies, "先申请行政复议", "对行政复议决定不服"),
			"已告知不予公开的决定应当先申请行政复议",
			"2024年1月1日以后作出的不予公开答复，须告知应当先申请行政复议，对复议决定不服的方可提起行政诉讼（《中华人民共和国行政复议法》第二十三条）")
	}
	if d.Outcome == outcome.NotResponsible {
		named := strings.TrimSpace(d.RedirectAgency) != ""
		add(CheckRedirect, named || d.RedirectUnknown, "已告知负责公开的机关或说明无法确定",
			"不属于本机关负责公开的，须告知负责公开的机关名称及联系方式，或者说明无法确定")
	}
	if !c.DueOn.IsZero() {
		add(CheckWithinDue, !c.ReplyOn.After(c.DueOn), fmt.Sprintf("答复日期 %s 在答复期限 %s 内", c.ReplyOn, c.DueOn),
			fmt.Sprintf("答复日期 %s 已超过答复期限 %s，属于逾期答复", c.ReplyOn, c.DueOn))
	}
	if c.LateClarification != "" {
		add(CheckLateClarification, false, "", "本案补正告知在收到申请7个工作日后才发出，记录的理由："+c.LateClarification)
	}
	for i, f := range c.Fees {
		switch {
		case !feeMatches(f):
			add(CheckFeeTier, false, "", fmt.Sprintf("第 %d 份收费通知的金额与收费标准不符", i+1))
		case f.Paid && !d.Outcome.Supplies():
			add(CheckFeeTier, false, "", fmt.Sprintf("第 %d 份收费通知的费用已缴纳，但本答复（%s）未提供任何信息，结案后须登记退费并经负责人批准",
				i+1, d.Outcome.Label()))
		default:
			add(CheckFeeTier, true, "收费金额符合收费标准", "")
		}
	}
	return out
}

func withheldExplained(d Draft) bool {
	if len(d.WithheldParts) == 0 {
		return false
	}
	for _, p := range d.WithheldParts {
		if strings.TrimSpace(p.Part) == "" || !p.Reason.Valid() || strings.TrimSpace(p.Explanation) == "" {
			return false
		}
	}
	return true
}

// feeMatches recomputes a fee from the tier table.
func feeMatches(f Fee) bool {
	var q fee.Quote
	var err error
	if f.PerPiece {
		q, err = fee.ForPieceNumbers(f.Pieces)
	} else {
		q, err = fee.ForPages(f.Pages)
	}
	return err == nil && q.AmountFen == f.MaxFen && f.AmountFen <= f.MaxFen && f.AmountFen >= 0
}

func nonEmpty(xs []string) []string {
	var out []string
	for _, x := range xs {
		if strings.TrimSpace(x) != "" {
			out = append(out, x)
		}
	}
	return out
}

// Failed returns the ids of the checks that did not pass.
func Failed(results []Result) []string {
	var out []string
	for _, r := range results {
		if !r.Passed {
			out = append(out, r.ID)
		}
	}
	return out
}
