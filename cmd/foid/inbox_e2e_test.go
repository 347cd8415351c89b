package main

import (
	"context"
	"strings"
	"testing"
)

// TestStaffInbox: work handed to someone reaches their inbox at once; an
// online submission left unconfirmed for more than a working day reaches
// the clerks; items are each person's own, and can be marked read.
func TestStaffInbox(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	inbox := func(name string) response {
		t.Helper()
		return ts.rest(t, "GET", "/v1/inbox?unreadOnly=true", p.tokens[name], nil).want(t, 200)
	}
	topics := func(r response) string {
		var out []string
		for _, it := range r.body["items"].([]any) {
			out = append(out, it.(map[string]any)["topic"].(string))
		}
		return strings.Join(out, ",")
	}

	// An online submission, unconfirmed from Friday to Tuesday.
	body := applicationBody(p.agencyA, "")
	body["details"].(map[string]any)["applicant"] = map[string]any{}
	ts.rest(t, "POST", "/v1/applications", p.tokens["applicant"], body).want(t, 200)
	ts.day(t, p, "2026-12-01")
	if _, err := ts.cases.Sweep(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := topics(inbox("clerk")); got != "warning.unconfirmed" {
		t.Errorf("the clerk's inbox: %q, want the unconfirmed submission", got)
	}
	if got := topics(inbox("clerkb")); got != "" {
		t.Errorf("another agency's clerk got %q", got)
	}

	// An extension requested reaches the heads; a draft submitted, the adviser.
	reg := applicationBody(p.agencyA, "")
	reg["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": "2026-12-01"}
	r := ts.rest(t, "POST", "/v1/applications:register", p.tokens["clerk"], reg).want(t, 200)
	c := &caseAt{id: r.str("application.id"), version: r.str("application.version")}
	ts.act(t, c, "assign", p.tokens["officer"], nil)
	ts.act(t, c, "requestExtension", p.tokens["officer"], map[string]any{"days": 10, "reason": "需要调取档案"})
	heads := inbox("head")
	if got := topics(heads); got != "extension.waiting" || !strings.Contains(heads.raw, r.str("application.trackingNumber")) {
		t.Errorf("the head's inbox: %s", heads.raw)
	}
	if got := topics(inbox("head2")); got != "extension.waiting" {
		t.Errorf("the other head's inbox: %q", got)
	}
	ts.rest(t, "POST", "/v1/applications/"+c.id+"/drafts", p.tokens["officer"], map[string]any{
		"outcome": "OUTCOME_NOT_HELD", "reasons": []string{"经检索，本机关未制作、获取该信息"}, "legalBasis": []string{"REG_36_4"},
		"facts": "检索了2025年度全部收文登记"}).want(t, 200)
	ts.act(t, c, "submitDraft", p.tokens["officer"], nil)
	if got := topics(inbox("adviser")); got != "review.waiting" {
		t.Errorf("the adviser's inbox: %q", got)
	}

	// Read: one item, then all.
	id := heads.body["items"].([]any)[0].(map[string]any)["id"]
	marked := ts.rest(t, "POST", "/v1/inbox:markRead", p.tokens["head"], map[string]any{"ids": []any{id}}).want(t, 200)
	if marked.str("marked") != "1" || topics(inbox("head")) != "" {
		t.Errorf("after marking read: %s", marked.raw)
	}
	if got := topics(inbox("head2")); got != "extension.waiting" {
		t.Errorf("one head's reading marked the other's: %q", got)
	}
	ts.rest(t, "POST", "/v1/inbox:markRead", p.tokens["head2"], map[string]any{}).want(t, 200)
	if got := inbox("head2").str("unread"); got != "0" {
		t.Errorf("unread after marking all: %s", got)
	}
	ts.rest(t, "GET", "/v1/inbox", p.tokens["applicant"], nil).want(t, 403)
}
