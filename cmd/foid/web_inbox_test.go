package main

import (
	"net/http"
	"regexp"
	"testing"
)

// TestWebInbox: a head sees the unread count in the staff navigation, the
// inbox newest first with links to the cases, can mark one item or all
// read; an applicant has no inbox.
func TestWebInbox(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	reg := applicationBody(p.agencyA, "")
	reg["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": "2026-11-27"}
	r := ts.rest(t, "POST", "/v1/applications:register", p.tokens["clerk"], reg).want(t, 200)
	c := &caseAt{id: r.str("application.id"), version: r.str("application.version")}
	ts.act(t, c, "assign", p.tokens["officer"], nil)
	ts.act(t, c, "requestExtension", p.tokens["officer"], map[string]any{"days": 10, "reason": "需要调取档案"})

	head := ts.webUser(t).signIn("head", p.passwords["head"])
	head.want(`href="/inbox"`, "收件箱（1 条未读）")
	head.get("/inbox").wantStatus(200).want("有 1 条未读消息", "未读", `href="/cases/`+c.id+`"`, r.str("application.trackingNumber"), "全部标为已读")
	id := regexp.MustCompile(`name="id" value="(\d+)"`).FindStringSubmatch(head.page)
	if id == nil {
		t.Fatalf("no mark-read form:\n%s", mainOf(head.page))
	}
	head.post("/inbox/read", map[string][]string{"id": {id[1]}}).wantStatus(200).want("已标为已读", "没有未读消息").wantNot("收件箱（1 条未读）", `class="unread-mark"`)
	// The link still leads to the case.
	head.want(`href="/cases/` + c.id + `"`)

	head2 := ts.webUser(t).signIn("head2", p.passwords["head2"])
	head2.get("/inbox").want("有 1 条未读消息")
	head2.post("/inbox/read", nil).want("已全部标为已读", "没有未读消息")

	// An applicant has no inbox: no link, and the API refuses the page.
	app := ts.webUser(t).signIn(p.logins["applicant"], p.passwords["applicant"])
	app.wantNot(`href="/inbox"`)
	app.get("/inbox").wantStatus(http.StatusForbidden).want("无权访问")
}
