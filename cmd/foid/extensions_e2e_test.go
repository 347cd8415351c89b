package main

import (
	"strings"
	"testing"
)

// TestExtensionRequestsOverREST (issue 10, item 10): a second request
// while one is pending is refused, not put in its place; the head rejects
// with a reason the officer reads and the applicant does not; a request
// after the due date is refused, saying why.
func TestExtensionRequestsOverREST(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.day(t, p, "2026-11-02")
	c := ts.registerAssigned(t, p, "2026-11-02")
	ts.day(t, p, "2026-11-16")
	ts.act(t, c, "requestExtension", p.tokens["officer"], map[string]any{"days": 10, "reason": "档案分散保存"})
	second := ts.rest(t, "POST", "/v1/applications/"+c.id+":requestExtension", p.tokens["officer"],
		map[string]any{"version": c.version, "days": 20, "reason": "另需调档"}).want(t, 400)
	if !strings.Contains(second.str("message"), "待负责人审批") {
		t.Errorf("a second request while one is pending: %s", second.raw)
	}
	if v := ts.rest(t, "POST", "/v1/applications/"+c.id+":rejectExtension", p.tokens["head"],
		map[string]any{"version": c.version}).want(t, 400).fieldViolations(); len(v) != 1 || v[0] != "reason" {
		t.Errorf("a rejection without a reason: violations %v", v)
	}
	ts.rest(t, "POST", "/v1/applications/"+c.id+":rejectExtension", p.tokens["officer"],
		map[string]any{"version": c.version, "reason": "x"}).want(t, 403)
	r := ts.act(t, c, "rejectExtension", p.tokens["head"], map[string]any{"reason": "检索量不大，可按期答复"})
	if r.str("application.dueOn") != "2026-11-30" {
		t.Errorf("the due date after a rejection: %s", r.str("application.dueOn"))
	}
	if h := ts.rest(t, "GET", "/v1/applications/"+c.id+"/events", p.tokens["officer"], nil).want(t, 200).raw; !strings.Contains(h, "检索量不大，可按期答复") {
		t.Errorf("the officer does not read the head's reason: %s", h)
	}
	ts.rest(t, "POST", "/v1/applications/"+c.id+":approveExtension", p.tokens["head"], map[string]any{"version": c.version}).want(t, 400)

	// Settled, a request may be made again, and approved.
	ts.act(t, c, "requestExtension", p.tokens["officer"], map[string]any{"days": 5, "reason": "第三方材料待核"})
	if r := ts.act(t, c, "approveExtension", p.tokens["head"], nil); r.str("application.dueOn") != "2026-12-07" {
		t.Errorf("due after 5 more working days: %s", r.str("application.dueOn"))
	}

	late := ts.registerAssigned(t, p, "2026-11-02")
	ts.day(t, p, "2026-12-01")
	refused := ts.rest(t, "POST", "/v1/applications/"+late.id+":requestExtension", p.tokens["officer"],
		map[string]any{"version": late.version, "days": 5, "reason": "档案分散保存"}).want(t, 400)
	if !strings.Contains(refused.str("message"), "答复期限已于 2026-11-30 届满，不能再申请延期") {
		t.Errorf("a request after the due date: %s", refused.raw)
	}
}
