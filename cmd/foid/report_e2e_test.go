package main

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/xuri/excelize/v2"
)

const (
	np = "NATURAL_PERSON"
	ce = "COMMERCIAL_ENTERPRISE"
	ri = "RESEARCH_INSTITUTION"
	pw = "PUBLIC_WELFARE_ORGANIZATION"
	ls = "LEGAL_SERVICE_INSTITUTION"
	oo = "OTHER_ORGANIZATION"
)

// year2025 is agency A's seeded 2025, one or more cases behind every row,
// and the cases around it that must not count.
var year2025 = []seeded{
	// Carried in from 2024: one received on 31 December and replied in
	// January, one replied later, one still open; one resolved in 2024.
	{name: "c1", col: np, received: "2024-12-31", replied: "2025-01-06", closed: "2025-01-08", outcome: "DISCLOSED", state: "CLOSED"},
	{name: "c2", col: ce, received: "2024-12-20", replied: "2025-01-20", closed: "2025-01-21", outcome: "PARTIALLY_DISCLOSED", state: "CLOSED"},
	{name: "c3", col: np, received: "2024-11-01", state: "PROCESSING"},
	{name: "c4", col: np, received: "2024-10-08", replied: "2024-10-20", closed: "2024-10-21", outcome: "NOT_HELD", state: "CLOSED"},
	// Withheld, one for each of the eight reasons.
	{name: "w1", col: np, received: "2025-02-03", replied: "2025-02-20", closed: "2025-02-21", outcome: "WITHHELD", reason: "STATE_SECRET", state: "CLOSED"},
	{name: "w2", col: ce, received: "2025-02-04", replied: "2025-02-21", closed: "2025-02-24", outcome: "WITHHELD", reason: "LAW_FORBIDS", state: "CLOSED"},
	{name: "w3", col: ri, received: "2025-02-05", replied: "2025-02-24", closed: "2025-02-25", outcome: "WITHHELD", reason: "THREE_SECURITIES", state: "CLOSED"},
	{name: "w4", col: pw, received: "2025-02-06", replied: "2025-02-25", closed: "2025-02-26", outcome: "WITHHELD", reason: "THIRD_PARTY_RIGHTS", state: "CLOSED"},
	{name: "w5", col: ls, received: "2025-02-07", replied: "2025-02-26", closed: "2025-02-27", outcome: "WITHHELD", reason: "INTERNAL_AFFAIRS", state: "CLOSED"},
	{name: "w6", col: oo, received: "2025-02-10", replied: "2025-02-27", closed: "2025-02-28", outcome: "WITHHELD", reason: "PROCESS_INFORMATION", state: "CLOSED"},
	{name: "w7", col: np, received: "2025-02-11", replied: "2025-02-28", closed: "2025-03-03", outcome: "WITHHELD", reason: "ENFORCEMENT_FILE", state: "CLOSED"},
	{name: "w8", col: ce, received: "2025-02-12", replied: "2025-03-03", closed: "2025-03-04", outcome: "WITHHELD", reason: "ADMINISTRATIVE_QUERY", state: "CLOSED"},
	// Every other outcome.
	{name: "ap", col: ri, received: "2025-03-10", replied: "2025-03-10", closed: "2025-03-11", outcome: "ALREADY_PUBLIC", state: "CLOSED"},
	{name: "nh", col: np, received: "2025-03-11", replied: "2025-04-01", closed: "2025-04-02", outcome: "NOT_HELD", state: "CLOSED"},
	{name: "nr", col: np, received: "2025-03-12", replied: "2025-04-02", closed: "2025-04-03", outcome: "NOT_RESPONSIBLE", state: "CLOSED"},
	{name: "nc", col: pw, received: "2025-03-13", replied: "2025-04-03", closed: "2025-04-07", outcome: "NEEDS_CREATION", state: "CLOSED"},
	{name: "un", col: ls, received: "2025-03-14", replied: "2025-05-06", closed: "2025-05-07", outcome: "UNCLEAR_AFTER_CLARIFICATION", state: "CLOSED"},
	{name: "pe", col: np, received: "2025-04-01", replied: "2025-04-10", closed: "2025-04-11", outcome: "PETITION", state: "CLOSED"},
	{name: "du", col: ce, received: "2025-04-02", replied: "2025-04-11", closed: "2025-04-14", outcome: "DUPLICATE", state: "CLOSED"},
	{name: "pu", col: ri, received: "2025-04-03", replied: "2025-04-14", closed: "2025-04-15", outcome: "PUBLICATION", state: "CLOSED"},
	{name: "ex", col: np, received: "2025-04-07", replied: "2025-04-15", closed: "2025-04-16", outcome: "EXCESSIVE", state: "CLOSED"},
	{name: "rc", col: oo, received: "2025-04-08", replied: "2025-04-16", closed: "2025-04-17", outcome: "RECONFIRMATION", state: "CLOSED"},
	{name: "anc", col: np, received: "2025-05-06", closed: "2025-06-10", outcome: "ABANDONED_NO_CLARIFICATION", state: "CLOSED"},
	{name: "afu", col: ce, received: "2025-05-07", closed: "2025-06-20", outcome: "ABANDONED_FEE_UNPAID", state: "CLOSED"},
	{name: "ss", col: np, received: "2025-05-08", replied: "2025-05-20", closed: "2025-05-21", outcome: "SPECIAL_STATUTE", state: "CLOSED"},
	{name: "ot", col: pw, received: "2025-05-09", replied: "2025-05-21", closed: "2025-05-22", outcome: "OTHER", state: "CLOSED"},
	{name: "wd", col: ls, received: "2025-05-12", closed: "2025-05-15", outcome: "WITHDRAWN", state: "WITHDRAWN"},
	// The year's end: received 31 December, replied in January; open at
	// the end; replied but not yet delivered.
	{name: "b1", col: np, received: "2025-12-31", replied: "2026-01-05", closed: "2026-01-06", outcome: "DISCLOSED", state: "CLOSED"},
	{name: "b2", col: oo, received: "2025-06-03", state: "PROCESSING"},
	{name: "b3", col: np, received: "2025-12-15", replied: "2025-12-30", outcome: "DISCLOSED", state: "REPLIED"},
	// Never counted: not confirmed; withdrawn before confirmation;
	// registered by mistake (voided).
	{name: "x1", col: np, state: "SUBMITTED"},
	{name: "x2", col: np, closed: "2025-05-06", outcome: "WITHDRAWN", state: "WITHDRAWN"},
	{name: "x3", col: ce, received: "2025-03-03", state: "VOIDED"},
	// The next year.
	{name: "n1", col: np, received: "2026-01-12", state: "ACCEPTED"},
}

// want2025 is table 三 of agency A for 2025, counted by hand from year2025
// and the two cases made over REST (one replied on the spot: a natural
// person, (一); one online submission withdrawn before confirmation:
// nowhere). Columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构,
// 其他, 总计.
var want2025 = map[string][]int64{
	"1":     {11, 4, 3, 3, 3, 3, 27},
	"2":     {2, 1, 0, 0, 0, 0, 3},
	"3.1":   {3, 0, 1, 0, 0, 0, 4},
	"3.2":   {0, 1, 0, 0, 0, 0, 1},
	"3.3.1": {1, 0, 0, 0, 0, 0, 1},
	"3.3.2": {0, 1, 0, 0, 0, 0, 1},
	"3.3.3": {0, 0, 1, 0, 0, 0, 1},
	"3.3.4": {0, 0, 0, 1, 0, 0, 1},
	"3.3.5": {0, 0, 0, 0, 1, 0, 1},
	"3.3.6": {0, 0, 0, 0, 0, 1, 1},
	"3.3.7": {1, 0, 0, 0, 0, 0, 1},
	"3.3.8": {0, 1, 0, 0, 0, 0, 1},
	"3.4.1": {2, 0, 0, 0, 0, 0, 2},
	"3.4.2": {0, 0, 0, 1, 0, 0, 1},
	"3.4.3": {0, 0, 0, 0, 1, 0, 1},
	"3.5.1": {1, 0, 0, 0, 0, 0, 1},
	"3.5.2": {0, 1, 0, 0, 0, 0, 1},
	"3.5.3": {0, 0, 1, 0, 0, 0, 1},
	"3.5.4": {1, 0, 0, 0, 0, 0, 1},
	"3.5.5": {0, 0, 0, 0, 0, 1, 1},
	"3.6.1": {1, 0, 0, 0, 0, 0, 1},
	"3.6.2": {0, 1, 0, 0, 0, 0, 1},
	"3.6.3": {1, 0, 0, 1, 1, 0, 3},
	"3.7":   {11, 5, 3, 3, 3, 2, 27},
	"4":     {2, 0, 0, 0, 0, 1, 3},
}

// want2025Remedies is table 四: reconsideration, direct lawsuits, lawsuits
// after reconsideration; each upheld, corrected, other, pending, total.
var want2025Remedies = map[string][]int64{
	"reconsideration":             {1, 1, 1, 1, 4},
	"lawsuit":                     {1, 1, 0, 1, 3},
	"lawsuitAfterReconsideration": {1, 0, 0, 1, 2},
}

// seedYear2025 writes agency A's 2025 and its remedies and fees, makes the
// two REST cases, and gives back the seeded ids.
func seedYear2025(t *testing.T, ts *testServer, p people, conn *pgx.Conn) map[string]string {
	t.Helper()
	ids := seedCases(t, conn, p, year2025)
	seedCases(t, conn, p, []seeded{{name: "other agency", agency: p.agencyB, col: np, received: "2025-06-02", replied: "2025-06-20", outcome: "DISCLOSED", state: "REPLIED"}})
	for _, r := range []struct{ app, kind, filed, result, decided string }{
		{"w1", "RECONSIDERATION", "2025-03-01", "UPHELD", "2025-05-01"},
		{"w2", "RECONSIDERATION", "2025-04-01", "CORRECTED", "2025-06-01"},
		{"w3", "RECONSIDERATION", "2025-11-03", "OTHER", "2026-01-20"}, // decided after the year: pending
		{"w4", "RECONSIDERATION", "2025-07-01", "OTHER", "2025-08-01"},
		{"w5", "LAWSUIT", "2025-05-06", "", ""},
		{"w6", "LAWSUIT", "2025-06-03", "UPHELD", "2025-09-01"},
		{"b2", "LAWSUIT", "2025-09-01", "CORRECTED", "2025-12-01"}, // against the failure to reply
		{"w2", "LAWSUIT_AFTER_RECONSIDERATION", "2025-08-01", "UPHELD", "2025-10-10"},
		{"w7", "LAWSUIT_AFTER_RECONSIDERATION", "2025-10-08", "", ""},
		{"c4", "RECONSIDERATION", "2024-12-02", "UPHELD", "2025-02-03"}, // filed in 2024
	} {
		seedRemedy(t, conn, ids[r.app], r.kind, r.filed, r.result, r.decided)
	}
	seedFee(t, conn, p, ids["c1"], "2024-12-20", 5000, "2025-01-03")
	seedFee(t, conn, p, ids["w1"], "2025-02-10", 10000, "2025-02-14")
	seedFee(t, conn, p, ids["b3"], "2025-12-19", 20000, "2026-01-05")

	// Over REST: a reply on the spot at the window, and an online
	// submission withdrawn before a clerk confirmed it.
	ts.day(t, p, "2025-03-03")
	body := applicationBody(p.agencyA, "")
	body["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": "2025-03-03"}
	r := ts.rest(t, "POST", "/v1/applications:register", p.tokens["clerk"], body).want(t, 200)
	c := &caseAt{id: r.str("application.id"), version: r.str("application.version")}
	ts.act(t, c, "replyOnTheSpot", p.tokens["clerk"], map[string]any{"outcome": "OUTCOME_DISCLOSED", "summary": "当场提供"})
	r = ts.rest(t, "POST", "/v1/applications", p.tokens["applicant"], applicationBody(p.agencyA, "withdrawn-online")).want(t, 200)
	w := &caseAt{id: r.str("application.id"), version: r.str("application.version")}
	ts.act(t, w, "withdraw", p.tokens["applicant"], map[string]any{"reason": "不需要了"})
	ts.day(t, p, "2026-02-02")
	return ids
}

// tableOf reads table 三 and table 四 out of a report answer.
func tableOf(t *testing.T, r response, path string) (map[string][]int64, map[string][]int64) {
	t.Helper()
	rep, _ := r.body[path].(map[string]any)
	if rep == nil {
		t.Fatalf("no %s in %s", path, r.raw)
	}
	table := map[string][]int64{}
	for _, row := range rep["received"].(map[string]any)["rows"].([]any) {
		m := row.(map[string]any)
		if m["heading"] == true {
			continue
		}
		var counts []int64
		for _, c := range m["counts"].([]any) {
			n, _ := strconv.ParseInt(c.(string), 10, 64)
			counts = append(counts, n)
		}
		table[m["key"].(string)] = counts
	}
	remedies := map[string][]int64{}
	for group, v := range rep["remedies"].(map[string]any) {
		g := v.(map[string]any)
		for _, k := range []string{"upheld", "corrected", "other", "pending", "total"} {
			n, _ := strconv.ParseInt(fmt.Sprint(g[k]), 10, 64)
			remedies[group] = append(remedies[group], n)
		}
	}
	return table, remedies
}

// TestAnnualReportOverREST is the report issue's acceptance: tables 三 and
// 四 and the fees of a seeded year, cell by cell over REST; drilling down;
// the next year across the boundary; the district roll-up; publishing and
// a later change.
func TestAnnualReportOverREST(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	conn, err := pgx.Connect(t.Context(), ts.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	ids := seedYear2025(t, ts, p, conn)

	r := ts.rest(t, "GET", "/v1/agencies/"+p.agencyA+"/reports/2025", p.tokens["head"], nil).want(t, 200)
	table, remedies := tableOf(t, r, "report")
	if diff := cmp.Diff(want2025, table); diff != "" {
		t.Errorf("table 三 mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want2025Remedies, remedies); diff != "" {
		t.Errorf("table 四 mismatch (-want +got):\n%s", diff)
	}
	if got := r.str("report.fees"); got != `{"chargedFen":"30000","noticesIssued":"2","paidFen":"15000"}` {
		t.Errorf("fees: %s", got)
	}
	// The fee figures are the case service's own.
	f := ts.rest(t, "GET", "/v1/agencies/"+p.agencyA+"/fees/2025", p.tokens["head"], nil).want(t, 200)
	if f.str("noticesIssued") != "2" || f.str("chargedFen") != "30000" || f.str("paidFen") != "15000" {
		t.Errorf("the report's fees differ from GetFeeStatistics: %s", f.raw)
	}

	t.Run("cells drill down to their cases", func(t *testing.T) {
		cell := func(c string) []string {
			var got []string
			token := ""
			for {
				r := ts.rest(t, "GET", "/v1/agencies/"+p.agencyA+"/reports/2025/cells/"+c+"/cases?pageSize=10&pageToken="+token, p.tokens["officer"], nil).want(t, 200)
				for _, x := range r.body["cases"].([]any) {
					got = append(got, x.(map[string]any)["id"].(string))
				}
				if token = r.str("nextPageToken"); token == "" {
					return got
				}
			}
		}
		name := map[string]string{}
		for n, id := range ids {
			name[id] = n
		}
		names := func(list []string) string {
			var out []string
			for _, id := range list {
				out = append(out, name[id])
			}
			return strings.Join(out, " ")
		}
		for c, want := range map[string]string{
			"3.3.1-NATURAL_PERSON":         "w1",
			"4-TOTAL":                      "c3 b2 b1",
			"2-NATURAL_PERSON":             "c3 c1",
			"3.6.3-TOTAL":                  "ss ot wd",
			"remedy.LAWSUIT-PENDING":       "w5",
			"remedy.RECONSIDERATION-TOTAL": "w1 w2 w3 w4",
			"remedy.LAWSUIT_AFTER_RECONSIDERATION-UPHELD": "w2",
		} {
			if got := names(cell(c)); got != want {
				t.Errorf("cell %s: %q, want %q", c, got, want)
			}
		}
		if n := len(cell("1-TOTAL")); n != 27 {
			t.Errorf("1-TOTAL lists %d cases over its pages, want 27", n)
		}
		ts.rest(t, "GET", "/v1/agencies/"+p.agencyA+"/reports/2025/cells/3.3-TOTAL/cases", p.tokens["officer"], nil).want(t, 400)
	})

	t.Run("exports", func(t *testing.T) {
		doc := func(format string) response {
			return ts.rest(t, "GET", "/v1/agencies/"+p.agencyA+"/reports/2025/document/"+format, p.tokens["officer"], nil).want(t, 200)
		}
		x := doc("xlsx")
		wb, err := excelize.OpenReader(strings.NewReader(x.raw))
		if err != nil {
			t.Fatalf("the XLSX does not open: %v", err)
		}
		rows, err := wb.GetRows("三、收到和处理申请情况")
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(rows[3], "|"); got != "||商业企业|科研机构|社会公益组织|法律服务机构|其他" {
			t.Errorf("the XLSX's column headings: %q", got)
		}
		find := func(label string) []string {
			for _, r := range rows {
				if len(r) > 0 && r[0] == label {
					return r[1:]
				}
			}
			return nil
		}
		for _, c := range []struct{ label, want string }{
			{"一、本年新收政府信息公开申请数量", "11 4 3 3 3 3 27"},
			{"8.属于行政查询事项", "0 1 0 0 0 0 1"},
			{"（七）总计", "11 5 3 3 3 2 27"},
			{"四、结转下年度继续办理", "2 0 0 0 0 1 3"},
		} {
			if got := strings.Join(find(c.label), " "); got != c.want {
				t.Errorf("XLSX row %s: %q, want %q", c.label, got, c.want)
			}
		}
		if remedies, _ := wb.GetRows("四、行政复议和行政诉讼"); len(remedies) < 4 || strings.Join(remedies[3], " ") != "1 1 1 1 4 1 1 0 1 3 1 0 0 1 2" {
			t.Errorf("the XLSX's table 四: %q", remedies)
		}
		h := doc("html")
		for _, want := range []string{"三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "草稿：尚未发布", "<td class=\"n\">300.00</td>"} {
			if !strings.Contains(h.raw, want) {
				t.Errorf("the HTML lacks %q", want)
			}
		}
		if !strings.Contains(doc("csv").raw, "3.3.8-COMMERCIAL_ENTERPRISE,8.属于行政查询事项 / 商业企业,1") {
			t.Error("the CSV lacks a cell")
		}
		ts.rest(t, "GET", "/v1/agencies/"+p.agencyA+"/reports/2025/document/pdf", p.tokens["officer"], nil).want(t, 400)
		ts.rest(t, "GET", "/v1/agencies/"+p.agencyA+"/reports/2025/document/csv", p.tokens["clerk"], nil).want(t, 403)
	})

	t.Run("the year boundary", func(t *testing.T) {
		r := ts.rest(t, "GET", "/v1/agencies/"+p.agencyA+"/reports/2026", p.tokens["head"], nil).want(t, 200)
		table, _ := tableOf(t, r, "report")
		for row, want := range map[string][]int64{
			"1":   {1, 0, 0, 0, 0, 0, 1}, // n1
			"2":   {2, 0, 0, 0, 0, 1, 3}, // c3, b1, b2
			"3.1": {1, 0, 0, 0, 0, 0, 1}, // b1, replied in January
			"3.7": {1, 0, 0, 0, 0, 0, 1},
			"4":   {2, 0, 0, 0, 0, 1, 3}, // c3, n1, b2
		} {
			if diff := cmp.Diff(want, table[row]); diff != "" {
				t.Errorf("2026 row %s mismatch (-want +got):\n%s", row, diff)
			}
		}
	})

	t.Run("the district is the sum of its agencies", func(t *testing.T) {
		d := ts.rest(t, "GET", "/v1/district/reports/2025", p.tokens["admin"], nil).want(t, 200)
		b := ts.rest(t, "GET", "/v1/agencies/"+p.agencyB+"/reports/2025", p.tokens["admin"], nil).want(t, 200)
		district, dr := tableOf(t, d, "report")
		tb, br := tableOf(t, b, "report")
		sum := map[string][]int64{}
		for row, a := range want2025 {
			sum[row] = make([]int64, len(a))
			for i := range a {
				sum[row][i] = a[i] + tb[row][i]
			}
		}
		if diff := cmp.Diff(sum, district); diff != "" {
			t.Errorf("district ≠ A + B (-sum +district):\n%s", diff)
		}
		if diff := cmp.Diff(want2025Remedies, dr); diff != "" || br["lawsuit"][4] != 0 {
			t.Errorf("district table 四 mismatch (-want +got):\n%s", diff)
		}
		if tb["3.1"][0] != 1 {
			t.Errorf("agency B: %v", tb)
		}
		ts.rest(t, "GET", "/v1/district/reports/2025", p.tokens["officer"], nil).want(t, 403)
	})

	t.Run("a published report is frozen", func(t *testing.T) {
		ts.rest(t, "POST", "/v1/agencies/"+p.agencyA+"/reports/2025:publish", p.tokens["officer"], map[string]any{}).want(t, 403)
		ts.rest(t, "POST", "/v1/agencies/"+p.agencyA+"/reports/2026:publish", p.tokens["head"], map[string]any{}).want(t, 400)
		pub := ts.rest(t, "POST", "/v1/agencies/"+p.agencyA+"/reports/2025:publish", p.tokens["head"], map[string]any{}).want(t, 200)
		if pub.str("report.publication.publishedByName") != "head" || len(pub.str("report.publication.sha256")) != 64 {
			t.Errorf("publication: %s", pub.str("report.publication"))
		}
		ts.rest(t, "POST", "/v1/agencies/"+p.agencyA+"/reports/2025:publish", p.tokens["head"], map[string]any{}).want(t, 409)

		// A correction afterwards: b3 was in fact a partial disclosure.
		if _, err := conn.Exec(t.Context(), `UPDATE applications SET outcome = 'PARTIALLY_DISCLOSED' WHERE id = $1`, ids["b3"]); err != nil {
			t.Fatal(err)
		}
		r := ts.rest(t, "GET", "/v1/agencies/"+p.agencyA+"/reports/2025", p.tokens["head"], nil).want(t, 200)
		table, _ := tableOf(t, r, "report")
		if diff := cmp.Diff(want2025, table); diff != "" {
			t.Errorf("the published report changed (-published +now):\n%s", diff)
		}
		if r.str("report.publication.sha256") != pub.str("report.publication.sha256") {
			t.Errorf("the publication changed: %s", r.str("report.publication"))
		}
		var diffs []string
		for _, d := range r.body["report"].(map[string]any)["differences"].([]any) {
			m := d.(map[string]any)
			diffs = append(diffs, fmt.Sprintf("%s %s→%s", m["cell"], m["published"], m["current"]))
		}
		want := "3.1-NATURAL_PERSON 3→2 3.1-TOTAL 4→3 3.2-NATURAL_PERSON 0→1 3.2-TOTAL 1→2"
		if got := strings.Join(diffs, " "); got != want {
			t.Errorf("differences:\n got %s\nwant %s", got, want)
		}
	})
}

// TestUnbalancedReportIsRefused: a case replied in the year whose outcome
// fits no row of table 三, and one replied before it was received, make
// the table unbalanced; the report is refused naming both.
func TestUnbalancedReportIsRefused(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	conn, err := pgx.Connect(t.Context(), ts.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	ids := seedCases(t, conn, p, []seeded{
		{name: "fine", col: np, received: "2024-03-04", replied: "2024-03-20", outcome: "DISCLOSED", state: "REPLIED"},
		{name: "no reason", col: ce, received: "2024-04-01", replied: "2024-04-20", outcome: "WITHHELD", state: "REPLIED"},
		{name: "replied before received", col: np, received: "2025-01-06", replied: "2024-12-30", outcome: "DISCLOSED", state: "REPLIED"},
	})
	r := ts.rest(t, "GET", "/v1/agencies/"+p.agencyA+"/reports/2024", p.tokens["head"], nil).want(t, 400)
	msg := r.str("message")
	for _, want := range []string{"不平衡", "商业企业列 1 + 0 = 1，而 0 + 0 = 0", "自然人列 1 + 0 = 1，而 2 + 0 = 2",
		ids["no reason"], "不予公开，但答复未写明八类理由之一", ids["replied before received"], "早于收到日期"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the refusal does not say %q: %s", want, msg)
		}
	}
	if strings.Contains(msg, ids["fine"]) {
		t.Errorf("the refusal names a balanced case: %s", msg)
	}
	ts.rest(t, "POST", "/v1/agencies/"+p.agencyA+"/reports/2024:publish", p.tokens["head"], map[string]any{}).want(t, 400)
}
