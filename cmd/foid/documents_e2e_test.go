package main

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"foi/services/filetype"
)

// upload posts a multipart upload: the form fields, then the file part
// named name with content type ct ("" for application/octet-stream).
func (ts *testServer) upload(t testing.TB, caseID, token, kind, name, ct string, data []byte, fields ...string) response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("kind", kind)
	for i := 0; i+1 < len(fields); i += 2 {
		mw.WriteField(fields[i], fields[i+1])
	}
	h := textproto.MIMEHeader{}
	disposition := fmt.Sprintf(`form-data; name="file"; filename="%s"`, name)
	if strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 }) {
		// Control characters cannot be sent raw in a header: RFC 5987.
		disposition = `form-data; name="file"; filename*=UTF-8''` + url.PathEscape(name)
	}
	h.Set("Content-Disposition", disposition)
	if ct == "" {
		ct = "application/octet-stream"
	}
	h.Set("Content-Type", ct)
	w, _ := mw.CreatePart(h)
	w.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", "http://"+ts.httpAddr+"/v1/applications/"+caseID+"/documents", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	return ts.do(t, req)
}

func (ts *testServer) do(t testing.TB, req *http.Request) response {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := response{status: res.StatusCode, raw: string(raw), header: res.Header}
	_ = json.Unmarshal(raw, &out.body)
	return out
}

// download fetches a document's content over REST.
func (ts *testServer) download(t testing.TB, caseID, docID, token string) response {
	t.Helper()
	req, _ := http.NewRequest("GET", "http://"+ts.httpAddr+"/v1/applications/"+caseID+"/documents/"+docID+"/content", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	return ts.do(t, req)
}

// refresh re-reads a case's version (documents move it too).
func (ts *testServer) refresh(t testing.TB, c *caseAt, token string) {
	t.Helper()
	c.version = ts.rest(t, "GET", "/v1/applications/"+c.id, token, nil).want(t, 200).str("application.version")
}

func hexSum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// countRows counts rows of a table in the test server's database.
func (ts *testServer) countRows(t testing.TB, table string) int {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), ts.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestDocumentsOverREST walks documents through a case: the applicant's
// materials, refused uploads that store nothing, staff documents each role
// sees or not, the documents provided listed by the draft and the reply
// letter, downloadable by the applicant only after sign-off and never
// removable then.
func TestDocumentsOverREST(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	cfg.MaxFileSize, cfg.MaxCaseSize = 64<<10, 1<<20
	ts := startWith(t, cfg)
	p := ts.bootstrap(t)
	r := ts.rest(t, "POST", "/v1/applications", p.tokens["applicant"], applicationBody(p.agencyA, "")).want(t, 200)
	c := &caseAt{id: r.str("application.id")}

	idCopy := filetype.Sample(filetype.JPEG, 0)
	up := ts.upload(t, c.id, p.tokens["applicant"], "APPLICANT_MATERIAL", "申请人身份证（正反面）.jpg", "image/jpeg", idCopy).want(t, 200)
	docID := up.str("document.id")
	if up.str("document.mediaType") != "image/jpeg" || up.str("document.sha256") != hexSum(idCopy) || up.str("document.kindLabel") != "申请人提交的材料" {
		t.Errorf("uploaded: %s", up.raw)
	}
	got := ts.download(t, c.id, docID, p.tokens["applicant"]).want(t, 200)
	if got.raw != string(idCopy) || got.header.Get("Content-Type") != "image/jpeg" {
		t.Errorf("downloaded %d bytes of type %q", len(got.raw), got.header.Get("Content-Type"))
	}
	const wantDisposition = `attachment; filename="___________.jpg"; filename*=UTF-8''%E7%94%B3%E8%AF%B7%E4%BA%BA%E8%BA%AB%E4%BB%BD%E8%AF%81%EF%BC%88%E6%AD%A3%E5%8F%8D%E9%9D%A2%EF%BC%89.jpg`
	if d := got.header.Get("Content-Disposition"); d != wantDisposition {
		t.Errorf("Content-Disposition = %q, want %q", d, wantDisposition)
	}

	// Bad input: each a 400 (404 for a case one may not see) naming what
	// is wrong, and nothing stored.
	blobs, docs := ts.countRows(t, "blobs"), ts.countRows(t, "documents")
	pdf := filetype.Sample(filetype.PDF, 3)
	for _, bad := range []struct {
		what, token, kind, name, ct string
		data                        []byte
		fields                      []string
		status                      int
		says                        string
	}{
		{"empty", "applicant", "APPLICANT_MATERIAL", "空.pdf", "", nil, nil, 400, "文件为空"},
		{"oversize", "applicant", "APPLICANT_MATERIAL", "大.txt", "", bytes.Repeat([]byte("公开"), 40<<10), nil, 400, "64 KiB"},
		{"truncated", "applicant", "APPLICANT_MATERIAL", "补正.pdf", "", pdf, []string{"size", fmt.Sprint(len(pdf) + 100)}, 400, "上传不完整"},
		{"wrong digest", "applicant", "APPLICANT_MATERIAL", "补正.pdf", "", pdf, []string{"sha256", hexSum([]byte("x"))}, 400, "SHA-256"},
		{"name lies", "applicant", "APPLICANT_MATERIAL", "身份证.pdf", "", idCopy, nil, 400, "扩展名不符"},
		{"type lies", "applicant", "APPLICANT_MATERIAL", "补正.pdf", "image/png", pdf, nil, 400, "不符"},
		{"not accepted", "applicant", "APPLICANT_MATERIAL", "程序.exe", "", []byte("MZ\x90\x00\x03\x00"), nil, 400, "不支持的文件类型"},
		{"path", "applicant", "APPLICANT_MATERIAL", "../../etc/补正.pdf", "", pdf, nil, 400, "路径分隔符"},
		{"backslash", "applicant", "APPLICANT_MATERIAL", `C:\补正.pdf`, "", pdf, nil, 400, "路径分隔符"},
		{"control", "applicant", "APPLICANT_MATERIAL", "补正\x07.pdf", "", pdf, nil, 400, "控制字符"},
		{"no kind", "applicant", "SOMETHING", "补正.pdf", "", pdf, nil, 400, "kind"},
		{"not theirs", "applicant2", "APPLICANT_MATERIAL", "补正.pdf", "", pdf, nil, 404, "不存在"},
		{"other agency", "clerkb", "APPLICANT_MATERIAL", "补正.pdf", "", pdf, nil, 404, "不存在"},
		{"not their kind", "applicant", "PROVIDED", "答复.pdf", "", pdf, nil, 403, "申请人不能上传"},
	} {
		r := ts.upload(t, c.id, p.tokens[bad.token], bad.kind, bad.name, bad.ct, bad.data, bad.fields...)
		if r.status != bad.status || !strings.Contains(r.raw, bad.says) {
			t.Errorf("%s: HTTP %d %s, want %d saying %q", bad.what, r.status, r.raw, bad.status, bad.says)
		}
	}
	if b, d := ts.countRows(t, "blobs"), ts.countRows(t, "documents"); b != blobs || d != docs {
		t.Errorf("refused uploads stored something: blobs %d -> %d, documents %d -> %d", blobs, b, docs, d)
	}
	ts.rest(t, "GET", "/v1/applications/"+c.id+"/documents", p.tokens["applicant2"], nil).want(t, 404)
	ts.download(t, c.id, docID, p.tokens["clerkb"]).want(t, 404)

	// The clerk confirms, the officer takes the case and adds the
	// documents to provide, a consultee's answer and a working paper.
	ts.refresh(t, c, p.tokens["clerk"])
	ts.act(t, c, "confirm", p.tokens["clerk"], nil)
	ts.act(t, c, "assign", p.tokens["officer"], nil)
	provided := ts.upload(t, c.id, p.tokens["officer"], "PROVIDED", "2025年老旧小区改造项目清单.pdf", "application/pdf", pdf).want(t, 200)
	if provided.str("document.pages") != "3" || provided.str("document.pagesSource") != "PDF" {
		t.Errorf("pages of the PDF: %s", provided.raw)
	}
	scan := ts.upload(t, c.id, p.tokens["officer"], "PROVIDED", "项目批复.ofd", "", filetype.Sample(filetype.OFD, 0), "pages", "2").want(t, 200)
	if scan.str("document.pages") != "2" || scan.str("document.pagesSource") != "ENTERED" || scan.str("document.mediaType") != "application/ofd" {
		t.Errorf("entered pages of an OFD: %s", scan.raw)
	}
	answer := ts.upload(t, c.id, p.tokens["officer"], "CONSULTEE_ANSWER", "第三方意见.docx", "", filetype.Sample(filetype.DOCX, 0)).want(t, 200)
	memo := ts.upload(t, c.id, p.tokens["officer"], "INTERNAL", "检索记录.xlsx", "", filetype.Sample(filetype.XLSX, 0)).want(t, 200)
	note := ts.upload(t, c.id, p.tokens["officer"], "INTERNAL", "办理说明.txt", "text/plain", []byte("经检索，找到清单一份。\n")).want(t, 200)

	sees := func(who string, want ...string) {
		t.Helper()
		list := ts.rest(t, "GET", "/v1/applications/"+c.id+"/documents", p.tokens[who], nil).want(t, 200)
		var n int
		for _, d := range list.body["documents"].([]any) {
			n++
			id := d.(map[string]any)["id"].(string)
			found := false
			for _, w := range want {
				found = found || w == id
			}
			if !found {
				t.Errorf("%s sees document %s (%s)", who, id, d.(map[string]any)["fileName"])
			}
		}
		if n != len(want) {
			t.Errorf("%s sees %d documents, want %d: %s", who, n, len(want), list.raw)
		}
	}
	all := []string{docID, provided.str("document.id"), scan.str("document.id"), answer.str("document.id"), memo.str("document.id"), note.str("document.id")}
	sees("applicant", docID)
	sees("adviser", all[:4]...)
	sees("clerk", all...)
	ts.download(t, c.id, provided.str("document.id"), p.tokens["applicant"]).want(t, 404)
	ts.download(t, c.id, memo.str("document.id"), p.tokens["adviser"]).want(t, 404)

	// A working paper is removed with a reason; the history names the
	// file by its SHA-256.
	ts.rest(t, "POST", "/v1/applications/"+c.id+"/documents/"+note.str("document.id")+":remove", p.tokens["officer"],
		map[string]any{}).want(t, 400)
	ts.rest(t, "POST", "/v1/applications/"+c.id+"/documents/"+note.str("document.id")+":remove", p.tokens["applicant"],
		map[string]any{"reason": "x"}).want(t, 404)
	ts.rest(t, "POST", "/v1/applications/"+c.id+"/documents/"+note.str("document.id")+":remove", p.tokens["officer"],
		map[string]any{"reason": "重复上传"}).want(t, 200)
	events := ts.rest(t, "GET", "/v1/applications/"+c.id+"/events", p.tokens["officer"], nil).want(t, 200)
	if !strings.Contains(events.raw, `"remove_document"`) || !strings.Contains(events.raw, hexSum([]byte("经检索，找到清单一份。\n"))) ||
		!strings.Contains(events.raw, `"attach_document"`) {
		t.Errorf("history lacks the document events with their digests: %.400s", events.raw)
	}

	// The draft lists the documents provided by id; the letter lists them
	// with their pages; after sign-off the applicant downloads them and
	// nobody removes them.
	ts.rest(t, "POST", "/v1/applications/"+c.id+"/drafts", p.tokens["officer"], map[string]any{
		"outcome": "OUTCOME_DISCLOSED", "facts": "经检索，找到清单一份",
		"attachments": []map[string]any{{"documentId": memo.str("document.id")}},
	}).want(t, 400)
	draft := ts.rest(t, "POST", "/v1/applications/"+c.id+"/drafts", p.tokens["officer"], map[string]any{
		"outcome": "OUTCOME_DISCLOSED", "facts": "经检索，找到清单一份",
		"attachments": []map[string]any{{"documentId": provided.str("document.id")}, {"documentId": scan.str("document.id"), "title": "项目批复"}},
	}).want(t, 200)
	if !strings.Contains(draft.raw, `"title":"2025年老旧小区改造项目清单"`) || !strings.Contains(draft.raw, `"pages":3`) {
		t.Errorf("draft attachments: %s", draft.raw)
	}
	ts.refresh(t, c, p.tokens["officer"])
	ts.act(t, c, "submitDraft", p.tokens["officer"], nil)
	ts.rest(t, "POST", "/v1/applications/"+c.id+"/documents/"+scan.str("document.id")+":remove", p.tokens["officer"],
		map[string]any{"reason": "换一份"}).want(t, 400)
	ts.act(t, c, "signOff", p.tokens["head"], nil)
	notices := ts.rest(t, "GET", "/v1/applications/"+c.id+"/notices", p.tokens["applicant"], nil).want(t, 200)
	if !strings.Contains(notices.raw, "答复") {
		t.Fatalf("no reply letter: %s", notices.raw)
	}
	letter := ""
	for _, n := range notices.body["notices"].([]any) {
		if n.(map[string]any)["kind"] == "REPLY_LETTER" {
			letter = ts.rest(t, "GET", "/v1/applications/"+c.id+"/notices/"+n.(map[string]any)["id"].(string), p.tokens["applicant"], nil).want(t, 200).raw
		}
	}
	if !strings.Contains(letter, "《2025年老旧小区改造项目清单》（3页）") || !strings.Contains(letter, "《项目批复》（2页）") {
		t.Errorf("the reply letter does not list the documents provided: %.2000s", letter)
	}
	sees("applicant", docID, provided.str("document.id"), scan.str("document.id"))
	if d := ts.download(t, c.id, provided.str("document.id"), p.tokens["applicant"]).want(t, 200); d.raw != string(pdf) {
		t.Error("the applicant's download differs from the upload")
	}
	refused := ts.rest(t, "POST", "/v1/applications/"+c.id+"/documents/"+provided.str("document.id")+":remove", p.tokens["officer"],
		map[string]any{"reason": "换一份"}).want(t, 400)
	if !strings.Contains(refused.raw, "不能删除或替换") {
		t.Errorf("removing a signed document: %s", refused.raw)
	}

	// The case file: only of a closed case, only for staff, and it
	// verifies from the ZIP alone.
	archive := func(path, token string) response {
		req, _ := http.NewRequest("GET", "http://"+ts.httpAddr+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		return ts.do(t, req)
	}
	archive("/v1/applications/"+c.id+"/casefile", p.tokens["officer"]).want(t, 400)
	ts.refresh(t, c, p.tokens["clerk"])
	ts.upload(t, c.id, p.tokens["clerk"], "DELIVERY_PROOF", "送达回证.png", "", filetype.Sample(filetype.PNG, 0)).want(t, 200)
	ts.refresh(t, c, p.tokens["clerk"])
	ts.act(t, c, "recordDelivery", p.tokens["clerk"], map[string]any{"method": "SERVICE_METHOD_IN_PERSON"})
	archive("/v1/applications/"+c.id+"/casefile", p.tokens["applicant"]).want(t, 403)
	archive("/v1/applications/"+c.id+"/casefile", p.tokens["clerkb"]).want(t, 404)
	zr := archive("/v1/applications/"+c.id+"/casefile", p.tokens["officer"]).want(t, 200)
	if !strings.Contains(zr.header.Get("Content-Disposition"), "filename*=UTF-8''%E6%A1%88%E5%8D%B7-JIA-2026-") {
		t.Errorf("case file named %q", zr.header.Get("Content-Disposition"))
	}
	files := verifyCaseFile(t, []byte(zr.raw), "")
	if !strings.Contains(files["历史核验.txt"], "结论：完整") {
		t.Errorf("verification summary: %s", files["历史核验.txt"])
	}
	if files["材料/02_提供的政府信息_2025年老旧小区改造项目清单.pdf"] != string(pdf) {
		t.Errorf("the case file lacks the document provided; files: %v", keys(files))
	}
	if !strings.Contains(files["材料/06_内部材料_办理说明.txt"], "经检索") || !strings.Contains(files["00_卷内目录.txt"], "已删除：重复上传") {
		t.Errorf("the removed working paper is not in the case file as removed: %s", files["00_卷内目录.txt"])
	}
	if letter == "" || !containsValue(files, letter) {
		t.Error("the reply letter is not in the case file exactly as issued")
	}
	var history struct {
		Events []struct{ Hash, PrevHash string }
	}
	if err := json.Unmarshal([]byte(files["历史记录.json"]), &history); err != nil || len(history.Events) < 10 {
		t.Errorf("history in the case file: %v, %d events", err, len(history.Events))
	}
	for i := 1; i < len(history.Events); i++ {
		if history.Events[i].PrevHash != history.Events[i-1].Hash {
			t.Errorf("event %d does not link to the one before", i+1)
		}
	}

	// The agency's export of the year: a folder per closed case, each
	// verifying on its own.
	archive("/v1/agencies/"+p.agencyA+"/casefiles/2026", p.tokens["officer"]).want(t, 403)
	archive("/v1/agencies/"+p.agencyB+"/casefiles/2026", p.tokens["head"]).want(t, 404)
	bulk := archive("/v1/agencies/"+p.agencyA+"/casefiles/2026", p.tokens["head"]).want(t, 200)
	zb, err := zip.NewReader(bytes.NewReader([]byte(bulk.raw)), int64(len(bulk.raw)))
	if err != nil {
		t.Fatal(err)
	}
	folder := ""
	for _, f := range zb.File {
		if strings.HasSuffix(f.Name, "/"+"SHA256SUMS") {
			folder = strings.TrimSuffix(f.Name, "SHA256SUMS")
		}
	}
	if folder == "" || zb.File[0].Name != "目录.txt" {
		t.Fatalf("export holds no case folder: first %s", zb.File[0].Name)
	}
	verifyCaseFile(t, []byte(bulk.raw), folder)
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func containsValue(m map[string]string, v string) bool {
	for _, x := range m {
		if x == v {
			return true
		}
	}
	return false
}

// verifyCaseFile checks a case file from the archive alone: the index
// comes first, the manifest names every other file of the folder, and
// every file's SHA-256 is what the manifest says. It returns the files by
// path within the folder.
func verifyCaseFile(t *testing.T, archive []byte, folder string) map[string]string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		t.Fatalf("not a ZIP archive: %v", err)
	}
	files, order := map[string]string{}, []string{}
	for _, f := range z.File {
		if !strings.HasPrefix(f.Name, folder) {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		name := strings.TrimPrefix(f.Name, folder)
		files[name] = string(b)
		order = append(order, name)
	}
	if len(order) == 0 || order[0] != "00_卷内目录.txt" || order[len(order)-1] != "SHA256SUMS" {
		t.Fatalf("archive order: %v", order)
	}
	listed := 0
	for _, line := range strings.Split(strings.TrimSpace(files["SHA256SUMS"]), "\n") {
		sum, name, ok := strings.Cut(line, "  ")
		content, found := files[name]
		if !ok || !found {
			t.Errorf("manifest line %q names no file of the archive", line)
			continue
		}
		if hexSum([]byte(content)) != sum {
			t.Errorf("%s: SHA-256 differs from the manifest", name)
		}
		if name != "00_卷内目录.txt" && !strings.Contains(files["00_卷内目录.txt"], name) {
			t.Errorf("%s is not in the index", name)
		}
		listed++
	}
	if listed != len(files)-1 {
		t.Errorf("the manifest lists %d files, the archive holds %d besides it", listed, len(files)-1)
	}
	return files
}
