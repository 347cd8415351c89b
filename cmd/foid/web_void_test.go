package main

import (
	"net/url"
	"slices"
	"testing"
)

// TestWebVoidAndForward: a clerk forwards a misdirected online submission
// from its case page to the district's agency responsible, picked from the
// list, and lands back on the desk, the case being no longer theirs; the
// head voids a mistaken registration only once the confirmation is ticked
// and a reason given. Others are not offered the forms; a forged form, a
// missing agency and a missing reason are refused with the summary.
func TestWebVoidAndForward(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	hostile := `<script>alert(1)</script>`
	applicant := ts.webUser(t).signIn(p.logins["applicant"], p.passwords["applicant"])
	misdirected := applyOnline(t, applicant, p.agencyA, "2025年学区划分方案")
	duplicate := applyOnline(t, applicant, p.agencyA, "重复提交的申请")

	clerk := ts.webUser(t).signIn(p.logins["clerk"], p.passwords["clerk"])
	clerk.get("/cases/"+misdirected).want("转至其他机关</summary>", "乙区教育局").wantNot("作废登记</summary>")
	if got := clerk.optionsOf("agencyId"); !slices.Equal(got, []string{p.agencyB}) {
		t.Errorf("forward to %v, want only agency B %s", got, p.agencyB)
	}
	officer := ts.webUser(t).signIn(p.logins["officer"], p.passwords["officer"])
	officer.get("/cases/"+misdirected).wantNot("转至其他机关</summary>", "作废登记</summary>")
	head := ts.webUser(t).signIn(p.logins["head"], p.passwords["head"])
	head.get("/cases/"+misdirected).want("作废登记</summary>", "作废后不能恢复，受理编号不再使用").wantNot("转至其他机关</summary>")
	applicant.get("/my/"+misdirected).wantNot("转至其他机关</summary>", "作废登记</summary>")

	v := clerk.version()
	clerk.post("/cases/"+misdirected+"/act/forward", url.Values{"version": {v}, "agencyId": {p.agencyB}, "reason": {"x"}, "csrf": {"forged"}}).
		wantStatus(403).want("表单已失效")
	clerk.get("/cases/"+misdirected).post("/cases/"+misdirected+"/act/forward", url.Values{"version": {v}, "reason": {hostile}}).
		wantStatus(400).want("提交的内容有问题", `href="#forward-f-agencyId"`, "不能为空", `<details open id="act-forward">`, "&lt;script&gt;").wantNot(hostile)
	clerk.post("/cases/"+misdirected+"/act/forward", url.Values{"version": {v}, "agencyId": {p.agencyB}}).
		wantStatus(400).want(`href="#forward-f-reason"`)
	clerk.post("/cases/"+misdirected+"/act/forward", url.Values{"version": {v}, "agencyId": {p.agencyB}, "reason": {"所申请信息由教育局制作"}}).
		wantStatus(200).want("已办理：转至其他机关", "待确认的网上申请").wantNot("/cases/" + misdirected)
	if clerk.url != "/desk" {
		t.Errorf("after forwarding the clerk is at %s, want the desk", clerk.url)
	}
	clerk.get("/cases/" + misdirected).wantStatus(404)
	clerkb := ts.webUser(t).signIn(p.logins["clerkb"], p.passwords["clerkb"])
	clerkb.get("/desk").want("/cases/" + misdirected)
	clerkb.get("/cases/"+misdirected).want("确认收到</summary>", "所申请信息由教育局制作")
	applicant.get("/my/"+misdirected).want("乙区教育局", "所申请信息由教育局制作")

	// Voiding: the confirmation first, then the reason the API requires.
	clerk.get("/cases/" + duplicate).wantNot("作废登记</summary>")
	clerk.post("/cases/"+duplicate+"/act/void", url.Values{"version": {clerk.version()}, "reason": {"重复"}, "confirm": {"yes"}}).wantStatus(403)
	head.get("/cases/" + duplicate)
	v = head.version()
	head.post("/cases/"+duplicate+"/act/void", url.Values{"version": {v}, "reason": {"与先前申请重复"}}).
		wantStatus(400).want(`href="#void-f-confirm"`, "请确认作废：作废后不能恢复，受理编号不再使用", `<details open id="act-void">`, "与先前申请重复")
	head.post("/cases/"+duplicate+"/act/void", url.Values{"version": {v}, "confirm": {"yes"}}).
		wantStatus(400).want(`href="#void-f-reason"`, ` checked`)
	head.post("/cases/"+duplicate+"/act/void", url.Values{"version": {v}, "confirm": {"yes"}, "reason": {"重复提交 " + hostile}}).
		wantStatus(200).want("已办理：作废登记", "已作废", "&lt;script&gt;").wantNot(hostile, "作废登记</summary>", "<summary>")
	if head.url != "/cases/"+duplicate {
		t.Errorf("after voiding the head is at %s", head.url)
	}
	clerk.get("/desk").wantNot("/cases/" + duplicate)
}
