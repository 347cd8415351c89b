package clock

import (
	"fmt"
	"strings"
)

// SegmentKind is the part a segment plays in the explanation of a due date.
type SegmentKind uint8

// The kinds of segment, in the order they usually appear.
const (
	// SegmentReceived: From is received-on, which is not counted; Days is
	// the regime's base period.
	SegmentReceived SegmentKind = iota + 1
	// SegmentRunning: the clock ran from From to To, both included, and
	// used Days working days. The open (last) one runs to the due date,
	// or to the as-of day when the budget ran out earlier.
	SegmentRunning
	// SegmentPause: paused on From (which counted as used), resumed on To;
	// Days working days in between were not counted. An open pause has
	// To = the as-of day.
	SegmentPause
	// SegmentRestart: the supplemented application was received on From;
	// the Days used before no longer count.
	SegmentRestart
	// SegmentExtension: extended on From by Days working days.
	SegmentExtension
	// SegmentDue: the statutory period of Days working days ends on To.
	SegmentDue
	// SegmentDelay: on From a reasonable due date To replaced the
	// statutory due date Replaces (Art. 35).
	SegmentDelay
	// SegmentProvisional: the calendars of the MissingYears are not
	// loaded, so their days were counted by weekends alone.
	SegmentProvisional
)

var segmentKindNames = [...]string{"", "RECEIVED", "RUNNING", "PAUSE", "RESTART", "EXTENSION", "DUE", "DELAY", "PROVISIONAL"}

// String returns the kind as an upper-case API constant, e.g. "PAUSE".
func (k SegmentKind) String() string {
	if k != 0 && int(k) < len(segmentKindNames) {
		return segmentKindNames[k]
	}
	return fmt.Sprintf("SegmentKind(%d)", uint8(k))
}

// Segment is one step in the explanation of a due date, with structured
// fields for clients; Text renders it for display. Which fields are set
// depends on Kind (see the SegmentKind constants).
type Segment struct {
	Kind         SegmentKind
	From, To     Date
	Days         int
	Reason       PauseReason // SegmentPause; SegmentRestart: RestartOrdered for a new reply ordered on review
	Open         bool        // the running segment or pause is still going on
	Lapsed       bool        // SegmentPause: ended when the last window ran out unanswered
	Replaces     Date        // SegmentDelay: the statutory due date replaced
	MissingYears Years       // SegmentProvisional
}

// pauseWords are the Chinese verbs for the start and end of a pause, and
// what is still awaited when it is open.
var pauseWords = [...]struct{ sent, back, awaited string }{
	PauseOther:         {"暂停计算答复期限", "恢复计算", "恢复计算"},
	PauseConsultation:  {"发出征求意见", "收到答复", "收到答复"},
	PauseFeeNotice:     {"发出收费通知", "收到缴费", "缴费"},
	PauseClarification: {"发出补正通知", "收到补正材料", "收到补正材料"},
}

// Text renders the segment as a Chinese sentence for display, for example
// "2026-10-16 发出征求意见，2026-10-23 收到答复，其间 5 个工作日不计入答复期限".
func (s Segment) Text() string {
	switch s.Kind {
	case SegmentReceived:
		return fmt.Sprintf("%s 收到申请，当日不计入，答复期限 %d 个工作日", s.From, s.Days)
	case SegmentRunning:
		return fmt.Sprintf("%s 至 %s 计 %d 个工作日", s.From, s.To, s.Days)
	case SegmentPause:
		w := pauseWords[PauseOther]
		if int(s.Reason) < len(pauseWords) {
			w = pauseWords[s.Reason]
		}
		if s.Open {
			return fmt.Sprintf("%s %s，尚未%s，截至 %s 已有 %d 个工作日不计入答复期限", s.From, w.sent, w.awaited, s.To, s.Days)
		}
		back := w.back
		if s.Lapsed {
			back = "意见期限届满未获答复"
		}
		return fmt.Sprintf("%s %s，%s %s，其间 %d 个工作日不计入答复期限", s.From, w.sent, s.To, back, s.Days)
	case SegmentRestart:
		what := "收到补正后的申请"
		if s.Reason == RestartOrdered {
			what = "复议决定或者判决责令重新答复"
		}
		if s.Days > 0 {
			return fmt.Sprintf("%s %s，答复期限重新起算，此前已计的 %d 个工作日不再计入", s.From, what, s.Days)
		}
		return fmt.Sprintf("%s %s，答复期限重新起算", s.From, what)
	case SegmentExtension:
		return fmt.Sprintf("%s 延长答复期限 %d 个工作日", s.From, s.Days)
	case SegmentDue:
		return fmt.Sprintf("%d 个工作日的答复期限于 %s 届满", s.Days, s.To)
	case SegmentDelay:
		return fmt.Sprintf("%s 依《政府信息公开条例》第三十五条确定合理期限，答复期限由 %s 延至 %s", s.From, s.Replaces, s.To)
	case SegmentProvisional:
		return fmt.Sprintf("%s 年节假日安排尚未公布，按周末推算，结果为暂定", s.MissingYears)
	}
	return s.Kind.String()
}

// Explain renders every segment of the result, one sentence each.
func (r *Result) Explain() []string {
	out := make([]string, len(r.Segments))
	for i, s := range r.Segments {
		out[i] = s.Text()
	}
	return out
}

var weekdayNames = [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}

// Text renders the day's status in Chinese, e.g. "2026-10-10 星期六
// 国庆节调休上班" or "2027-01-01 星期五 工作日（2027 年节假日安排尚未公布，按周末推算）".
func (d DayInfo) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s ", d.Date, weekdayNames[d.Date.Weekday()])
	switch d.Kind {
	case DayWeekday:
		b.WriteString("工作日")
	case DayWeekend:
		b.WriteString("休息日")
	case DayHoliday:
		b.WriteString(d.Holiday + "放假")
	case DayMakeUpWorkday:
		b.WriteString(d.Holiday + "调休上班")
	}
	if d.Provisional {
		fmt.Fprintf(&b, "（%d 年节假日安排尚未公布，按周末推算）", d.MissingYear)
	}
	return b.String()
}
