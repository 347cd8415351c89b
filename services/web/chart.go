package web

import (
	"fmt"
	"strconv"
)

// Charts are inline SVG drawn by the server: the handler works out every
// bar's geometry here, and the template writes the elements, so
// html/template escapes every label. They carry no script and no style
// attribute (the page's Content-Security-Policy allows neither); their
// look comes from the site's stylesheet. Each chart has a title and a
// description for screen readers, each bar a tooltip, and the page gives
// the same numbers in a table.

// bar is one bar of a chart, its label, and where to draw them.
type bar struct {
	Label, Value, Tip string
	X, Y, W, H        int
	LabelX, LabelY    int
	ValueX, ValueY    int
	Anchor            string // the label's text-anchor
}

// chart is an SVG chart.
type chart struct {
	ID, Title, Desc string
	Width, Height   int
	Bars            []bar
	Vertical        bool
	BaseY           int // the vertical chart's axis
}

// datum is one bar's label and count.
type datum struct {
	Label string
	Tip   string // the full label, when Label is shortened
	Count int64
}

// scale is a bar's length for n of most, at most full.
func scale(n, most int64, full int) int {
	if most <= 0 || n <= 0 {
		return 0
	}
	return max(1, int(n*int64(full)/most))
}

func most(data []datum) int64 {
	var m int64
	for _, d := range data {
		m = max(m, d.Count)
	}
	return m
}

// hbars is a horizontal bar chart: a label on the left of each bar, the
// count after it.
func hbars(id, title, unit string, data []datum) chart {
	const row, labelW, barW = 28, 260, 360
	c := chart{ID: id, Title: title, Width: labelW + barW + 80, Height: len(data)*row + 8}
	m := most(data)
	for i, d := range data {
		y := 4 + i*row
		w := scale(d.Count, m, barW)
		tip := d.Tip
		if tip == "" {
			tip = d.Label
		}
		c.Bars = append(c.Bars, bar{Label: d.Label, Value: strconv.FormatInt(d.Count, 10), Tip: fmt.Sprintf("%s：%d %s", tip, d.Count, unit),
			X: labelW, Y: y + 4, W: w, H: row - 10, LabelX: labelW - 8, LabelY: y + row/2 + 4, ValueX: labelW + w + 6, ValueY: y + row/2 + 4, Anchor: "end"})
	}
	c.Desc = describe(title, unit, data)
	return c
}

// vbars is a vertical bar chart, for months: the short label under each
// bar, the count above it.
func vbars(id, title, unit string, data []datum) chart {
	const gap, plotH, top = 8, 150, 20
	colW := max(18, min(44, 600/max(len(data), 1)-gap))
	c := chart{ID: id, Title: title, Vertical: true, Width: max(len(data)*(colW+gap)+gap, 200), Height: top + plotH + 24, BaseY: top + plotH}
	m := most(data)
	for i, d := range data {
		x := gap + i*(colW+gap)
		h := scale(d.Count, m, plotH)
		tip := d.Tip
		if tip == "" {
			tip = d.Label
		}
		c.Bars = append(c.Bars, bar{Label: d.Label, Value: strconv.FormatInt(d.Count, 10), Tip: fmt.Sprintf("%s：%d %s", tip, d.Count, unit),
			X: x, Y: top + plotH - h, W: colW, H: h, LabelX: x + colW/2, LabelY: top + plotH + 16, ValueX: x + colW/2, ValueY: top + plotH - h - 4, Anchor: "middle"})
	}
	c.Desc = describe(title, unit, data)
	return c
}

// describe says what a chart shows, for a screen reader: the largest
// bar and the total; the table beside it has every figure.
func describe(title, unit string, data []datum) string {
	var total int64
	top := -1
	for i, d := range data {
		total += d.Count
		if d.Count > 0 && (top < 0 || d.Count > data[top].Count) {
			top = i
		}
	}
	if top < 0 {
		return fmt.Sprintf("%s：没有数据。", title)
	}
	name := data[top].Tip
	if name == "" {
		name = data[top].Label
	}
	return fmt.Sprintf("%s，共 %d %s，最多的是%s（%d %s）。各项数字见下表。", title, total, unit, name, data[top].Count, unit)
}
