// Package benchdata fills a database with many generated applications for
// benchmarks: the 1,000,000-case district that the list, search and page
// benchmarks measure against. It writes the cases' tables with its own SQL
// (set-based, a minute or so for a million rows) and is used by benchmarks
// only.
package benchdata

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// DB is what the generator needs of a pool or a transaction.
type DB interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// Agencies creates n agencies, codes B1 to Bn, and returns their ids in
// the order of their codes.
func Agencies(ctx context.Context, db DB, n int) ([]string, error) {
	if _, err := db.Exec(ctx, `INSERT INTO agencies (code, name) SELECT 'B' || i, '基准测试机关' || i FROM generate_series(1, $1::integer) i`, n); err != nil {
		return nil, fmt.Errorf("generate agencies: %w", err)
	}
	rows, _ := db.Query(ctx, `SELECT id::text FROM agencies WHERE code ~ '^B[0-9]+$' ORDER BY code`)
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// Spec describes the applications to generate.
type Spec struct {
	N         int      // how many
	Agencies  []string // application i goes to Agencies[i % len]
	CreatedBy string   // the account recorded as registering them
	// Assignee, when set, is the officer assigned every AssignEvery-th
	// application (i divisible by it); the rest are unassigned.
	Assignee    string
	AssignEvery int
}

// Applications generates s.N window applications: a third open
// (PROCESSING), the rest CLOSED; received from 2025-01-01 over 700 days,
// 50 a day, each due 28 days later; titles from a vocabulary of Chinese
// topics, names from common surnames and given names. Then it vacuums
// and analyzes the table, so that timing starts on a settled database of
// that size (statistics, visibility map) and not beside autovacuum's
// first pass over a million new rows.
func Applications(ctx context.Context, db DB, s Spec) error {
	if len(s.Agencies) == 0 {
		return fmt.Errorf("generate applications: no agencies")
	}
	every := s.AssignEvery
	if every <= 0 {
		every = 1
	}
	if _, err := db.Exec(ctx, `
		INSERT INTO applications (agency_id, tracking_number, state, regime, applicant_type, applicant_name,
			applicant_id_type, applicant_id_number, info_title, medium, delivery, channel, handed_in_on,
			received_on, due_on, created_by, assignee_id)
		SELECT ($2::uuid[])[i % cardinality($2::uuid[]) + 1], 'B-' || i, CASE WHEN (i / 50) % 3 = 0 THEN 'PROCESSING' ELSE 'CLOSED' END, '2019',
			'NATURAL_PERSON', (ARRAY['张','王','李','赵','刘','陈','杨','黄'])[i % 8 + 1] || (ARRAY['伟','芳','娜','敏','静','强','磊','洋','艳','勇'])[i % 10 + 1],
			'RESIDENT_ID_CARD', '11010519491231002X',
			'示范区' || (2015 + i % 11) || '年' || (ARRAY['老旧小区改造','财政预算执行','食品安全检查','道路建设规划','学校招生计划',
				'征地拆迁补偿','环境影响评价','医疗机构名录','政府采购合同','公共租赁住房','河道整治工程','农村危房改造',
				'养老服务补贴','交通违法处理','建设工程规划许可','排污许可证','最低生活保障','行政处罚决定','招商引资协议','人才引进政策'])[i % 20 + 1]
				|| (ARRAY['项目清单','情况','资金使用明细','相关文件','审批材料'])[i / 20 % 5 + 1],
			'PAPER', 'POST', 'IN_PERSON', d, d, d + 28, $3::uuid,
			CASE WHEN $4 <> '' AND i % $5::integer = 0 THEN nullif($4, '')::uuid END
		FROM (SELECT i, date '2025-01-01' + ((i / 50) % 700) AS d FROM generate_series(1, $1::integer) i) x`,
		s.N, s.Agencies, s.CreatedBy, s.Assignee, every); err != nil {
		return fmt.Errorf("generate applications: %w", err)
	}
	if _, err := db.Exec(ctx, `VACUUM ANALYZE applications`); err != nil {
		return fmt.Errorf("vacuum applications: %w", err)
	}
	return nil
}
