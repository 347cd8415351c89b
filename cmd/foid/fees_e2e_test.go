package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// TestFeeEdgesOverREST (issue 10, item 9): pages belong to per-volume
// notices and a split to per-piece ones; the draft checks flag a paid fee
// on a reply that supplies nothing; a notice cancelled by a withdrawal has
// its own bucket in the year's figures, so that every amount charged is
// accounted for.
func TestFeeEdgesOverREST(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.day(t, p, "2026-11-02")
	paid, withdrawn, pending := ts.registerAssigned(t, p, "2026-11-02"), ts.registerAssigned(t, p, "2026-11-02"), ts.registerAssigned(t, p, "2026-11-02")

	for _, bad := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"mode": "FEE_MODE_PER_PIECE", "pages": 150}, "pages"},
		{map[string]any{"mode": "FEE_MODE_PER_VOLUME", "pages": 150, "pieces": 3, "splitReason": "三个事项"}, "pieces"},
	} {
		bad.body["version"] = paid.version
		r := ts.rest(t, "POST", "/v1/applications/"+paid.id+":issueFeeNotice", p.tokens["officer"], bad.body).want(t, 400)
		if v := r.fieldViolations(); len(v) != 1 || v[0] != bad.field {
			t.Errorf("%v: violations %v, want %s", bad.body, v, bad.field)
		}
	}

	ts.act(t, paid, "issueFeeNotice", p.tokens["officer"], map[string]any{"mode": "FEE_MODE_PER_VOLUME", "pages": 150})
	ts.act(t, withdrawn, "issueFeeNotice", p.tokens["officer"], map[string]any{"mode": "FEE_MODE_PER_VOLUME", "pages": 120})
	ts.act(t, pending, "issueFeeNotice", p.tokens["officer"], map[string]any{"mode": "FEE_MODE_PER_VOLUME", "pages": 110})
	ts.day(t, p, "2026-11-05")
	ts.act(t, paid, "recordPayment", p.tokens["clerk"], map[string]any{"paymentReference": "FS2026110512345"})
	ts.act(t, withdrawn, "withdraw", p.tokens["clerk"], map[string]any{"reason": "申请人已另行获取", "writtenRequest": true})

	ts.rest(t, "POST", "/v1/applications/"+paid.id+"/drafts", p.tokens["officer"], map[string]any{
		"outcome": "OUTCOME_NOT_HELD", "reasons": []string{"经检索，本机关未制作或获取该信息"},
		"legalBasis": []string{"REG_36_4"}, "facts": "检索了2025年全部收文和发文",
	}).want(t, 200)
	checks := ts.rest(t, "GET", "/v1/applications/"+paid.id+"/drafts:check", p.tokens["officer"], nil).want(t, 200)
	if !strings.Contains(checks.raw, "费用已缴纳，但本答复") {
		t.Errorf("a paid fee on a reply that supplies nothing is not flagged: %s", checks.raw)
	}

	// Replied and closed, the paid fee is returned: recorded by the
	// officer with a reason, approved by the head.
	ts.act(t, paid, "submitDraft", p.tokens["officer"], map[string]any{
		"overrides": []map[string]any{{"check": "FEE_TIER", "reason": "结案后退还已缴费用"}}})
	ts.act(t, paid, "approveDraft", p.tokens["adviser"], nil)
	ts.act(t, paid, "signOff", p.tokens["head"], nil)
	ts.rest(t, "POST", "/v1/applications/"+paid.id+":recordRefund", p.tokens["officer"], map[string]any{"version": paid.version}).want(t, 400)
	ts.act(t, paid, "recordDelivery", p.tokens["clerk"], map[string]any{"method": "SERVICE_METHOD_IN_PERSON"})
	ts.rest(t, "POST", "/v1/applications/"+paid.id+":recordRefund", p.tokens["head"], map[string]any{"version": paid.version}).want(t, 400)
	if v := ts.rest(t, "POST", "/v1/applications/"+paid.id+":recordRefund", p.tokens["officer"],
		map[string]any{"version": paid.version}).want(t, 400).fieldViolations(); len(v) != 1 || v[0] != "reason" {
		t.Errorf("a refund without a reason: violations %v", v)
	}
	ts.act(t, paid, "recordRefund", p.tokens["officer"], map[string]any{"reason": "答复未提供任何信息，退还已缴费用"})
	again := ts.rest(t, "POST", "/v1/applications/"+paid.id+":recordRefund", p.tokens["officer"],
		map[string]any{"version": paid.version, "reason": "再次登记"}).want(t, 400)
	if !strings.Contains(again.str("message"), "待负责人批准") {
		t.Errorf("a second record while one waits: %s", again.raw)
	}
	ts.act(t, paid, "recordRefund", p.tokens["head"], map[string]any{"reason": "同意退费"})
	ts.rest(t, "POST", "/v1/applications/"+paid.id+":recordRefund", p.tokens["head"], map[string]any{"version": paid.version}).want(t, 400)
	if h := ts.rest(t, "GET", "/v1/applications/"+paid.id+"/events", p.tokens["head"], nil).want(t, 200).raw; strings.Count(h, `"record_refund"`) != 2 {
		t.Errorf("the history does not keep the refund's record and approval: %s", h)
	}

	st := ts.rest(t, "GET", "/v1/agencies/"+p.agencyA+"/fees/2026", p.tokens["head"], nil).want(t, 200)
	n := func(field string) int {
		v, _ := strconv.Atoi(st.str(field))
		return v
	}
	if st.str("cancellations") != "1" || n("cancelledFen") == 0 || n("outstandingFen") == 0 {
		t.Errorf("no bucket for the notice cancelled by the withdrawal, or the one outstanding: %s", st.raw)
	}
	if sum := n("paidFen") + n("waivedFen") + n("lapsedFen") + n("cancelledFen") + n("outstandingFen"); sum != n("chargedFen") {
		t.Errorf("charged %d, but paid + waived + lapsed + cancelled + outstanding = %d: %s", n("chargedFen"), sum, st.raw)
	}
}

// TestFeeReductionOverREST (rules.md section 4): an officer's notice below
// the maximum issues nothing and waits for the head, who sees it in the
// inbox, on the case's fees and on the case page, and issues it at the
// amount asked; the officer cannot approve it.
func TestFeeReductionOverREST(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.day(t, p, "2026-11-02")
	c := ts.registerAssigned(t, p, "2026-11-02")

	r := ts.act(t, c, "issueFeeNotice", p.tokens["officer"], map[string]any{"mode": "FEE_MODE_PER_VOLUME", "pages": 150,
		"amountFen": 100000, "reductionReason": "申请人为低收入群体"})
	if r.str("reductionRequested") != "true" || r.str("application.state") != "APPLICATION_STATE_PROCESSING" {
		t.Errorf("a reduced notice: %s", r.raw)
	}
	if h := ts.rest(t, "GET", "/v1/applications/"+c.id+"/events", p.tokens["head"], nil).want(t, 200); !strings.Contains(h.raw, "申请减收信息处理费（待负责人审批）") {
		t.Errorf("the history does not name the request: %s", h.raw)
	}
	fees := ts.rest(t, "GET", "/v1/applications/"+c.id+"/fees", p.tokens["head"], nil).want(t, 200)
	if fees.str("pendingReduction.amountFen") != "100000" || fees.str("pendingReduction.maxFen") != "170000" || fees.str("feeNotices") != "[]" {
		t.Errorf("the head's view of the request: %s", fees.raw)
	}
	again := ts.rest(t, "POST", "/v1/applications/"+c.id+":issueFeeNotice", p.tokens["officer"], map[string]any{"version": c.version,
		"mode": "FEE_MODE_PER_VOLUME", "pages": 150, "amountFen": 90000, "reductionReason": "再减"}).want(t, 400)
	if !strings.Contains(again.str("message"), "待负责人审批") {
		t.Errorf("a second request: %s", again.raw)
	}
	ts.rest(t, "POST", "/v1/applications/"+c.id+":approveFeeReduction", p.tokens["officer"], map[string]any{"version": c.version}).want(t, 403)
	if inbox := ts.rest(t, "GET", "/v1/inbox", p.tokens["head"], nil).want(t, 200); !strings.Contains(inbox.raw, "拟减收信息处理费") {
		t.Errorf("the head's inbox: %s", inbox.raw)
	}

	head := ts.webUser(t).signIn("head", p.passwords["head"])
	head.get("/cases/"+c.id).want("批准减收（按申请金额发出收费通知）</summary>", "驳回减收申请</summary>", "减收申请待负责人审批", "拟收金额", "申请人为低收入群体", "1700.00")
	head.post("/cases/"+c.id+"/act/reject_fee_reduction", url.Values{"version": {head.version()}}).wantStatus(http.StatusBadRequest).
		want(`href="#reject_fee_reduction-f-reason"`)
	head.post("/cases/"+c.id+"/act/approve_fee_reduction", url.Values{"version": {head.version()}, "comment": {"同意"}}).
		wantStatus(200).want("已办理：批准减收", "待缴费").wantNot("驳回减收申请</summary>")

	notices := ts.rest(t, "GET", "/v1/applications/"+c.id+"/notices", p.tokens["officer"], nil).want(t, 200)
	if !strings.Contains(notices.raw, `"FEE_NOTICE"`) {
		t.Errorf("no fee notice after the approval: %s", notices.raw)
	}
	fees = ts.rest(t, "GET", "/v1/applications/"+c.id+"/fees", p.tokens["head"], nil).want(t, 200)
	var list []struct{ AmountFen, MaxFen string }
	_ = json.Unmarshal([]byte(fees.str("feeNotices")), &list)
	if len(list) != 1 || list[0].AmountFen != "100000" || list[0].MaxFen != "170000" || fees.str("pendingReduction") != "" {
		t.Errorf("fees after the approval: %s", fees.raw)
	}
}

// TestQuoteApplicationFeeOverREST: an officer prices a case's fee notice
// before issuing it, as the notice will price it: a split's extra pieces
// are the applicant's next ones of the month, pages default to the
// provided documents'; the quote writes nothing, refuses what the notice
// would refuse, is the officer's alone, and equals the notice's maximum.
func TestQuoteApplicationFeeOverREST(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.day(t, p, "2026-11-02")
	c := ts.registerAssigned(t, p, "2026-11-02")
	quote := func(token, query string) response {
		return ts.rest(t, "GET", "/v1/applications/"+c.id+"/feeQuote?"+query, token, nil)
	}
	if r := quote(p.tokens["officer"], "mode=FEE_MODE_PER_PIECE").want(t, 200); r.str("amountFen") != "0" || r.str("pieces") != "[1]" {
		t.Errorf("the case's own piece: %s", r.raw)
	}
	split := quote(p.tokens["officer"], "mode=FEE_MODE_PER_PIECE&pieces=12").want(t, 200)
	if split.str("amountFen") != "20000" || split.str("pieces") != "[1,2,3,4,5,6,7,8,9,10,11,12]" || !strings.Contains(split.raw, "第11至12件") {
		t.Errorf("a split into 12 pieces: %s", split.raw)
	}
	// Quoting numbered nothing: quoting again prices the same pieces.
	if again := quote(p.tokens["officer"], "mode=FEE_MODE_PER_PIECE&pieces=12").want(t, 200); again.str("pieces") != split.str("pieces") {
		t.Errorf("a second quote: %s", again.raw)
	}
	for query, field := range map[string]string{
		"mode=FEE_MODE_PER_VOLUME":           "pages", // no pages given and none provided
		"mode=FEE_MODE_PER_VOLUME&pieces=3":  "pieces",
		"mode=FEE_MODE_PER_PIECE&pages=40":   "pages",
		"mode=FEE_MODE_UNSPECIFIED":          "mode",
		"mode=FEE_MODE_PER_PIECE&pieces=101": "pieces",
	} {
		if v := quote(p.tokens["officer"], query).want(t, 400).fieldViolations(); len(v) != 1 || v[0] != field {
			t.Errorf("%s: violations %v, want %s", query, v, field)
		}
	}
	if r := quote(p.tokens["officer"], "mode=FEE_MODE_PER_VOLUME&pages=300").want(t, 200); r.str("pages") != "300" || r.str("amountFen") == "0" {
		t.Errorf("300 pages: %s", r.raw)
	}
	for _, who := range []string{"applicant", "clerk", "head"} {
		quote(p.tokens[who], "mode=FEE_MODE_PER_PIECE").want(t, 403)
	}

	ts.act(t, c, "issueFeeNotice", p.tokens["officer"], map[string]any{"mode": "FEE_MODE_PER_PIECE", "pieces": 12, "splitReason": "申请包含12项互不相关的事项"})
	fees := ts.rest(t, "GET", "/v1/applications/"+c.id+"/fees", p.tokens["officer"], nil).want(t, 200)
	if !strings.Contains(fees.raw, `"maxFen":"20000"`) {
		t.Errorf("the notice's maximum is not the quote's: %s", fees.raw)
	}
}
