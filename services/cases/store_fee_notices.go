package cases

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"foi/services/clock"
	"foi/services/errs"
	"foi/services/pg"
	"foi/services/review"
)

// The SQL of fee_notices: what each application was charged, and what
// became of it.

const feeColumns = `id, application_id, mode, pieces, pages, max_fen, amount_fen, reduction_reason, items,
	issued_by, issued_on, served_on, pay_by, status, paid_on, payment_ref, waive_reason, paused_clock, claimed_on, claim_ref, pay_by_provisional`

func scanFeeNotice(row pgx.CollectableRow) (FeeNotice, error) {
	var n FeeNotice
	var mode, items string
	err := row.Scan(&n.ID, &n.ApplicationID, &mode, &n.Pieces, &n.Pages, &n.MaxFen, &n.AmountFen, &n.ReductionReason,
		&items, &n.IssuedBy, &n.IssuedOn, &n.ServedOn, &n.PayBy, &n.Status, &n.PaidOn, &n.PaymentRef, &n.WaiveReason, &n.PausedClock, &n.ClaimedOn, &n.ClaimRef, &n.PayByProvisional)
	if err != nil {
		return n, err
	}
	for m, name := range feeModes {
		if name == mode {
			n.Mode = m
		}
	}
	return n, json.Unmarshal([]byte(items), &n.Items)
}

// feeNoticesOf reads a case's fee notices in the order issued.
func feeNoticesOf(ctx context.Context, q pg.Querier, appID string) ([]FeeNotice, error) {
	rows, _ := q.Query(ctx, `SELECT `+feeColumns+` FROM fee_notices WHERE application_id = $1 ORDER BY issued_on, id`, appID)
	return pgx.CollectRows(rows, scanFeeNotice)
}

// hasFeeNotice reports whether the application was charged before (a
// cancelled notice does not count).
func hasFeeNotice(ctx context.Context, tx pgx.Tx, appID string) (bool, error) {
	var earlier bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM fee_notices WHERE application_id = $1 AND status <> 'CANCELLED')`, appID).Scan(&earlier)
	return earlier, err
}

// pendingFeeNotice reads and locks a case's notice waiting for payment.
func pendingFeeNotice(ctx context.Context, tx pgx.Tx, appID string) (FeeNotice, bool, error) {
	rows, _ := tx.Query(ctx, `SELECT `+feeColumns+` FROM fee_notices WHERE application_id = $1 AND status = 'PENDING' FOR UPDATE`, appID)
	n, err := pgx.CollectExactlyOneRow(rows, scanFeeNotice)
	if errors.Is(err, pgx.ErrNoRows) {
		return FeeNotice{}, false, nil
	}
	return n, err == nil, err
}

// reviewFees reads what the draft checks need of a case's fee notices.
func reviewFees(ctx context.Context, q pg.Querier, appID string) ([]review.Fee, error) {
	rows, _ := q.Query(ctx, `SELECT mode = 'PER_PIECE', pieces, pages, max_fen, amount_fen, status = 'PAID'
		FROM fee_notices WHERE application_id = $1 ORDER BY issued_on, id`, appID)
	var fees []review.Fee
	var f review.Fee
	_, err := pgx.ForEachRow(rows, []any{&f.PerPiece, &f.Pieces, &f.Pages, &f.MaxFen, &f.AmountFen, &f.Paid}, func() error {
		fees = append(fees, f)
		return nil
	})
	return fees, err
}

// feeStatistics adds up an agency's fee notices for a year.
func feeStatistics(ctx context.Context, q pg.Querier, agencyID string, year int) (FeeStatistics, error) {
	first, next := clock.NewDate(year, 1, 1), clock.NewDate(year+1, 1, 1)
	var st FeeStatistics
	err := q.QueryRow(ctx, `
		SELECT count(*) FILTER (WHERE f.issued_on >= $2 AND f.issued_on < $3),
			coalesce(sum(f.amount_fen) FILTER (WHERE f.issued_on >= $2 AND f.issued_on < $3), 0),
			coalesce(sum(f.amount_fen) FILTER (WHERE f.status = 'PAID' AND f.paid_on >= $2 AND f.paid_on < $3), 0),
			count(*) FILTER (WHERE f.status = 'WAIVED' AND f.closed_on >= $2 AND f.closed_on < $3),
			coalesce(sum(f.amount_fen) FILTER (WHERE f.status = 'WAIVED' AND f.closed_on >= $2 AND f.closed_on < $3), 0),
			count(*) FILTER (WHERE f.status = 'LAPSED' AND f.closed_on >= $2 AND f.closed_on < $3),
			coalesce(sum(f.amount_fen) FILTER (WHERE f.status = 'LAPSED' AND f.closed_on >= $2 AND f.closed_on < $3), 0),
			count(*) FILTER (WHERE f.status = 'CANCELLED' AND f.closed_on >= $2 AND f.closed_on < $3),
			coalesce(sum(f.amount_fen) FILTER (WHERE f.status = 'CANCELLED' AND f.closed_on >= $2 AND f.closed_on < $3), 0),
			coalesce(sum(f.amount_fen) FILTER (WHERE f.status = 'PENDING' AND f.issued_on >= $2 AND f.issued_on < $3), 0)
		FROM fee_notices f JOIN applications a ON a.id = f.application_id
		WHERE a.agency_id = $1`, agencyID, first, next).Scan(&st.NoticesIssued, &st.ChargedFen, &st.PaidFen, &st.Waivers, &st.WaivedFen,
		&st.Lapses, &st.LapsedFen, &st.Cancellations, &st.CancelledFen, &st.OutstandingFen)
	if pg.IsCode(err, pg.InvalidTextRepr, "") {
		return FeeStatistics{}, errs.New(errs.NotFound, "机构不存在")
	}
	return st, err
}

// newFeeNotice is a fee notice issued, under an id drawn for it so that
// the history names it.
type newFeeNotice struct {
	id, mode                  string
	pieces                    []int
	pages                     int
	maxFen, amountFen         int64
	reductionReason, items    string
	issuedBy                  string
	issuedOn, servedOn, payBy clock.Date
	pausedClock               bool
	payByProvisional          bool
}

func (w newFeeNotice) write(ctx context.Context, tx pgx.Tx, app *Application, _ time.Time) error {
	if _, err := tx.Exec(ctx, `
		INSERT INTO fee_notices (id, application_id, mode, pieces, pages, max_fen, amount_fen, reduction_reason,
			items, issued_by, issued_on, served_on, pay_by, paused_clock, pay_by_provisional)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		w.id, app.ID, w.mode, w.pieces, w.pages, w.maxFen, w.amountFen, w.reductionReason, w.items,
		w.issuedBy, w.issuedOn, w.servedOn, w.payBy, w.pausedClock, w.payByProvisional); err != nil {
		return fmt.Errorf("store fee notice: %w", pg.Translate(err))
	}
	return nil
}

// feePaid records the payment of a notice.
type feePaid struct {
	id, reference string
	paidOn        clock.Date
}

func (w feePaid) write(ctx context.Context, tx pgx.Tx, _ *Application, _ time.Time) error {
	return execFee(ctx, tx, "record payment", `UPDATE fee_notices SET status = 'PAID', paid_on = $2, payment_ref = $3 WHERE id = $1`,
		w.id, w.paidOn, w.reference)
}

// feeClaimed records the applicant's claim to have paid a notice.
type feeClaimed struct {
	id, reference string
	on            clock.Date
}

func (w feeClaimed) write(ctx context.Context, tx pgx.Tx, _ *Application, _ time.Time) error {
	return execFee(ctx, tx, "record payment claim", `UPDATE fee_notices SET claimed_on = $2, claim_ref = $3 WHERE id = $1`,
		w.id, w.on, w.reference)
}

// feeWaived records the head's waiver of a notice.
type feeWaived struct {
	id, by, reason string
	on             clock.Date
}

func (w feeWaived) write(ctx context.Context, tx pgx.Tx, _ *Application, _ time.Time) error {
	return execFee(ctx, tx, "waive fee", `UPDATE fee_notices SET status = 'WAIVED', waived_by = $2, waive_reason = $3, closed_on = $4 WHERE id = $1`,
		w.id, w.by, w.reason, w.on)
}

// feeLapsed closes a notice that was not paid in time.
type feeLapsed struct {
	id string
	on clock.Date
}

func (w feeLapsed) write(ctx context.Context, tx pgx.Tx, _ *Application, _ time.Time) error {
	return execFee(ctx, tx, "lapse fee", `UPDATE fee_notices SET status = 'LAPSED', closed_on = $2 WHERE id = $1`, w.id, w.on)
}

// pendingFeesCancelled cancels whatever a case still waits to be paid, as
// when the applicant withdraws.
type pendingFeesCancelled struct{ on clock.Date }

func (w pendingFeesCancelled) write(ctx context.Context, tx pgx.Tx, app *Application, _ time.Time) error {
	return execFee(ctx, tx, "cancel pending fees", `UPDATE fee_notices SET status = 'CANCELLED', closed_on = $2 WHERE application_id = $1 AND status = 'PENDING'`,
		app.ID, w.on)
}

func execFee(ctx context.Context, tx pgx.Tx, what, sql string, args ...any) error {
	if _, err := tx.Exec(ctx, sql, args...); err != nil {
		return fmt.Errorf("%s: %w", what, pg.Translate(err))
	}
	return nil
}

// updatePayBy moves a pending notice's last day to pay, as when a
// calendar load counts its period again.
func updatePayBy(ctx context.Context, tx pgx.Tx, id string, payBy clock.Date, provisional bool) error {
	return execFee(ctx, tx, "move last day to pay", `UPDATE fee_notices SET pay_by = $2, pay_by_provisional = $3 WHERE id = $1 AND status = 'PENDING'`, id, payBy, provisional)
}
