package web

import (
	"strings"

	foiv1 "foi/gen/foi/v1"
)

// diffView is what changed from one version of a draft reply to the
// next, field by field, with the comments that sent the earlier one back:
// what a legal adviser reads before approving a resubmitted draft.
type diffView struct {
	From, To  int32
	Rows      []diffRow
	Unchanged string
	Comments  []reviewView
}

// diffRow is one changed field: its lines, each kept, removed or added.
type diffRow struct {
	Field string
	Lines []diffLine
}

type diffLine struct {
	Op   string // "same", "del" or "ins"
	Text string
}

// legalLabels names what a draft cites: withheld reasons and legal bases
// by their codes, as the API lists them.
type legalLabels struct {
	reasons, bases map[string]string
}

// draftRows lists a draft's fields in the order a letter reads them,
// each as lines to compare.
func draftRows(c *foiv1.DraftContent, l legalLabels) []diffRow {
	var withheld []string
	for _, w := range c.GetWithheldParts() {
		withheld = append(withheld, w.GetPart()+"（"+l.reasons[w.GetReason().String()]+"）："+w.GetExplanation())
	}
	var bases []string
	for _, b := range c.GetLegalBasis() {
		if t := l.bases[b]; t != "" {
			b += " " + t
		}
		bases = append(bases, b)
	}
	var provided []string
	for _, a := range c.GetAttachments() {
		provided = append(provided, a.GetTitle())
	}
	redirect := c.GetRedirectAgency()
	if c.GetRedirectContact() != "" {
		redirect += "（" + c.GetRedirectContact() + "）"
	}
	if c.GetRedirectUnknown() {
		redirect = "无法确定负责公开的机关"
	}
	return []diffRow{
		{"答复结果", textLines(outcomeLabel(c.GetOutcome()))},
		{"不予公开的内容", asLines(withheld)},
		{"理由", asLines(c.GetReasons())},
		{"法律依据", asLines(bases)},
		{"检索情况", textLines(c.GetFacts())},
		{"负责公开的机关", textLines(redirect)},
		{"答复形式", textLines(c.GetDeliveryForm())},
		{"提供的信息", asLines(provided)},
		{"救济途径", textLines(c.GetRemedies())},
		{"正文", textLines(c.GetBody())},
	}
}

func asLines(items []string) []diffLine {
	out := make([]diffLine, 0, len(items))
	for _, s := range items {
		out = append(out, diffLine{"same", s})
	}
	return out
}

func textLines(s string) []diffLine {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return asLines(strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n"))
}

// draftDiff compares version prev with cur field by field; the comments
// are those that sent prev back (the adviser's return, the head's
// rejection at sign-off).
func draftDiff(prev, cur *foiv1.Draft, l legalLabels) *diffView {
	v := &diffView{From: prev.GetVersion(), To: cur.GetVersion()}
	before, after := draftRows(prev.GetContent(), l), draftRows(cur.GetContent(), l)
	var same []string
	for i := range after {
		lines, changed := diffLines(before[i].Lines, after[i].Lines)
		if !changed {
			if len(after[i].Lines) > 0 {
				same = append(same, after[i].Field) // empty in both: not worth naming
			}
			continue
		}
		v.Rows = append(v.Rows, diffRow{Field: after[i].Field, Lines: lines})
	}
	v.Unchanged = strings.Join(same, "、")
	for _, r := range prev.GetReviews() {
		if (r.GetKind() == "RETURNED" || r.GetKind() == "SIGN_OFF_REJECTED") && r.GetComments() != "" {
			v.Comments = append(v.Comments, reviewView{Kind: reviewKinds[r.GetKind()], Actor: r.GetActorName(), Time: timeCN(r.GetTime()), Comments: r.GetComments()})
		}
	}
	return v
}

// maxDiffCells bounds the comparison table; beyond it a field is shown
// as wholly replaced.
const maxDiffCells = 1 << 20

// diffLines marks the lines of a and b by a longest common subsequence:
// kept lines once, removed ones before the added ones at each change.
func diffLines(a, b []diffLine) ([]diffLine, bool) {
	n, m := len(a), len(b)
	if n*m > maxDiffCells {
		return replaced(a, b), !sameLines(a, b)
	}
	// lcs[i][j] is the length of the common subsequence of a[i:] and b[j:].
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i].Text == b[j].Text {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []diffLine
	changed := false
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i].Text == b[j].Text:
			out = append(out, diffLine{"same", a[i].Text})
			i, j = i+1, j+1
		case j == m || i < n && lcs[i+1][j] >= lcs[i][j+1]:
			out = append(out, diffLine{"del", a[i].Text})
			i, changed = i+1, true
		default:
			out = append(out, diffLine{"ins", b[j].Text})
			j, changed = j+1, true
		}
	}
	return out, changed
}

func replaced(a, b []diffLine) []diffLine {
	out := make([]diffLine, 0, len(a)+len(b))
	for _, l := range a {
		out = append(out, diffLine{"del", l.Text})
	}
	for _, l := range b {
		out = append(out, diffLine{"ins", l.Text})
	}
	return out
}

func sameLines(a, b []diffLine) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Text != b[i].Text {
			return false
		}
	}
	return true
}
