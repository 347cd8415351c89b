package main

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserDeskAndTemplates: in a real browser, the administrator
// previews a notice template, which shows the sample letter in its frame
// with the letter's own styles applied; the clerk resets an applicant's
// password and sees the printable one-time password.
func TestBrowserDeskAndTemplates(t *testing.T) {
	browserPath(t)
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	b := newBrowser(t, "http://"+ts.httpAddr)
	b.desktop()

	b.signIn(p.logins["admin"], p.passwords["admin"])
	b.open("/admin/agencies/"+p.agencyA+"/templates").see("受理回执", "默认模板").shot("templates")
	b.open("/admin/agencies/"+p.agencyA+"/templates/RECEIPT").see("受理回执模板", "从未修改")
	b.submit(`button[value="preview"]`).see("预览（示例数据：受理回执）")
	// The frame holds the letter (no script may run in it: sandboxed),
	// with the letter's own styles applied (the page's policy lets inline
	// styles through on this page only).
	ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(function(){
		var d = document.querySelector("iframe.preview").contentDocument;
		if (!d || !d.body.innerText.includes("甲区住房和城乡建设局") || !d.body.innerText.includes("受理回执")) { return false }
		return getComputedStyle(d.body).backgroundColor !== "rgba(0, 0, 0, 0)";
	})()`))
	if err != nil || !ok {
		t.Errorf("the preview frame does not show the styled letter: %v, %v", ok, err)
	}
	b.shot("template-preview")
	b.signOut()

	b.signIn("clerk", p.passwords["clerk"])
	b.open("/desk/accounts").see("重置密码", "变更身份信息")
	b.fill("reset-f-login", p.logins["applicant"], "reset-f-idNumber", "11010519491231002X")
	b.submit(`form[action="/desk/accounts/reset"] button[type=submit]`).see("一次性密码", "打印").shot("desk-password")
}
