package report

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"foi/services/applicant"
	"foi/services/clock"
	"foi/services/outcome"
	"foi/services/pg"
)

// The SQL of the report: it reads the cases' tables (applications, drafts,
// remedies) with its own queries and writes only its own.

// CountedStates are the states of cases the report counts, named one by
// one: a state not listed — SUBMITTED (never received), VOIDED (registered
// by mistake), any state added later — counts nowhere until it is added
// here. An online submission withdrawn before confirmation is WITHDRAWN
// with no received-on, and the queries also require a received-on.
var CountedStates = []string{
	"ACCEPTED", "CLARIFICATION", "PROCESSING", "CONSULTATION", "AWAITING_FEE",
	"LEGAL_REVIEW", "SIGN_OFF", "REPLIED", "CLOSED", "WITHDRAWN",
}

// classified is the per-case classification of table 三 for the agencies
// $1 and the year from $3 to $4 (states $2): each case that touches the
// year, with its column (col), received-on (recv), the day it was replied,
// or closed without a reply (done), and the result row its outcome gives
// (res, NULL when none fits).
//
// A case is resolved on its reply date (REPLIED and later), or on the day it
// closed without one (abandoned, withdrawn); until then it is open. So:
// 一 received in the year; 二 received before it and not resolved before
// it; (一)–(六) resolved in the year; 四 received by 31 December and not
// resolved by then. A case received on 31 December and replied in January
// is new and carried over this year, carried in and a result the next.
var classified = `classified AS (
	SELECT id, agency_id, col, recv, done, outcome, state, tracking_number, info_title,
		` + resultRowSQL("outcome", "reason") + ` AS res
	FROM (
		SELECT a.id, a.agency_id, a.applicant_type AS col, a.received_on AS recv,
			coalesce(a.replied_on, a.closed_on) AS done, a.outcome, a.state, a.tracking_number, a.info_title,
			CASE WHEN a.outcome = 'WITHHELD' THEN
				(SELECT d.content::jsonb #>> '{withheldParts,0,reason}' FROM drafts d WHERE d.id = a.approved_draft_id) END AS reason
		FROM applications a
		WHERE a.agency_id = ANY($1::uuid[]) AND a.state = ANY($2::text[]) AND a.received_on IS NOT NULL
			AND (coalesce(a.replied_on, a.closed_on) IS NULL OR coalesce(a.replied_on, a.closed_on) >= $3)
			AND (a.received_on <= $4 OR coalesce(a.replied_on, a.closed_on) <= $4)
		OFFSET 0 -- read the reason once per case, not once per WHEN
	) a
)`

// The per-case predicates of the rows, over classified.
const (
	isNew        = `(recv BETWEEN $3 AND $4)`
	isCarriedIn  = `(recv < $3)`
	isResult     = `(done BETWEEN $3 AND $4)`
	isCarriedOut = `(recv <= $4 AND (done IS NULL OR done > $4))`
	// unbalanced: a case that counts a different number of times on the
	// two sides of 一 + 二 = (七) + 四.
	unbalanced = `((` + isNew + `)::int + (` + isCarriedIn + `)::int <> (` + isResult + ` AND res IS NOT NULL)::int + (` + isCarriedOut + `)::int)`
)

func yearBounds(year int) (clock.Date, clock.Date) {
	return clock.NewDate(year, 1, 1), clock.NewDate(year, 12, 31)
}

// receivedTables counts table 三 for each of the agencies in one pass.
func receivedTables(ctx context.Context, q pg.Querier, agencies []string, year int) (map[string]Table, error) {
	first, last := yearBounds(year)
	rows, err := q.Query(ctx, `WITH `+classified+`
		SELECT agency_id, col, CASE WHEN `+isResult+` THEN coalesce(res, '?') ELSE '' END,
			count(*) FILTER (WHERE `+isNew+`), count(*) FILTER (WHERE `+isCarriedIn+`),
			count(*) FILTER (WHERE `+isResult+`), count(*) FILTER (WHERE `+isCarriedOut+`)
		FROM classified GROUP BY 1, 2, 3`, agencies, CountedStates, first, last)
	if err != nil {
		return nil, fmt.Errorf("count table 三: %w", pg.Translate(err))
	}
	out := map[string]Table{}
	for _, a := range agencies {
		out[a] = NewTable()
	}
	var agency pgtype.UUID
	var col, row string
	var nNew, nIn, nRes, nOut int64
	_, err = pgx.ForEachRow(rows, []any{&agency, &col, &row, &nNew, &nIn, &nRes, &nOut}, func() error {
		t, typ := out[agency.String()], applicant.Type(col)
		for _, c := range []struct {
			row string
			n   int64
		}{{RowNew, nNew}, {RowCarriedIn, nIn}, {RowCarriedOut, nOut}, {row, nRes}} {
			// A result that fits no row ("?") is left out, so the table
			// does not balance and the case is named.
			if c.n == 0 || c.row == "?" {
				continue
			}
			if err := t.Add(c.row, typ, c.n); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("count table 三: %w", pg.Translate(err))
	}
	for _, t := range out {
		t.sumResults()
	}
	return out, nil
}

// Offender is a case that breaks the identity 一 + 二 = (七) + 四.
type Offender struct {
	ID, TrackingNumber, AgencyID string
	ReceivedOn, ResolvedOn       clock.Date
	Outcome                      outcome.Outcome
	State                        string
}

// Why says, in Chinese, why the case does not balance.
func (o Offender) Why(year int) string {
	first, last := yearBounds(year)
	switch {
	case !o.ResolvedOn.IsZero() && o.ResolvedOn.Before(o.ReceivedOn):
		return fmt.Sprintf("办结日期 %s 早于收到日期 %s", o.ResolvedOn, o.ReceivedOn)
	case o.ReceivedOn.After(last):
		return fmt.Sprintf("收到日期 %s 晚于本年度，办结日期却在本年度（%s）", o.ReceivedOn, o.ResolvedOn)
	case !o.ResolvedOn.Before(first) && !o.ResolvedOn.After(last) && o.Outcome == "":
		return fmt.Sprintf("已于 %s 答复或办结，但没有记录办理结果", o.ResolvedOn)
	case o.Outcome == outcome.Withheld:
		return "不予公开，但答复未写明八类理由之一"
	}
	return fmt.Sprintf("办理结果“%s”无法归入第三表的任何一行", o.Outcome)
}

// offenders lists up to limit cases of the agencies that do not balance.
func offenders(ctx context.Context, q pg.Querier, agencies []string, year, limit int) ([]Offender, error) {
	first, last := yearBounds(year)
	rows, _ := q.Query(ctx, `WITH `+classified+`
		SELECT id::text, coalesce(tracking_number, ''), agency_id::text, recv, done, coalesce(outcome, ''), state
		FROM classified WHERE `+unbalanced+` ORDER BY recv, id LIMIT $5`, agencies, CountedStates, first, last, limit)
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Offender, error) {
		var o Offender
		err := r.Scan(&o.ID, &o.TrackingNumber, &o.AgencyID, &o.ReceivedOn, &o.ResolvedOn, &o.Outcome, &o.State)
		return o, err
	})
	if err != nil {
		return nil, fmt.Errorf("list unbalanced cases: %w", pg.Translate(err))
	}
	return out, nil
}

// remedyTables counts table 四 for each of the agencies. A remedy counts in
// the year it was filed (POLICY: the format counts the year's
// reconsiderations and lawsuits), with its result if decided by 31
// December, else as pending. Remedies against a failure to reply count
// like any other: they are recorded on the case just the same.
func remedyTables(ctx context.Context, q pg.Querier, agencies []string, first, last clock.Date) (map[string]Remedies, error) {
	rows, err := q.Query(ctx, `
		SELECT a.agency_id::text, r.kind, CASE WHEN r.decided_on <= $4 THEN r.result ELSE 'PENDING' END, count(*)
		FROM remedies r JOIN applications a ON a.id = r.application_id
		WHERE a.agency_id = ANY($1::uuid[]) AND a.state = ANY($2::text[]) AND r.filed_on BETWEEN $3 AND $4
		GROUP BY 1, 2, 3`, agencies, CountedStates, first, last)
	if err != nil {
		return nil, fmt.Errorf("count table 四: %w", pg.Translate(err))
	}
	out := map[string]Remedies{}
	var agency, kind, result string
	var n int64
	_, err = pgx.ForEachRow(rows, []any{&agency, &kind, &result, &n}, func() error {
		r := out[agency]
		err := r.Add(kind, result, n)
		out[agency] = r
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("count table 四: %w", pg.Translate(err))
	}
	return out, nil
}

// feeFigures counts the fee figures of the closing section for each of
// the agencies, as the case service's GetFeeStatistics does (the
// end-to-end test holds the two equal): notices issued in the year (or
// any period), their amounts, and the amounts paid in it. It starts from
// the fee notices and looks each one's agency up by the case's key, so it
// reads few rows: a join would read every case of the agencies.
func feeFigures(ctx context.Context, q pg.Querier, agencies []string, first, last clock.Date) (map[string]Fees, error) {
	rows, err := q.Query(ctx, `
		SELECT agency::text, count(*) FILTER (WHERE issued_on BETWEEN $2 AND $3),
			coalesce(sum(amount_fen) FILTER (WHERE issued_on BETWEEN $2 AND $3), 0),
			coalesce(sum(amount_fen) FILTER (WHERE status = 'PAID' AND paid_on BETWEEN $2 AND $3), 0)
		FROM (SELECT (SELECT a.agency_id FROM applications a WHERE a.id = f.application_id) AS agency, f.issued_on, f.paid_on, f.amount_fen, f.status
			FROM fee_notices f WHERE f.issued_on BETWEEN $2 AND $3 OR f.paid_on BETWEEN $2 AND $3) f
		WHERE agency = ANY($1::uuid[])
		GROUP BY 1`, agencies, first, last)
	if err != nil {
		return nil, fmt.Errorf("count fees: %w", pg.Translate(err))
	}
	out := map[string]Fees{}
	var agency string
	var f Fees
	_, err = pgx.ForEachRow(rows, []any{&agency, &f.NoticesIssued, &f.ChargedFen, &f.PaidFen}, func() error {
		out[agency] = f
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("count fees: %w", pg.Translate(err))
	}
	return out, nil
}

// CaseRow is a case behind a cell.
type CaseRow struct {
	ID, TrackingNumber, AgencyID string
	ReceivedOn, ResolvedOn       clock.Date
	Outcome                      outcome.Outcome
	State, Title                 string
}

// cursor is the position after the last case of a page.
type cursor struct {
	Recv string `json:"r"`
	ID   string `json:"i"`
}

// cellCases lists a page of the cases behind a table 三 cell.
func cellCases(ctx context.Context, q pg.Querier, agencies []string, year int, row, column string, after cursor, size int) ([]CaseRow, error) {
	first, last := yearBounds(year)
	where := map[string]string{RowNew: isNew, RowCarriedIn: isCarriedIn, RowCarriedOut: isCarriedOut,
		RowResults: isResult + " AND res IS NOT NULL"}[row]
	if where == "" {
		where = isResult + " AND res = $5"
	} else {
		where += " AND $5::text <> ''"
	}
	rows, _ := q.Query(ctx, `WITH `+classified+`
		SELECT id::text, coalesce(tracking_number, ''), agency_id::text, recv, done, coalesce(outcome, ''), state, info_title
		FROM classified
		WHERE `+where+` AND ($6 = '`+TotalColumn+`' OR col = $6)
			AND ($7::date IS NULL OR (recv, id) > ($7::date, $8::uuid))
		ORDER BY recv, id LIMIT $9`, agencies, CountedStates, first, last, row, column, after.recv(), after.id(), size)
	return collectCases(rows)
}

// remedyCases lists a page of the cases behind a table 四 cell.
func remedyCases(ctx context.Context, q pg.Querier, agencies []string, year int, kind, result string, after cursor, size int) ([]CaseRow, error) {
	first, last := yearBounds(year)
	rows, _ := q.Query(ctx, `
		SELECT DISTINCT ON (a.received_on, a.id) a.id::text, coalesce(a.tracking_number, ''), a.agency_id::text, a.received_on,
			coalesce(a.replied_on, a.closed_on), coalesce(a.outcome, ''), a.state, a.info_title
		FROM remedies r JOIN applications a ON a.id = r.application_id
		WHERE a.agency_id = ANY($1::uuid[]) AND a.state = ANY($2::text[]) AND r.filed_on BETWEEN $3 AND $4 AND r.kind = $5
			AND ($6 = '`+Total+`' OR $6 = CASE WHEN r.decided_on <= $4 THEN r.result ELSE 'PENDING' END)
			AND ($7::date IS NULL OR (a.received_on, a.id) > ($7::date, $8::uuid))
		ORDER BY a.received_on, a.id LIMIT $9`, agencies, CountedStates, first, last, kind, result, after.recv(), after.id(), size)
	return collectCases(rows)
}

// recv and id are the cursor's values as SQL arguments: NULL before the
// first page.
func (c cursor) recv() *string {
	if c.Recv == "" {
		return nil
	}
	return &c.Recv
}

func (c cursor) id() *string {
	if c.ID == "" {
		return nil
	}
	return &c.ID
}

func collectCases(rows pgx.Rows) ([]CaseRow, error) {
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (CaseRow, error) {
		var c CaseRow
		err := r.Scan(&c.ID, &c.TrackingNumber, &c.AgencyID, &c.ReceivedOn, &c.ResolvedOn, &c.Outcome, &c.State, &c.Title)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("list cases of a cell: %w", pg.Translate(err))
	}
	return out, nil
}

// agencyNames lists the agencies of the service (the district) by code,
// or the one named.
func agencyNames(ctx context.Context, q pg.Querier, only string) ([][2]string, error) {
	rows, _ := q.Query(ctx, `SELECT id::text, name FROM agencies WHERE $1 = '' OR id::text = $1 ORDER BY code`, only)
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) ([2]string, error) {
		var a [2]string
		err := r.Scan(&a[0], &a[1])
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("list agencies: %w", pg.Translate(err))
	}
	return out, nil
}
