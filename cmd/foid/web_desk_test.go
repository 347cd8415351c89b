package main

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestWebDeskAccounts: at the window a clerk resets an applicant's
// password against the identity document seen (the one-time password is
// shown once, printable, and signs in to the change-password page), and
// changes an account's identity on described proof; a wrong document,
// a bad login, a missing proof and an unknown login come back in the error
// summary; hostile input is escaped; a form without its CSRF token is
// refused; an officer is refused by the API.
func TestWebDeskAccounts(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	clerk := ts.webUser(t).signIn("clerk", p.passwords["clerk"])
	clerk.want(`href="/desk/accounts"`)
	clerk.get("/desk/accounts").wantStatus(200).want("申请人账号", "重置密码", "变更身份信息")

	clerk.post("/desk/accounts/reset", url.Values{"login": {""}, "idNumber": {"1"}}).
		wantStatus(http.StatusBadRequest).want("提交的内容有问题", `href="#reset-f-login"`, `id="reset-f-login"`)
	clerk.post("/desk/accounts/reset", url.Values{"login": {p.logins["applicant"]}, "idNumber": {"440524198001010013"}}).
		wantStatus(http.StatusBadRequest).want("登录名与身份证件号码不匹配").wantNot("一次性密码：")
	clerk.post("/desk/accounts/reset", url.Values{"login": {p.logins["applicant"]}, "idNumber": {"11010519491231002x"}}).
		wantStatus(200).want("一次性密码", "只显示这一次", "data-print", "申请人：申请人applicant（", "139****5678").wantNot(p.logins["applicant"])
	if cc := clerkHeader(t, clerk, "/desk/accounts"); cc != "no-store" {
		t.Errorf("the desk pages are cached: %q", cc)
	}
	otp := regexp.MustCompile(`<p class="reference">([^<]+)</p>`).FindStringSubmatch(clerk.page)
	if otp == nil {
		t.Fatalf("no one-time password:\n%s", mainOf(clerk.page))
	}
	a := ts.webUser(t)
	a.get("/signin")
	a.post("/signin", url.Values{"login": {p.logins["applicant"]}, "password": {otp[1]}})
	if a.url != "/account/password" {
		t.Errorf("signed in with the one-time password at %s", a.url)
	}

	// Identity: find the account, refuse a change without proof, then change it.
	clerk.get("/desk/accounts")
	clerk.post("/desk/accounts/find", url.Values{"login": {"13800000000"}}).wantStatus(http.StatusBadRequest).
		want("没有以此登录名注册的申请人账号", `href="#find-f-login"`)
	clerk.post("/desk/accounts/find", url.Values{"login": {p.logins["applicant2"]}}).wantStatus(200).
		want("变更申请人身份信息", "申请人applicant2", "440***********0013", `action="/desk/accounts/`+p.ids["applicant2"]+`/identity"`)
	change := url.Values{"identity.type": {"APPLICANT_TYPE_NATURAL_PERSON"}, "identity.name": {"<b>李四</b>"},
		"identity.idType": {"ID_DOCUMENT_TYPE_RESIDENT_ID_CARD"}, "identity.idNumber": {"440524198001010013"}, "proof": {""}}
	for _, k := range []string{"was.login", "was.name", "was.type", "was.idType", "was.idNumber"} {
		change.Set(k, hiddenValue(clerk.page, k))
	}
	clerk.post("/desk/accounts/"+p.ids["applicant2"]+"/identity", change).wantStatus(http.StatusBadRequest).
		want("提交的内容有问题", `href="#f-proof"`, "&lt;b&gt;李四&lt;/b&gt;").wantNot("<b>李四</b>")
	change.Set("identity.name", "李四")
	change.Set("proof", "核验居民身份证原件及公安机关出具的<i>更名证明</i>")
	clerk.post("/desk/accounts/"+p.ids["applicant2"]+"/identity", change).wantStatus(200).
		want("身份信息已变更", "申请人applicant2", "李四", "&lt;i&gt;更名证明&lt;/i&gt;", "data-print").wantNot("<i>更名")
	me := ts.rest(t, "GET", "/v1/accounts/me", p.tokens["applicant2"], nil).want(t, 200)
	if me.str("account.displayName") != "李四" {
		t.Errorf("the account after the change: %s", me.raw)
	}

	// No CSRF token, no reset; an officer is refused by the API.
	clerk.post("/desk/accounts/reset", url.Values{"csrf": {"forged"}, "login": {p.logins["applicant"]}, "idNumber": {"11010519491231002X"}}).
		wantStatus(http.StatusForbidden).want("表单已失效")
	officer := ts.webUser(t).signIn("officer", p.passwords["officer"])
	officer.wantNot(`href="/desk/accounts"`)
	officer.get("/desk/accounts")
	officer.post("/desk/accounts/reset", url.Values{"login": {p.logins["applicant"]}, "idNumber": {"11010519491231002X"}}).wantStatus(http.StatusForbidden)
	officer.post("/desk/accounts/find", url.Values{"login": {p.logins["applicant"]}}).wantStatus(http.StatusForbidden)
}

// clerkHeader is the Cache-Control of a page u opens.
func clerkHeader(t *testing.T, u *webUser, path string) string {
	t.Helper()
	res, err := u.client.Get(u.base() + path)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.Header.Get("Cache-Control")
}

// TestWebDeskQueueOldestFirst: the window's queue lists online
// submissions by the time each was submitted, the longest waiting first,
// as the API orders them, with how long each has waited.
func TestWebDeskQueueOldestFirst(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	submit := func(title string) {
		tok := ts.signIn(t, p.logins["applicant"], p.passwords["applicant"])
		body := applicationBody(p.agencyA, "")
		body["details"].(map[string]any)["information"] = map[string]any{"title": title}
		ts.rest(t, "POST", "/v1/applications", tok, body).want(t, 200)
	}
	submit("第二早的申请")
	ts.clock.Advance(-3 * time.Hour)
	submit("最早的申请")
	ts.clock.Advance(5 * time.Hour)
	submit("最晚的申请")
	ts.clock.Advance(time.Hour)
	clerk := ts.webUser(t).signIn("clerk", p.passwords["clerk"])
	clerk.get("/desk").wantStatus(200).want("等待最久的在前", "6 小时", "3 小时", "1 小时")
	main := clerk.page[strings.Index(clerk.page, "<main"):]
	order := slices.Compact(regexp.MustCompile(`最早的申请|第二早的申请|最晚的申请`).FindAllString(main, -1))
	if strings.Join(order, ",") != "最早的申请,第二早的申请,最晚的申请" {
		t.Errorf("the queue's order: %v", order)
	}
}

// TestWebWorklistDueColours: a worklist colours each due date by the
// API's overdue and near-due lists: overdue, due within three working
// days, or neither.
func TestWebWorklistDueColours(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	register := func(day string) string {
		body := applicationBody(p.agencyA, "")
		body["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": day, "backdateReason": "补登此前收到的申请"}
		return ts.rest(t, "POST", "/v1/applications:register", p.tokens["clerk"], body).want(t, 200).str("application.trackingNumber")
	}
	overdue, near, ok := register("2026-10-20"), register("2026-10-30"), register("2026-11-27")
	officer := ts.webUser(t).signIn("officer", p.passwords["officer"])
	officer.get("/cases").wantStatus(200)
	for tracking, class := range map[string]string{overdue: "overdue", near: "near", ok: "ok"} {
		m := regexp.MustCompile(`(?s)` + regexp.QuoteMeta(tracking) + `.*?class="due due-(\w+)"`).FindStringSubmatch(officer.page)
		if m == nil || m[1] != class {
			t.Errorf("%s is coloured %v, want %s", tracking, m, class)
		}
	}
	officer.get("/work?list=overdue").want(overdue, "due-overdue").wantNot(near, ok)
}
