package cases

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"foi/services/actor"
	"foi/services/applicant"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/outcome"
)

// step advances the fixture's clock to day and runs fn, failing on error.
func (f *fixture) at(t *testing.T, day string, fn func() (Application, error)) Application {
	t.Helper()
	f.clock.Set(day)
	app, err := fn()
	if err != nil {
		t.Fatalf("%s: %v", day, err)
	}
	return app
}

func dueOf(a Application) string {
	if a.DueOn.IsZero() {
		return "paused"
	}
	return a.DueOn.String()
}

// TestWalkThroughTheClock follows one case through the events of the
// workflow issue and checks the due date after each against a wall
// calendar count (rules.md section 3).
func TestWalkThroughTheClock(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	f.clock.Set("2026-11-02")
	app := f.register(t, "2026-11-02") // Monday
	var dues []string
	dues = append(dues, dueOf(app)) // 20 working days: 2026-11-30

	app = f.at(t, "2026-11-03", func() (Application, error) { return f.svc.Assign(ctx, f.officerA, app.ID, app.Version, "") })
	app = f.at(t, "2026-11-04", func() (Application, error) {
		return f.svc.RequestClarification(ctx, f.officerA, app.ID, app.Version, ClarificationRequest{
			Items: []string{"请说明所需信息的具体年份", "请提供所需文件的文号或标题"}})
	})
	dues = append(dues, dueOf(app)) // the clock stops
	if app.SupplementDueOn.String() != "2026-11-25" {
		t.Errorf("supplement due %s, want 2026-11-25 (15 working days after 11-04)", app.SupplementDueOn)
	}
	app = f.at(t, "2026-11-10", func() (Application, error) {
		return f.svc.Supplement(ctx, f.clerkA, app.ID, app.Version, SupplementInput{Text: "所需信息为2025年度的老旧小区改造清单"})
	})
	dues = append(dues, dueOf(app)) // restarts from zero after 11-10: 2026-12-08
	app = f.at(t, "2026-11-12", func() (Application, error) {
		return f.svc.StartConsultation(ctx, f.officerA, app.ID, app.Version, clock.Date{}, []Consultee{
			{Kind: "THIRD_PARTY", Name: "示范建设有限公司", Question: "申请公开的合同是否涉及贵公司商业秘密"}})
	})
	dues = append(dues, dueOf(app)) // paused after 2 days used (11-11, 11-12)
	var consultation string
	if err := f.db.QueryRow(ctx, `SELECT id FROM consultations WHERE application_id = $1`, app.ID).Scan(&consultation); err != nil {
		t.Fatal(err)
	}
	app = f.at(t, "2026-11-19", func() (Application, error) {
		return f.svc.RecordOpinion(ctx, f.officerA, app.ID, app.Version, Opinion{ConsultationID: consultation, Opinion: "CONSENT", Text: "同意公开"})
	})
	dues = append(dues, dueOf(app)) // 18 left, counted after 11-19: 2026-12-15
	if app.State != Processing {
		t.Errorf("after the only opinion: %s, want PROCESSING", app.State)
	}
	app = f.at(t, "2026-11-20", func() (Application, error) {
		return f.svc.RequestExtension(ctx, f.officerA, app.ID, app.Version, ExtensionRequest{Days: 5, Reason: "涉及多个部门的档案，需要调取核查"})
	})
	dues = append(dues, dueOf(app)) // a request changes nothing yet
	app = f.at(t, "2026-11-23", func() (Application, error) {
		return f.svc.ApproveExtension(ctx, f.headA, app.ID, app.Version, "同意")
	})
	dues = append(dues, dueOf(app)) // five more working days: 2026-12-22

	want := []string{"2026-11-30", "paused", "2026-12-08", "paused", "2026-12-15", "2026-12-15", "2026-12-22"}
	if diff := cmp.Diff(want, dues); diff != "" {
		t.Errorf("due dates mismatch (-want +got):\n%s", diff)
	}

	history, err := f.svc.History(ctx, f.admin, app.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range history {
		got = append(got, e.Event+" by "+string(e.ActorRole))
	}
	wantHistory := []string{"register by CLERK", "assign by OFFICER", "request_clarification by OFFICER", "supplement by CLERK",
		"start_consultation by OFFICER", "record_opinion by OFFICER", "request_extension by OFFICER", "approve_extension by HEAD"}
	if diff := cmp.Diff(wantHistory, got); diff != "" {
		t.Errorf("history mismatch (-want +got):\n%s", diff)
	}
	notices, err := f.svc.Notices(ctx, f.clerkA, app.ID)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, n := range notices {
		kinds = append(kinds, string(n.Kind))
	}
	if diff := cmp.Diff([]string{"RECEIPT", "CLARIFICATION", "CONSULTATION_LETTER", "EXTENSION"}, kinds); diff != "" {
		t.Errorf("notices mismatch (-want +got):\n%s", diff)
	}
	for _, n := range notices {
		if n.Kind == "CLARIFICATION" && !strings.Contains(n.HTML, "请提供所需文件的文号或标题") {
			t.Error("the clarification notice does not list every item")
		}
		if n.Kind == "EXTENSION" && !strings.Contains(n.HTML, "2026年12月22日") {
			t.Error("the extension notice does not give the new due date")
		}
	}
	if v, err := f.svc.VerifyHistory(ctx, f.admin, app.ID); err != nil || !v.Intact || v.Events != 8 {
		t.Errorf("verify: %+v, %v", v, err)
	}
}

// TestConflictingTransitionsRace fires 100 assignments carrying the same
// version at one case: exactly one wins, the rest are Aborted, and the
// history has no gap and verifies.
func TestConflictingTransitionsRace(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	app := f.register(t, "2026-11-27")
	var wg sync.WaitGroup
	results := make([]error, 100)
	for i := range results {
		wg.Go(func() {
			_, results[i] = f.svc.Assign(ctx, f.officerA, app.ID, app.Version, "")
		})
	}
	wg.Wait()
	won, aborted := 0, 0
	for _, err := range results {
		switch {
		case err == nil:
			won++
		case errors.Is(err, errs.Aborted):
			aborted++
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	if won != 1 || aborted != 99 {
		t.Errorf("%d won and %d were aborted, want 1 and 99", won, aborted)
	}
	v, err := f.svc.VerifyHistory(ctx, f.admin, app.ID)
	if err != nil || !v.Intact || v.Events != 2 {
		t.Errorf("history after the race: %+v, %v (want intact, 2 events)", v, err)
	}
	if got, _ := f.svc.Get(ctx, f.admin, app.ID); got.Version != 2 {
		t.Errorf("version %d after one transition, want 2", got.Version)
	}
}

// TestHistoryIsAppendOnlyAndTamperEvident: the database refuses changes to
// the history, and a change forced past the trigger is found by verify.
func TestHistoryIsAppendOnlyAndTamperEvident(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	app := f.register(t, "2026-11-27")
	app, err := f.svc.Assign(ctx, f.officerA, app.ID, app.Version, "")
	if err != nil {
		t.Fatal(err)
	}
	// A clarification gives the case a clock fact too.
	app, err = f.svc.RequestClarification(ctx, f.officerA, app.ID, app.Version, ClarificationRequest{Items: []string{"年份"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, sql := range []string{
		`UPDATE application_events SET reason = 'x' WHERE application_id = $1`,
		`DELETE FROM application_events WHERE application_id = $1`,
		`DELETE FROM notices WHERE application_id = $1`,
		`DELETE FROM clock_events WHERE application_id = $1`,
		`UPDATE clock_events SET on_date = on_date + 1 WHERE application_id = $1`,
	} {
		if _, err := f.db.Exec(ctx, sql, app.ID); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want refusal", sql, err)
		}
	}
	for _, table := range []string{"application_events", "notices", "clock_events", "calendar_loads"} {
		if _, err := f.db.Exec(ctx, `TRUNCATE `+table+` CASCADE`); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("TRUNCATE %s: %v, want refusal", table, err)
		}
	}
	// The table's owner can switch the trigger off; verify still notices.
	if _, err := f.db.Exec(ctx, `ALTER TABLE application_events DISABLE TRIGGER application_events_append_only`); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.Exec(ctx, `UPDATE application_events SET actor_name = '他人' WHERE application_id = $1 AND seq = 2`, app.ID); err != nil {
		t.Fatal(err)
	}
	v, err := f.svc.VerifyHistory(ctx, f.admin, app.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v.Intact || v.BrokenAt != 2 || !strings.Contains(v.Problem, "第 2 条") {
		t.Errorf("verify after tampering with event 2: %+v", v)
	}
	if _, err := f.db.Exec(ctx, `UPDATE application_events SET actor_name = 'officer-a' WHERE application_id = $1 AND seq = 2`, app.ID); err != nil {
		t.Fatal(err)
	}
	if v, _ := f.svc.VerifyHistory(ctx, f.admin, app.ID); !v.Intact {
		t.Fatalf("restoring the row did not restore the chain: %+v", v)
	}
	if _, err := f.db.Exec(ctx, `DELETE FROM notices WHERE application_id = $1 AND event_seq = 3`, app.ID); err == nil {
		t.Fatal("notices of the last event could be deleted")
	}
	if _, err := f.db.Exec(ctx, `ALTER TABLE notices DISABLE TRIGGER notices_append_only`); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.Exec(ctx, `DELETE FROM notices WHERE application_id = $1 AND event_seq = 3`, app.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.Exec(ctx, `DELETE FROM application_events WHERE application_id = $1 AND seq = 3`, app.ID); err != nil {
		t.Fatal(err)
	}
	if v, _ := f.svc.VerifyHistory(ctx, f.admin, app.ID); v.Intact {
		t.Errorf("verify after deleting the last event: %+v", v)
	}
}

// TestSweepersFireEachLapseOnce runs three sweepers at once over a
// thousand cases whose supplement period has ended.
func TestSweepersFireEachLapseOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	const n = 1000
	if _, err := f.db.Exec(ctx, `
		INSERT INTO applications (agency_id, tracking_number, state, regime, applicant_type, applicant_name,
			applicant_id_type, applicant_id_number, info_title, medium, delivery, channel, handed_in_on,
			received_on, created_by, clarification_on, supplement_due_on)
		SELECT $1, 'AAA-2026-' || lpad(i::text, 6, '0'), 'CLARIFICATION', '2019', 'NATURAL_PERSON', '张三',
			'RESIDENT_ID_CARD', '11010519491231002X', '信息', 'PAPER', 'POST', 'IN_PERSON', '2026-10-09',
			'2026-10-09', $2, '2026-10-12', '2026-11-02'
		FROM generate_series(1, $3) i`, f.agencyA, f.clerkA.AccountID, n); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	total := 0
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			r, err := f.svc.Sweep(ctx)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			total += r.ClarificationLapses
			mu.Unlock()
		})
	}
	wg.Wait()
	if total != n {
		t.Errorf("sweepers fired %d lapses, want %d", total, n)
	}
	if got := f.count(t, `SELECT count(*) FROM application_events WHERE event = 'clarification_lapsed'`); got != n {
		t.Errorf("%d lapse events in the history, want %d", got, n)
	}
	if got := f.count(t, `SELECT count(*) FROM applications WHERE state = 'CLOSED' AND outcome = 'ABANDONED_NO_CLARIFICATION' AND version = 2`); got != n {
		t.Errorf("%d cases closed once as abandoned, want %d", got, n)
	}
	if got := f.count(t, `SELECT count(*) FROM notices WHERE kind = 'CLOSURE'`); got != n {
		t.Errorf("%d closure notices, want %d", got, n)
	}
	if r, _ := f.svc.Sweep(ctx); r.ClarificationLapses != 0 {
		t.Errorf("a later sweep fired %d more lapses", r.ClarificationLapses)
	}
}

func TestClarificationRules(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	f.clock.Set("2026-11-02")
	app := f.register(t, "2026-11-02")
	// Seven working days after 11-02 is 11-11; on 11-12 the notice is late.
	f.clock.Set("2026-11-12")
	_, err := f.svc.RequestClarification(ctx, f.officerA, app.ID, app.Version, ClarificationRequest{Items: []string{"年份"}})
	if v := violations(t, err); v["lateReason"] == "" {
		t.Errorf("late without a reason: %v, want a lateReason violation", err)
	}
	if _, err := f.svc.RequestClarification(ctx, f.officerA, app.ID, app.Version, ClarificationRequest{}); !errors.Is(err, errs.InvalidArgument) {
		t.Errorf("no items: %v", err)
	}
	app, err = f.svc.RequestClarification(ctx, f.officerA, app.ID, app.Version, ClarificationRequest{Items: []string{"年份"}, LateReason: "申请材料在转办中延误"})
	if err != nil {
		t.Fatal(err)
	}
	if app.LateClarification != "申请材料在转办中延误" {
		t.Errorf("late reason not recorded: %q", app.LateClarification)
	}
	// A clerk records a supplement received after the period: refused.
	f.clock.Set("2026-12-10")
	_, err = f.svc.Supplement(ctx, f.clerkA, app.ID, app.Version, SupplementInput{Text: "补正", ReceivedOn: clock.MustParseDate("2026-12-10")})
	if !errors.Is(err, errs.FailedPrecondition) {
		t.Errorf("supplement after the period: %v, want FailedPrecondition", err)
	}
	// Once per case.
	app, err = f.svc.Supplement(ctx, f.clerkA, app.ID, app.Version, SupplementInput{Text: "补正", ReceivedOn: clock.MustParseDate("2026-11-20")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.RequestClarification(ctx, f.officerA, app.ID, app.Version, ClarificationRequest{Items: []string{"再补"}, LateReason: "x"}); !errors.Is(err, errs.FailedPrecondition) {
		t.Errorf("second clarification: %v, want FailedPrecondition", err)
	}
}

func TestConsultationLapseResumesTheClock(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	f.clock.Set("2026-11-02")
	app := f.register(t, "2026-11-02")
	app, _ = f.svc.Assign(ctx, f.officerA, app.ID, app.Version, "")
	f.clock.Set("2026-11-04")
	app, err := f.svc.StartConsultation(ctx, f.officerA, app.ID, app.Version, clock.Date{}, []Consultee{
		{Kind: "THIRD_PARTY", Name: "甲公司", Question: "是否同意公开"},
		{Kind: "AGENCY", Name: "示范区财政局", Question: "是否同意公开", DeliveredOn: clock.MustParseDate("2026-11-04")},
	})
	if err != nil {
		t.Fatal(err)
	}
	// Both windows end on 2026-11-25 (15 working days after 11-04).
	var first string
	if err := f.db.QueryRow(ctx, `SELECT id FROM consultations WHERE application_id = $1 AND kind = 'THIRD_PARTY'`, app.ID).Scan(&first); err != nil {
		t.Fatal(err)
	}
	f.clock.Set("2026-11-10")
	app, err = f.svc.RecordOpinion(ctx, f.officerA, app.ID, app.Version, Opinion{ConsultationID: first, Opinion: "OBJECTION", Text: "涉及商业秘密"})
	if err != nil {
		t.Fatal(err)
	}
	if app.State != Consultation {
		t.Fatalf("one of two answered: %s, want CONSULTATION", app.State)
	}
	f.clock.Set("2026-11-25")
	if r, _ := f.svc.Sweep(ctx); r.ConsultationLapses != 0 {
		t.Errorf("lapse fired on the window's last day")
	}
	f.clock.Set("2026-11-26")
	if r, err := f.svc.Sweep(ctx); err != nil || r.ConsultationLapses != 1 {
		t.Fatalf("sweep: %+v, %v", r, err)
	}
	got, _ := f.svc.Get(ctx, f.admin, app.ID)
	// Used 11-03, 11-04 (2); resumed after the lapse on 11-25: 18 left
	// from 11-26 end on 2026-12-21.
	if got.State != Processing || got.DueOn.String() != "2026-12-21" {
		t.Errorf("after the agency's silence: %s due %s, want PROCESSING due 2026-12-21", got.State, got.DueOn)
	}
	history, _ := f.svc.History(ctx, f.admin, app.ID)
	last := history[len(history)-1]
	if last.Event != "consultation_lapsed" || last.ActorRole != actor.System || !strings.Contains(last.Payload, "视为同意公开") {
		t.Errorf("lapse event: %+v", last)
	}
}

func TestExtensionRules(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	f.clock.Set("2026-11-02")
	app := f.register(t, "2026-11-02")
	if _, err := f.svc.ApproveExtension(ctx, f.headA, app.ID, app.Version, ""); !errors.Is(err, errs.FailedPrecondition) {
		t.Errorf("approve with nothing pending: %v", err)
	}
	if _, err := f.svc.RequestExtension(ctx, f.officerA, app.ID, app.Version, ExtensionRequest{Days: 21, Reason: "x"}); !errors.Is(err, errs.InvalidArgument) {
		t.Errorf("21 days: %v", err)
	}
	app, err := f.svc.RequestExtension(ctx, f.officerA, app.ID, app.Version, ExtensionRequest{Days: 20, Reason: "需要调取档案"})
	if err != nil {
		t.Fatal(err)
	}
	// After the due date (2026-11-30) the head can no longer approve.
	f.clock.Set("2026-12-01")
	if _, err := f.svc.ApproveExtension(ctx, f.headA, app.ID, app.Version, ""); !errors.Is(err, errs.FailedPrecondition) {
		t.Errorf("approve after the due date: %v", err)
	}
	f.clock.Set("2026-11-30")
	app, err = f.svc.ApproveExtension(ctx, f.headA, app.ID, app.Version, "")
	if err != nil {
		t.Fatal(err)
	}
	if app.DueOn.String() != "2026-12-28" {
		t.Errorf("extended due %s, want 2026-12-28", app.DueOn)
	}
	if _, err := f.svc.RequestExtension(ctx, f.officerA, app.ID, app.Version, ExtensionRequest{Days: 5, Reason: "再延"}); !errors.Is(err, errs.FailedPrecondition) {
		t.Errorf("a second extension: %v", err)
	}
	// Maker-checker, enforced by the store too: the requester never approves.
	if _, err := f.db.Exec(ctx, `UPDATE extensions SET approved_by = requested_by`); err == nil {
		t.Error("the database let a requester approve their own extension")
	}
}

func TestDelayedDueDate(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	f.clock.Set("2026-11-02")
	app := f.register(t, "2026-11-02")
	app, _ = f.svc.Assign(ctx, f.officerA, app.ID, app.Version, "")
	if _, err := f.svc.SetDelayedDueDate(ctx, f.headA, app.ID, app.Version, clock.MustParseDate("2026-11-30"), "申请数量众多"); !errors.Is(err, errs.InvalidArgument) {
		t.Errorf("a date not after the statutory one: %v", err)
	}
	app, err := f.svc.SetDelayedDueDate(ctx, f.headA, app.ID, app.Version, clock.MustParseDate("2027-01-29"), "申请数量众多")
	if err != nil {
		t.Fatal(err)
	}
	if app.DueOn.String() != "2027-01-29" {
		t.Errorf("due %s, want the reasonable date 2027-01-29", app.DueOn)
	}
	if _, err := f.svc.SetDelayedDueDate(ctx, f.officerA, app.ID, app.Version, clock.MustParseDate("2027-02-26"), "x"); !errors.Is(err, errs.PermissionDenied) {
		t.Errorf("an officer setting it: %v", err)
	}
}

func TestReplyDeliveryRemedyReopen(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	f.clock.Set("2026-11-02")
	app := f.register(t, "2026-11-02")
	if _, err := f.svc.ReplyOnTheSpot(ctx, f.clerkA, app.ID, app.Version, outcome.Withheld, "不予公开"); !errors.Is(err, errs.InvalidArgument) {
		t.Errorf("withholding on the spot: %v, want refused", err)
	}
	app, err := f.svc.ReplyOnTheSpot(ctx, f.clerkA, app.ID, app.Version, outcome.AlreadyPublic, "已告知在政府网站公开栏目查阅")
	if err != nil {
		t.Fatal(err)
	}
	if app.State != Replied || app.RepliedOn.String() != "2026-11-02" || app.Outcome != outcome.AlreadyPublic {
		t.Errorf("replied: %s on %s outcome %s", app.State, app.RepliedOn, app.Outcome)
	}
	f.clock.Set("2026-11-03")
	app, err = f.svc.RecordDelivery(ctx, f.clerkA, app.ID, app.Version, DeliveryRecord{Method: "IN_PERSON"})
	if err != nil {
		t.Fatal(err)
	}
	if app.State != Closed {
		t.Fatalf("after delivery: %s", app.State)
	}
	f.clock.Set("2026-12-01")
	app, err = f.svc.RecordRemedy(ctx, f.officerA, app.ID, app.Version, Remedy{Kind: "RECONSIDERATION", FiledOn: clock.MustParseDate("2026-11-20"), Authority: "示范区人民政府"})
	if err != nil {
		t.Fatal(err)
	}
	var remedy string
	if err := f.db.QueryRow(ctx, `SELECT id FROM remedies WHERE application_id = $1`, app.ID).Scan(&remedy); err != nil {
		t.Fatal(err)
	}
	app, err = f.svc.RecordRemedy(ctx, f.officerA, app.ID, app.Version, Remedy{ID: remedy, Result: "CORRECTED", DecidedOn: clock.MustParseDate("2026-12-01")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Reopen(ctx, f.headA, app.ID, app.Version, "00000000-0000-4000-8000-000000000000", clock.Date{}, "无依据"); !errors.Is(err, errs.InvalidArgument) {
		t.Errorf("reopening without a remedy decided CORRECTED: %v", err)
	}
	app, err = f.svc.Reopen(ctx, f.headA, app.ID, app.Version, remedy, clock.MustParseDate("2026-12-01"), "复议决定责令重新答复")
	if err != nil {
		t.Fatal(err)
	}
	if app.State != Processing || app.Outcome != "" || app.DueOn.String() != "2026-12-29" {
		t.Errorf("reopened: %s outcome %q due %s, want PROCESSING, none, 2026-12-29", app.State, app.Outcome, app.DueOn)
	}
}

func TestWithdraw(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	app, err := f.svc.Submit(ctx, f.applicant, "", validDetails(f.agencyA), applicant.Identity{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Withdraw(ctx, f.clerkA, app.ID, app.Version, "", false); !errors.Is(err, errs.InvalidArgument) {
		t.Errorf("clerk without a written request: %v", err)
	}
	if _, err := f.svc.Withdraw(ctx, f.applicant2, app.ID, app.Version, "", false); !errors.Is(err, errs.NotFound) {
		t.Errorf("another applicant: %v, want NotFound", err)
	}
	app, err = f.svc.Withdraw(ctx, f.applicant, app.ID, app.Version, "不再需要", false)
	if err != nil {
		t.Fatal(err)
	}
	if app.State != Withdrawn || app.Outcome != outcome.Withdrawn {
		t.Errorf("withdrawn: %s %s", app.State, app.Outcome)
	}
	if _, err := f.svc.Withdraw(ctx, f.applicant, app.ID, app.Version, "", false); !errors.Is(err, errs.FailedPrecondition) {
		t.Errorf("withdrawing twice: %v", err)
	}
}

// TestNothingIsQueuedForARolledBackChange: a refused event leaves neither
// history, notice nor message behind.
func TestNothingIsQueuedForARolledBackChange(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	app := f.register(t, "2026-11-27")
	before := f.count(t, `SELECT count(*) FROM outbox`) + f.count(t, `SELECT count(*) FROM notices`) + f.count(t, `SELECT count(*) FROM application_events`)
	// The clarification would issue a notice; the version is stale.
	if _, err := f.svc.RequestClarification(ctx, f.officerA, app.ID, app.Version+1, ClarificationRequest{Items: []string{"x"}}); !errors.Is(err, errs.Aborted) {
		t.Fatalf("stale: %v", err)
	}
	// This one fails after rows were written inside the transaction.
	if _, err := f.db.Exec(ctx, `ALTER TABLE notices ADD CONSTRAINT no_clarifications CHECK (kind <> 'CLARIFICATION')`); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.RequestClarification(ctx, f.officerA, app.ID, app.Version, ClarificationRequest{Items: []string{"x"}}); err == nil {
		t.Fatal("the clarification should have failed on storing its notice")
	}
	after := f.count(t, `SELECT count(*) FROM outbox`) + f.count(t, `SELECT count(*) FROM notices`) + f.count(t, `SELECT count(*) FROM application_events`)
	if after != before {
		t.Errorf("%d rows of history, notices or messages left by failed changes", after-before)
	}
	got, _ := f.svc.Get(ctx, f.admin, app.ID)
	if got.State != Accepted || got.Version != app.Version || !got.ClarificationOn.IsZero() {
		t.Errorf("the case changed: %s v%d", got.State, got.Version)
	}
	if n := f.count(t, `SELECT count(*) FROM clock_events WHERE application_id = $1`, app.ID); n != 0 {
		t.Errorf("%d clock facts left behind", n)
	}
}
