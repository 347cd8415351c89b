package cases

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"foi/services/clock"
	"foi/services/errs"
	"foi/services/fee"
	"foi/services/outcome"
)

func fen(n int64) *int64 { return &n }

// processing registers a case on day and assigns it, ready for a fee.
func (f *fixture) processing(t *testing.T, day string, d Details) Application {
	t.Helper()
	ctx := context.Background()
	f.clock.Set(day)
	app, err := f.svc.Register(ctx, f.clerkA, "", d, Intake{Channel: ChannelInPerson, HandedInOn: clock.MustParseDate(day)})
	if err != nil {
		t.Fatal(err)
	}
	app, err = f.svc.Assign(ctx, f.officerA, app.ID, app.Version, "")
	if err != nil {
		t.Fatal(err)
	}
	return app
}

// TestFeeWindowStopsTheClock: a fee notice stops the clock, payment
// restarts it, and the due date is what a wall calendar gives.
func TestFeeWindowStopsTheClock(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	app := f.processing(t, "2026-11-02", validDetails(f.agencyA)) // due 2026-11-30
	f.clock.Set("2026-11-04")
	app, err := f.svc.IssueFeeNotice(ctx, f.officerA, app.ID, app.Version, FeeNoticeInput{Mode: fee.PerVolume, Pages: 150})
	if err != nil {
		t.Fatal(err)
	}
	if app.State != AwaitingFee || !app.DueOn.IsZero() {
		t.Errorf("after the notice: %s due %q, want AWAITING_FEE and the clock stopped", app.State, app.DueOn)
	}
	notices, _ := f.svc.FeeNotices(ctx, f.admin, app.ID)
	if len(notices) != 1 || notices[0].AmountFen != 170000 || notices[0].PayBy.String() != "2026-12-02" {
		t.Fatalf("fee notice: %+v", notices)
	}
	f.clock.Set("2026-11-10")
	app, err = f.svc.RecordPayment(ctx, f.clerkA, app.ID, app.Version, "FS2026110012345", clock.Date{})
	if err != nil {
		t.Fatal(err)
	}
	// Used 11-03 and 11-04; 18 left after 11-10 end on 2026-12-04.
	if app.State != Processing || app.DueOn.String() != "2026-12-04" {
		t.Errorf("after payment: %s due %s, want PROCESSING due 2026-12-04", app.State, app.DueOn)
	}
	all, _ := f.svc.Notices(ctx, f.admin, app.ID)
	var feeHTML string
	for _, n := range all {
		if n.Kind == "FEE_NOTICE" {
			feeHTML = n.HTML
		}
	}
	for _, want := range []string{"1700元", "第31至100页", "2026年12月2日"} {
		if !strings.Contains(feeHTML, want) {
			t.Errorf("fee notice lacks %q", want)
		}
	}
}

func TestFeeAmountRules(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	app := f.processing(t, "2026-11-02", validDetails(f.agencyA))
	tests := []struct {
		in    FeeNoticeInput
		field string
	}{
		{FeeNoticeInput{Mode: fee.PerVolume, Pages: 150, AmountFen: fen(170001)}, "amountFen"},
		{FeeNoticeInput{Mode: fee.PerVolume, Pages: 150, AmountFen: fen(100000)}, "reductionReason"},
		{FeeNoticeInput{Mode: fee.PerVolume, Pages: 0}, "pages"},
		{FeeNoticeInput{Pages: 150}, "mode"},
		{FeeNoticeInput{Mode: fee.PerPiece, Pieces: 3}, "splitReason"},
	}
	for _, tt := range tests {
		_, err := f.svc.IssueFeeNotice(ctx, f.officerA, app.ID, app.Version, tt.in)
		if v := violations(t, err); v[tt.field] == "" {
			t.Errorf("%+v: %v, want a violation on %s", tt.in, err, tt.field)
		}
	}
	// The first piece of the month is free: nothing to charge.
	if _, err := f.svc.IssueFeeNotice(ctx, f.officerA, app.ID, app.Version, FeeNoticeInput{Mode: fee.PerPiece}); !errors.Is(err, errs.FailedPrecondition) {
		t.Errorf("a free piece: %v, want FailedPrecondition", err)
	}
	if n := f.count(t, `SELECT count(*) FROM fee_notices`); n != 0 {
		t.Errorf("%d fee notices stored by refused requests", n)
	}
	app, err := f.svc.IssueFeeNotice(ctx, f.officerA, app.ID, app.Version, FeeNoticeInput{Mode: fee.PerVolume, Pages: 150,
		AmountFen: fen(100000), ReductionReason: "申请人为低收入群体"})
	if err != nil {
		t.Fatal(err)
	}
	// The officer who charged cannot waive; the head can.
	if _, err := f.svc.WaiveFee(ctx, f.headA, app.ID, app.Version, ""); !errors.Is(err, errs.InvalidArgument) {
		t.Errorf("waive without a reason: %v", err)
	}
	app, err = f.svc.WaiveFee(ctx, f.headA, app.ID, app.Version, "经研究决定免收")
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.svc.FeeStatisticsFor(ctx, f.admin, f.agencyA, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(FeeStatistics{NoticesIssued: 1, ChargedFen: 100000, Waivers: 1, WaivedFen: 100000}, st); diff != "" {
		t.Errorf("statistics mismatch (-want +got):\n%s", diff)
	}
}

// TestPiecesOfTheMonth: the k-th application of an applicant's month at an
// agency is the k-th piece; other applicants, agencies and months count
// apart; a split takes pieces at the end of the month.
func TestPiecesOfTheMonth(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	var apps []Application
	for i := range 12 {
		apps = append(apps, f.processing(t, fmt.Sprintf("2026-11-%02d", 2+i), validDetails(f.agencyA)))
	}
	other := validDetails(f.agencyA)
	other.Applicant.IDNumber = "440524198001010013"
	stranger := f.processing(t, "2026-11-20", other)
	f.clock.Set("2026-11-20")
	charge := func(app Application, in FeeNoticeInput) (Application, FeeNotice) {
		t.Helper()
		app, err := f.svc.IssueFeeNotice(ctx, f.officerA, app.ID, app.Version, in)
		if err != nil {
			t.Fatal(err)
		}
		list, _ := f.svc.FeeNotices(ctx, f.admin, app.ID)
		return app, list[len(list)-1]
	}
	_, n12 := charge(apps[11], FeeNoticeInput{Mode: fee.PerPiece})
	if diff := cmp.Diff([]int{12}, n12.Pieces); diff != "" || n12.AmountFen != 10000 {
		t.Errorf("the 12th application: pieces %v amount %d, want [12] and 10000 fen", n12.Pieces, n12.AmountFen)
	}
	// Splitting the 11th into three: its own piece 11, then 13 and 14.
	_, n11 := charge(apps[10], FeeNoticeInput{Mode: fee.PerPiece, Pieces: 3, SplitReason: "申请事项涉及三个互不相关的项目"})
	if diff := cmp.Diff([]int{11, 13, 14}, n11.Pieces); diff != "" || n11.AmountFen != 30000 {
		t.Errorf("the 11th split in three: pieces %v amount %d, want [11 13 14] and 30000 fen", n11.Pieces, n11.AmountFen)
	}
	if _, err := f.svc.IssueFeeNotice(ctx, f.officerA, stranger.ID, stranger.Version, FeeNoticeInput{Mode: fee.PerPiece}); !errors.Is(err, errs.FailedPrecondition) {
		t.Errorf("another applicant's first piece was charged: %v", err)
	}
}

// TestConcurrentFeeNoticesCountPiecesOnce: two officers charge the same
// applicant at once, splitting; every piece of the month is counted once.
func TestConcurrentFeeNoticesCountPiecesOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	var apps []Application
	for i := range 12 {
		apps = append(apps, f.processing(t, fmt.Sprintf("2026-11-%02d", 2+i), validDetails(f.agencyA)))
	}
	f.clock.Set("2026-11-20")
	var wg sync.WaitGroup
	for _, a := range apps[10:] {
		wg.Go(func() {
			if _, err := f.svc.IssueFeeNotice(ctx, f.officerA, a.ID, a.Version, FeeNoticeInput{Mode: fee.PerPiece, Pieces: 5, SplitReason: "五个不同事项"}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	var charged []int
	var total int64
	for _, a := range apps[10:] {
		list, _ := f.svc.FeeNotices(ctx, f.admin, a.ID)
		charged = append(charged, list[0].Pieces...)
		total += list[0].AmountFen
	}
	slices.Sort(charged)
	// Pieces 11 and 12 were theirs on receipt; the eight split pieces take
	// 13 to 20: ten pieces at 100 yuan.
	if diff := cmp.Diff([]int{11, 12, 13, 14, 15, 16, 17, 18, 19, 20}, charged); diff != "" || total != 100000 {
		t.Errorf("pieces charged mismatch (-want +got), total %d fen:\n%s", total, diff)
	}
	if last := f.count(t, `SELECT last FROM fee_piece_counters`); last != 20 {
		t.Errorf("month counter at %d, want 20", last)
	}
}

// TestFeeLapse: an unpaid notice lapses the day after 20 working days from
// its receipt, closing the case with its notice queued.
func TestFeeLapse(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	app := f.processing(t, "2026-11-02", validDetails(f.agencyA))
	f.clock.Set("2026-11-04")
	app, err := f.svc.IssueFeeNotice(ctx, f.officerA, app.ID, app.Version, FeeNoticeInput{Mode: fee.PerVolume, Pages: 40})
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Set("2026-12-02") // the last day to pay
	if r, _ := f.svc.Sweep(ctx); r.FeeLapses != 0 {
		t.Fatal("lapsed on the last day to pay")
	}
	f.clock.Set("2026-12-03")
	if _, err := f.svc.RecordPayment(ctx, f.clerkA, app.ID, app.Version, "X1", clock.MustParseDate("2026-12-03")); !errors.Is(err, errs.FailedPrecondition) {
		t.Errorf("payment after the deadline: %v", err)
	}
	r, err := f.svc.Sweep(ctx)
	if err != nil || r.FeeLapses != 1 {
		t.Fatalf("sweep: %+v %v", r, err)
	}
	got, _ := f.svc.Get(ctx, f.admin, app.ID)
	if got.State != Closed || got.Outcome != outcome.AbandonedFeeUnpaid {
		t.Errorf("after the lapse: %s %s", got.State, got.Outcome)
	}
	if n := f.count(t, `SELECT count(*) FROM outbox WHERE topic = 'notice.CLOSURE' AND application_id = $1`, app.ID); n != 1 {
		t.Errorf("%d closure messages queued, want 1", n)
	}
}
