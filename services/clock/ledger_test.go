package clock

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// view flattens a Result for comparison, with the explanation rendered.
type view struct {
	Regime       string
	Due          string
	StatutoryDue string
	Budget       int
	Used, Left   int
	Paused       bool
	Overdue      bool
	NearDue      bool
	Provisional  bool
	Missing      []int
	Explain      []string
}

func viewOf(r Result) view {
	return view{
		Regime: r.Regime.String(), Due: r.DueOn.String(), StatutoryDue: r.StatutoryDueOn.String(),
		Budget: r.Budget, Used: r.WorkingDaysUsed, Left: r.WorkingDaysLeft,
		Paused: r.Paused, Overdue: r.Overdue, NearDue: r.NearDue, Provisional: r.Provisional,
		Missing: r.MissingYears.List(), Explain: r.Explain(),
	}
}

// mustDate keeps the tables short.
var mustDate = MustParseDate

func pause(on string, r PauseReason) Event {
	return Event{Kind: EventPause, On: mustDate(on), Reason: r}
}
func resume(on string) Event        { return Event{Kind: EventResume, On: mustDate(on)} }
func restart(on string) Event       { return Event{Kind: EventRestart, On: mustDate(on)} }
func extend(on string, n int) Event { return Event{Kind: EventExtend, On: mustDate(on), Days: n} }
func delayTo(on, due string) Event {
	return Event{Kind: EventDelayTo, On: mustDate(on), Due: mustDate(due)}
}
func corrected(on, due string) Event {
	return Event{Kind: EventDelayTo, On: mustDate(on), Due: mustDate(due), Reason: DelayCorrected}
}

// TestCorrectedDelay (issue 10, item 11): a corrected reasonable date
// replaces the one set before it in the reply period.
func TestCorrectedDelay(t *testing.T) {
	l := Ledger{ReceivedOn: mustDate("2026-09-28"), Events: []Event{delayTo("2026-10-12", "2036-03-31"), corrected("2026-10-13", "2027-03-31")}}
	res, err := Compute(national(t), l, mustDate("2026-10-20"))
	if err != nil {
		t.Fatal(err)
	}
	if res.DueOn != mustDate("2027-03-31") {
		t.Errorf("due %s, want the corrected 2027-03-31", res.DueOn)
	}
}

func TestCompute(t *testing.T) {
	tests := []struct {
		name   string
		ledger Ledger
		asOf   string
		want   view
	}{{
		name:   "acceptance: National Day skipped",
		ledger: Ledger{ReceivedOn: mustDate("2026-09-28")},
		asOf:   "2026-10-12",
		want: view{Regime: "2019", Due: "2026-10-30", StatutoryDue: "2026-10-30", Budget: 20, Used: 6, Left: 14, Explain: []string{
			"2026-09-28 收到申请，当日不计入，答复期限 20 个工作日",
			"2026-09-29 至 2026-10-30 计 20 个工作日",
			"20 个工作日的答复期限于 2026-10-30 届满",
		}},
	}, {
		name:   "near due with 3 days left",
		ledger: Ledger{ReceivedOn: mustDate("2026-09-28")},
		asOf:   "2026-10-27",
		want: view{Regime: "2019", Due: "2026-10-30", StatutoryDue: "2026-10-30", Budget: 20, Used: 17, Left: 3, NearDue: true, Explain: []string{
			"2026-09-28 收到申请，当日不计入，答复期限 20 个工作日",
			"2026-09-29 至 2026-10-30 计 20 个工作日",
			"20 个工作日的答复期限于 2026-10-30 届满",
		}},
	}, {
		name:   "overdue",
		ledger: Ledger{ReceivedOn: mustDate("2026-09-28")},
		asOf:   "2026-11-03",
		want: view{Regime: "2019", Due: "2026-10-30", StatutoryDue: "2026-10-30", Budget: 20, Used: 22, Left: -2, Overdue: true, Explain: []string{
			"2026-09-28 收到申请，当日不计入，答复期限 20 个工作日",
			"2026-09-29 至 2026-10-30 计 20 个工作日",
			"20 个工作日的答复期限于 2026-10-30 届满",
		}},
	}, {
		// Used: 02-03..02-10 (6). Excluded: 02-11, 02-12, 02-13, Saturday
		// 02-14, 02-24..02-27, Saturday 02-28, 03-02, 03-03 (11). The other
		// 14 run from 03-04 to 03-23.
		name: "pause and resume across the Spring Festival",
		ledger: Ledger{ReceivedOn: mustDate("2026-02-02"), Events: []Event{
			pause("2026-02-10", PauseConsultation), resume("2026-03-03"),
		}},
		asOf: "2026-03-10",
		want: view{Regime: "2019", Due: "2026-03-23", StatutoryDue: "2026-03-23", Budget: 20, Used: 11, Left: 9, Explain: []string{
			"2026-02-02 收到申请，当日不计入，答复期限 20 个工作日",
			"2026-02-03 至 2026-02-10 计 6 个工作日",
			"2026-02-10 发出征求意见，2026-03-03 收到答复，其间 11 个工作日不计入答复期限",
			"2026-03-04 至 2026-03-23 计 14 个工作日",
			"20 个工作日的答复期限于 2026-03-23 届满",
		}},
	}, {
		name: "still paused: used frozen, due date unknown",
		ledger: Ledger{ReceivedOn: mustDate("2026-02-02"), Events: []Event{
			pause("2026-02-10", PauseFeeNotice),
		}},
		asOf: "2026-02-27",
		want: view{Regime: "2019", Budget: 20, Used: 6, Left: 14, Paused: true, Explain: []string{
			"2026-02-02 收到申请，当日不计入，答复期限 20 个工作日",
			"2026-02-03 至 2026-02-10 计 6 个工作日",
			"2026-02-10 发出收费通知，尚未缴费，截至 2026-02-27 已有 8 个工作日不计入答复期限",
		}},
	}, {
		name: "the pause example of the brief",
		ledger: Ledger{ReceivedOn: mustDate("2026-09-28"), Events: []Event{
			pause("2026-10-16", PauseConsultation), resume("2026-10-23"),
		}},
		asOf: "2026-10-23",
		want: view{Regime: "2019", Due: "2026-11-06", StatutoryDue: "2026-11-06", Budget: 20, Used: 10, Left: 10, Explain: []string{
			"2026-09-28 收到申请，当日不计入，答复期限 20 个工作日",
			"2026-09-29 至 2026-10-16 计 10 个工作日",
			"2026-10-16 发出征求意见，2026-10-23 收到答复，其间 5 个工作日不计入答复期限",
			"2026-10-24 至 2026-11-06 计 10 个工作日",
			"20 个工作日的答复期限于 2026-11-06 届满",
		}},
	}, {
		// Restart from the supplement of 03-20: 20 days after it, across
		// 清明节 04-04..04-06.
		name: "restart after a supplement",
		ledger: Ledger{ReceivedOn: mustDate("2026-03-02"), Events: []Event{
			pause("2026-03-05", PauseClarification), restart("2026-03-20"),
		}},
		asOf: "2026-03-31",
		want: view{Regime: "2019", Due: "2026-04-20", StatutoryDue: "2026-04-20", Budget: 20, Used: 7, Left: 13, Explain: []string{
			"2026-03-02 收到申请，当日不计入，答复期限 20 个工作日",
			"2026-03-03 至 2026-03-05 计 3 个工作日",
			"2026-03-05 发出补正通知，2026-03-20 收到补正材料，其间 11 个工作日不计入答复期限",
			"2026-03-20 收到补正后的申请，答复期限重新起算，此前已计的 3 个工作日不再计入",
			"2026-03-21 至 2026-04-20 计 20 个工作日",
			"20 个工作日的答复期限于 2026-04-20 届满",
		}},
	}, {
		name: "restart while running",
		ledger: Ledger{ReceivedOn: mustDate("2026-03-02"), Events: []Event{
			restart("2026-03-10"),
		}},
		asOf: "2026-03-10",
		want: view{Regime: "2019", Due: "2026-04-08", StatutoryDue: "2026-04-08", Budget: 20, Used: 0, Left: 20, Explain: []string{
			"2026-03-02 收到申请，当日不计入，答复期限 20 个工作日",
			"2026-03-03 至 2026-03-10 计 6 个工作日",
			"2026-03-10 收到补正后的申请，答复期限重新起算，此前已计的 6 个工作日不再计入",
			"2026-03-11 至 2026-04-08 计 20 个工作日",
			"20 个工作日的答复期限于 2026-04-08 届满",
		}},
	}, {
		name: "extension of 20 days",
		ledger: Ledger{ReceivedOn: mustDate("2026-09-28"), Events: []Event{
			extend("2026-10-26", 20),
		}},
		asOf: "2026-10-30",
		want: view{Regime: "2019", Due: "2026-11-27", StatutoryDue: "2026-11-27", Budget: 40, Used: 20, Left: 20, Explain: []string{
			"2026-09-28 收到申请，当日不计入，答复期限 20 个工作日",
			"2026-10-26 延长答复期限 20 个工作日",
			"2026-09-29 至 2026-11-27 计 40 个工作日",
			"40 个工作日的答复期限于 2026-11-27 届满",
		}},
	}, {
		name: "Art. 35 reasonable due date",
		ledger: Ledger{ReceivedOn: mustDate("2026-09-28"), Events: []Event{
			delayTo("2026-10-12", "2026-12-31"),
		}},
		asOf: "2026-12-30",
		want: view{Regime: "2019", Due: "2026-12-31", StatutoryDue: "2026-10-30", Budget: 20, Used: 63, Left: 1, NearDue: true, Explain: []string{
			"2026-09-28 收到申请，当日不计入，答复期限 20 个工作日",
			"2026-09-29 至 2026-10-30 计 20 个工作日",
			"20 个工作日的答复期限于 2026-10-30 届满",
			"2026-10-12 依《政府信息公开条例》第三十五条确定合理期限，答复期限由 2026-10-30 延至 2026-12-31",
		}},
	}, {
		name:   "2007 regime derived from received-on, with a full extension",
		ledger: Ledger{ReceivedOn: mustDate("2019-03-01"), Events: []Event{extend("2019-03-20", 15)}},
		asOf:   "2019-03-22",
		want: view{Regime: "2007", Due: "2019-04-15", StatutoryDue: "2019-04-15", Budget: 30, Used: 15, Left: 15, Explain: []string{
			"2019-03-01 收到申请，当日不计入，答复期限 15 个工作日",
			"2019-03-20 延长答复期限 15 个工作日",
			"2019-03-02 至 2019-04-15 计 30 个工作日",
			"30 个工作日的答复期限于 2019-04-15 届满",
		}},
	}, {
		name:   "regime 2019 on the cutover day",
		ledger: Ledger{ReceivedOn: mustDate("2019-05-15")},
		asOf:   "2019-05-15",
		want: view{Regime: "2019", Due: "2019-06-13", StatutoryDue: "2019-06-13", Budget: 20, Used: 0, Left: 20, Explain: []string{
			"2019-05-15 收到申请，当日不计入，答复期限 20 个工作日",
			"2019-05-16 至 2019-06-13 计 20 个工作日",
			"20 个工作日的答复期限于 2019-06-13 届满",
		}},
	}, {
		name:   "explicit regime wins over received-on",
		ledger: Ledger{ReceivedOn: mustDate("2019-03-01"), Regime: Regime2019},
		asOf:   "2019-03-01",
		want: view{Regime: "2019", Due: "2019-03-29", StatutoryDue: "2019-03-29", Budget: 20, Used: 0, Left: 20, Explain: []string{
			"2019-03-01 收到申请，当日不计入，答复期限 20 个工作日",
			"2019-03-02 至 2019-03-29 计 20 个工作日",
			"20 个工作日的答复期限于 2019-03-29 届满",
		}},
	}, {
		name:   "provisional: 2027 not loaded",
		ledger: Ledger{ReceivedOn: mustDate("2026-12-15")},
		asOf:   "2026-12-15",
		want: view{Regime: "2019", Due: "2027-01-12", StatutoryDue: "2027-01-12", Budget: 20, Used: 0, Left: 20, Provisional: true, Missing: []int{2027}, Explain: []string{
			"2026-12-15 收到申请，当日不计入，答复期限 20 个工作日",
			"2026-12-16 至 2027-01-12 计 20 个工作日",
			"20 个工作日的答复期限于 2027-01-12 届满",
			"2027 年节假日安排尚未公布，按周末推算，结果为暂定",
		}},
	}, {
		// The consultation went out after the due date: the due date stays
		// in the first segment and the days after the resume are overdue.
		name: "paused after the due date",
		ledger: Ledger{ReceivedOn: mustDate("2026-09-28"), Events: []Event{
			pause("2026-11-03", PauseConsultation), resume("2026-11-05"),
		}},
		asOf: "2026-11-06",
		want: view{Regime: "2019", Due: "2026-10-30", StatutoryDue: "2026-10-30", Budget: 20, Used: 23, Left: -3, Overdue: true, Explain: []string{
			"2026-09-28 收到申请，当日不计入，答复期限 20 个工作日",
			"2026-09-29 至 2026-11-03 计 22 个工作日",
			"2026-11-03 发出征求意见，2026-11-05 收到答复，其间 2 个工作日不计入答复期限",
			"2026-11-06 至 2026-11-06 计 1 个工作日",
			"20 个工作日的答复期限于 2026-10-30 届满",
		}},
	}, {
		name: "paused on the day of receipt",
		ledger: Ledger{ReceivedOn: mustDate("2026-09-28"), Events: []Event{
			pause("2026-09-28", PauseOther), resume("2026-09-30"),
		}},
		asOf: "2026-09-30",
		want: view{Regime: "2019", Due: "2026-11-03", StatutoryDue: "2026-11-03", Budget: 20, Used: 0, Left: 20, Explain: []string{
			"2026-09-28 收到申请，当日不计入，答复期限 20 个工作日",
			"2026-09-28 暂停计算答复期限，2026-09-30 恢复计算，其间 2 个工作日不计入答复期限",
			"2026-10-01 至 2026-11-03 计 20 个工作日",
			"20 个工作日的答复期限于 2026-11-03 届满",
		}},
	}}
	cal := national(t)
	var reused Result // ComputeInto must give the same answers with a dirty buffer
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Compute(cal, tt.ledger, mustDate(tt.asOf))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, viewOf(r)); diff != "" {
				t.Errorf("Compute mismatch (-want +got):\n%s", diff)
			}
			if err := ComputeInto(&reused, cal, tt.ledger, mustDate(tt.asOf)); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, viewOf(reused)); diff != "" {
				t.Errorf("ComputeInto mismatch (-want +got):\n%s", diff)
			}
		})
	}
	if err := ComputeInto(&reused, cal, Ledger{}, mustDate("2026-01-01")); err == nil || reused.DueOn != (Date{}) || len(reused.Segments) != 0 {
		t.Errorf("ComputeInto on error = %v, left %+v", err, reused)
	}
}

// TestComputeSegments pins the structured fields clients read.
func TestComputeSegments(t *testing.T) {
	r, err := Compute(national(t), Ledger{ReceivedOn: mustDate("2026-12-15"), Events: []Event{
		pause("2026-12-18", PauseConsultation), resume("2026-12-22"), extend("2026-12-23", 5),
	}}, mustDate("2026-12-23"))
	if err != nil {
		t.Fatal(err)
	}
	var missing Years
	missing.Add(2027)
	want := []Segment{
		{Kind: SegmentReceived, From: mustDate("2026-12-15"), To: mustDate("2026-12-15"), Days: 20},
		{Kind: SegmentRunning, From: mustDate("2026-12-16"), To: mustDate("2026-12-18"), Days: 3},
		{Kind: SegmentPause, From: mustDate("2026-12-18"), To: mustDate("2026-12-22"), Days: 2, Reason: PauseConsultation},
		{Kind: SegmentExtension, From: mustDate("2026-12-23"), To: mustDate("2026-12-23"), Days: 5},
		{Kind: SegmentRunning, From: mustDate("2026-12-23"), To: mustDate("2027-01-21"), Days: 22, Open: true},
		{Kind: SegmentDue, From: mustDate("2027-01-21"), To: mustDate("2027-01-21"), Days: 25},
		{Kind: SegmentProvisional, MissingYears: missing},
	}
	if diff := cmp.Diff(want, r.Segments, dateEqual, cmp.Comparer(func(a, b Years) bool { return a == b })); diff != "" {
		t.Errorf("Segments mismatch (-want +got):\n%s", diff)
	}
}

func TestComputeErrors(t *testing.T) {
	tests := []struct {
		name   string
		ledger Ledger
		asOf   string
		event  int    // LedgerError.Event
		reason string // LedgerError.Reason, shown to the user
	}{
		{"received-on unset", Ledger{}, "2026-10-01", -1, "未填写收到申请的日期"},
		{"as-of before received-on", Ledger{ReceivedOn: mustDate("2026-10-08")}, "2026-10-01", -1, "计算截至日 2026-10-01 早于收到申请的日期 2026-10-08"},
		{"unknown regime", Ledger{ReceivedOn: mustDate("2026-10-08"), Regime: 9}, "2026-10-09", -1, "无法识别的适用条例版本 9，应为 2007 或 2019"},
		{"event before received-on", Ledger{ReceivedOn: mustDate("2026-10-08"), Events: []Event{pause("2026-10-07", PauseOther)}}, "2026-10-20",
			0, "暂停计时的日期 2026-10-07 早于收到申请的日期 2026-10-08"},
		{"restart before received-on", Ledger{ReceivedOn: mustDate("2026-10-08"), Events: []Event{restart("2026-10-07")}}, "2026-10-20",
			0, "重新起算的日期 2026-10-07 早于收到申请的日期 2026-10-08"},
		{"events out of order", Ledger{ReceivedOn: mustDate("2026-10-08"), Events: []Event{pause("2026-10-12", PauseOther), resume("2026-10-10")}}, "2026-10-20",
			1, "恢复计时的日期 2026-10-10 早于上一事项的日期 2026-10-12，各事项应按日期先后顺序填写"},
		{"event after as-of", Ledger{ReceivedOn: mustDate("2026-10-08"), Events: []Event{pause("2026-10-12", PauseOther)}}, "2026-10-09",
			0, "暂停计时的日期 2026-10-12 晚于计算截至日 2026-10-09"},
		{"event without a date", Ledger{ReceivedOn: mustDate("2026-10-08"), Events: []Event{{Kind: EventResume}}}, "2026-10-09",
			0, "恢复计时未填写日期"},
		{"unknown kind", Ledger{ReceivedOn: mustDate("2026-10-08"), Events: []Event{{Kind: 42, On: mustDate("2026-10-08")}}}, "2026-10-09",
			0, "无法识别的事项类型 42"},
		{"resume while running", Ledger{ReceivedOn: mustDate("2026-10-08"), Events: []Event{resume("2026-10-12")}}, "2026-10-20",
			0, "2026-10-12 恢复计时时，计时并未暂停"},
		{"pause while paused", Ledger{ReceivedOn: mustDate("2026-10-08"), Events: []Event{pause("2026-10-12", PauseOther), pause("2026-10-13", PauseFeeNotice)}}, "2026-10-20",
			1, "2026-10-13 暂停计时时，计时已于 2026-10-12 暂停"},
		{"two extensions", Ledger{ReceivedOn: mustDate("2026-10-08"), Events: []Event{extend("2026-10-12", 5), extend("2026-10-13", 5)}}, "2026-10-20",
			1, "2026-10-13 再次延长答复期限，答复期限只能延长一次"},
		{"extension too long", Ledger{ReceivedOn: mustDate("2026-10-08"), Events: []Event{extend("2026-10-12", 21)}}, "2026-10-20",
			0, "延长期限为 21 个工作日，超过上限 20 个工作日（适用 2019 年修订的《政府信息公开条例》）"},
		{"extension too long in 2007", Ledger{ReceivedOn: mustDate("2019-03-01"), Events: []Event{extend("2019-03-12", 16)}}, "2019-03-20",
			0, "延长期限为 16 个工作日，超过上限 15 个工作日（适用 2007 年公布的《政府信息公开条例》）"},
		{"extension of zero", Ledger{ReceivedOn: mustDate("2026-10-08"), Events: []Event{extend("2026-10-12", 0)}}, "2026-10-20",
			0, "延长期限为 0 个工作日，应为 1 至 20 个工作日（适用 2019 年修订的《政府信息公开条例》）"},
		{"negative extension in 2007", Ledger{ReceivedOn: mustDate("2019-03-01"), Events: []Event{extend("2019-03-12", -3)}}, "2019-03-20",
			0, "延长期限为 -3 个工作日，应为 1 至 15 个工作日（适用 2007 年公布的《政府信息公开条例》）"},
		{"delay not after the statutory due date", Ledger{ReceivedOn: mustDate("2026-09-28"), Events: []Event{delayTo("2026-10-12", "2026-10-30")}}, "2026-10-20",
			0, "合理期限 2026-10-30 不晚于法定答复期限届满日 2026-10-30，应晚于该日"},
		{"delay counts the extension", Ledger{ReceivedOn: mustDate("2026-09-28"), Events: []Event{extend("2026-10-09", 20), delayTo("2026-10-12", "2026-11-20")}}, "2026-10-20",
			1, "合理期限 2026-11-20 不晚于法定答复期限届满日 2026-11-27，应晚于该日"},
		{"delay while paused", Ledger{ReceivedOn: mustDate("2026-09-28"), Events: []Event{pause("2026-10-09", PauseOther), delayTo("2026-10-12", "2026-12-30")}}, "2026-10-20",
			1, "2026-10-12 确定合理期限时，计时处于暂停状态，应先恢复计时"},
		{"a second delay", Ledger{ReceivedOn: mustDate("2026-09-28"), Events: []Event{delayTo("2026-10-12", "2026-12-30"), delayTo("2026-10-13", "2027-01-29")}}, "2026-10-20",
			1, "2026-10-13 再次确定合理期限，本答复期限内已确定过合理期限"},
		{"a correction without a delay", Ledger{ReceivedOn: mustDate("2026-09-28"), Events: []Event{corrected("2026-10-13", "2027-01-29")}}, "2026-10-20",
			0, "2026-10-13 更正合理期限，但本答复期限内尚未确定合理期限"},
		{"days on a pause", Ledger{ReceivedOn: mustDate("2026-10-08"), Events: []Event{{Kind: EventPause, On: mustDate("2026-10-09"), Days: 3}}}, "2026-10-20",
			0, "暂停计时不应填写天数，只有延长答复期限需要填写"},
		{"reason on a resume", Ledger{ReceivedOn: mustDate("2026-10-08"), Events: []Event{pause("2026-10-09", PauseOther), {Kind: EventResume, On: mustDate("2026-10-10"), Reason: PauseFeeNotice}}}, "2026-10-20",
			1, "恢复计时不应填写暂停原因，只有暂停计时需要填写"},
		{"due date on an extension", Ledger{ReceivedOn: mustDate("2026-10-08"), Events: []Event{{Kind: EventExtend, On: mustDate("2026-10-09"), Days: 3, Due: mustDate("2026-12-01")}}}, "2026-10-20",
			0, "延长答复期限不应填写合理期限，只有确定合理期限需要填写"},
	}
	cal := national(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compute(cal, tt.ledger, mustDate(tt.asOf))
			if err == nil {
				t.Fatal("Compute succeeded, want an error")
			}
			if !errors.Is(err, ErrInvalidLedger) {
				t.Errorf("error %v is not ErrInvalidLedger", err)
			}
			var le *LedgerError
			if !errors.As(err, &le) {
				t.Fatalf("error %v is not a *LedgerError", err)
			}
			if le.Event != tt.event || le.Reason != tt.reason {
				t.Errorf("LedgerError{%d, %q}\nwant      {%d, %q}", le.Event, le.Reason, tt.event, tt.reason)
			}
			want := "计时记录有误：" + tt.reason
			if tt.event >= 0 {
				want = fmt.Sprintf("计时记录有误：events[%d]：%s", tt.event, tt.reason)
			}
			if err.Error() != want {
				t.Errorf("Error() = %q\nwant %q", err, want)
			}
		})
	}
}

func TestSideDeadlines(t *testing.T) {
	cal := national(t)
	str := func(d Date, _ Years) string { return d.String() }
	sup := func(d Date, _ Years, err error) string {
		if err != nil {
			return err.Error()
		}
		return d.String()
	}
	got := map[string]string{
		"clarification notice":     str(cal.ClarificationNoticeDue(mustDate("2026-09-28"))),
		"supplement, default":      sup(cal.SupplementDue(mustDate("2026-10-13"), 0)),
		"supplement, 10 days":      sup(cal.SupplementDue(mustDate("2026-10-13"), 10)),
		"supplement, negative":     sup(cal.SupplementDue(mustDate("2026-10-13"), -1)),
		"supplement, too long":     sup(cal.SupplementDue(mustDate("2026-10-13"), MaxWorkingDays+1)),
		"consultation":             str(cal.ConsultationDue(mustDate("2026-09-30"))),
		"fee payment":              str(cal.FeePaymentDue(mustDate("2026-09-28"))),
		"cutover":                  RegimeCutover().String(),
		"regime the day before":    RegimeFor(mustDate("2019-05-14")).String(),
		"regime on the cutover":    RegimeFor(mustDate("2019-05-15")).String(),
		"near-due threshold":       string(rune('0' + NearDueWorkingDays)),
		"2007 reply, max extended": string(rune('0'+Regime2007.ReplyWorkingDays()/10)) + string(rune('0'+Regime2007.MaxExtensionWorkingDays()%10)),
	}
	want := map[string]string{
		"clarification notice":     "2026-10-13",
		"supplement, default":      "2026-11-03",
		"supplement, 10 days":      "2026-10-27",
		"supplement, negative":     "补正期限为 -1 个工作日，应为 1 至 36500 个工作日，或为 0（采用默认的 15 个工作日）",
		"supplement, too long":     "补正期限为 36501 个工作日，应为 1 至 36500 个工作日，或为 0（采用默认的 15 个工作日）",
		"consultation":             "2026-10-27",
		"fee payment":              "2026-10-30",
		"cutover":                  "2019-05-15",
		"regime the day before":    "2007",
		"regime on the cutover":    "2019",
		"near-due threshold":       "3",
		"2007 reply, max extended": "15",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("side deadlines mismatch (-want +got):\n%s", diff)
	}
}

// TestNewReplyPeriods pins what follows an Art. 35 date and what a restart
// clears.
func TestNewReplyPeriods(t *testing.T) {
	cal := national(t)
	due := func(l Ledger, asOf string) (string, string) {
		t.Helper()
		r, err := Compute(cal, l, mustDate(asOf))
		if err != nil {
			t.Fatal(err)
		}
		return r.DueOn.String(), r.StatutoryDueOn.String()
	}
	recv := mustDate("2026-09-28") // statutory due 2026-10-30
	// A pause and resume after the Art. 35 date leave that date in force.
	d, _ := due(Ledger{ReceivedOn: recv, Events: []Event{delayTo("2026-10-12", "2026-12-31"),
		pause("2026-10-14", PauseConsultation), resume("2026-10-21")}}, "2026-10-22")
	if d != "2026-12-31" {
		t.Errorf("after a delay and a pause: due %s, want 2026-12-31", d)
	}
	// A restart opens a new reply period: the extension and the delay of
	// the old one no longer count, and a new extension may follow.
	d, _ = due(Ledger{ReceivedOn: recv, Events: []Event{extend("2026-10-09", 20), delayTo("2026-10-12", "2026-12-31"),
		restart("2026-11-02")}}, "2026-11-03")
	if d != "2026-11-30" {
		t.Errorf("after a restart on 2026-11-02: due %s, want 2026-11-30 (20 working days, no extension)", d)
	}
	d, _ = due(Ledger{ReceivedOn: recv, Events: []Event{extend("2026-10-09", 20), restart("2026-11-02"), extend("2026-11-10", 5)}}, "2026-11-10")
	if d != "2026-12-07" {
		t.Errorf("a new extension after a restart: due %s, want 2026-12-07", d)
	}
}

// TestParseEventKind: every kind parses back from its String, and nothing
// else parses.
func TestParseEventKind(t *testing.T) {
	type parsed struct {
		Kind EventKind
		OK   bool
	}
	tests := []struct {
		in   string
		want parsed
	}{
		{"PAUSE", parsed{EventPause, true}},
		{"RESUME", parsed{EventResume, true}},
		{"RESTART", parsed{EventRestart, true}},
		{"EXTEND", parsed{EventExtend, true}},
		{"DELAY_TO", parsed{EventDelayTo, true}},
		{"", parsed{}},
		{"pause", parsed{}},
		{"EventKind(0)", parsed{}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			k, ok := ParseEventKind(tt.in)
			if diff := cmp.Diff(tt.want, parsed{k, ok}); diff != "" {
				t.Errorf("ParseEventKind(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
	for k := EventPause; k <= EventDelayTo; k++ {
		if got, ok := ParseEventKind(k.String()); !ok || got != k {
			t.Errorf("ParseEventKind(%q) = %v, %v; want %v", k.String(), got, ok, k)
		}
	}
}
