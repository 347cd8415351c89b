package review

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"foi/services/clock"
	"foi/services/outcome"
)

var (
	received = clock.MustParseDate("2026-11-02")
	due      = clock.MustParseDate("2026-11-30")
	remedies = Remedies{Reconsideration: "示范区人民政府", Court: "示范区人民法院"}
)

// withheld is a complete, passing refusal.
func withheld() Draft {
	return Draft{
		Outcome:       "WITHHELD",
		WithheldParts: []WithheldPart{{Part: "合同附件三（报价明细）", Reason: ThirdPartyRights, Explanation: "涉及第三方商业秘密，第三方不同意公开"}},
		LegalBasis:    []string{"REG_15", "REG_36_3"},
		Facts:         "经检索本机关档案",
		Remedies:      remedies.Paragraph(true),
	}
}

func okCase() Case {
	return Case{ReceivedOn: received, DueOn: due, ReplyOn: clock.MustParseDate("2026-11-27")}
}

func failed(d Draft, c Case) []string { return Failed(Check(d, c)) }

func TestCompleteRefusalPasses(t *testing.T) {
	results := Check(withheld(), okCase())
	if f := Failed(results); len(f) != 0 {
		t.Fatalf("failed %v", f)
	}
	var ids []string
	for _, r := range results {
		ids = append(ids, r.ID)
		if r.Message == "" {
			t.Errorf("%s has no message", r.ID)
		}
	}
	want := []string{CheckReportable, CheckReasonAndBasis, CheckRemedies, CheckBasisListed, CheckWithheldParts, CheckReconsiderationFirst, CheckWithinDue}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("checks run mismatch (-want +got):\n%s", diff)
	}
}

// TestEachCheckFails breaks one thing at a time and expects exactly the
// check that guards it to fail.
func TestEachCheckFails(t *testing.T) {
	tests := []struct {
		name  string
		draft func(*Draft)
		cas   func(*Case)
		want  []string
	}{
		{"no legal basis", func(d *Draft) { d.LegalBasis = nil }, nil, []string{CheckReasonAndBasis}},
		{"no reason", func(d *Draft) {
			d.Outcome, d.WithheldParts, d.LegalBasis, d.Remedies = "NOT_HELD", nil, []string{"REG_36_4"}, remedies.Paragraph(false)
		}, nil, []string{CheckReasonAndBasis}},
		{"a refusal's remedies on a reply that is no refusal", func(d *Draft) {
			d.Outcome, d.WithheldParts, d.Reasons = "NOT_HELD", nil, []string{"经检索未找到"}
		}, nil, []string{CheckRemedies}},
		{"a basis not on the list", func(d *Draft) { d.LegalBasis = []string{"REG_15", "MADE_UP"} }, nil, []string{CheckBasisListed}},
		{"no remedies", func(d *Draft) { d.Remedies = "" }, nil, []string{CheckRemedies, CheckReconsiderationFirst}},
		{"a lawsuit offered straight away for a refusal", func(d *Draft) { d.Remedies = remedies.Paragraph(false) }, nil, []string{CheckReconsiderationFirst}},
		{"a withheld part without a reason", func(d *Draft) { d.WithheldParts[0].Reason = "" }, nil, []string{CheckWithheldParts}},
		{"a partial disclosure without parts", func(d *Draft) { d.Outcome, d.WithheldParts, d.Reasons = "PARTIALLY_DISCLOSED", nil, []string{"x"} }, nil, []string{CheckWithheldParts}},
		{"not responsible without the agency", func(d *Draft) {
			d.Outcome, d.WithheldParts, d.Reasons, d.LegalBasis, d.Remedies = "NOT_RESPONSIBLE", nil, []string{"不属于本机关职责"}, []string{"REG_36_5"}, remedies.Paragraph(false)
		}, nil, []string{CheckRedirect}},
		{"late", nil, func(c *Case) { c.ReplyOn = clock.MustParseDate("2026-12-01") }, []string{CheckWithinDue}},
		{"a late clarification", nil, func(c *Case) { c.LateClarification = "材料转办延误" }, []string{CheckLateClarification}},
		{"a fee above the tier table", nil, func(c *Case) { c.Fees = []Fee{{Pages: 150, MaxFen: 200000, AmountFen: 200000}} }, []string{CheckFeeTier}},
		{"a per-piece fee priced wrong", nil, func(c *Case) { c.Fees = []Fee{{PerPiece: true, Pieces: []int{11}, MaxFen: 20000, AmountFen: 10000}} }, []string{CheckFeeTier}},
		{"a paid fee on a reply that supplies nothing (issue 10, item 9)", nil, func(c *Case) {
			c.Fees = []Fee{{Pages: 150, MaxFen: 170000, AmountFen: 170000, Paid: true}}
		}, []string{CheckFeeTier}},
		{"an outcome a reply cannot have", func(d *Draft) { d.Outcome = "WITHDRAWN" }, nil, []string{CheckReportable}},
		{"unclear after a clarification that never happened", func(d *Draft) {
			d.Outcome, d.WithheldParts, d.Reasons, d.LegalBasis, d.Remedies = "UNCLEAR_AFTER_CLARIFICATION", nil, []string{"补正后仍不明确"}, []string{"REG_30"}, remedies.Paragraph(false)
		}, nil, []string{CheckReportable}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, c := withheld(), okCase()
			if tt.draft != nil {
				tt.draft(&d)
			}
			if tt.cas != nil {
				tt.cas(&c)
			}
			if diff := cmp.Diff(tt.want, failed(d, c)); diff != "" {
				t.Errorf("failed checks mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFeesThatMatchPass(t *testing.T) {
	c := okCase()
	c.Fees = []Fee{{Pages: 150, MaxFen: 170000, AmountFen: 100000}, {PerPiece: true, Pieces: []int{11, 13}, MaxFen: 20000, AmountFen: 20000}}
	if f := failed(withheld(), c); len(f) != 0 {
		t.Errorf("failed %v", f)
	}
}

func TestPaidFeeOnADisclosurePasses(t *testing.T) {
	c := okCase()
	c.Fees = []Fee{{Pages: 150, MaxFen: 170000, AmountFen: 170000, Paid: true}}
	if f := failed(Draft{Outcome: "DISCLOSED"}, c); len(f) != 0 {
		t.Errorf("a paid fee on a disclosure failed %v", f)
	}
}

func TestDisclosureNeedsNoRemediesOrBasis(t *testing.T) {
	if f := failed(Draft{Outcome: "DISCLOSED"}, okCase()); len(f) != 0 {
		t.Errorf("a plain disclosure failed %v", f)
	}
}

// TestReconsiderationFirstFrom2024: refusals made from 2024-01-01 go to
// reconsideration first; earlier ones, and other adverse outcomes, need
// not.
func TestReconsiderationFirstFrom2024(t *testing.T) {
	for _, tt := range []struct {
		outcome outcome.Outcome
		replyOn string
		want    bool
	}{
		{"WITHHELD", "2024-01-01", true},
		{"PARTIALLY_DISCLOSED", "2026-11-02", true},
		{"WITHHELD", "2023-12-31", false},
		{"NOT_HELD", "2026-11-02", false},
	} {
		if got := ReconsiderationFirst(tt.outcome, clock.MustParseDate(tt.replyOn)); got != tt.want {
			t.Errorf("%s replied %s: %v, want %v", tt.outcome, tt.replyOn, got, tt.want)
		}
	}
	first := remedies.Paragraph(true)
	for _, s := range []string{"60日", "示范区人民政府", "先申请行政复议", "对行政复议决定不服", "示范区人民法院"} {
		if !strings.Contains(first, s) {
			t.Errorf("reconsideration-first paragraph lacks %q: %s", s, first)
		}
	}
	if strings.Contains(first, "6个月内") {
		t.Error("the reconsideration-first paragraph still offers a direct lawsuit")
	}
	choice := remedies.Paragraph(false)
	for _, s := range []string{"60日", "6个月", "行政诉讼", "或者"} {
		if !strings.Contains(choice, s) {
			t.Errorf("remedies paragraph lacks %q: %s", s, choice)
		}
	}
}

func TestWithheldReasonsAreTheReportRows(t *testing.T) {
	for i, r := range WithheldReasons {
		if r.ReportRow() != i+1 || r.Label() == "" || !r.Valid() {
			t.Errorf("%s: row %d label %q", r, r.ReportRow(), r.Label())
		}
	}
	if WithheldReason("X").Valid() {
		t.Error("an unknown reason is valid")
	}
}

func TestBasesAreUnique(t *testing.T) {
	var codes []string
	for _, b := range Bases {
		if slices.Contains(codes, b.Code) || b.Text == "" {
			t.Errorf("basis %s duplicated or empty", b.Code)
		}
		codes = append(codes, b.Code)
	}
}

// TestBasesCiteWhatRepliesCite (issue 10, item 6): the articles replies
// cite are on the list, each with its Chinese citation.
func TestBasesCiteWhatRepliesCite(t *testing.T) {
	want := map[string]string{
		"REG_32":   "《中华人民共和国政府信息公开条例》第三十二条",
		"REG_34":   "《中华人民共和国政府信息公开条例》第三十四条",
		"REG_36_1": "《中华人民共和国政府信息公开条例》第三十六条第（一）项",
		"REG_36_7": "《中华人民共和国政府信息公开条例》第三十六条第（七）项",
		"REG_39_1": "《中华人民共和国政府信息公开条例》第三十九条第一款",
		"REG_31":   "《中华人民共和国政府信息公开条例》第三十一条",
		"REG_10":   "《中华人民共和国政府信息公开条例》第十条",
		"REG_40":   "《中华人民共和国政府信息公开条例》第四十条",
	}
	for code, text := range want {
		if got, ok := BasisText(code); !ok || got != text {
			t.Errorf("%s cites %q (listed %v), want %q", code, got, ok, text)
		}
	}
}

// TestReplyDateDecidesReconsiderationFirst: a refusal signed in 2026 on a
// case received on 2023-12-20 must still send the applicant to
// reconsideration first; a direct lawsuit fails the check.
func TestReplyDateDecidesReconsiderationFirst(t *testing.T) {
	d := withheld()
	d.Remedies = remedies.Paragraph(false)
	c := Case{ReceivedOn: clock.MustParseDate("2023-12-20"), ReplyOn: clock.MustParseDate("2026-11-27")}
	if f := failed(d, c); !slices.Contains(f, CheckReconsiderationFirst) {
		t.Errorf("a 2026 refusal offering a direct lawsuit passed: failed %v", f)
	}
	c.ReplyOn = clock.MustParseDate("2023-12-28")
	if f := failed(d, c); slices.Contains(f, CheckReconsiderationFirst) {
		t.Errorf("a 2023 refusal was held to the 2024 law: failed %v", f)
	}
}

// TestRetiredBasisNotCitable: the checks read the list they are given; a
// retired entry fails LEGAL_BASIS_LISTED, naming it.
func TestRetiredBasisNotCitable(t *testing.T) {
	list := []Basis{{Code: "REG_15", Text: regulation + "第十五条"}, {Code: "OLD", Text: "《旧规定》", Retired: true}}
	d := Draft{Outcome: outcome.Disclosed, LegalBasis: []string{"REG_15", "OLD"}}
	for _, r := range Check(d, Case{ReplyOn: clock.NewDate(2026, 11, 20), Bases: list}) {
		if r.ID == CheckBasisListed && (r.Passed || !strings.Contains(r.Message, "已停用") || !strings.Contains(r.Message, "OLD")) {
			t.Errorf("LEGAL_BASIS_LISTED: %+v", r)
		}
	}
	d.LegalBasis = []string{"REG_15"}
	for _, r := range Check(d, Case{ReplyOn: clock.NewDate(2026, 11, 20), Bases: list}) {
		if r.ID == CheckBasisListed && !r.Passed {
			t.Errorf("an active basis: %+v", r)
		}
	}
}
