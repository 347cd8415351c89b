package cases

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"foi/services/actor"
	"foi/services/agency"
	"foi/services/errs"
	"foi/services/outcome"
	"foi/services/review"
)

// withholding is a refusal on third-party grounds.
func withholding(basis ...string) review.Draft {
	return review.Draft{
		Outcome:       outcome.Withheld,
		WithheldParts: []review.WithheldPart{{Part: "施工合同报价明细", Reason: review.ThirdPartyRights, Explanation: "涉及第三方商业秘密，第三方书面表示不同意公开"}},
		LegalBasis:    basis,
		Facts:         "本机关经检索，找到相关合同一份",
	}
}

func (f *fixture) adviser(t *testing.T) actor.Actor {
	t.Helper()
	id := f.insert(t, `INSERT INTO accounts (login, role, display_name) VALUES ('adviser', 'LEGAL_ADVISER', '赵法务') RETURNING id`)
	if _, err := f.db.Exec(context.Background(), `INSERT INTO account_agencies VALUES ($1, $2), ($1, $3)`, id, f.agencyA, f.agencyB); err != nil {
		t.Fatal(err)
	}
	return actor.Actor{AccountID: id, Name: "赵法务", Role: actor.LegalAdviser, Agencies: []string{f.agencyA, f.agencyB}}
}

func mustDraft(t *testing.T, f *fixture, id string, d review.Draft) Draft {
	t.Helper()
	out, err := f.svc.CreateDraft(context.Background(), f.officerA, id, d)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestReviewPath is the legal review issue's acceptance at the service.
func TestReviewPath(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	adviser := f.adviser(t)
	if _, err := f.db.Exec(ctx, `UPDATE agencies SET reconsideration_authority = '示范区人民政府', court = '示范区人民法院'`); err != nil {
		t.Fatal(err)
	}
	app := f.processing(t, "2026-11-02", validDetails(f.agencyA))

	// Without a legal basis the draft is blocked by a check naming it.
	mustDraft(t, f, app.ID, withholding())
	_, err := f.svc.SubmitDraft(ctx, f.officerA, app.ID, app.Version, nil)
	if !errors.Is(err, errs.FailedPrecondition) || !strings.Contains(err.Error(), review.CheckReasonAndBasis) {
		t.Fatalf("submitting without a legal basis: %v", err)
	}
	mustDraft(t, f, app.ID, withholding("REG_15", "REG_36_3"))
	app, err = f.svc.SubmitDraft(ctx, f.officerA, app.ID, app.Version, nil)
	if err != nil || app.State != LegalReview {
		t.Fatalf("submit: %v %s", err, app.State)
	}
	queue, _, err := f.svc.ReviewQueue(ctx, adviser, 0, "")
	if err != nil || len(queue) != 1 || queue[0].Draft.Version != 2 {
		t.Fatalf("the adviser's queue: %d items, %v", len(queue), err)
	}
	if _, err := f.svc.ReturnDraft(ctx, adviser, app.ID, app.Version, ""); !errors.Is(err, errs.InvalidArgument) {
		t.Errorf("returning without comments: %v", err)
	}
	app, err = f.svc.ReturnDraft(ctx, adviser, app.ID, app.Version, "请补充检索范围和第三方意见的日期")
	if err != nil || app.State != Processing {
		t.Fatalf("return: %v %s", err, app.State)
	}
	revised := withholding("REG_15", "REG_36_3")
	revised.Facts = "本机关于2026年11月检索了合同档案，找到相关合同一份；第三方于2026年11月10日书面表示不同意公开"
	mustDraft(t, f, app.ID, revised)
	if app, err = f.svc.SubmitDraft(ctx, f.officerA, app.ID, app.Version, nil); err != nil {
		t.Fatal(err)
	}
	if app, err = f.svc.ApproveDraft(ctx, adviser, app.ID, app.Version, "同意"); err != nil || app.State != SignOff {
		t.Fatalf("approve: %v %s", err, app.State)
	}
	f.clock.Set("2026-11-20")
	if app, err = f.svc.SignOff(ctx, f.headA, app.ID, app.Version); err != nil {
		t.Fatal(err)
	}
	if app.State != Replied || app.Outcome != outcome.Withheld || app.RepliedOn.String() != "2026-11-20" {
		t.Errorf("signed off: %s %s on %s", app.State, app.Outcome, app.RepliedOn)
	}

	drafts, err := f.svc.Drafts(ctx, adviser, app.ID)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, d := range drafts {
		for _, r := range d.Reviews {
			kinds = append(kinds, r.Kind)
		}
	}
	if diff := cmp.Diff([]string{"SUBMITTED", "RETURNED", "SUBMITTED", "APPROVED", "SIGNED"}, kinds); diff != "" {
		t.Errorf("reviews mismatch (-want +got):\n%s", diff)
	}
	if drafts[1].Reviews[1].Comments != "请补充检索范围和第三方意见的日期" {
		t.Error("the returned draft lost its comments")
	}
	if diff := cmp.Diff([]string{"facts"}, drafts[2].Changed); diff != "" {
		t.Errorf("changes of version 3 mismatch (-want +got):\n%s", diff)
	}
	notices, _ := f.svc.Notices(ctx, f.admin, app.ID)
	letter := notices[len(notices)-1]
	if letter.Kind != "REPLY_LETTER" {
		t.Fatalf("last notice is %s", letter.Kind)
	}
	for _, want := range []string{"不予公开", "施工合同报价明细", "第十五条", "先申请行政复议", "示范区人民政府", "对行政复议决定不服"} {
		if !strings.Contains(letter.HTML, want) {
			t.Errorf("the reply letter lacks %q", want)
		}
	}
}

// TestSignOffRefusesAChangedDraft: the head signs off exactly the version
// approved, as it was.
func TestSignOffRefusesAChangedDraft(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	adviser := f.adviser(t)
	app := f.processing(t, "2026-11-02", validDetails(f.agencyA))
	mustDraft(t, f, app.ID, withholding("REG_15"))
	app, _ = f.svc.SubmitDraft(ctx, f.officerA, app.ID, app.Version, nil)
	app, err := f.svc.ApproveDraft(ctx, adviser, app.ID, app.Version, "")
	if err != nil {
		t.Fatal(err)
	}
	// A new version after approval: sign-off refuses it.
	changed := withholding("REG_15")
	changed.Facts = "改动"
	mustDraft(t, f, app.ID, changed)
	if _, err := f.svc.SignOff(ctx, f.headA, app.ID, app.Version); !errors.Is(err, errs.FailedPrecondition) {
		t.Errorf("sign-off after a new version: %v", err)
	}
	// The head sends it back; it is resubmitted and approved again.
	app, err = f.svc.RejectSignOff(ctx, f.headA, app.ID, app.Version, "请重新提交审核")
	if err != nil || app.State != Processing {
		t.Fatalf("reject sign-off: %v %s", err, app.State)
	}
	app, _ = f.svc.SubmitDraft(ctx, f.officerA, app.ID, app.Version, nil)
	app, _ = f.svc.ApproveDraft(ctx, adviser, app.ID, app.Version, "")
	// Changing the approved version's stored content behind the database's
	// back: the hash no longer matches.
	if _, err := f.db.Exec(ctx, `ALTER TABLE drafts DISABLE TRIGGER drafts_append_only`); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.Exec(ctx, `UPDATE drafts SET content = replace(content, '改动', '已改') WHERE application_id = $1`, app.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SignOff(ctx, f.headA, app.ID, app.Version); !errors.Is(err, errs.FailedPrecondition) {
		t.Errorf("sign-off of a tampered draft: %v", err)
	}
}

func TestFailedChecksNeedAReasonToOverride(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	app := f.processing(t, "2026-11-02", validDetails(f.agencyA))
	mustDraft(t, f, app.ID, withholding("REG_15"))
	f.clock.Set("2026-12-01") // after the due date, 2026-11-30
	_, err := f.svc.SubmitDraft(ctx, f.officerA, app.ID, app.Version, nil)
	if !errors.Is(err, errs.FailedPrecondition) || !strings.Contains(err.Error(), review.CheckWithinDue) {
		t.Fatalf("a late reply: %v", err)
	}
	if _, err := f.svc.SubmitDraft(ctx, f.officerA, app.ID, app.Version, []Override{{Check: review.CheckWithinDue}}); !errors.Is(err, errs.InvalidArgument) {
		t.Errorf("an override without a reason: %v", err)
	}
	if _, err := f.svc.SubmitDraft(ctx, f.officerA, app.ID, app.Version, []Override{{Check: review.CheckRemedies, Reason: "x"}}); !errors.Is(err, errs.InvalidArgument) {
		t.Errorf("overriding a check that passed: %v", err)
	}
	app, err = f.svc.SubmitDraft(ctx, f.officerA, app.ID, app.Version, []Override{{Check: review.CheckWithinDue, Reason: "第三方意见迟到，已超期一日"}})
	if err != nil {
		t.Fatal(err)
	}
	drafts, _ := f.svc.Drafts(ctx, f.officerA, app.ID)
	sub := drafts[0].Reviews[0]
	if len(sub.Overrides) != 1 || sub.Overrides[0].Reason != "第三方意见迟到，已超期一日" || len(review.Failed(sub.Checks)) != 1 {
		t.Errorf("the adviser does not see the override: %+v", sub)
	}
}

func TestReviewSkippedOnlyForAgencyPolicyOutcomes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	app := f.processing(t, "2026-11-02", validDetails(f.agencyA))
	mustDraft(t, f, app.ID, review.Draft{Outcome: outcome.Disclosed, Attachments: []review.Attachment{{Title: "清单", Pages: 3}}, DeliveryForm: "随本答复书邮寄"})
	app, err := f.svc.SubmitDraft(ctx, f.officerA, app.ID, app.Version, nil)
	if err != nil || app.State != SignOff {
		t.Fatalf("a disclosure under the default policy: %v %s, want straight to SIGN_OFF", err, app.State)
	}
	if app, err = f.svc.SignOff(ctx, f.headA, app.ID, app.Version); err != nil || app.Outcome != outcome.Disclosed {
		t.Fatalf("sign-off: %v", err)
	}
	// The policy cannot let an adverse outcome skip review.
	_, err = agency.NewStore(f.db).UpdatePolicy(ctx, f.agencyA, agency.Policy{SupplementDays: 15, SkipReviewOutcomes: []outcome.Outcome{outcome.Withheld}},
		[]string{agency.FieldSkipReviewOutcomes})
	if !errors.Is(err, errs.InvalidArgument) {
		t.Errorf("skipping review of WITHHELD: %v", err)
	}
}

// replyDraft is a passing draft for each reply outcome.
func replyDraft(o outcome.Outcome) review.Draft {
	d := review.Draft{Outcome: o, Facts: "经检索", Reasons: []string{"依照条例规定答复"}}
	switch o {
	case outcome.Disclosed, outcome.AlreadyPublic:
		d.Reasons = nil
		d.Attachments = []review.Attachment{{Title: "所申请信息", Pages: 2}}
	case outcome.PartiallyDisclosed, outcome.Withheld:
		d.Reasons = nil
		d.WithheldParts = []review.WithheldPart{{Part: "个人信息部分", Reason: review.ThirdPartyRights, Explanation: "涉及个人隐私"}}
		d.LegalBasis = []string{"REG_15", "REG_37"}
	case outcome.NotResponsible:
		d.RedirectAgency, d.RedirectContact = "示范区财政局", "0755-12345678"
		d.LegalBasis = []string{"REG_36_5"}
	default:
		d.LegalBasis = []string{"REG_36_7"}
	}
	return d
}

// TestEveryReplyOutcome: each outcome a reply can have is drafted,
// reviewed (or, by policy, not), signed and delivered, and the case ends
// with that outcome. The other outcomes of rules.md section 5 (abandoned,
// withdrawn) end cases through their own events, tested with them.
func TestEveryReplyOutcome(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	adviser := f.adviser(t)
	for _, o := range outcome.All {
		if o == outcome.AbandonedNoClarification || o == outcome.AbandonedFeeUnpaid || o == outcome.Withdrawn {
			continue
		}
		t.Run(string(o), func(t *testing.T) {
			app := f.processing(t, "2026-11-02", validDetails(f.agencyA))
			var err error
			if o == outcome.UnclearAfterClarification {
				app, _ = f.svc.RequestClarification(ctx, f.officerA, app.ID, app.Version, ClarificationRequest{Items: []string{"请说明年份"}})
				if app, err = f.svc.Supplement(ctx, f.clerkA, app.ID, app.Version, SupplementInput{Text: "不清楚"}); err != nil {
					t.Fatal(err)
				}
			}
			mustDraft(t, f, app.ID, replyDraft(o))
			if app, err = f.svc.SubmitDraft(ctx, f.officerA, app.ID, app.Version, nil); err != nil {
				t.Fatal(err)
			}
			if app.State == LegalReview {
				if app, err = f.svc.ApproveDraft(ctx, adviser, app.ID, app.Version, ""); err != nil {
					t.Fatal(err)
				}
			} else if o.Adverse() {
				t.Fatalf("adverse outcome %s skipped legal review", o)
			}
			if app, err = f.svc.SignOff(ctx, f.headA, app.ID, app.Version); err != nil {
				t.Fatal(err)
			}
			if app, err = f.svc.RecordDelivery(ctx, f.clerkA, app.ID, app.Version, DeliveryRecord{Method: "POST", Note: "EMS 1234567890"}); err != nil {
				t.Fatal(err)
			}
			if app.State != Closed || app.Outcome != o {
				t.Errorf("ended %s with %s", app.State, app.Outcome)
			}
		})
	}
}
