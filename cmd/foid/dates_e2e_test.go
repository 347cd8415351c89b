package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The examples of issue 10 (dates and legal text at the edges), replayed
// over REST.

// noticeHTML returns the printable HTML of the newest notice of a kind on
// a case, or "" when there is none.
func (ts *testServer) noticeHTML(t *testing.T, caseID, kind, token string) string {
	t.Helper()
	notices := ts.rest(t, "GET", "/v1/applications/"+caseID+"/notices", token, nil).want(t, 200)
	id := ""
	list, _ := notices.body["notices"].([]any)
	for _, n := range list {
		if m := n.(map[string]any); m["kind"] == kind {
			id = m["id"].(string)
		}
	}
	if id == "" {
		return ""
	}
	return ts.rest(t, "GET", "/v1/applications/"+caseID+"/notices/"+id, token, nil).want(t, 200).raw
}

// register registers a case handed in on handedIn at agency A and
// assigns it to the officer.
// testBackdateReason is the reason the tests give for a receipt dated back
// (more than 3 working days needs one).
const testBackdateReason = "补登此前收到的申请（测试）"

func (ts *testServer) registerAssigned(t *testing.T, p people, handedIn string) *caseAt {
	t.Helper()
	body := applicationBody(p.agencyA, "")
	body["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": handedIn, "backdateReason": testBackdateReason}
	r := ts.rest(t, "POST", "/v1/applications:register", p.tokens["clerk"], body).want(t, 200)
	c := &caseAt{id: r.str("application.id"), version: r.str("application.version")}
	ts.act(t, c, "assign", p.tokens["officer"], nil)
	return c
}

// TestRefusalSignedIn2026GoesToReconsiderationFirst (item 5): a refusal
// signed in 2026 on a case received on 2023-12-20 tells the applicant to
// seek reconsideration first, not to sue directly within 6 months.
func TestRefusalSignedIn2026GoesToReconsiderationFirst(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.day(t, p, "2023-12-20") // registered the day it was handed in
	c := ts.registerAssigned(t, p, "2023-12-20")
	ts.day(t, p, "2026-11-27")
	ts.rest(t, "POST", "/v1/applications/"+c.id+"/drafts", p.tokens["officer"], map[string]any{
		"outcome": "OUTCOME_WITHHELD",
		"withheldParts": []map[string]any{{"part": "施工合同报价明细", "reason": "WITHHELD_REASON_THIRD_PARTY_RIGHTS",
			"explanation": "涉及第三方商业秘密，第三方书面表示不同意公开"}},
		"legalBasis": []string{"REG_15", "REG_36_3"}, "facts": "经检索，找到相关合同一份",
	}).want(t, 200)
	ts.act(t, c, "submitDraft", p.tokens["officer"], map[string]any{
		"overrides": []map[string]any{{"check": "WITHIN_DUE_DATE", "reason": "档案迁移期间漏办，现补作答复"}}})
	ts.act(t, c, "approveDraft", p.tokens["adviser"], nil)
	ts.act(t, c, "signOff", p.tokens["head"], nil)
	letter := ts.noticeHTML(t, c.id, "REPLY_LETTER", p.tokens["clerk"])
	if !strings.Contains(letter, "先申请行政复议") || strings.Contains(letter, "6个月内") {
		t.Errorf("the 2026 refusal of a 2023 application does not send the applicant to reconsideration first:\n%s", letter)
	}
}

// TestOnTheSpotRepliesNeverAdverse (item 8): no agency may allow an
// adverse outcome at the window; an already-public reply cites Art. 36(1)
// and says where the information is.
func TestOnTheSpotRepliesNeverAdverse(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	bad := ts.rest(t, "PATCH", "/v1/agencies/"+p.agencyA+"/policy", p.tokens["admin"], map[string]any{
		"onTheSpotOutcomes": []string{"DISCLOSED", "PUBLICATION"}}).want(t, 400)
	if v := bad.fieldViolations(); len(v) != 1 || v[0] != "policy.onTheSpotOutcomes[1]" {
		t.Errorf("an adverse outcome on the spot: violations %v (%s)", v, bad.raw)
	}
	agencies := ts.rest(t, "GET", "/v1/agencies", "", nil).want(t, 200)
	if strings.Contains(agencies.raw, "PUBLICATION") {
		t.Errorf("a new agency allows PUBLICATION on the spot: %s", agencies.raw)
	}
	body := applicationBody(p.agencyA, "")
	body["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": "2026-11-27"}
	r := ts.rest(t, "POST", "/v1/applications:register", p.tokens["clerk"], body).want(t, 200)
	c := &caseAt{id: r.str("application.id"), version: r.str("application.version")}
	ts.rest(t, "POST", "/v1/applications/"+c.id+":replyOnTheSpot", p.tokens["clerk"], map[string]any{
		"version": c.version, "outcome": "OUTCOME_PUBLICATION", "summary": "请到新华书店购买"}).want(t, 400)
	ts.act(t, c, "replyOnTheSpot", p.tokens["clerk"], map[string]any{"outcome": "OUTCOME_ALREADY_PUBLIC", "summary": "区政府网站“政府信息公开”栏目"})
	letter := ts.noticeHTML(t, c.id, "REPLY_LETTER", p.tokens["clerk"])
	for _, want := range []string{"第三十六条第（一）项", "获取方式和途径：区政府网站“政府信息公开”栏目"} {
		if !strings.Contains(letter, want) {
			t.Errorf("the already-public reply lacks %q:\n%s", want, letter)
		}
	}
}

// TestLettersOfOlderCasesAndPausedClocks (item 7): a 2007-regime receipt
// cites its own period and articles; an extension approved during a
// consultation leaves no blank date.
func TestLettersOfOlderCasesAndPausedClocks(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.day(t, p, "2019-04-01") // registered the day it was handed in
	old := ts.registerAssigned(t, p, "2019-04-01")
	ts.day(t, p, "2026-11-27")
	receipt := ts.noticeHTML(t, old.id, "RECEIPT", p.tokens["clerk"])
	if !strings.Contains(receipt, "15个工作日") || !strings.Contains(receipt, "第二十四条") || strings.Contains(receipt, "20个工作日") {
		t.Errorf("the 2007-regime receipt:\n%s", receipt)
	}

	c := ts.registerAssigned(t, p, "2026-11-27")
	ts.act(t, c, "startConsultation", p.tokens["officer"], map[string]any{"consultees": []map[string]any{
		{"kind": "CONSULTEE_KIND_THIRD_PARTY", "name": "示范建设有限公司", "question": "是否涉及商业秘密"}}})
	ts.act(t, c, "requestExtension", p.tokens["officer"], map[string]any{"days": 10, "reason": "档案分散保存"})
	ts.act(t, c, "approveExtension", p.tokens["head"], nil)
	ext := ts.noticeHTML(t, c.id, "EXTENSION", p.tokens["clerk"])
	if strings.Contains(ext, "延至。") || !strings.Contains(ext, "延长10个工作日") || !strings.Contains(ext, "暂停期间不计入答复期限") {
		t.Errorf("the extension approved during a consultation:\n%s", ext)
	}
}

// TestCalendarLoadReachesThePayByDate (items 1, 2): a fee notice served on
// 2026-12-07 gives 2027-01-04 to pay while 2027 is not loaded, and says
// the date is provisional; once 2027 is loaded with 1 January off the
// last day to pay is 2027-01-05, and the sweeper does not close the case
// on that day.
func TestCalendarLoadReachesThePayByDate(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.day(t, p, "2026-12-01")
	c := ts.registerAssigned(t, p, "2026-12-01")
	ts.day(t, p, "2026-12-07")
	ts.act(t, c, "issueFeeNotice", p.tokens["officer"], map[string]any{"mode": "FEE_MODE_PER_VOLUME", "pages": 40})
	fees := ts.rest(t, "GET", "/v1/applications/"+c.id+"/fees", p.tokens["officer"], nil).want(t, 200)
	if !strings.Contains(fees.raw, `"payBy":"2027-01-04"`) {
		t.Fatalf("pay by before 2027 is loaded: %s", fees.raw)
	}
	if n := ts.noticeHTML(t, c.id, "FEE_NOTICE", p.tokens["officer"]); !strings.Contains(n, "2027年1月4日（暂定，遇法定节假日顺延）") {
		t.Errorf("the fee notice does not say its date is provisional:\n%s", n)
	}
	ts.rest(t, "PUT", "/v1/calendars/CN/years/2027", p.tokens["admin"], map[string]any{
		"notices":  []map[string]any{{"title": "国务院办公厅关于2027年部分节假日安排的通知", "number": "国办发明电〔2026〕1号", "date": "2026-11-20"}},
		"holidays": []map[string]any{{"name": "元旦", "off": []map[string]any{{"from": "2027-01-01", "to": "2027-01-01"}}}},
	}).want(t, 200)
	fees = ts.rest(t, "GET", "/v1/applications/"+c.id+"/fees", p.tokens["officer"], nil).want(t, 200)
	if !strings.Contains(fees.raw, `"payBy":"2027-01-05"`) {
		t.Errorf("pay by after 2027 is loaded: %s", fees.raw)
	}
	events := ts.rest(t, "GET", "/v1/applications/"+c.id+"/events", p.tokens["officer"], nil).want(t, 200)
	if !strings.Contains(events.raw, "2027-01-05") {
		t.Errorf("the history does not record the moved date: %s", events.raw)
	}
	// The fee notice printed the moved date: the applicant gets a corrected notice.
	if n := ts.noticeHTML(t, c.id, "DATE_CORRECTION", p.tokens["officer"]); !strings.Contains(n, "缴费截止日") ||
		!strings.Contains(n, "2027年1月4日") || !strings.Contains(n, "2027年1月5日") {
		t.Errorf("no corrected notice of the last day to pay:\n%s", n)
	}
	ts.clock.Set("2027-01-05")
	if res, err := ts.cases.Sweep(t.Context()); err != nil || res.FeeLapses != 0 {
		t.Fatalf("sweep on the last lawful day to pay: %+v %v", res, err)
	}
	ts.clock.Set("2027-01-06")
	if res, err := ts.cases.Sweep(t.Context()); err != nil || res.FeeLapses != 1 {
		t.Fatalf("sweep the day after: %+v %v", res, err)
	}
}

// TestProvisionalDatesOverREST (item 2): every date counted across a year
// without a calendar says so in the API (dueProvisional,
// supplementDueProvisional, payByProvisional, each consultee's
// dueProvisional) and on the pages (暂定); once the year is loaded the
// dates are final and the marks go.
func TestProvisionalDatesOverREST(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.day(t, p, "2026-12-01")
	fee, cons := ts.registerAssigned(t, p, "2026-12-01"), ts.registerAssigned(t, p, "2026-12-01")
	ts.day(t, p, "2026-12-14")
	supp := ts.registerAssigned(t, p, "2026-12-14")
	ts.act(t, fee, "issueFeeNotice", p.tokens["officer"], map[string]any{"mode": "FEE_MODE_PER_VOLUME", "pages": 40})
	r := ts.act(t, supp, "requestClarification", p.tokens["officer"], map[string]any{"items": []string{"请说明所需信息的年份"}})
	if r.str("application.supplementDueOn") != "2027-01-05" && r.str("application.supplementDueOn") != "2027-01-04" {
		t.Fatalf("supplement due %s", r.str("application.supplementDueOn"))
	}
	ts.act(t, cons, "startConsultation", p.tokens["officer"], map[string]any{"consultees": []map[string]any{
		{"kind": "CONSULTEE_KIND_THIRD_PARTY", "name": "示范建设有限公司", "question": "是否涉及商业秘密"}}})
	reg := ts.registerAssigned(t, p, "2026-12-14")

	flags := func() []string {
		fees := ts.rest(t, "GET", "/v1/applications/"+fee.id+"/fees", p.tokens["officer"], nil).want(t, 200)
		sapp := ts.rest(t, "GET", "/v1/applications/"+supp.id, p.tokens["officer"], nil).want(t, 200)
		rapp := ts.rest(t, "GET", "/v1/applications/"+reg.id, p.tokens["officer"], nil).want(t, 200)
		cl := ts.rest(t, "GET", "/v1/applications/"+cons.id+"/consultations", p.tokens["officer"], nil).want(t, 200)
		var f []struct{ PayByProvisional bool }
		var c []struct{ DueProvisional bool }
		_ = json.Unmarshal([]byte(fees.str("feeNotices")), &f)
		_ = json.Unmarshal([]byte(cl.str("consultations")), &c)
		if len(f) != 1 || len(c) != 1 {
			t.Fatalf("fees %s consultations %s", fees.raw, cl.raw)
		}
		return []string{fmt.Sprint(f[0].PayByProvisional), sapp.str("application.supplementDueProvisional"),
			fmt.Sprint(c[0].DueProvisional), rapp.str("application.dueProvisional")}
	}
	if diff := cmp.Diff([]string{"true", "true", "true", "true"}, flags()); diff != "" {
		t.Errorf("before 2027 is loaded, provisional flags mismatch (-want +got):\n%s", diff)
	}
	officer := ts.webUser(t).signIn("officer", p.passwords["officer"])
	officer.get("/cases/"+supp.id).want("补正期限至2027年1月", "日（暂定）")
	officer.get("/cases/"+fee.id).want("缴费截止日期</dt><dd>2027年1月", "日（暂定）")
	officer.get("/cases/" + reg.id).want("日（暂定）")

	ts.rest(t, "PUT", "/v1/calendars/CN/years/2027", p.tokens["admin"], map[string]any{
		"notices":  []map[string]any{{"title": "国务院办公厅关于2027年部分节假日安排的通知", "number": "国办发明电〔2026〕1号", "date": "2026-11-20"}},
		"holidays": []map[string]any{{"name": "元旦", "off": []map[string]any{{"from": "2027-01-01", "to": "2027-01-01"}}}},
	}).want(t, 200)
	if diff := cmp.Diff([]string{"false", "false", "false", "false"}, flags()); diff != "" {
		t.Errorf("after 2027 is loaded, provisional flags mismatch (-want +got):\n%s", diff)
	}
	officer.get("/cases/" + supp.id).wantNot("（暂定）")
	officer.get("/cases/" + fee.id).wantNot("（暂定）")
}
