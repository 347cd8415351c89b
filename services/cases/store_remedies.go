package cases

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"foi/services/clock"
	"foi/services/pg"
)

// The SQL of remedies: reconsiderations and lawsuits against a case's
// reply, and their results.

const remedyColumns = `id, kind, filed_on, authority, case_number, coalesce(result, ''), decided_on, against_failure_to_reply`

func scanRemedy(r pgx.CollectableRow) (Remedy, error) {
	var x Remedy
	err := r.Scan(&x.ID, &x.Kind, &x.FiledOn, &x.Authority, &x.CaseNumber, &x.Result, &x.DecidedOn, &x.AgainstFailureToReply)
	return x, err
}

// remediesOf reads a case's remedies in the order they were filed, those
// filed on one day in the order they were recorded.
func remediesOf(ctx context.Context, q pg.Querier, appID string) ([]Remedy, error) {
	rows, _ := q.Query(ctx, `SELECT `+remedyColumns+` FROM remedies WHERE application_id = $1 ORDER BY filed_on, seq`, appID)
	return pgx.CollectRows(rows, scanRemedy)
}

// reconsiderationsOf counts the reconsiderations recorded on a case.
func reconsiderationsOf(ctx context.Context, q pg.Querier, appID string) (int, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT count(*) FROM remedies WHERE application_id = $1 AND kind = 'RECONSIDERATION'`, appID).Scan(&n)
	return n, err
}

// remedyOf reads one remedy of a case; found is false when the id names
// none of them (or is no id at all).
func remedyOf(ctx context.Context, q pg.Querier, appID, remedyID string) (Remedy, bool, error) {
	rows, _ := q.Query(ctx, `SELECT `+remedyColumns+` FROM remedies WHERE id = $1 AND application_id = $2`, remedyID, appID)
	x, err := pgx.CollectExactlyOneRow(rows, scanRemedy)
	if errors.Is(err, pgx.ErrNoRows) || pg.IsCode(err, pg.InvalidTextRepr, "") {
		return Remedy{}, false, nil
	}
	return x, err == nil, err
}

// newRemedy is a reconsideration or lawsuit as filed, under an id drawn
// for it so that the history names it.
type newRemedy struct {
	id, kind, authority, caseNumber string
	filedOn                         clock.Date
	againstFailureToReply           bool
}

func (w newRemedy) write(ctx context.Context, tx pgx.Tx, app *Application, _ time.Time) error {
	if _, err := tx.Exec(ctx, `INSERT INTO remedies (id, application_id, kind, filed_on, authority, case_number, against_failure_to_reply)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, w.id, app.ID, w.kind, w.filedOn, w.authority, w.caseNumber, w.againstFailureToReply); err != nil {
		return fmt.Errorf("store remedy: %w", pg.Translate(err))
	}
	return nil
}

// remedyResult is the decision on a remedy.
type remedyResult struct {
	id, result string
	decidedOn  clock.Date
}

func (w remedyResult) write(ctx context.Context, tx pgx.Tx, _ *Application, _ time.Time) error {
	if _, err := tx.Exec(ctx, `UPDATE remedies SET result = $2, decided_on = $3 WHERE id = $1`, w.id, w.result, w.decidedOn); err != nil {
		return fmt.Errorf("record remedy result: %w", pg.Translate(err))
	}
	return nil
}
