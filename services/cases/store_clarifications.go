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

// The SQL of clarifications: the supplement period each clarification
// notice gave, from the day the applicant received it.

// supplementPeriod is the period a clarification notice gave: days
// working days after servedOn.
type supplementPeriod struct {
	servedOn clock.Date
	days     int
}

// supplementPeriodOf reads a case's supplement period; found is false for a
// case never asked to clarify.
func supplementPeriodOf(ctx context.Context, q pg.Querier, appID string) (supplementPeriod, bool, error) {
	var p supplementPeriod
	err := q.QueryRow(ctx, `SELECT served_on, days FROM clarifications WHERE application_id = $1`, appID).Scan(&p.servedOn, &p.days)
	if errors.Is(err, pgx.ErrNoRows) {
		return supplementPeriod{}, false, nil
	}
	return p, err == nil, err
}

func (w supplementPeriod) write(ctx context.Context, tx pgx.Tx, app *Application, _ time.Time) error {
	if _, err := tx.Exec(ctx, `INSERT INTO clarifications (application_id, served_on, days) VALUES ($1, $2, $3)`,
		app.ID, w.servedOn, w.days); err != nil {
		return fmt.Errorf("store clarification: %w", pg.Translate(err))
	}
	return nil
}

// updateSupplementDue moves a case's last day to supplement, as when a
// calendar load counts its period again.
func updateSupplementDue(ctx context.Context, tx pgx.Tx, appID string, due clock.Date, provisional bool) error {
	if _, err := tx.Exec(ctx, `UPDATE applications SET supplement_due_on = $2, supplement_due_provisional = $3 WHERE id = $1`, appID, due, provisional); err != nil {
		return fmt.Errorf("move supplement due date: %w", pg.Translate(err))
	}
	return nil
}
