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

// The SQL of fee_refunds: paid fees returned, recorded by an officer and
// approved by the head.

// refundFactsOf reads, locked, a case's paid fee notice that no refund
// names yet (nil when none) and its refund waiting for approval (nil when
// none).
func refundFactsOf(ctx context.Context, tx pgx.Tx, appID string) (*FeeNotice, *feeRefund, error) {
	rows, _ := tx.Query(ctx, `SELECT `+feeColumns+` FROM fee_notices f
		WHERE application_id = $1 AND status = 'PAID' AND NOT EXISTS (SELECT 1 FROM fee_refunds r WHERE r.fee_notice_id = f.id)
		ORDER BY issued_on, id LIMIT 1 FOR UPDATE`, appID)
	var paid *FeeNotice
	n, err := pgx.CollectExactlyOneRow(rows, scanFeeNotice)
	switch {
	case err == nil:
		paid = &n
	case !errors.Is(err, pgx.ErrNoRows):
		return nil, nil, err
	}
	var r feeRefund
	err = tx.QueryRow(ctx, `SELECT id, fee_notice_id, amount_fen, recorded_by FROM fee_refunds
		WHERE application_id = $1 AND approved_on IS NULL ORDER BY recorded_on LIMIT 1 FOR UPDATE`, appID).
		Scan(&r.id, &r.feeNoticeID, &r.amountFen, &r.recordedBy)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return paid, nil, nil
	case err != nil:
		return nil, nil, err
	}
	return paid, &r, nil
}

// newFeeRefund is an officer's record of a refund.
type newFeeRefund struct {
	feeNoticeID string
	amountFen   int64
	reason      string
	recordedBy  string
	recordedOn  clock.Date
}

func (w newFeeRefund) write(ctx context.Context, tx pgx.Tx, app *Application, _ time.Time) error {
	if _, err := tx.Exec(ctx, `INSERT INTO fee_refunds (application_id, fee_notice_id, amount_fen, reason, recorded_by, recorded_on)
		VALUES ($1, $2, $3, $4, $5, $6)`, app.ID, w.feeNoticeID, w.amountFen, w.reason, w.recordedBy, w.recordedOn); err != nil {
		return fmt.Errorf("store fee refund: %w", pg.Translate(err))
	}
	return nil
}

// feeRefundApproval is the head's approval of a recorded refund.
type feeRefundApproval struct {
	id         string
	approvedBy string
	approvedOn clock.Date
}

func (w feeRefundApproval) write(ctx context.Context, tx pgx.Tx, _ *Application, _ time.Time) error {
	if _, err := tx.Exec(ctx, `UPDATE fee_refunds SET approved_by = $2, approved_on = $3 WHERE id = $1`,
		w.id, w.approvedBy, w.approvedOn); err != nil {
		return fmt.Errorf("approve fee refund: %w", pg.Translate(err))
	}
	return nil
}
