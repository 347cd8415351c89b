package main

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// receiptOf is the receipt issued on case id, exactly as stored.
func receiptOf(t *testing.T, ts *testServer, p people, id string) string {
	t.Helper()
	for _, n := range ts.rest(t, "GET", "/v1/applications/"+id+"/notices", p.tokens["clerk"], nil).want(t, 200).body["notices"].([]any) {
		if m := n.(map[string]any); m["kind"] == "RECEIPT" {
			return ts.rest(t, "GET", "/v1/applications/"+id+"/notices/"+m["id"].(string), p.tokens["clerk"], nil).want(t, 200).raw
		}
	}
	t.Fatalf("case %s has no receipt", id)
	return ""
}

func registerWindow(t *testing.T, ts *testServer, p people) string {
	t.Helper()
	body := applicationBody(p.agencyA, "")
	body["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": "2026-11-27"}
	return ts.rest(t, "POST", "/v1/applications:register", p.tokens["clerk"], body).want(t, 200).str("application.id")
}

// TestWebNoticeTemplates: the administrator lists an agency's notice
// templates, previews an edited receipt rendered with sample data (a
// template that does not render, or carries a script, is refused with the
// reason beside the text), saves it as version 1 and restores the shipped
// one as version 2, each recorded with who and when; the receipt already
// issued keeps its text, the next one uses the new template; an officer
// may read the list but not save; a form without its CSRF token is
// refused.
func TestWebNoticeTemplates(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	before := registerWindow(t, ts, p)
	sent := receiptOf(t, ts, p, before)

	admin := ts.webUser(t).signIn(p.logins["admin"], p.passwords["admin"])
	admin.get("/admin/agencies").want(`href="/admin/agencies/` + p.agencyA + `/templates"`)
	list := "/admin/agencies/" + p.agencyA + "/templates"
	admin.get(list).wantStatus(200).want("文书模板", "受理回执", "补正告知书", "政府信息公开申请答复书", "默认模板", `href="`+list+`/RECEIPT"`)
	admin.get(list+"/RECEIPT").wantStatus(200).want("受理回执模板", `name="body"`, "从未修改", `value="preview"`, `value="save"`).wantNot(`value="restore"`)
	shipped := hiddenTextarea(t, admin.page)
	if !strings.Contains(shipped, `{{template "letterhead" .}}`) {
		t.Fatalf("the editor does not hold the shipped receipt:\n%s", shipped)
	}

	admin.post(list+"/RECEIPT", url.Values{"do": {"preview"}, "body": {"<p>{{.NoSuchField}}</p>"}}).wantStatus(http.StatusBadRequest).
		want("提交的内容有问题", `href="#f-body"`, `id="f-body-error"`, "无法", "NoSuchField").wantNot("<iframe")
	admin.post(list+"/RECEIPT", url.Values{"do": {"save"}, "body": {`<script>alert(1)</script>{{.TrackingNumber}}`}}).wantStatus(http.StatusBadRequest).
		want(`href="#f-body"`, "&lt;script&gt;alert(1)&lt;/script&gt;").wantNot("<script>alert")

	edited := strings.Replace(shipped, `{{template "footer" .}}`, `<p>本机关提示：请妥善保管本回执。</p>{{template "footer" .}}`, 1)
	if edited == shipped {
		t.Fatal("the shipped receipt has no footer to add a line before")
	}
	admin.post(list+"/RECEIPT", url.Values{"do": {"preview"}, "body": {edited}}).wantStatus(200).
		want("预览（示例数据：受理回执）", "<iframe", "sandbox", "本机关提示：请妥善保管本回执。", "甲区住房和城乡建设局", "尚未保存")
	if !strings.Contains(admin.page, `srcdoc="&lt;!DOCTYPE html&gt;`) && !strings.Contains(admin.page, `srcdoc="&lt;!doctype html&gt;`) {
		t.Errorf("the preview is not an escaped document in srcdoc:\n%s", mainOf(admin.page))
	}
	versions := ts.rest(t, "GET", "/v1/agencies/"+p.agencyA+"/templates/RECEIPT/versions", p.tokens["admin"], nil).want(t, 200)
	if vs, _ := versions.body["versions"].([]any); len(vs) != 0 {
		t.Errorf("a preview saved something: %s", versions.raw)
	}

	admin.post(list+"/RECEIPT", url.Values{"do": {"save"}, "body": {edited}}).wantStatus(200).
		want("已保存为第1版", "本机关模板（第1版）", "第1版（现用）", "<td>系统管理员</td>", `value="restore"`)
	admin.get(list).want("本机关模板（第1版）")
	after := registerWindow(t, ts, p)
	if !strings.Contains(sent, "受理回执") {
		t.Fatalf("no receipt text: %q", sent)
	}
	if got := receiptOf(t, ts, p, before); got != sent {
		t.Errorf("the receipt already issued changed with the template")
	}
	if r := receiptOf(t, ts, p, after); !strings.Contains(r, "本机关提示：请妥善保管本回执。") {
		t.Errorf("the next receipt does not use the new template:\n%s", r)
	}

	admin.post(list+"/RECEIPT", url.Values{"do": {"restore"}, "body": {edited}}).wantStatus(200).
		want("已恢复为默认模板", "现在使用：默认模板", "第2版（现用）", "恢复为默认模板", "第1版")
	admin.get(list+"/RECEIPT?version=1").wantStatus(200).want("下面是第1版的内容", "本机关提示：请妥善保管本回执。")
	admin.get(list + "/RECEIPT?version=9").wantStatus(http.StatusNotFound)
	admin.get(list + "/NO_SUCH_KIND").wantStatus(http.StatusNotFound)
	admin.post(list+"/RECEIPT", url.Values{"csrf": {"forged"}, "do": {"save"}, "body": {edited}}).wantStatus(http.StatusForbidden)

	officer := ts.webUser(t).signIn("officer", p.passwords["officer"])
	officer.get(list).wantStatus(200).want("受理回执")
	officer.get(list + "/RECEIPT").wantStatus(200)
	officer.post(list+"/RECEIPT", url.Values{"do": {"save"}, "body": {edited}}).wantStatus(http.StatusForbidden)
	officer.post(list+"/RECEIPT", url.Values{"do": {"preview"}, "body": {edited}}).wantStatus(http.StatusForbidden)
}

var textareaBody = regexp.MustCompile(`(?s)<textarea[^>]*name="body"[^>]*>(.*?)</textarea>`)

// hiddenTextarea is the text of the page's body textarea, unescaped.
func hiddenTextarea(t *testing.T, page string) string {
	t.Helper()
	m := textareaBody.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no template text on the page:\n%s", mainOf(page))
	}
	return html.UnescapeString(m[1])
}

// TestNoticeTemplatesOverREST: the list of an agency's templates, the
// preview (refusing a template that does not render on the field body,
// storing nothing), and the versions with who set each, over REST.
func TestNoticeTemplatesOverREST(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	admin := p.tokens["admin"]
	base := "/v1/agencies/" + p.agencyA + "/templates"
	list := ts.rest(t, "GET", base, p.tokens["clerk"], nil).want(t, 200)
	if ts, _ := list.body["templates"].([]any); len(ts) < 9 || ts[0].(map[string]any)["kind"] != "RECEIPT" || ts[0].(map[string]any)["shipped"] != true {
		t.Errorf("the list: %s", list.raw)
	}
	bad := ts.rest(t, "POST", base+"/CLARIFICATION:preview", admin, map[string]any{"body": "{{range .Items}}"}).want(t, 400)
	if v := bad.fieldViolations(); len(v) != 1 || v[0] != "body" {
		t.Errorf("a template that does not parse: %s", bad.raw)
	}
	ts.rest(t, "POST", base+"/NOPE:preview", admin, map[string]any{"body": "x"}).want(t, 400)
	ok := ts.rest(t, "POST", base+"/CLARIFICATION:preview", admin, map[string]any{}).want(t, 200)
	if !strings.Contains(ok.str("html"), "补正告知书") || !strings.Contains(ok.str("html"), "甲区住房和城乡建设局") || ok.str("sample") != "补正告知书" {
		t.Errorf("the preview of the shipped template: %s", ok.raw)
	}
	shipped := ts.rest(t, "GET", base+"/CLARIFICATION", admin, nil).want(t, 200).str("body")
	own := strings.Replace(shipped, `{{template "footer" .}}`, `<p>特别说明</p>{{template "footer" .}}`, 1)
	put := ts.rest(t, "PUT", base+"/CLARIFICATION", admin, map[string]any{"body": own}).want(t, 200)
	if put.str("version") != "1" {
		t.Errorf("the first change: %s", put.raw)
	}
	// The same text again records nothing; restoring records version 2.
	ts.rest(t, "PUT", base+"/CLARIFICATION", admin, map[string]any{"body": own}).want(t, 200)
	if got := ts.rest(t, "PUT", base+"/CLARIFICATION", admin, map[string]any{"body": ""}).want(t, 200).str("version"); got != "2" {
		t.Errorf("restoring: version %s", got)
	}
	vs := ts.rest(t, "GET", base+"/CLARIFICATION/versions", p.tokens["officer"], nil).want(t, 200).body["versions"].([]any)
	if len(vs) != 2 {
		t.Fatalf("%d versions, want 2", len(vs))
	}
	v2, v1 := vs[0].(map[string]any), vs[1].(map[string]any)
	if v2["version"] != float64(2) || v2["shipped"] != true || v2["body"] != shipped || v1["version"] != float64(1) || v1["body"] != own ||
		v1["updatedBy"] != "系统管理员" || v1["updatedById"] == "" || v1["updateTime"] == nil {
		t.Errorf("the versions: %v", vs)
	}
	ts.rest(t, "GET", "/v1/agencies/00000000-0000-4000-8000-000000000000/templates", admin, nil).want(t, 404)
}
