// Package report builds the annual report (政府信息公开工作年度报告) of an
// agency or a district from its cases — table 三 (applications received and
// handled), table 四 (reconsideration and litigation) and the fee figures of
// the closing section, in the 2021 format (国办公开办函〔2021〕30号) — freezes
// published reports as snapshots, and exports them. Building and rendering
// the tables is pure; the store files read the cases' tables with their
// own SQL.
package report

import (
	"fmt"
	"slices"
	"strings"

	"foi/services/applicant"
	"foi/services/outcome"
	"foi/services/review"
)

// Columns are table 三's applicant columns, in the format's order; the
// total follows them.
var Columns = []applicant.Type{
	applicant.NaturalPerson, applicant.CommercialEnterprise, applicant.ResearchInstitution,
	applicant.PublicWelfareOrganization, applicant.LegalServiceInstitution, applicant.OtherOrganization,
}

// TotalColumn is the key of the total column.
const TotalColumn = "TOTAL"

// ColumnLabels are the column headings, the total last.
var ColumnLabels = []string{"自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"}

// ColumnKeys are the columns' keys for drilling down, the total last.
func ColumnKeys() []string {
	out := make([]string, 0, len(Columns)+1)
	for _, c := range Columns {
		out = append(out, string(c))
	}
	return append(out, TotalColumn)
}

// Row is a row of table 三.
type Row struct {
	Key     string // "1", "3.3.2", "4"
	Label   string
	Level   int
	Heading bool // a group heading carries no figures
}

// The keys of the rows the identity 一 + 二 = (七) + 四 reads.
const (
	RowNew        = "1"
	RowCarriedIn  = "2"
	RowResults    = "3.7"
	RowCarriedOut = "4"
)

// Rows are table 三's rows in the format's order, with its wording.
var Rows = []Row{
	{Key: RowNew, Label: "一、本年新收政府信息公开申请数量"},
	{Key: RowCarriedIn, Label: "二、上年结转政府信息公开申请数量"},
	{Key: "3", Label: "三、本年度办理结果", Heading: true},
	{Key: "3.1", Label: "（一）予以公开", Level: 1},
	{Key: "3.2", Label: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", Level: 1},
	{Key: "3.3", Label: "（三）不予公开", Level: 1, Heading: true},
	{Key: "3.3.1", Label: "1.属于国家秘密", Level: 2},
	{Key: "3.3.2", Label: "2.其他法律行政法规禁止公开", Level: 2},
	{Key: "3.3.3", Label: "3.危及“三安全一稳定”", Level: 2},
	{Key: "3.3.4", Label: "4.保护第三方合法权益", Level: 2},
	{Key: "3.3.5", Label: "5.属于三类内部事务信息", Level: 2},
	{Key: "3.3.6", Label: "6.属于四类过程性信息", Level: 2},
	{Key: "3.3.7", Label: "7.属于行政执法案卷", Level: 2},
	{Key: "3.3.8", Label: "8.属于行政查询事项", Level: 2},
	{Key: "3.4", Label: "（四）无法提供", Level: 1, Heading: true},
	{Key: "3.4.1", Label: "1.本机关不掌握相关政府信息", Level: 2},
	{Key: "3.4.2", Label: "2.没有现成信息需要另行制作", Level: 2},
	{Key: "3.4.3", Label: "3.补正后申请内容仍不明确", Level: 2},
	{Key: "3.5", Label: "（五）不予处理", Level: 1, Heading: true},
	{Key: "3.5.1", Label: "1.信访举报投诉类申请", Level: 2},
	{Key: "3.5.2", Label: "2.重复申请", Level: 2},
	{Key: "3.5.3", Label: "3.要求提供公开出版物", Level: 2},
	{Key: "3.5.4", Label: "4.无正当理由大量反复申请", Level: 2},
	{Key: "3.5.5", Label: "5.要求行政机关确认或重新出具已获取信息", Level: 2},
	{Key: "3.6", Label: "（六）其他处理", Level: 1, Heading: true},
	{Key: "3.6.1", Label: "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", Level: 2},
	{Key: "3.6.2", Label: "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", Level: 2},
	{Key: "3.6.3", Label: "3.其他", Level: 2},
	{Key: RowResults, Label: "（七）总计", Level: 1},
	{Key: RowCarriedOut, Label: "四、结转下年度继续办理"},
}

// outcomeRows is rules.md section 5: the result row of each outcome other
// than WITHHELD, whose row is its reason's (review.WithheldReason.ReportRow).
var outcomeRows = map[outcome.Outcome]string{
	outcome.Disclosed:                 "3.1",
	outcome.AlreadyPublic:             "3.1",
	outcome.PartiallyDisclosed:        "3.2",
	outcome.NotHeld:                   "3.4.1",
	outcome.NotResponsible:            "3.4.1",
	outcome.NeedsCreation:             "3.4.2",
	outcome.UnclearAfterClarification: "3.4.3",
	outcome.Petition:                  "3.5.1",
	outcome.Duplicate:                 "3.5.2",
	outcome.Publication:               "3.5.3",
	outcome.Excessive:                 "3.5.4",
	outcome.Reconfirmation:            "3.5.5",
	outcome.AbandonedNoClarification:  "3.6.1",
	outcome.AbandonedFeeUnpaid:        "3.6.2",
	outcome.SpecialStatute:            "3.6.3",
	outcome.Other:                     "3.6.3",
	outcome.Withdrawn:                 "3.6.3",
}

// ResultRow is the row a case's result counts in: by its outcome, and for
// WITHHELD by the reason of its first withheld part (the main reason; a case
// counts once). ok is false for a case that fits no row: no outcome, or a
// WITHHELD one without a valid reason.
func ResultRow(o outcome.Outcome, reason review.WithheldReason) (string, bool) {
	if o == outcome.Withheld {
		if !reason.Valid() {
			return "", false
		}
		return fmt.Sprintf("3.3.%d", reason.ReportRow()), true
	}
	r, ok := outcomeRows[o]
	return r, ok
}

// resultRowSQL is ResultRow as an SQL expression over the outcome and
// reason columns named: the one mapping, written for the database.
func resultRowSQL(outcomeCol, reasonCol string) string {
	var b strings.Builder
	b.WriteString("CASE")
	for _, r := range review.WithheldReasons {
		row, _ := ResultRow(outcome.Withheld, r)
		fmt.Fprintf(&b, " WHEN %s = '%s' AND %s = '%s' THEN '%s'", outcomeCol, outcome.Withheld, reasonCol, r, row)
	}
	for _, o := range outcome.All {
		if row, ok := outcomeRows[o]; ok {
			fmt.Fprintf(&b, " WHEN %s = '%s' THEN '%s'", outcomeCol, o, row)
		}
	}
	b.WriteString(" END")
	return b.String()
}

// Table is table 三: a count per row and column. Heading rows are absent.
type Table struct {
	Counts map[string][]int64 // by row key; len(Columns)+1 counts, the total last
}

// NewTable returns an empty table.
func NewTable() Table {
	t := Table{Counts: map[string][]int64{}}
	for _, r := range Rows {
		if !r.Heading {
			t.Counts[r.Key] = make([]int64, len(Columns)+1)
		}
	}
	return t
}

// Add counts n cases of applicant type col in row; the totals follow.
// Unknown rows or types are refused: they would vanish from the table.
func (t Table) Add(row string, col applicant.Type, n int64) error {
	c := slices.Index(Columns, col)
	counts, ok := t.Counts[row]
	if c < 0 || !ok {
		return fmt.Errorf("no cell for row %q, applicant type %q", row, col)
	}
	counts[c] += n
	counts[len(Columns)] += n
	return nil
}

// Get returns a cell; column is a column key.
func (t Table) Get(row, column string) int64 {
	i := slices.Index(ColumnKeys(), column)
	if i < 0 || t.Counts[row] == nil {
		return 0
	}
	return t.Counts[row][i]
}

// sumResults fills (七) with the sum of the result rows (三 (一) to (六)).
func (t Table) sumResults() {
	total := t.Counts[RowResults]
	clear(total)
	for _, r := range Rows {
		if r.Heading || !strings.HasPrefix(r.Key, "3.") || r.Key == RowResults {
			continue
		}
		for i, n := range t.Counts[r.Key] {
			total[i] += n
		}
	}
}

// Imbalance is a column where 一 + 二 differs from (七) + 四.
type Imbalance struct {
	Column              string // a column key
	Label               string
	In, Out             int64 // 一 + 二 and (七) + 四
	New, CarriedIn      int64
	Results, CarriedOut int64
}

// Check returns every column where 一 + 二 ≠ (七) + 四.
func (t Table) Check() []Imbalance {
	var out []Imbalance
	keys := ColumnKeys()
	for i := range keys {
		in := t.Counts[RowNew][i] + t.Counts[RowCarriedIn][i]
		res, carried := t.Counts[RowResults][i], t.Counts[RowCarriedOut][i]
		if in != res+carried {
			out = append(out, Imbalance{Column: keys[i], Label: ColumnLabels[i], In: in, Out: res + carried,
				New: t.Counts[RowNew][i], CarriedIn: t.Counts[RowCarriedIn][i], Results: res, CarriedOut: carried})
		}
	}
	return out
}

// ParseCell splits a table 三 cell id "3.3.2-NATURAL_PERSON" into its row
// and column keys; ok is false for anything else (headings included).
func ParseCell(cell string) (row, column string, ok bool) {
	row, column, found := strings.Cut(cell, "-")
	if !found || !slices.Contains(ColumnKeys(), column) {
		return "", "", false
	}
	i := slices.IndexFunc(Rows, func(r Row) bool { return r.Key == row })
	if i < 0 || Rows[i].Heading {
		return "", "", false
	}
	return row, column, true
}

// RowLabel is a row's label; "" for an unknown key.
func RowLabel(key string) string {
	for _, r := range Rows {
		if r.Key == key {
			return r.Label
		}
	}
	return ""
}
