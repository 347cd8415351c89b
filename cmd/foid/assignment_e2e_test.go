package main

import (
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestAssignmentOverREST (issue 10, item 13): a case that reached
// processing through a supplement with nobody on it can be assigned; the
// head reassigns it with a reason and the new officer is told; only the
// assignee drafts.
func TestAssignmentOverREST(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.day(t, p, "2026-11-02")
	body := applicationBody(p.agencyA, "")
	body["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": "2026-11-02"}
	r := ts.rest(t, "POST", "/v1/applications:register", p.tokens["clerk"], body).want(t, 200)
	c := &caseAt{id: r.str("application.id"), version: r.str("application.version")}
	ts.act(t, c, "requestClarification", p.tokens["officer"], map[string]any{"items": []string{"请说明所需信息的年份"}})
	r = ts.act(t, c, "supplement", p.tokens["clerk"], map[string]any{"text": "所需为2025年度清单"})
	if r.str("application.state") != "APPLICATION_STATE_PROCESSING" || r.str("application.assigneeId") != "" {
		t.Fatalf("after the supplement: %s", r.raw)
	}
	draft := map[string]any{"outcome": "OUTCOME_DISCLOSED", "facts": "经检索，找到清单一份"}
	ts.rest(t, "POST", "/v1/applications/"+c.id+"/drafts", p.tokens["officer"], draft).want(t, 400)

	ts.act(t, c, "assign", p.tokens["officer"], nil)
	ts.rest(t, "POST", "/v1/applications/"+c.id+":assign", p.tokens["officer2"], map[string]any{"version": c.version}).want(t, 400)
	ts.rest(t, "POST", "/v1/applications/"+c.id+"/drafts", p.tokens["officer2"], draft).want(t, 403)

	reassign := map[string]any{"version": c.version, "assigneeId": p.ids["officer2"]}
	if v := ts.rest(t, "POST", "/v1/applications/"+c.id+":reassign", p.tokens["head"], reassign).want(t, 400).fieldViolations(); len(v) != 1 || v[0] != "reason" {
		t.Errorf("a reassignment without a reason: violations %v", v)
	}
	reassign["reason"] = "原承办人借调"
	ts.rest(t, "POST", "/v1/applications/"+c.id+":reassign", p.tokens["officer"], reassign).want(t, 403)
	r = ts.act(t, c, "reassign", p.tokens["head"], map[string]any{"assigneeId": p.ids["officer2"], "reason": "原承办人借调"})
	if r.str("application.assigneeId") != p.ids["officer2"] {
		t.Errorf("after the reassignment: %s", r.raw)
	}
	ts.rest(t, "POST", "/v1/applications/"+c.id+"/drafts", p.tokens["officer"], draft).want(t, 403)
	ts.rest(t, "POST", "/v1/applications/"+c.id+"/drafts", p.tokens["officer2"], draft).want(t, 200)

	events := ts.rest(t, "GET", "/v1/applications/"+c.id+"/events", p.tokens["head"], nil).want(t, 200)
	if !strings.Contains(events.raw, `"reassign"`) || !strings.Contains(events.raw, "原承办人借调") {
		t.Errorf("the history does not keep the reassignment and its reason: %s", events.raw)
	}
	db, err := pgx.Connect(t.Context(), ts.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(t.Context())
	var told int
	if err := db.QueryRow(t.Context(), `SELECT count(*) FROM outbox WHERE recipient = $1 AND topic = 'case.reassigned'`,
		"account:"+p.ids["officer2"]).Scan(&told); err != nil || told != 1 {
		t.Errorf("messages to the new assignee: %d, %v", told, err)
	}
}
