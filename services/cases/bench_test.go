package cases

import (
	"context"
	"slices"
	"testing"
	"time"

	"foi/services/actor"
	"foi/services/calendar"
	"foi/services/fakeclock"
	"foi/services/pgtest"
)

// BenchmarkWorklist measures the worklist and search queries on 1,000,000
// generated applications (50 agencies, a third of them open, titles from
// a vocabulary of Chinese topics) and reports the p50 and p99 latency of
// one page. Run it with
//
//	go test ./services/cases -run '^$' -bench Worklist -benchtime 2000x
//
// Generating the rows takes a minute or so before timing starts.
func BenchmarkWorklist(b *testing.B) {
	ctx := context.Background()
	db := pgtest.NewDB(b)
	clk := fakeclock.On("2026-11-27")
	cals, err := calendar.NewStore(db, clk.Now, nil)
	if err != nil {
		b.Fatal(err)
	}
	svc, err := NewService(db, cals, clk.Now, testHistoryKey)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	var owner string
	if err := db.QueryRow(ctx, `INSERT INTO accounts (login, role, display_name) VALUES ('bench', 'CLERK', 'bench') RETURNING id`).Scan(&owner); err != nil {
		b.Fatal(err)
	}
	if _, err := db.Exec(ctx, `INSERT INTO agencies (code, name) SELECT 'B' || i, '基准测试机关' || i FROM generate_series(1, 50) i`); err != nil {
		b.Fatal(err)
	}
	if _, err := db.Exec(ctx, `
		INSERT INTO applications (agency_id, tracking_number, state, regime, applicant_type, applicant_name,
			applicant_id_type, applicant_id_number, info_title, medium, delivery, channel, handed_in_on,
			received_on, due_on, created_by)
		SELECT g.id, 'B-' || i, CASE WHEN (i / 50) % 3 = 0 THEN 'PROCESSING' ELSE 'CLOSED' END, '2019',
			'NATURAL_PERSON', (ARRAY['张','王','李','赵','刘','陈','杨','黄'])[i % 8 + 1] || (ARRAY['伟','芳','娜','敏','静','强','磊','洋','艳','勇'])[i % 10 + 1],
			'RESIDENT_ID_CARD', '11010519491231002X',
			'示范区' || (2015 + i % 11) || '年' || (ARRAY['老旧小区改造','财政预算执行','食品安全检查','道路建设规划','学校招生计划',
				'征地拆迁补偿','环境影响评价','医疗机构名录','政府采购合同','公共租赁住房','河道整治工程','农村危房改造',
				'养老服务补贴','交通违法处理','建设工程规划许可','排污许可证','最低生活保障','行政处罚决定','招商引资协议','人才引进政策'])[i % 20 + 1]
				|| (ARRAY['项目清单','情况','资金使用明细','相关文件','审批材料'])[i / 20 % 5 + 1],
			'PAPER', 'POST', 'IN_PERSON', d, d, d + 28, $1
		FROM (SELECT i, date '2025-01-01' + ((i / 50) % 700) AS d, (i % 50) + 1 AS ag FROM generate_series(1, 1000000) i) x
		JOIN (SELECT id, row_number() OVER (ORDER BY code) AS n FROM agencies) g ON g.n = x.ag`, owner); err != nil {
		b.Fatal(err)
	}
	if _, err := db.Exec(ctx, `ANALYZE applications`); err != nil {
		b.Fatal(err)
	}
	var agencyID string
	if err := db.QueryRow(ctx, `SELECT id FROM agencies ORDER BY code LIMIT 1`).Scan(&agencyID); err != nil {
		b.Fatal(err)
	}
	b.Logf("generated 1,000,000 applications in %s", time.Since(start).Round(time.Second))
	clerk := actor.Actor{AccountID: owner, Role: actor.Clerk, Agencies: []string{agencyID}}
	admin := actor.Actor{AccountID: owner, Role: actor.Admin}
	for _, bench := range []struct {
		name   string
		who    actor.Actor
		filter Filter
	}{
		{"overdue", clerk, Filter{AgencyID: agencyID, Overdue: true}},
		{"near-due", clerk, Filter{AgencyID: agencyID, DueWithinDays: 3}},
		{"all-by-due", clerk, Filter{AgencyID: agencyID}},
		{"search-text-agency", clerk, Filter{Text: "老旧小区改造"}},
		{"search-text-district", admin, Filter{Text: "排污许可证"}},
		{"search-text-newest", admin, Filter{Text: "征地拆迁", Order: ByReceivedNewest}},
		{"search-tracking-number", admin, Filter{TrackingNumber: "B-777777"}},
		{"search-applicant-name", clerk, Filter{ApplicantName: "张伟"}},
	} {
		b.Run(bench.name, func(b *testing.B) {
			var lat []time.Duration
			for b.Loop() {
				t0 := time.Now()
				list, _, err := svc.List(ctx, bench.who, bench.filter)
				lat = append(lat, time.Since(t0))
				if err != nil || len(list) == 0 {
					b.Fatalf("%d rows, %v", len(list), err)
				}
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}

// BenchmarkTransition measures one event's transaction end to end (lock,
// recount check, decision, history, outbox): an officer's extension
// request and the head's rejection, alternately, on one case.
//
//	go test ./services/cases -run '^$' -bench Transition -benchtime 500x
func BenchmarkTransition(b *testing.B) {
	f := newFixture(b)
	ctx := context.Background()
	app := f.processing(b, "2026-11-20", validDetails(f.agencyA))
	var err error
	for b.Loop() {
		if app, err = f.svc.RequestExtension(ctx, f.officerA, app.ID, app.Version, ExtensionRequest{Days: 5, Reason: "档案分散"}); err != nil {
			b.Fatal(err)
		}
		if app, err = f.svc.RejectExtension(ctx, f.headA, app.ID, app.Version, "无需延期"); err != nil {
			b.Fatal(err)
		}
	}
}
