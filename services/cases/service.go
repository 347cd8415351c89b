package cases

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"foi/services/actor"
	"foi/services/agency"
	"foi/services/calendar"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/pg"
)

// Service runs the use cases of applications. Every method takes the actor
// making the call, so that each change is attributed and scoped.
type Service struct {
	db        *pgxpool.Pool
	calendars *calendar.Store
	now       func() time.Time
}

// NewService returns a Service on db counting with the calendars in
// calendars; now is the clock every date is taken from (time.Now in
// production, a fixed clock in tests).
func NewService(db *pgxpool.Pool, calendars *calendar.Store, now func() time.Time) *Service {
	return &Service{db: db, calendars: calendars, now: now}
}

func (s *Service) today() clock.Date { return clock.DateOf(s.now()) }

// maxRequestID bounds client request ids.
const maxRequestID = 64

func checkRequestID(id string) error {
	if utf8.RuneCountInString(id) > maxRequestID {
		return errs.Field("requestId", "请求标识不能超过 64 个字符")
	}
	return nil
}

// authorize checks that the actor's role may cause event e.
func authorize(who actor.Actor, e Event) error {
	if !slices.Contains(RolesFor(e), who.Role) {
		return errs.New(errs.PermissionDenied, fmt.Sprintf("%s无权执行「%s」", who.Role.Label(), e.Label()))
	}
	return nil
}

// Submit files an application through the online portal.
func (s *Service) Submit(ctx context.Context, who actor.Actor, requestID string, d Details) (Application, error) {
	if err := authorize(who, Submit); err != nil {
		return Application{}, err
	}
	var c errs.Collector
	c.Merge("", checkRequestID(requestID))
	today := s.today()
	c.Merge("", d.normalise(today))
	if err := c.Err(); err != nil {
		return Application{}, err
	}
	app := Application{
		State:              Submitted,
		Regime:             clock.RegimeFor(today),
		Details:            d,
		Intake:             Intake{Channel: ChannelOnline, SubmittedAt: s.now()},
		ApplicantAccountID: who.AccountID,
		CreatedBy:          who.AccountID,
	}
	return s.create(ctx, who, Submit, requestID, app)
}

// Register records an application a clerk received at the window, by post,
// by fax or orally; it is accepted at once, received on the day the channel
// rules give (Art. 31).
func (s *Service) Register(ctx context.Context, who actor.Actor, requestID string, d Details, in Intake) (Application, error) {
	if err := authorize(who, Register); err != nil {
		return Application{}, err
	}
	var c errs.Collector
	c.Merge("", checkRequestID(requestID))
	today := s.today()
	c.Merge("", d.normalise(today))
	in.SubmittedAt = time.Time{}
	received, err := in.receivedOn(today)
	c.Merge("", err)
	if err := c.Err(); err != nil {
		return Application{}, err
	}
	app := Application{
		State:      Accepted,
		Regime:     clock.RegimeFor(received),
		Details:    d,
		Intake:     in,
		ReceivedOn: received,
		CreatedBy:  who.AccountID,
	}
	return s.create(ctx, who, Register, requestID, app)
}

// create stores a new application in one transaction. A request id makes it
// idempotent per account: a retry returns the application the first call
// created, and a different application under the same id is refused.
func (s *Service) create(ctx context.Context, who actor.Actor, e Event, requestID string, app Application) (Application, error) {
	hash := requestHash(app.Details, app.Intake)
	for attempt := 0; ; attempt++ {
		var out Application
		err := pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
			if requestID != "" {
				id, prev, err := findByRequest(ctx, tx, who.AccountID, requestID)
				if err != nil {
					return err
				}
				if id != "" {
					if !bytes.Equal(prev, hash) {
						return errs.New(errs.AlreadyExists, "请求标识 "+requestID+" 已用于另一份内容不同的申请")
					}
					out, err = getApplication(ctx, tx, who, id, false)
					return err
				}
			}
			ag, err := agency.Lookup(ctx, tx, app.Details.AgencyID)
			if err != nil {
				return err
			}
			if who.Role.Staff() && !who.InAgency(ag.ID) {
				return errs.New(errs.PermissionDenied, "您不是该机关的工作人员，不能为其登记申请")
			}
			if _, err := Next(New, e, Always); err != nil {
				return err
			}
			if app.State == Submitted && ag.AutoConfirmOnline {
				// The agency's policy: online submissions count as received
				// when submitted (rules.md section 2).
				today := s.today()
				app.State, app.ReceivedOn, app.Intake.ConfirmedOn, app.Regime = Accepted, today, today, clock.RegimeFor(today)
			}
			if app.State == Accepted {
				if app.TrackingNumber, err = nextTrackingNumber(ctx, tx, ag.ID, ag.Code, app.ReceivedOn); err != nil {
					return err
				}
			}
			app.Region, app.CreatedAt = ag.Region, s.now()
			if err := s.refreshDue(ctx, tx, &app); err != nil {
				return err
			}
			out = app
			return insertApplication(ctx, tx, &out, requestID, hash)
		})
		if errors.Is(err, errDuplicateRequest) && attempt == 0 {
			continue // a concurrent retry won; the next attempt returns its result
		}
		return out, err
	}
}

// Confirm confirms an online submission: it counts as received on the
// confirmation date (today unless the clerk gives an earlier one).
func (s *Service) Confirm(ctx context.Context, who actor.Actor, id string, version int64, confirmedOn clock.Date) (Application, error) {
	return s.transition(ctx, who, id, version, Confirm, func(tx pgx.Tx, app *Application) (Guard, error) {
		today := s.today()
		submitted := clock.DateOf(app.Intake.SubmittedAt)
		switch {
		case confirmedOn.IsZero():
			confirmedOn = today
		case confirmedOn.After(today):
			return "", errs.Field("confirmedOn", "确认日期不能晚于今天（"+today.String()+"）")
		case confirmedOn.Before(submitted):
			return "", errs.Field("confirmedOn", "确认日期不能早于提交日期（"+submitted.String()+"）")
		}
		ag, err := agency.Lookup(ctx, tx, app.AgencyID)
		if err != nil {
			return "", err
		}
		app.Intake.ConfirmedOn, app.ReceivedOn, app.Regime = confirmedOn, confirmedOn, clock.RegimeFor(confirmedOn)
		app.TrackingNumber, err = nextTrackingNumber(ctx, tx, ag.ID, ag.Code, confirmedOn)
		return Always, err
	})
}

// applyFunc changes a locked application for one event and says which
// guarded transition of the event applies.
type applyFunc func(tx pgx.Tx, app *Application) (Guard, error)

// transition is the one path by which an existing case changes: in one
// transaction it locks the row, refuses a stale version (Aborted), asks the
// machine (FailedPrecondition), checks the role (PermissionDenied), applies
// the change and writes it. Nothing is written unless all of it succeeds.
func (s *Service) transition(ctx context.Context, who actor.Actor, id string, version int64, e Event, apply applyFunc) (Application, error) {
	var out Application
	err := pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		app, err := getApplication(ctx, tx, who, id, true)
		if err != nil {
			return err
		}
		if app.Version != version {
			return errs.New(errs.Aborted, fmt.Sprintf("申请已被他人修改（您读取的版本为 %d，当前版本为 %d），请刷新后重试", version, app.Version))
		}
		if !slices.Contains(Allowed(app.State), e) {
			return notAllowed(app.State, e)
		}
		if err := authorize(who, e); err != nil {
			return err
		}
		from := app.State
		guard, err := apply(tx, &app)
		if err != nil {
			return err
		}
		to, err := Next(from, e, guard)
		if err != nil {
			return err
		}
		app.State = to
		app.UpdatedAt = s.now()
		if err := s.refreshDue(ctx, tx, &app); err != nil {
			return err
		}
		if err := updateApplication(ctx, tx, &app, version); err != nil {
			return err
		}
		out = app
		return nil
	})
	return out, err
}

// Get returns one application the actor may see.
func (s *Service) Get(ctx context.Context, who actor.Actor, id string) (Application, error) {
	return getApplication(ctx, s.db, who, id, false)
}
