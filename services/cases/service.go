package cases

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"foi/services/actor"
	"foi/services/agency"
	"foi/services/applicant"
	"foi/services/calendar"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/notice"
	"foi/services/pg"
)

// Service runs the use cases of applications. Every method takes the actor
// making the call, so that each change is attributed and scoped.
type Service struct {
	db         *pgxpool.Pool
	calendars  *calendar.Store
	now        func() time.Time
	historyKey []byte
}

// StatusByCode is the public status of the case with trackingNumber, for
// whoever holds its receipt: ok is false for a wrong code and for no such
// case alike. The caller throttles attempts.
func (s *Service) StatusByCode(ctx context.Context, trackingNumber, code string) (PublicStatus, bool, error) {
	trackingNumber = strings.ToUpper(strings.TrimSpace(trackingNumber))
	code = strings.ToUpper(strings.TrimSpace(code))
	if trackingNumber == "" || code == "" {
		return PublicStatus{}, false, nil
	}
	return statusByCode(ctx, s.db, trackingNumber, code)
}

// MinHistoryKey is the shortest key NewService accepts for the history
// chain.
const MinHistoryKey = 32

// NewService returns a Service on db counting with the calendars in
// calendars; now is the clock every date is taken from (time.Now in
// production, a fixed clock in tests). historyKey keys the hash chain of
// every case's history (HMAC-SHA256): a secret kept outside the database,
// so that someone who can only write to the database cannot recompute the
// chain. It must be at least MinHistoryKey bytes.
func NewService(db *pgxpool.Pool, calendars *calendar.Store, now func() time.Time, historyKey []byte) (*Service, error) {
	if len(historyKey) < MinHistoryKey {
		return nil, fmt.Errorf("the history key must be at least %d bytes", MinHistoryKey)
	}
	return &Service{db: db, calendars: calendars, now: now, historyKey: historyKey}, nil
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

// Submit files an application through the online portal. own is the
// identity registered on the applicant's account: an online application
// is made under that identity document, so nobody files under (and uses up
// the free fee pieces of) someone else's number.
func (s *Service) Submit(ctx context.Context, who actor.Actor, requestID string, d Details, own applicant.Identity) (Application, error) {
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
	if own.IDNumber != "" && (d.Applicant.IDType != own.IDType || d.Applicant.IDNumber != own.IDNumber) {
		return Application{}, errs.Field("details.applicant.idNumber", "网上申请须使用本账号登记的身份证明")
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
				earlier, found, err := s.earlierCreate(ctx, tx, who, requestID, hash)
				if err != nil || found {
					out = earlier
					return err
				}
			}
			var err error
			out, err = s.insert(ctx, tx, who, e, requestID, hash, app)
			return err
		})
		if errors.Is(err, errDuplicateRequest) && attempt == 0 {
			continue // a concurrent retry won; the next attempt returns its result
		}
		return out, err
	}
}

// earlierCreate returns the application the account created earlier with
// the same request id, if any; the same id with a different request is
// refused.
func (s *Service) earlierCreate(ctx context.Context, tx pgx.Tx, who actor.Actor, requestID string, hash []byte) (Application, bool, error) {
	id, prev, err := findByRequest(ctx, tx, who.AccountID, requestID)
	if err != nil || id == "" {
		return Application{}, false, err
	}
	if !bytes.Equal(prev, hash) {
		return Application{}, false, errs.New(errs.AlreadyExists, "请求标识 "+requestID+" 已用于另一份内容不同的申请")
	}
	app, err := getApplication(ctx, tx, who, id, false)
	return app, err == nil, err
}

// insert stores a new application with its first history event (and, by
// the agency's policy, confirms an online one at once).
func (s *Service) insert(ctx context.Context, tx pgx.Tx, who actor.Actor, e Event, requestID string, hash []byte, app Application) (Application, error) {
	ag, err := agency.Lookup(ctx, tx, app.Details.AgencyID)
	if err != nil {
		return Application{}, err
	}
	if who.Role.Staff() && !who.InAgency(ag.ID) {
		return Application{}, errs.New(errs.PermissionDenied, "您不是该机关的工作人员，不能为其登记申请")
	}
	if _, err := Next(New, e, Always); err != nil {
		return Application{}, err
	}
	var backdated int
	if e == Register {
		cal, _, err := s.calendars.Calendar(ctx, tx, ag.Region)
		if err != nil {
			return Application{}, err
		}
		backdated, _ = cal.CountWorkingDays(app.ReceivedOn, s.today())
		if err := decideBackdate(&app.Intake, app.ReceivedOn, backdated, ag.MaxBackdateDays); err != nil {
			return Application{}, err
		}
	}
	if app.State == Accepted {
		if app.TrackingNumber, err = nextTrackingNumber(ctx, tx, ag.ID, ag.Code, app.ReceivedOn); err != nil {
			return Application{}, err
		}
	}
	app.Region, app.CreatedAt, app.UpdatedAt = ag.Region, s.now(), s.now()
	if err := s.refreshDue(ctx, tx, &app); err != nil {
		return Application{}, err
	}
	if app.ID, err = drawID(ctx, tx); err != nil {
		return Application{}, err
	}
	app.Version = 1
	payload := map[string]string{"channel": string(app.Intake.Channel), "receivedOn": app.ReceivedOn.String()}
	if app.Intake.BackdateReason != "" {
		payload["backdateReason"] = app.Intake.BackdateReason
		payload["backdateWorkingDays"] = strconv.Itoa(backdated)
	}
	st := step{payload: payload}
	if app.State == Accepted {
		if err := assignQueryCode(ctx, tx, &app); err != nil {
			return Application{}, err
		}
		st.notices = []noticeOrder{{kind: notice.Receipt}}
	}
	h, issued, err := s.chain(ctx, tx, &app, ag, string(e), New, who, clock.Date{}, st)
	if err != nil {
		return Application{}, err
	}
	if err := insertApplication(ctx, tx, &app, requestID, hash); err != nil {
		return Application{}, err
	}
	if app.State == Accepted {
		if _, err := allocatePieces(ctx, tx, &app, 1); err != nil {
			return Application{}, err
		}
	}
	if err := s.record(ctx, tx, &app, ag, h, issued, st); err != nil {
		return Application{}, err
	}
	if app.State == Submitted && ag.AutoConfirmOnline {
		err = s.autoConfirm(ctx, tx, &app, ag)
	}
	return app, err
}

// autoConfirm applies the agency's policy that online submissions count as
// received when submitted (rules.md section 2): the confirmation is the
// service's own act, recorded as such.
func (s *Service) autoConfirm(ctx context.Context, tx pgx.Tx, app *Application, ag agency.Agency) error {
	readVersion := app.Version
	if _, err := Next(Submitted, Confirm, Always); err != nil {
		return err
	}
	st := decideAutoConfirm(app, ag, s.today())
	for _, w := range st.writes {
		if err := w.write(ctx, tx, app, s.now()); err != nil {
			return err
		}
	}
	if err := s.refreshDue(ctx, tx, app); err != nil {
		return err
	}
	app.Version = readVersion + 1
	h, issued, err := s.chain(ctx, tx, app, ag, string(Confirm), Submitted, actor.SystemActor, clock.Date{}, st)
	if err != nil {
		return err
	}
	if err := updateApplication(ctx, tx, app, readVersion); err != nil {
		return err
	}
	return s.record(ctx, tx, app, ag, h, issued, st)
}

// decideAutoConfirm confirms an online submission on the day it was
// submitted, by the agency's policy.
func decideAutoConfirm(app *Application, ag agency.Agency, today clock.Date) step {
	app.State, app.ReceivedOn, app.Intake.ConfirmedOn, app.Regime = Accepted, today, today, clock.RegimeFor(today)
	return step{
		reason:  "本机关政策：网上提交的申请于提交当日确认收到",
		payload: map[string]string{"confirmedOn": today.String(), "policy": "auto_confirm_online"},
		writes:  []rowWrite{newTrackingNumber{agencyCode: ag.Code, on: today}, morePieces{n: 1}},
		notices: []noticeOrder{{kind: notice.Receipt}},
	}
}

// Confirm confirms an online submission: it counts as received on the
// confirmation date (today unless the clerk gives an earlier one).
func (s *Service) Confirm(ctx context.Context, who actor.Actor, id string, version int64, confirmedOn clock.Date) (Application, error) {
	return s.transition(ctx, who, id, version, Confirm, func(_ pgx.Tx, app *Application, ag agency.Agency) (step, error) {
		return decideConfirm(app, ag, s.today(), confirmedOn)
	})
}

// decideConfirm fixes received-on at the confirmation date: today, or an
// earlier day the clerk gives, never before the submission.
func decideConfirm(app *Application, ag agency.Agency, today, confirmedOn clock.Date) (step, error) {
	submitted := clock.DateOf(app.Intake.SubmittedAt)
	switch {
	case confirmedOn.IsZero():
		confirmedOn = today
	case confirmedOn.After(today):
		return step{}, errs.Field("confirmedOn", "确认日期不能晚于今天（"+today.String()+"）")
	case confirmedOn.Before(submitted):
		return step{}, errs.Field("confirmedOn", "确认日期不能早于提交日期（"+submitted.String()+"）")
	}
	app.Intake.ConfirmedOn, app.ReceivedOn, app.Regime = confirmedOn, confirmedOn, clock.RegimeFor(confirmedOn)
	return step{
		payload: map[string]string{"confirmedOn": confirmedOn.String()},
		writes:  []rowWrite{newTrackingNumber{agencyCode: ag.Code, on: confirmedOn}, morePieces{n: 1}},
		notices: []noticeOrder{{kind: notice.Receipt}},
	}, nil
}

// Get returns one application the actor may see.
func (s *Service) Get(ctx context.Context, who actor.Actor, id string) (Application, error) {
	return getApplication(ctx, s.db, who, id, false)
}
