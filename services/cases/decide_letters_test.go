package cases

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"foi/services/agency"
	"foi/services/notice"
	"foi/services/outcome"
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
