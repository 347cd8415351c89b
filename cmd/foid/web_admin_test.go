package main

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestWebAdminAccounts: the administrator lists accounts, creates a staff
// account, disables and enables it, resets a password (shown once), and
// changes a role sending only what changed; refusals come back in the
// error summary; names are escaped; other roles are refused by the API.
func TestWebAdminAccounts(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	admin := ts.webUser(t).signIn(p.logins["admin"], p.passwords["admin"])
	if admin.url != "/admin/accounts" {
		t.Errorf("the administrator starts at %s", admin.url)
	}
	admin.want("账户管理", "officer2", "承办人", "甲区住房和城乡建设局", `href="/admin/agencies"`)

	admin.get("/admin/accounts/new").want("新建工作人员账户", `name="agencyIds" value="`+p.agencyA+`"`)
	admin.post("/admin/accounts/new", url.Values{"login": {"X!"}, "displayName": {"九"}, "role": {"ROLE_CLERK"}, "password": {"Initial-Pass-2026"}}).
		wantStatus(http.StatusBadRequest).want("提交的内容有问题", `href="#f-login"`)
	admin.post("/admin/accounts/new", url.Values{"login": {"clerk9"}, "displayName": {"<b>九</b>"}, "role": {"ROLE_CLERK"},
		"agencyIds": {p.agencyA}, "password": {"Initial-Pass-2026"}}).wantStatus(200)
	admin.want("已新建账户 clerk9", "&lt;b&gt;九&lt;/b&gt;").wantNot("<b>九</b>")
	m := regexp.MustCompile(`(?s)<td>clerk9</td>.*?action="/admin/accounts/([0-9a-f-]{36})/disable"`).FindStringSubmatch(admin.page)
	if m == nil {
		t.Fatalf("no disable form for clerk9:\n%s", mainOf(admin.page))
	}
	clerk9 := m[1]
	admin.post("/admin/accounts/"+clerk9+"/disable", nil).want("账户已停用", "已停用", `action="/admin/accounts/`+clerk9+`/enable"`)
	admin.post("/admin/accounts/"+clerk9+"/enable", nil).want("账户已启用", `action="/admin/accounts/`+clerk9+`/disable"`)

	// A reset password is shown once, and signs in to the change-password page.
	admin.post("/admin/accounts/"+p.ids["officer2"]+"/reset", url.Values{"login": {"officer2"}}).wantStatus(200).want("一次性密码", "只显示这一次")
	otp := regexp.MustCompile(`<p class="reference">([^<]+)</p>`).FindStringSubmatch(admin.page)
	if otp == nil {
		t.Fatalf("no one-time password:\n%s", mainOf(admin.page))
	}
	o2 := ts.webUser(t)
	o2.get("/signin")
	o2.post("/signin", url.Values{"login": {"officer2"}, "password": {otp[1]}})
	if o2.url != "/account/password" {
		t.Errorf("signed in with the one-time password at %s", o2.url)
	}

	// Only the role changes; no agency is a refusal beside nothing but the summary.
	admin.get("/admin/accounts")
	edit := url.Values{"was.displayName": {"officer2"}, "was.role": {"ROLE_OFFICER"}, "was.agencyIds": {p.agencyA},
		"account.displayName": {"officer2"}, "account.role": {"ROLE_HEAD"}, "account.agencyIds": {p.agencyA}}
	admin.post("/admin/accounts/"+p.ids["officer2"], edit).wantStatus(200).want("账户已更新")
	if !regexp.MustCompile(`<td>officer2</td><td>officer2</td><td>负责人</td>`).MatchString(admin.page) {
		t.Errorf("officer2 is not a head now:\n%s", mainOf(admin.page))
	}
	edit.Del("account.agencyIds")
	edit.Set("was.role", "ROLE_HEAD")
	admin.post("/admin/accounts/"+p.ids["officer2"], edit).wantStatus(http.StatusBadRequest).want("提交的内容有问题")

	officer := ts.webUser(t).signIn("officer", p.passwords["officer"])
	officer.wantNot(`href="/admin/accounts"`)
	officer.get("/admin/accounts").wantStatus(http.StatusForbidden)
	officer.post("/admin/accounts/"+clerk9+"/disable", nil).wantStatus(http.StatusForbidden)
}

// TestWebAdminAgencies: the administrator creates an agency and changes
// its policy; the form sends only the fields changed on it, so a field
// changed elsewhere meanwhile survives; a refused value shows beside its
// field; the court's name is escaped; an officer is refused.
func TestWebAdminAgencies(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	admin := ts.webUser(t).signIn(p.logins["admin"], p.passwords["admin"])
	admin.get("/admin/agencies").want("机关管理", "甲区住房和城乡建设局", `href="/admin/agencies/`+p.agencyA+`"`)
	admin.post("/admin/agencies", url.Values{"code": {""}, "name": {""}}).wantStatus(http.StatusBadRequest).want("提交的内容有问题")
	admin.post("/admin/agencies", url.Values{"code": {"BING"}, "name": {"丙区民政局"}}).want("已新建机关：丙区民政局", "丙区民政局")

	admin.get("/admin/agencies/"+p.agencyA).want("办理规则", `name="policy.supplementDays"`, `name="policy.onTheSpotOutcomes" value="DISCLOSED"`)
	form := admin.page
	// Meanwhile the court is set elsewhere; the form changes the supplement days and ticks an outcome.
	ts.rest(t, "PATCH", "/v1/agencies/"+p.agencyA+"/policy", p.tokens["admin"], map[string]any{"court": "甲区人民法院"}).want(t, 200)
	admin.page = form
	vals := url.Values{}
	for _, m := range regexp.MustCompile(`name="(was\.[^"]+)" value="([^"]*)"`).FindAllStringSubmatch(form, -1) {
		vals.Set(m[1], m[2])
	}
	vals.Set("policy.supplementDays", "20")
	vals.Set("policy.correctionDays", "25")
	vals.Set("policy.court", vals.Get("was.policy.court"))
	vals.Set("policy.reconsiderationAuthority", vals.Get("was.policy.reconsiderationAuthority"))
	vals.Set("policy.onTheSpotOutcomes", "DISCLOSED")
	if v := vals.Get("was.policy.autoConfirmOnline"); v != "" {
		vals.Set("policy.autoConfirmOnline", v)
	}
	if v := vals.Get("was.policy.feePausesClock"); v != "" {
		vals.Set("policy.feePausesClock", v)
	}
	for _, o := range regexp.MustCompile(`,`).Split(vals.Get("was.policy.skipReviewOutcomes"), -1) {
		if o != "" {
			vals.Add("policy.skipReviewOutcomes", o)
		}
	}
	admin.post("/admin/agencies/"+p.agencyA, vals).wantStatus(200).want("办理规则已更新", `value="20"`, `value="甲区人民法院"`)
	a := ts.rest(t, "GET", "/v1/agencies", "", nil).want(t, 200)
	if !regexp.MustCompile(`"supplementDays":\s*20`).MatchString(a.raw) || !regexp.MustCompile(`"court":\s*"甲区人民法院"`).MatchString(a.raw) ||
		!regexp.MustCompile(`"correctionDays":\s*25`).MatchString(a.raw) {
		t.Errorf("the policy after the form: %s", a.raw)
	}

	admin.post("/admin/agencies/"+p.agencyA, url.Values{"was.policy.supplementDays": {"20"}, "policy.supplementDays": {"99"},
		"was.policy.court": {"甲区人民法院"}, "policy.court": {"<script>x</script>"}}).wantStatus(http.StatusBadRequest)
	admin.want("提交的内容有问题", `id="f-policy-supplementDays-error"`, "&lt;script&gt;").wantNot("<script>x")

	officer := ts.webUser(t).signIn("officer", p.passwords["officer"])
	officer.post("/admin/agencies/"+p.agencyA, url.Values{"was.policy.court": {""}, "policy.court": {"乙"}}).wantStatus(http.StatusForbidden)
}

// TestWebAdminLegalBases: the administrator lists the maintained legal
// bases with their citations and status, adds one (refusals in the error
// summary, beside the field; text escaped), retires one after a
// confirmation page, and is told when a retirement is refused; a forged
// form and other roles are refused; the case page shows a draft's bases
// by their citations.
func TestWebAdminLegalBases(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	admin := ts.webUser(t).signIn(p.logins["admin"], p.passwords["admin"])
	admin.get("/admin/legal-bases").want("<h1>法律依据</h1>", "<code>REG_36_4</code>", "《中华人民共和国政府信息公开条例》第三十六条第（四）项",
		"使用中", `href="/admin/legal-bases/REG_36_4/retire"`, `href="/admin/legal-bases"`)

	admin.post("/admin/legal-bases", url.Values{"code": {"x-1"}, "text": {""}}).wantStatus(http.StatusBadRequest).
		want("提交的内容有问题", `href="#f-code"`, `href="#f-text"`, `id="f-code-error"`)
	admin.post("/admin/legal-bases", url.Values{"code": {"LOCAL_1"}, "text": {"<b>《某市政府信息公开规定》</b>第十条"}}).wantStatus(200).
		want("已新增法律依据：LOCAL_1", "&lt;b&gt;《某市政府信息公开规定》&lt;/b&gt;第十条").wantNot("<b>《某市")
	admin.post("/admin/legal-bases", url.Values{"code": {"LOCAL_1"}, "text": {"《某市政府信息公开规定》第十一条"}}).
		wantStatus(http.StatusBadRequest).want("提交的内容有问题", "已存在")

	admin.get("/admin/legal-bases/LOCAL_1/retire").want("停用法律依据", "确认停用", `action="/admin/legal-bases/LOCAL_1/retire"`, "第十条")
	admin.post("/admin/legal-bases/LOCAL_1/retire", url.Values{"csrf": {"forged"}}).wantStatus(http.StatusForbidden)
	admin.get("/admin/legal-bases/LOCAL_1/retire")
	admin.post("/admin/legal-bases/LOCAL_1/retire", nil).wantStatus(200).want("已停用法律依据：LOCAL_1", "已停用").
		wantNot(`href="/admin/legal-bases/LOCAL_1/retire"`)
	admin.post("/admin/legal-bases/LOCAL_1/retire", nil).wantStatus(http.StatusBadRequest).want("提交的内容有问题", "法律依据 LOCAL_1 已停用")
	admin.post("/admin/legal-bases/NOPE_9/retire", nil).wantStatus(http.StatusBadRequest).want("法律依据 NOPE_9 不存在")
	if b := ts.rest(t, "GET", "/v1/legal-bases", p.tokens["officer"], nil).want(t, 200); strings.Contains(b.raw, "LOCAL_1") {
		t.Errorf("a retired basis is still offered to drafts: %s", b.raw)
	}

	officer := ts.webUser(t).signIn("officer", p.passwords["officer"])
	officer.wantNot(`href="/admin/legal-bases"`)
	officer.get("/admin/legal-bases").wantStatus(http.StatusForbidden)
	officer.post("/admin/legal-bases", url.Values{"code": {"LOCAL_2"}, "text": {"《某市政府信息公开规定》第十二条"}}).wantStatus(http.StatusForbidden)
	officer.post("/admin/legal-bases/REG_36_4/retire", nil).wantStatus(http.StatusForbidden)

	ts.day(t, p, "2026-11-02")
	c := ts.registerAssigned(t, p, "2026-11-02")
	ts.rest(t, "POST", "/v1/applications/"+c.id+"/drafts", p.tokens["officer"], map[string]any{
		"outcome": "OUTCOME_NOT_HELD", "reasons": []string{"经检索，本机关未制作或获取该信息"},
		"legalBasis": []string{"REG_36_4"}, "facts": "检索了2025年全部收文和发文",
	}).want(t, 200)
	officer.get("/cases/" + c.id).want("《中华人民共和国政府信息公开条例》第三十六条第（四）项")
}
