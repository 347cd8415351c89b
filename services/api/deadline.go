package api

import (
	"context"
	"errors"
	"fmt"

	"google.golang.org/grpc"

	foiv1 "foi/gen/foi/v1"
	"foi/services/calendar"
	"foi/services/clock"
	"foi/services/errs"
)

// Deadlines serves foi.v1.DeadlineService.
type Deadlines struct {
	foiv1.UnimplementedDeadlineServiceServer
	calendars *calendar.Store
	today     func() clock.Date
}

// NewDeadlines returns the DeadlineService handlers; today is the current
// civil date (the default as-of day).
func NewDeadlines(calendars *calendar.Store, today func() clock.Date) *Deadlines {
	return &Deadlines{calendars: calendars, today: today}
}

// Register adds the service to s.
func (h *Deadlines) Register(s grpc.ServiceRegistrar) { foiv1.RegisterDeadlineServiceServer(s, h) }

var eventKinds = map[foiv1.ClockEventKind]clock.EventKind{
	foiv1.ClockEventKind_CLOCK_EVENT_KIND_PAUSE:    clock.EventPause,
	foiv1.ClockEventKind_CLOCK_EVENT_KIND_RESUME:   clock.EventResume,
	foiv1.ClockEventKind_CLOCK_EVENT_KIND_RESTART:  clock.EventRestart,
	foiv1.ClockEventKind_CLOCK_EVENT_KIND_EXTEND:   clock.EventExtend,
	foiv1.ClockEventKind_CLOCK_EVENT_KIND_DELAY_TO: clock.EventDelayTo,
}

// ComputeDeadline implements foi.v1.DeadlineService.
func (h *Deadlines) ComputeDeadline(ctx context.Context, req *foiv1.ComputeDeadlineRequest) (*foiv1.ComputeDeadlineResponse, error) {
	var c errs.Collector
	received := parseDate(&c, "receivedOn", req.GetReceivedOn())
	if req.GetReceivedOn() == "" {
		c.Add("receivedOn", "须提供收到申请的日期")
	}
	asOf := parseDate(&c, "asOf", req.GetAsOf())
	if asOf.IsZero() {
		asOf = h.today()
	}
	regime := regimeFromProto(req.GetRegime())
	region := clock.NationalRegion
	if req.GetRegion() != "" {
		region = regionOf(&c, req.GetRegion())
	}
	l := clock.Ledger{ReceivedOn: received, Regime: regime}
	last := received
	for i, e := range req.GetEvents() {
		field := fmt.Sprintf("events[%d]", i)
		kind, ok := eventKinds[e.GetKind()]
		if !ok {
			c.Add(field+".kind", "须为 PAUSE、RESUME、RESTART、EXTEND 或 DELAY_TO")
			continue
		}
		ev := clock.Event{Kind: kind, Reason: clock.PauseReason(e.GetReason())}
		switch kind {
		case clock.EventExtend:
			ev.On, ev.Days = last, int(e.GetDays())
			if d := parseDate(&c, field+".date", e.GetDate()); !d.IsZero() {
				ev.On = d
			}
		case clock.EventDelayTo:
			// The date is the new due date; it was decided after every
			// earlier fact.
			ev.On, ev.Due = last, parseDate(&c, field+".date", e.GetDate())
			if ev.Due.IsZero() {
				c.Add(field+".date", "须提供新的答复期限")
			}
		default:
			ev.On = parseDate(&c, field+".date", e.GetDate())
			if ev.On.IsZero() {
				c.Add(field+".date", "须提供日期")
			}
		}
		if !ev.On.IsZero() {
			last = ev.On
		}
		l.Events = append(l.Events, ev)
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	if asOf.Before(last) {
		asOf = last
	}
	cal, err := h.calendars.Current(ctx, region)
	if err != nil {
		return nil, err
	}
	res, err := clock.Compute(cal, l, asOf)
	if err != nil {
		return nil, ledgerError(err)
	}
	return &foiv1.ComputeDeadlineResponse{Deadline: deadlineProto(res, asOf)}, nil
}

// ledgerError names the offending event of an inconsistent ledger.
func ledgerError(err error) error {
	var le *clock.LedgerError
	if !errors.As(err, &le) {
		return err
	}
	if le.Event < 0 {
		return errs.Field("events", le.Reason)
	}
	return errs.Field(fmt.Sprintf("events[%d]", le.Event), le.Reason)
}

func regimeFromProto(r foiv1.Regime) clock.Regime {
	switch r {
	case foiv1.Regime_REGIME_2007:
		return clock.Regime2007
	case foiv1.Regime_REGIME_2019:
		return clock.Regime2019
	}
	return clock.RegimeUnspecified
}

func regimeProto(r clock.Regime) foiv1.Regime {
	return foiv1.Regime(enumValue(foiv1.Regime_value, "REGIME_", r.String()))
}

// deadlineProto converts a computed clock, rendering each segment's Chinese
// text.
func deadlineProto(r clock.Result, asOf clock.Date) *foiv1.Deadline {
	out := &foiv1.Deadline{
		DueOn:           r.DueOn.String(),
		StatutoryDueOn:  r.StatutoryDueOn.String(),
		Regime:          regimeProto(r.Regime),
		BudgetDays:      int32(r.Budget),
		WorkingDaysUsed: int32(r.WorkingDaysUsed),
		WorkingDaysLeft: int32(r.WorkingDaysLeft),
		Paused:          r.Paused,
		Overdue:         r.Overdue,
		NearDue:         r.NearDue,
		Provisional:     r.Provisional,
		MissingYears:    int32s(r.MissingYears.List()),
		AsOf:            asOf.String(),
	}
	for _, s := range r.Segments {
		if s.Kind != clock.SegmentPause {
			s.Reason = clock.PauseOther // the text says why a restart happened
		}
		out.Segments = append(out.Segments, &foiv1.DeadlineSegment{
			Kind:         foiv1.SegmentKind(s.Kind),
			From:         s.From.String(),
			To:           s.To.String(),
			Days:         int32(s.Days),
			Reason:       foiv1.PauseReason(s.Reason),
			Open:         s.Open,
			Replaces:     s.Replaces.String(),
			MissingYears: int32s(s.MissingYears.List()),
			Text:         s.Text(),
		})
	}
	return out
}

func int32s(xs []int) []int32 {
	out := make([]int32, len(xs))
	for i, x := range xs {
		out[i] = int32(x)
	}
	return out
}
