package main

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestWebPublicPages: the home page lists the agencies; sign-in, sign-up
// and the CSRF check speak Chinese; every page carries the security
// headers.
func TestWebPublicPages(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	u := ts.webUser(t)
	u.get("/").wantStatus(200).want("甲区住房和城乡建设局", "乙区教育局", `href="/apply?agency=`+p.agencyA)
	res, err := http.Get(u.base() + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("Content-Security-Policy: %q", csp)
	}
	for _, c := range res.Cookies() {
		if c.Name == "foi_csrf" && (!c.HttpOnly || c.SameSite != http.SameSiteLaxMode) {
			t.Errorf("the CSRF cookie is not HttpOnly and SameSite=Lax: %+v", c)
		}
	}
	u.get("/static/style.css").wantStatus(200)
	u.get("/no-such-page").wantStatus(404).want("页面不存在")
	// The REST API is still there beside the pages.
	ts.rest(t, "GET", "/v1/agencies", "", nil).want(t, 200)

	// A wrong password: the error summary, in Chinese, and no session.
	u.get("/signin")
	u.post("/signin", url.Values{"login": {"clerk"}, "password": {"wrong-password"}}).wantStatus(400).want("提交的内容有问题", "error-summary")
	// A form without the CSRF token is refused before anything happens.
	u.post("/signin", url.Values{"csrf": {"forged"}, "login": {"clerk"}, "password": {p.passwords["clerk"]}}).wantStatus(403).want("表单已失效")
	// A signed-in page sends a signed-out visitor to sign in, and back.
	u.get("/my")
	if u.url != "/signin" {
		t.Errorf("signed out, /my ended at %s", u.url)
	}

	// Registration with a bad ID number: the summary links to the field,
	// whose message sits beside it.
	u.get("/register")
	u.post("/register", url.Values{"login": {"13700000001"}, "password": {"Applicant-Pass-1"}, "passwordAgain": {"Applicant-Pass-1"},
		"identity.type": {"APPLICANT_TYPE_NATURAL_PERSON"}, "identity.name": {"<b>王五</b>"}, "identity.idType": {"ID_DOCUMENT_TYPE_RESIDENT_ID_CARD"},
		"identity.idNumber": {"110105194912310021"}, "identity.phone": {"13700000001"}}).wantStatus(400)
	u.want(`href="#f-identity-idNumber"`, `id="f-identity-idNumber-error"`, "&lt;b&gt;王五&lt;/b&gt;").wantNot("<b>王五</b>")
	u.post("/register", url.Values{"login": {secret("13700000001")}, "password": {"Applicant-Pass-1"}, "passwordAgain": {"Applicant-Pass-1"},
		"identity.type": {"APPLICANT_TYPE_NATURAL_PERSON"}, "identity.name": {"王五"}, "identity.idType": {"ID_DOCUMENT_TYPE_RESIDENT_ID_CARD"},
		"identity.idNumber": {secret("11010519491231002X")}, "identity.phone": {"13700000001"}})
	// The ID number belongs to the bootstrap's applicant already.
	u.wantStatus(400).want("error-summary")

	// Large text persists in a cookie.
	u.get("/")
	u.post("/text-size", url.Values{"next": {"/"}}).want(`class="large-text`)
	u.get("/signin").want(`class="large-text`)
	u.post("/text-size", url.Values{"next": {"/signin"}}).wantNot(`class="large-text`)
}

// TestWebSessions: sign-in, transparent refresh after the access token
// expires, the initial-password page first, and sign-out ending the
// session on the server.
func TestWebSessions(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	u := ts.webUser(t).signIn(p.logins["applicant"], p.passwords["applicant"])
	if u.url != "/my" {
		t.Errorf("an applicant starts at %s, want /my", u.url)
	}
	u.want("我的申请", "申请人applicant（申请人）")
	// Access tokens live fifteen minutes; the page refreshes the session.
	ts.day(t, p, "2026-11-28")
	u.get("/my").wantStatus(200).want("我的申请")
	if u.url != "/my" {
		t.Errorf("after the access token expired, /my ended at %s", u.url)
	}
	u.post("/signout", nil).want("您已退出登录")
	u.get("/my")
	if u.url != "/signin" {
		t.Errorf("after sign-out, /my ended at %s", u.url)
	}

	// A new staff account must change its initial password first.
	ts.rest(t, "POST", "/v1/accounts", p.tokens["admin"], map[string]any{
		"login": "newclerk", "password": staffPassword, "role": "ROLE_CLERK", "displayName": "新窗口", "agencyIds": []string{p.agencyA},
	}).want(t, 200)
	n := ts.webUser(t)
	n.get("/signin")
	n.post("/signin", url.Values{"login": {"newclerk"}, "password": {staffPassword}})
	if n.url != "/account/password" {
		t.Fatalf("with an initial password, sign-in ended at %s", n.url)
	}
	n.want("请先把初始密码改为")
	n.get("/desk")
	if n.url != "/account/password" {
		t.Errorf("with an initial password, /desk ended at %s", n.url)
	}
	n.post("/account/password", url.Values{"currentPassword": {staffPassword}, "newPassword": {"x"}, "newPasswordAgain": {"y"}}).wantStatus(400).want(`href="#f-newPasswordAgain"`)
	n.post("/account/password", url.Values{"currentPassword": {"not-it"}, "newPassword": {"Clerk-New-2026!"}, "newPasswordAgain": {"Clerk-New-2026!"}}).
		wantStatus(400).want(`href="#f-currentPassword"`, "当前密码不正确")
	n.post("/account/password", url.Values{"currentPassword": {staffPassword}, "newPassword": {secret("Clerk-New-2026!")}, "newPasswordAgain": {"Clerk-New-2026!"}})
	if n.url != "/desk" {
		t.Errorf("after the change, ended at %s", n.url)
	}
	n.want("密码已修改", "待确认的网上申请")
}

// applyOnline walks the online application's pages as the applicant and
// returns the new application's id.
func applyOnline(t *testing.T, u *webUser, agency, title string) string {
	t.Helper()
	u.get("/apply?agency=" + agency).want("第 1 步")
	form := url.Values{}
	for _, k := range []string{"requestId", "details.applicant.phone", "details.applicant.email", "details.applicant.address"} {
		form.Set(k, hiddenValue(u.page, k))
	}
	form.Set("details.agencyId", agency)
	form.Set("details.information.title", title)
	form.Set("go", "how")
	u.post("/apply", form).want("获取信息的方式")
	form.Set("details.medium", "INFORMATION_MEDIUM_PAPER")
	form.Set("details.delivery", "DELIVERY_METHOD_POST")
	form.Set("go", "contact")
	u.post("/apply", form).want("您的联系方式")
	form.Set("go", "check")
	u.post("/apply", form).want("请核对您的申请", "邮寄", "纸质")
	form.Set("go", "submit")
	u.post("/apply", form).want("申请已提交")
	m := regexp.MustCompile(`/apply/done/([0-9a-f-]{36})`).FindStringSubmatch(u.url)
	if m == nil {
		t.Fatalf("after submitting, at %s", u.url)
	}
	return m[1]
}

func hiddenValue(page, name string) string {
	m := regexp.MustCompile(`name="` + regexp.QuoteMeta(name) + `" value="([^"]*)"`).FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// TestWebCaseActions: each role sees the case and only the actions the
// workflow gives it; hostile input is shown escaped; a refused form shows
// the error summary; a stale form shows the 409 message and the fresh
// page; another applicant's case is not found.
func TestWebCaseActions(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	hostile := `<script>alert(1)</script>`
	applicant := ts.webUser(t).signIn(p.logins["applicant"], p.passwords["applicant"])
	// A submission with nothing asked for comes back with the API's message
	// on the page that asks it.
	applicant.get("/apply?agency=" + p.agencyA)
	applicant.post("/apply", url.Values{"requestId": {"web-empty"}, "details.agencyId": {p.agencyA}, "go": {"submit"}}).
		wantStatus(400).want("提交的内容有问题", "第 1 步")
	id := applyOnline(t, applicant, p.agencyA, hostile)
	applicant.get("/my").want("&lt;script&gt;alert(1)&lt;/script&gt;", "已提交待确认", "/my/"+id).wantNot(hostile)
	applicant.get("/my/"+id).want("撤回申请", "确认收到后开始计算").wantNot(hostile, "确认收到</summary>")

	other := ts.webUser(t).signIn(p.logins["applicant2"], p.passwords["applicant2"])
	other.get("/my/" + id).wantStatus(404)
	other.get("/cases/" + id).wantStatus(404)

	clerk := ts.webUser(t).signIn(p.logins["clerk"], p.passwords["clerk"])
	clerk.get("/desk").want("待确认的网上申请", "/cases/"+id, "&lt;script&gt;").wantNot(hostile)
	clerk.get("/cases/"+id).want("确认收到</summary>", "撤回申请</summary>").wantNot(hostile, "告知补正</summary>", "签发答复</summary>")
	stale := clerk.version()
	officer := ts.webUser(t).signIn(p.logins["officer"], p.passwords["officer"])
	officer.get("/cases/"+id).wantNot("确认收到</summary>", "撤回申请</summary>")
	clerk.post("/cases/"+id+"/act/confirm", url.Values{"version": {stale}}).want("已办理：确认收到", "已受理", "受理回执")
	// The same form again, read before the confirmation: 409, fresh page.
	clerk.post("/cases/"+id+"/act/withdraw", url.Values{"version": {stale}}).want("该申请已被他人修改，请刷新后重试", "已受理")
	clerkb := ts.webUser(t).signIn(p.logins["clerkb"], p.passwords["clerkb"])
	clerkb.get("/cases/" + id).wantStatus(404)

	officer.get("/cases/"+id).want("领办（由我承办）</summary>", "告知补正</summary>").wantNot("确认收到</summary>")
	officer.post("/cases/"+id+"/act/assign", url.Values{"version": {officer.version()}}).want("已办理：领办", "办理中")
	officer.get("/work").want("我承办的", "/cases/"+id)
	officer.get("/cases/" + id)
	// A clarification without items: the summary links to the open form's field.
	officer.post("/cases/"+id+"/act/request_clarification", url.Values{"version": {officer.version()}}).
		wantStatus(400).want("提交的内容有问题", `href="#request_clarification-f-items"`, `id="request_clarification-f-items"`, `<details open id="act-request_clarification">`)
	officer.post("/cases/"+id+"/act/request_clarification", url.Values{"version": {officer.version()}, "items": {"请说明所需信息的年份\n" + hostile}}).
		want("补正中").wantNot(hostile)

	adviser := ts.webUser(t).signIn(p.logins["adviser"], p.passwords["adviser"])
	adviser.get("/cases/" + id).want("补正中").wantNot("<summary>")
	head := ts.webUser(t).signIn(p.logins["head"], p.passwords["head"])
	head.get("/cases/"+id).wantNot("告知补正</summary>", "提交补正</summary>")

	applicant.get("/my/"+id).want("提交补正</summary>", "补正告知书").wantNot(hostile)
	clerk.get("/cases/"+id).want("提交补正</summary>", "请说明所需信息的年份", "&lt;script&gt;alert(1)&lt;/script&gt;").wantNot(hostile)
	applicant.post("/my/"+id+"/act/supplement", url.Values{"version": {applicant.version()}, "text": {"所需为2025年度"}}).want("已办理：提交补正", "办理中")
	// Someone outside the case's roles posting an action gets the API's no.
	adviser.post("/cases/"+id+"/act/sign_off", url.Values{"version": {"1"}}).wantStatus(403)
}
