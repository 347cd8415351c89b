package main

import (
	"strings"
	"testing"
)

// TestApplicantsClaimStaffRecord: an applicant cannot mark their own fee
// paid; they may claim it, which tells staff and moves nothing; only a
// payment staff record against the treasury receipt resumes the clock.
func TestApplicantsClaimStaffRecord(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.day(t, p, "2026-11-02")
	body := applicationBody(p.agencyA, "")
	delete(body["details"].(map[string]any), "applicant") // the account's identity
	body["details"].(map[string]any)["applicant"] = map[string]any{}
	r := ts.rest(t, "POST", "/v1/applications", p.tokens["applicant"], body).want(t, 200)
	c := &caseAt{id: r.str("application.id"), version: r.str("application.version")}
	ts.act(t, c, "confirm", p.tokens["clerk"], nil)
	ts.act(t, c, "assign", p.tokens["officer"], nil)
	ts.day(t, p, "2026-11-04")
	ts.act(t, c, "issueFeeNotice", p.tokens["officer"], map[string]any{"mode": "FEE_MODE_PER_VOLUME", "pages": 300})

	ts.day(t, p, "2026-11-10")
	self := ts.rest(t, "POST", "/v1/applications/"+c.id+":recordPayment", p.tokens["applicant"],
		map[string]any{"version": c.version, "paymentReference": "随便写的"}).want(t, 403)
	if !strings.Contains(self.str("message"), "窗口工作人员") {
		t.Errorf("the refusal does not say who may record a payment: %s", self.raw)
	}
	r = ts.act(t, c, "claimPayment", p.tokens["applicant"], map[string]any{"paymentReference": "非税缴款码 3601-2026-0001"})
	if r.str("application.state") != "APPLICATION_STATE_AWAITING_FEE" || r.str("application.dueOn") != "" {
		t.Errorf("after the claim: %s due %q, want AWAITING_FEE with the clock stopped", r.str("application.state"), r.str("application.dueOn"))
	}
	fees := ts.rest(t, "GET", "/v1/applications/"+c.id+"/fees", p.tokens["clerk"], nil).want(t, 200)
	if !strings.Contains(fees.raw, `"FEE_NOTICE_STATUS_PENDING"`) || !strings.Contains(fees.raw, "3601-2026-0001") ||
		!strings.Contains(fees.raw, `"claimedOn":"2026-11-10"`) && !strings.Contains(fees.raw, `"claimedOn": "2026-11-10"`) {
		t.Errorf("the claim is not shown on the pending notice: %s", fees.raw)
	}
	r = ts.act(t, c, "recordPayment", p.tokens["clerk"], map[string]any{"paymentReference": "FS2026110012345"})
	if r.str("application.state") != "APPLICATION_STATE_PROCESSING" || r.str("application.dueOn") == "" {
		t.Errorf("after staff recorded the payment: %s due %q", r.str("application.state"), r.str("application.dueOn"))
	}
}
