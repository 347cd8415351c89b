package cases

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"foi/services/clock"
	"foi/services/fee"
	"foi/services/pg"
)

// The SQL of fee_reductions: an officer's request to charge less than the
// calculator's maximum, which the head approves (the fee notice is then
// issued at the amount asked) or rejects.

// FeeReduction is a request to charge less than the maximum.
type FeeReduction struct {
	ID          string
	Mode        fee.Mode
	Pages       int
	MaxFen      int64
	AmountFen   int64
	Reason      string
	ServedOn    clock.Date // the service day the officer named, or zero
	HowToPay    string
	RequestedBy string
	RequestedOn clock.Date
}

// pendingFeeReduction reads and locks a case's request waiting for the
// head, if any.
func pendingFeeReduction(ctx context.Context, q pg.Querier, appID string, lock bool) (r FeeReduction, found bool, err error) {
	sql := `SELECT id, mode, pages, max_fen, amount_fen, reason, served_on, how_to_pay, requested_by, requested_on
		FROM fee_reductions WHERE application_id = $1 AND status = 'PENDING'`
	if lock {
		sql += ` FOR UPDATE`
	}
	var mode string
	err = q.QueryRow(ctx, sql, appID).Scan(&r.ID, &mode, &r.Pages, &r.MaxFen, &r.AmountFen, &r.Reason, &r.ServedOn, &r.HowToPay, &r.RequestedBy, &r.RequestedOn)
	if errors.Is(err, pgx.ErrNoRows) {
		return FeeReduction{}, false, nil
	}
	if err != nil {
		return FeeReduction{}, false, fmt.Errorf("read fee reduction: %w", pg.Translate(err))
	}
	r.Mode = fee.PerPiece
	if mode == feeModes[fee.PerVolume] {
		r.Mode = fee.PerVolume
	}
	return r, true, nil
}

// newFeeReduction is a new request; the decision has made sure none is
// pending (the database refuses a second one too).
type newFeeReduction struct{ FeeReduction }

func (w newFeeReduction) write(ctx context.Context, tx pgx.Tx, app *Application, _ time.Time) error {
	if _, err := tx.Exec(ctx, `INSERT INTO fee_reductions (application_id, mode, pages, max_fen, amount_fen, reason, served_on, how_to_pay, requested_by, requested_on)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		app.ID, feeModes[w.Mode], w.Pages, w.MaxFen, w.AmountFen, w.Reason, w.ServedOn, w.HowToPay, w.RequestedBy, w.RequestedOn); err != nil {
		return fmt.Errorf("store fee reduction: %w", pg.Translate(err))
	}
	return nil
}

// feeReductionDecision is the head's answer to a pending request:
// APPROVED or REJECTED.
type feeReductionDecision struct {
	id, status, by, reason string
	on                     clock.Date
}

func (w feeReductionDecision) write(ctx context.Context, tx pgx.Tx, _ *Application, _ time.Time) error {
	if _, err := tx.Exec(ctx, `UPDATE fee_reductions SET status = $2, decided_by = $3, decided_on = $4, decision_reason = $5
		WHERE id = $1 AND status = 'PENDING'`, w.id, w.status, w.by, w.on, w.reason); err != nil {
		return fmt.Errorf("decide fee reduction: %w", pg.Translate(err))
	}
	return nil
}

// endFeeReductions ends the request of a case leaving processing
// unanswered (a withdrawal, a clarification, a full-amount notice...),
// noting the event that ended it, and returns it if there was one.
func endFeeReductions(ctx context.Context, tx pgx.Tx, appID string, e Event, on clock.Date) (FeeReduction, bool, error) {
	var r FeeReduction
	err := tx.QueryRow(ctx, `UPDATE fee_reductions SET status = 'ENDED', decided_on = $3, decision_reason = $2
		WHERE application_id = $1 AND status = 'PENDING' RETURNING id, amount_fen, max_fen, requested_by`,
		appID, string(e), on).Scan(&r.ID, &r.AmountFen, &r.MaxFen, &r.RequestedBy)
	if errors.Is(err, pgx.ErrNoRows) {
		return FeeReduction{}, false, nil
	}
	if err != nil {
		return FeeReduction{}, false, fmt.Errorf("end fee reduction: %w", pg.Translate(err))
	}
	return r, true, nil
}
