package main

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// optionsOf returns the values of the options of select name on the page.
func (u *webUser) optionsOf(name string) []string {
	u.t.Helper()
	m := regexp.MustCompile(`(?s)name="` + regexp.QuoteMeta(name) + `"[^>]*>(.*?)</select>`).FindStringSubmatch(u.page)
	if m == nil {
		u.t.Fatalf("no select %s on %s:\n%s", name, u.url, mainOf(u.page))
	}
	var out []string
	for _, o := range regexp.MustCompile(`<option value="([^"]+)"`).FindAllStringSubmatch(m[1], -1) {
		out = append(out, o[1])
	}
	return out
}

// TestWebConsultations: an officer asks two consultees for opinions from
// the case page, each with its own 15-working-day window; the form grows
// a row when asked, refuses rows with what is missing beside the field,
// and escapes what was typed; each opinion is recorded against its
// consultee, and the last one brings the case back to processing. Others
// are not offered the forms; a forged form and a stale one are refused.
func TestWebConsultations(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.day(t, p, "2026-11-02")
	c := ts.registerAssigned(t, p, "2026-11-02")
	ts.day(t, p, "2026-11-05")
	act := "/cases/" + c.id + "/act/"

	ts.webUser(t).signIn("clerk", p.passwords["clerk"]).get("/cases/"+c.id).wantNot("征求意见</summary>", "发出收费通知</summary>")
	officer := ts.webUser(t).signIn("officer", p.passwords["officer"])
	officer.get("/cases/"+c.id).want("征求意见</summary>", `name="consultees[1].name"`).wantNot(`name="consultees[2].name"`, "登记意见</summary>")
	officer.post(act+"start_consultation", url.Values{"version": {officer.version()}}).wantStatus(http.StatusBadRequest).
		want(`href="#start_consultation-f-consultees-0-name"`, `id="start_consultation-f-consultees-0-name-error"`)
	officer.post("/cases/"+c.id+"/redraw/start_consultation", url.Values{"version": {c.version}, "rows": {"2"},
		"consultees[0].name": {"示范建设公司"}}).wantStatus(200).
		want(`name="consultees[2].name"`, `value="示范建设公司"`, `<details open id="act-start_consultation">`).wantNot(`name="consultees[3].name"`)

	form := url.Values{"version": {c.version}, "sentOn": {"2026-11-03"},
		"consultees[0].kind": {"CONSULTEE_KIND_THIRD_PARTY"}, "consultees[0].name": {"示范建设公司"}, "consultees[0].question": {"是否同意公开施工合同"},
		"consultees[1].kind": {"CONSULTEE_KIND_AGENCY"}, "consultees[1].name": {"<script>alert(1)</script>示范区财政局"}}
	officer.post(act+"start_consultation", form).wantStatus(http.StatusBadRequest).
		want(`href="#start_consultation-f-consultees-1-question"`, "&lt;script&gt;alert(1)&lt;/script&gt;示范区财政局").wantNot("<script>alert(1)")
	form.Set("consultees[1].question", "资金拨付文件是否可以公开")
	form.Set("consultees[1].deliveredOn", "2026-11-05")
	officer.post(act+"start_consultation", form).wantStatus(200).
		want("已办理：征求意见", "征求意见中", "示范建设公司", "&lt;script&gt;alert(1)&lt;/script&gt;示范区财政局", "等待答复", "登记意见</summary>").
		wantNot("<script>alert(1)", "征求意见</summary>")
	// Each consultee's window runs 15 working days from its own delivery.
	for _, due := range []string{"2026年11月24日", "2026年11月26日"} {
		officer.want("<td>" + due + "</td>")
	}

	pending := officer.optionsOf("consultationId")
	if len(pending) != 2 {
		t.Fatalf("pending consultees offered: %v", pending)
	}
	stale := officer.version()
	officer.post(act+"record_opinion", url.Values{"version": {stale}, "consultationId": {pending[0]}}).wantStatus(http.StatusBadRequest).
		want(`href="#record_opinion-f-opinion"`)
	officer.post(act+"record_opinion", url.Values{"version": {stale}, "consultationId": {pending[0]}, "opinion": {"OPINION_KIND_OBJECTION"},
		"text": {"合同含商业秘密，不同意公开"}, "receivedOn": {"2026-11-04"}}).wantStatus(200).
		want("已办理：登记意见", "征求意见中", "不同意公开", "合同含商业秘密")
	if left := officer.optionsOf("consultationId"); len(left) != 1 || left[0] != pending[1] {
		t.Errorf("after one answer, offered %v", left)
	}
	officer.post(act+"record_opinion", url.Values{"version": {stale}, "consultationId": {pending[1]}, "opinion": {"OPINION_KIND_CONSENT"}}).
		want("该申请已被他人修改")
	officer.post(act+"record_opinion", url.Values{"csrf": {"forged"}, "version": {officer.version()}, "consultationId": {pending[1]}, "opinion": {"OPINION_KIND_CONSENT"}}).
		wantStatus(http.StatusForbidden)
	officer.get("/cases/"+c.id).post(act+"record_opinion", url.Values{"version": {officer.version()}, "consultationId": {pending[1]}, "opinion": {"OPINION_KIND_CONSENT"}}).
		wantStatus(200).want("已办理：登记意见", "办理中", "同意公开").wantNot("登记意见</summary>")
}

// TestWebFeeNoticeQuote: the officer's fee form shows the case's maximum
// on "计算" (its own pieces in the applicant's month, or the pages)
// without issuing anything, keeping what was typed;
// an amount in 元 that cannot be read, one above the maximum and a
// reduction without its reason are refused beside their fields; the
// notice then goes out for less than the maximum, with the reason shown.
func TestWebFeeNoticeQuote(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.day(t, p, "2026-11-02")
	c := ts.registerAssigned(t, p, "2026-11-02")
	maxFen := ts.rest(t, "POST", "/v1/fees:quote", "", map[string]any{"mode": "FEE_MODE_PER_VOLUME", "pages": 300}).want(t, 200).str("amountFen")
	if maxFen == "0" || maxFen == "" {
		t.Fatalf("300 pages cost nothing: %s", maxFen)
	}
	maxYuan := maxFen[:len(maxFen)-2] + "." + maxFen[len(maxFen)-2:] + " 元"

	officer := ts.webUser(t).signIn("officer", p.passwords["officer"])
	officer.get("/cases/"+c.id).want("发出收费通知</summary>", "计算</button>")
	quote := "/cases/" + c.id + "/redraw/issue_fee_notice"
	officer.post(quote, url.Values{"version": {c.version}, "mode": {"FEE_MODE_PER_VOLUME"}}).wantStatus(http.StatusBadRequest).
		want(`href="#issue_fee_notice-f-pages"`)
	officer.post(quote, url.Values{"version": {c.version}, "mode": {"FEE_MODE_PER_VOLUME"}, "pages": {"300"}}).wantStatus(200).
		want("按标准最高可收取："+maxYuan, `value="300"`, `<details open id="act-issue_fee_notice">`).wantNot("已办理")
	officer.post(quote, url.Values{"version": {c.version}, "mode": {"FEE_MODE_PER_PIECE"}}).wantStatus(200).
		want("按标准最高可收取：0.00 元", "本申请为申请人本月在本机关的第 1 件")
	officer.post(quote, url.Values{"version": {c.version}, "mode": {"FEE_MODE_PER_PIECE"}, "pieces": {"12"}}).wantStatus(200).
		want("按标准最高可收取：200.00 元", "本申请计为 12 件，为申请人本月在本机关的第 1至12 件")
	officer.post(quote, url.Values{"version": {c.version}, "mode": {"FEE_MODE_PER_PIECE"}, "pieces": {"十二"}}).wantStatus(http.StatusBadRequest).
		want(`href="#issue_fee_notice-f-pieces"`, `value="十二"`)
	officer.post(quote, url.Values{"csrf": {"forged"}, "version": {c.version}, "mode": {"FEE_MODE_PER_PIECE"}}).wantStatus(http.StatusForbidden).
		want("表单已失效")
	// A clerk may not price a fee: the API refuses, and the page says so.
	clerk := ts.webUser(t).signIn("clerk", p.passwords["clerk"])
	clerk.get("/cases/"+c.id).wantNot("发出收费通知</summary>", "计算</button>")
	clerk.post(quote, url.Values{"version": {c.version}, "mode": {"FEE_MODE_PER_PIECE"}}).wantStatus(http.StatusForbidden).want("无权访问")
	clerk.post("/cases/"+c.id+"/act/issue_fee_notice", url.Values{"version": {c.version}, "mode": {"FEE_MODE_PER_PIECE"}}).
		wantStatus(http.StatusForbidden)
	// Nothing was issued.
	officer.get("/cases/" + c.id).want("办理中").wantNot("待缴费")

	act := "/cases/" + c.id + "/act/issue_fee_notice"
	form := url.Values{"version": {c.version}, "mode": {"FEE_MODE_PER_VOLUME"}, "pages": {"300"}, "amount": {"十元"}}
	officer.post(act, form).wantStatus(http.StatusBadRequest).want(`href="#issue_fee_notice-f-amount"`, "金额以元为单位")
	form.Set("amount", "99999")
	officer.post(act, form).wantStatus(http.StatusBadRequest).want(`href="#issue_fee_notice-f-amount"`, "不得超过按标准计算的最高金额")
	form.Set("amount", "1.5")
	officer.post(act, form).wantStatus(http.StatusBadRequest).want(`href="#issue_fee_notice-f-reductionReason"`)
	form.Set("reductionReason", "<b>申请人为低保户</b>")
	// Below the maximum, the notice waits for the head's approval.
	officer.post(act, form).wantStatus(200).want("已提交减收申请，待负责人审批后发出收费通知", "办理中", "<strong>1.50 元</strong>",
		"按标准应收 "+maxYuan, "减收理由：&lt;b&gt;申请人为低保户&lt;/b&gt;", "减收申请待负责人审批").wantNot("待缴费", "已办理：发出收费通知")
	head := ts.webUser(t).signIn("head", p.passwords["head"])
	head.get("/cases/" + c.id).want("批准减收（按申请金额发出收费通知）</summary>")
	head.post("/cases/"+c.id+"/act/approve_fee_reduction", url.Values{"version": {head.version()}, "comment": {"同意"}}).
		wantStatus(200).want("待缴费", "<strong>1.50 元</strong>", "减免收费</summary>")
}

// TestWebDelayedDueDateLimit: the head's Art. 35 form states the bounds
// (after the statutory due date, within the agency's days after it); a
// date beyond them is refused beside the field, one within is set.
func TestWebDelayedDueDateLimit(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.day(t, p, "2026-11-02")
	c := ts.registerAssigned(t, p, "2026-11-02")
	ts.webUser(t).signIn("officer", p.passwords["officer"]).get("/cases/" + c.id).wantNot("确定合理答复期限</summary>")
	head := ts.webUser(t).signIn("head", p.passwords["head"])
	head.get("/cases/"+c.id).want("确定合理答复期限</summary>", "法定答复期限为2026年11月30日", "不超过其后 90 日（即不晚于2027年2月28日）")
	act := "/cases/" + c.id + "/act/set_delayed_due_date"
	head.post(act, url.Values{"version": {head.version()}, "dueOn": {"2027-03-01"}, "reason": {"同一申请人本月提出申请120件"}}).
		wantStatus(http.StatusBadRequest).want(`href="#set_delayed_due_date-f-dueOn"`, "超过本机关规定的上限")
	head.post(act, url.Values{"version": {head.version()}, "dueOn": {"2027-01-29"}, "reason": {"同一申请人本月提出申请120件"}}).
		wantStatus(200).want("已办理：确定合理答复期限", "2027年1月29日", "更正合理答复期限</summary>")
}

// TestWebRemediesAndReopen: a challenge to the failure to reply is
// offered only once the due date has passed; a challenge to the reply,
// its result, and the head's reopening on a corrective result, which
// restarts the reply period from the order.
func TestWebRemediesAndReopen(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.day(t, p, "2026-11-02")
	late, replied := ts.registerAssigned(t, p, "2026-11-02"), ts.registerAssigned(t, p, "2026-11-02")
	officer := ts.webUser(t).signIn("officer", p.passwords["officer"])
	officer.get("/cases/" + late.id).wantNot("登记复议诉讼</summary>")

	ts.rest(t, "POST", "/v1/applications/"+replied.id+"/drafts", p.tokens["officer"], map[string]any{
		"outcome": "OUTCOME_DISCLOSED", "facts": "经检索，找到清单一份"}).want(t, 200)
	// The agency's policy skips legal review of a disclosure.
	ts.act(t, replied, "submitDraft", p.tokens["officer"], nil)
	ts.act(t, replied, "signOff", p.tokens["head"], nil)
	ts.act(t, replied, "recordDelivery", p.tokens["officer"], map[string]any{"method": "SERVICE_METHOD_IN_PERSON"})

	ts.day(t, p, "2026-12-02")
	officer = ts.webUser(t).signIn("officer", p.passwords["officer"])
	officer.get("/cases/"+late.id).want("登记复议诉讼</summary>", "针对逾期未答复")
	act := "/cases/" + late.id + "/act/record_remedy"
	officer.post(act, url.Values{"version": {officer.version()}, "filedOn": {"2026-12-01"}, "authority": {"示范区人民政府"}}).
		wantStatus(http.StatusBadRequest).want(`href="#record_remedy-f-kind"`)
	officer.post(act, url.Values{"version": {officer.version()}, "kind": {"REMEDY_KIND_RECONSIDERATION"}, "filedOn": {"2026-12-01"},
		"authority": {"<em>示范区人民政府</em>"}, "caseNumber": {"示复〔2026〕8号"}}).wantStatus(200).
		want("已办理：登记复议诉讼", "行政复议和诉讼", "逾期未答复", "&lt;em&gt;示范区人民政府&lt;/em&gt;", "尚未审结").wantNot("<em>示范区")

	officer.get("/cases/"+replied.id).want("登记复议诉讼</summary>", "针对本机关的答复").wantNot("登记审结结果")
	act = "/cases/" + replied.id + "/act/record_remedy"
	officer.post(act, url.Values{"version": {officer.version()}, "kind": {"REMEDY_KIND_RECONSIDERATION"}, "filedOn": {"2026-12-01"}, "authority": {"示范区人民政府"}}).
		wantStatus(200).want("登记审结结果")
	head := ts.webUser(t).signIn("head", p.passwords["head"])
	head.get("/cases/"+replied.id).wantNot("重新办理</summary>", "登记复议诉讼</summary>")
	head.post(act, url.Values{"version": {officer.version()}, "kind": {"REMEDY_KIND_LAWSUIT"}, "authority": {"示范区人民法院"}}).
		wantStatus(http.StatusForbidden)
	remedy := officer.optionsOf("remedyId")
	if len(remedy) != 1 {
		t.Fatalf("pending remedies offered: %v", remedy)
	}
	officer.post(act, url.Values{"version": {officer.version()}, "remedyId": remedy, "decidedOn": {"2026-12-02"}}).
		wantStatus(http.StatusBadRequest).want(`href="#record_remedy-f-result"`)
	officer.post(act, url.Values{"version": {officer.version()}, "remedyId": remedy, "result": {"REMEDY_RESULT_CORRECTED"}, "decidedOn": {"2026-12-02"}}).
		wantStatus(200).want("纠正（2026年12月2日）").wantNot("登记审结结果")

	head.get("/cases/"+replied.id).want("重新办理</summary>", `value="`+remedy[0]+`"`)
	reopen := "/cases/" + replied.id + "/act/reopen"
	head.post(reopen, url.Values{"version": {head.version()}, "remedyId": remedy}).wantStatus(http.StatusBadRequest).
		want(`href="#reopen-f-reason"`)
	head.post(reopen, url.Values{"version": {head.version()}, "remedyId": remedy, "reason": {"示范区人民政府示复〔2026〕9号决定责令重新答复"}}).
		wantStatus(200).want("已办理：重新办理", "办理中", "2026年12月30日")
}

// TestWebDocumentsDownload: the case page lists the case file's documents
// for staff, the applicant's page those the applicant may see; the links
// download through the API's access check with the Chinese file name in
// filename*; another applicant and a signed-out visitor get nothing.
func TestWebDocumentsDownload(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.day(t, p, "2026-11-02")
	body := applicationBody(p.agencyA, "")
	body["details"].(map[string]any)["applicant"] = map[string]any{} // the account's identity
	r := ts.rest(t, "POST", "/v1/applications", p.tokens["applicant"], body).want(t, 200)
	c := &caseAt{id: r.str("application.id"), version: r.str("application.version")}
	material := []byte("申请人补充的说明材料\n")
	ts.upload(t, c.id, p.tokens["applicant"], "APPLICANT_MATERIAL", "补充说明<1>.txt", "text/plain", material).want(t, 200)
	c.version = ts.rest(t, "GET", "/v1/applications/"+c.id, p.tokens["clerk"], nil).want(t, 200).str("application.version")
	ts.act(t, c, "confirm", p.tokens["clerk"], nil)
	ts.act(t, c, "assign", p.tokens["officer"], nil)
	ts.upload(t, c.id, p.tokens["officer"], "INTERNAL", "内部检索记录.txt", "text/plain", []byte("检索记录\n")).want(t, 200)

	officer := ts.webUser(t).signIn("officer", p.passwords["officer"])
	officer.get("/cases/"+c.id).want("材料", "补充说明&lt;1&gt;.txt", "内部检索记录.txt").wantNot("补充说明<1>")
	links := regexp.MustCompile(`href="(/applications/[0-9a-f-]+/documents/[^"]+)" download>([^<]+)<`).FindAllStringSubmatch(officer.page, -1)
	if len(links) != 2 {
		t.Fatalf("download links: %v", links)
	}
	hrefs := map[string]string{}
	for _, l := range links {
		hrefs[l[2]] = l[1]
	}
	res := getWith(t, officer, hrefs["补充说明&lt;1&gt;.txt"])
	if res.status != 200 || res.body != string(material) || !strings.Contains(res.disposition, "filename*=UTF-8''%E8%A1%A5%E5%85%85%E8%AF%B4%E6%98%8E%3C1%3E.txt") {
		t.Errorf("staff download: HTTP %d, %q, %q", res.status, res.disposition, res.body)
	}

	applicant := ts.webUser(t).signIn(p.logins["applicant"], p.passwords["applicant"])
	applicant.get("/my/"+c.id).want("补充说明&lt;1&gt;.txt", hrefs["补充说明&lt;1&gt;.txt"]).wantNot("内部检索记录")
	if res := getWith(t, applicant, hrefs["补充说明&lt;1&gt;.txt"]); res.status != 200 || res.body != string(material) {
		t.Errorf("the applicant's own material: HTTP %d", res.status)
	}
	if res := getWith(t, applicant, hrefs["内部检索记录.txt"]); res.status != http.StatusNotFound || res.disposition != "" {
		t.Errorf("an internal paper to the applicant: HTTP %d %q", res.status, res.disposition)
	}
	other := ts.webUser(t).signIn(p.logins["applicant2"], p.passwords["applicant2"])
	if res := getWith(t, other, hrefs["补充说明&lt;1&gt;.txt"]); res.status != http.StatusNotFound || res.disposition != "" {
		t.Errorf("another applicant: HTTP %d %q", res.status, res.disposition)
	}
	elsewhere := ts.webUser(t).signIn("clerkb", p.passwords["clerkb"])
	if res := getWith(t, elsewhere, hrefs["内部检索记录.txt"]); res.status != http.StatusNotFound || res.disposition != "" {
		t.Errorf("another agency's clerk: HTTP %d %q", res.status, res.disposition)
	}
	anon := ts.webUser(t)
	if res := getWith(t, anon, hrefs["补充说明&lt;1&gt;.txt"]); res.disposition != "" || !strings.HasPrefix(res.url, "/signin") {
		t.Errorf("signed out: HTTP %d at %s %q", res.status, res.url, res.disposition)
	}
}

type download struct {
	status            int
	disposition, body string
	url               string
}

// getWith fetches path with u's cookies and keeps the headers a download
// is judged by.
func getWith(t *testing.T, u *webUser, path string) download {
	t.Helper()
	res, err := u.client.Get(u.base() + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return download{status: res.StatusCode, disposition: res.Header.Get("Content-Disposition"), body: string(b), url: res.Request.URL.Path}
}

// TestWebDraftDiff: the adviser reviewing a resubmitted draft sees, at
// the top of the case page, what changed from the version returned, field
// by field, with the comments that returned it; unchanged fields are
// named; what the officer typed is escaped.
func TestWebDraftDiff(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.day(t, p, "2026-11-02")
	c := ts.registerAssigned(t, p, "2026-11-02")
	draft := func(facts, body string, basis ...string) {
		t.Helper()
		ts.rest(t, "POST", "/v1/applications/"+c.id+"/drafts", p.tokens["officer"], map[string]any{
			"outcome": "OUTCOME_WITHHELD",
			"withheldParts": []map[string]any{{"part": "施工合同报价明细", "reason": "WITHHELD_REASON_THIRD_PARTY_RIGHTS",
				"explanation": "涉及第三方商业秘密"}},
			"legalBasis": basis, "facts": facts, "body": body,
		}).want(t, 200)
	}
	draft("经检索，找到相关合同一份", "第一段\n第二段", "REG_15", "REG_36_3")
	ts.act(t, c, "submitDraft", p.tokens["officer"], nil)
	ts.act(t, c, "returnDraft", p.tokens["adviser"], map[string]any{"comments": "请写明<第三方>意见的日期"})
	draft("经检索，找到相关合同一份", "第一段\n第二段（已补充第三方意见日期）\n<script>x</script>", "REG_15", "REG_36_3")
	ts.act(t, c, "submitDraft", p.tokens["officer"], nil)

	adviser := ts.webUser(t).signIn("adviser", p.passwords["adviser"])
	adviser.get("/cases/"+c.id).want("第 2 版与第 1 版相比的改动", "法律顾问退回", "请写明&lt;第三方&gt;意见的日期",
		`<li class="diff-same">第一段</li>`, "<del><span class=\"visually-hidden\">删去：</span>第二段</del>",
		"<ins><span class=\"visually-hidden\">新增：</span>第二段（已补充第三方意见日期）</ins>", "&lt;script&gt;x&lt;/script&gt;",
		"未改动：答复结果、不予公开的内容、法律依据、检索情况", "（改动：正文）").wantNot("<script>x")
	if i, j := strings.Index(adviser.page, "相比的改动"), strings.Index(adviser.page, "<h2>申请内容</h2>"); i < 0 || j < 0 || i > j {
		t.Errorf("the changes are not above the case details for the adviser")
	}
	// The officer sees the changes too, below the case details.
	officer := ts.webUser(t).signIn("officer", p.passwords["officer"])
	officer.get("/cases/" + c.id)
	if i, j := strings.Index(officer.page, "相比的改动"), strings.Index(officer.page, "<h2>申请内容</h2>"); i < 0 || i < j {
		t.Errorf("the officer's page: changes at %d, details at %d", i, j)
	}
}
