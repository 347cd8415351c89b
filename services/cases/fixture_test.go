package cases

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"foi/services/actor"
	"foi/services/calendar"
	"foi/services/clock"
	"foi/services/fakeclock"
	"foi/services/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// testHistoryKey keys the history chain in tests.
var testHistoryKey = []byte("foi test key of the history chain, 32+ bytes")

// fixture is a fresh database with two agencies and their people.
type fixture struct {
	db                    *pgxpool.Pool
	clock                 *fakeclock.Clock
	cals                  *calendar.Store
	svc                   *Service
	agencyA, agencyB      string
	clerkA, clerkB        actor.Actor
	officerA, headA       actor.Actor
	applicant, applicant2 actor.Actor
	admin                 actor.Actor
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{db: pgtest.NewDB(t), clock: fakeclock.On("2026-11-27")}
	cals, err := calendar.NewStore(f.db, f.clock.Now, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.cals = cals
	f.svc, err = NewService(f.db, cals, f.clock.Now, testHistoryKey)
	if err != nil {
		t.Fatal(err)
	}
	f.agencyA = f.insert(t, `INSERT INTO agencies (code, name) VALUES ('AAA', '甲局') RETURNING id`)
	f.agencyB = f.insert(t, `INSERT INTO agencies (code, name) VALUES ('BBB', '乙局') RETURNING id`)
	// The fixtures register cases received long before the fixed today.
	if _, err := f.db.Exec(ctx, `UPDATE agencies SET max_backdate_days = 500`); err != nil {
		t.Fatal(err)
	}
	person := func(login string, role actor.Role, agencies ...string) actor.Actor {
		id := f.insert(t, `INSERT INTO accounts (login, role, display_name) VALUES ($1, $2, $1) RETURNING id`, login, string(role))
		for _, ag := range agencies {
			if _, err := f.db.Exec(ctx, `INSERT INTO account_agencies VALUES ($1, $2)`, id, ag); err != nil {
				t.Fatal(err)
			}
		}
		return actor.Actor{AccountID: id, Name: login, Role: role, Agencies: agencies}
	}
	f.clerkA = person("clerk-a", actor.Clerk, f.agencyA)
	f.clerkB = person("clerk-b", actor.Clerk, f.agencyB)
	f.officerA = person("officer-a", actor.Officer, f.agencyA)
	f.headA = person("head-a", actor.Head, f.agencyA)
	f.applicant = person("applicant-1", actor.Applicant)
	f.applicant2 = person("applicant-2", actor.Applicant)
	f.admin = person("admin", actor.Admin)
	return f
}

func (f *fixture) insert(t testing.TB, sql string, args ...any) string {
	t.Helper()
	var id string
	if err := f.db.QueryRow(context.Background(), sql, args...).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func (f *fixture) count(t testing.TB, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := f.db.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// testBackdateReason is the reason the fixtures give for a receipt dated
// back.
const testBackdateReason = "补登此前收到的申请（测试）"

// register registers a walk-in application at agency A handed in on day.
func (f *fixture) register(t testing.TB, day string) Application {
	t.Helper()
	app, err := f.svc.Register(context.Background(), f.clerkA, "", validDetails(f.agencyA),
		Intake{Channel: ChannelInPerson, HandedInOn: clock.MustParseDate(day), BackdateReason: testBackdateReason})
	if err != nil {
		t.Fatal(err)
	}
	return app
}
