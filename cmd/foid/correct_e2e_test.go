package main

import (
	"strings"
	"testing"
)

// TestCorrectDetails: a clerk corrects a typo in the title, which the
// history keeps before and after; the clerk may not move received-on, nor
// change the identity document; the head moves received-on and the due
// date follows.
func TestCorrectDetails(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.day(t, p, "2026-12-01")
	body := applicationBody(p.agencyA, "")
	body["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": "2026-11-27"}
	r := ts.rest(t, "POST", "/v1/applications:register", p.tokens["clerk"], body).want(t, 200)
	c := &caseAt{id: r.str("application.id"), version: r.str("application.version")}
	due := r.str("application.dueOn")
	path := "/v1/applications/" + c.id + ":correctDetails"

	r = ts.act(t, c, "correctDetails", p.tokens["clerk"], map[string]any{
		"correction": map[string]any{"title": "示范区2025年老旧小区改造项目清单及资金安排"}, "reason": "登记时漏录"})
	if got := r.str("application.details.information.title"); got != "示范区2025年老旧小区改造项目清单及资金安排" {
		t.Errorf("title after the correction: %q", got)
	}
	events := ts.rest(t, "GET", "/v1/applications/"+c.id+"/events", p.tokens["clerk"], nil).want(t, 200)
	for _, want := range []string{"correct_details", "登记时漏录", "示范区2025年老旧小区改造项目清单", "资金安排", "before", "after"} {
		if !strings.Contains(events.raw, want) {
			t.Errorf("the history lacks %q: %.600s", want, events.raw)
		}
	}

	ts.act(t, c, "correctDetails", p.tokens["clerk"], map[string]any{
		"correction": map[string]any{"applicantAddress": "示范区人民路2号", "title": "不会改变"}, "updateMask": "applicantAddress", "reason": "门牌号录错"})
	got := ts.rest(t, "GET", "/v1/applications/"+c.id, p.tokens["clerk"], nil).want(t, 200)
	if got.str("application.details.applicant.address") != "示范区人民路2号" || got.str("application.details.information.title") != "示范区2025年老旧小区改造项目清单及资金安排" {
		t.Errorf("only the masked field should change: %.600s", got.raw)
	}

	refused := ts.rest(t, "POST", path, p.tokens["clerk"], map[string]any{"version": c.version,
		"correction": map[string]any{"receivedOn": "2026-11-30"}, "updateMask": "receivedOn", "reason": "实为11月30日收到"}).want(t, 400)
	if !strings.Contains(refused.raw, "负责人") {
		t.Errorf("the clerk's received-on correction is refused without naming the head: %s", refused.raw)
	}
	refused = ts.rest(t, "POST", path, p.tokens["clerk"], map[string]any{"version": c.version,
		"correction": map[string]any{"applicantIdNumber": "440524198001010013"}, "reason": "证件号码录错"}).want(t, 400)
	if !strings.Contains(refused.raw, "身份证明号码") {
		t.Errorf("the identity document change is refused without saying why: %s", refused.raw)
	}
	ts.rest(t, "POST", path, p.tokens["officer"], map[string]any{"version": c.version,
		"correction": map[string]any{"title": "x"}, "reason": "x"}).want(t, 403)

	r = ts.act(t, c, "correctDetails", p.tokens["head"], map[string]any{
		"correction": map[string]any{"receivedOn": "2026-11-30"}, "updateMask": "receivedOn", "reason": "窗口实际收件日为11月30日"})
	if r.str("application.receivedOn") != "2026-11-30" || r.str("application.dueOn") == due {
		t.Errorf("after the head's correction, received %s due %s (was %s)", r.str("application.receivedOn"), r.str("application.dueOn"), due)
	}
}
