package main

import (
	"strings"
	"testing"
)

// TestBrowserLiveFeeQuote: with JavaScript on, the officer's fee form
// shows the case's maximum as the pages are typed, on the same page and
// without issuing anything; a mode that cannot be priced yet says why.
func TestBrowserLiveFeeQuote(t *testing.T) {
	browserPath(t)
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.day(t, p, "2026-11-02")
	c := ts.registerAssigned(t, p, "2026-11-02")
	b := newBrowser(t, "http://"+ts.httpAddr)
	b.desktop().signIn(p.logins["officer"], p.passwords["officer"]).open("/cases/"+c.id).
		click("#act-issue_fee_notice summary", "#issue_fee_notice-f-mode")
	b.see("本案尚无提供的政府信息材料，请填写页数") // the API's reason
	b.eval(`(function(){var e=document.getElementById("issue_fee_notice-f-pages"); if(!e){return false};
		e.value="300"; e.dispatchEvent(new Event("input", {bubbles: true})); return true})()`, "type the pages")
	b.see("按标准最高可收取：6700.00 元", "第201至300页").shot("12-live-fee-quote")
	if at := b.location(); !strings.HasSuffix(at, "/cases/"+c.id) {
		t.Errorf("the quote left the page for %s", at)
	}
	b.open("/cases/"+c.id).see("办理中", "发出收费通知")
}
