package cases

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"foi/services/clock"
	"foi/services/pg"
)

// The SQL of fee_pieces and fee_piece_counters: the pieces each
// application counts as under the "one matter, one application" rule,
// numbered per applicant, agency and month (the free allowance and the
// tiers count them).

// applicantMonth keys an application's pieces: its agency, its applicant
// (document type and normalised number, not the account: one person with
// two accounts is one applicant) and the month it was received in.
func applicantMonth(app *Application) (agencyID, applicant string, month clock.Date) {
	y, m, _ := app.ReceivedOn.YMD()
	return app.AgencyID, app.Details.Applicant.DocumentKey(), clock.NewDate(y, m, 1)
}

// allocatePieces gives an accepted application the next n pieces of its
// applicant's month at its agency. The counter row stays locked until the
// transaction ends, so concurrent allocations never share a piece.
func allocatePieces(ctx context.Context, tx pgx.Tx, app *Application, n int) ([]int, error) {
	agencyID, applicant, month := applicantMonth(app)
	var last int
	err := tx.QueryRow(ctx, `
		INSERT INTO fee_piece_counters (agency_id, applicant_key, month, last) VALUES ($1, $2, $3, $4)
		ON CONFLICT (agency_id, applicant_key, month) DO UPDATE SET last = fee_piece_counters.last + $4
		RETURNING last`, agencyID, applicant, month, n).Scan(&last)
	if err != nil {
		return nil, fmt.Errorf("allocate pieces: %w", pg.Translate(err))
	}
	ks := make([]int, 0, n)
	for k := last - n + 1; k <= last; k++ {
		if _, err := tx.Exec(ctx, `INSERT INTO fee_pieces (agency_id, applicant_key, month, k, application_id) VALUES ($1, $2, $3, $4, $5)`,
			agencyID, applicant, month, k, app.ID); err != nil {
			return nil, fmt.Errorf("record piece: %w", pg.Translate(err))
		}
		ks = append(ks, k)
	}
	app.Pieces += n
	return ks, nil
}

// pieceNumbers returns the k of each piece an application counts as.
func pieceNumbers(ctx context.Context, tx pgx.Tx, appID string) ([]int, error) {
	rows, _ := tx.Query(ctx, `SELECT k FROM fee_pieces WHERE application_id = $1 ORDER BY k`, appID)
	return pgx.CollectRows(rows, pgx.RowTo[int])
}

// morePieces allocates n more pieces to a case: its first on receipt, the
// rest when the officer splits it.
type morePieces struct{ n int }

func (w morePieces) write(ctx context.Context, tx pgx.Tx, app *Application, _ time.Time) error {
	_, err := allocatePieces(ctx, tx, app, w.n)
	return err
}
