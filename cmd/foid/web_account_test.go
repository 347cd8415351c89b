package main

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"
)

// TestWebApplicantAccount: an applicant reads their identity and changes
// their contact details; only the fields changed on the form are sent, so
// a detail changed elsewhere meanwhile survives; a refused value shows
// beside its field; hostile input is escaped. Staff have no such page
// offered.
func TestWebApplicantAccount(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	u := ts.webUser(t).signIn(p.logins["applicant"], p.passwords["applicant"])
	u.want(`href="/account"`)
	u.get("/account").wantStatus(200).want("我的账户", "申请人applicant", "居民身份证", "11010519491231002X", `name="was.contact.address" value="示范区人民路1号"`)
	page := u.page

	// Meanwhile the address changes elsewhere; the form changes the phone only.
	ts.rest(t, "PATCH", "/v1/accounts/me/contact", p.tokens["applicant"], map[string]any{"address": "示范区解放路9号"}).want(t, 200)
	u.page = page
	u.post("/account", url.Values{"was.contact.contactPerson": {""}, "contact.contactPerson": {""}, "was.contact.phone": {""}, "contact.phone": {"13900001111"},
		"was.contact.email": {""}, "contact.email": {""}, "was.contact.address": {"示范区人民路1号"}, "contact.address": {"示范区人民路1号"}}).wantStatus(200)
	u.want("联系方式已更新", `value="13900001111"`, "示范区解放路9号").wantNot(`name="contact.address" type="text" value="示范区人民路1号"`)

	u.post("/account", url.Values{"was.contact.phone": {"13900001111"}, "contact.phone": {"13900001111"}, "was.contact.address": {"示范区解放路9号"}, "contact.address": {"示范区解放路9号"}}).want("联系方式没有改动")
	u.post("/account", url.Values{"was.contact.email": {""}, "contact.email": {"不是邮箱"}, "was.contact.address": {"示范区解放路9号"}, "contact.address": {`<script>alert(1)</script>`}}).
		wantStatus(http.StatusBadRequest).want("提交的内容有问题", `id="f-contact-email-error"`, "&lt;script&gt;").wantNot("<script>alert")

	ts.webUser(t).signIn("clerk", p.passwords["clerk"]).wantNot(`href="/account"`)
}

// TestWebFeeOnCase: the applicant's case page shows the fee notice, amount
// in 元 with two decimals, pay-by date and status, with the claim beside
// it; after the claim it says so; staff see the fee on their case page.
func TestWebFeeOnCase(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.day(t, p, "2026-11-02")
	c := applicantCase(t, ts, p)
	ts.day(t, p, "2026-11-04")
	ts.act(t, c, "issueFeeNotice", p.tokens["officer"], map[string]any{"mode": "FEE_MODE_PER_VOLUME", "pages": 300})

	u := ts.webUser(t).signIn(p.logins["applicant"], p.passwords["applicant"])
	u.get("/my/"+c.id).wantStatus(200).want("信息处理费", "待缴费", "缴费截止日期", "申报已缴费</summary>")
	if !regexp.MustCompile(`<strong>\d+\.\d{2} 元</strong>`).MatchString(u.page) || !regexp.MustCompile(`缴费截止日期</dt><dd>2026年\d+月\d+日`).MatchString(u.page) {
		t.Errorf("no amount in 元 or pay-by date:\n%s", mainOf(u.page))
	}
	u.post("/my/"+c.id+"/act/claim_payment", url.Values{"version": {u.version()}, "paymentReference": {"非税缴款码 3601-2026-0001"}}).
		want("已办理：申报已缴费", "申报缴费日期", "待工作人员核对")
	ts.webUser(t).signIn("clerk", p.passwords["clerk"]).get("/cases/"+c.id).want("信息处理费", "登记缴费（核对缴款凭证）</summary>")
}
