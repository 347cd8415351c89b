package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// segments returns the explanation of a deadline answer as "KIND from..to days".
func segments(r response, prefix string) []string {
	var out []string
	segs, _ := r.body[prefix].(map[string]any)["segments"].([]any)
	for _, s := range segs {
		m := s.(map[string]any)
		days, _ := m["days"].(float64)
		out = append(out, fmt.Sprintf("%s %s..%s %d", strings.TrimPrefix(m["kind"].(string), "SEGMENT_KIND_"), m["from"], m["to"], int(days)))
	}
	return out
}

// TestDeadlineCalculator is the clock issue's REST acceptance.
func TestDeadlineCalculator(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	for received, due := range map[string]string{"2026-09-28": "2026-10-30", "2026-02-12": "2026-03-18"} {
		r := ts.rest(t, "POST", "/v1/deadlines:compute", "", map[string]any{"receivedOn": received, "asOf": received}).want(t, 200)
		if got := r.str("deadline.dueOn"); got != due {
			t.Errorf("received %s: due %s, want %s", received, got, due)
		}
	}

	// A consultation across the Spring Festival: sent Tuesday 02-10 (six
	// working days used), answered Friday 02-27. On a wall calendar the
	// clock stands still from 02-11 to 02-27 (eight working days, make-up
	// Saturday 02-14 included) and the fourteen days left run from the
	// make-up Saturday 02-28 to 03-18.
	r := ts.rest(t, "POST", "/v1/deadlines:compute", "", map[string]any{
		"receivedOn": "2026-02-02", "asOf": "2026-03-02",
		"events": []map[string]any{
			{"kind": "CLOCK_EVENT_KIND_PAUSE", "date": "2026-02-10", "reason": "PAUSE_REASON_CONSULTATION"},
			{"kind": "CLOCK_EVENT_KIND_RESUME", "date": "2026-02-27"},
		},
	}).want(t, 200)
	if got := r.str("deadline.dueOn"); got != "2026-03-18" {
		t.Errorf("pause across the Spring Festival: due %s, want 2026-03-18", got)
	}
	segs := segments(r, "deadline")
	for _, want := range []string{"RUNNING 2026-02-03..2026-02-10 6", "PAUSE 2026-02-10..2026-02-27 8"} {
		if !slices.Contains(segs, want) {
			t.Errorf("explanation %v lacks %q", segs, want)
		}
	}
	if !strings.Contains(r.raw, "不计入") {
		t.Errorf("the explanation has no Chinese text for the pause: %s", r.raw)
	}
	// As of Monday 03-02: six days before the pause, then 02-28 and 03-02.
	if r.str("deadline.workingDaysUsed") != "8" || r.str("deadline.workingDaysLeft") != "12" {
		t.Errorf("as of 2026-03-02: used %s left %s, want 8 and 12", r.str("deadline.workingDaysUsed"), r.str("deadline.workingDaysLeft"))
	}

	bad := ts.rest(t, "POST", "/v1/deadlines:compute", "", map[string]any{
		"receivedOn": "2026-02-02", "events": []map[string]any{{"kind": "CLOCK_EVENT_KIND_RESUME", "date": "2026-02-05"}},
	}).want(t, 400)
	if !slices.Contains(bad.fieldViolations(), "events[0]") {
		t.Errorf("resume while running: violations %v, want events[0]", bad.fieldViolations())
	}
	ts.rest(t, "POST", "/v1/deadlines:compute", "", map[string]any{"receivedOn": "2026-13-01"}).want(t, 400)

	// A year not loaded still answers, provisional, naming the year.
	p := ts.rest(t, "POST", "/v1/deadlines:compute", "", map[string]any{"receivedOn": "2027-03-01", "asOf": "2027-03-01"}).want(t, 200)
	if p.str("deadline.provisional") != "true" || p.str("deadline.missingYears") != "[2027]" {
		t.Errorf("2027: provisional %s missing %s", p.str("deadline.provisional"), p.str("deadline.missingYears"))
	}
}

func TestCalendarDaysAndYears(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	r := ts.rest(t, "GET", "/v1/calendars/CN/days?from=2026-10-01&to=2026-10-11", "", nil).want(t, 200)
	days := r.body["days"].([]any)
	if len(days) != 11 {
		t.Fatalf("%d days, want 11", len(days))
	}
	first, tenth := days[0].(map[string]any), days[9].(map[string]any)
	if first["working"] != false || first["kind"] != "DAY_KIND_HOLIDAY" || first["holiday"] != "国庆节" {
		t.Errorf("2026-10-01: %v", first)
	}
	if tenth["working"] != true || tenth["kind"] != "DAY_KIND_MAKE_UP_WORKDAY" {
		t.Errorf("2026-10-10: %v", tenth)
	}
	ts.rest(t, "GET", "/v1/calendars/CN/days?from=2026-01-01&to=2027-12-31", "", nil).want(t, 400)
	years := ts.rest(t, "GET", "/v1/calendars/CN/years", "", nil).want(t, 200)
	if n := len(years.body["years"].([]any)); n != 8 {
		t.Errorf("%d national years shipped, want 8 (2019-2026)", n)
	}

	// A case received on 2026-12-10 reaches into 2027, not yet published.
	ts.clock.Advance(13 * 24 * time.Hour) // 2026-12-10; the access tokens have expired
	for _, name := range []string{"clerk", "officer", "admin"} {
		p.tokens[name] = ts.signIn(t, p.logins[name], p.passwords[name])
	}
	body := applicationBody(p.agencyA, "")
	body["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": "2026-12-10"}
	id := ts.rest(t, "POST", "/v1/applications:register", p.tokens["clerk"], body).want(t, 200).str("application.id")
	before := ts.rest(t, "GET", "/v1/applications/"+id+"/deadline", p.tokens["officer"], nil).want(t, 200)
	if before.str("deadline.dueOn") != "2027-01-07" || before.str("deadline.provisional") != "true" {
		t.Fatalf("before 2027 is loaded: %s", before.raw)
	}

	year := map[string]any{
		"notices":  []map[string]any{{"title": "国务院办公厅关于2027年部分节假日安排的通知", "number": "国办发明电〔2026〕1号", "date": "2026-11-20"}},
		"holidays": []map[string]any{{"name": "元旦", "off": []map[string]any{{"from": "2027-01-01", "to": "2027-01-03"}}}},
	}
	ts.rest(t, "PUT", "/v1/calendars/CN/years/2027", p.tokens["officer"], year).want(t, 403)
	put := ts.rest(t, "PUT", "/v1/calendars/CN/years/2027", p.tokens["admin"], year).want(t, 200)
	if put.str("changed") != "true" || put.str("firstChange") != "2027-01-01" || put.str("dueDatesMoved") != "1" {
		t.Errorf("load 2027: %s", put.raw)
	}
	after := ts.rest(t, "GET", "/v1/applications/"+id, p.tokens["officer"], nil).want(t, 200)
	if after.str("application.dueOn") != "2027-01-08" || after.str("application.dueProvisional") != "false" {
		t.Errorf("after loading 2027: due %s provisional %s", after.str("application.dueOn"), after.str("application.dueProvisional"))
	}

	wrong := map[string]any{"holidays": []map[string]any{{"name": "春节", "work": []string{"2027-02-01"}}}}
	bad := ts.rest(t, "PUT", "/v1/calendars/CN/years/2027", p.tokens["admin"], wrong).want(t, 400)
	if !slices.Contains(bad.fieldViolations(), "holidays[0].work[0]") {
		t.Errorf("a Monday as make-up day: violations %v", bad.fieldViolations())
	}
}

func TestCalendarRegionIsChecked(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	r := ts.rest(t, "GET", "/v1/calendars/cn%20xz/days?from=2026-10-01&to=2026-10-02", "", nil).want(t, 400)
	if v := r.fieldViolations(); len(v) != 1 || v[0] != "region" {
		t.Errorf("violations %v", v)
	}
	ts.rest(t, "POST", "/v1/deadlines:compute", "", map[string]any{"receivedOn": "2026-09-28", "region": "nowhere"}).want(t, 400)
	ts.rest(t, "POST", "/v1/deadlines:compute", "", map[string]any{"receivedOn": "2026-09-28", "region": "CN-XZ"}).want(t, 200)
	p := ts.bootstrap(t)
	bad := ts.rest(t, "POST", "/v1/applications/00000000-0000-4000-8000-000000000000:recordPayment", p.tokens["clerk"],
		map[string]any{"version": 1, "paidOn": "2026-02-30", "paymentReference": "R1"}).want(t, 400)
	if v := bad.fieldViolations(); len(v) != 1 || v[0] != "paidOn" {
		t.Errorf("a bad payment date: violations %v", v)
	}
}
