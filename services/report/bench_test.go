package report

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"foi/services/actor"
	"foi/services/calendar"
	"foi/services/clock"
	"foi/services/fakeclock"
	"foi/services/pgtest"
)

// generate writes 1,000,000 cases over 2021–2026 into ten agencies with
// every outcome, withheld reasons in approved drafts, 20,000 remedies and
// 30,000 fee notices, in a few INSERT … SELECT statements.
func generate(b *testing.B, db *pgxpool.Pool) (owner string) {
	ctx := context.Background()
	start := time.Now()
	if err := db.QueryRow(ctx, `INSERT INTO accounts (login, role, display_name) VALUES ('bench', 'HEAD', 'bench') RETURNING id`).Scan(&owner); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO agencies (code, name) SELECT 'B' || i, '基准测试机关' || i FROM generate_series(1, 10) i`,
		`INSERT INTO applications (agency_id, tracking_number, state, regime, applicant_type, applicant_name,
			applicant_id_type, applicant_id_number, info_title, medium, delivery, channel, received_on, replied_on, closed_on,
			outcome, created_by)
		SELECT g.id, 'B-' || i, CASE WHEN open THEN 'PROCESSING' WHEN o = 'WITHDRAWN' THEN 'WITHDRAWN' ELSE 'CLOSED' END, '2019',
			(ARRAY['NATURAL_PERSON','COMMERCIAL_ENTERPRISE','RESEARCH_INSTITUTION','PUBLIC_WELFARE_ORGANIZATION',
				'LEGAL_SERVICE_INSTITUTION','OTHER_ORGANIZATION'])[1 + i % 6],
			'张三', 'RESIDENT_ID_CARD', '11010519491231002X', '关于' || (i % 997) || '号地块征收补偿方案的信息', 'PAPER', 'POST', 'IN_PERSON',
			d, CASE WHEN NOT open AND o NOT LIKE 'ABANDONED%' AND o <> 'WITHDRAWN' THEN d + 1 + i % 40 END,
			CASE WHEN NOT open THEN d + 2 + i % 40 END, CASE WHEN NOT open THEN o END, $1
		FROM (SELECT i, date '2021-01-01' + (i % 2150) AS d, (i % 10) + 1 AS ag, i % 50 = 7 AS open,
				(ARRAY['DISCLOSED','ALREADY_PUBLIC','PARTIALLY_DISCLOSED','WITHHELD','NOT_HELD','NOT_RESPONSIBLE','NEEDS_CREATION',
					'UNCLEAR_AFTER_CLARIFICATION','PETITION','DUPLICATE','PUBLICATION','EXCESSIVE','RECONFIRMATION',
					'ABANDONED_NO_CLARIFICATION','ABANDONED_FEE_UNPAID','SPECIAL_STATUTE','OTHER','WITHDRAWN'])[1 + (i / 7) % 18] AS o
			FROM generate_series(1, 1000000) i) x
		JOIN (SELECT id, row_number() OVER (ORDER BY code) AS n FROM agencies) g ON g.n = x.ag`,
		`WITH d AS (
			INSERT INTO drafts (application_id, version, content, sha256, author_id, created_at)
			SELECT id, 1, '{"outcome":"WITHHELD","withheldParts":[{"reason":"' ||
				(ARRAY['STATE_SECRET','LAW_FORBIDS','THREE_SECURITIES','THIRD_PARTY_RIGHTS','INTERNAL_AFFAIRS',
					'PROCESS_INFORMATION','ENFORCEMENT_FILE','ADMINISTRATIVE_QUERY'])[1 + abs(hashtext(id::text)) % 8] || '"}]}',
				'\x00', $1, now()
			FROM applications WHERE outcome = 'WITHHELD' RETURNING id, application_id)
		UPDATE applications a SET approved_draft_id = d.id FROM d WHERE a.id = d.application_id`,
		`INSERT INTO remedies (application_id, kind, filed_on, authority, result, decided_on)
		SELECT id, (ARRAY['RECONSIDERATION','LAWSUIT','LAWSUIT_AFTER_RECONSIDERATION'])[1 + n % 3], closed_on + 10, '复议机关',
			CASE WHEN n % 4 <> 0 THEN (ARRAY['UPHELD','CORRECTED','OTHER'])[1 + n % 3] END, CASE WHEN n % 4 <> 0 THEN closed_on + 60 END
		FROM (SELECT id, closed_on, row_number() OVER () AS n FROM applications WHERE outcome IN ('WITHHELD', 'NOT_HELD') AND closed_on IS NOT NULL LIMIT 20000) x`,
		`INSERT INTO fee_notices (application_id, mode, pages, max_fen, amount_fen, items, issued_by, issued_on, served_on, pay_by,
			status, paid_on, paused_clock)
		SELECT id, 'PER_VOLUME', 150, 170000, 170000, '[]', $1, received_on + 5, received_on + 5, received_on + 35, 'PAID', received_on + 9, true
		FROM applications WHERE outcome = 'DISCLOSED' LIMIT 30000`,
		`VACUUM ANALYZE`,
	} {
		args := []any{owner}
		if q == `VACUUM ANALYZE` || !containsParam(q) {
			args = nil
		}
		t0 := time.Now()
		if _, err := db.Exec(ctx, q, args...); err != nil {
			b.Fatalf("generate: %v\n%s", err, q)
		}
		b.Logf("%.40s… %s", q, time.Since(t0).Round(100*time.Millisecond))
	}
	b.Logf("generated 1,000,000 cases in %s", time.Since(start).Round(100*time.Millisecond))
	return owner
}

func containsParam(q string) bool {
	for i := 0; i+1 < len(q); i++ {
		if q[i] == '$' && q[i+1] == '1' {
			return true
		}
	}
	return false
}

// BenchmarkAnnualReport builds the 2025 report over 1,000,000 generated
// cases: the district's (every agency: all the cases), and one agency's
// (a tenth). It runs only with -bench:
//
//	go test ./services/report -run '^$' -bench AnnualReport -benchtime 10x
func BenchmarkAnnualReport(b *testing.B) {
	db := pgtest.NewDB(b)
	owner := generate(b, db)
	clk := fakeclock.On("2026-11-27")
	cals, err := calendar.NewStore(db, clk.Now, nil)
	if err != nil {
		b.Fatal(err)
	}
	svc := NewService(db, clk.Now, cals)
	admin := actor.Actor{AccountID: owner, Role: actor.Admin, Name: "bench"}
	ctx := context.Background()
	var first string
	if err := db.QueryRow(ctx, `SELECT id::text FROM agencies ORDER BY code LIMIT 1`).Scan(&first); err != nil {
		b.Fatal(err)
	}
	for _, bench := range []struct{ name, agency string }{{"district", ""}, {"agency", first}} {
		b.Run(bench.name, func(b *testing.B) {
			for b.Loop() {
				r, err := svc.Get(ctx, admin, bench.agency, 2025)
				if err != nil || r.Received.Counts[RowResults][len(Columns)] == 0 {
					b.Fatalf("%v %v", err, r.Received.Counts)
				}
			}
		})
	}
}

// BenchmarkAnalysis analyses the generated 1,000,000 cases: the district
// over 2025 (every agency), over the three years 2023–2025, and one
// agency over 2025. It runs only with -bench:
//
//	go test ./services/report -run '^$' -bench Analysis -benchtime 10x
func BenchmarkAnalysis(b *testing.B) {
	db := pgtest.NewDB(b)
	owner := generate(b, db)
	clk := fakeclock.On("2026-11-27")
	cals, err := calendar.NewStore(db, clk.Now, nil)
	if err != nil {
		b.Fatal(err)
	}
	svc := NewService(db, clk.Now, cals)
	admin := actor.Actor{AccountID: owner, Role: actor.Admin, Name: "bench"}
	ctx := context.Background()
	var first string
	if err := db.QueryRow(ctx, `SELECT id::text FROM agencies ORDER BY code LIMIT 1`).Scan(&first); err != nil {
		b.Fatal(err)
	}
	d := clock.MustParseDate
	for _, bench := range []struct {
		name, agency string
		from, to     string
	}{{"district-2025", "", "2025-01-01", "2025-12-31"}, {"district-2023-2025", "", "2023-01-01", "2025-12-31"}, {"agency-2025", first, "2025-01-01", "2025-12-31"}} {
		b.Run(bench.name, func(b *testing.B) {
			for b.Loop() {
				an, err := svc.Analysis(ctx, admin, bench.agency, d(bench.from), d(bench.to))
				if err != nil || an.Received == 0 || an.Replies.Replied == 0 || len(an.Topics) == 0 {
					b.Fatalf("%v: received %d, replied %d, %d topics", err, an.Received, an.Replies.Replied, len(an.Topics))
				}
			}
		})
	}
}
