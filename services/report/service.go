package report

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"foi/services/actor"
	"foi/services/calendar"
	"foi/services/errs"
	"foi/services/page"
	"foi/services/pg"
)

// DistrictName names the roll-up over every agency of the service: foi
// serves one district, so its agencies are the district's.
const DistrictName = "全区汇总（本系统全部行政机关）"

// Service builds, publishes and exports annual reports and analyses.
type Service struct {
	db   *pgxpool.Pool
	now  func() time.Time
	cals *calendar.Store // the working days to reply, by each agency's region
}

// NewService returns the report service on db.
func NewService(db *pgxpool.Pool, now func() time.Time, cals *calendar.Store) *Service {
	return &Service{db: db, now: now, cals: cals}
}

// Built is a report as an office sees it: the published figures once
// published, with the differences the cases now give.
type Built struct {
	Report
	Publication *Publication
	Differences []Difference
	// CurrentProblem says why the cases now give no report, for a
	// published one whose table no longer balances.
	CurrentProblem string
}

// scope is the agencies a report or analysis covers for who, with the
// name to show: one agency of theirs, or the district.
func (s *Service) scope(ctx context.Context, who actor.Actor, agencyID string) (ids []string, name string, err error) {
	if agencyID == "" {
		if who.Role != actor.Head && who.Role != actor.Admin {
			return nil, "", errs.New(errs.PermissionDenied, "仅负责人或系统管理员可以查看全区汇总")
		}
		all, err := agencyNames(ctx, s.db, "")
		if err != nil {
			return nil, "", err
		}
		for _, a := range all {
			ids = append(ids, a[0])
		}
		return ids, DistrictName, nil
	}
	if !who.InAgency(agencyID) {
		return nil, "", errs.New(errs.NotFound, "机构不存在")
	}
	one, err := agencyNames(ctx, s.db, agencyID)
	if err != nil {
		return nil, "", err
	}
	if len(one) == 0 {
		return nil, "", errs.New(errs.NotFound, "机构不存在")
	}
	return []string{agencyID}, one[0][1], nil
}

// Get returns the report of an agency (or the district, for agencyID "")
// for a year. A published agency report is returned as published, with the
// differences the cases now give.
func (s *Service) Get(ctx context.Context, who actor.Actor, agencyID string, year int) (Built, error) {
	ids, name, err := s.scope(ctx, who, agencyID)
	if err != nil {
		return Built{}, err
	}
	pub, err := publication(ctx, s.db, agencyID, year)
	if err != nil {
		return Built{}, err
	}
	now, err := s.compute(ctx, ids, name, year)
	if pub == nil {
		if err != nil {
			return Built{}, err
		}
		now.AgencyID = agencyID
		return Built{Report: now}, nil
	}
	b := Built{Report: pub.Report, Publication: pub}
	if text, ok := errs.UserText(err); ok && errors.Is(err, errs.FailedPrecondition) {
		b.CurrentProblem = text
	} else if err != nil {
		return Built{}, err
	} else {
		b.Differences = Diff(pub.Report, now)
	}
	return b, nil
}

// compute builds the report of the agencies from their cases now: one
// agency's, or the district's as the sum of its agencies'. A table that
// does not balance is refused, naming the cases.
func (s *Service) compute(ctx context.Context, ids []string, name string, year int) (Report, error) {
	first, last := yearBounds(year)
	var tables map[string]Table
	var remedies map[string]Remedies
	var fees map[string]Fees
	var bad []Offender
	// One snapshot for every figure. JIT compilation is off: it costs
	// seconds on these wide expressions and saves nothing.
	err := pgx.BeginTxFunc(ctx, s.db, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		var err error
		if _, err = tx.Exec(ctx, `SET LOCAL jit = off; SET LOCAL work_mem = '64MB'`); err != nil {
			return err
		}
		if tables, err = receivedTables(ctx, tx, ids, year); err != nil {
			return err
		}
		if remedies, err = remedyTables(ctx, tx, ids, first, last); err != nil {
			return err
		}
		if fees, err = feeFigures(ctx, tx, ids, first, last); err != nil {
			return err
		}
		for _, id := range ids {
			if len(tables[id].Check()) > 0 {
				bad, err = offenders(ctx, tx, ids, year, 20)
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Report{}, fmt.Errorf("build the %d report: %w", year, pg.Translate(err))
	}
	parts := make([]Report, 0, len(ids))
	for _, id := range ids {
		parts = append(parts, Report{AgencyID: id, Year: year, Received: tables[id], Remedies: remedies[id], Fees: fees[id]})
	}
	r := Sum(name, year, parts)
	if len(ids) == 1 {
		r.AgencyID = ids[0]
	}
	if len(bad) > 0 {
		return Report{}, errs.New(errs.FailedPrecondition, imbalanceText(year, r.Received.Check(), bad))
	}
	return r, nil
}

// imbalanceText says which columns fail 一 + 二 = (七) + 四 and which cases
// make them fail.
func imbalanceText(year int, bad []Imbalance, cases []Offender) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d年度报告第三表不平衡（一 + 二 应等于（七）+ 四），不能生成：", year)
	for i, x := range bad {
		if i > 0 {
			b.WriteString("；")
		}
		fmt.Fprintf(&b, "%s列 %d + %d = %d，而 %d + %d = %d", x.Label, x.New, x.CarriedIn, x.In, x.Results, x.CarriedOut, x.Out)
	}
	b.WriteString("。涉及的申请：")
	for i, c := range cases {
		if i > 0 {
			b.WriteString("；")
		}
		fmt.Fprintf(&b, "%s（%s）：%s", c.TrackingNumber, c.ID, c.Why(year))
	}
	b.WriteString("。请更正这些申请的记录后再生成报告。")
	return b.String()
}

// CellCases lists a page of the cases behind a cell, within the agencies
// who works for (for the district, an administrator sees every agency's).
func (s *Service) CellCases(ctx context.Context, who actor.Actor, agencyID string, year int, cell string, size int, token string) ([]CaseRow, string, error) {
	ids, _, err := s.scope(ctx, who, agencyID)
	if err != nil {
		return nil, "", err
	}
	ids = slices.DeleteFunc(ids, func(id string) bool { return !who.InAgency(id) })
	var after cursor
	if err := page.Decode(token, &after); err != nil {
		return nil, "", err
	}
	var list []CaseRow
	if row, column, ok := ParseCell(cell); ok {
		list, err = cellCases(ctx, s.db, ids, year, row, column, after, size+1)
	} else if kind, result, ok := ParseRemedyCell(cell); ok {
		list, err = remedyCases(ctx, s.db, ids, year, kind, result, after, size+1)
	} else {
		return nil, "", errs.Field("cell", "须为第三表的“行-列”（如 3.3.2-NATURAL_PERSON、1-TOTAL）或第四表的 remedy.种类-结果")
	}
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(list) > size {
		list = list[:size]
		last := list[size-1]
		next = page.Encode(cursor{Recv: last.ReceivedOn.String(), ID: last.ID})
	}
	return list, next, nil
}
