package main

import (
	"testing"
)

// TestSupplementPeriodFloorOverREST (issue 10, item 3): a clarification
// notice giving 1 working day to supplement is refused; the floor is the
// agency's policy (default 15), and the default period never falls below it.
func TestSupplementPeriodFloorOverREST(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	r := ts.rest(t, "PATCH", "/v1/agencies/"+p.agencyA+"/policy", p.tokens["admin"], map[string]any{"minSupplementDays": 20}).want(t, 400)
	if v := r.fieldViolations(); len(v) != 1 || v[0] != "policy.supplementDays" {
		t.Errorf("a floor above the default period: violations %v (%s)", v, r.raw)
	}
	ts.day(t, p, "2026-11-02")
	c := ts.registerAssigned(t, p, "2026-11-02")
	ts.day(t, p, "2026-11-03")
	one := ts.rest(t, "POST", "/v1/applications/"+c.id+":requestClarification", p.tokens["officer"],
		map[string]any{"version": c.version, "items": []string{"请说明所需信息的年份"}, "days": 1}).want(t, 400)
	if v := one.fieldViolations(); len(v) != 1 || v[0] != "days" {
		t.Errorf("a 1-day supplement period: violations %v (%s)", v, one.raw)
	}
	ts.rest(t, "PATCH", "/v1/agencies/"+p.agencyA+"/policy", p.tokens["admin"], map[string]any{"minSupplementDays": 10}).want(t, 200)
	r = ts.act(t, c, "requestClarification", p.tokens["officer"], map[string]any{"items": []string{"请说明所需信息的年份"}, "days": 10})
	if r.str("application.supplementDueOn") != "2026-11-17" {
		t.Errorf("10 working days from 2026-11-03: %s", r.str("application.supplementDueOn"))
	}
}
