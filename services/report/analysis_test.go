package report

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/jackc/pgx/v5/pgxpool"

	"foi/services/actor"
	"foi/services/calendar"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/fakeclock"
	"foi/services/pgtest"
)

// fixture is two agencies, a head, an officer and an administrator, and a
// report service whose clock stands on 1 December 2025.
type fixture struct {
	db                   *pgxpool.Pool
	svc                  *Service
	agencyA, agencyB     string
	officer, head, admin actor.Actor
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db := pgtest.NewDB(t)
	f := &fixture{db: db}
	for code, id := range map[string]*string{"A": &f.agencyA, "B": &f.agencyB} {
		if err := db.QueryRow(ctx, `INSERT INTO agencies (code, name) VALUES ($1, $2) RETURNING id::text`, "T"+code, "测试机关"+code).Scan(id); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range []struct {
		who  *actor.Actor
		role actor.Role
	}{{&f.officer, actor.Officer}, {&f.head, actor.Head}, {&f.admin, actor.Admin}} {
		a.who.Role, a.who.Name = a.role, a.role.Label()
		if err := db.QueryRow(ctx, `INSERT INTO accounts (login, role, display_name) VALUES ($1, $2, $3) RETURNING id::text`,
			strings.ToLower(string(a.role)), a.role, a.who.Name).Scan(&a.who.AccountID); err != nil {
			t.Fatal(err)
		}
		if a.role != actor.Admin {
			a.who.Agencies = []string{f.agencyA}
		}
	}
	clk := fakeclock.On("2025-12-01")
	cals, err := calendar.NewStore(db, clk.Now, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.svc = NewService(db, clk.Now, cals)
	return f
}

// aCase is a case written straight into the tables.
type aCase struct {
	name, agency                         string // agency "B" or agency A
	received, replied, closed, due       string
	outcome, state, channel, typ, idType string
	idNumber, title, description         string
}

func (f *fixture) seed(t *testing.T, cases []aCase) map[string]string {
	t.Helper()
	ids := map[string]string{}
	for i, c := range cases {
		agency := f.agencyA
		if c.agency == "B" {
			agency = f.agencyB
		}
		var id string
		var tracking any
		if c.received != "" {
			tracking = "T-" + c.name + "-" + string(rune('a'+i))
		}
		err := f.db.QueryRow(context.Background(), `
			INSERT INTO applications (agency_id, tracking_number, state, regime, applicant_type, applicant_name, applicant_id_type,
				applicant_id_number, info_title, info_description, medium, delivery, channel, received_on, replied_on, closed_on, due_on,
				outcome, created_by)
			VALUES ($1, $2, $3, '2019', $4, '申请人', $5, $6, $7, $8, 'PAPER', 'POST', $9, nullif($10, '')::date, nullif($11, '')::date,
				nullif($12, '')::date, nullif($13, '')::date, nullif($14, ''), $15)
			RETURNING id::text`,
			agency, tracking, c.state, c.typ, c.idType, c.idNumber, c.title, c.description, c.channel,
			c.received, c.replied, c.closed, c.due, c.outcome, f.officer.AccountID).Scan(&id)
		if err != nil {
			t.Fatalf("seed %s: %v", c.name, err)
		}
		ids[c.name] = id
	}
	return ids
}

func (f *fixture) exec(t *testing.T, sql string, args ...any) {
	t.Helper()
	if _, err := f.db.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%v\n%s", err, sql)
	}
}

const (
	person  = "110105194912310021" // one person, applying five times
	company = "91110000100000000X" // one company, twice
)

// season is the seeded 2025 of agency A (and one case of agency B). The
// working days to reply, counted by hand on the 2025 calendar:
//
//	c0 2024-12-30 → 2025-01-06:  4 (31 Dec, 2 and 3 Jan, 6 Jan; 1 Jan is a holiday; weekdays alone would give 5)
//	a1 2025-01-20 → 2025-02-10: 11 (Spring Festival 28 Jan–4 Feb off, Sunday 26 Jan and Saturday 8 Feb worked; weekdays alone: 15)
//	a2 2025-03-03 → 2025-03-03:  0
//	a5, a5b 2025-09-22 → 2025-10-20: 16 each (National Day 1–8 Oct off, Sunday 28 Sep and Saturday 11 Oct worked; weekdays alone: 20)
//	b1 2025-06-02 → 2025-06-20: 14 (2 Jun is the Dragon Boat holiday)
//
// Agency A: 0, 4, 11, 16, 16: the median (3rd of 5) is 11, the 90th
// percentile (5th of 5) 16. The district adds b1: 0, 4, 11, 14, 16, 16:
// the median (3rd of 6) is 11, the 90th percentile (6th of 6) 16.
var season = []aCase{
	{name: "c0", received: "2024-12-30", replied: "2025-01-06", closed: "2025-01-07", due: "2025-01-27", outcome: "DISCLOSED", state: "CLOSED",
		channel: "IN_PERSON", typ: "NATURAL_PERSON", idType: "RESIDENT_ID_CARD", idNumber: "110105194912310048", title: "区政府年度工作报告"},
	{name: "a1", received: "2025-01-20", replied: "2025-02-10", closed: "2025-02-11", due: "2025-02-25", outcome: "PARTIALLY_DISCLOSED", state: "CLOSED",
		channel: "ONLINE", typ: "NATURAL_PERSON", idType: "RESIDENT_ID_CARD", idNumber: person, title: "关于2025年老旧小区改造计划的信息"},
	{name: "a2", received: "2025-03-03", replied: "2025-03-03", closed: "2025-03-04", due: "2025-03-31", outcome: "ALREADY_PUBLIC", state: "CLOSED",
		channel: "IN_PERSON", typ: "NATURAL_PERSON", idType: "RESIDENT_ID_CARD", idNumber: person, title: "申请公开2025年老旧小区改造计划"},
	{name: "a8", received: "2025-04-07", closed: "2025-05-20", due: "2025-05-08", outcome: "ABANDONED_NO_CLARIFICATION", state: "CLOSED",
		channel: "FAX", typ: "LEGAL_SERVICE_INSTITUTION", idType: "UNIFIED_SOCIAL_CREDIT_CODE", idNumber: "31110000MD0000000A", title: "东湖区道路绿化养护合同"},
	{name: "a9", received: "2025-05-12", closed: "2025-05-15", due: "2025-06-10", outcome: "WITHDRAWN", state: "WITHDRAWN",
		channel: "ORAL", typ: "NATURAL_PERSON", idType: "RESIDENT_ID_CARD", idNumber: "110105195001010019", description: "我想了解东湖区道路绿化养护合同的签订情况"},
	{name: "a7", received: "2025-06-03", due: "2025-07-01", state: "PROCESSING",
		channel: "ORDINARY_LETTER", typ: "COMMERCIAL_ENTERPRISE", idType: "UNIFIED_SOCIAL_CREDIT_CODE", idNumber: company, title: "本单位营业执照年检记录"},
	{name: "a5", received: "2025-09-22", replied: "2025-10-20", closed: "2025-10-21", due: "2025-10-17", outcome: "DISCLOSED", state: "CLOSED",
		channel: "IN_PERSON", typ: "NATURAL_PERSON", idType: "RESIDENT_ID_CARD", idNumber: person, title: "2025年老旧小区改造计划（第二批）"},
	{name: "a5b", received: "2025-09-22", replied: "2025-10-20", due: "2025-10-17", outcome: "NOT_HELD", state: "REPLIED",
		channel: "SIGNED_POST", typ: "NATURAL_PERSON", idType: "RESIDENT_ID_CARD", idNumber: person, title: "征地补偿安置标准"},
	{name: "a6", received: "2025-11-03", due: "2025-12-29", state: "PROCESSING",
		channel: "ONLINE", typ: "COMMERCIAL_ENTERPRISE", idType: "UNIFIED_SOCIAL_CREDIT_CODE", idNumber: company, title: "征地补偿安置标准的政府信息"},
	// Never counted: registered by mistake; not yet received; the next year.
	{name: "x1", received: "2025-03-03", state: "VOIDED", channel: "IN_PERSON", typ: "NATURAL_PERSON", idType: "RESIDENT_ID_CARD", idNumber: person, title: "征地补偿安置标准"},
	{name: "x2", state: "SUBMITTED", channel: "ONLINE", typ: "NATURAL_PERSON", idType: "RESIDENT_ID_CARD", idNumber: person, title: "征地补偿安置标准"},
	{name: "n1", received: "2026-01-05", state: "ACCEPTED", channel: "ONLINE", typ: "NATURAL_PERSON", idType: "RESIDENT_ID_CARD", idNumber: person, title: "征地补偿安置标准"},
	// Agency B: the same person.
	{name: "b1", agency: "B", received: "2025-06-02", replied: "2025-06-20", due: "2025-07-01", outcome: "DISCLOSED", state: "REPLIED",
		channel: "IN_PERSON", typ: "NATURAL_PERSON", idType: "RESIDENT_ID_CARD", idNumber: person, title: "征地补偿安置标准"},
}

// seedSeason writes season with its consultations, extension, remedies
// and fees.
func (f *fixture) seedSeason(t *testing.T) map[string]string {
	ids := f.seed(t, season)
	for _, c := range []struct{ app, kind string }{{"a1", "THIRD_PARTY"}, {"a1", "AGENCY"}, {"a6", "THIRD_PARTY"}} {
		f.exec(t, `INSERT INTO consultations (application_id, round, kind, name, question, sent_on, delivered_on, due_on)
			VALUES ($1, 1, $2, '第三方', '是否同意公开', '2025-01-22', '2025-01-23', '2025-02-20')`, ids[c.app], c.kind)
	}
	// An approved extension (a6) and one still waiting for the head (a7).
	f.exec(t, `INSERT INTO extensions (application_id, days, reason, requested_by, requested_on, approved_by, approved_on)
		VALUES ($1, 20, '需要检索档案', $2, '2025-11-25', $3, '2025-11-26')`, ids["a6"], f.officer.AccountID, f.head.AccountID)
	f.exec(t, `INSERT INTO extensions (application_id, days, reason, requested_by, requested_on)
		VALUES ($1, 20, '需要检索档案', $2, '2025-06-25')`, ids["a7"], f.officer.AccountID)
	for _, r := range []struct {
		app, kind, filed, result, decided string
		failure                           bool
	}{
		{"a1", "RECONSIDERATION", "2025-03-01", "CORRECTED", "2025-05-01", false},
		{"a5", "LAWSUIT", "2025-11-10", "", "", false},
		{"a7", "RECONSIDERATION", "2025-08-01", "UPHELD", "2025-10-01", true},
		{"c0", "RECONSIDERATION", "2024-12-01", "UPHELD", "2025-01-10", false}, // filed the year before
	} {
		f.exec(t, `INSERT INTO remedies (application_id, kind, filed_on, authority, result, decided_on, against_failure_to_reply)
			VALUES ($1, $2, $3, '东湖区人民政府', nullif($4, ''), nullif($5, '')::date, $6)`, ids[r.app], r.kind, r.filed, r.result, r.decided, r.failure)
	}
	for _, fee := range []struct {
		app, issued string
		fen         int64
		paid        string
	}{{"a1", "2025-01-25", 10000, "2025-02-05"}, {"c0", "2024-12-31", 5000, "2025-01-03"}} {
		f.exec(t, `INSERT INTO fee_notices (application_id, mode, pages, max_fen, amount_fen, items, issued_by, issued_on, served_on, pay_by,
				status, paid_on, paused_clock)
			VALUES ($1, 'PER_VOLUME', 100, $2, $2, '[]', $3, $4, $4, $4::date + 30, 'PAID', $5, true)`,
			ids[fee.app], fee.fen, f.officer.AccountID, fee.issued, fee.paid)
	}
	return ids
}

// counts fills a list of labelled bars with counts by key.
func counts(list []Count, n map[string]int64) []Count {
	out := slices.Clone(list)
	for i := range out {
		out[i].Count = n[out[i].Key]
	}
	return out
}

func monthsOf2025(n map[string]int64) []Count {
	return counts(months(clock.NewDate(2025, 1, 1), clock.NewDate(2025, 12, 31)), n)
}

func replyBands(n ...int64) []Count {
	var out []Count
	for i, b := range ReplyBands {
		out = append(out, Count{Key: fmt.Sprint(b.Max), Label: b.Label, Count: n[i]})
	}
	return out
}

func repeatBands(n ...int64) []Count {
	var out []Count
	for i, b := range RepeatBands {
		out = append(out, Count{Key: fmt.Sprint(b.Max), Label: b.Label, Count: n[i]})
	}
	return out
}

// TestAnalysisOfASeededYear: every figure of agency A's and the
// district's 2025, counted by hand.
func TestAnalysisOfASeededYear(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.seedSeason(t)
	ctx := context.Background()
	d := clock.MustParseDate

	landTopic := Topic{Key: TopicKey("征地补偿安置标准"), Label: "征地补偿安置标准", Count: 2,
		Samples: []string{"征地补偿安置标准", "征地补偿安置标准的政府信息"}}
	renewalTopic := Topic{Key: TopicKey("2025年老旧小区改造计划"), Label: "关于2025年老旧小区改造计划的信息", Count: 3,
		Samples: []string{"关于2025年老旧小区改造计划的信息", "2025年老旧小区改造计划（第二批）", "申请公开2025年老旧小区改造计划"}}
	roadTopic := Topic{Key: TopicKey("东湖区道路绿化养护合同"), Label: "东湖区道路绿化养护合同", Count: 2,
		Samples: []string{"东湖区道路绿化养护合同", "我想了解东湖区道路绿化养护合同的签订情况"}}
	// Two clusters of two: by key.
	twos := []Topic{landTopic, roadTopic}
	slices.SortFunc(twos, func(a, b Topic) int { return strings.Compare(a.Key, b.Key) })

	want := Analysis{
		AgencyID: f.agencyA, AgencyName: "测试机关A", From: d("2025-01-01"), To: d("2025-12-31"), AsOf: d("2025-12-01"),
		Received:        8,
		ByMonth:         monthsOf2025(map[string]int64{"2025-01": 1, "2025-03": 1, "2025-04": 1, "2025-05": 1, "2025-06": 1, "2025-09": 2, "2025-11": 1}),
		ByChannel:       counts(Channels, map[string]int64{"IN_PERSON": 2, "SIGNED_POST": 1, "ORDINARY_LETTER": 1, "ONLINE": 2, "FAX": 1, "ORAL": 1}),
		ByApplicantType: counts(applicantTypes(), map[string]int64{"NATURAL_PERSON": 5, "COMMERCIAL_ENTERPRISE": 2, "LEGAL_SERVICE_INSTITUTION": 1}),
		Resolved:        7,
		Outcomes: counts(outcomeCounts(), map[string]int64{"DISCLOSED": 2, "ALREADY_PUBLIC": 1, "PARTIALLY_DISCLOSED": 1, "NOT_HELD": 1,
			"ABANDONED_NO_CLARIFICATION": 1, "WITHDRAWN": 1}),
		Replies:  ReplyTimes{Replied: 5, Median: 11, P90: 16, Bands: replyBands(2, 0, 1, 2, 0, 0, 0)},
		Overdue:  Overdue{RepliedLate: 2, OpenLate: 1}, // a5 and a5b replied after 17 October; a7 open since 1 July
		Extended: 1, Consulted: 2, Consultees: 3,
		Fees: Fees{NoticesIssued: 1, ChargedFen: 10000, PaidFen: 15000},
		Remedies: AnalysisRemedies{Remedies: Remedies{Reconsideration: RemedyFigures{Upheld: 1, Corrected: 1}, Lawsuit: RemedyFigures{Pending: 1}},
			AgainstFailureToReply: 1},
		Repeat: RepeatApplicants{Applicants: 4, Repeaters: 2, Requests: 6, Bands: repeatBands(1, 1, 0, 0), Top: []int64{4, 2}},
		Topics: append([]Topic{renewalTopic}, twos...),
	}
	got, err := f.svc.Analysis(ctx, f.officer, f.agencyA, clock.Date{}, clock.Date{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty(), cmpopts.EquateComparable(clock.Date{})); diff != "" {
		t.Errorf("agency A mismatch (-want +got):\n%s", diff)
	}
	if r := got.Remedies; r.Decided() != 2 || r.Corrected() != 1 || r.Total() != 3 {
		t.Errorf("remedies: decided %d, corrected %d, total %d; want 2, 1, 3", r.Decided(), r.Corrected(), r.Total())
	}

	// The district adds agency B's b1: the same person a fifth time, a
	// third request about land compensation, 14 working days.
	dist := want
	dist.AgencyID, dist.AgencyName = "", DistrictName
	dist.Received, dist.Resolved = 9, 8
	dist.ByMonth = monthsOf2025(map[string]int64{"2025-01": 1, "2025-03": 1, "2025-04": 1, "2025-05": 1, "2025-06": 2, "2025-09": 2, "2025-11": 1})
	dist.ByChannel = counts(Channels, map[string]int64{"IN_PERSON": 3, "SIGNED_POST": 1, "ORDINARY_LETTER": 1, "ONLINE": 2, "FAX": 1, "ORAL": 1})
	dist.ByApplicantType = counts(applicantTypes(), map[string]int64{"NATURAL_PERSON": 6, "COMMERCIAL_ENTERPRISE": 2, "LEGAL_SERVICE_INSTITUTION": 1})
	dist.Outcomes = counts(outcomeCounts(), map[string]int64{"DISCLOSED": 3, "ALREADY_PUBLIC": 1, "PARTIALLY_DISCLOSED": 1, "NOT_HELD": 1,
		"ABANDONED_NO_CLARIFICATION": 1, "WITHDRAWN": 1})
	dist.Replies = ReplyTimes{Replied: 6, Median: 11, P90: 16, Bands: replyBands(2, 0, 2, 2, 0, 0, 0)}
	dist.Repeat = RepeatApplicants{Applicants: 4, Repeaters: 2, Requests: 7, Bands: repeatBands(1, 0, 1, 0), Top: []int64{5, 2}}
	land := landTopic
	land.Count, land.Samples = 3, []string{"征地补偿安置标准", "征地补偿安置标准的政府信息"}
	threes := []Topic{land, renewalTopic}
	slices.SortFunc(threes, func(a, b Topic) int { return strings.Compare(a.Key, b.Key) })
	dist.Topics = append(threes, roadTopic)
	got, err = f.svc.Analysis(ctx, f.head, "", d("2025-01-01"), d("2025-12-31"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(dist, got, cmpopts.EquateEmpty(), cmpopts.EquateComparable(clock.Date{})); diff != "" {
		t.Errorf("district mismatch (-want +got):\n%s", diff)
	}

	t.Run("a shorter period", func(t *testing.T) {
		// The first quarter: a1 and a2 received; c0, a1 and a2 resolved.
		got, err := f.svc.Analysis(ctx, f.officer, f.agencyA, d("2025-01-01"), d("2025-03-31"))
		if err != nil {
			t.Fatal(err)
		}
		if got.Received != 2 || got.Resolved != 3 || got.Replies.Median != 4 || got.Replies.P90 != 11 || len(got.ByMonth) != 3 ||
			got.Fees != (Fees{NoticesIssued: 1, ChargedFen: 10000, PaidFen: 15000}) || got.Remedies.Total() != 1 || len(got.Topics) != 1 {
			t.Errorf("first quarter: received %d, resolved %d, median %d, p90 %d, %d months, fees %+v, %d remedies, %d topics",
				got.Received, got.Resolved, got.Replies.Median, got.Replies.P90, len(got.ByMonth), got.Fees, got.Remedies.Total(), len(got.Topics))
		}
	})

	t.Run("who sees what", func(t *testing.T) {
		if _, err := f.svc.Analysis(ctx, f.officer, "", clock.Date{}, clock.Date{}); !errors.Is(err, errs.PermissionDenied) {
			t.Errorf("an officer's district analysis: %v, want PermissionDenied", err)
		}
		if _, err := f.svc.Analysis(ctx, f.officer, f.agencyB, clock.Date{}, clock.Date{}); !errors.Is(err, errs.NotFound) {
			t.Errorf("an officer's analysis of another agency: %v, want NotFound", err)
		}
	})
}

func TestCheckPeriod(t *testing.T) {
	d := clock.MustParseDate
	today := d("2026-03-15")
	for _, c := range []struct {
		from, to         string
		wantFrom, wantTo string
		field            string
	}{
		{"", "", "2026-01-01", "2026-12-31", ""},
		{"2024-03-01", "", "2024-03-01", "2024-12-31", ""},
		{"", "2025-06-30", "2025-01-01", "2025-06-30", ""},
		{"2023-01-01", "2025-12-31", "2023-01-01", "2025-12-31", ""},
		{"2025-02-01", "2025-01-31", "", "", "periodTo"},
		{"2020-01-01", "2025-12-31", "", "", "periodTo"},
		{"2007-12-31", "2008-03-01", "", "", "periodFrom"},
	} {
		var from, to clock.Date
		if c.from != "" {
			from = d(c.from)
		}
		if c.to != "" {
			to = d(c.to)
		}
		gf, gt, err := CheckPeriod(from, to, today)
		var inv *errs.Invalid
		switch {
		case c.field == "" && (err != nil || gf.String() != c.wantFrom || gt.String() != c.wantTo):
			t.Errorf("%s..%s: %s..%s, %v; want %s..%s", c.from, c.to, gf, gt, err, c.wantFrom, c.wantTo)
		case c.field != "" && (!errors.As(err, &inv) || !strings.Contains(err.Error(), c.field)):
			t.Errorf("%s..%s: %v, want an InvalidArgument on %s", c.from, c.to, err, c.field)
		}
	}
}

// TestMarkTopicForPublication: an officer marks a cluster of the period
// for proactive publication; the decision is recorded as the analysis
// showed the cluster, listed, shown on the analysis afterwards, and made
// once; a key that is not a topic of the period is refused.
func TestMarkTopicForPublication(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.seedSeason(t)
	ctx := context.Background()
	key := TopicKey("2025年老旧小区改造计划")

	if _, err := f.svc.MarkTopic(ctx, f.officer, f.agencyA, clock.Date{}, clock.Date{}, "0123456789abcdef", ""); !errors.Is(err, errs.InvalidArgument) ||
		!strings.Contains(err.Error(), "clusterKey") {
		t.Errorf("an unknown cluster: %v, want InvalidArgument on clusterKey", err)
	}
	if _, err := f.svc.MarkTopic(ctx, f.officer, "", clock.Date{}, clock.Date{}, key, ""); !errors.Is(err, errs.InvalidArgument) {
		t.Errorf("no agency: %v, want InvalidArgument", err)
	}
	if _, err := f.svc.MarkTopic(ctx, f.officer, f.agencyA, clock.Date{}, clock.Date{}, key, strings.Repeat("长", MaxMarkNote+1)); !errors.Is(err, errs.InvalidArgument) {
		t.Errorf("a long note: %v, want InvalidArgument", err)
	}
	if _, err := f.svc.MarkTopic(ctx, f.officer, f.agencyB, clock.Date{}, clock.Date{}, key, ""); !errors.Is(err, errs.NotFound) {
		t.Errorf("another agency's topic: %v, want NotFound", err)
	}

	m, err := f.svc.MarkTopic(ctx, f.officer, f.agencyA, clock.Date{}, clock.Date{}, key, "  列入下季度主动公开目录  ")
	if err != nil {
		t.Fatal(err)
	}
	want := TopicMark{ID: m.ID, AgencyID: f.agencyA, AgencyName: "测试机关A", Key: key, Label: "关于2025年老旧小区改造计划的信息",
		Samples: []string{"关于2025年老旧小区改造计划的信息", "2025年老旧小区改造计划（第二批）", "申请公开2025年老旧小区改造计划"}, Count: 3,
		From: clock.MustParseDate("2025-01-01"), To: clock.MustParseDate("2025-12-31"), Note: "列入下季度主动公开目录",
		By: f.officer.AccountID, ByName: f.officer.Name, At: m.At}
	opts := []cmp.Option{cmpopts.EquateComparable(clock.Date{}), cmpopts.EquateApproxTime(time.Millisecond)}
	if diff := cmp.Diff(want, m, opts...); diff != "" || m.ID == "" {
		t.Errorf("mark mismatch (-want +got):\n%s", diff)
	}
	list, err := f.svc.TopicMarks(ctx, f.head, f.agencyA)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]TopicMark{want}, list, opts...); diff != "" {
		t.Errorf("listed marks mismatch (-want +got):\n%s", diff)
	}
	an, err := f.svc.Analysis(ctx, f.officer, f.agencyA, clock.Date{}, clock.Date{})
	if err != nil {
		t.Fatal(err)
	}
	if an.Topics[0].Key != key || an.Topics[0].Mark == nil || an.Topics[0].Mark.ByName != f.officer.Name || an.Topics[1].Mark != nil {
		t.Errorf("the analysis does not show the mark on its topic alone: %+v", an.Topics)
	}
	if _, err := f.svc.MarkTopic(ctx, f.head, f.agencyA, clock.Date{}, clock.Date{}, key, ""); !errors.Is(err, errs.AlreadyExists) {
		t.Errorf("a second mark: %v, want AlreadyExists", err)
	}
	if _, err := f.db.Exec(ctx, `UPDATE topic_publication_marks SET note = 'x'`); err == nil {
		t.Error("a mark was changed")
	}
	if list, err := f.svc.TopicMarks(ctx, f.admin, ""); err != nil || len(list) != 1 {
		t.Errorf("the district's marks: %v, %v", list, err)
	}
}

// TestPublishDistrictReport: only an administrator publishes the
// district's report; it is frozen with who, when and its SHA-256, and a
// later change to a case shows as a difference.
func TestPublishDistrictReport(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.seedSeason(t)
	ctx := context.Background()

	if _, err := f.svc.PublishDistrict(ctx, f.head, 2024); !errors.Is(err, errs.PermissionDenied) {
		t.Errorf("a head publishing the district: %v, want PermissionDenied", err)
	}
	if _, err := f.svc.PublishDistrict(ctx, f.admin, 2025); !errors.Is(err, errs.InvalidArgument) {
		t.Errorf("publishing the year not yet over: %v, want InvalidArgument", err)
	}
	pub, err := f.svc.PublishDistrict(ctx, f.admin, 2024)
	if err != nil {
		t.Fatal(err)
	}
	p := pub.Publication
	if p == nil || p.ByName != f.admin.Name || len(p.SHA256) != 32 || pub.AgencyID != "" || pub.AgencyName != DistrictName {
		t.Fatalf("published: %+v", pub)
	}
	// c0: new in 2024 and carried over.
	if n := pub.Received.Counts[RowNew][len(Columns)]; n != 1 {
		t.Errorf("published 一 total %d, want 1", n)
	}
	if _, err := f.svc.PublishDistrict(ctx, f.admin, 2024); !errors.Is(err, errs.AlreadyExists) {
		t.Errorf("publishing twice: %v, want AlreadyExists", err)
	}
	// An agency's own report of the year is still its own to publish.
	if b, err := f.svc.Get(ctx, f.head, f.agencyA, 2024); err != nil || b.Publication != nil {
		t.Errorf("agency A's 2024 report: %+v, %v; want it unpublished", b.Publication, err)
	}

	// A case of 2024 found later, at agency B.
	f.seed(t, []aCase{{name: "late", agency: "B", received: "2024-06-03", replied: "2024-06-20", closed: "2024-06-21", outcome: "DISCLOSED",
		state: "CLOSED", channel: "IN_PERSON", typ: "RESEARCH_INSTITUTION", idType: "UNIFIED_SOCIAL_CREDIT_CODE", idNumber: "12110000400000000B", title: "科研项目经费"}})
	got, err := f.svc.Get(ctx, f.head, "", 2024)
	if err != nil {
		t.Fatal(err)
	}
	if got.Publication == nil || got.Publication.SHA256Hex() != p.SHA256Hex() || got.Received.Counts[RowNew][len(Columns)] != 1 {
		t.Errorf("the district report is no longer the published one: %+v", got.Publication)
	}
	var diffs []string
	for _, d := range got.Differences {
		diffs = append(diffs, fmt.Sprintf("%s %d→%d", d.Cell, d.Published, d.Current))
	}
	wantDiffs := []string{"1-RESEARCH_INSTITUTION 0→1", "1-TOTAL 1→2", "3.1-RESEARCH_INSTITUTION 0→1", "3.1-TOTAL 0→1",
		"3.7-RESEARCH_INSTITUTION 0→1", "3.7-TOTAL 0→1"}
	if diff := cmp.Diff(wantDiffs, diffs); diff != "" {
		t.Errorf("differences mismatch (-want +got):\n%s", diff)
	}
}
