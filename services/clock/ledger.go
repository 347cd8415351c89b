package clock

import (
	"errors"
	"fmt"
)

// Ledger holds the facts a case's reply clock is derived from. The due date
// is never stored: it is recomputed from the ledger with Compute.
type Ledger struct {
	ReceivedOn Date
	Regime     Regime  // RegimeUnspecified derives it from ReceivedOn
	Events     []Event // in date order; events of one day in the order they happened
}

// EventKind is what happened to the clock.
type EventKind uint8

// The kinds of event.
const (
	// EventPause stops the clock on On, the day a consultation request,
	// fee notice or clarification notice was sent; On itself counts as used.
	EventPause EventKind = iota + 1
	// EventResume restarts a paused clock; counting resumes after On, the
	// day the answer or the payment was received.
	EventResume
	// EventRestart resets the clock to zero on On, the day the supplemented
	// application was received (or a new reply was ordered); counting starts
	// after On. It ends a pause and opens a new reply period: an earlier
	// extension or Art. 35 date no longer applies.
	EventRestart
	// EventExtend adds Days working days (at most one extension).
	EventExtend
	// EventDelayTo replaces the statutory due date with Due, a later
	// "reasonable" date set under Art. 35 on On. It stays in force through
	// later pauses until a restart; there is at most one per reply period.
	EventDelayTo
)

var eventKindNames = [...]string{"", "PAUSE", "RESUME", "RESTART", "EXTEND", "DELAY_TO"}

// String returns the kind as an upper-case API constant, e.g. "PAUSE".
func (k EventKind) String() string {
	if k != 0 && int(k) < len(eventKindNames) {
		return eventKindNames[k]
	}
	return fmt.Sprintf("EventKind(%d)", uint8(k))
}

// ParseEventKind returns the kind whose String is s, e.g. EventPause for
// "PAUSE", so that a stored or transmitted kind has one spelling: the one
// String gives. It reports false for any other text.
func ParseEventKind(s string) (EventKind, bool) {
	for k := EventPause; int(k) < len(eventKindNames); k++ {
		if eventKindNames[k] == s {
			return k, true
		}
	}
	return 0, false
}

// PauseReason says why the clock was paused; it only changes the wording of
// the explanation.
type PauseReason uint8

// The pause reasons.
const (
	PauseOther         PauseReason = iota // unspecified
	PauseConsultation                     // a third party or another agency was consulted (Art. 32, 34)
	PauseFeeNotice                        // a fee notice was sent (Fee Measures)
	PauseClarification                    // a clarification notice was sent (Art. 30)
	// ResumeLapsed marks a resume: every consultee's window ended, the
	// last without an answer (Art. 32, 34).
	ResumeLapsed
	// RestartOrdered marks a restart: a reconsideration decision or a
	// judgment ordered a new reply, rather than a supplement arriving.
	RestartOrdered
	// DelayCorrected marks an EventDelayTo that corrects the reasonable
	// due date already set in the reply period (a mistyped date, say);
	// the earlier one stays in the ledger, replaced.
	DelayCorrected
)

// Event is one fact about the clock. Only the fields of its Kind may be set.
type Event struct {
	Kind   EventKind
	On     Date        // the day it happened
	Reason PauseReason // EventPause; ResumeLapsed on EventResume; RestartOrdered on EventRestart; DelayCorrected on EventDelayTo
	Days   int         // EventExtend only: 1 to the regime's maximum
	Due    Date        // EventDelayTo only: the reasonable due date
}

// ErrInvalidLedger is matched by errors.Is for every *LedgerError.
var ErrInvalidLedger = errors.New("计时记录有误")

// LedgerError says why a ledger cannot be computed. Event is the index of
// the offending event, or -1 when the ledger as a whole is at fault. Reason
// is in Chinese, for the user who entered the events, and names the dates
// and numbers at fault.
type LedgerError struct {
	Event  int
	Reason string
}

// Error names the offending event in the style of errs.Invalid, e.g.
// "计时记录有误：events[1]：2026-10-12 恢复计时时，计时并未暂停".
func (e *LedgerError) Error() string {
	if e.Event < 0 {
		return ErrInvalidLedger.Error() + "：" + e.Reason
	}
	return fmt.Sprintf("%s：events[%d]：%s", ErrInvalidLedger, e.Event, e.Reason)
}

// Is makes errors.Is(err, ErrInvalidLedger) true.
func (e *LedgerError) Is(target error) bool { return target == ErrInvalidLedger }

func ledgerErr(i int, format string, args ...any) error {
	return &LedgerError{i, fmt.Sprintf(format, args...)}
}

// eventKindText names the kinds of event in the Chinese of the reasons.
var eventKindText = [...]string{
	EventPause:   "暂停计时",
	EventResume:  "恢复计时",
	EventRestart: "重新起算",
	EventExtend:  "延长答复期限",
	EventDelayTo: "确定合理期限",
}

// text returns the Chinese name of a known kind, e.g. "暂停计时".
func (k EventKind) text() string {
	if k != 0 && int(k) < len(eventKindText) {
		return eventKindText[k]
	}
	return k.String()
}

// Result is the state of the clock as of a day, with its explanation.
type Result struct {
	Regime Regime
	// DueOn is the last day to reply: the statutory due date, or the
	// Art. 35 date that replaced it. It is unset while the clock is paused
	// with days left, because it depends on when the clock resumes.
	DueOn Date
	// StatutoryDueOn is the due date by the statutory clock alone; it
	// differs from DueOn only after an EventDelayTo.
	StatutoryDueOn Date
	// BaseDays plus ExtensionDays is Budget, the working days allowed.
	BaseDays, ExtensionDays, Budget int
	// WorkingDaysUsed counts the days used since the last restart up to
	// and including the as-of day (frozen while paused). WorkingDaysLeft
	// is what remains up to DueOn, negative when overdue.
	WorkingDaysUsed, WorkingDaysLeft int
	Paused                           bool
	Overdue                          bool // WorkingDaysLeft < 0
	NearDue                          bool // running, 0 <= WorkingDaysLeft <= NearDueWorkingDays
	// Provisional is set when a day counted falls in a year whose calendar
	// is not loaded; MissingYears names the years.
	Provisional  bool
	MissingYears Years
	// Segments explain the due date, in order.
	Segments []Segment
}

// clockState is the walk over a ledger's events.
type clockState struct {
	cal       *Calendar
	res       *Result
	received  Date
	start     Date // counting runs after start
	used      int  // days used before the current running segment
	paused    bool
	pauseOn   Date
	reason    PauseReason
	firstLive int // index in res.Segments of the first segment since the last restart
}

// Compute derives the clock of l as of asOf, which must not be before the
// last event. It returns a *LedgerError for an inconsistent ledger.
func Compute(cal *Calendar, l Ledger, asOf Date) (Result, error) {
	var res Result
	err := ComputeInto(&res, cal, l, asOf)
	return res, err
}

// ComputeInto is Compute writing into res and reusing its Segments array,
// so a loop over many cases allocates nothing. On error res is reset.
func ComputeInto(res *Result, cal *Calendar, l Ledger, asOf Date) error {
	segs := res.Segments[:0]
	*res = Result{}
	if l.ReceivedOn.IsZero() {
		return ledgerErr(-1, "未填写收到申请的日期")
	}
	if asOf.Before(l.ReceivedOn) {
		return ledgerErr(-1, "计算截至日 %s 早于收到申请的日期 %s", asOf, l.ReceivedOn)
	}
	regime := l.Regime
	switch regime {
	case RegimeUnspecified:
		regime = RegimeFor(l.ReceivedOn)
	case Regime2007, Regime2019:
	default:
		return ledgerErr(-1, "无法识别的适用条例版本 %d，应为 2007 或 2019", regime)
	}
	res.Regime, res.BaseDays = regime, regime.ReplyWorkingDays()
	if segs == nil {
		segs = make([]Segment, 0, len(l.Events)+5)
	}
	res.Segments = append(segs, Segment{Kind: SegmentReceived, From: l.ReceivedOn, To: l.ReceivedOn, Days: res.BaseDays})
	s := clockState{cal: cal, res: res, received: l.ReceivedOn, start: l.ReceivedOn, firstLive: 1}
	var delay *Event
	prev := l.ReceivedOn
	for i := range l.Events {
		e := &l.Events[i]
		err := s.checkEvent(i, e, prev, asOf, delay != nil)
		if err == nil {
			err = s.apply(i, e, regime)
		}
		if e.Kind == EventRestart {
			delay = nil
		}
		if err != nil {
			*res = Result{Segments: res.Segments[:0]}
			return err
		}
		prev = e.On
		if e.Kind == EventDelayTo {
			delay = e
		}
	}
	res.Budget = res.BaseDays + res.ExtensionDays
	s.finish(asOf, delay)
	return nil
}

func (s *clockState) checkEvent(i int, e *Event, prev, asOf Date, afterDelay bool) error {
	switch {
	case e.Kind < EventPause || e.Kind > EventDelayTo:
		return ledgerErr(i, "无法识别的事项类型 %d", uint8(e.Kind))
	case e.On.IsZero():
		return ledgerErr(i, "%s未填写日期", e.Kind.text())
	case e.On.Before(s.received):
		return ledgerErr(i, "%s的日期 %s 早于收到申请的日期 %s", e.Kind.text(), e.On, s.received)
	case e.On.Before(prev):
		return ledgerErr(i, "%s的日期 %s 早于上一事项的日期 %s，各事项应按日期先后顺序填写", e.Kind.text(), e.On, prev)
	case e.On.After(asOf):
		return ledgerErr(i, "%s的日期 %s 晚于计算截至日 %s", e.Kind.text(), e.On, asOf)
	case afterDelay && e.Kind == EventDelayTo && e.Reason != DelayCorrected:
		return ledgerErr(i, "%s 再次确定合理期限，本答复期限内已确定过合理期限", e.On)
	case !afterDelay && e.Kind == EventDelayTo && e.Reason == DelayCorrected:
		return ledgerErr(i, "%s 更正合理期限，但本答复期限内尚未确定合理期限", e.On)
	case !reasonFits(e.Kind, e.Reason):
		return ledgerErr(i, "%s不应填写暂停原因，只有暂停计时需要填写", e.Kind.text())
	case e.Days != 0 && e.Kind != EventExtend:
		return ledgerErr(i, "%s不应填写天数，只有延长答复期限需要填写", e.Kind.text())
	case !e.Due.IsZero() && e.Kind != EventDelayTo:
		return ledgerErr(i, "%s不应填写合理期限，只有确定合理期限需要填写", e.Kind.text())
	}
	return nil
}

// reasonFits reports whether an event of kind k may carry reason r.
func reasonFits(k EventKind, r PauseReason) bool {
	switch k {
	case EventPause:
		return r <= PauseClarification
	case EventResume:
		return r == PauseOther || r == ResumeLapsed
	case EventRestart:
		return r == PauseOther || r == RestartOrdered
	case EventDelayTo:
		return r == PauseOther || r == DelayCorrected
	}
	return r == PauseOther
}

func (s *clockState) apply(i int, e *Event, regime Regime) error {
	res := s.res
	switch e.Kind {
	case EventPause:
		if s.paused {
			return ledgerErr(i, "%s 暂停计时时，计时已于 %s 暂停", e.On, s.pauseOn)
		}
		s.closeRunning(e.On)
		s.paused, s.pauseOn, s.reason = true, e.On, e.Reason
	case EventResume:
		if !s.paused {
			return ledgerErr(i, "%s 恢复计时时，计时并未暂停", e.On)
		}
		s.closePause(e.On, e.Reason == ResumeLapsed)
		s.start = e.On
	case EventRestart:
		if s.paused {
			s.closePause(e.On, false)
		} else {
			s.closeRunning(e.On)
		}
		res.Segments = append(res.Segments, Segment{Kind: SegmentRestart, From: e.On, To: e.On, Days: s.used, Reason: e.Reason})
		s.used, s.start, s.firstLive = 0, e.On, len(res.Segments)
		res.ExtensionDays = 0
	case EventExtend:
		if res.ExtensionDays != 0 {
			return ledgerErr(i, "%s 再次延长答复期限，答复期限只能延长一次", e.On)
		}
		switch limit := regime.MaxExtensionWorkingDays(); {
		case e.Days < 1:
			return ledgerErr(i, "延长期限为 %d 个工作日，应为 1 至 %d 个工作日（适用 %s）", e.Days, limit, regime.text())
		case e.Days > limit:
			return ledgerErr(i, "延长期限为 %d 个工作日，超过上限 %d 个工作日（适用 %s）", e.Days, limit, regime.text())
		}
		res.ExtensionDays = e.Days
		res.Segments = append(res.Segments, Segment{Kind: SegmentExtension, From: e.On, To: e.On, Days: e.Days})
	case EventDelayTo:
		if s.paused {
			return ledgerErr(i, "%s 确定合理期限时，计时处于暂停状态，应先恢复计时", e.On)
		}
		statutory := s.due(res.BaseDays + res.ExtensionDays)
		if !e.Due.After(statutory) {
			return ledgerErr(i, "合理期限 %s 不晚于法定答复期限届满日 %s，应晚于该日", e.Due, statutory)
		}
	}
	return nil
}

// closeRunning ends the running segment on day d, which counts as used.
func (s *clockState) closeRunning(d Date) {
	n := s.count(s.start, d)
	if n > 0 {
		s.res.Segments = append(s.res.Segments, Segment{Kind: SegmentRunning, From: s.start.AddDays(1), To: d, Days: n})
	}
	s.used += n
}

// closePause ends the pause on day d; the working days after the pause
// began up to and including d are excluded. lapsed: it ended because a
// window ran out, not because an answer came.
func (s *clockState) closePause(d Date, lapsed bool) {
	s.res.Segments = append(s.res.Segments, Segment{Kind: SegmentPause, From: s.pauseOn, To: d, Days: s.count(s.pauseOn, d),
		Reason: s.reason, Lapsed: lapsed})
	s.paused = false
}

func (s *clockState) count(a, b Date) int {
	if !a.Before(b) {
		return 0
	}
	return s.cal.count(a.n, b.n, &s.res.MissingYears)
}

// due returns the day the budget-th working day is used, counting the
// running segments since the last restart and then the open one. It is
// unset when the clock is paused before the budget is used up.
func (s *clockState) due(budget int) Date {
	left := budget
	for _, seg := range s.res.Segments[s.firstLive:] {
		if seg.Kind != SegmentRunning {
			continue
		}
		if seg.Days >= left {
			return s.cal.forward(seg.From.n-1, left, &s.res.MissingYears)
		}
		left -= seg.Days
	}
	if s.paused {
		return Date{}
	}
	return s.cal.forward(s.start.n, left, &s.res.MissingYears)
}

// finish closes the walk as of asOf: the due date, the days used and left,
// and the closing segments.
func (s *clockState) finish(asOf Date, delay *Event) {
	res := s.res
	res.StatutoryDueOn = s.due(res.Budget)
	res.DueOn = res.StatutoryDueOn
	res.Paused = s.paused
	res.WorkingDaysUsed = s.used
	if s.paused {
		res.Segments = append(res.Segments, Segment{Kind: SegmentPause, From: s.pauseOn, To: asOf, Days: s.count(s.pauseOn, asOf), Reason: s.reason, Open: true})
	} else {
		ran := s.count(s.start, asOf)
		res.WorkingDaysUsed += ran
		// The open segment runs to the due date, or to asOf when the
		// budget ran out in an earlier segment.
		to, n := asOf, ran
		if left := res.Budget - s.used; left > 0 {
			to, n = res.StatutoryDueOn, left
		}
		if n > 0 {
			res.Segments = append(res.Segments, Segment{Kind: SegmentRunning, From: s.start.AddDays(1), To: to, Days: n, Open: true})
		}
	}
	res.WorkingDaysLeft = res.Budget - res.WorkingDaysUsed
	if !res.StatutoryDueOn.IsZero() {
		res.Segments = append(res.Segments, Segment{Kind: SegmentDue, From: res.StatutoryDueOn, To: res.StatutoryDueOn, Days: res.Budget})
	}
	if delay != nil {
		res.DueOn = delay.Due
		res.WorkingDaysLeft = s.signedCount(asOf, delay.Due)
		res.Segments = append(res.Segments, Segment{Kind: SegmentDelay, From: delay.On, To: delay.Due, Replaces: res.StatutoryDueOn})
	}
	res.Overdue = res.WorkingDaysLeft < 0
	res.NearDue = !res.Paused && !res.Overdue && res.WorkingDaysLeft <= NearDueWorkingDays
	if !res.MissingYears.Empty() {
		res.Provisional = true
		res.Segments = append(res.Segments, Segment{Kind: SegmentProvisional, MissingYears: res.MissingYears})
	}
}

func (s *clockState) signedCount(a, b Date) int {
	if b.Before(a) {
		return -s.count(b, a)
	}
	return s.count(a, b)
}
