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

// The SQL of extensions: officers' requests to extend the reply period
// (Art. 33) and the head's approvals.

// extension is a pending request for an extension.
type extension struct {
	id          string
	days        int
	reason      string
	requestedBy string
	requestedOn clock.Date
}

// approvedExtensionOn returns the day an extension of the current reply
// period was approved, or the zero date when none was: a restart (a
// supplement, or a new reply ordered on review) opens a new period.
func approvedExtensionOn(ctx context.Context, tx pgx.Tx, appID string) (clock.Date, error) {
	var on clock.Date
	err := tx.QueryRow(ctx, `
		SELECT approved_on FROM extensions
		WHERE application_id = $1 AND approved_on IS NOT NULL
		  AND approved_on >= coalesce((SELECT max(on_date) FROM clock_events WHERE application_id = $1 AND kind = 'RESTART'), '-infinity')
		ORDER BY approved_on DESC LIMIT 1`, appID).Scan(&on)
	if errors.Is(err, pgx.ErrNoRows) {
		return clock.Date{}, nil
	}
	return on, err
}

// pendingExtension returns the request of the current reply period
// waiting for the head, if any: neither approved nor rejected (nor, from
// before requests were refused while one was pending, superseded).
func pendingExtension(ctx context.Context, tx pgx.Tx, appID string) (x extension, found bool, err error) {
	err = tx.QueryRow(ctx, `
		SELECT id, days, reason, requested_by, requested_on FROM extensions
		WHERE application_id = $1 AND approved_on IS NULL AND rejected_on IS NULL AND NOT superseded
		  AND requested_on >= coalesce((SELECT max(on_date) FROM clock_events WHERE application_id = $1 AND kind = 'RESTART'), '-infinity')
		ORDER BY requested_on DESC LIMIT 1`, appID).Scan(&x.id, &x.days, &x.reason, &x.requestedBy, &x.requestedOn)
	if errors.Is(err, pgx.ErrNoRows) {
		return extension{}, false, nil
	}
	return x, err == nil, err
}

// extensionRequest is a new request; the decision has made sure none is
// pending.
type extensionRequest struct {
	days        int
	reason      string
	requestedBy string
	requestedOn clock.Date
}

func (w extensionRequest) write(ctx context.Context, tx pgx.Tx, app *Application, _ time.Time) error {
	if _, err := tx.Exec(ctx, `INSERT INTO extensions (application_id, days, reason, requested_by, requested_on) VALUES ($1, $2, $3, $4, $5)`,
		app.ID, w.days, w.reason, w.requestedBy, w.requestedOn); err != nil {
		return fmt.Errorf("store extension request: %w", pg.Translate(err))
	}
	return nil
}

// extensionApproval is the head's approval of a pending request.
type extensionApproval struct {
	id         string
	approvedBy string
	approvedOn clock.Date
}

func (w extensionApproval) write(ctx context.Context, tx pgx.Tx, _ *Application, _ time.Time) error {
	if _, err := tx.Exec(ctx, `UPDATE extensions SET approved_by = $2, approved_on = $3 WHERE id = $1`, w.id, w.approvedBy, w.approvedOn); err != nil {
		return fmt.Errorf("approve extension: %w", pg.Translate(err))
	}
	return nil
}

// extensionRejection is the head's refusal of a pending request.
type extensionRejection struct {
	id         string
	rejectedBy string
	rejectedOn clock.Date
	reason     string
}

func (w extensionRejection) write(ctx context.Context, tx pgx.Tx, _ *Application, _ time.Time) error {
	if _, err := tx.Exec(ctx, `UPDATE extensions SET rejected_by = $2, rejected_on = $3, rejection_reason = $4 WHERE id = $1`,
		w.id, w.rejectedBy, w.rejectedOn, w.reason); err != nil {
		return fmt.Errorf("reject extension: %w", pg.Translate(err))
	}
	return nil
}
