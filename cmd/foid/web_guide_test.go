package main

import (
	"net/http"
	"testing"
)

// TestWebGuide: each agency's 政府信息公开指南 is public, linked from the
// home page, and generated from its data: the ways to apply, its
// supplement period, the fee tiers from the calculator, what the window
// answers on the spot, and its remedies; its data is escaped.
func TestWebGuide(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.rest(t, "PATCH", "/v1/agencies/"+p.agencyA+"/policy", p.tokens["admin"], map[string]any{
		"supplementDays": 15, "onTheSpotOutcomes": []string{"DISCLOSED"}, "feePausesClock": true,
		"reconsiderationAuthority": "甲区人民政府", "court": "<b>甲区人民法院</b>"}).want(t, 200)

	u := ts.webUser(t)
	u.get("/").want(`href="/guide/` + p.agencyA + `"`)
	u.get("/guide/"+p.agencyA).wantStatus(200).want("甲区住房和城乡建设局政府信息公开指南", `href="/apply?agency=`+p.agencyA+`"`,
		"传真", "口头提出", "挂号信", `href="/status"`, "15个工作日内补正", "不计入答复期限", "当场答复的情形：予以公开",
		"第1至10件", "第11至30件</td><td>每件100.00 元", "第31至100页</td><td>每页10.00 元", "第201页起</td><td>每页40.00 元",
		"甲区人民政府", "&lt;b&gt;甲区人民法院&lt;/b&gt;", "60日内", "6个月内").wantNot("<b>甲区人民法院</b>")
	u.get("/guide/"+p.agencyB).want("乙区教育局政府信息公开指南", "有管辖权的人民法院")
	u.get("/guide/00000000-0000-0000-0000-000000000000").wantStatus(http.StatusNotFound)
}
