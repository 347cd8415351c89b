package web

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	foiv1 "foi/gen/foi/v1"
)

func TestParseYuan(t *testing.T) {
	for in, want := range map[string]int64{"150": 15000, "85.5": 8550, "85.50": 8550, "0.05": 5, "1700元": 170000, " 3.1 ": 310} {
		if got, ok := parseYuan(in); !ok || got != want {
			t.Errorf("parseYuan(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "十元", "1.234", "-5", "1e3", "1,000", ".5", "1234567890"} {
		if got, ok := parseYuan(in); ok {
			t.Errorf("parseYuan(%q) = %d, want refused", in, got)
		}
	}
}

func TestDelayLimitInWords(t *testing.T) {
	got := delayLimit("2026-11-30", 90)
	want := "法定答复期限为2026年11月30日，合理期限须晚于该日，且按本机关规定不超过其后 90 日（即不晚于2027年2月28日）。适用于申请数量、频次明显超过合理范围的情形（条例第三十五条），申请人将收到告知书。"
	if got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	if got := delayLimit("", 90); got == "" {
		t.Error("no statutory date: no explanation")
	}
}

// TestConsultationRows: rows are sent up to the last filled one (so the
// API's messages name the row on the screen); the form shows at least
// two and at most the API's limit.
func TestConsultationRows(t *testing.T) {
	f := newForm()
	if filledRows(f) != 0 || consultRows(f) != 2 {
		t.Errorf("empty form: %d filled, %d shown", filledRows(f), consultRows(f))
	}
	f.Values[consulteeField(3, "question")] = "是否同意公开"
	if filledRows(f) != 4 || consultRows(f) != 4 {
		t.Errorf("row 4 filled: %d filled, %d shown", filledRows(f), consultRows(f))
	}
	f.Values["rows"] = "99"
	if consultRows(f) != maxConsultees {
		t.Errorf("rows=99 shows %d", consultRows(f))
	}
}

func TestDiffLines(t *testing.T) {
	got, changed := diffLines(textLines("甲\n乙\n丙"), textLines("甲\n乙二\n丙\n丁"))
	want := []diffLine{{"same", "甲"}, {"del", "乙"}, {"ins", "乙二"}, {"same", "丙"}, {"ins", "丁"}}
	if !changed {
		t.Error("not changed")
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(diffLine{})); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	if _, changed := diffLines(textLines("同\n样"), textLines("同\n样")); changed {
		t.Error("equal texts reported changed")
	}
	if got, changed := diffLines(nil, textLines("新")); !changed || len(got) != 1 || got[0].Op != "ins" {
		t.Errorf("a new field: %v", got)
	}
}

// TestDraftDiff: the fields changed are listed in the letter's order with
// their lines marked; the others with content are named as unchanged; the comments
// that returned the earlier version come along.
func TestDraftDiff(t *testing.T) {
	labels := legalLabels{reasons: map[string]string{}, bases: map[string]string{"REG_15": "第十五条", "REG_36_3": "第三十六条第三项"}}
	prev := &foiv1.Draft{Version: 1, Content: &foiv1.DraftContent{Outcome: foiv1.Outcome_OUTCOME_WITHHELD, LegalBasis: []string{"REG_15"}, Facts: "找到一份"},
		Reviews: []*foiv1.DraftReview{{Kind: "SUBMITTED"}, {Kind: "RETURNED", Comments: "补充依据"}}}
	cur := &foiv1.Draft{Version: 2, Content: &foiv1.DraftContent{Outcome: foiv1.Outcome_OUTCOME_WITHHELD, LegalBasis: []string{"REG_15", "REG_36_3"}, Facts: "找到一份"}}
	d := draftDiff(prev, cur, labels)
	if d.From != 1 || d.To != 2 || len(d.Rows) != 1 || d.Rows[0].Field != "法律依据" {
		t.Fatalf("diff: %+v", d)
	}
	if diff := cmp.Diff([]diffLine{{"same", "REG_15 第十五条"}, {"ins", "REG_36_3 第三十六条第三项"}}, d.Rows[0].Lines, cmp.AllowUnexported(diffLine{})); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	if d.Unchanged != "答复结果、检索情况" {
		t.Errorf("unchanged: %s", d.Unchanged)
	}
	if len(d.Comments) != 1 || d.Comments[0].Comments != "补充依据" || d.Comments[0].Kind != "法律顾问退回" {
		t.Errorf("comments: %+v", d.Comments)
	}
}

func TestPieceList(t *testing.T) {
	for want, ks := range map[string][]int32{"1": {1}, "1至12": {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, "2、5至6、9": {2, 5, 6, 9}} {
		if got := pieceList(ks); got != want {
			t.Errorf("pieceList(%v) = %q, want %q", ks, got, want)
		}
	}
}
