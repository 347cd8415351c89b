package cases

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"foi/services/pg"
)

// The SQL of documents: the files attached to a case (their content lives
// in a blob store, addressed by SHA-256).

const documentColumns = `id, application_id, kind, file_name, media_type, size, sha256, pages, pages_source,
	uploaded_by, uploader_role, uploaded_at, event_seq, removed_at, coalesce(removed_seq, 0), removal_reason`

func scanDocument(row pgx.CollectableRow) (Document, error) {
	var d Document
	err := row.Scan(&d.ID, &d.ApplicationID, &d.Kind, &d.FileName, &d.MediaType, &d.Size, &d.SHA256, &d.Pages, &d.PagesSource,
		&d.UploadedBy, &d.UploaderRole, &d.UploadedAt, &d.EventSeq, &d.RemovedAt, &d.RemovedSeq, &d.RemovalReason)
	return d, err
}

// documentsOf reads a case's documents in the order they were attached.
func documentsOf(ctx context.Context, q pg.Querier, appID string) ([]Document, error) {
	rows, _ := q.Query(ctx, `SELECT `+documentColumns+` FROM documents WHERE application_id = $1 ORDER BY event_seq, id`, appID)
	list, err := pgx.CollectRows(rows, scanDocument)
	if err != nil {
		return nil, fmt.Errorf("read documents: %w", pg.Translate(err))
	}
	return list, nil
}

// heldBytes is the size of a case's documents not removed.
func heldBytes(ctx context.Context, q pg.Querier, appID string) (int64, error) {
	var n int64
	err := q.QueryRow(ctx, `SELECT coalesce(sum(size), 0) FROM documents WHERE application_id = $1 AND removed_at IS NULL`, appID).Scan(&n)
	return n, pg.Translate(err)
}

// signedDocumentIDs lists the documents that a signed reply of the case
// provides: those its signed drafts list by id.
func signedDocumentIDs(ctx context.Context, q pg.Querier, appID string) (map[string]bool, error) {
	rows, _ := q.Query(ctx, `SELECT d.content FROM drafts d
		WHERE d.application_id = $1 AND EXISTS (SELECT 1 FROM draft_reviews r WHERE r.draft_id = d.id AND r.kind = 'SIGNED')`, appID)
	out := map[string]bool{}
	var content string
	_, err := pgx.ForEachRow(rows, []any{&content}, func() error {
		var j struct {
			Attachments []struct{ DocumentID string } `json:"attachments"`
		}
		if err := json.Unmarshal([]byte(content), &j); err != nil {
			return err
		}
		for _, a := range j.Attachments {
			if a.DocumentID != "" {
				out[a.DocumentID] = true
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read signed drafts: %w", pg.Translate(err))
	}
	return out, nil
}

// newDocument is the row of an attached document; its event is the one
// being recorded.
type newDocument struct{ d Document }

func (w newDocument) write(ctx context.Context, tx pgx.Tx, app *Application, _ time.Time) error {
	d := w.d
	_, err := tx.Exec(ctx, `INSERT INTO documents (id, application_id, kind, file_name, media_type, size, sha256, pages, pages_source,
		uploaded_by, uploader_role, uploaded_at, event_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		d.ID, app.ID, d.Kind, d.FileName, d.MediaType, d.Size, d.SHA256, d.Pages, d.PagesSource,
		d.UploadedBy, d.UploaderRole, d.UploadedAt, d.EventSeq)
	if err != nil {
		return fmt.Errorf("store document: %w", pg.Translate(err))
	}
	return nil
}

// documentRemoved records the removal of a document by the event being
// recorded.
type documentRemoved struct {
	id, by, reason string
}

func (w documentRemoved) write(ctx context.Context, tx pgx.Tx, app *Application, now time.Time) error {
	tag, err := tx.Exec(ctx, `UPDATE documents SET removed_by = $3, removed_at = $4, removed_seq = $5, removal_reason = $6
		WHERE id = $1 AND application_id = $2 AND removed_at IS NULL`, w.id, app.ID, w.by, now, app.historySeq+1, w.reason)
	if err == nil && tag.RowsAffected() != 1 {
		err = fmt.Errorf("document %s was not removed", w.id)
	}
	if err != nil {
		return fmt.Errorf("remove document: %w", pg.Translate(err))
	}
	return nil
}

// documentByID finds document id among list.
func documentByID(list []Document, id string) (Document, bool) {
	i := slices.IndexFunc(list, func(d Document) bool { return d.ID == id })
	if i < 0 {
		return Document{}, false
	}
	return list[i], true
}
