package main

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestWebAnnualReport: an officer reads table 三 and 四 with figures
// linking to their cases and the exports, and may not publish; the head
// publishes, after which the page shows who and when; a clerk is refused.
func TestWebAnnualReport(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	conn, err := pgx.Connect(t.Context(), ts.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	seedYear2025(t, ts, p, conn)
	q := "?" + url.Values{"agency": {p.agencyA}, "year": {"2025"}}.Encode()

	officer := ts.webUser(t).signIn("officer", p.passwords["officer"])
	officer.want(`href="/reports"`)
	officer.get("/reports"+q).wantStatus(200).want("甲区住房和城乡建设局2025年度政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
		"四、政府信息公开行政复议、行政诉讼情况", "行政复议", "结果维持", "信息处理费", "300.00 元", "150.00 元", "format=xlsx").wantNot("发布年度报告</button>")
	m := regexp.MustCompile(`href="(/reports/cases\?[^"]+cell=remedy.RECONSIDERATION-UPHELD[^"]*)"`).FindStringSubmatch(officer.page)
	if m == nil {
		t.Fatalf("no drill-down link for a reconsideration upheld:\n%s", mainOf(officer.page))
	}
	officer.get(strings.ReplaceAll(m[1], "&amp;", "&")).wantStatus(200).want("统计数字涉及的案件", `href="/cases/`)
	res, err := officer.client.Get(officer.base() + "/reports/export" + q + "&format=csv")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("CSV export: HTTP %d, %q", res.StatusCode, res.Header.Get("Content-Disposition"))
	}
	officer.post("/reports/publish", url.Values{"agency": {p.agencyA}, "year": {"2025"}}).wantStatus(http.StatusForbidden)

	head := ts.webUser(t).signIn("head", p.passwords["head"])
	head.get("/reports" + q).want("发布年度报告</button>")
	head.post("/reports/publish", url.Values{"agency": {p.agencyA}, "year": {"2025"}}).wantStatus(200).
		want("年度报告已发布", "本报告已发布", "发布人", "SHA-256").wantNot("发布年度报告</button>")

	ts.webUser(t).signIn("clerk", p.passwords["clerk"]).get("/reports" + q).wantStatus(http.StatusForbidden)
}
