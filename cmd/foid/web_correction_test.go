package main

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"
)

// TestWebCorrections walks a correction request through the pages: the
// applicant asks, with the API's messages beside the fields when the form
// is incomplete; a clerk registers one from the window; the head assigns,
// the officer decides, the head signs; the applicant reads the decision
// letter; each person sees only the actions the API offers them.
func TestWebCorrections(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)

	applicant := ts.webUser(t).signIn(p.logins["applicant"], p.passwords["applicant"])
	applicant.get("/my/corrections").want("您还没有提出过更正申请", `href="/my/corrections/new"`, `href="/my/corrections"`)
	applicant.get("/my/corrections/new").want("第四十一条", `name="details.record"`, `name="details.evidence"`).wantNot(`name="details.applicant.idNumber"`)
	form := url.Values{"details.agencyId": {p.agencyA}, "requestId": {"web-c-1"}, "details.record": {"2025年住户签约名单"},
		"details.inaccuracy": {"住户姓名有误"}, "details.requested": {"应为申请人applicant"}}
	applicant.post("/my/corrections/new", form).wantStatus(http.StatusBadRequest).
		want("提交的内容有问题", `href="#f-details-evidence"`, `id="f-details-evidence-error"`, "住户姓名有误")
	form.Set("details.evidence", "居民身份证复印件（<当面提交>）")
	applicant.post("/my/corrections/new", form).wantStatus(200).want("更正申请已受理，编号 JIA-GZ-2026-", "更正申请受理告知书", "撤回更正申请</summary>",
		"&lt;当面提交&gt;").wantNot("分办</summary>", "<当面提交>")
	id := regexp.MustCompile(`/my/corrections/([0-9a-f-]{36})`).FindStringSubmatch(applicant.url)
	if id == nil {
		t.Fatalf("not on the request's page: %s", applicant.url)
	}
	cid := id[1]
	letter := regexp.MustCompile(`href="(/corrections/` + cid + `/letters/[0-9a-f-]{36})"`).FindStringSubmatch(applicant.page)
	if letter == nil {
		t.Fatal("no letter link")
	}
	applicant.get(letter[1]).want("更正申请受理告知书", "第四十一条", "2026年12月25日")

	clerk := ts.webUser(t).signIn("clerk", p.passwords["clerk"])
	clerk.get("/corrections").want(cid, "申请人applicant", "待分办").wantNot("撤回更正申请</summary>")
	// A clerk of two agencies filters the worklist by agency.
	ts.rest(t, "PATCH", "/v1/accounts/"+p.ids["clerk"], p.tokens["admin"], map[string]any{"agencyIds": []string{p.agencyA, p.agencyB}}).want(t, 200)
	clerk = ts.webUser(t).signIn("clerk", p.passwords["clerk"]) // a change of agencies ends the sessions
	clerk.get("/corrections").want(`name="agency"`, `<option value="`+p.agencyB+`">乙区教育局</option>`, cid)
	clerk.get("/corrections?list=open&agency="+p.agencyB).want("清单中没有更正申请", `<option value="`+p.agencyB+`" selected>`).wantNot(cid)
	clerk.get("/corrections?list=open&agency=" + p.agencyA).want(cid)
	clerk.get("/corrections/register").want(`name="details.applicant.idNumber"`, `name="channel"`)
	clerk.post("/corrections/register", url.Values{"requestId": {"web-c-2"}, "details.agencyId": {p.agencyA}, "channel": {"CORRECTION_CHANNEL_IN_PERSON"},
		"details.applicant.type": {"APPLICANT_TYPE_NATURAL_PERSON"}, "details.applicant.name": {"王五"},
		"details.applicant.idType": {"ID_DOCUMENT_TYPE_RESIDENT_ID_CARD"}, "details.applicant.idNumber": {"11010519491231002X"},
		"details.applicant.phone": {"13812345678"}, "details.record": {"r"}, "details.inaccuracy": {"i"}, "details.requested": {"q"},
		"details.evidence": {"e"}}).wantStatus(200).want("更正申请已受理", "王五", "撤回更正申请</summary>", "甲区住房和城乡建设局")

	head := ts.webUser(t).signIn("head", p.passwords["head"])
	head.get("/corrections/"+cid).want("分配承办人</summary>", `value="`+p.ids["officer"]+`"`).wantNot("签发答复</summary>")
	head.post("/corrections/"+cid+"/act/assign", url.Values{"version": {head.version()}, "assigneeId": {p.ids["officer"]}}).
		wantStatus(200).want("已办理：分配承办人", "办理中")
	officer := ts.webUser(t).signIn("officer", p.passwords["officer"])
	officer.get("/corrections/" + cid).want("提出处理意见，送负责人签发</summary>")
	officer.post("/corrections/"+cid+"/act/decide", url.Values{"version": {officer.version()}, "decision.outcome": {"CORRECTION_OUTCOME_REFUSED"}}).
		wantStatus(http.StatusBadRequest).want(`href="#decide-f-decision-reason"`, "不予更正的，须说明理由")
	stale := officer.version()
	officer.post("/corrections/"+cid+"/act/decide", url.Values{"version": {stale}, "decision.outcome": {"CORRECTION_OUTCOME_REFUSED"},
		"decision.reason": {"原记录与权利人签字确认的材料一致"}}).wantStatus(200).want("待负责人签发", "原记录与权利人签字确认的材料一致")
	head.get("/corrections/"+cid).want("签发答复</summary>", "退回处理意见</summary>")
	head.post("/corrections/"+cid+"/act/sign", url.Values{"version": {head.version()}}).wantStatus(200).want("已办理：签发答复", "不予更正", "更正申请答复书")
	officer.post("/corrections/"+cid+"/act/decide", url.Values{"version": {stale}, "decision.outcome": {"CORRECTION_OUTCOME_REFUSED"},
		"decision.reason": {"x"}}).wantStatus(200).want("该申请已被他人修改")

	applicant.get("/my/corrections").want(cid, "不予更正")
	applicant.get("/my/corrections/"+cid).want("更正申请答复书", "原记录与权利人签字确认的材料一致").wantNot("撤回更正申请</summary>", "officer")
	ts.webUser(t).signIn(p.logins["applicant2"], p.passwords["applicant2"]).get("/my/corrections/" + cid).wantStatus(http.StatusNotFound)
}
