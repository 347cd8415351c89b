package main

import (
	"strings"
	"testing"
)

// TestBackdatedReceiptOverREST (issue 10, item 3): on 2026-11-27 a receipt
// dated 2026-11-20 (5 working days back) needs a reason, kept in the
// register event's history; one beyond the agency's limit (default 30
// working days) is refused, sending the clerk to the head, until the
// administrator raises the limit.
func TestBackdatedReceiptOverREST(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	register := func(day, reason string, status int) response {
		t.Helper()
		body := applicationBody(p.agencyA, "")
		body["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": day, "backdateReason": reason}
		return ts.rest(t, "POST", "/v1/applications:register", p.tokens["clerk"], body).want(t, status)
	}
	register("2026-11-24", "", 200) // 3 working days back
	if r := register("2026-11-20", "", 400); !strings.Contains(r.raw, "intake.backdateReason") || !strings.Contains(r.raw, "补登理由") {
		t.Errorf("no reason: %s", r.raw)
	}
	r := register("2026-11-20", "邮件室漏登，今日补登", 200)
	events := ts.rest(t, "GET", "/v1/applications/"+r.str("application.id")+"/events", p.tokens["clerk"], nil).want(t, 200)
	if !strings.Contains(events.raw, "邮件室漏登，今日补登") {
		t.Errorf("the history lacks the reason: %s", events.raw)
	}
	if r := register("2026-10-09", "邮件室漏登，今日补登", 400); !strings.Contains(r.raw, "负责人") {
		t.Errorf("beyond the limit: %s", r.raw)
	}
	ts.rest(t, "PATCH", "/v1/agencies/"+p.agencyA+"/policy", p.tokens["admin"], map[string]any{"maxBackdateDays": 501}).want(t, 400)
	ts.rest(t, "PATCH", "/v1/agencies/"+p.agencyA+"/policy", p.tokens["admin"], map[string]any{"maxBackdateDays": 60}).want(t, 200)
	register("2026-10-09", "邮件室漏登，今日补登", 200)
}
