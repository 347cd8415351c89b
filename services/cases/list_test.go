package cases

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"foi/services/actor"
	"foi/services/applicant"
	"foi/services/clock"
	"foi/services/errs"
)

func TestGramQuery(t *testing.T) {
	for _, tt := range []struct{ in, text, query string }{
		{"老旧小区", "老旧小区", "'老旧' & '旧小' & '小区'"},
		{" 老旧 小区\t", "老旧小区", "'老旧' & '旧小' & '小区'"},
		{"区", "区", "'区'"},
		{"GDP 2025", "gdp2025", "'gd' & 'dp' & 'p2' & '20' & '02' & '25'"},
		{"o'neil", "o'neil", "'o''' & '''n' & 'ne' & 'ei' & 'il'"},
		{"a\\b", "a\\b", `'a\\' & '\\b'`},
		{"啊啊啊", "啊啊啊", "'啊啊'"},
	} {
		if got := searchText(tt.in); got != tt.text {
			t.Errorf("searchText(%q) = %q, want %q", tt.in, got, tt.text)
		}
		if got := gramQuery(searchText(tt.in)); got != tt.query {
			t.Errorf("gramQuery(%q) = %q, want %q", tt.in, got, tt.query)
		}
	}
}

// TestSearchAndFilters finds cases by Chinese words of what was asked, by
// tracking number, applicant and assignee, on the real index, in each of
// the documented orders.
func TestSearchAndFilters(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	titles := []string{"示范区老旧小区改造项目清单", "2025年财政预算执行情况", "老旧管网更新计划", "学校食堂食品安全检查结果", "GDP统计公报（o'neil）"}
	var apps []Application
	for i, title := range titles {
		d := validDetails(f.agencyA)
		d.Information.Title = title
		if i == 1 {
			d.Applicant.Name, d.Applicant.Phone = "李四", "0791-86666666"
		}
		f.clock.Set(clock.MustParseDate("2026-11-02").AddDays(i).String())
		app, err := f.svc.Register(ctx, f.clerkA, "", d, Intake{Channel: ChannelInPerson, HandedInOn: f.svc.today()})
		if err != nil {
			t.Fatal(err)
		}
		apps = append(apps, app)
	}
	if _, err := f.svc.Assign(ctx, f.officerA, apps[2].ID, apps[2].Version, ""); err != nil {
		t.Fatal(err)
	}
	titlesOf := func(list []Application) []string {
		var out []string
		for _, a := range list {
			out = append(out, a.Details.Information.Title)
		}
		return out
	}
	for _, tt := range []struct {
		name   string
		filter Filter
		want   []int
	}{
		{"a Chinese phrase", Filter{Text: "老旧"}, []int{0, 2}},
		{"a phrase across the words", Filter{Text: "小区改造"}, []int{0}},
		{"pairs present but not together", Filter{Text: "老旧计划"}, nil},
		{"one character", Filter{Text: "食"}, []int{3}},
		{"spaces and case ignored", Filter{Text: " gdp 统计 "}, []int{4}},
		{"a quote", Filter{Text: "o'neil"}, []int{4}},
		{"tracking number, exact", Filter{TrackingNumber: apps[3].TrackingNumber}, []int{3}},
		{"tracking number, lower case", Filter{TrackingNumber: " " + toLowerASCII(apps[3].TrackingNumber)}, []int{3}},
		{"applicant name, beginning", Filter{ApplicantName: "李"}, []int{1}},
		{"applicant name with a LIKE wildcard", Filter{ApplicantName: "%"}, nil},
		{"fixed-line phone, any spelling", Filter{ApplicantPhone: "0791 86666666"}, []int{1}},
		{"assigned to me", Filter{Assignee: AssigneeMe}, []int{2}},
		{"unassigned", Filter{Assignee: AssigneeNone, Text: "老旧"}, []int{0}},
		{"states", Filter{States: []State{Processing}}, []int{2}},
		{"received range", Filter{ReceivedFrom: clock.MustParseDate("2026-11-03"), ReceivedTo: clock.MustParseDate("2026-11-04")}, []int{1, 2}},
		{"newest first", Filter{Order: ByReceivedNewest}, []int{4, 3, 2, 1, 0}},
		{"oldest first", Filter{Order: ByReceivedOldest, Channel: ChannelInPerson}, []int{0, 1, 2, 3, 4}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			who := f.officerA
			list, _, err := f.svc.List(ctx, who, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, i := range tt.want {
				want = append(want, titles[i])
			}
			got := titlesOf(list)
			if tt.filter.Order == ByDueDate {
				slices.Sort(want)
				slices.Sort(got)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}

	// Paging in a non-default order visits every case once.
	var seen []string
	token := ""
	for {
		list, next, err := f.svc.List(ctx, f.officerA, Filter{Order: ByReceivedNewest, PageSize: 2, PageToken: token})
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, titlesOf(list)...)
		if token = next; token == "" {
			break
		}
	}
	if diff := cmp.Diff([]string{titles[4], titles[3], titles[2], titles[1], titles[0]}, seen); diff != "" {
		t.Errorf("paging newest first mismatch (-want +got):\n%s", diff)
	}

	// A page token of one order is refused by another.
	_, next, err := f.svc.List(ctx, f.officerA, Filter{Order: ByReceivedNewest, PageSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.List(ctx, f.officerA, Filter{PageToken: next}); !errors.Is(err, errs.InvalidArgument) {
		t.Errorf("a newest-first token in the due-date order: %v", err)
	}

	// Other agencies' cases stay out; applicants may not search by applicant.
	if list, _, err := f.svc.List(ctx, f.clerkB, Filter{Text: "老旧"}); err != nil || len(list) != 0 {
		t.Errorf("another agency's clerk found %d, %v", len(list), err)
	}
	for _, bad := range []Filter{{ApplicantName: "李"}, {ApplicantPhone: "13812345678"}} {
		if _, _, err := f.svc.List(ctx, f.applicant, bad); !errors.Is(err, errs.InvalidArgument) {
			t.Errorf("an applicant searching by applicant %+v: %v", bad, err)
		}
	}
	for _, bad := range []Filter{{Assignee: "somebody"}, {States: []State{"NOPE"}}, {Overdue: true, Order: ByReceivedNewest},
		{ReceivedFrom: clock.MustParseDate("2026-11-05"), ReceivedTo: clock.MustParseDate("2026-11-01")}} {
		if _, _, err := f.svc.List(ctx, f.officerA, bad); !errors.Is(err, errs.InvalidArgument) {
			t.Errorf("%+v: %v, want InvalidArgument", bad, err)
		}
	}
}

func toLowerASCII(s string) string { return searchText(s) }

// TestSearchManyMatches: a phrase that more cases match than a page holds
// is served by walking the order; the page is still the first in order.
func TestSearchManyMatches(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.db.Exec(ctx, `
		INSERT INTO applications (agency_id, tracking_number, state, regime, applicant_type, applicant_name,
			applicant_id_type, applicant_id_number, info_title, medium, delivery, channel, handed_in_on,
			received_on, due_on, created_by)
		SELECT $1, 'AAA-2025-' || lpad(i::text, 6, '0'), 'PROCESSING', '2019', 'NATURAL_PERSON', '张三',
			'RESIDENT_ID_CARD', '11010519491231002X',
			CASE WHEN i % 2 = 0 THEN '老旧小区改造项目' ELSE '财政预算' END || i,
			'PAPER', 'POST', 'IN_PERSON', date '2025-01-01' + i % 300, date '2025-01-01' + i % 300, date '2025-02-01' + (i * 7919) % 300, $2
		FROM generate_series(1, 6000) i`, f.agencyA, f.clerkA.AccountID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.Exec(ctx, `ANALYZE applications`); err != nil {
		t.Fatal(err)
	}
	for _, who := range []actor.Actor{f.officerA, f.admin} {
		var all []Application
		token := ""
		for range 3 {
			list, next, err := f.svc.List(ctx, who, Filter{Text: "小区改造", PageSize: 100, PageToken: token})
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, list...)
			token = next
		}
		if len(all) != 300 {
			t.Fatalf("%s: %d cases in three pages, want 300", who.Role, len(all))
		}
		var want []string
		rows, err := f.db.Query(ctx, `SELECT id::text FROM applications WHERE info_title LIKE '老旧小区改造%'
			ORDER BY due_on, received_on, id LIMIT 300`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id string
			rows.Scan(&id)
			want = append(want, id)
		}
		var got []string
		for _, a := range all {
			got = append(got, a.ID)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: the first three pages mismatch (-want +got):\n%s", who.Role, diff)
		}
	}
}

// TestListOldestSubmittedFirst: the window's queue of submissions to
// confirm lists them by the time each was submitted, the longest waiting
// first, ties by id, applications never submitted online last; its pages
// visit each case once, and its page tokens are refused by another order
// (and another order's by it).
func TestListOldestSubmittedFirst(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	start := f.clock.Now()
	var want []string
	at := map[string]time.Duration{}
	for _, h := range []time.Duration{3 * time.Hour, time.Hour, time.Hour, 2 * time.Hour} {
		f.clock.SetTime(start.Add(h))
		app, err := f.svc.Submit(ctx, f.applicant, "", validDetails(f.agencyA), applicant.Identity{})
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, app.ID)
		at[app.ID] = h
	}
	slices.SortFunc(want, func(a, b string) int {
		if at[a] != at[b] {
			return int(at[a] - at[b])
		}
		return strings.Compare(a, b)
	})
	window := f.register(t, "2026-11-26")
	pageAll := func(filter Filter) []string {
		var got []string
		for {
			list, next, err := f.svc.List(ctx, f.clerkA, filter)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range list {
				got = append(got, a.ID)
			}
			if next == "" {
				return got
			}
			filter.PageToken = next
		}
	}
	if diff := cmp.Diff(want, pageAll(Filter{Order: BySubmittedOldest, State: Submitted, PageSize: 1})); diff != "" {
		t.Errorf("the queue, a page at a time (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(append(slices.Clone(want), window.ID), pageAll(Filter{Order: BySubmittedOldest, PageSize: 2})); diff != "" {
		t.Errorf("every case by submission (-want +got):\n%s", diff)
	}
	_, next, err := f.svc.List(ctx, f.clerkA, Filter{Order: BySubmittedOldest, PageSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.List(ctx, f.clerkA, Filter{Order: ByReceivedOldest, PageToken: next}); !errors.Is(err, errs.InvalidArgument) {
		t.Errorf("a by-submission token in the received order: %v", err)
	}
	_, next, err = f.svc.List(ctx, f.clerkA, Filter{Order: ByReceivedOldest, PageSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.List(ctx, f.clerkA, Filter{Order: BySubmittedOldest, PageToken: next}); !errors.Is(err, errs.InvalidArgument) {
		t.Errorf("a received-order token in the by-submission order: %v", err)
	}
}
