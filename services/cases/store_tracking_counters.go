package cases

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"foi/services/clock"
	"foi/services/pg"
)

// The SQL of tracking_counters, one row per agency and year.

// nextTrackingNumber allocates the agency's next number for the year of
// receipt: CODE-YYYY-NNNNNN. The counter row is locked until the transaction
// ends, so numbers are gapless per agency and year.
func nextTrackingNumber(ctx context.Context, tx pgx.Tx, agencyID, agencyCode string, received clock.Date) (string, error) {
	var n int
	err := tx.QueryRow(ctx, `
		INSERT INTO tracking_counters (agency_id, year, last) VALUES ($1, $2, 1)
		ON CONFLICT (agency_id, year) DO UPDATE SET last = tracking_counters.last + 1
		RETURNING last`, agencyID, received.Year()).Scan(&n)
	if err != nil {
		return "", fmt.Errorf("allocate tracking number: %w", pg.Translate(err))
	}
	return fmt.Sprintf("%s-%d-%06d", agencyCode, received.Year(), n), nil
}

// newTrackingNumber gives a case received on on its agency's next
// tracking number.
type newTrackingNumber struct {
	agencyCode string
	on         clock.Date
}

func (w newTrackingNumber) write(ctx context.Context, tx pgx.Tx, app *Application, _ time.Time) error {
	n, err := nextTrackingNumber(ctx, tx, app.AgencyID, w.agencyCode, w.on)
	if err != nil {
		return err
	}
	app.TrackingNumber = n
	return assignQueryCode(ctx, tx, app)
}
