package main

import (
	"strings"
	"testing"
)

// TestArt35LaterDatesOverREST (issue 10, item 11): the agency's limit
// refuses a mistyped 2036-03-31; the head corrects a date already set
// through its own event, with a reason, and the history keeps both.
func TestArt35LaterDatesOverREST(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.rest(t, "PATCH", "/v1/agencies/"+p.agencyA+"/policy", p.tokens["admin"], map[string]any{"maxDelayDays": 0}).want(t, 400)
	r := ts.rest(t, "PATCH", "/v1/agencies/"+p.agencyA+"/policy", p.tokens["admin"], map[string]any{"maxDelayDays": 120}).want(t, 200)
	if r.str("agency.maxDelayDays") != "120" {
		t.Errorf("policy: %s", r.raw)
	}
	ts.day(t, p, "2026-11-02")
	c := ts.registerAssigned(t, p, "2026-11-02")
	ts.day(t, p, "2026-11-16")
	typo := ts.rest(t, "POST", "/v1/applications/"+c.id+":setDelayedDueDate", p.tokens["head"],
		map[string]any{"version": c.version, "dueOn": "2036-03-31", "reason": "申请数量过多"}).want(t, 400)
	if v := typo.fieldViolations(); len(v) != 1 || v[0] != "dueOn" || !strings.Contains(typo.raw, "上限") {
		t.Errorf("a mistyped year: %s", typo.raw)
	}
	ts.act(t, c, "setDelayedDueDate", p.tokens["head"], map[string]any{"dueOn": "2027-03-26", "reason": "申请数量过多"})
	ts.rest(t, "POST", "/v1/applications/"+c.id+":correctDelayedDueDate", p.tokens["head"],
		map[string]any{"version": c.version, "dueOn": "2027-01-26"}).want(t, 400)
	ts.rest(t, "POST", "/v1/applications/"+c.id+":correctDelayedDueDate", p.tokens["officer"],
		map[string]any{"version": c.version, "dueOn": "2027-01-26", "reason": "录入错误"}).want(t, 403)
	r = ts.act(t, c, "correctDelayedDueDate", p.tokens["head"], map[string]any{"dueOn": "2027-01-26", "reason": "月份录入错误，应为1月"})
	if r.str("application.dueOn") != "2027-01-26" {
		t.Errorf("due after the correction: %s", r.str("application.dueOn"))
	}
	h := ts.rest(t, "GET", "/v1/applications/"+c.id+"/events", p.tokens["head"], nil).want(t, 200).raw
	for _, want := range []string{`"set_delayed_due_date"`, `"correct_delayed_due_date"`, "2027-03-26", "月份录入错误"} {
		if !strings.Contains(h, want) {
			t.Errorf("the history lacks %s: %s", want, h)
		}
	}
}
