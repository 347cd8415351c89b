package main

import (
	"strings"
	"testing"
)

// TestVoidAndForward: the head voids a duplicate registration, which keeps
// its history and its tracking number; a clerk forwards a misdirected
// online submission to the agency responsible, whose clerks are told.
func TestVoidAndForward(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	register := func() (*caseAt, string) {
		body := applicationBody(p.agencyA, "")
		body["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": "2026-11-27"}
		r := ts.rest(t, "POST", "/v1/applications:register", p.tokens["clerk"], body).want(t, 200)
		return &caseAt{id: r.str("application.id"), version: r.str("application.version")}, r.str("application.trackingNumber")
	}
	first, n1 := register()
	dup, n2 := register()
	ts.rest(t, "POST", "/v1/applications/"+dup.id+":void", p.tokens["clerk"], map[string]any{"version": dup.version, "reason": "重复登记"}).want(t, 403)
	ts.rest(t, "POST", "/v1/applications/"+dup.id+":void", p.tokens["head"], map[string]any{"version": dup.version}).want(t, 400)
	r := ts.act(t, dup, "void", p.tokens["head"], map[string]any{"reason": "与 " + n1 + " 重复登记"})
	if r.str("application.state") != "APPLICATION_STATE_VOIDED" {
		t.Errorf("after voiding: %s", r.raw)
	}
	if _, n3 := register(); n3 == n2 || n3 <= n2 {
		t.Errorf("the next tracking number %s after voided %s", n3, n2)
	}
	near := ts.rest(t, "GET", "/v1/applications?dueWithinDays=60", p.tokens["officer"], nil).want(t, 200)
	if strings.Contains(near.raw, dup.id) || !strings.Contains(near.raw, first.id) {
		t.Errorf("the voided case is still on the worklist: %.300s", near.raw)
	}
	events := ts.rest(t, "GET", "/v1/applications/"+dup.id+"/events", p.tokens["head"], nil).want(t, 200)
	if !strings.Contains(events.raw, `"void"`) || !strings.Contains(events.raw, "重复登记") {
		t.Errorf("the void is not in the history: %.400s", events.raw)
	}

	// A submission to the wrong agency goes to the right one.
	body := applicationBody(p.agencyA, "")
	body["details"].(map[string]any)["applicant"] = map[string]any{}
	s := ts.rest(t, "POST", "/v1/applications", p.tokens["applicant"], body).want(t, 200)
	sub := &caseAt{id: s.str("application.id"), version: s.str("application.version")}
	ts.rest(t, "POST", "/v1/applications/"+sub.id+":forward", p.tokens["clerk"], map[string]any{"version": sub.version, "agencyId": p.agencyA, "reason": "x"}).want(t, 400)
	r = ts.act(t, sub, "forward", p.tokens["clerk"], map[string]any{"agencyId": p.agencyB, "reason": "所申请信息由教育局制作"})
	if r.str("application.state") != "APPLICATION_STATE_SUBMITTED" || r.str("application.details.agencyId") != p.agencyB {
		t.Errorf("after forwarding: %s", r.raw)
	}
	ts.rest(t, "GET", "/v1/applications/"+sub.id, p.tokens["clerk"], nil).want(t, 404)
	inbox := ts.rest(t, "GET", "/v1/inbox", p.tokens["clerkb"], nil).want(t, 200)
	if !strings.Contains(inbox.raw, "application.forwarded") {
		t.Errorf("agency B's clerk was not told: %s", inbox.raw)
	}
	ts.act(t, sub, "confirm", p.tokens["clerkb"], nil)
	mine := ts.rest(t, "GET", "/v1/applications/"+sub.id+"/events", p.tokens["applicant"], nil).want(t, 200)
	if !strings.Contains(mine.raw, "所申请信息由教育局制作") {
		t.Errorf("the applicant does not see why it was forwarded: %.400s", mine.raw)
	}
}
