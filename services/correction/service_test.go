package correction

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"foi/services/actor"
	"foi/services/applicant"
	"foi/services/calendar"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/fakeclock"
	"foi/services/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

type fixture struct {
	db                    *pgxpool.Pool
	svc                   *Service
	agency                string
	clerk, officer, head  actor.Actor
	applicant, applicant2 actor.Actor
	applicantID           applicant.Identity
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	clk := fakeclock.On("2026-11-27")
	f := &fixture{db: pgtest.NewDB(t)}
	cals, err := calendar.NewStore(f.db, clk.Now, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.svc, err = NewService(f.db, cals, clk.Now, []byte("foi test key of the history chain, 32+ bytes")); err != nil {
		t.Fatal(err)
	}
	if err := f.db.QueryRow(ctx, `INSERT INTO agencies (code, name) VALUES ('AAA', '甲局') RETURNING id`).Scan(&f.agency); err != nil {
		t.Fatal(err)
	}
	person := func(login string, role actor.Role, agencies ...string) actor.Actor {
		var id string
		if err := f.db.QueryRow(ctx, `INSERT INTO accounts (login, role, display_name) VALUES ($1, $2, $1) RETURNING id`, login, string(role)).Scan(&id); err != nil {
			t.Fatal(err)
		}
		for _, ag := range agencies {
			if _, err := f.db.Exec(ctx, `INSERT INTO account_agencies VALUES ($1, $2)`, id, ag); err != nil {
				t.Fatal(err)
			}
		}
		return actor.Actor{AccountID: id, Name: login, Role: role, Agencies: agencies}
	}
	f.clerk, f.officer, f.head = person("clerk", actor.Clerk, f.agency), person("officer", actor.Officer, f.agency), person("head", actor.Head, f.agency)
	f.applicant, f.applicant2 = person("applicant", actor.Applicant), person("applicant2", actor.Applicant)
	f.applicantID = applicant.Identity{Type: applicant.NaturalPerson, Name: "张三", IDType: applicant.ResidentIDCard,
		IDNumber: "11010519491231002X", Phone: "13912345678"}
	return f
}

func (f *fixture) details() Details {
	return Details{AgencyID: f.agency, Applicant: f.applicantID, Record: "住户签约名单", Inaccuracy: "姓名有误", Requested: "应为张三", Evidence: "身份证复印件"}
}

// TestConcurrentEventsOneWins: two heads assign the same version at once;
// exactly one change is written, the other is told the request changed.
func TestConcurrentEventsOneWins(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	r, err := f.svc.Submit(ctx, f.applicant, "", f.details(), f.applicantID)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	results := make([]error, 8)
	for i := range results {
		wg.Go(func() {
			_, results[i] = f.svc.Transition(ctx, f.head, r.ID, r.Version, Input{Event: Assign, AssigneeID: f.officer.AccountID})
		})
	}
	wg.Wait()
	won := 0
	for _, err := range results {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, errs.Aborted):
			t.Errorf("a losing write: %v, want Aborted", err)
		}
	}
	v, err := f.svc.Get(ctx, f.head, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if won != 1 || len(v.History) != 2 || v.Request.Version != 2 || !v.Intact {
		t.Errorf("%d writes won; history %d events, version %d, intact %v", won, len(v.History), v.Request.Version, v.Intact)
	}
}

// TestRequestIDs: a retry returns the first request; the same id for
// other content is refused; another account's id is its own.
func TestRequestIDs(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	first, err := f.svc.Submit(ctx, f.applicant, "r-1", f.details(), f.applicantID)
	if err != nil {
		t.Fatal(err)
	}
	again, err := f.svc.Submit(ctx, f.applicant, "r-1", f.details(), f.applicantID)
	if err != nil || again.ID != first.ID || again.TrackingNumber != first.TrackingNumber {
		t.Errorf("retry: %v %v", again.ID, err)
	}
	other := f.details()
	other.Record = "另一份记录"
	if _, err := f.svc.Submit(ctx, f.applicant, "r-1", other, f.applicantID); !errors.Is(err, errs.AlreadyExists) {
		t.Errorf("the same id for another request: %v", err)
	}
	reg, err := f.svc.Register(ctx, f.clerk, "r-1", f.details(), InPerson, f.svc.today())
	if err != nil || reg.ID == first.ID || reg.TrackingNumber == first.TrackingNumber {
		t.Errorf("the clerk's own r-1: %v %v", reg.TrackingNumber, err)
	}
	var n int
	if err := f.db.QueryRow(ctx, `SELECT count(*) FROM correction_requests`).Scan(&n); err != nil || n != 2 {
		t.Errorf("%d requests stored, want 2", n)
	}
	if _, err := f.svc.Get(ctx, f.applicant2, first.ID); !errors.Is(err, errs.NotFound) {
		t.Errorf("another applicant reads it: %v", err)
	}
}

// TestTamperedLetterIsFound: a letter changed behind the service's back
// (the triggers set aside by someone who owns the database) no longer
// verifies.
func TestTamperedLetterIsFound(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	r, err := f.svc.Submit(ctx, f.applicant, "", f.details(), f.applicantID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.Exec(ctx, `UPDATE correction_letters SET html = replace(html, '张三', '李四')`); err == nil {
		t.Fatal("the database let a letter be rewritten")
	}
	if _, err := f.db.Exec(ctx, `
		ALTER TABLE correction_letters DISABLE TRIGGER correction_letters_append_only;
		UPDATE correction_letters SET html = replace(html, '张三', '李四');
		ALTER TABLE correction_letters ENABLE TRIGGER correction_letters_append_only`); err != nil {
		t.Fatal(err)
	}
	v, err := f.svc.Get(ctx, f.head, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v.Intact || v.Problem == "" {
		t.Errorf("a rewritten letter verifies: %+v", v)
	}
}

// TestWarnings: an overdue request warns the heads, a near-due one its
// officer, one with time left nobody; each once per due date.
func TestWarnings(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.db.Exec(ctx, `UPDATE agencies SET max_backdate_days = 500`); err != nil {
		t.Fatal(err)
	}
	register := func(on string) Request {
		r, err := f.svc.Register(ctx, f.clerk, "", f.details(), Post, clock.MustParseDate(on))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	overdue, near, later := register("2026-10-28"), register("2026-11-02"), register("2026-11-27")
	if overdue.DueOn.String() != "2026-11-25" || near.DueOn.String() != "2026-11-30" || later.DueOn.String() != "2026-12-25" {
		t.Fatalf("due on %s, %s, %s", overdue.DueOn, near.DueOn, later.DueOn)
	}
	if _, err := f.svc.Transition(ctx, f.head, near.ID, near.Version, Input{Event: Assign, AssigneeID: f.officer.AccountID}); err != nil {
		t.Fatal(err)
	}
	if n, err := f.svc.Warn(ctx); err != nil || n != 2 {
		t.Errorf("queued %d warnings (%v), want 2", n, err)
	}
	if n, err := f.svc.Warn(ctx); err != nil || n != 0 {
		t.Errorf("a second sweep queued %d (%v), want none", n, err)
	}
	inbox := func(who actor.Actor, topic string) int {
		var n int
		if err := f.db.QueryRow(ctx, `SELECT count(*) FROM inbox_items WHERE account_id = $1 AND topic = $2`, who.AccountID, topic).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if inbox(f.head, "correction.overdue") != 1 || inbox(f.officer, "correction.near_due") != 1 || inbox(f.head, "correction.near_due") != 0 {
		t.Errorf("overdue to the head %d, near-due to the officer %d, to the head %d",
			inbox(f.head, "correction.overdue"), inbox(f.officer, "correction.near_due"), inbox(f.head, "correction.near_due"))
	}
}
