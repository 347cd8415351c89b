package main

import (
	"net/url"
	"regexp"
	"testing"
)

// windowCase registers a posted application at the window and returns
// its id, tracking number and the query code its receipt prints.
func windowCase(t *testing.T, ts *testServer, p people) (id, tracking, code string) {
	t.Helper()
	body := applicationBody(p.agencyA, "")
	body["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_SIGNED_POST", "signedOn": "2026-11-26"}
	r := ts.rest(t, "POST", "/v1/applications:register", p.tokens["clerk"], body).want(t, 200)
	id, tracking = r.str("application.id"), r.str("application.trackingNumber")
	for _, n := range ts.rest(t, "GET", "/v1/applications/"+id+"/notices", p.tokens["clerk"], nil).want(t, 200).body["notices"].([]any) {
		if m := n.(map[string]any); m["kind"] == "RECEIPT" {
			receipt := ts.rest(t, "GET", "/v1/applications/"+id+"/notices/"+m["id"].(string), p.tokens["clerk"], nil).want(t, 200).raw
			if c := regexp.MustCompile(`查询码</th><td>([A-Z0-9]{8})<`).FindStringSubmatch(receipt); c != nil {
				code = c[1]
			}
		}
	}
	if code == "" {
		t.Fatal("the receipt prints no query code")
	}
	return id, tracking, code
}

// TestWebStatusLookup: anyone holding a receipt reads the case's state and
// dates on the status page (or from the home page's form), and nothing
// personal; a missing field, a wrong code and the lock after too many
// wrong codes are told in the error summary; hostile input is escaped.
func TestWebStatusLookup(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	_, tracking, code := windowCase(t, ts, p)

	u := ts.webUser(t)
	u.get("/").want(`action="/status"`, "查询办理进度", `id="f-queryCode"`)
	u.post("/status", url.Values{"trackingNumber": {tracking}, "queryCode": {code}}).wantStatus(200)
	u.want(tracking, "甲区住房和城乡建设局", "已受理", "2026年11月26日", "答复期限").wantNot("张三", "13912345678", code)
	if !regexp.MustCompile(`答复期限</dt><dd>\d{4}年\d{1,2}月\d{1,2}日`).MatchString(u.page) {
		t.Errorf("no due date in words:\n%s", mainOf(u.page))
	}

	// A staff member signed in sees the same page (no personal extras).
	ts.webUser(t).signIn("clerk", p.passwords["clerk"]).get("/status").want(`action="/status"`)

	u.get("/status")
	u.post("/status", url.Values{"trackingNumber": {""}, "queryCode": {""}}).wantStatus(400)
	u.want("提交的内容有问题", `href="#f-trackingNumber"`, `href="#f-queryCode"`, "请填写回执上的查询码")
	u.post("/status", url.Values{"trackingNumber": {`<script>alert("x")</script>`}, "queryCode": {"AAAAAAAA"}}).wantStatus(404)
	u.want("申请编号或查询码不正确", "&lt;script&gt;").wantNot(`<script>alert`)
	u.post("/status", url.Values{"csrf": {"forged"}, "trackingNumber": {tracking}, "queryCode": {code}}).wantStatus(403)

	for i := 0; i < 12 && u.status != 429; i++ {
		u.post("/status", url.Values{"trackingNumber": {tracking}, "queryCode": {"AAAAAAAA"}})
	}
	u.post("/status", url.Values{"trackingNumber": {tracking}, "queryCode": {code}}).wantStatus(429)
	u.want("查询次数过多", "error-summary").wantNot("已受理")
}
