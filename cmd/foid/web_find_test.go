package main

import (
	"net/http"
	"net/url"
	"testing"
)

// TestWebFindCase: staff find cases by tracking number, Chinese words,
// applicant, dates and assignee from the search page and the quick box
// on the desk and the worklists; "mine" is the API's assignee=me; a bad
// filter is told in the error summary; hostile input is escaped.
func TestWebFindCase(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	_, tracking, _ := windowCase(t, ts, p)
	other := applicationBody(p.agencyA, "")
	other["details"].(map[string]any)["information"] = map[string]any{"title": "2026年道路绿化养护合同"}
	other["details"].(map[string]any)["applicant"].(map[string]any)["name"] = "李四"
	other["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": "2026-11-27"}
	r := ts.rest(t, "POST", "/v1/applications:register", p.tokens["clerk"], other).want(t, 200)
	c := &caseAt{id: r.str("application.id"), version: r.str("application.version")}

	clerk := ts.webUser(t).signIn("clerk", p.passwords["clerk"])
	clerk.want(`action="/find"`, `name="q"`)
	clerk.get("/find").wantStatus(200).want("查找案件", `id="f-applicantName"`).wantNot("查找结果")
	clerk.get("/find?q="+url.QueryEscape(tracking)).wantStatus(200).want(tracking, "老旧小区").wantNot("道路绿化")
	clerk.get("/find?q="+url.QueryEscape("绿化 养护")).want("道路绿化", "李四").wantNot("老旧小区")
	clerk.get("/find?applicantName=" + url.QueryEscape("张")).want("老旧小区").wantNot("道路绿化")
	clerk.get("/find?applicantName=" + url.QueryEscape("王")).want("没有符合条件的案件")
	clerk.get("/find?channel=INTAKE_CHANNEL_IN_PERSON&orderBy=LIST_ORDER_RECEIVED_NEWEST").want("道路绿化").wantNot("老旧小区")
	clerk.get("/find?receivedFrom=2026-11-27&receivedTo=2026-11-30").want("道路绿化").wantNot("老旧小区")
	clerk.get("/find?receivedFrom=2026-02-30").wantStatus(http.StatusBadRequest).want("提交的内容有问题", `href="#f-receivedFrom"`)
	clerk.get("/find?text=" + url.QueryEscape(`<script>alert(1)</script>`)).want("&lt;script&gt;").wantNot("<script>alert")

	// "Mine" is what the API assigns to the officer, and nobody else's.
	officer := ts.webUser(t).signIn("officer", p.passwords["officer"])
	officer.get("/work").want("我承办的", `action="/find"`).wantNot(c.id)
	ts.act(t, c, "assign", p.tokens["officer"], nil)
	officer.get("/work").want(`href="/cases/`+c.id+`"`, "道路绿化")
	officer.get("/find?assignee=me").want("道路绿化").wantNot("老旧小区")
	officer.get("/find?assignee=unassigned").want("老旧小区").wantNot("道路绿化")
	ts.webUser(t).signIn("officer2", p.passwords["officer2"]).get("/work?list=mine").wantNot(c.id)

	// An applicant may not search by applicant: the API says so, beside the field.
	app := ts.webUser(t).signIn(p.logins["applicant"], p.passwords["applicant"])
	app.get("/find?applicantName=" + url.QueryEscape("张")).wantStatus(http.StatusBadRequest).want(`id="f-applicantName-error"`)
}
