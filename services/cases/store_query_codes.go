package cases

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"foi/services/clock"
	"foi/services/pg"
)

// The SQL of query_codes: the code printed on a case's receipt, by which
// anyone holding the receipt may look the case's progress up.

// queryCodeAlphabet leaves out letters and digits read for one another
// (0 and O, 1 and I and L).
const queryCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// QueryCodeLength is the length of a query code: 31^8, about 8.5 × 10^11
// codes, against a lookup throttled like sign-in.
const QueryCodeLength = 8

// newQueryCode draws a random query code.
func newQueryCode() string {
	b := make([]byte, QueryCodeLength)
	rand.Read(b)
	for i := range b {
		b[i] = queryCodeAlphabet[int(b[i])%len(queryCodeAlphabet)]
	}
	return string(b)
}

// assignQueryCode gives a case that has just got its tracking number a
// query code, storing its digest; the code itself is kept on app only for
// the receipt issued in the same transaction.
func assignQueryCode(ctx context.Context, tx pgx.Tx, app *Application) error {
	code := newQueryCode()
	sum := sha256.Sum256([]byte(code))
	if _, err := tx.Exec(ctx, `INSERT INTO query_codes (application_id, code_sha256) VALUES ($1, $2)`, app.ID, sum[:]); err != nil {
		return fmt.Errorf("store query code: %w", pg.Translate(err))
	}
	app.queryCode = code
	return nil
}

// PublicStatus is what the holder of a receipt may learn of a case:
// nothing personal.
type PublicStatus struct {
	TrackingNumber string
	AgencyName     string
	State          State
	ReceivedOn     clock.Date
	DueOn          clock.Date
	DueProvisional bool
	RepliedOn      clock.Date
	ClosedOn       clock.Date
}

// statusByCode reads the public status of the case with trackingNumber,
// and whether code is its query code (false, too, for no such case).
func statusByCode(ctx context.Context, q pg.Querier, trackingNumber, code string) (PublicStatus, bool, error) {
	var st PublicStatus
	var digest []byte
	err := q.QueryRow(ctx, `
		SELECT a.tracking_number, g.name, a.state, a.received_on, a.due_on, a.due_provisional, a.replied_on, a.closed_on, c.code_sha256
		FROM applications a JOIN agencies g ON g.id = a.agency_id JOIN query_codes c ON c.application_id = a.id
		WHERE a.tracking_number = $1`, trackingNumber).Scan(&st.TrackingNumber, &st.AgencyName, &st.State,
		&st.ReceivedOn, &st.DueOn, &st.DueProvisional, &st.RepliedOn, &st.ClosedOn, &digest)
	if errors.Is(err, pgx.ErrNoRows) {
		return PublicStatus{}, false, nil
	}
	if err != nil {
		return PublicStatus{}, false, err
	}
	sum := sha256.Sum256([]byte(code))
	if subtle.ConstantTimeCompare(sum[:], digest) != 1 {
		return PublicStatus{}, false, nil
	}
	return st, true, nil
}
