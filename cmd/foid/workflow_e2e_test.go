package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// caseAt is a case as a REST client tracks it: its id and the version it
// last read.
type caseAt struct {
	id      string
	version string
}

// act posts a custom method on the case with the version it last read and
// keeps the new version; it returns the application from the answer.
func (ts *testServer) act(t *testing.T, c *caseAt, verb, token string, body map[string]any) response {
	t.Helper()
	if body == nil {
		body = map[string]any{}
	}
	body["version"] = c.version
	r := ts.rest(t, "POST", "/v1/applications/"+c.id+":"+verb, token, body)
	if r.status != 200 {
		t.Fatalf(":%s: HTTP %d: %s", verb, r.status, r.raw)
	}
	c.version = r.str("application.version")
	return r
}

// TestWorkflowOverREST is the workflow issue's acceptance, over REST with
// each role's own token: the due date moves as rules.md says at each step,
// and the history names each step's actor.
func TestWorkflowOverREST(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.day(t, p, "2026-11-02")
	body := applicationBody(p.agencyA, "")
	body["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": "2026-11-02"}
	r := ts.rest(t, "POST", "/v1/applications:register", p.tokens["clerk"], body).want(t, 200)
	c := &caseAt{id: r.str("application.id"), version: r.str("application.version")}
	due := []string{r.str("application.dueOn")}

	ts.day(t, p, "2026-11-03")
	ts.act(t, c, "assign", p.tokens["officer"], nil)
	ts.day(t, p, "2026-11-04")
	r = ts.act(t, c, "requestClarification", p.tokens["officer"], map[string]any{"items": []string{"请说明所需信息的年份", "请提供文件标题或文号"}})
	due = append(due, r.str("application.dueOn"))
	if r.str("application.supplementDueOn") != "2026-11-25" {
		t.Errorf("supplement due %s", r.str("application.supplementDueOn"))
	}
	ts.day(t, p, "2026-11-10")
	r = ts.act(t, c, "supplement", p.tokens["clerk"], map[string]any{"receivedOn": "2026-11-10", "text": "所需为2025年度清单"})
	due = append(due, r.str("application.dueOn"))
	ts.day(t, p, "2026-11-12")
	r = ts.act(t, c, "startConsultation", p.tokens["officer"], map[string]any{"consultees": []map[string]any{
		{"kind": "CONSULTEE_KIND_THIRD_PARTY", "name": "示范建设有限公司", "question": "申请公开的合同是否涉及贵公司商业秘密"}}})
	due = append(due, r.str("application.dueOn"))
	consultations := ts.rest(t, "GET", "/v1/applications/"+c.id+"/consultations", p.tokens["officer"], nil).want(t, 200)
	consultation := consultations.body["consultations"].([]any)[0].(map[string]any)
	if consultation["dueOn"] != "2026-12-03" {
		t.Errorf("the third party's window ends %v, want 2026-12-03", consultation["dueOn"])
	}
	ts.day(t, p, "2026-11-19")
	r = ts.act(t, c, "recordOpinion", p.tokens["officer"], map[string]any{"consultationId": consultation["id"], "opinion": "OPINION_KIND_CONSENT", "text": "同意公开"})
	due = append(due, r.str("application.dueOn"))
	ts.day(t, p, "2026-11-20")
	ts.act(t, c, "requestExtension", p.tokens["officer"], map[string]any{"days": 5, "reason": "需要调取档案核查"})
	// The head approves; an officer may not.
	ts.rest(t, "POST", "/v1/applications/"+c.id+":approveExtension", p.tokens["officer"], map[string]any{"version": c.version}).want(t, 403)
	ts.day(t, p, "2026-11-23")
	r = ts.act(t, c, "approveExtension", p.tokens["head"], map[string]any{"comment": "同意延期"})
	due = append(due, r.str("application.dueOn"))
	want := "2026-11-30 | paused | 2026-12-08 | paused | 2026-12-15 | 2026-12-22"
	for i, d := range due {
		if d == "" {
			due[i] = "paused"
		}
	}
	if got := strings.Join(due, " | "); got != want {
		t.Errorf("due dates at each step:\n got %s\nwant %s", got, want)
	}

	events := ts.rest(t, "GET", "/v1/applications/"+c.id+"/events", p.tokens["officer"], nil).want(t, 200)
	var steps []string
	for _, e := range events.body["events"].([]any) {
		m := e.(map[string]any)
		steps = append(steps, fmt.Sprintf("%s/%s", m["event"], m["actorName"]))
	}
	wantSteps := "register/clerk assign/officer request_clarification/officer supplement/clerk start_consultation/officer record_opinion/officer request_extension/officer approve_extension/head"
	if got := strings.Join(steps, " "); got != wantSteps {
		t.Errorf("history:\n got %s\nwant %s", got, wantSteps)
	}

	// An illegal event is 400 naming the state, a stale version 409;
	// neither writes anything.
	before := len(events.body["events"].([]any))
	bad := ts.rest(t, "POST", "/v1/applications/"+c.id+":replyOnTheSpot", p.tokens["clerk"], map[string]any{"version": c.version, "outcome": "OUTCOME_DISCLOSED", "summary": "x"}).want(t, 400)
	if !strings.Contains(bad.str("message"), "PROCESSING") {
		t.Errorf("illegal event message: %s", bad.raw)
	}
	ts.rest(t, "POST", "/v1/applications/"+c.id+":assign", p.tokens["officer"], map[string]any{"version": "1"}).want(t, 409)
	after := ts.rest(t, "GET", "/v1/applications/"+c.id+"/events", p.tokens["officer"], nil).want(t, 200)
	if n := len(after.body["events"].([]any)); n != before {
		t.Errorf("refused events wrote history: %d events, had %d", n, before)
	}
	verify := ts.rest(t, "POST", "/v1/applications/"+c.id+":verifyHistory", p.tokens["officer"], map[string]any{}).want(t, 200)
	if verify.str("intact") != "true" || verify.str("events") != "8" {
		t.Errorf("verify: %s", verify.raw)
	}

	// The notices, and one as printable HTML.
	notices := ts.rest(t, "GET", "/v1/applications/"+c.id+"/notices", p.tokens["clerk"], nil).want(t, 200)
	var clarification string
	var kinds []string
	for _, n := range notices.body["notices"].([]any) {
		m := n.(map[string]any)
		kinds = append(kinds, m["kind"].(string))
		if m["kind"] == "CLARIFICATION" {
			clarification = m["id"].(string)
		}
	}
	if got := strings.Join(kinds, " "); got != "RECEIPT CLARIFICATION CONSULTATION_LETTER EXTENSION" {
		t.Errorf("notices: %s", got)
	}
	html := ts.rest(t, "GET", "/v1/applications/"+c.id+"/notices/"+clarification, p.tokens["clerk"], nil).want(t, 200)
	if !strings.HasPrefix(html.header.Get("Content-Type"), "text/html") || !strings.Contains(html.raw, "请提供文件标题或文号") || !strings.Contains(html.raw, "补正告知书") {
		t.Errorf("the clarification notice as HTML: %s %.200s", html.header.Get("Content-Type"), html.raw)
	}
	ts.rest(t, "GET", "/v1/applications/"+c.id+"/notices/"+clarification, p.tokens["clerkb"], nil).want(t, 404)
	ts.rest(t, "GET", "/v1/applications/"+c.id+"/notices/"+clarification, "", nil).want(t, 401)
}

// TestReplyOnTheSpotAndDeliveryOverREST: a clerk answers at the window and
// records the delivery; the case closes with its outcome; a remedy and a
// reopening follow.
func TestReplyOnTheSpotAndDeliveryOverREST(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	body := applicationBody(p.agencyA, "")
	body["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": "2026-11-27"}
	r := ts.rest(t, "POST", "/v1/applications:register", p.tokens["clerk"], body).want(t, 200)
	c := &caseAt{id: r.str("application.id"), version: r.str("application.version")}
	ts.rest(t, "POST", "/v1/applications/"+c.id+":replyOnTheSpot", p.tokens["clerk"], map[string]any{
		"version": c.version, "outcome": "OUTCOME_WITHHELD", "summary": "x"}).want(t, 400)
	r = ts.act(t, c, "replyOnTheSpot", p.tokens["clerk"], map[string]any{"outcome": "OUTCOME_ALREADY_PUBLIC", "summary": "已告知在区政府网站“政府信息公开”栏目查阅"})
	if r.str("application.state") != "APPLICATION_STATE_REPLIED" || r.str("application.repliedOn") != "2026-11-27" {
		t.Errorf("replied: %s", r.raw)
	}
	r = ts.act(t, c, "recordDelivery", p.tokens["clerk"], map[string]any{"method": "SERVICE_METHOD_IN_PERSON"})
	if r.str("application.state") != "APPLICATION_STATE_CLOSED" || r.str("application.outcome") != "OUTCOME_ALREADY_PUBLIC" {
		t.Errorf("closed: %s", r.raw)
	}
	ts.act(t, c, "recordRemedy", p.tokens["officer"], map[string]any{"kind": "REMEDY_KIND_RECONSIDERATION", "filedOn": "2026-11-27", "authority": "示范区人民政府"})
	remedies := ts.rest(t, "GET", "/v1/applications/"+c.id+"/remedies", p.tokens["officer"], nil).want(t, 200)
	remedy := remedies.body["remedies"].([]any)[0].(map[string]any)["id"]
	ts.act(t, c, "recordRemedy", p.tokens["officer"], map[string]any{"remedyId": remedy, "result": "REMEDY_RESULT_CORRECTED", "decidedOn": "2026-11-27"})
	r = ts.act(t, c, "reopen", p.tokens["head"], map[string]any{"remedyId": remedy, "reason": "复议决定责令重新答复"})
	if r.str("application.state") != "APPLICATION_STATE_PROCESSING" || r.str("application.dueOn") != "2026-12-25" {
		t.Errorf("reopened: %s due %s", r.str("application.state"), r.str("application.dueOn"))
	}
}

// TestFeesOverREST is the fee issue's acceptance: quotes, a notice that
// stops the clock, payment that restarts it, an amount above the maximum
// refused, and an unpaid notice lapsing after exactly 20 working days.
func TestFeesOverREST(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	for _, q := range []struct {
		body map[string]any
		fen  string
	}{
		{map[string]any{"mode": "FEE_MODE_PER_VOLUME", "pages": 150}, "170000"},
		{map[string]any{"mode": "FEE_MODE_PER_VOLUME", "pages": 250}, "470000"},
		{map[string]any{"mode": "FEE_MODE_PER_PIECE", "piecesBeforeThisMonth": 28, "pieces": 4}, "60000"},
	} {
		r := ts.rest(t, "POST", "/v1/fees:quote", "", q.body).want(t, 200)
		if r.str("amountFen") != q.fen {
			t.Errorf("quote %v: %s fen, want %s", q.body, r.str("amountFen"), q.fen)
		}
	}
	bad := ts.rest(t, "POST", "/v1/fees:quote", "", map[string]any{"mode": "FEE_MODE_PER_VOLUME", "pages": -1}).want(t, 400)
	if v := bad.fieldViolations(); len(v) != 1 || v[0] != "pages" {
		t.Errorf("negative pages: %v", v)
	}

	p := ts.bootstrap(t)
	ts.day(t, p, "2026-11-02")
	register := func() *caseAt {
		body := applicationBody(p.agencyA, "")
		body["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": "2026-11-02"}
		r := ts.rest(t, "POST", "/v1/applications:register", p.tokens["clerk"], body).want(t, 200)
		c := &caseAt{id: r.str("application.id"), version: r.str("application.version")}
		ts.act(t, c, "assign", p.tokens["officer"], nil)
		return c
	}
	paid, unpaid := register(), register()
	ts.day(t, p, "2026-11-04")
	over := ts.rest(t, "POST", "/v1/applications/"+paid.id+":issueFeeNotice", p.tokens["officer"], map[string]any{
		"version": paid.version, "mode": "FEE_MODE_PER_VOLUME", "pages": 150, "amountFen": 170001}).want(t, 400)
	if v := over.fieldViolations(); len(v) != 1 || v[0] != "amountFen" {
		t.Errorf("above the maximum: violations %v", v)
	}
	r := ts.act(t, paid, "issueFeeNotice", p.tokens["officer"], map[string]any{"mode": "FEE_MODE_PER_VOLUME", "pages": 150})
	if r.str("application.state") != "APPLICATION_STATE_AWAITING_FEE" || r.str("application.dueOn") != "" {
		t.Errorf("after the fee notice: %s due %q", r.str("application.state"), r.str("application.dueOn"))
	}
	ts.act(t, unpaid, "issueFeeNotice", p.tokens["officer"], map[string]any{"mode": "FEE_MODE_PER_VOLUME", "pages": 40})
	ts.day(t, p, "2026-11-10")
	r = ts.act(t, paid, "recordPayment", p.tokens["clerk"], map[string]any{"paymentReference": "FS2026110012345"})
	if r.str("application.state") != "APPLICATION_STATE_PROCESSING" || r.str("application.dueOn") != "2026-12-04" {
		t.Errorf("after payment: %s due %s, want PROCESSING due 2026-12-04", r.str("application.state"), r.str("application.dueOn"))
	}
	fees := ts.rest(t, "GET", "/v1/applications/"+paid.id+"/fees", p.tokens["officer"], nil).want(t, 200)
	if !strings.Contains(fees.raw, `"FEE_NOTICE_STATUS_PAID"`) || !strings.Contains(fees.raw, "第101至150页") {
		t.Errorf("fee notices: %s", fees.raw)
	}

	// The unpaid notice was received on 11-04: the 20th working day after
	// is 12-02, so it lapses when 12-03 is swept, not before.
	ctx := context.Background()
	ts.clock.Set("2026-12-02")
	if res, err := ts.cases.Sweep(ctx); err != nil || res.FeeLapses != 0 {
		t.Fatalf("sweep on the last day to pay: %+v %v", res, err)
	}
	ts.clock.Set("2026-12-03")
	if res, err := ts.cases.Sweep(ctx); err != nil || res.FeeLapses != 1 {
		t.Fatalf("sweep the day after: %+v %v", res, err)
	}
	ts.day(t, p, "2026-12-03")
	r = ts.rest(t, "GET", "/v1/applications/"+unpaid.id, p.tokens["officer"], nil).want(t, 200)
	if r.str("application.state") != "APPLICATION_STATE_CLOSED" || r.str("application.outcome") != "OUTCOME_ABANDONED_FEE_UNPAID" {
		t.Errorf("after the lapse: %s %s", r.str("application.state"), r.str("application.outcome"))
	}
	notices := ts.rest(t, "GET", "/v1/applications/"+unpaid.id+"/notices", p.tokens["officer"], nil).want(t, 200)
	if !strings.Contains(notices.raw, `"CLOSURE"`) {
		t.Errorf("no closure notice after the lapse: %s", notices.raw)
	}
	stats := ts.rest(t, "GET", "/v1/agencies/"+p.agencyA+"/fees/2026", p.tokens["head"], nil).want(t, 200)
	if stats.str("noticesIssued") != "2" || stats.str("paidFen") != "170000" || stats.str("lapses") != "1" {
		t.Errorf("fee statistics: %s", stats.raw)
	}
}
