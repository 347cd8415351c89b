package cases

import (
	"context"
	"errors"
	"strings"
	"testing"

	"foi/services/applicant"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/fee"
	"foi/services/outcome"
)

// TestLateLapseAfterAnExtension: the head extended the reply period the
// day after a consultation window ended, before the sweeper noticed; the
// lapse is still recorded and the clock reads its facts in date order.
func TestLateLapseAfterAnExtension(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	app := f.processing(t, "2026-11-02", validDetails(f.agencyA))
	f.clock.Set("2026-11-04")
	app, err := f.svc.StartConsultation(ctx, f.officerA, app.ID, app.Version, clock.Date{}, []Consultee{{Kind: "AGENCY", Name: "示范区财政局", Question: "是否同意公开"}})
	if err != nil {
		t.Fatal(err) // the window ends 2026-11-25
	}
	app, err = f.svc.RequestExtension(ctx, f.officerA, app.ID, app.Version, ExtensionRequest{Days: 5, Reason: "档案调取"})
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Set("2026-11-26")
	if app, err = f.svc.ApproveExtension(ctx, f.headA, app.ID, app.Version, ""); err != nil {
		t.Fatal(err)
	}
	r, err := f.svc.Sweep(ctx)
	if err != nil || r.ConsultationLapses != 1 {
		t.Fatalf("sweep: %+v, %v", r, err)
	}
	got, _ := f.svc.Get(ctx, f.admin, app.ID)
	// Used 11-03, 11-04; resumed after 11-25 with 18 + 5 left: 2026-12-28.
	if got.State != Processing || got.DueOn.String() != "2026-12-28" {
		t.Errorf("after the lapse: %s due %s, want PROCESSING due 2026-12-28", got.State, got.DueOn)
	}
}

// TestOneBadCaseDoesNotStopTheSweep: a case whose lapse cannot be recorded
// is skipped; the others lapse and the other kinds of event still run.
func TestOneBadCaseDoesNotStopTheSweep(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	bad := f.processing(t, "2026-11-02", validDetails(f.agencyA))
	good := f.processing(t, "2026-11-02", validDetails(f.agencyA))
	for _, a := range []Application{bad, good} {
		if _, err := f.svc.RequestClarification(ctx, f.officerA, a.ID, a.Version, ClarificationRequest{Items: []string{"年份"}}); err != nil {
			t.Fatal(err)
		}
	}
	// Break one case: its agency template for the closure notice cannot
	// render.
	if _, err := f.db.Exec(ctx, `UPDATE applications SET agency_id = $2 WHERE id = $1`, bad.ID, f.agencyB); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.Exec(ctx, `INSERT INTO notice_templates (agency_id, kind, body, updated_at) VALUES ($1, 'CLOSURE', '{{.NoSuchField}}', now())`, f.agencyB); err != nil {
		t.Fatal(err)
	}
	f.clock.Set("2026-12-15")
	r, err := f.svc.Sweep(ctx)
	if err == nil {
		t.Error("the failed lapse was not reported")
	}
	if r.ClarificationLapses != 1 {
		t.Errorf("%d lapses, want the good case's", r.ClarificationLapses)
	}
	if g, _ := f.svc.Get(ctx, f.admin, good.ID); g.State != Closed {
		t.Errorf("the good case is %s", g.State)
	}
	if b, _ := f.svc.Get(ctx, f.admin, bad.ID); b.State != Clarification || b.Version != 3 {
		t.Errorf("the bad case changed: %s v%d", b.State, b.Version)
	}
}

// TestAfterAnArt35Date: the case goes on (a consultation, a fee) with the
// reasonable date in force; no extension is granted on top of it.
func TestAfterAnArt35Date(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	app := f.processing(t, "2026-11-02", validDetails(f.agencyA))
	app, err := f.svc.SetDelayedDueDate(ctx, f.headA, app.ID, app.Version, clock.MustParseDate("2027-01-29"), "申请数量众多")
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Set("2026-11-04")
	app, err = f.svc.StartConsultation(ctx, f.officerA, app.ID, app.Version, clock.Date{}, []Consultee{{Kind: "THIRD_PARTY", Name: "甲公司", Question: "是否同意"}})
	if err != nil {
		t.Fatalf("consulting after an Art. 35 date: %v", err)
	}
	if app, err = f.svc.RequestExtension(ctx, f.officerA, app.ID, app.Version, ExtensionRequest{Days: 5, Reason: "x"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.ApproveExtension(ctx, f.headA, app.ID, app.Version, ""); !errors.Is(err, errs.FailedPrecondition) {
		t.Errorf("an extension on top of an Art. 35 date: %v, want FailedPrecondition", err)
	}
}

// TestBackdatedFactsAreRefusedClearly: a date that contradicts the facts
// already recorded is a 400, never a 500.
func TestBackdatedFactsAreRefusedClearly(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	app := f.processing(t, "2026-11-02", validDetails(f.agencyA))
	f.clock.Set("2026-11-04")
	app, err := f.svc.IssueFeeNotice(ctx, f.officerA, app.ID, app.Version, FeeNoticeInput{Mode: fee.PerVolume, Pages: 40})
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Set("2026-11-10")
	if app, err = f.svc.RecordPayment(ctx, f.clerkA, app.ID, app.Version, "R1", clock.Date{}); err != nil {
		t.Fatal(err)
	}
	f.clock.Set("2026-11-12")
	_, err = f.svc.StartConsultation(ctx, f.officerA, app.ID, app.Version, clock.MustParseDate("2026-11-06"), []Consultee{{Kind: "AGENCY", Name: "乙局", Question: "x"}})
	if !errors.Is(err, errs.FailedPrecondition) {
		t.Errorf("a consultation sent during the fee window: %v, want FailedPrecondition", err)
	}
	// One fee per application.
	if _, err := f.svc.IssueFeeNotice(ctx, f.officerA, app.ID, app.Version, FeeNoticeInput{Mode: fee.PerVolume, Pages: 150}); !errors.Is(err, errs.FailedPrecondition) {
		t.Errorf("a second fee notice: %v, want FailedPrecondition", err)
	}
}

// TestReopeningOpensANewReplyPeriod: the old extension no longer counts and
// a new one may be granted.
func TestReopeningOpensANewReplyPeriod(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	app := f.processing(t, "2026-11-02", validDetails(f.agencyA))
	app, _ = f.svc.RequestExtension(ctx, f.officerA, app.ID, app.Version, ExtensionRequest{Days: 20, Reason: "档案调取"})
	app, _ = f.svc.ApproveExtension(ctx, f.headA, app.ID, app.Version, "")
	mustDraft(t, f, app.ID, replyDraft(outcome.NotHeld))
	app, _ = f.svc.SubmitDraft(ctx, f.officerA, app.ID, app.Version, nil)
	app, _ = f.svc.ApproveDraft(ctx, f.adviser(t), app.ID, app.Version, "")
	app, _ = f.svc.SignOff(ctx, f.headA, app.ID, app.Version)
	app, err := f.svc.RecordDelivery(ctx, f.clerkA, app.ID, app.Version, DeliveryRecord{Method: "POST"})
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Set("2027-03-01")
	app, _ = f.svc.RecordRemedy(ctx, f.officerA, app.ID, app.Version, Remedy{Kind: "RECONSIDERATION", FiledOn: clock.MustParseDate("2026-12-01"), Authority: "示范区人民政府"})
	remedies, _ := f.svc.Remedies(ctx, f.admin, app.ID)
	app, _ = f.svc.RecordRemedy(ctx, f.officerA, app.ID, app.Version, Remedy{ID: remedies[0].ID, Result: "CORRECTED", DecidedOn: clock.MustParseDate("2027-03-01")})
	app, err = f.svc.Reopen(ctx, f.headA, app.ID, app.Version, remedies[0].ID, clock.Date{}, "复议决定责令重新答复")
	if err != nil {
		t.Fatal(err)
	}
	// 2027 is not loaded: weekends only. 20 working days after 03-01.
	if app.DueOn.String() != "2027-03-29" {
		t.Errorf("reopened: due %s, want 2027-03-29 (20 working days, the old extension gone)", app.DueOn)
	}
	app, _ = f.svc.RequestExtension(ctx, f.officerA, app.ID, app.Version, ExtensionRequest{Days: 5, Reason: "重新调取档案"})
	if app, err = f.svc.ApproveExtension(ctx, f.headA, app.ID, app.Version, ""); err != nil {
		t.Errorf("an extension in the new reply period: %v", err)
	}
}

func TestWithdrawingCancelsAPendingFee(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	app := f.processing(t, "2026-11-02", validDetails(f.agencyA))
	app, _ = f.svc.IssueFeeNotice(ctx, f.officerA, app.ID, app.Version, FeeNoticeInput{Mode: fee.PerVolume, Pages: 40,
		ServedOn: clock.MustParseDate("2026-11-06")})
	notices, _ := f.svc.FeeNotices(ctx, f.admin, app.ID)
	if notices[0].PayBy.String() != "2026-12-04" {
		t.Errorf("served 11-06 by post: pay by %s, want 2026-12-04", notices[0].PayBy)
	}
	if _, err := f.svc.Withdraw(ctx, f.clerkA, app.ID, app.Version, "不再需要", true); err != nil {
		t.Fatal(err)
	}
	notices, _ = f.svc.FeeNotices(ctx, f.admin, app.ID)
	if notices[0].Status != "CANCELLED" {
		t.Errorf("fee after withdrawal: %s, want CANCELLED", notices[0].Status)
	}
}

// TestApplicantSeesNoDeliberations: the applicant's view of the history
// keeps the events but not the consultees, opinions or draft reviews;
// staff see everything. Each consultee's letter has its own number.
func TestApplicantSeesNoDeliberations(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	app, err := f.svc.Submit(ctx, f.applicant, "", validDetails(f.agencyA), applicant.Identity{})
	if err != nil {
		t.Fatal(err)
	}
	app, _ = f.svc.Confirm(ctx, f.clerkA, app.ID, app.Version, clock.Date{})
	app, _ = f.svc.Assign(ctx, f.officerA, app.ID, app.Version, "")
	app, err = f.svc.StartConsultation(ctx, f.officerA, app.ID, app.Version, clock.Date{}, []Consultee{
		{Kind: "THIRD_PARTY", Name: "甲建设有限公司", Question: "是否同意公开"}, {Kind: "AGENCY", Name: "示范区财政局", Question: "是否同意公开"}})
	if err != nil {
		t.Fatal(err)
	}
	mine, _ := f.svc.History(ctx, f.applicant, app.ID)
	theirs, _ := f.svc.History(ctx, f.officerA, app.ID)
	last := len(mine) - 1
	if mine[last].Event != "start_consultation" || strings.Contains(mine[last].Payload, "甲建设有限公司") {
		t.Errorf("the applicant sees %s %s", mine[last].Event, mine[last].Payload)
	}
	if !strings.Contains(theirs[last].Payload, "甲建设有限公司") {
		t.Errorf("the officer does not see the consultees: %s", theirs[last].Payload)
	}
	if !strings.Contains(mine[0].Payload, "ONLINE") {
		t.Errorf("the applicant no longer sees their own submission: %s", mine[0].Payload)
	}
	notices, _ := f.svc.Notices(ctx, f.officerA, app.ID)
	var numbers []string
	for _, n := range notices {
		if n.Kind == "CONSULTATION_LETTER" {
			numbers = append(numbers, n.Number)
		}
	}
	if len(numbers) != 2 || numbers[0] == numbers[1] {
		t.Errorf("consultation letters numbered %v", numbers)
	}
}
