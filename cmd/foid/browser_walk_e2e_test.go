package main

import (
	"strings"
	"testing"
)

// TestBrowserWalk is the web application's acceptance (issue 15): the whole
// life of a case in one headless Chromium, each step signed in as its own
// role. The walk also registers a window application, and a form read
// before someone else's change gets the 409 message.
func TestBrowserWalk(t *testing.T) {
	browserPath(t)
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.rest(t, "PATCH", "/v1/agencies/"+p.agencyA+"/policy", p.tokens["admin"], map[string]any{
		"reconsiderationAuthority": "甲区人民政府", "court": "甲区人民法院"}).want(t, 200)
	b := newBrowser(t, "http://"+ts.httpAddr)

	// The applicant applies online, on a phone.
	b.phone().open("/").see("甲区住房和城乡建设局").shot("01-home-phone")
	b.signIn(p.logins["applicant"], p.passwords["applicant"]).see("我的申请")
	b.open("/apply").fill("f-details-agencyId", p.agencyA).shot("02-apply-phone")
	b.submit(`button[value="how"]`).see("获取信息的方式")
	b.submit(`button[value="contact"]`).see("您的联系方式") // nothing chosen: the API will say so
	b.fill("f-details-applicant-phone", "13912345678").submit(`button[value="check"]`).see("请核对您的申请")
	b.submit(`button[value="submit"]`).see("提交的内容有问题", "须填写所需信息的名称或内容描述").shot("03-apply-errors-phone")
	b.fill("f-details-information-title", "示范区2025年老旧小区改造项目清单").submit(`button[value="how"]`).see("获取信息的途径")
	b.click("#f-details-medium", "#f-details-delivery-DELIVERY_METHOD_POST").submit(`button[value="contact"]`).see("您的联系方式")
	b.submit(`button[value="check"]`).see("请核对您的申请", "纸质", "邮寄")
	b.submit(`button[value="submit"]`).see("申请已提交").shot("04-submitted-phone")
	id := strings.TrimPrefix(b.at("/apply/done/"), "/apply/done/")
	b.signOut()

	// The clerk confirms it from the queue and prints the receipt.
	b.desktop().signIn(p.logins["clerk"], p.passwords["clerk"]).see("待确认的网上申请", "示范区2025年老旧小区改造项目清单").shot("05-desk-queue")
	b.submit(`a[href="/cases/` + id + `"]`).see("确认收到")
	b.act("confirm").see("已办理：确认收到", "已受理", "受理回执")
	b.open(b.href(`a[href^="/applications/`+id+`/notices/"]`)).see("受理回执", "收到申请日期", "示范区2025年老旧小区改造项目清单").shot("05b-receipt")
	tracking, code := b.receiptField("申请编号"), b.receiptField("查询码")
	// The desk's quick box finds the case by its tracking number.
	b.open("/desk").fill("quick-find", tracking).submit(`form[action="/find"] button[type=submit]`).see("查找结果", "示范区2025年老旧小区改造项目清单")
	// A walk-in at the window: the channel first, then its fields only.
	b.open("/desk/register").click("#f-channel").submit("main button[type=submit]").see("递交日期")
	b.fill("f-intake-handedInOn", "2026-11-27", "f-details-applicant-name", "李四",
		"f-details-applicant-idNumber", "440524198001010013", "f-details-applicant-phone", "13500000000",
		"f-details-information-title", "2025年度区级预算公开表")
	b.click("#f-details-medium", "#f-details-delivery").submit("main form button[type=submit]").see("申请已登记", "打印受理回执").shot("06-registered")
	b.signOut()
	// Whoever holds the receipt reads the status from the home page.
	b.open("/").fill("f-trackingNumber", tracking, "f-queryCode", code).submit(`form[action="/status"] button[type=submit]`).see("已受理", "答复期限").shot("06b-status")

	// The officer takes the case and asks for clarification; a form read
	// before the case changed gets the 409 message.
	b.signIn(p.logins["officer"], p.passwords["officer"]).open("/cases/" + id).see("领办（由我承办）")
	b.act("assign").see("已办理：领办", "办理中")
	b.act("request_clarification", "request_clarification-f-items", "请说明所需清单的年度\n请说明所需的街道范围").see("补正中", "请说明所需的街道范围")
	b.signOut()

	// The applicant supplements.
	b.phone().signIn(p.logins["applicant"], p.passwords["applicant"]).open("/my/"+id).see("提交补正", "补正告知书")
	b.act("supplement", "supplement-f-text", "所需为2025年度，范围为全区各街道").see("已办理：提交补正", "办理中").shot("07-case-phone")
	b.signOut()

	// The officer drafts a partial disclosure; a stale form meets 409.
	b.desktop().signIn(p.logins["officer"], p.passwords["officer"]).open("/cases/" + id).see("申请延期")
	version := ts.rest(t, "GET", "/v1/applications/"+id, p.tokens["officer"], nil).want(t, 200).str("application.version")
	ts.rest(t, "POST", "/v1/applications/"+id+":requestExtension", p.tokens["officer"], map[string]any{
		"version": version, "days": 10, "reason": "需要调取档案核查"}).want(t, 200)
	b.act("request_extension", "request_extension-f-days", "5", "request_extension-f-reason", "需要核查").see("该申请已被他人修改，请刷新后重试")
	b.open("/cases/" + id + "/draft").see("编辑答复稿")
	b.fill("f-outcome", "OUTCOME_PARTIALLY_DISCLOSED", "f-withheldParts-0-part", "施工合同报价明细",
		"f-withheldParts-0-reason", "WITHHELD_REASON_THIRD_PARTY_RIGHTS", "f-withheldParts-0-explanation", "涉及第三方商业秘密，第三方书面表示不同意公开",
		"f-facts", "经检索，找到改造项目清单一份")
	b.click("#f-legalBasis-REG_15").submit("main form button[type=submit]").see("已保存答复稿第 1 版", "检查结果").shot("08-draft")
	b.submit(`form[action$="/draft/submit"] button[type=submit]`).see("答复稿已提交", "法律审核中")
	b.signOut()

	// The adviser returns it with comments, then approves the next version.
	b.signIn(p.logins["adviser"], p.passwords["adviser"]).see("待审核的答复稿")
	b.submit(`a[href="/cases/` + id + `"]`).see("退回答复稿")
	b.act("return_draft", "return_draft-f-comments", "请写明第三方意见的日期").see("已办理：退回答复稿")
	b.signOut()
	b.signIn(p.logins["officer"], p.passwords["officer"]).open("/cases/" + id + "/draft").see("请写明第三方意见的日期")
	b.fill("f-facts", "经检索，找到改造项目清单一份；第三方于2026年11月20日书面表示不同意公开").submit("main form button[type=submit]").see("已保存答复稿第 2 版")
	b.submit(`form[action$="/draft/submit"] button[type=submit]`).see("答复稿已提交")
	b.signOut()
	// The adviser reads what changed since the version returned.
	b.signIn(p.logins["adviser"], p.passwords["adviser"]).open("/cases/"+id).
		see("第 2 版与第 1 版相比的改动", "请写明第三方意见的日期", "第三方于2026年11月20日书面表示不同意公开").shot("08b-draft-changes")
	b.act("approve_draft", "approve_draft-f-comment", "同意").see("已办理：法律审核通过", "待负责人签发")
	b.signOut()

	// The head signs off the exact approved version.
	b.signIn(p.logins["head"], p.passwords["head"]).see("待签发").submit(`a[href="/cases/` + id + `"]`)
	b.see("待签发的答复稿（法律顾问审核通过的第 2 版）", "施工合同报价明细").shot("09-signoff").view("09-signoff-view")
	b.act("sign_off").see("已办理：签发答复", "已答复")
	b.signOut()

	// The applicant reads the reply.
	b.phone().signIn(p.logins["applicant"], p.passwords["applicant"]).open("/my/"+id).see("已答复", "阅读答复书").shot("10-replied-phone").view("10-replied-phone-view")
	letter := ""
	for _, n := range ts.rest(t, "GET", "/v1/applications/"+id+"/notices", p.tokens["clerk"], nil).want(t, 200).body["notices"].([]any) {
		if m := n.(map[string]any); m["kind"] == "REPLY_LETTER" {
			letter = m["id"].(string)
		}
	}
	b.open("/applications/"+id+"/notices/"+letter).see("政府信息公开申请答复书", "能够作区分处理", "施工合同报价明细").shot("11-reply-letter-phone")
}
