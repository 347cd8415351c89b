package main

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// correctionBody is a correction request to agency; the applicant left
// empty takes the account's identity online.
func correctionBody(agency string, who map[string]any) map[string]any {
	return map[string]any{"details": map[string]any{
		"agencyId": agency, "applicant": who,
		"record":     "2025年老旧小区改造项目住户签约名单（公示稿）",
		"inaccuracy": "人民路1号住户姓名登记为“申请人applicamt”",
		"requested":  "住户姓名应为“申请人applicant”",
		"evidence":   "居民身份证复印件、不动产权证书复印件各一份（已当面提交）",
	}}
}

// correctionAt is a correction request and the version last read.
type correctionAt struct{ id, version string }

// move sends one event to a correction request and keeps the version.
func (ts *testServer) move(t *testing.T, c *correctionAt, event, token string, body map[string]any, status int) response {
	t.Helper()
	if body == nil {
		body = map[string]any{}
	}
	body["version"], body["event"] = c.version, "CORRECTION_EVENT_"+event
	r := ts.rest(t, "POST", "/v1/corrections/"+c.id+":transition", token, body).want(t, status)
	if status == 200 {
		c.version = r.str("correction.version")
	}
	return r
}

// letterText is the HTML of one of a request's letters, as the applicant
// reads it.
func (ts *testServer) letterText(t *testing.T, id, kind, token string) string {
	t.Helper()
	g := ts.rest(t, "GET", "/v1/corrections/"+id, token, nil).want(t, 200)
	letters, _ := g.body["letters"].([]any)
	for i := len(letters) - 1; i >= 0; i-- {
		l := letters[i].(map[string]any)
		if l["kind"] == kind {
			return ts.rest(t, "GET", "/v1/corrections/"+id+"/letters/"+l["id"].(string), token, nil).want(t, 200).str("letter.html")
		}
	}
	t.Fatalf("no %s letter: %s", kind, g.raw)
	return ""
}

func wantAll(t *testing.T, what, text string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(text, p) {
			t.Errorf("%s does not contain %q", what, p)
		}
	}
}

// TestCorrectionsOverREST walks correction requests through every outcome
// over REST: who may do what, the clock, the letters, the history, the
// lists, a stale write and an event the state does not allow.
func TestCorrectionsOverREST(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	tok := p.tokens

	// Online, by the applicant, about themselves: received today
	// (Friday 2026-11-27), due 20 working days later.
	r := ts.rest(t, "POST", "/v1/corrections", tok["applicant"], correctionBody(p.agencyA, map[string]any{})).want(t, 200)
	c := &correctionAt{id: r.str("correction.id"), version: r.str("correction.version")}
	number := r.str("correction.trackingNumber")
	if !regexp.MustCompile(`^JIA-GZ-2026-\d{6}$`).MatchString(number) || r.str("correction.state") != "CORRECTION_STATE_RECEIVED" ||
		r.str("correction.receivedOn") != "2026-11-27" || r.str("correction.dueOn") != "2026-12-25" {
		t.Errorf("submitted: %s", r.raw)
	}
	if got := r.str("correction.allowedEvents"); got != `["CORRECTION_EVENT_WITHDRAW"]` {
		t.Errorf("the applicant may %s, want only to withdraw", got)
	}
	receipt := ts.letterText(t, c.id, "CORRECTION_RECEIPT", tok["applicant"])
	wantAll(t, "the acknowledgement", receipt, "更正申请受理告知书", number, "第四十一条", "您", "2026年11月27日", "2026年12月25日", "20个工作日", "甲区住房和城乡建设局")

	if inbox := ts.rest(t, "GET", "/v1/inbox", tok["head"], nil).want(t, 200); !strings.Contains(inbox.raw, "correction.received") || !strings.Contains(inbox.raw, number) {
		t.Errorf("the heads are not told of the request to assign: %.300s", inbox.raw)
	}

	// Bad input names the fields; the information must be the applicant's own.
	bad := correctionBody(p.agencyA, map[string]any{})
	bad["details"].(map[string]any)["record"], bad["details"].(map[string]any)["evidence"] = " ", ""
	got := ts.rest(t, "POST", "/v1/corrections", tok["applicant"], bad).want(t, 400).fieldViolations()
	if !slices.Contains(got, "details.record") || !slices.Contains(got, "details.evidence") {
		t.Errorf("violations %v, want details.record and details.evidence", got)
	}
	other := correctionBody(p.agencyA, map[string]any{"type": "APPLICANT_TYPE_NATURAL_PERSON", "name": "别人",
		"idType": "ID_DOCUMENT_TYPE_RESIDENT_ID_CARD", "idNumber": "440524198001010013", "phone": "13900000000"})
	if got := ts.rest(t, "POST", "/v1/corrections", tok["applicant"], other).want(t, 400).fieldViolations(); !slices.Contains(got, "details.applicant.idNumber") {
		t.Errorf("someone else's record: violations %v", got)
	}
	ts.rest(t, "POST", "/v1/corrections", tok["clerk"], correctionBody(p.agencyA, map[string]any{})).want(t, 403)

	// Who may do what to it.
	ts.move(t, c, "ASSIGN", tok["clerk"], nil, 403)
	ts.move(t, c, "ASSIGN", tok["head"], nil, 400) // the head names the officer
	fp := ts.move(t, c, "SIGN", tok["head"], nil, 400)
	wantAll(t, "the wrong-state refusal", fp.str("message"), "已受理", "签发答复", "CORRECTION_EVENT_ASSIGN", "CORRECTION_EVENT_WITHDRAW")
	ts.move(t, c, "ASSIGN", tok["officer2"], nil, 200)
	ts.move(t, c, "ASSIGN", tok["officer"], nil, 403) // another officer's already
	ts.rest(t, "POST", "/v1/corrections/"+c.id+":transition", tok["officer"], map[string]any{"version": 1, "event": "CORRECTION_EVENT_ASSIGN"}).want(t, 409)
	decision := map[string]any{"decision": map[string]any{"outcome": "CORRECTION_OUTCOME_CORRECTED"}}
	ts.move(t, c, "DECIDE", tok["officer"], decision, 403) // not the assignee
	if got := ts.move(t, c, "DECIDE", tok["officer2"], decision, 400).fieldViolations(); !slices.Contains(got, "decision.corrected") {
		t.Errorf("a correction without its new text: violations %v", got)
	}
	decision["decision"].(map[string]any)["corrected"] = "人民路1号住户姓名已更正为“申请人applicant”"
	ts.move(t, c, "DECIDE", tok["officer2"], decision, 200)
	ts.move(t, c, "SIGN", tok["officer2"], nil, 403)
	if mine := ts.rest(t, "GET", "/v1/corrections/"+c.id, tok["applicant"], nil).want(t, 200); mine.str("correction.decision") != "" ||
		mine.str("correction.state") != "CORRECTION_STATE_SIGN_OFF" {
		t.Errorf("the applicant sees the decision before it is signed: %s", mine.raw)
	}
	ts.move(t, c, "RETURN", tok["head"], nil, 400)
	ts.move(t, c, "RETURN", tok["head"], map[string]any{"reason": "请写明重新公示的日期"}, 200)
	decision["decision"].(map[string]any)["corrected"] = "人民路1号住户姓名已更正为“申请人applicant”，更正后的名单已于2026年11月27日重新公示"
	ts.move(t, c, "DECIDE", tok["officer2"], decision, 200)
	s := ts.move(t, c, "SIGN", tok["head"], nil, 200)
	if s.str("correction.state") != "CORRECTION_STATE_CORRECTED" || s.str("correction.signedBy") != "head" || s.str("correction.closedOn") != "2026-11-27" {
		t.Errorf("signed: %s", s.raw)
	}
	ts.move(t, c, "WITHDRAW", tok["applicant"], nil, 400)
	letter := ts.letterText(t, c.id, "CORRECTION_DECISION", tok["applicant"])
	wantAll(t, "the correction letter", letter, "更正申请答复书", "决定予以更正", "重新公示", "第四十一条", number+"-")
	ts.rest(t, "GET", "/v1/corrections/"+c.id, tok["applicant2"], nil).want(t, 404)
	ts.rest(t, "GET", "/v1/corrections/"+c.id, tok["clerkb"], nil).want(t, 404)
	ts.rest(t, "GET", "/v1/corrections/"+c.id, tok["adviser"], nil).want(t, 403)

	// The history: every step, chained, and the applicant kept out of the
	// head's return.
	h := ts.rest(t, "GET", "/v1/corrections/"+c.id, tok["head"], nil).want(t, 200)
	var events []string
	for _, e := range h.body["history"].([]any) {
		events = append(events, e.(map[string]any)["event"].(string))
	}
	if want := []string{"submit", "assign", "decide", "return", "decide", "sign"}; !slices.Equal(events, want) || h.str("historyIntact") != "true" {
		t.Errorf("history %v intact=%s, want %v intact", events, h.str("historyIntact"), want)
	}
	if a := ts.rest(t, "GET", "/v1/corrections/"+c.id, tok["applicant"], nil).want(t, 200); strings.Contains(a.raw, "请写明重新公示的日期") {
		t.Errorf("the applicant reads the head's return: %.300s", a.raw)
	}

	// Transferred (sent on, and told to apply), refused and withdrawn,
	// registered at the window by the clerk.
	window := map[string]any{"type": "APPLICANT_TYPE_NATURAL_PERSON", "name": "王五",
		"idType": "ID_DOCUMENT_TYPE_RESIDENT_ID_CARD", "idNumber": "11010519491231002X", "phone": "13812345678", "address": "示范区人民路2号"}
	register := func(on string) *correctionAt {
		body := correctionBody(p.agencyA, window)
		body["channel"], body["receivedOn"] = "CORRECTION_CHANNEL_IN_PERSON", on
		r := ts.rest(t, "POST", "/v1/corrections:register", tok["clerk"], body).want(t, 200)
		return &correctionAt{id: r.str("correction.id"), version: r.str("correction.version")}
	}
	decideAndSign := func(c *correctionAt, d map[string]any) response {
		ts.move(t, c, "ASSIGN", tok["head"], map[string]any{"assigneeId": p.ids["officer"]}, 200)
		ts.move(t, c, "DECIDE", tok["officer"], map[string]any{"decision": d}, 200)
		return ts.move(t, c, "SIGN", tok["head"], nil, 200)
	}
	fwd := register("")
	if got := decideAndSign(fwd, map[string]any{"outcome": "CORRECTION_OUTCOME_TRANSFERRED", "transferMode": "TRANSFER_MODE_FORWARDED",
		"transferAgency": "示范区不动产登记中心", "reason": "住户姓名依据不动产登记簿生成"}).str("correction.state"); got != "CORRECTION_STATE_TRANSFERRED" {
		t.Errorf("forwarded: %s", got)
	}
	wantAll(t, "the forwarding letter", ts.letterText(t, fwd.id, "CORRECTION_DECISION", tok["clerk"]),
		"不属于本机关职能范围", "已将您的更正申请转送示范区不动产登记中心", "第四十一条")
	told := register("")
	decideAndSign(told, map[string]any{"outcome": "CORRECTION_OUTCOME_TRANSFERRED", "transferMode": "TRANSFER_MODE_TOLD_TO_APPLY", "transferAgency": "示范区公安分局"})
	wantAll(t, "the told-to-apply letter", ts.letterText(t, told.id, "CORRECTION_DECISION", tok["clerk"]), "请您向示范区公安分局提出更正申请")
	refused := register("")
	ts.move(t, refused, "ASSIGN", tok["officer"], nil, 200)
	if got := ts.move(t, refused, "DECIDE", tok["officer"], map[string]any{"decision": map[string]any{"outcome": "CORRECTION_OUTCOME_REFUSED"}}, 400).fieldViolations(); !slices.Contains(got, "decision.reason") {
		t.Errorf("a refusal without a reason: violations %v", got)
	}
	ts.move(t, refused, "DECIDE", tok["officer"], map[string]any{"decision": map[string]any{"outcome": "CORRECTION_OUTCOME_REFUSED",
		"reason": "原登记内容与权利人签字确认的签约材料一致"}}, 200)
	ts.move(t, refused, "SIGN", tok["head"], nil, 200)
	wantAll(t, "the refusal letter", ts.letterText(t, refused.id, "CORRECTION_DECISION", tok["clerk"]),
		"决定不予更正", "原登记内容与权利人签字确认的签约材料一致", "行政复议", "行政诉讼", "第四十一条")
	if inbox := ts.rest(t, "GET", "/v1/inbox", tok["officer"], nil).want(t, 200); !strings.Contains(inbox.raw, "correction.assigned") {
		t.Errorf("the officer is not told of the requests assigned: %.300s", inbox.raw)
	}
	withdrawn := register("")
	ts.move(t, withdrawn, "WITHDRAW", tok["officer"], nil, 403)
	if got := ts.move(t, withdrawn, "WITHDRAW", tok["clerk"], map[string]any{"reason": "申请人来电撤回"}, 200).str("correction.state"); got != "CORRECTION_STATE_WITHDRAWN" {
		t.Errorf("withdrawn: %s", got)
	}

	// The clock follows the agency's policy and the holiday calendar: 15
	// working days from Monday 2026-09-28 skip the National Day holiday
	// (1-7 October) and count Saturday 10 October, a make-up working day.
	early := correctionBody(p.agencyA, window)
	early["channel"], early["receivedOn"] = "CORRECTION_CHANNEL_POST", "2026-09-28"
	if got := ts.rest(t, "POST", "/v1/corrections:register", tok["clerk"], early).want(t, 400).fieldViolations(); !slices.Contains(got, "receivedOn") {
		t.Errorf("received beyond the back-dating limit: violations %v", got)
	}
	if got := ts.rest(t, "PATCH", "/v1/agencies/"+p.agencyA+"/policy", tok["admin"], map[string]any{"correctionDays": 61}).want(t, 400).fieldViolations(); !slices.Contains(got, "policy.correctionDays") {
		t.Errorf("a period of 61 working days: violations %v", got)
	}
	ts.rest(t, "PATCH", "/v1/agencies/"+p.agencyA+"/policy", tok["admin"], map[string]any{"correctionDays": 15, "maxBackdateDays": 60}).want(t, 200)
	old := register("2026-09-28")
	if got := ts.rest(t, "GET", "/v1/corrections/"+old.id, tok["clerk"], nil).want(t, 200).str("correction.dueOn"); got != "2026-10-23" {
		t.Errorf("due on %s, want 2026-10-23 (15 working days after 2026-09-28 across the National Day holiday)", got)
	}
	body := correctionBody(p.agencyA, window)
	body["channel"], body["receivedOn"] = "CORRECTION_CHANNEL_POST", "2026-11-28"
	ts.rest(t, "POST", "/v1/corrections:register", tok["clerk"], body).want(t, 400)

	// The worklist by due date, its filters, and the applicant's own list.
	list := ts.rest(t, "GET", "/v1/corrections?agencyId="+p.agencyA, tok["officer"], nil).want(t, 200)
	rows := list.body["corrections"].([]any)
	var numbers, dues []string
	for _, row := range rows {
		m := row.(map[string]any)
		numbers, dues = append(numbers, m["trackingNumber"].(string)), append(dues, m["dueOn"].(string))
	}
	if len(rows) != 6 || !slices.IsSorted(dues) || rows[0].(map[string]any)["id"] != old.id {
		t.Errorf("worklist due dates %v, want 6 sorted, the back-dated one first", dues)
	}
	slices.Sort(numbers)
	if len(slices.Compact(numbers)) != 6 {
		t.Errorf("tracking numbers repeat: %v", numbers)
	}
	if strings.Contains(list.raw, "11010519491231002X") {
		t.Error("the worklist shows the identity document number unmasked")
	}
	open := ts.rest(t, "GET", "/v1/corrections?open=true&state=CORRECTION_STATE_REFUSED", tok["head"], nil).want(t, 200)
	if strings.Contains(open.raw, refused.id) {
		t.Errorf("open and refused at once: %s", open.raw)
	}
	onlyRefused := ts.rest(t, "GET", "/v1/corrections?state=CORRECTION_STATE_REFUSED", tok["head"], nil).want(t, 200)
	if n := len(onlyRefused.body["corrections"].([]any)); n != 1 || !strings.Contains(onlyRefused.raw, refused.id) {
		t.Errorf("state filter: %d rows: %.300s", n, onlyRefused.raw)
	}
	ts.rest(t, "GET", "/v1/corrections?agencyId="+p.agencyB, tok["officer"], nil).want(t, 403)
	ts.rest(t, "GET", "/v1/corrections?color=red", tok["officer"], nil).want(t, 400)
	mine := ts.rest(t, "GET", "/v1/corrections", tok["applicant"], nil).want(t, 200)
	if n := len(mine.body["corrections"].([]any)); n != 1 || !strings.Contains(mine.raw, c.id) {
		t.Errorf("the applicant's own list has %d: %.300s", n, mine.raw)
	}
	if other := ts.rest(t, "GET", "/v1/corrections", tok["applicant2"], nil).want(t, 200); strings.Contains(other.raw, c.id) {
		t.Error("another applicant lists the request")
	}

	// An application's number is never a correction's.
	reg := applicationBody(p.agencyA, "")
	reg["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": "2026-11-27"}
	an := ts.rest(t, "POST", "/v1/applications:register", tok["clerk"], reg).want(t, 200).str("application.trackingNumber")
	if an != "JIA-2026-000001" || slices.Contains(numbers, an) {
		t.Errorf("the first application is numbered %s beside corrections %v: the numberings are not apart", an, numbers)
	}

	// The database refuses to rewrite the history or a letter.
	db, err := pgx.Connect(t.Context(), ts.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(t.Context())
	for _, sql := range []string{
		`UPDATE correction_events SET reason = 'x'`, `DELETE FROM correction_events`,
		`UPDATE correction_letters SET html = 'x'`, `DELETE FROM correction_letters`,
	} {
		if _, err := db.Exec(t.Context(), sql); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want refused as append-only", sql, err)
		}
	}
}

// TestCorrectionDueFollowsACalendarLoad: a request whose period reaches
// into a year not yet published is recounted when the year is loaded, and
// the move is in its history, chained; a later change of the agency's
// period leaves it alone.
func TestCorrectionDueFollowsACalendarLoad(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.day(t, p, "2026-12-10")
	body := correctionBody(p.agencyA, map[string]any{"type": "APPLICANT_TYPE_NATURAL_PERSON", "name": "王五",
		"idType": "ID_DOCUMENT_TYPE_RESIDENT_ID_CARD", "idNumber": "11010519491231002X", "phone": "13812345678"})
	body["channel"] = "CORRECTION_CHANNEL_POST"
	id := ts.rest(t, "POST", "/v1/corrections:register", p.tokens["clerk"], body).want(t, 200).str("correction.id")
	due := func() string {
		return ts.rest(t, "GET", "/v1/corrections/"+id, p.tokens["clerk"], nil).want(t, 200).str("correction.dueOn")
	}
	if got := due(); got != "2027-01-07" {
		t.Fatalf("before 2027 is loaded: due %s, want 2027-01-07 (1 January counted as a working day)", got)
	}
	ts.rest(t, "PATCH", "/v1/agencies/"+p.agencyA+"/policy", p.tokens["admin"], map[string]any{"correctionDays": 30}).want(t, 200)
	ts.rest(t, "PUT", "/v1/calendars/CN/years/2027", p.tokens["admin"], map[string]any{
		"notices":  []map[string]any{{"title": "国务院办公厅关于2027年部分节假日安排的通知", "number": "国办发明电〔2026〕1号", "date": "2026-11-20"}},
		"holidays": []map[string]any{{"name": "元旦", "off": []map[string]any{{"from": "2027-01-01", "to": "2027-01-03"}}}},
	}).want(t, 200)
	if got := due(); got != "2027-01-08" {
		t.Errorf("after loading 2027: due %s, want 2027-01-08 (still 20 working days, 1 January a holiday)", got)
	}
	g := ts.rest(t, "GET", "/v1/corrections/"+id, p.tokens["head"], nil).want(t, 200)
	if !strings.Contains(g.raw, `"due_recomputed"`) || !strings.Contains(g.raw, "2027-01-07") || g.str("historyIntact") != "true" {
		t.Errorf("the recount in the history: %.600s", g.raw)
	}
}
