package web

import (
	"strings"
	"testing"
)

// TestCharts: the longest bar fills the plot, the others are to scale, an
// empty bar has no length, and the description names the largest.
func TestCharts(t *testing.T) {
	data := []datum{{Label: "当面提交", Count: 40}, {Label: "互联网", Count: 10}, {Label: "传真", Count: 0}}
	h := hbars("c", "按提交渠道", "件", data)
	if len(h.Bars) != 3 || h.Bars[0].W != 360 || h.Bars[1].W != 90 || h.Bars[2].W != 0 {
		t.Errorf("horizontal bars: %+v", h.Bars)
	}
	if h.Bars[1].Y <= h.Bars[0].Y || h.Height < h.Bars[2].Y+h.Bars[2].H {
		t.Errorf("bars overlap or leave the chart: %+v, height %d", h.Bars, h.Height)
	}
	if want := "按提交渠道，共 50 件，最多的是当面提交（40 件）。各项数字见下表。"; h.Desc != want {
		t.Errorf("description %q, want %q", h.Desc, want)
	}
	if h.Bars[0].Tip != "当面提交：40 件" {
		t.Errorf("tip %q", h.Bars[0].Tip)
	}

	months := []datum{{Label: "25/1", Tip: "2025年1月", Count: 3}, {Label: "2月", Tip: "2025年2月", Count: 6}}
	v := vbars("m", "按月收到的申请", "件", months)
	if v.Bars[1].H != 150 || v.Bars[0].H != 75 || v.Bars[0].Y+v.Bars[0].H != v.BaseY || v.Bars[1].X <= v.Bars[0].X {
		t.Errorf("vertical bars: %+v, base %d", v.Bars, v.BaseY)
	}
	if !strings.Contains(v.Desc, "最多的是2025年2月（6 件）") || v.Bars[0].Tip != "2025年1月：3 件" {
		t.Errorf("month chart: %q, %q", v.Desc, v.Bars[0].Tip)
	}
	if d := hbars("e", "空", "件", []datum{{Label: "甲"}}).Desc; d != "空：没有数据。" {
		t.Errorf("empty chart: %q", d)
	}
	if pct(1, 3) != "33.3%" || pct(0, 0) != "—" {
		t.Errorf("pct: %s %s", pct(1, 3), pct(0, 0))
	}
}
