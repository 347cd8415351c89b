package main

import (
	"slices"
	"testing"
	"time"
)

// BenchmarkWebCasePage renders the staff case page of a case with two
// draft versions (so the page compares them), a consultation and a
// document, as the adviser reviewing it sees it: the API calls the page
// makes (case, history, notices, deadline, agencies, consultations,
// remedies, documents, fees, drafts, legal bases) and the template, over
// loopback HTTP. It reports the 99th percentile besides the mean. Run with
//
//	go test ./cmd/foid -run '^$' -bench WebCasePage
func BenchmarkWebCasePage(b *testing.B) {
	ts := startServer(b)
	p := ts.bootstrap(b)
	ts.day(b, p, "2026-11-02")
	body := applicationBody(p.agencyA, "")
	body["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": "2026-11-02"}
	r := ts.rest(b, "POST", "/v1/applications:register", p.tokens["clerk"], body).want(b, 200)
	c := &caseAt{id: r.str("application.id"), version: r.str("application.version")}
	ts.rest(b, "POST", "/v1/applications/"+c.id+":assign", p.tokens["officer"], map[string]any{"version": c.version}).want(b, 200)
	ts.upload(b, c.id, p.tokens["officer"], "INTERNAL", "检索记录.txt", "text/plain", []byte("检索记录\n")).want(b, 200)
	for i, facts := range []string{"经检索，找到相关合同一份", "经检索，找到相关合同一份；第三方于2026年11月20日书面表示不同意公开"} {
		ts.rest(b, "POST", "/v1/applications/"+c.id+"/drafts", p.tokens["officer"], map[string]any{
			"outcome": "OUTCOME_WITHHELD", "legalBasis": []string{"REG_15", "REG_36_3"}, "facts": facts,
			"withheldParts": []map[string]any{{"part": "施工合同报价明细", "reason": "WITHHELD_REASON_THIRD_PARTY_RIGHTS", "explanation": "涉及第三方商业秘密"}},
		}).want(b, 200)
		c.version = ts.rest(b, "GET", "/v1/applications/"+c.id, p.tokens["officer"], nil).want(b, 200).str("application.version")
		ts.rest(b, "POST", "/v1/applications/"+c.id+":submitDraft", p.tokens["officer"], map[string]any{"version": c.version}).want(b, 200)
		c.version = ts.rest(b, "GET", "/v1/applications/"+c.id, p.tokens["officer"], nil).want(b, 200).str("application.version")
		if i == 0 {
			ts.rest(b, "POST", "/v1/applications/"+c.id+":returnDraft", p.tokens["adviser"], map[string]any{"version": c.version, "comments": "请写明第三方意见的日期"}).want(b, 200)
		}
	}
	u := ts.webUser(b).signIn("adviser", p.passwords["adviser"])
	u.get("/cases/" + c.id).wantStatus(200).want("第 2 版与第 1 版相比的改动")
	var took []time.Duration
	for b.Loop() {
		start := time.Now()
		u.get("/cases/" + c.id)
		took = append(took, time.Since(start))
		if u.status != 200 {
			b.Fatalf("HTTP %d", u.status)
		}
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
}
