package cases

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/pg"
)

// ledger is the clock ledger of an application with the given facts.
func (a *Application) ledger(events []clock.Event) clock.Ledger {
	return clock.Ledger{ReceivedOn: a.ReceivedOn, Regime: a.Regime, Events: events}
}

// clockOf computes an application's clock as of today with the calendar in
// force in q's snapshot. Applications not yet received have none.
func (s *Service) clockOf(ctx context.Context, q pg.Querier, a *Application) (clock.Result, *clock.Calendar, int64, error) {
	cal, version, err := s.calendars.Calendar(ctx, q, a.Region)
	if err != nil {
		return clock.Result{}, nil, 0, err
	}
	if a.ReceivedOn.IsZero() {
		return clock.Result{}, cal, version, nil
	}
	var events []clock.Event
	if a.ID != "" { // a case being created has no facts yet
		ledgers, err := loadLedgers(ctx, q, []string{a.ID})
		if err != nil {
			return clock.Result{}, nil, 0, err
		}
		events = ledgers[a.ID]
	}
	res, err := clock.Compute(cal, a.ledger(events), s.asOf(a))
	var le *clock.LedgerError
	if errors.As(err, &le) {
		// A date given for this event does not fit the facts recorded.
		return clock.Result{}, nil, 0, errs.New(errs.FailedPrecondition, "所填日期与本案已记录的计时事项不符："+le.Reason)
	}
	if err != nil {
		return clock.Result{}, nil, 0, fmt.Errorf("clock of %s: %w", a.ID, err)
	}
	return res, cal, version, nil
}

// asOf is the day a clock is read on: the reply date once the reply is
// issued (the date the deadline is judged on), the closing date of a case
// that ended without one, else today; never before received-on.
func (s *Service) asOf(a *Application) clock.Date {
	day := s.today()
	switch {
	case !a.RepliedOn.IsZero():
		day = a.RepliedOn
	case !a.ClosedOn.IsZero():
		day = a.ClosedOn
	}
	if day.Before(a.ReceivedOn) {
		return a.ReceivedOn
	}
	return day
}

// refreshDue recomputes the stored due date of an application from its
// ledger; every transaction that changes a clock fact calls it before
// writing the row. Only open cases run a clock.
func (s *Service) refreshDue(ctx context.Context, tx pgx.Tx, a *Application) error {
	if !a.State.Open() {
		return nil // the clock stopped; the due date stays as it was judged
	}
	res, _, version, err := s.clockOf(ctx, tx, a)
	if err != nil {
		return err
	}
	a.ClockVersion = version
	if a.ReceivedOn.IsZero() {
		a.DueOn, a.DueProvisional = clock.Date{}, false
		return nil
	}
	a.DueOn, a.DueProvisional = res.DueOn, res.Provisional
	return nil
}

// Deadline returns an application's clock as of the day it is read on
// (today), with the segments that explain its due date.
func (s *Service) Deadline(ctx context.Context, who actor.Actor, id string) (Application, clock.Result, clock.Date, error) {
	app, err := getApplication(ctx, s.db, who, id, false)
	if err != nil {
		return Application{}, clock.Result{}, clock.Date{}, err
	}
	if app.ReceivedOn.IsZero() {
		return app, clock.Result{}, clock.Date{}, nil
	}
	res, _, _, err := s.clockOf(ctx, s.db, &app)
	return app, res, s.asOf(&app), err
}
