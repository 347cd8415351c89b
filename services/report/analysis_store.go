package report

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"foi/services/clock"
	"foi/services/pg"
)

// The SQL of the analysis. Each query reads the period's cases of the
// agencies once and returns figures grouped small: the working days and
// the topic clusters are worked out in Go from distinct (received-on,
// replied-on) pairs and distinct titles.

// openStates are the counted states whose clock runs or is paused: a case
// in one of them after its due date is overdue.
var openStates = []string{"ACCEPTED", "CLARIFICATION", "PROCESSING", "CONSULTATION", "AWAITING_FEE", "LEGAL_REVIEW", "SIGN_OFF"}

// received are the applications of the agencies ($1, states $2) received
// in the period ($3 to $4).
const received = `a.agency_id = ANY($1::uuid[]) AND a.state = ANY($2::text[]) AND a.received_on BETWEEN $3 AND $4`

// receivedFigures fills the months, channels, applicant types and the
// overdue figures of the applications received in the period, judging
// open cases on asOf.
func receivedFigures(ctx context.Context, q pg.Querier, ids []string, an *Analysis) error {
	rows, err := q.Query(ctx, `
		SELECT a.received_on, a.channel, a.applicant_type, count(*),
			count(*) FILTER (WHERE a.replied_on > a.due_on),
			count(*) FILTER (WHERE a.state = ANY($6::text[]) AND a.due_on < $5)
		FROM applications a WHERE `+received+` GROUP BY 1, 2, 3`,
		ids, CountedStates, an.From, an.To, an.AsOf, openStates)
	if err != nil {
		return fmt.Errorf("count the received applications: %w", pg.Translate(err))
	}
	var day clock.Date
	var channel, typ string
	var n, late, open int64
	_, err = pgx.ForEachRow(rows, []any{&day, &channel, &typ, &n, &late, &open}, func() error {
		y, m, _ := day.YMD()
		an.Received += n
		add(&an.ByMonth, fmt.Sprintf("%04d-%02d", y, m), n)
		add(&an.ByChannel, channel, n)
		add(&an.ByApplicantType, typ, n)
		an.Overdue.RepliedLate += late
		an.Overdue.OpenLate += open
		return nil
	})
	if err != nil {
		return fmt.Errorf("count the received applications: %w", pg.Translate(err))
	}
	return nil
}

// resolvedFigures counts the outcomes of the cases resolved in the period
// and lists the (region, received-on, replied-on) pairs of those replied
// in it, in one pass: GROUPING SETS gives the two groupings.
func resolvedFigures(ctx context.Context, q pg.Querier, ids []string, an *Analysis) ([]replyPair, error) {
	rows, err := q.Query(ctx, `
		SELECT GROUPING(a.outcome) = 0, coalesce(a.outcome, ''), coalesce(g.region, ''), a.received_on, a.replied_on, count(*)
		FROM applications a JOIN agencies g ON g.id = a.agency_id
		WHERE a.agency_id = ANY($1::uuid[]) AND a.state = ANY($2::text[]) AND a.received_on <= $4
			AND coalesce(a.replied_on, a.closed_on) BETWEEN $3 AND $4
		GROUP BY GROUPING SETS ((a.outcome), (g.region, a.received_on, a.replied_on))`,
		ids, CountedStates, an.From, an.To)
	if err != nil {
		return nil, fmt.Errorf("count the resolved cases: %w", pg.Translate(err))
	}
	var pairs []replyPair
	var isOutcome bool
	var out, region string
	var recv, replied clock.Date
	var n int64
	_, err = pgx.ForEachRow(rows, []any{&isOutcome, &out, &region, &recv, &replied, &n}, func() error {
		switch {
		case isOutcome:
			an.Resolved += n
			add(&an.Outcomes, out, n)
		case !replied.IsZero() && !recv.IsZero():
			pairs = append(pairs, replyPair{Region: region, Received: recv, Replied: replied, Count: n})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("count the resolved cases: %w", pg.Translate(err))
	}
	return pairs, nil
}

// stepFigures counts the received applications with an approved extension
// and those with consultations, and the consultees. It starts from the
// extensions and consultations, which are few, and looks each case up by
// its key: a join would read every case of the agencies.
func stepFigures(ctx context.Context, q pg.Querier, ids []string, an *Analysis) error {
	const counted = `(SELECT a.agency_id = ANY($1::uuid[]) AND a.state = ANY($2::text[]) AND a.received_on BETWEEN $3 AND $4
		FROM applications a WHERE a.id = x.application_id)`
	err := q.QueryRow(ctx, `
		SELECT (SELECT count(DISTINCT x.application_id) FROM extensions x WHERE x.approved_on IS NOT NULL AND `+counted+`),
			(SELECT count(DISTINCT x.application_id) FROM consultations x WHERE `+counted+`),
			(SELECT count(*) FROM consultations x WHERE `+counted+`)`,
		ids, CountedStates, an.From, an.To).Scan(&an.Extended, &an.Consulted, &an.Consultees)
	if err != nil {
		return fmt.Errorf("count extensions and consultations: %w", pg.Translate(err))
	}
	return nil
}

// remedyFigures counts the remedies filed in the period as table 四 does,
// and those against a failure to reply.
func remedyFigures(ctx context.Context, q pg.Querier, ids []string, an *Analysis) error {
	rows, err := q.Query(ctx, `
		SELECT r.kind, CASE WHEN r.decided_on <= $4 THEN r.result ELSE 'PENDING' END, r.against_failure_to_reply, count(*)
		FROM remedies r JOIN applications a ON a.id = r.application_id
		WHERE a.agency_id = ANY($1::uuid[]) AND a.state = ANY($2::text[]) AND r.filed_on BETWEEN $3 AND $4
		GROUP BY 1, 2, 3`, ids, CountedStates, an.From, an.To)
	if err != nil {
		return fmt.Errorf("count remedies: %w", pg.Translate(err))
	}
	var kind, result string
	var failure bool
	var n int64
	_, err = pgx.ForEachRow(rows, []any{&kind, &result, &failure, &n}, func() error {
		if failure {
			an.Remedies.AgainstFailureToReply += n
		}
		return an.Remedies.Add(kind, result, n)
	})
	if err != nil {
		return fmt.Errorf("count remedies: %w", pg.Translate(err))
	}
	return nil
}

// repeatCounts counts, for each number of applications, the applicants
// (by identity document type and normalised number) who made that many in
// the period.
func repeatCounts(ctx context.Context, q pg.Querier, ids []string, an *Analysis) (map[int64]int64, error) {
	rows, err := q.Query(ctx, `
		SELECT n, count(*) FROM (
			SELECT count(*) AS n FROM applications a WHERE `+received+`
			GROUP BY a.applicant_id_type, a.applicant_id_number) x
		GROUP BY n`, ids, CountedStates, an.From, an.To)
	if err != nil {
		return nil, fmt.Errorf("count repeat applicants: %w", pg.Translate(err))
	}
	out := map[int64]int64{}
	var n, applicants int64
	_, err = pgx.ForEachRow(rows, []any{&n, &applicants}, func() error {
		out[n] = applicants
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("count repeat applicants: %w", pg.Translate(err))
	}
	return out, nil
}

// titleCounts counts the received applications by title (the start of
// the description when a case has no title). The titles come from the
// analysis index; only untitled cases are read from the table.
func titleCounts(ctx context.Context, q pg.Querier, ids []string, from, to clock.Date) ([]TitleCount, error) {
	rows, err := q.Query(ctx, `
		SELECT a.info_title, count(*) FROM applications a WHERE `+received+` AND a.info_title <> '' GROUP BY 1
		UNION ALL
		SELECT left(a.info_description, 60), count(*) FROM applications a WHERE `+received+` AND a.info_title = '' GROUP BY 1`,
		ids, CountedStates, from, to)
	if err != nil {
		return nil, fmt.Errorf("count titles: %w", pg.Translate(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (TitleCount, error) {
		var t TitleCount
		err := r.Scan(&t.Title, &t.Count)
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("count titles: %w", pg.Translate(err))
	}
	return out, nil
}
