package cases

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"foi/services/pg"
)

// The SQL cases reads from accounts, which services/auth owns: who may be
// given a case.

// officerName returns the display name of an enabled officer of the
// agency; found is false for anyone else.
func officerName(ctx context.Context, q pg.Querier, accountID, agencyID string) (name string, found bool, err error) {
	err = q.QueryRow(ctx, `
		SELECT a.display_name FROM accounts a JOIN account_agencies x ON x.account_id = a.id
		WHERE a.id = $1 AND x.agency_id = $2 AND a.role = 'OFFICER' AND a.disabled_at IS NULL`,
		accountID, agencyID).Scan(&name)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil
	}
	return name, err == nil, err
}
