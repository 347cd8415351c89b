package cases

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"foi/services/actor"
	"foi/services/applicant"
	"foi/services/clock"
	"foi/services/errs"
)

func TestSubmitThenConfirm(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	app, err := f.svc.Submit(ctx, f.applicant, "", validDetails(f.agencyA), applicant.Identity{})
	if err != nil {
		t.Fatal(err)
	}
	if app.State != Submitted || app.TrackingNumber != "" || !app.ReceivedOn.IsZero() || !app.DueOn.IsZero() || app.Version != 1 {
		t.Fatalf("submitted application: state %s tracking %q received %s version %d", app.State, app.TrackingNumber, app.ReceivedOn, app.Version)
	}
	if app.ApplicantAccountID != f.applicant.AccountID || app.Intake.Channel != ChannelOnline || app.Intake.SubmittedAt.IsZero() {
		t.Errorf("online intake not recorded: %+v", app.Intake)
	}

	f.clock.Set("2026-11-30")
	got, err := f.svc.Confirm(ctx, f.clerkA, app.ID, app.Version, clock.Date{})
	if err != nil {
		t.Fatal(err)
	}
	type summary struct {
		State          State
		ReceivedOn     string
		DueOn          string
		TrackingNumber string
		Version        int64
	}
	want := summary{Accepted, "2026-11-30", "2026-12-28", "AAA-2026-000001", 2}
	have := summary{got.State, got.ReceivedOn.String(), got.DueOn.String(), got.TrackingNumber, got.Version}
	if diff := cmp.Diff(want, have); diff != "" {
		t.Errorf("confirmed application mismatch (-want +got):\n%s", diff)
	}

	// Confirming again is refused by the machine, naming the state.
	_, err = f.svc.Confirm(ctx, f.clerkA, app.ID, got.Version, clock.Date{})
	if !errors.Is(err, errs.FailedPrecondition) {
		t.Errorf("second confirm: %v, want FailedPrecondition", err)
	}
}

func TestConfirmRefusesStaleVersionAndWritesNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	app, err := f.svc.Submit(ctx, f.applicant, "", validDetails(f.agencyA), applicant.Identity{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.Confirm(ctx, f.clerkA, app.ID, app.Version+1, clock.Date{})
	if !errors.Is(err, errs.Aborted) {
		t.Fatalf("stale confirm: %v, want Aborted", err)
	}
	after, err := f.svc.Get(ctx, f.clerkA, app.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.State != Submitted || after.Version != 1 || after.TrackingNumber != "" {
		t.Errorf("a refused confirm changed the case: %s v%d %q", after.State, after.Version, after.TrackingNumber)
	}
	if n := f.count(t, `SELECT count(*) FROM tracking_counters`); n != 0 {
		t.Errorf("a refused confirm consumed a tracking number (%d counters)", n)
	}
}

func TestConfirmDateRules(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	f.clock.Set("2026-11-20")
	app, err := f.svc.Submit(ctx, f.applicant, "", validDetails(f.agencyA), applicant.Identity{})
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Set("2026-11-27")
	for _, bad := range []string{"2026-11-28", "2026-11-19"} {
		if _, err := f.svc.Confirm(ctx, f.clerkA, app.ID, 1, clock.MustParseDate(bad)); !errors.Is(err, errs.InvalidArgument) {
			t.Errorf("confirm on %s: %v, want InvalidArgument", bad, err)
		}
	}
	got, err := f.svc.Confirm(ctx, f.clerkA, app.ID, 1, clock.MustParseDate("2026-11-23"))
	if err != nil {
		t.Fatal(err)
	}
	if got.ReceivedOn.String() != "2026-11-23" {
		t.Errorf("received on %s, want the confirmation date 2026-11-23", got.ReceivedOn)
	}
}

func TestRegisterNumbersPerAgencyAndYear(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	var got []string
	for _, day := range []string{"2026-11-02", "2026-11-03", "2025-12-31", "2026-11-04"} {
		got = append(got, f.register(t, day).TrackingNumber)
	}
	b, err := f.svc.Register(ctx, f.clerkB, "", validDetails(f.agencyB), Intake{Channel: ChannelSignedPost, SignedOn: clock.MustParseDate("2026-11-05"), BackdateReason: testBackdateReason})
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, b.TrackingNumber)
	want := []string{"AAA-2026-000001", "AAA-2026-000002", "AAA-2025-000001", "AAA-2026-000003", "BBB-2026-000001"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tracking numbers mismatch (-want +got):\n%s", diff)
	}
	f.clock.Set("2019-05-14") // registered the day it was handed in
	old := f.register(t, "2019-05-14")
	if old.Regime != clock.Regime2007 {
		t.Errorf("received 2019-05-14: regime %s, want 2007", old.Regime)
	}
}

func TestCreateIsIdempotentPerRequestID(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	first, err := f.svc.Submit(ctx, f.applicant, "req-1", validDetails(f.agencyA), applicant.Identity{})
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(2 * time.Second) // a retry comes a moment later
	again, err := f.svc.Submit(ctx, f.applicant, "req-1", validDetails(f.agencyA), applicant.Identity{})
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != first.ID {
		t.Errorf("retry created %s, want the first application %s", again.ID, first.ID)
	}
	changed := validDetails(f.agencyA)
	changed.Information.Title = "另一份信息"
	if _, err := f.svc.Submit(ctx, f.applicant, "req-1", changed, applicant.Identity{}); !errors.Is(err, errs.AlreadyExists) {
		t.Errorf("same request id, different content: %v, want AlreadyExists", err)
	}
	// Request ids belong to their account: another applicant may reuse one.
	other, err := f.svc.Submit(ctx, f.applicant2, "req-1", validDetails(f.agencyA), applicant.Identity{})
	if err != nil {
		t.Fatal(err)
	}
	if other.ID == first.ID {
		t.Error("another account's request id returned someone else's application")
	}
	if n := f.count(t, `SELECT count(*) FROM applications`); n != 2 {
		t.Errorf("%d applications stored, want 2", n)
	}
}

// TestConcurrentRetriesCreateOne fires the same registration from many
// goroutines at once: one application, one tracking number.
func TestConcurrentRetriesCreateOne(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	const n = 12
	ids := make([]string, n)
	errsList := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			app, err := f.svc.Register(ctx, f.clerkA, "window-7", validDetails(f.agencyA),
				Intake{Channel: ChannelInPerson, HandedInOn: clock.MustParseDate("2026-11-27")})
			ids[i], errsList[i] = app.ID, err
		})
	}
	wg.Wait()
	for i := range n {
		if errsList[i] != nil {
			t.Fatalf("retry %d: %v", i, errsList[i])
		}
		if ids[i] != ids[0] {
			t.Fatalf("retry %d got %s, retry 0 got %s", i, ids[i], ids[0])
		}
	}
	if got := f.count(t, `SELECT count(*) FROM applications`); got != 1 {
		t.Errorf("%d applications, want 1", got)
	}
	if last := f.count(t, `SELECT last FROM tracking_counters`); last != 1 {
		t.Errorf("tracking counter at %d, want 1 (no number wasted)", last)
	}
}

func TestNothingStoredOnBadInput(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	bad := validDetails(f.agencyA)
	bad.Applicant.IDNumber = "110105194912310021"
	if _, err := f.svc.Submit(ctx, f.applicant, "", bad, applicant.Identity{}); !errors.Is(err, errs.InvalidArgument) {
		t.Errorf("bad ID number: %v, want InvalidArgument", err)
	}
	someoneElse := applicant.Identity{IDType: applicant.ResidentIDCard, IDNumber: "440524198001010013"}
	if _, err := f.svc.Submit(ctx, f.applicant, "", validDetails(f.agencyA), someoneElse); !errors.Is(err, errs.InvalidArgument) {
		t.Errorf("submitting under another identity than the account's: %v, want InvalidArgument", err)
	}
	unknown := validDetails("00000000-0000-4000-8000-000000000000")
	if _, err := f.svc.Submit(ctx, f.applicant, "", unknown, applicant.Identity{}); !errors.Is(err, errs.NotFound) {
		t.Errorf("unknown agency: %v, want NotFound", err)
	}
	if _, err := f.svc.Register(ctx, f.clerkB, "", validDetails(f.agencyA), Intake{Channel: ChannelInPerson, HandedInOn: clock.MustParseDate("2026-11-27")}); !errors.Is(err, errs.PermissionDenied) {
		t.Errorf("clerk of another agency: %v, want PermissionDenied", err)
	}
	if _, err := f.svc.Register(ctx, f.officerA, "", validDetails(f.agencyA), Intake{Channel: ChannelInPerson, HandedInOn: clock.MustParseDate("2026-11-27")}); !errors.Is(err, errs.PermissionDenied) {
		t.Errorf("an officer registering: %v, want PermissionDenied", err)
	}
	if n := f.count(t, `SELECT count(*) FROM applications`); n != 0 {
		t.Errorf("%d applications stored after refusals, want 0", n)
	}
}

func TestAutoConfirmOnlinePolicy(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	if _, err := f.db.Exec(context.Background(), `UPDATE agencies SET auto_confirm_online = true WHERE id = $1`, f.agencyA); err != nil {
		t.Fatal(err)
	}
	app, err := f.svc.Submit(context.Background(), f.applicant, "", validDetails(f.agencyA), applicant.Identity{})
	if err != nil {
		t.Fatal(err)
	}
	if app.State != Accepted || app.ReceivedOn.String() != "2026-11-27" || app.TrackingNumber != "AAA-2026-000001" {
		t.Errorf("auto-confirmed submission: %s received %s tracking %q", app.State, app.ReceivedOn, app.TrackingNumber)
	}
}

// TestVisibility: nobody learns whether someone else's application exists.
func TestVisibility(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	mine, err := f.svc.Submit(ctx, f.applicant, "", validDetails(f.agencyA), applicant.Identity{})
	if err != nil {
		t.Fatal(err)
	}
	_, missing := f.svc.Get(ctx, f.applicant, "00000000-0000-4000-8000-000000000000")
	for _, who := range []struct {
		name string
		err  error
	}{
		{"another applicant", get(f, f.applicant2, mine.ID)},
		{"a clerk of another agency", get(f, f.clerkB, mine.ID)},
	} {
		if !errors.Is(who.err, errs.NotFound) || who.err.Error() != missing.Error() {
			t.Errorf("%s: %v, want the same NotFound as a missing id (%v)", who.name, who.err, missing)
		}
	}
	for name, who := range map[string]actor.Actor{"owner": f.applicant, "clerk of the agency": f.clerkA, "admin": f.admin} {
		if err := get(f, who, mine.ID); err != nil {
			t.Errorf("%s cannot read the application: %v", name, err)
		}
	}
	list, _, err := f.svc.List(ctx, f.applicant2, Filter{})
	if err != nil || len(list) != 0 {
		t.Errorf("another applicant's list: %d items, %v; want none", len(list), err)
	}
	list, _, err = f.svc.List(ctx, f.clerkB, Filter{AgencyID: f.agencyA})
	if err != nil || len(list) != 0 {
		t.Errorf("clerk B listing agency A: %d items, %v; want none", len(list), err)
	}
}

func get(f *fixture, who actor.Actor, id string) error {
	_, err := f.svc.Get(context.Background(), who, id)
	return err
}

func TestListOrderAndPages(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	days := []string{"2026-11-05", "2026-11-02", "2026-11-04", "2026-11-03", "2026-11-06"}
	for _, day := range days {
		f.register(t, day)
	}
	if _, err := f.svc.Submit(ctx, f.applicant, "", validDetails(f.agencyA), applicant.Identity{}); err != nil {
		t.Fatal(err)
	}
	var got []string
	token := ""
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		list, next, err := f.svc.List(ctx, f.clerkA, Filter{PageSize: 2, PageToken: token})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range list {
			got = append(got, a.ReceivedOn.String())
		}
		if next == "" {
			break
		}
		token = next
	}
	want := []string{"2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06", ""}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("order mismatch (-want +got):\n%s", diff)
	}
	submitted, _, err := f.svc.List(ctx, f.clerkA, Filter{State: Submitted})
	if err != nil || len(submitted) != 1 {
		t.Errorf("state filter: %d items, %v", len(submitted), err)
	}
	byApplicant, _, err := f.svc.List(ctx, f.admin, Filter{ApplicantIDNumber: "11010519491231002x"})
	if err != nil || len(byApplicant) != 6 {
		t.Errorf("applicant filter: %d items, %v; want 6", len(byApplicant), err)
	}
	for _, bad := range []string{"!!", "eyJkIjoiMjAyNi0xMy0wMSIsInIiOiJ4IiwiaSI6IngifQ"} {
		if _, _, err := f.svc.List(ctx, f.clerkA, Filter{PageToken: bad}); !errors.Is(err, errs.InvalidArgument) {
			t.Errorf("token %q: %v, want InvalidArgument", bad, err)
		}
	}
	if _, _, err := f.svc.List(ctx, f.clerkA, Filter{PageSize: -1}); !errors.Is(err, errs.InvalidArgument) {
		t.Errorf("negative page size: %v", err)
	}
}
