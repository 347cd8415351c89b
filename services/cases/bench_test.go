package cases

import (
	"context"
	"slices"
	"testing"
	"time"

	"foi/services/actor"
	"foi/services/benchdata"
	"foi/services/calendar"
	"foi/services/fakeclock"
	"foi/services/pgtest"
)

// BenchmarkWorklist measures the worklist and search queries on 1,000,000
// generated applications (50 agencies, a third of them open, titles from
// a vocabulary of Chinese topics) and reports the p50 and p99 latency of
// one page. Run it with
//
//	go test ./services/cases -run '^$' -bench Worklist -benchtime 2000x
//
// Generating the rows takes a minute or so before timing starts.
func BenchmarkWorklist(b *testing.B) {
	ctx := context.Background()
	db := pgtest.NewDB(b)
	clk := fakeclock.On("2026-11-27")
	cals, err := calendar.NewStore(db, clk.Now, nil)
	if err != nil {
		b.Fatal(err)
	}
	svc, err := NewService(db, cals, clk.Now, testHistoryKey)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	var owner string
	if err := db.QueryRow(ctx, `INSERT INTO accounts (login, role, display_name) VALUES ('bench', 'CLERK', 'bench') RETURNING id`).Scan(&owner); err != nil {
		b.Fatal(err)
	}
	agencies, err := benchdata.Agencies(ctx, db, 50)
	if err != nil {
		b.Fatal(err)
	}
	if err := benchdata.Applications(ctx, db, benchdata.Spec{N: 1_000_000, Agencies: agencies, CreatedBy: owner}); err != nil {
		b.Fatal(err)
	}
	agencyID := agencies[0]
	b.Logf("generated 1,000,000 applications in %s", time.Since(start).Round(time.Second))
	clerk := actor.Actor{AccountID: owner, Role: actor.Clerk, Agencies: []string{agencyID}}
	admin := actor.Actor{AccountID: owner, Role: actor.Admin}
	for _, bench := range []struct {
		name   string
		who    actor.Actor
		filter Filter
	}{
		{"overdue", clerk, Filter{AgencyID: agencyID, Overdue: true}},
		{"near-due", clerk, Filter{AgencyID: agencyID, DueWithinDays: 3}},
		{"all-by-due", clerk, Filter{AgencyID: agencyID}},
		{"search-text-agency", clerk, Filter{Text: "老旧小区改造"}},
		{"search-text-district", admin, Filter{Text: "排污许可证"}},
		{"search-text-newest", admin, Filter{Text: "征地拆迁", Order: ByReceivedNewest}},
		{"search-tracking-number", admin, Filter{TrackingNumber: "B-777777"}},
		{"search-applicant-name", clerk, Filter{ApplicantName: "张伟"}},
	} {
		b.Run(bench.name, func(b *testing.B) {
			var lat []time.Duration
			for b.Loop() {
				t0 := time.Now()
				list, _, err := svc.List(ctx, bench.who, bench.filter)
				lat = append(lat, time.Since(t0))
				if err != nil || len(list) == 0 {
					b.Fatalf("%d rows, %v", len(list), err)
				}
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}

// BenchmarkTransition measures one event's transaction end to end (lock,
// recount check, decision, history, outbox): an officer's extension
// request and the head's rejection, alternately, on one case.
//
//	go test ./services/cases -run '^$' -bench Transition -benchtime 500x
func BenchmarkTransition(b *testing.B) {
	f := newFixture(b)
	ctx := context.Background()
	app := f.processing(b, "2026-11-20", validDetails(f.agencyA))
	var err error
	for b.Loop() {
		if app, err = f.svc.RequestExtension(ctx, f.officerA, app.ID, app.Version, ExtensionRequest{Days: 5, Reason: "档案分散"}); err != nil {
			b.Fatal(err)
		}
		if app, err = f.svc.RejectExtension(ctx, f.headA, app.ID, app.Version, "无需延期"); err != nil {
			b.Fatal(err)
		}
	}
}
