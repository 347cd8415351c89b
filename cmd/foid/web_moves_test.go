package main

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"
)

// TestWebCalendarMoves: loading a calendar year from the form takes the
// administrator to the cases whose dates it moved, with the old and new
// due dates and a link to each case; the calendars page links to that
// list for the year later; a load that moved nothing says so; an officer
// is refused by the API; an unknown load is not found.
func TestWebCalendarMoves(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.clock.Advance(13 * 24 * time.Hour) // 2026-12-10: a case received today reaches into 2027, not yet published
	for _, name := range []string{"clerk", "admin"} {
		p.tokens[name] = ts.signIn(t, p.logins[name], p.passwords[name])
	}
	body := applicationBody(p.agencyA, "")
	body["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": "2026-12-10"}
	r := ts.rest(t, "POST", "/v1/applications:register", p.tokens["clerk"], body).want(t, 200)
	id, tracking := r.str("application.id"), r.str("application.trackingNumber")
	for range 2 {
		ts.rest(t, "POST", "/v1/applications:register", p.tokens["clerk"], body).want(t, 200)
	}

	admin := ts.webUser(t).signIn(p.logins["admin"], p.passwords["admin"])
	admin.post("/admin/calendars", url.Values{"region": {"CN"}, "year": {"2027"}, "noticeTitle": {"国务院办公厅关于2027年部分节假日安排的通知"},
		"noticeNumber": {"国办发明电〔2026〕1号"}, "noticeDate": {"2026-11-20"}, "holidays": {"元旦 2027-01-01 2027-01-03"}}).wantStatus(200)
	if !regexp.MustCompile(`^/admin/calendars/loads/\d+$`).MatchString(admin.url) {
		t.Fatalf("after the load the administrator is at %s", admin.url)
	}
	moves := admin.url
	admin.want("已载入2027年节假日安排", "期限变动的案件", `href="/cases/`+id+`">`+tracking+`</a>`, "2027年1月7日", "2027年1月8日", "甲区住房和城乡建设局", "已发出日期更正告知书（", "更正答复期限")

	// Over REST, a page at a time, each case once.
	seen := map[string]bool{}
	token := ""
	for range 3 {
		page := ts.rest(t, "GET", "/v1/calendars/loads/"+moves[len("/admin/calendars/loads/"):]+"/moves?pageSize=2&pageToken="+url.QueryEscape(token), p.tokens["admin"], nil).want(t, 200)
		if page.str("region") != "CN" || page.str("year") != "2027" {
			t.Errorf("the load: %s", page.raw)
		}
		for _, m := range page.body["moves"].([]any) {
			seen[m.(map[string]any)["applicationId"].(string)] = true
		}
		if token = page.str("nextPageToken"); token == "" {
			break
		}
	}
	if len(seen) != 3 || !seen[id] {
		t.Errorf("the moves over REST: %v", seen)
	}
	admin.get("/admin/calendars").want(`href="` + moves + `">期限变动的案件</a>`)
	admin.get(moves).wantStatus(200).want(tracking)
	admin.get("/cases/" + id).wantStatus(200).want(tracking)

	// Loading the same year again moves nothing.
	admin.get("/admin/calendars")
	admin.post("/admin/calendars", url.Values{"region": {"CN"}, "year": {"2027"}, "noticeTitle": {"国务院办公厅关于2027年部分节假日安排的通知"},
		"noticeNumber": {"国办发明电〔2026〕1号"}, "noticeDate": {"2026-11-20"}, "holidays": {"元旦 2027-01-01 2027-01-03"}}).wantStatus(200)
	admin.want("没有使任何案件的期限发生变化").wantNot(tracking)

	admin.get("/admin/calendars/loads/999999").wantStatus(http.StatusNotFound)
	admin.get("/admin/calendars/loads/x").wantStatus(http.StatusNotFound)
	officer := ts.webUser(t).signIn("officer", p.passwords["officer"])
	officer.get(moves).wantStatus(http.StatusForbidden)
	ts.rest(t, "GET", "/v1/calendars/loads/1/moves", ts.signIn(t, "officer", p.passwords["officer"]), nil).want(t, 403)
}
