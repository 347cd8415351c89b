package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
)

// topicCases are three requests of 2025 about one topic, and one about
// another; the first title carries markup a page must escape.
var topicCases = []seeded{
	{name: "t1", col: np, received: "2025-07-01", replied: "2025-07-10", outcome: "DISCLOSED", state: "REPLIED", title: "关于东湖区2025年老旧小区改造计划的信息"},
	{name: "t2", col: np, received: "2025-07-02", replied: "2025-07-10", outcome: "DISCLOSED", state: "REPLIED", title: "申请公开东湖区2025年老旧小区改造计划"},
	{name: "t3", col: ce, received: "2025-07-03", replied: "2025-07-11", outcome: "DISCLOSED", state: "REPLIED", title: "东湖区2025年老旧小区改造计划（第二批）"},
	{name: "t4", col: np, received: "2025-08-01", replied: "2025-08-12", outcome: "DISCLOSED", state: "REPLIED", title: `<b onmouseover="x">征地补偿</b>标准`},
	{name: "t5", col: np, received: "2025-08-04", replied: "2025-08-12", outcome: "DISCLOSED", state: "REPLIED", title: `<b onmouseover="x">征地补偿</b>标准`},
}

// TestAnalysisOverREST: the analysis of agency A's seeded 2025 agrees
// with its annual report (applications by applicant type are row 一;
// fees; table 四's remedies); the period is validated; the district is
// for heads and administrators; a topic is marked for proactive
// publication by an officer, once, and by no other role; the district's
// report is published by an administrator alone.
func TestAnalysisOverREST(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	conn, err := pgx.Connect(t.Context(), ts.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	seedYear2025(t, ts, p, conn)
	seedCases(t, conn, p, topicCases)
	period := "?periodFrom=2025-01-01&periodTo=2025-12-31"
	agencyPath := "/v1/agencies/" + p.agencyA + "/analysis"

	r := ts.rest(t, "GET", agencyPath+period, p.tokens["officer"], nil).want(t, 200)
	// Table 三's 一 is 11 4 3 3 3 3 27, (七) 27; the topic cases add four
	// natural persons and a company.
	for path, want := range map[string]string{
		"analysis.received": "32", "analysis.resolved": "32", "analysis.periodFrom": "2025-01-01", "analysis.periodTo": "2025-12-31",
		"analysis.fees.noticesIssued": "2", "analysis.fees.chargedFen": "30000", "analysis.fees.paidFen": "15000",
		"analysis.remedies.decided": "6", "analysis.remedies.corrected": "2",
		"analysis.remedies.table.reconsideration.total": "4", "analysis.remedies.table.lawsuit.pending": "1",
	} {
		if got := r.str(path); got != want {
			t.Errorf("%s = %q, want %q", path, got, want)
		}
	}
	var types []string
	for _, c := range r.body["analysis"].(map[string]any)["byApplicantType"].([]any) {
		types = append(types, c.(map[string]any)["count"].(string))
	}
	if diff := cmp.Diff([]string{"15", "5", "3", "3", "3", "3"}, types); diff != "" {
		t.Errorf("applications by type mismatch (-want +got):\n%s", diff)
	}
	// The renewal topic: the three, and the REST case's 示范区2025年老旧小区
	// 改造项目清单; then two of two (the seeded 关于anc… and 关于nc… look
	// alike by their two letters).
	topics := r.body["analysis"].(map[string]any)["topics"].([]any)
	if len(topics) != 3 {
		t.Fatalf("topics: %v", topics)
	}
	first := topics[0].(map[string]any)
	if first["label"] != "关于东湖区2025年老旧小区改造计划的信息" || first["count"] != "4" || first["suggestion"] != "依申请公开转主动公开" {
		t.Errorf("the first topic: %v", first)
	}
	key := first["clusterKey"].(string)

	t.Run("the period is validated", func(t *testing.T) {
		for q, field := range map[string]string{
			"?periodFrom=2025-02-01&periodTo=2025-01-31": "periodTo",
			"?periodFrom=2020-01-01&periodTo=2025-12-31": "periodTo",
			"?periodFrom=2025-13-01":                     "periodFrom",
		} {
			r := ts.rest(t, "GET", agencyPath+q, p.tokens["officer"], nil).want(t, 400)
			if !strings.Contains(r.raw, `"field":"`+field+`"`) {
				t.Errorf("%s: no violation on %s: %s", q, field, r.raw)
			}
		}
	})

	t.Run("the district", func(t *testing.T) {
		d := ts.rest(t, "GET", "/v1/district/analysis"+period, p.tokens["head"], nil).want(t, 200)
		if d.str("analysis.received") != "33" || d.str("analysis.agencyId") != "" { // agency B's one case
			t.Errorf("district: received %s", d.str("analysis.received"))
		}
		ts.rest(t, "GET", "/v1/district/analysis", p.tokens["officer"], nil).want(t, 403)
		ts.rest(t, "GET", agencyPath, p.tokens["clerk"], nil).want(t, 403)
	})

	t.Run("marking a topic", func(t *testing.T) {
		mark := agencyPath + "/topics/" + key + ":markForPublication"
		body := map[string]any{"periodFrom": "2025-01-01", "periodTo": "2025-12-31", "note": "列入主动公开目录"}
		for _, who := range []string{"clerk", "adviser", "admin", "applicant"} {
			ts.rest(t, "POST", mark, p.tokens[who], body).want(t, 403)
		}
		ts.rest(t, "POST", agencyPath+"/topics/0123456789abcdef:markForPublication", p.tokens["officer"], body).want(t, 400)
		m := ts.rest(t, "POST", mark, p.tokens["officer"], body).want(t, 200)
		if m.str("mark.label") != "关于东湖区2025年老旧小区改造计划的信息" || m.str("mark.markedByName") != "officer" || m.str("mark.count") != "4" ||
			m.str("mark.note") != "列入主动公开目录" || m.str("mark.markTime") == "" {
			t.Errorf("mark: %s", m.raw)
		}
		ts.rest(t, "POST", mark, p.tokens["head"], body).want(t, 409)
		r := ts.rest(t, "GET", agencyPath+period, p.tokens["head"], nil).want(t, 200)
		if got := r.str("analysis.topics"); !strings.Contains(got, `"markedByName":"officer"`) {
			t.Errorf("the analysis does not show the mark: %s", got)
		}
		list := ts.rest(t, "GET", agencyPath+"/topicMarks", p.tokens["officer"], nil).want(t, 200)
		if n := len(list.body["marks"].([]any)); n != 1 {
			t.Errorf("%d marks listed, want 1", n)
		}
		ts.rest(t, "GET", "/v1/district/analysis/topicMarks", p.tokens["admin"], nil).want(t, 200)
	})

	t.Run("publishing the district's report", func(t *testing.T) {
		ts.rest(t, "POST", "/v1/district/reports/2025:publish", p.tokens["head"], map[string]any{}).want(t, 403)
		pub := ts.rest(t, "POST", "/v1/district/reports/2025:publish", p.tokens["admin"], map[string]any{}).want(t, 200)
		if pub.str("report.publication.publishedByName") != "系统管理员" || len(pub.str("report.publication.sha256")) != 64 {
			t.Errorf("publication: %s", pub.str("report.publication"))
		}
		ts.rest(t, "POST", "/v1/district/reports/2025:publish", p.tokens["admin"], map[string]any{}).want(t, 409)
		got := ts.rest(t, "GET", "/v1/district/reports/2025", p.tokens["head"], nil).want(t, 200)
		if got.str("report.publication.sha256") != pub.str("report.publication.sha256") {
			t.Errorf("the district report read back: %s", got.str("report.publication"))
		}
	})
}

// TestWebAnalysis: an officer sees the analysis with its charts as inline
// SVG (titled, with the numbers in tables), no script in the page, the
// titles escaped, and marks a topic; a head sees the district; a clerk
// and an officer asking for the district are refused; a bad period is
// named beside its field.
func TestWebAnalysis(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	conn, err := pgx.Connect(t.Context(), ts.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	seedYear2025(t, ts, p, conn)
	seedCases(t, conn, p, topicCases)
	q := "?" + url.Values{"agency": {p.agencyA}, "from": {"2025-01-01"}, "to": {"2025-12-31"}}.Encode()

	officer := ts.webUser(t).signIn("officer", p.passwords["officer"])
	officer.want(`href="/analysis"`)
	officer.get("/analysis"+q).wantStatus(200).want("甲区住房和城乡建设局依申请公开分析研判", "2025年1月1日至2025年12月31日",
		`<svg class="chart`, `role="img"`, `<title id="chart-months-title">按月收到的申请</title>`, "按提交渠道", "按申请人类型",
		"办理结果（本期办结）", "答复用时分布（工作日）", `<th scope="row">2025年7月</th><td>3</td>`, "重复申请", "热点申请主题",
		"依申请公开转主动公开", "标记为转主动公开<span class=\"visually-hidden\">", "纠错率",
		"&lt;b onmouseover=&#34;x&#34;&gt;征地补偿&lt;/b&gt;标准").
		wantNot(`<b onmouseover`, "style=")
	main := mainOf(officer.page)
	if i := strings.Index(officer.page, "<main"); i >= 0 {
		main = officer.page[i:]
	}
	if strings.Contains(main, "<script") || strings.Contains(officer.page, "<script>") {
		t.Error("the analysis page carries a script")
	}
	res, err := officer.client.Get(officer.base() + "/analysis" + q)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("the page's CSP: %q", csp)
	}

	key := hiddenValue(officer.page, "key")
	officer.post("/analysis/mark", url.Values{"agency": {p.agencyA}, "from": {"2025-01-01"}, "to": {"2025-12-31"}, "key": {key}, "note": {"下季度公开"}}).
		wantStatus(200).want("已标记为依申请公开转主动公开", "officer于", "已决定转主动公开的主题", "下季度公开")

	officer.get("/analysis?"+url.Values{"agency": {p.agencyA}, "from": {"2025-03-01"}, "to": {"2025-02-01"}}.Encode()).
		wantStatus(200).want("提交的内容有问题", "结束日期不能早于开始日期")
	officer.get("/analysis?agency=").wantStatus(http.StatusForbidden)

	head := ts.webUser(t).signIn("head", p.passwords["head"])
	head.get("/analysis?agency=&from=2025-01-01&to=2025-12-31").wantStatus(200).want("全区汇总（本系统全部行政机关）依申请公开分析研判", "<svg").wantNot("标记为转主动公开<span class=\"visually-hidden\">")

	ts.webUser(t).signIn("clerk", p.passwords["clerk"]).get("/analysis" + q).wantStatus(http.StatusForbidden)

	admin := ts.webUser(t).signIn("admin", p.passwords["admin"])
	admin.get("/reports?agency=&year=2025").want("发布年度报告</button>")
	admin.post("/reports/publish", url.Values{"agency": {""}, "year": {"2025"}}).wantStatus(200).want("年度报告已发布", "本报告已发布", "SHA-256")
}
