package main

import (
	"strings"
	"testing"
)

// TestBrowserCorrections walks a correction request (Art. 41) in headless
// Chromium: the applicant asks on a phone, the head assigns, the officer
// decides, the head signs, and the applicant reads the decision letter.
func TestBrowserCorrections(t *testing.T) {
	browserPath(t)
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	b := newBrowser(t, "http://"+ts.httpAddr)

	b.phone().signIn(p.logins["applicant"], p.passwords["applicant"]).open("/my/corrections").see("您还没有提出过更正申请")
	b.open("/my/corrections/new").fill("f-details-agencyId", p.agencyA, "f-details-record", "2025年老旧小区改造项目住户签约名单",
		"f-details-inaccuracy", "人民路1号住户姓名登记为“申请人applicamt”", "f-details-requested", "住户姓名应为“申请人applicant”")
	b.submit("main form button[type=submit]").see("提交的内容有问题", "须说明证明记录不准确的证据").shot("c1-correction-errors-phone")
	b.fill("f-details-evidence", "居民身份证复印件（当面提交）").submit("main form button[type=submit]").see("更正申请已受理", "更正申请受理告知书")
	id := strings.TrimPrefix(b.at("/my/corrections/"), "/my/corrections/")
	b.shot("c2-correction-received-phone")
	b.signOut()

	b.desktop().signIn(p.logins["head"], p.passwords["head"]).open("/corrections").see("待分办", "2025年老旧小区改造项目住户签约名单").shot("c3-correction-worklist")
	b.open("/corrections/"+id).fill("assign-f-assigneeId", p.ids["officer"])
	b.submit("#act-assign button[type=submit]").see("已办理：分配承办人", "办理中")
	b.signOut()

	b.signIn(p.logins["officer"], p.passwords["officer"]).open("/corrections/" + id)
	b.click("#act-decide summary", "#decide-f-decision-outcome")
	b.fill("decide-f-decision-corrected", "人民路1号住户姓名已更正为“申请人applicant”，更正后的名单已重新公示")
	b.submit("#act-decide button[type=submit]").see("待负责人签发", "经审核属实，予以更正")
	b.signOut()

	b.signIn(p.logins["head"], p.passwords["head"]).open("/corrections/" + id).see("签发答复").shot("c4-correction-signoff")
	b.act("sign").see("已办理：签发答复", "已更正", "更正申请答复书")
	b.signOut()

	b.phone().signIn(p.logins["applicant"], p.passwords["applicant"]).open("/my/corrections/"+id).see("已更正", "更正申请答复书")
	letters := ts.rest(t, "GET", "/v1/corrections/"+id, p.tokens["applicant"], nil).want(t, 200).body["letters"].([]any)
	last := letters[len(letters)-1].(map[string]any)["id"].(string)
	b.open("/corrections/"+id+"/letters/"+last).see("更正申请答复书", "决定予以更正", "第四十一条").shot("c5-correction-letter-phone")
}
