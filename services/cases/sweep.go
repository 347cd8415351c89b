package cases

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/clock"
	"foi/services/outbox"
	"foi/services/pg"
)

// SweepResult counts what one sweep did.
type SweepResult struct {
	ClarificationLapses int
	ConsultationLapses  int
	FeeLapses           int
	Warnings            int
	Recomputed          int
}

// sweepBatch is how many cases one sweep transaction takes.
const sweepBatch = 20

// Sweep fires the time-driven events that are due: lapsed clarifications,
// consultations and fee notices, near-due and overdue warnings, and due dates left
// behind by a calendar load. Each batch is one transaction over rows taken
// with SKIP LOCKED, so several replicas can sweep at once and every lapse
// fires exactly once; a sweep that dies leaves its batch undone, not half
// done.
func (s *Service) Sweep(ctx context.Context) (SweepResult, error) {
	var r SweepResult
	today := s.today()
	var failures [5]error
	// Dates left behind by a calendar load are counted again first: no
	// case lapses on a date computed with a calendar no longer in force.
	r.Recomputed, _, failures[4] = s.RecomputeStale(ctx)
	r.ClarificationLapses, failures[0] = s.sweepLapses(ctx, ClarificationLapsed, lapsedClarifications, today, s.lapseClarification())
	r.ConsultationLapses, failures[1] = s.sweepLapses(ctx, ConsultationLapsed, lapsedConsultations, today, s.lapseConsultations(ctx))
	r.FeeLapses, failures[2] = s.sweepLapses(ctx, FeeLapsed, lapsedFees, today, s.lapseFee(ctx))
	r.Warnings, failures[3] = s.warn(ctx)
	// Each kind of event is swept even when another failed.
	return r, errors.Join(failures[:]...)
}

// errNothingToDo tells the sweeper that a case it took no longer needs the
// event (another replica got there first): nothing is written.
var errNothingToDo = errors.New("nothing to do")

// sweepLapses fires event on every case the selection takes, a batch per
// transaction, until none is left. Each case runs in a savepoint: a case
// whose event fails is rolled back alone, logged, and left out for the rest
// of the sweep, so one bad case cannot stop the others.
func (s *Service) sweepLapses(ctx context.Context, e Event, selection string, today clock.Date, apply applyFunc) (int, error) {
	total := 0
	failed := []string{}
	var failures []error
	for {
		n := 0
		err := pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
			apps, err := lockDue(ctx, tx, selection, today, sweepBatch, failed)
			if err != nil {
				return err
			}
			n = len(apps)
			for _, app := range apps {
				err := pg.InTx(ctx, tx, func(sp pgx.Tx) error {
					_, err := s.fire(ctx, sp, actor.SystemActor, app, e, apply)
					return err
				})
				switch {
				case err == nil:
					total++
				case errors.Is(err, errNothingToDo):
				default:
					failed = append(failed, app.ID)
					failures = append(failures, fmt.Errorf("%s on %s: %w", e, app.ID, err))
				}
			}
			return nil
		})
		if err != nil {
			return total, err
		}
		if n == 0 {
			return total, errors.Join(failures...)
		}
	}
}

// warn queues near-due (three working days or fewer left) and overdue
// warnings for the staff of open cases, once per case and due date. Three
// working days can span twelve calendar days around the Spring Festival;
// the query looks a month ahead and the calendar decides.
func (s *Service) warn(ctx context.Context) (int, error) {
	msgs, err := s.warnings(ctx)
	if err != nil {
		return 0, err
	}
	queued := 0
	for _, m := range msgs {
		err = pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
			added, err := outbox.Enqueue(ctx, tx, m, s.now())
			if added {
				queued++
			}
			return err
		})
		if err != nil {
			return queued, err
		}
	}
	return queued, nil
}

// warnings are the near-due and overdue warnings due today, each once per
// case and due date (the outbox drops one already queued).
func (s *Service) warnings(ctx context.Context) ([]outbox.Message, error) {
	today := s.today()
	apps, err := dueBy(ctx, s.db, today.AddDays(31))
	if err != nil {
		return nil, err
	}
	var out []outbox.Message
	for _, a := range apps {
		cal, err := s.calendars.Current(ctx, a.Region)
		if err != nil {
			return out, err
		}
		if m, ok := warningFor(a, cal, today); ok {
			out = append(out, m)
		}
	}
	waiting, err := unconfirmedSince(ctx, s.db, s.now().Add(-24*time.Hour))
	if err != nil {
		return out, err
	}
	for _, a := range waiting {
		cal, err := s.calendars.Current(ctx, a.Region)
		if err != nil {
			return out, err
		}
		submitted := clock.DateOf(a.Intake.SubmittedAt)
		if days, _ := cal.CountWorkingDays(submitted, today); days > 1 {
			subject := fmt.Sprintf("网上申请（%s 提交，%s）已超过一个工作日未确认收到", submitted, a.Details.Information.Title)
			out = append(out, outbox.Message{ApplicationID: a.ID, Topic: "warning.unconfirmed",
				Recipient: "staff:" + a.AgencyID + ":" + string(actor.Clerk), Subject: subject,
				Body: subject + "。答复期限自确认收到之日起计算，请及时确认。", DedupeKey: "unconfirmed:" + a.ID})
		}
	}
	return out, nil
}

// warningFor is the warning an open case due on a.DueOn gets today, if any:
// overdue, or due within clock.NearDueWorkingDays working days.
func warningFor(a Application, cal *clock.Calendar, today clock.Date) (outbox.Message, bool) {
	var m outbox.Message
	switch left, _ := cal.CountWorkingDays(today, a.DueOn); {
	case a.DueOn.Before(today):
		m = outbox.Message{Topic: "warning.overdue", Subject: fmt.Sprintf("申请 %s 已超过答复期限（%s）", a.TrackingNumber, a.DueOn),
			DedupeKey: "overdue:" + a.ID + ":" + a.DueOn.String()}
	case left <= clock.NearDueWorkingDays:
		m = outbox.Message{Topic: "warning.near_due", Subject: fmt.Sprintf("申请 %s 将于 %s 到期，剩余 %d 个工作日", a.TrackingNumber, a.DueOn, left),
			DedupeKey: "near_due:" + a.ID + ":" + a.DueOn.String()}
	default:
		return m, false
	}
	m.ApplicationID, m.Body = a.ID, m.Subject+"。请及时办理。"
	m.Recipient = "staff:" + a.AgencyID + ":" + string(actor.Officer)
	if a.AssigneeID != "" {
		m.Recipient = "account:" + a.AssigneeID
	}
	return m, true
}

// RunSweeper sweeps every interval until ctx ends, logging what it did.
// observe, when not nil, is told of each sweep as it ends (for metrics).
func (s *Service) RunSweeper(ctx context.Context, every time.Duration, log *slog.Logger, observe func(SweepResult, error)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		r, err := s.Sweep(ctx)
		if observe != nil && ctx.Err() == nil {
			observe(r, err)
		}
		switch {
		case err != nil && ctx.Err() == nil:
			log.ErrorContext(ctx, "sweep failed", "err", err)
		case r != (SweepResult{}):
			log.InfoContext(ctx, "sweep", "clarification_lapses", r.ClarificationLapses, "consultation_lapses", r.ConsultationLapses,
				"fee_lapses", r.FeeLapses, "warnings", r.Warnings, "recomputed", r.Recomputed)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
