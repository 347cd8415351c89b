package main

import (
	"strings"
	"testing"
)

// applicantCase is an online application by the test applicant, confirmed
// and assigned.
func applicantCase(t *testing.T, ts *testServer, p people) *caseAt {
	t.Helper()
	body := applicationBody(p.agencyA, "")
	body["details"].(map[string]any)["applicant"] = map[string]any{} // the account's identity
	r := ts.rest(t, "POST", "/v1/applications", p.tokens["applicant"], body).want(t, 200)
	c := &caseAt{id: r.str("application.id"), version: r.str("application.version")}
	ts.act(t, c, "confirm", p.tokens["clerk"], nil)
	ts.act(t, c, "assign", p.tokens["officer"], nil)
	return c
}

// TestApplicantsClaimStaffRecord: an applicant cannot mark their own fee
// paid; they may claim it, which tells staff and moves nothing; only a
// payment staff record against the treasury receipt resumes the clock.
func TestApplicantsClaimStaffRecord(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.day(t, p, "2026-11-02")
	c := applicantCase(t, ts, p)
	ts.day(t, p, "2026-11-04")
	ts.act(t, c, "issueFeeNotice", p.tokens["officer"], map[string]any{"mode": "FEE_MODE_PER_VOLUME", "pages": 300})

	ts.day(t, p, "2026-11-10")
	self := ts.rest(t, "POST", "/v1/applications/"+c.id+":recordPayment", p.tokens["applicant"],
		map[string]any{"version": c.version, "paymentReference": "随便写的"}).want(t, 403)
	if !strings.Contains(self.str("message"), "窗口工作人员") {
		t.Errorf("the refusal does not say who may record a payment: %s", self.raw)
	}
	r := ts.act(t, c, "claimPayment", p.tokens["applicant"], map[string]any{"paymentReference": "非税缴款码 3601-2026-0001"})
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

// TestApplicantsDoNotSeeConsultationLetters: the letter to a third party
// names it and what it was asked; it stays in the case file.
func TestApplicantsDoNotSeeConsultationLetters(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.day(t, p, "2026-11-02")
	c := applicantCase(t, ts, p)
	ts.act(t, c, "startConsultation", p.tokens["officer"], map[string]any{"consultees": []map[string]any{
		{"kind": "CONSULTEE_KIND_THIRD_PARTY", "name": "某建设有限公司", "contact": "0791-86666666", "question": "是否同意公开贵公司的投标报价"}}})
	letterOf := func(token string) (string, []string) {
		t.Helper()
		var id string
		var kinds []string
		for _, n := range ts.rest(t, "GET", "/v1/applications/"+c.id+"/notices", token, nil).want(t, 200).body["notices"].([]any) {
			m := n.(map[string]any)
			kinds = append(kinds, m["kind"].(string))
			if m["kind"] == "CONSULTATION_LETTER" {
				id = m["id"].(string)
			}
		}
		return id, kinds
	}
	letter, _ := letterOf(p.tokens["officer"])
	if letter == "" {
		t.Fatal("the officer does not see the consultation letter")
	}
	if id, kinds := letterOf(p.tokens["applicant"]); id != "" || len(kinds) == 0 {
		t.Errorf("the applicant's notices: %v", kinds)
	}
	r := ts.rest(t, "GET", "/v1/applications/"+c.id+"/notices/"+letter, p.tokens["applicant"], nil)
	if r.status != 404 || strings.Contains(r.raw, "某建设有限公司") {
		t.Errorf("the applicant opening the consultation letter: HTTP %d %.200s", r.status, r.raw)
	}
}
