package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserDocumentUpload: in a real browser, the officer picks a kind
// and a file with a Chinese name on the case page and uploads it; the form
// sends its CSRF field and kind before the file, as the page requires, and
// the document is listed with its name.
func TestBrowserDocumentUpload(t *testing.T) {
	browserPath(t)
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.day(t, p, "2026-11-02")
	c := ts.registerAssigned(t, p, "2026-11-02")
	file := filepath.Join(t.TempDir(), "检索记录（2025年度）.txt")
	if err := os.WriteFile(file, []byte("检索了2025年度的项目台账\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, "http://"+ts.httpAddr)
	b.desktop().signIn(p.logins["officer"], p.passwords["officer"]).open("/cases/"+c.id).see("上传材料", "材料类别")
	b.click("#upload-f-kind-INTERNAL")
	b.do(chromedp.SetUploadFiles("#upload-f-file", []string{file}))
	b.submit("form.upload-form button[type=submit]").see("已上传材料", "检索记录（2025年度）.txt", "内部材料").shot("case-document-uploaded")
}
