package cases

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"foi/services/agency"
	"foi/services/outcome"
	"foi/services/review"
)

// drafted is the facts of a case whose newest draft (version 2) was last
// reviewed as lastReview and is stored unchanged.
func drafted(o outcome.Outcome, lastReview string) draftFacts {
	d := Draft{ID: "draft-2", Version: 2, Content: review.Draft{Outcome: o, Facts: "经检索，找到该文件"}, SHA256: []byte("sum")}
	return draftFacts{latest: &d, sum: []byte("sum"), lastReview: lastReview}
}

func TestDecideSubmitDraft(t *testing.T) {
	facts := reviewFacts(&Application{ReceivedOn: day("2026-11-02"), DueOn: day("2026-11-30")}, day("2026-11-20"), nil)
	withheld := drafted(outcome.Withheld, "")
	withheld.latest.Content.Reasons = []string{"属于国家秘密"}
	withheld.latest.Content.LegalBasis = []string{"REG_14"}
	bare := drafted(outcome.Withheld, "")
	failed := review.Failed(review.Check(withheld.latest.Content, facts))
	if len(failed) == 0 {
		t.Fatal("a withheld reply without reasons passes every check")
	}
	var all []Override
	for _, id := range failed {
		all = append(all, Override{Check: id, Reason: "另行说明"})
	}
	skip := agency.Agency{SkipReviewOutcomes: []outcome.Outcome{outcome.Disclosed, outcome.Withheld}}
	tests := []struct {
		name      string
		f         draftFacts
		ag        agency.Agency
		overrides []Override
		wantErr   string
		wantGuard Guard
	}{
		{name: "no draft", f: draftFacts{}, wantErr: "failed precondition: 本案尚未起草答复"},
		{name: "failed checks block it", f: withheld, wantErr: "failed precondition: 答复稿未通过以下检查："},
		{name: "unless every one is overridden", f: withheld, overrides: all},
		{name: "an override needs a reason", f: withheld, overrides: []Override{{Check: failed[0]}}, wantErr: "invalid: overrides[0].reason"},
		{name: "an override of a passed check", f: withheld, overrides: append([]Override{{Check: "no-such-check", Reason: "x"}}, all...),
			wantErr: "invalid: overrides[0].check"},
		{name: "an adverse outcome is always reviewed", f: withheld, ag: skip, overrides: all},
		{name: "a missing reason and basis cannot be overridden", f: bare,
			overrides: []Override{{Check: review.CheckReasonAndBasis, Reason: "另行说明"}}, wantErr: "invalid: overrides[0].check"},
		{name: "the agency replies a disclosure without review", f: drafted(outcome.Disclosed, ""), ag: skip, wantGuard: ReviewSkipped},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := processing()
			app.approvedDraftID = "older"
			st, err := decideSubmitDraft(&app, tt.ag, anOfficer, tt.f, facts, tt.overrides)
			got := verdict(err)
			if len(got) > len(tt.wantErr) && tt.wantErr != "" {
				got = got[:len(tt.wantErr)] // the failed checks' messages follow
			}
			if diff := cmp.Diff(tt.wantErr, got); diff != "" {
				t.Fatalf("error mismatch (-want +got):\n%s", diff)
			}
			if err != nil {
				return
			}
			wantApproved := ""
			if tt.wantGuard == ReviewSkipped {
				wantApproved = "draft-2"
			}
			w := st.writes[0].(draftReview)
			if diff := cmp.Diff([]any{tt.wantGuard, wantApproved, "SUBMITTED", tt.overrides},
				[]any{st.guard, app.approvedDraftID, w.kind, w.overrides}); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecideReviewOfSubmittedDraft(t *testing.T) {
	changed := drafted(outcome.Disclosed, "SUBMITTED")
	changed.sum = []byte("other")
	tests := []struct {
		name     string
		decide   func(*Application, draftFacts) (step, error)
		f        draftFacts
		wantErr  string
		wantKind string
	}{
		{name: "return with comments", f: drafted(outcome.Disclosed, "SUBMITTED"), wantKind: "RETURNED",
			decide: func(a *Application, f draftFacts) (step, error) {
				return decideReturnDraft(anOfficer, "补充检索范围", f)
			}},
		{name: "return without comments",
			decide: func(a *Application, f draftFacts) (step, error) { return decideReturnDraft(anOfficer, " ", f) },
			f:      drafted(outcome.Disclosed, "SUBMITTED"), wantErr: "invalid: comments"},
		{name: "return a version not submitted",
			decide: func(a *Application, f draftFacts) (step, error) { return decideReturnDraft(anOfficer, "x", f) },
			f:      drafted(outcome.Disclosed, "RETURNED"), wantErr: "failed precondition: 第 2 版答复稿尚未提交审核"},
		{name: "approve", f: drafted(outcome.Disclosed, "SUBMITTED"), wantKind: "APPROVED",
			decide: func(a *Application, f draftFacts) (step, error) { return decideApproveDraft(a, anOfficer, "", f) }},
		{name: "approve a version changed since submission", f: changed,
			decide:  func(a *Application, f draftFacts) (step, error) { return decideApproveDraft(a, anOfficer, "", f) },
			wantErr: "failed precondition: 第 2 版答复稿的内容与提交时不一致，不能批准"},
		{name: "approve with no draft", f: draftFacts{},
			decide:  func(a *Application, f draftFacts) (step, error) { return decideApproveDraft(a, anOfficer, "", f) },
			wantErr: "failed precondition: 本案尚未起草答复"},
		{name: "reject sign-off with comments", f: drafted(outcome.Disclosed, "APPROVED"), wantKind: "SIGN_OFF_REJECTED",
			decide: func(a *Application, f draftFacts) (step, error) { return decideRejectSignOff(a, aHead, "重写", f) }},
		{name: "reject sign-off without comments", f: drafted(outcome.Disclosed, "APPROVED"),
			decide:  func(a *Application, f draftFacts) (step, error) { return decideRejectSignOff(a, aHead, "", f) },
			wantErr: "invalid: comments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := processing()
			st, err := tt.decide(&app, tt.f)
			if diff := cmp.Diff(tt.wantErr, verdict(err)); diff != "" {
				t.Fatalf("error mismatch (-want +got):\n%s", diff)
			}
			if err == nil {
				if got := st.writes[0].(draftReview); got.kind != tt.wantKind || got.draftID != "draft-2" {
					t.Errorf("review %s of %s, want %s of draft-2", got.kind, got.draftID, tt.wantKind)
				}
			}
		})
	}
}

// TestSignOffRefusesAnUnprintableBasis (issue 10, item 6): the letter
// says every basis approved, so a basis the list cannot print refuses
// the signature instead of vanishing from the letter.
func TestSignOffRefusesAnUnprintableBasis(t *testing.T) {
	app := processing()
	f := drafted(outcome.Withheld, "APPROVED")
	f.latest.Content.LegalBasis = []string{"REG_14", "RETIRED_OR_UNKNOWN"}
	app.State, app.approvedDraftID, app.approvedDraftHash = SignOff, "draft-2", []byte("sum")
	_, err := decideSignOff(&app, aHead, day("2026-11-25"), f, nil)
	want := "failed precondition: 答复稿引用的法律依据 RETIRED_OR_UNKNOWN 不在法律依据清单中，答复书无法载明；请退回承办人修改后重新审核"
	if diff := cmp.Diff(want, verdict(err)); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	if !app.RepliedOn.IsZero() {
		t.Errorf("replied on %s although refused", app.RepliedOn)
	}
}

func TestDecideSignOff(t *testing.T) {
	tests := []struct {
		name       string
		approvedID string
		approved   string // the hash recorded on approval
		wantErr    string
	}{
		{name: "the approved version, unchanged", approvedID: "draft-2", approved: "sum"},
		{name: "changed after approval", approvedID: "draft-2", approved: "older",
			wantErr: "failed precondition: 答复稿在审核通过后已被修改（现为第 2 版），不能签发；请退回承办人重新提交审核"},
		{name: "a newer version than the approved one", approvedID: "draft-1", approved: "sum",
			wantErr: "failed precondition: 答复稿在审核通过后已被修改（现为第 2 版），不能签发；请退回承办人重新提交审核"},
		{name: "nothing approved",
			wantErr: "failed precondition: 答复稿在审核通过后已被修改（现为第 2 版），不能签发；请退回承办人重新提交审核"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := processing()
			app.State, app.approvedDraftID = SignOff, tt.approvedID
			if tt.approved != "" {
				app.approvedDraftHash = []byte(tt.approved)
			}
			st, err := decideSignOff(&app, aHead, day("2026-11-25"), drafted(outcome.Disclosed, "APPROVED"), nil)
			checkDecision(t, tt.wantErr, stepView{Notices: []string{"REPLY_LETTER "},
				Writes: []rowWrite{draftReview{draftID: "draft-2", kind: "SIGNED", who: aHead}}}, st, err)
			if err == nil && (app.Outcome != outcome.Disclosed || app.RepliedOn != day("2026-11-25")) {
				t.Errorf("replied %s on %s", app.Outcome, app.RepliedOn)
			}
		})
	}
}
