package cases

import (
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"foi/services/agency"
	"foi/services/clock"
	"foi/services/notice"
	"foi/services/outcome"
	"foi/services/review"
)

// The rules of issue 10 on the letters a case issues: remedies follow
// the reply date, replies on the spot, and what each letter states.

func TestRemediesFollowTheReplyDate(t *testing.T) {
	ag := agency.Agency{ReconsiderationAuthority: "示范区人民政府", Court: "示范区人民法院"}
	// A case received on 2023-12-20 and refused in 2026: reconsideration
	// comes first, whatever the day of receipt.
	if got := remediesFor(ag, outcome.Withheld, day("2026-11-27")); !strings.Contains(got, "先申请行政复议") || strings.Contains(got, "6个月") {
		t.Errorf("a refusal signed in 2026 offers a direct lawsuit: %s", got)
	}
	if got := remediesFor(ag, outcome.Withheld, day("2023-12-28")); !strings.Contains(got, "6个月") {
		t.Errorf("a refusal signed in 2023 lost the choice of a lawsuit: %s", got)
	}
}

func TestOnTheSpotRepliesSupplyOrPoint(t *testing.T) {
	lax := agency.Agency{OnTheSpotOutcomes: []outcome.Outcome{outcome.Disclosed, outcome.AlreadyPublic, outcome.Publication}}
	tests := []struct {
		name    string
		out     outcome.Outcome
		wantErr string
		basis   []string
	}{
		{name: "an adverse outcome, even one the agency lists", out: outcome.Publication, wantErr: "invalid: outcome"},
		{name: "already public cites Art. 36(1)", out: outcome.AlreadyPublic, basis: []string{"《中华人民共和国政府信息公开条例》第三十六条第（一）项"}},
		{name: "disclosed cites Art. 36(2)", out: outcome.Disclosed, basis: []string{"《中华人民共和国政府信息公开条例》第三十六条第（二）项"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := Application{State: Accepted, ReceivedOn: day("2026-11-27")}
			st, err := decideOnTheSpotReply(&app, lax, day("2026-11-27"), tt.out, "区政府网站“政府信息公开”栏目")
			if diff := cmp.Diff(tt.wantErr, verdict(err)); diff != "" || err != nil {
				if diff != "" {
					t.Errorf("error mismatch (-want +got):\n%s", diff)
				}
				return
			}
			var d notice.Data
			st.notices[0].fill(&d)
			if diff := cmp.Diff(tt.basis, d.Reply.LegalBasis); diff != "" {
				t.Errorf("basis mismatch (-want +got):\n%s", diff)
			}
			if d.Reply.HowProvided != "区政府网站“政府信息公开”栏目" {
				t.Errorf("the letter does not say where to find it: %+v", d.Reply)
			}
		})
	}
}

// isoDate is a date as the API writes it; a letter never prints one.
var isoDate = regexp.MustCompile(`\d{4}-\d{2}-\d{2}`)

// letter fills the data of the step's first notice over the case's own.
func letter(t *testing.T, app *Application, st step) notice.Data {
	t.Helper()
	if len(st.notices) == 0 {
		t.Fatal("the step issues no notice")
	}
	d := notice.Data{DueOn: cn(app.DueOn), Regime: app.Regime.String()}
	st.notices[0].fill(&d)
	return d
}

// TestExtensionWhilePausedHasNoBlank: an extension approved during a
// consultation states the days and that paused time is not counted; it
// has no new date yet and prints none.
func TestExtensionWhilePausedHasNoBlank(t *testing.T) {
	app := processing()
	app.State, app.DueOn = Consultation, clock.Date{}
	p := &extension{id: "ext", days: 10, reason: "档案分散", requestedBy: anOfficer.AccountID}
	st, err := decideExtensionApproval(&app, aHead, day("2026-11-20"), "", clock.Date{}, p, clock.Result{Paused: true})
	if err != nil {
		t.Fatal(err)
	}
	d := letter(t, &app, st)
	if d.Paused == "" || d.DueOn != "" || d.PreviousDueOn != "" || d.ExtensionDays != 10 {
		t.Errorf("extension letter while paused: %+v", d)
	}
}

// TestClosureLetterSpeaksToTheApplicant: the 办结告知书 says 您 and prints
// dates as 2026年11月25日.
func TestClosureLetterSpeaksToTheApplicant(t *testing.T) {
	app := processing()
	app.State, app.SupplementDueOn = Clarification, day("2026-11-25")
	d := letter(t, &app, decideClarificationLapse(&app, day("2026-11-26")))
	if strings.Contains(d.Reason, "申请人") || !strings.HasPrefix(d.Reason, "您") || isoDate.MatchString(d.Reason) ||
		!strings.Contains(d.Reason, "2026年11月25日") {
		t.Errorf("closure reason: %q", d.Reason)
	}
}

// TestOverrideReachesTheAdviser: a disclosure the agency replies without
// review still goes to the legal adviser when a failed check (here the
// due date) was overridden.
func TestOverrideReachesTheAdviser(t *testing.T) {
	app := processing()
	late := reviewFacts(&app, day("2026-12-03"), nil)
	skip := agency.Agency{SkipReviewOutcomes: []outcome.Outcome{outcome.Disclosed}}
	overrides := []Override{{Check: review.CheckWithinDue, Reason: "档案调取延误"}}
	st, err := decideSubmitDraft(&app, skip, anOfficer, drafted(outcome.Disclosed, ""), late, overrides)
	if err != nil {
		t.Fatal(err)
	}
	if st.guard == ReviewSkipped || app.approvedDraftID != "" {
		t.Errorf("a late disclosure with an override skipped legal review: guard %q", st.guard)
	}
}

// TestConsultationLetterCarriesItsSendingDay: a letter recorded on
// 2026-11-20 as sent on 2026-11-18 is dated 2026年11月18日.
func TestConsultationLetterCarriesItsSendingDay(t *testing.T) {
	app := processing()
	st, err := decideConsultation(&app, national(t), day("2026-11-20"), day("2026-11-18"),
		[]Consultee{{Kind: "THIRD_PARTY", Name: "示范建设有限公司", Question: "是否涉及商业秘密"}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	d := notice.Data{IssuedOn: cn(day("2026-11-20"))}
	st.notices[0].fill(&d)
	if d.IssuedOn != "2026年11月18日" {
		t.Errorf("the consultation letter is dated %s", d.IssuedOn)
	}
}
