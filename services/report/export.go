package report

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"html/template"
	"strconv"

	"github.com/xuri/excelize/v2"

	"foi/services/clock"
)

//go:embed templates/*.html
var templates embed.FS

var annualHTML = template.Must(template.ParseFS(templates, "templates/annual.html"))

// yuan writes fen as yuan with two decimals.
func yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d", sign, fen/100, fen%100)
}

// remedyRow is table 四's one row of figures, in the format's order.
func (r Report) remedyRow() []int64 {
	var out []int64
	for _, g := range []RemedyFigures{r.Remedies.Reconsideration, r.Remedies.Lawsuit, r.Remedies.LawsuitAfterReconsideration} {
		out = append(out, g.Upheld, g.Corrected, g.Other, g.Pending, g.Total())
	}
	return out
}

type htmlRow struct {
	Label   string
	Level   int
	Heading bool
	Counts  []int64
}

// HTML renders the report printable, in the format's layout.
func HTML(b Built) ([]byte, error) {
	view := struct {
		Name, PublishedOn, Charged, Paid string
		Year                             int
		Publication                      *Publication
		Rows                             []htmlRow
		Three                            []int
		Remedies                         []int64
		Fees                             Fees
	}{Name: b.AgencyName, Year: b.Year, Publication: b.Publication, Three: []int{0, 1, 2}, Remedies: b.remedyRow(),
		Fees: b.Fees, Charged: yuan(b.Fees.ChargedFen), Paid: yuan(b.Fees.PaidFen)}
	if b.Publication != nil {
		y, m, d := clock.DateOf(b.Publication.At).YMD()
		view.PublishedOn = fmt.Sprintf("%d年%d月%d日", y, m, d)
	}
	for _, r := range Rows {
		view.Rows = append(view.Rows, htmlRow{Label: r.Label, Level: r.Level, Heading: r.Heading, Counts: b.Received.Counts[r.Key]})
	}
	var buf bytes.Buffer
	err := annualHTML.Execute(&buf, view)
	return buf.Bytes(), err
}

// CSV writes every figure as a line: cell, label, value (UTF-8 with a byte
// order mark, so spreadsheet programs read the Chinese).
func CSV(b Built) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	w.Write([]string{"单元格", "项目", "数量"})
	for _, c := range b.Cells() {
		w.Write([]string{c.ID, c.Label, strconv.FormatInt(c.Value, 10)})
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// XLSX writes the report as a workbook with the format's rows and columns:
// one sheet per table, and the fees.
func XLSX(b Built) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const received, remedies, fees = "三、收到和处理申请情况", "四、行政复议和行政诉讼", "信息处理费"
	f.SetSheetName("Sheet1", received)
	set := func(sheet, cell string, v any) {
		f.SetCellValue(sheet, cell, v)
	}
	at := func(col, row int) string {
		name, _ := excelize.CoordinatesToCellName(col, row)
		return name
	}
	merge := func(sheet string, c1, r1, c2, r2 int) { f.MergeCell(sheet, at(c1, r1), at(c2, r2)) }

	set(received, "A1", fmt.Sprintf("%s%d年政府信息公开工作年度报告", b.AgencyName, b.Year))
	set(received, "A2", "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
	merge(received, 1, 2, 1, 4)
	set(received, "B2", "申请人情况")
	merge(received, 2, 2, 8, 2)
	set(received, "B3", "自然人")
	merge(received, 2, 3, 2, 4)
	set(received, "C3", "法人或其他组织")
	merge(received, 3, 3, 7, 3)
	set(received, "H3", "总计")
	merge(received, 8, 3, 8, 4)
	for i, l := range ColumnLabels[1:6] {
		set(received, at(3+i, 4), l)
	}
	row := 5
	for _, r := range Rows {
		set(received, at(1, row), r.Label)
		if !r.Heading {
			for i, n := range b.Received.Counts[r.Key] {
				set(received, at(2+i, row), n)
			}
		}
		row++
	}
	f.SetColWidth(received, "A", "A", 60)

	f.NewSheet(remedies)
	set(remedies, "A1", "行政复议")
	merge(remedies, 1, 1, 5, 2)
	set(remedies, "F1", "行政诉讼")
	merge(remedies, 6, 1, 15, 1)
	set(remedies, "F2", "未经复议直接起诉")
	merge(remedies, 6, 2, 10, 2)
	set(remedies, "K2", "复议后起诉")
	merge(remedies, 11, 2, 15, 2)
	for i, n := range b.remedyRow() {
		set(remedies, at(1+i, 3), remedyResultLabels[RemedyResults[i%5]])
		set(remedies, at(1+i, 4), n)
	}

	f.NewSheet(fees)
	for i, h := range []any{"发出收费通知书（件）", "收取信息处理费（元）", "实际缴纳（元）"} {
		set(fees, at(1+i, 1), h)
	}
	set(fees, "A2", b.Fees.NoticesIssued)
	set(fees, "B2", float64(b.Fees.ChargedFen)/100)
	set(fees, "C2", float64(b.Fees.PaidFen)/100)

	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("write workbook: %w", err)
	}
	return buf.Bytes(), nil
}
