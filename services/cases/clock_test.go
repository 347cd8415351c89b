package cases

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"foi/services/clock"
	"foi/services/errs"
	"foi/services/notice"
)

// TestDueOnAcceptance: the acceptance vectors of the clock issue, as cases.
func TestDueOnAcceptance(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for received, due := range map[string]string{
		"2026-09-28": "2026-10-30", // the National Day week skipped, 2026-10-10 worked
		"2026-02-12": "2026-03-18", // the Spring Festival skipped, 02-14 and 02-28 worked
		"2019-05-14": "2019-06-04", // the 2007 regime: 15 working days
	} {
		f.clock.Set(received) // registered the day it was handed in
		app := f.register(t, received)
		if got := app.DueOn.String(); got != due {
			t.Errorf("received %s: due %s, want %s", received, got, due)
		}
		if app.DueProvisional {
			t.Errorf("received %s: provisional, but its years are shipped", received)
		}
	}
}

// year2027 is a made-up 2027 national calendar: New Year's Day on Friday
// 2027-01-01 with the weekend, and nothing else in January.
func year2027(t *testing.T) *clock.YearFile {
	t.Helper()
	f, err := clock.ParseYearFile([]byte(`{"region": "CN", "year": 2027,
		"notices": [{"title": "国务院办公厅关于2027年部分节假日安排的通知", "number": "国办发明电〔2026〕1号", "date": "2026-11-20"}],
		"holidays": [{"name": "元旦", "off": [{"from": "2027-01-01", "to": "2027-01-03"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestCalendarLoadMovesOnlyAffectedCases: loading 2027 moves the due date of
// the case whose clock reaches into 2027 and leaves the others alone.
func TestCalendarLoadMovesOnlyAffectedCases(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	f.clock.Set("2026-12-11")
	early := f.register(t, "2026-11-02")
	late := f.register(t, "2026-12-10")
	if late.DueOn.String() != "2027-01-07" || !late.DueProvisional {
		t.Fatalf("before 2027 is loaded: due %s provisional %v, want 2027-01-07 provisional", late.DueOn, late.DueProvisional)
	}
	if early.DueOn.String() != "2026-11-30" || early.DueProvisional {
		t.Fatalf("early case: due %s provisional %v", early.DueOn, early.DueProvisional)
	}
	if _, err := f.cals.Put(ctx, f.admin, year2027(t)); err != nil {
		t.Fatal(err)
	}
	checked, moved, err := f.svc.RecomputeStale(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if checked != 2 || moved != 1 {
		t.Errorf("recompute checked %d and moved %d, want 2 and 1", checked, moved)
	}
	got := map[string]string{}
	for _, id := range []string{early.ID, late.ID} {
		a, err := f.svc.Get(ctx, f.clerkA, id)
		if err != nil {
			t.Fatal(err)
		}
		got[a.ReceivedOn.String()] = fmt.Sprintf("%s provisional=%v v%d", a.DueOn, a.DueProvisional, a.Version)
	}
	want := map[string]string{"2026-11-02": "2026-11-30 provisional=false v1", "2026-12-10": "2027-01-08 provisional=false v2"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("due dates after loading 2027 mismatch (-want +got):\n%s", diff)
	}
	if checked, _, _ := f.svc.RecomputeStale(ctx); checked != 0 {
		t.Errorf("a second recompute checked %d cases, want 0", checked)
	}
}

// TestConcurrentRecomputesCountEachCaseOnce runs three recomputes at once,
// as three replicas would after a calendar load.
func TestConcurrentRecomputesCountEachCaseOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	const cases = 450 // more than two batches
	if _, err := f.db.Exec(ctx, `
		INSERT INTO applications (agency_id, tracking_number, state, regime, applicant_type, applicant_name,
			applicant_id_type, applicant_id_number, info_title, medium, delivery, channel, handed_in_on,
			received_on, due_on, created_by)
		SELECT $1, 'AAA-2026-' || lpad(i::text, 6, '0'), 'PROCESSING', '2019', 'NATURAL_PERSON', '张三',
			'RESIDENT_ID_CARD', '11010519491231002X', '信息', 'PAPER', 'POST', 'IN_PERSON', '2026-12-10',
			'2026-12-10', '2027-01-07', $2
		FROM generate_series(1, $3) i`, f.agencyA, f.clerkA.AccountID, cases); err != nil {
		t.Fatal(err)
	}
	if _, err := f.cals.Put(ctx, f.admin, year2027(t)); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	total, movedTotal := 0, 0
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			checked, moved, err := f.svc.RecomputeStale(ctx)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			total, movedTotal = total+checked, movedTotal+moved
			mu.Unlock()
		})
	}
	wg.Wait()
	if total != cases || movedTotal != cases {
		t.Errorf("recomputes checked %d and moved %d, want %d each exactly once", total, movedTotal, cases)
	}
	if n := f.count(t, `SELECT count(*) FROM applications WHERE due_on <> '2027-01-08' OR version <> 2`); n != 0 {
		t.Errorf("%d cases not moved exactly once", n)
	}
}

func TestWorklists(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	// Received on these days, due 20 working days later; read on 2026-12-01.
	for _, received := range []string{"2026-10-20", "2026-10-29", "2026-10-30", "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-20"} {
		f.register(t, received)
	}
	f.clock.Set("2026-12-01") // Tuesday
	dues := func(filter Filter) []string {
		t.Helper()
		list, _, err := f.svc.List(ctx, f.clerkA, filter)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, a := range list {
			out = append(out, a.DueOn.String())
		}
		return out
	}
	// Due dates: 10-20 -> 11-17, 10-29 -> 11-26, 10-30 -> 11-27, 11-02 -> 11-30,
	// 11-03 -> 12-01, 11-04 -> 12-02, 11-20 -> 12-18.
	if diff := cmp.Diff([]string{"2026-11-17", "2026-11-26", "2026-11-27", "2026-11-30"}, dues(Filter{Overdue: true})); diff != "" {
		t.Errorf("overdue mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"2026-12-01", "2026-12-02"}, dues(Filter{DueWithinDays: 3, AgencyID: f.agencyA})); diff != "" {
		t.Errorf("near due mismatch (-want +got):\n%s", diff)
	}
	// Another agency in another region shares nothing; across agencies the
	// window is counted per region.
	if _, err := f.db.Exec(ctx, `UPDATE agencies SET region = 'CN-XZ' WHERE id = $1`, f.agencyB); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"2026-12-01", "2026-12-02"}, dues(Filter{DueWithinDays: 3})); diff != "" {
		t.Errorf("near due across regions mismatch (-want +got):\n%s", diff)
	}
	page1, next, err := f.svc.List(ctx, f.clerkA, Filter{Overdue: true, PageSize: 3})
	if err != nil || len(page1) != 3 || next == "" {
		t.Fatalf("first overdue page: %d, %q, %v", len(page1), next, err)
	}
	page2, _, err := f.svc.List(ctx, f.clerkA, Filter{Overdue: true, PageSize: 3, PageToken: next})
	if err != nil || len(page2) != 1 || page2[0].DueOn.String() != "2026-11-30" {
		t.Errorf("second overdue page: %v, %v", page2, err)
	}
	for _, bad := range []Filter{{Overdue: true, DueWithinDays: 3}, {DueWithinDays: -1}, {DueWithinDays: 61}} {
		if _, _, err := f.svc.List(ctx, f.clerkA, bad); !errors.Is(err, errs.InvalidArgument) {
			t.Errorf("filter %+v: %v, want InvalidArgument", bad, err)
		}
	}
	// An applicant's worklist holds only their own cases: none here.
	if list, _, err := f.svc.List(ctx, f.applicant, Filter{Overdue: true}); err != nil || len(list) != 0 {
		t.Errorf("applicant's overdue list: %d, %v", len(list), err)
	}
}

// TestCalendarLoadCorrectsNoticesGiven (issue 10, item 2): a case received
// while 2027 was not loaded was given a provisional due date in its
// receipt; loading 2027 moves it, and the applicant gets one corrected
// notice with both dates and its cause, recorded in the history and
// chained by its digest. A case whose dates did not move, and a load that
// moves nothing, issue none.
func TestCalendarLoadCorrectsNoticesGiven(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	f.clock.Set("2026-12-11")
	early := f.register(t, "2026-11-02")
	late := f.register(t, "2026-12-10")
	corrections := func(id string) []Notice {
		t.Helper()
		all, err := f.svc.Notices(ctx, f.admin, id)
		if err != nil {
			t.Fatal(err)
		}
		var out []Notice
		for _, n := range all {
			if n.Kind == notice.DateCorrection {
				out = append(out, n)
			}
		}
		return out
	}
	if _, err := f.cals.Put(ctx, f.admin, year2027(t)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.RecomputeStale(ctx); err != nil {
		t.Fatal(err)
	}
	got := corrections(late.ID)
	if len(got) != 1 {
		t.Fatalf("%d corrected notices on the moved case, want 1", len(got))
	}
	for _, want := range []string{"日期更正告知书", "受理回执（" + late.TrackingNumber + "-1）", "答复期限截止日", "2027年1月7日", "2027年1月8日",
		"2027年法定节假日安排（《国务院办公厅关于2027年部分节假日安排的通知》，国办发明电〔2026〕1号）已经公布"} {
		if !strings.Contains(got[0].HTML, want) {
			t.Errorf("the corrected notice lacks %q:\n%s", want, got[0].HTML)
		}
	}
	if n := corrections(early.ID); len(n) != 0 {
		t.Errorf("%d corrected notices on a case whose dates did not move", len(n))
	}
	h, err := f.svc.History(ctx, f.admin, late.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := h[len(h)-1]
	if last.Event != string(DueRecomputed) || last.Seq != got[0].EventSeq || !strings.Contains(last.Payload, `"corrected":["答复期限截止日"]`) ||
		!strings.Contains(last.Payload, got[0].Number) {
		t.Errorf("the history does not record the corrected notice: %s %s", last.Event, last.Payload)
	}
	if v, err := f.svc.VerifyHistory(ctx, f.admin, late.ID); err != nil || !v.Intact || v.Notices == 0 {
		t.Errorf("history after the correction: %+v %v", v, err)
	}

	// The same year again moves nothing: no second correction.
	if _, err := f.cals.Put(ctx, f.admin, year2027(t)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.RecomputeStale(ctx); err != nil {
		t.Fatal(err)
	}
	if n := corrections(late.ID); len(n) != 1 {
		t.Errorf("%d corrected notices after a load that moved nothing, want still 1", len(n))
	}
}

// TestEventOnAStaleCaseRecountsFirst: an event on a case that the batch
// recount has not reached yet recounts it first, as the batch would: the
// corrected notice and the move are their own history event, before the
// event's.
func TestEventOnAStaleCaseRecountsFirst(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	f.clock.Set("2026-12-11")
	late := f.register(t, "2026-12-10")
	if _, err := f.cals.Put(ctx, f.admin, year2027(t)); err != nil {
		t.Fatal(err)
	}
	app, err := f.svc.Assign(ctx, f.officerA, late.ID, late.Version, "")
	if err != nil {
		t.Fatal(err)
	}
	if app.DueOn.String() != "2027-01-08" || app.DueProvisional {
		t.Errorf("after the event: due %s provisional %v, want 2027-01-08 final", app.DueOn, app.DueProvisional)
	}
	h, err := f.svc.History(ctx, f.admin, late.ID)
	if err != nil {
		t.Fatal(err)
	}
	var events []string
	for _, e := range h {
		events = append(events, e.Event)
	}
	if diff := cmp.Diff([]string{"register", "due_recomputed", "assign"}, events); diff != "" {
		t.Errorf("history mismatch (-want +got):\n%s", diff)
	}
	if n := f.count(t, `SELECT count(*) FROM notices WHERE application_id = $1 AND kind = 'DATE_CORRECTION'`, late.ID); n != 1 {
		t.Errorf("%d corrected notices, want 1", n)
	}
	if checked, _, _ := f.svc.RecomputeStale(ctx); checked != 0 {
		t.Errorf("the batch recount found %d stale cases after the event", checked)
	}
}
