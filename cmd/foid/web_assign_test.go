package main

import (
	"net/http"
	"net/url"
	"testing"
)

// TestWebAssignToOfficer: a head's assign form lists the agency's officers
// from the API and gives the case to the one chosen; without a choice the
// API's message sits beside the field; an officer is offered only to take
// the case on; officers' names are escaped.
func TestWebAssignToOfficer(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.rest(t, "POST", "/v1/accounts", p.tokens["admin"], map[string]any{
		"login": "officer3", "password": secret(staffPassword), "role": "ROLE_OFFICER", "displayName": `<i>王</i>承办`, "agencyIds": []string{p.agencyA},
	}).want(t, 200)
	id, _, _ := windowCase(t, ts, p)
	other, _, _ := windowCase(t, ts, p)

	officer := ts.webUser(t).signIn("officer", p.passwords["officer"])
	officer.get("/cases/"+other).want("领办（由我承办）</summary>", "由您承办本案").wantNot(`name="assigneeId"`)

	head := ts.webUser(t).signIn("head", p.passwords["head"])
	head.get("/cases/"+id).want("分配承办人</summary>", `name="assigneeId"`, `value="`+p.ids["officer2"]+`"`, ">officer2<", "&lt;i&gt;王&lt;/i&gt;承办").
		wantNot("领办（由我承办）", "由您承办本案", `value="`+p.ids["head"]+`"`, `value="`+p.ids["clerk"]+`"`, "<i>王</i>")
	head.post("/cases/"+id+"/act/assign", url.Values{"version": {head.version()}}).wantStatus(http.StatusBadRequest).
		want(`href="#assign-f-assigneeId"`, `id="assign-f-assigneeId-error"`)
	head.post("/cases/"+id+"/act/assign", url.Values{"version": {head.version()}, "assigneeId": {p.ids["officer2"]}}).
		wantStatus(200).want("已办理：分配承办人", "办理中")
	ts.webUser(t).signIn("officer2", p.passwords["officer2"]).get("/work").want(`href="/cases/` + id + `"`)
	officer.get("/work").wantNot(id)
}
