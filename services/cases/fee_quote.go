package cases

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/fee"
	"foi/services/pg"
)

// FeeQuote is what a fee notice on a case would charge at most, priced
// as IssueFeeNotice prices it.
type FeeQuote struct {
	fee.Quote
	// Pieces are the k of each piece priced (PER_PIECE): the case's own
	// and, for a split, the next ones of the applicant's month.
	Pieces []int
	// Pages are the pages priced (PER_VOLUME): those given, or those of
	// the case's provided documents.
	Pages int
}

// QuoteFee prices a fee notice on case id before it is issued: the same
// checks of mode, pages and split as IssueFeeNotice (a quote needs no
// split reason), the case's own piece numbers, and the provided
// documents' pages when none are given. It writes nothing: a split's
// pieces are numbered after the month's last piece as it stands now, which
// another case may take before the notice goes out.
func (s *Service) QuoteFee(ctx context.Context, who actor.Actor, id string, in FeeNoticeInput) (FeeQuote, error) {
	var out FeeQuote
	err := pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		app, err := getApplication(ctx, tx, who, id, false)
		if err != nil {
			return err
		}
		if in.SplitReason == "" {
			in.SplitReason = "quote"
		}
		o, err := checkFeeNotice(&app, s.today(), in, false)
		if err != nil {
			return err
		}
		if o.Mode == fee.PerVolume {
			if o.Pages == 0 {
				if o.Pages, err = providedPages(ctx, tx, app.ID); err != nil {
					return err
				}
			}
			out.Pages = o.Pages
		} else {
			if out.Pieces, err = pieceNumbers(ctx, tx, app.ID); err != nil {
				return err
			}
			if o.morePieces > 0 {
				last, err := lastPiece(ctx, tx, &app)
				if err != nil {
					return err
				}
				for k := last + 1; k <= last+o.morePieces; k++ {
					out.Pieces = append(out.Pieces, k)
				}
			}
		}
		q, err := quote(o.Mode, out.Pieces, out.Pages)
		if err != nil {
			return FeeInputError(err)
		}
		out.Quote = q
		return nil
	})
	return out, err
}

// lastPiece is the last piece counted so far in the month of app's
// applicant at its agency.
func lastPiece(ctx context.Context, tx pgx.Tx, app *Application) (int, error) {
	agencyID, applicant, month := applicantMonth(app)
	var last int
	err := tx.QueryRow(ctx, `SELECT last FROM fee_piece_counters WHERE agency_id = $1 AND applicant_key = $2 AND month = $3`,
		agencyID, applicant, month).Scan(&last)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read piece counter: %w", pg.Translate(err))
	}
	return last, nil
}
