package cases

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"foi/services/errs"
	"foi/services/pg"
)

// The SQL of notices: the documents issued on a case, kept exactly as
// issued.

// insertNotice stores an issued document.
func insertNotice(ctx context.Context, tx pgx.Tx, n Notice) error {
	if _, err := tx.Exec(ctx, `
		INSERT INTO notices (application_id, event_seq, kind, number, title, recipient, html, sha256, issued_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		n.ApplicationID, n.EventSeq, string(n.Kind), n.Number, n.Title, n.Recipient, n.HTML, n.SHA256, n.IssuedAt); err != nil {
		return fmt.Errorf("store notice: %w", pg.Translate(err))
	}
	return nil
}

const noticeColumns = `id, application_id, event_seq, kind, number, title, recipient, html, sha256, issued_at`

func scanNotice(row pgx.CollectableRow) (Notice, error) {
	var n Notice
	err := row.Scan(&n.ID, &n.ApplicationID, &n.EventSeq, &n.Kind, &n.Number, &n.Title, &n.Recipient, &n.HTML, &n.SHA256, &n.IssuedAt)
	return n, err
}

// noticesOf reads the documents issued on a case, oldest first.
func noticesOf(ctx context.Context, q pg.Querier, appID string) ([]Notice, error) {
	rows, _ := q.Query(ctx, `SELECT `+noticeColumns+` FROM notices WHERE application_id = $1 ORDER BY issued_at, event_seq, number`, appID)
	return pgx.CollectRows(rows, scanNotice)
}

// noticeOf reads one document of a case; an id that is not one of its
// documents, or no id at all, is NotFound.
func noticeOf(ctx context.Context, q pg.Querier, appID, noticeID string) (Notice, error) {
	rows, _ := q.Query(ctx, `SELECT `+noticeColumns+` FROM notices WHERE application_id = $1 AND id = $2`, appID, noticeID)
	n, err := pgx.CollectExactlyOneRow(rows, scanNotice)
	if errors.Is(err, pgx.ErrNoRows) || pg.IsCode(err, pg.InvalidTextRepr, "") {
		return Notice{}, errs.New(errs.NotFound, "文书不存在")
	}
	return n, err
}
