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

	"foi/services/actor"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/fee"
	"foi/services/outcome"
)

func fen(n int64) *int64 { return &n }

// processing registers a case on day and assigns it, ready for a fee.
func (f *fixture) processing(t testing.TB, day string, d Details) Application {
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
	// Less than the maximum waits for the head (rules.md section 4):
	// nothing is charged, the case stays in processing.
	if app.State != Processing || f.count(t, `SELECT count(*) FROM fee_notices`) != 0 ||
		f.count(t, `SELECT count(*) FROM fee_reductions WHERE status = 'PENDING'`) != 1 {
		t.Fatalf("a reduction request issued a notice or moved the case: %s", app.State)
	}
	if n := f.count(t, `SELECT count(*) FROM outbox WHERE recipient = $1 AND topic = 'fee_reduction.waiting'`, "staff:"+f.agencyA+":HEAD"); n != 1 {
		t.Errorf("the head was told %d times of the request, want once", n)
	}
	if _, err := f.svc.IssueFeeNotice(ctx, f.officerA, app.ID, app.Version, FeeNoticeInput{Mode: fee.PerVolume, Pages: 150,
		AmountFen: fen(90000), ReductionReason: "再减"}); !errors.Is(err, errs.FailedPrecondition) {
		t.Errorf("a second request while one waits: %v, want FailedPrecondition", err)
	}
	if _, err := f.svc.ApproveFeeReduction(ctx, f.officerA, app.ID, app.Version, ""); !errors.Is(err, errs.PermissionDenied) {
		t.Errorf("the officer approves: %v, want PermissionDenied", err)
	}
	// The applicant does not see the request, only the notice once issued.
	if h, _ := f.svc.History(ctx, actor.Actor{Role: actor.Applicant, AccountID: app.ApplicantAccountID}, app.ID); len(h) > 0 &&
		strings.Contains(h[len(h)-1].Payload, "100000") {
		t.Errorf("the applicant sees the reduction request: %s", h[len(h)-1].Payload)
	}
	app, err = f.svc.ApproveFeeReduction(ctx, f.headA, app.ID, app.Version, "同意")
	if err != nil {
		t.Fatal(err)
	}
	list, _ := f.svc.FeeNotices(ctx, f.admin, app.ID)
	if app.State != AwaitingFee || len(list) != 1 || list[0].AmountFen != 100000 || list[0].MaxFen != 170000 || list[0].IssuedBy != f.officerA.AccountID {
		t.Fatalf("after the head's approval: %s %+v", app.State, list)
	}
	all, _ := f.svc.Notices(ctx, f.admin, app.ID)
	if len(all) == 0 || all[len(all)-1].Kind != "FEE_NOTICE" || !strings.Contains(all[len(all)-1].HTML, "申请人为低收入群体") {
		t.Errorf("no fee notice with the reduction issued on approval")
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

// TestFeeReductionEnds: the head's rejection tells the officer, who may
// then issue the maximum; a request ends unanswered when the case leaves
// processing, by a withdrawal or by a full-amount notice, which needs
// nobody's approval and so supersedes it.
func TestFeeReductionEnds(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	less := FeeNoticeInput{Mode: fee.PerVolume, Pages: 150, AmountFen: fen(100000), ReductionReason: "困难"}
	status := func(app Application) string {
		var s string
		if err := f.db.QueryRow(ctx, `SELECT string_agg(status, ',' ORDER BY requested_on, status) FROM fee_reductions WHERE application_id = $1`, app.ID).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}

	rejected := f.processing(t, "2026-11-02", validDetails(f.agencyA))
	rejected, err := f.svc.IssueFeeNotice(ctx, f.officerA, rejected.ID, rejected.Version, less)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.RejectFeeReduction(ctx, f.headA, rejected.ID, rejected.Version, " "); !errors.Is(err, errs.InvalidArgument) {
		t.Errorf("a rejection without a reason: %v", err)
	}
	if rejected, err = f.svc.RejectFeeReduction(ctx, f.headA, rejected.ID, rejected.Version, "不符合减收条件"); err != nil {
		t.Fatal(err)
	}
	if n := f.count(t, `SELECT count(*) FROM outbox WHERE recipient = $1 AND body LIKE '%不符合减收条件%'`, "account:"+f.officerA.AccountID); n != 1 {
		t.Errorf("the officer was told %d times of the rejection, want once", n)
	}
	if _, err := f.svc.RejectFeeReduction(ctx, f.headA, rejected.ID, rejected.Version, "再驳回"); !errors.Is(err, errs.FailedPrecondition) {
		t.Errorf("a rejection with nothing pending: %v", err)
	}
	if rejected, err = f.svc.IssueFeeNotice(ctx, f.officerA, rejected.ID, rejected.Version, FeeNoticeInput{Mode: fee.PerVolume, Pages: 150}); err != nil {
		t.Fatal(err)
	}
	if rejected.State != AwaitingFee || status(rejected) != "REJECTED" {
		t.Errorf("the maximum after a rejection: %s, requests %s", rejected.State, status(rejected))
	}

	superseded := f.processing(t, "2026-11-02", validDetails(f.agencyA))
	if superseded, err = f.svc.IssueFeeNotice(ctx, f.officerA, superseded.ID, superseded.Version, less); err != nil {
		t.Fatal(err)
	}
	if superseded, err = f.svc.IssueFeeNotice(ctx, f.officerA, superseded.ID, superseded.Version, FeeNoticeInput{Mode: fee.PerVolume, Pages: 150}); err != nil {
		t.Fatal(err)
	}
	if superseded.State != AwaitingFee || status(superseded) != "ENDED" {
		t.Errorf("the maximum while a request waits: %s, requests %s", superseded.State, status(superseded))
	}
	if _, err := f.svc.ApproveFeeReduction(ctx, f.headA, superseded.ID, superseded.Version, ""); !errors.Is(err, errs.FailedPrecondition) {
		t.Errorf("approving a superseded request: %v", err)
	}

	withdrawn := f.processing(t, "2026-11-02", validDetails(f.agencyA))
	if withdrawn, err = f.svc.IssueFeeNotice(ctx, f.officerA, withdrawn.ID, withdrawn.Version, less); err != nil {
		t.Fatal(err)
	}
	if _, err = f.svc.Withdraw(ctx, f.clerkA, withdrawn.ID, withdrawn.Version, "不再需要", true); err != nil {
		t.Fatal(err)
	}
	if status(withdrawn) != "ENDED" {
		t.Errorf("a withdrawal left the request %s", status(withdrawn))
	}
	if n := f.count(t, `SELECT count(*) FROM outbox WHERE application_id = $1 AND topic = 'fee_reduction.ended'`, withdrawn.ID); n != 1 {
		t.Errorf("the head was told %d times that the request ended, want once", n)
	}
}
