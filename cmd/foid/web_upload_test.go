package main

import (
	"bytes"
	"mime/multipart"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// upload posts the case page's upload form as a browser does: the CSRF
// token of the page last seen and the kind before the file.
func (u *webUser) upload(path, csrf, kind, name string, content []byte) *webUser {
	u.t.Helper()
	if csrf == "" {
		csrf = u.csrf()
	}
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("csrf", csrf)
	if kind != "" {
		w.WriteField("kind", kind)
	}
	fw, _ := w.CreateFormFile("file", name)
	fw.Write(content)
	w.Close()
	res, err := u.client.Post(u.base()+path, w.FormDataContentType(), &body)
	if err != nil {
		u.t.Fatal(err)
	}
	u.read(res)
	return u
}

// TestWebDocumentUpload: staff add documents of the kinds their role
// takes from the case page, and remove them with a reason; the applicant
// adds supplement material while the intake allows it. A missing kind, no
// file, a file over the limit and a removal without reason are refused
// beside the field; a forged form is refused; names are escaped; the
// adviser is offered neither form.
func TestWebDocumentUpload(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t)
	cfg.MaxFileSize = 64 << 10
	ts := startWith(t, cfg)
	p := ts.bootstrap(t)
	applicant := ts.webUser(t).signIn(p.logins["applicant"], p.passwords["applicant"])
	id := applyOnline(t, applicant, p.agencyA, "2025年度老旧小区改造项目清单")
	applicant.get("/my/"+id).want("上传材料", `name="kind" value="APPLICANT_MATERIAL"`, "每个文件不超过 64 KiB")
	applicant.upload("/my/"+id+"/documents", "", "APPLICANT_MATERIAL", "补充说明.txt", []byte("所需为2025年度的清单\n")).
		wantStatus(200).want("已上传材料", "补充说明.txt", "申请人提交的材料", "删除材料")
	if applicant.url != "/my/"+id {
		t.Errorf("after uploading the applicant is at %s", applicant.url)
	}

	clerk := ts.webUser(t).signIn(p.logins["clerk"], p.passwords["clerk"])
	clerk.get("/cases/"+id).want("补充说明.txt", "上传材料")
	clerk.post("/cases/"+id+"/act/confirm", url.Values{"version": {clerk.version()}}).want("已受理")
	officer := ts.webUser(t).signIn(p.logins["officer"], p.passwords["officer"])
	officer.get("/cases/" + id)
	officer.post("/cases/"+id+"/act/assign", url.Values{"version": {officer.version()}}).want("办理中", "上传材料")
	kinds := regexp.MustCompile(`name="kind" value="([A-Z_]+)"`).FindAllStringSubmatch(officer.page, -1)
	var got []string
	for _, k := range kinds {
		got = append(got, k[1])
	}
	if want := []string{"PROVIDED", "CONSULTEE_ANSWER", "RECEIPT", "DELIVERY_PROOF", "INTERNAL"}; !slices.Equal(got, want) {
		t.Errorf("the officer is offered kinds %v, want %v", got, want)
	}
	// The applicant's own material is the applicant's or the clerk's to remove.
	officer.wantNot("remove-")
	adviser := ts.webUser(t).signIn(p.logins["adviser"], p.passwords["adviser"])
	adviser.get("/cases/"+id).wantNot(`enctype="multipart/form-data"`, "删除材料")
	applicant.get("/my/"+id).wantNot(`enctype="multipart/form-data"`, "删除材料")

	page := "/cases/" + id
	officer.get(page).upload(page+"/documents", "forged", "INTERNAL", "a.txt", []byte("x")).wantStatus(403).want("表单已失效")
	officer.get(page).upload(page+"/documents", "", "", "检索记录.txt", []byte("x")).
		wantStatus(400).want("提交的内容有问题", `href="#upload-f-kind"`, "请选择材料类别")
	officer.upload(page+"/documents", "", "INTERNAL", "", nil).wantStatus(400).want(`href="#upload-f-file"`, "请选择要上传的文件")
	officer.upload(page+"/documents", "", "INTERNAL", "大文件.txt", bytes.Repeat([]byte("大"), 30<<10)).
		wantStatus(400).want(`href="#upload-f-file"`, "文件超过 64 KiB 上限")
	// Far over the limit: the API stops reading, and the page still
	// answers the browser that is sending the rest.
	officer.upload(page+"/documents", "", "INTERNAL", "扫描件.txt", bytes.Repeat([]byte("x"), 3<<20)).
		wantStatus(400).want("文件超过 64 KiB 上限")
	officer.upload(page+"/documents", "", "DELIVERY_PROOF", "送达回证.txt", []byte("x")).
		wantStatus(400).want("提交的内容有问题", "不能上传「送达凭证」")
	record := []byte("检索了2025年度的项目台账\n")
	officer.upload(page+"/documents", "", "INTERNAL", "检索记录<1>.txt", record).
		wantStatus(200).want("已上传材料", "检索记录&lt;1&gt;.txt", "内部材料").wantNot("检索记录<1>")
	m := regexp.MustCompile(`href="(/applications/[^"]+)" download>检索记录&lt;1&gt;.txt<`).FindStringSubmatch(officer.page)
	if m == nil {
		t.Fatalf("no download link:\n%s", mainOf(officer.page))
	}
	if res := getWith(t, officer, m[1]); res.status != 200 || res.body != string(record) {
		t.Errorf("the uploaded file downloads as HTTP %d %q", res.status, res.body)
	}
	doc := regexp.MustCompile(`action="(/cases/[^"]+/documents/([^/"]+)/remove)"`).FindStringSubmatch(officer.page)
	if doc == nil {
		t.Fatalf("no removal form:\n%s", mainOf(officer.page))
	}
	officer.post(doc[1], url.Values{}).wantStatus(400).
		want(`href="#remove-`+doc[2]+`-f-reason"`, `<details class="remove-document" open>`)
	officer.post(doc[1], url.Values{"reason": {"误传 <b>"}}).wantStatus(200).
		want("已删除材料", "删除：误传 &lt;b&gt;").wantNot(`href="` + m[1] + `"`)
	if strings.Contains(officer.page, doc[1]) {
		t.Errorf("a removed document is still offered for removal")
	}
	// The clerk records a receipt handed in at the window.
	clerk.get(page).upload(page+"/documents", "", "RECEIPT", "缴款凭证.txt", []byte("凭证\n")).want("已上传材料", "缴款凭证.txt", "缴费凭证")
}
