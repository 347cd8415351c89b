package cases

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"foi/services/pg"
)

// The SQL of drafts: the versions of a case's draft reply, each stored as
// the JSON that was hashed.

// insertDraft stores content as the case's next draft version, by d's
// author at d's time, and returns its id and version.
func insertDraft(ctx context.Context, tx pgx.Tx, appID string, content []byte, d Draft) (id string, version int, err error) {
	err = tx.QueryRow(ctx, `
		INSERT INTO drafts (application_id, version, content, sha256, author_id, created_at)
		VALUES ($1, (SELECT coalesce(max(version), 0) + 1 FROM drafts WHERE application_id = $1), $2, $3, $4, $5)
		RETURNING id, version`, appID, string(content), d.SHA256, d.AuthorID, d.CreatedAt).Scan(&id, &version)
	if err != nil {
		return "", 0, fmt.Errorf("store draft: %w", pg.Translate(err))
	}
	return id, version, nil
}

// draftsOf reads a case's draft versions in order, with the stored JSON
// of each.
func draftsOf(ctx context.Context, q pg.Querier, appID string) ([]Draft, []string, error) {
	rows, _ := q.Query(ctx, `SELECT id, version, content, sha256, author_id, created_at FROM drafts WHERE application_id = $1 ORDER BY version`, appID)
	var list []Draft
	var raw []string
	var d Draft
	var content string
	if _, err := pgx.ForEachRow(rows, []any{&d.ID, &d.Version, &content, &d.SHA256, &d.AuthorID, &d.CreatedAt}, func() error {
		c, err := decodeDraft([]byte(content))
		if err != nil {
			return err
		}
		x := d
		x.Content = c
		list = append(list, x)
		raw = append(raw, content)
		return nil
	}); err != nil {
		return nil, nil, fmt.Errorf("read drafts: %w", err)
	}
	return list, raw, nil
}

// newestDraft reads a case's newest draft version, with the hash of its
// content as stored now; found is false before the first.
func newestDraft(ctx context.Context, q pg.Querier, appID string) (d Draft, sum []byte, found bool, err error) {
	var content string
	err = q.QueryRow(ctx, `SELECT id, version, content, sha256, author_id, created_at FROM drafts
		WHERE application_id = $1 ORDER BY version DESC LIMIT 1`, appID).Scan(&d.ID, &d.Version, &content, &d.SHA256, &d.AuthorID, &d.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return Draft{}, nil, false, nil
	}
	if err != nil {
		return Draft{}, nil, false, err
	}
	if d.Content, err = decodeDraft([]byte(content)); err != nil {
		return Draft{}, nil, false, err
	}
	h := sha256.Sum256([]byte(content))
	return d, h[:], true, nil
}
