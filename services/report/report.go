package report

import (
	"fmt"
	"slices"
	"strings"
)

// The kinds of remedy, as the remedies table records them; table 四's
// groups.
const (
	Reconsideration             = "RECONSIDERATION"
	Lawsuit                     = "LAWSUIT"
	LawsuitAfterReconsideration = "LAWSUIT_AFTER_RECONSIDERATION"
)

// RemedyKinds are table 四's groups in the format's order.
var RemedyKinds = []string{Reconsideration, Lawsuit, LawsuitAfterReconsideration}

var remedyKindLabels = map[string]string{
	Reconsideration:             "行政复议",
	Lawsuit:                     "行政诉讼（未经复议直接起诉）",
	LawsuitAfterReconsideration: "行政诉讼（复议后起诉）",
}

// The results of table 四, a decided remedy's result or PENDING; TOTAL is
// their sum.
const (
	Upheld    = "UPHELD"
	Corrected = "CORRECTED"
	OtherEnd  = "OTHER"
	Pending   = "PENDING"
	Total     = "TOTAL"
)

// RemedyResults are table 四's columns within a group.
var RemedyResults = []string{Upheld, Corrected, OtherEnd, Pending, Total}

var remedyResultLabels = map[string]string{Upheld: "结果维持", Corrected: "结果纠正", OtherEnd: "其他结果", Pending: "尚未审结", Total: "总计"}

// RemedyFigures is one group of table 四.
type RemedyFigures struct {
	Upheld, Corrected, Other, Pending int64
}

// Total is the group's total.
func (f RemedyFigures) Total() int64 { return f.Upheld + f.Corrected + f.Other + f.Pending }

func (f RemedyFigures) get(result string) int64 {
	switch result {
	case Upheld:
		return f.Upheld
	case Corrected:
		return f.Corrected
	case OtherEnd:
		return f.Other
	case Pending:
		return f.Pending
	}
	return f.Total()
}

// Remedies is table 四.
type Remedies struct {
	Reconsideration, Lawsuit, LawsuitAfterReconsideration RemedyFigures
}

func (r *Remedies) group(kind string) *RemedyFigures {
	switch kind {
	case Reconsideration:
		return &r.Reconsideration
	case Lawsuit:
		return &r.Lawsuit
	case LawsuitAfterReconsideration:
		return &r.LawsuitAfterReconsideration
	}
	return nil
}

// Add counts n remedies of a kind with a result (PENDING when undecided).
func (r *Remedies) Add(kind, result string, n int64) error {
	g := r.group(kind)
	if g == nil {
		return fmt.Errorf("no group of table 四 for remedy kind %q", kind)
	}
	switch result {
	case Upheld:
		g.Upheld += n
	case Corrected:
		g.Corrected += n
	case OtherEnd:
		g.Other += n
	case Pending:
		g.Pending += n
	default:
		return fmt.Errorf("no column of table 四 for remedy result %q", result)
	}
	return nil
}

// Plus is the sum of two tables 四.
func (r Remedies) Plus(o Remedies) Remedies {
	add := func(a, b RemedyFigures) RemedyFigures {
		return RemedyFigures{a.Upheld + b.Upheld, a.Corrected + b.Corrected, a.Other + b.Other, a.Pending + b.Pending}
	}
	return Remedies{add(r.Reconsideration, o.Reconsideration), add(r.Lawsuit, o.Lawsuit),
		add(r.LawsuitAfterReconsideration, o.LawsuitAfterReconsideration)}
}

// ParseRemedyCell splits a table 四 cell id "remedy.LAWSUIT-PENDING".
func ParseRemedyCell(cell string) (kind, result string, ok bool) {
	rest, found := strings.CutPrefix(cell, "remedy.")
	if !found {
		return "", "", false
	}
	kind, result, _ = strings.Cut(rest, "-")
	return kind, result, slices.Contains(RemedyKinds, kind) && slices.Contains(RemedyResults, result)
}

// Fees are the fee figures of the closing section.
type Fees struct {
	NoticesIssued int64
	ChargedFen    int64
	PaidFen       int64
}

// Plus is the sum of two agencies' fee figures.
func (f Fees) Plus(o Fees) Fees {
	return Fees{f.NoticesIssued + o.NoticesIssued, f.ChargedFen + o.ChargedFen, f.PaidFen + o.PaidFen}
}

// Report is an annual report's figures.
type Report struct {
	AgencyID   string // "" for the district
	AgencyName string
	Year       int
	Received   Table
	Remedies   Remedies
	Fees       Fees
}

// Cell is one figure of a report, for comparing and flat exports.
type Cell struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Value int64  `json:"value"`
}

// Cells lists every figure of the report in the format's order: table 三
// row by row, table 四 group by group, then the fees.
func (r Report) Cells() []Cell {
	var out []Cell
	keys := ColumnKeys()
	for _, row := range Rows {
		if row.Heading {
			continue
		}
		for i, k := range keys {
			out = append(out, Cell{ID: row.Key + "-" + k, Label: row.Label + " / " + ColumnLabels[i], Value: r.Received.Counts[row.Key][i]})
		}
	}
	for _, kind := range RemedyKinds {
		g := r.Remedies.group(kind)
		for _, res := range RemedyResults {
			out = append(out, Cell{ID: "remedy." + kind + "-" + res, Label: remedyKindLabels[kind] + " / " + remedyResultLabels[res], Value: g.get(res)})
		}
	}
	return append(out,
		Cell{ID: "fees.noticesIssued", Label: "收费通知书件数", Value: r.Fees.NoticesIssued},
		Cell{ID: "fees.chargedFen", Label: "收取信息处理费金额（分）", Value: r.Fees.ChargedFen},
		Cell{ID: "fees.paidFen", Label: "实际缴纳金额（分）", Value: r.Fees.PaidFen},
	)
}

// Difference is a figure that changed since publication.
type Difference struct {
	Cell               string
	Label              string
	Published, Current int64
}

// Diff lists the figures of now that differ from published.
func Diff(published, now Report) []Difference {
	was := map[string]int64{}
	for _, c := range published.Cells() {
		was[c.ID] = c.Value
	}
	var out []Difference
	for _, c := range now.Cells() {
		if w := was[c.ID]; w != c.Value {
			out = append(out, Difference{Cell: c.ID, Label: c.Label, Published: w, Current: c.Value})
		}
	}
	return out
}

// Sum is the district roll-up: the sum of its agencies' reports.
func Sum(name string, year int, parts []Report) Report {
	out := Report{AgencyName: name, Year: year, Received: NewTable()}
	for _, p := range parts {
		for k, counts := range p.Received.Counts {
			for i, n := range counts {
				out.Received.Counts[k][i] += n
			}
		}
		out.Remedies = out.Remedies.Plus(p.Remedies)
		out.Fees = out.Fees.Plus(p.Fees)
	}
	return out
}
