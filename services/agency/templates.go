package agency

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"foi/services/errs"
	"foi/services/pg"
)

// An agency's own wording of a notice kind replaces the shipped template.
// notice_templates holds the wording in force; notice_template_versions
// every change, who made it and when, append-only. A letter already issued
// keeps the text it was issued with (the cases' notices), so no change
// here reaches it.

// Template returns the agency's own wording of a notice kind, if it has one.
func Template(ctx context.Context, q pg.Querier, agencyID, kind string) (string, bool, error) {
	var body string
	err := q.QueryRow(ctx, `SELECT body FROM notice_templates WHERE agency_id = $1 AND kind = $2`, agencyID, kind).Scan(&body)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil
	}
	return body, err == nil, err
}

// TemplateVersion is one change of an agency's template of a notice kind.
type TemplateVersion struct {
	Kind          string
	Version       int
	Body          string // "" when the change restored the shipped template
	ChangedBy     string // account id; "" before accounts were recorded
	ChangedByName string
	ChangedAt     time.Time
}

// PutTemplate sets (or, with an empty body, removes) the agency's wording
// of a notice kind and records the change as its next version; validate
// checks the template renders. Setting the wording in force again records
// nothing. It returns the version in force (0 when the shipped template
// was never replaced).
func (s *Store) PutTemplate(ctx context.Context, agencyID, kind, body, by string, validate func(string) error) (int, error) {
	if body != "" {
		if err := validate(body); err != nil {
			return 0, errs.Field("body", err.Error())
		}
	}
	var version int
	err := pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		// The agency's row lock orders concurrent changes of its templates.
		if _, err := lookup(ctx, tx, agencyID, true); err != nil {
			return err
		}
		cur, own, err := Template(ctx, tx, agencyID, kind)
		if err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM notice_template_versions WHERE agency_id = $1 AND kind = $2`,
			agencyID, kind).Scan(&version); err != nil {
			return err
		}
		if (body == "" && !own) || (own && body == cur) {
			return nil
		}
		if body == "" {
			_, err = tx.Exec(ctx, `DELETE FROM notice_templates WHERE agency_id = $1 AND kind = $2`, agencyID, kind)
		} else {
			_, err = tx.Exec(ctx, `
				INSERT INTO notice_templates (agency_id, kind, body, updated_by, updated_at) VALUES ($1, $2, $3, nullif($4, '')::uuid, now())
				ON CONFLICT (agency_id, kind) DO UPDATE SET body = excluded.body, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
				agencyID, kind, body, by)
		}
		if err != nil {
			return fmt.Errorf("put notice template: %w", err)
		}
		version++
		_, err = tx.Exec(ctx, `INSERT INTO notice_template_versions (agency_id, kind, version, body, changed_by, changed_at)
			VALUES ($1, $2, $3, $4, nullif($5, '')::uuid, now())`, agencyID, kind, version, body, by)
		if err != nil {
			return fmt.Errorf("record notice template version: %w", err)
		}
		return nil
	})
	return version, err
}

// Template is the agency's own wording of a notice kind, if any.
func (s *Store) Template(ctx context.Context, agencyID, kind string) (string, bool, error) {
	return Template(ctx, s.db, agencyID, kind)
}

const versionColumns = `v.kind, v.version, v.body, coalesce(v.changed_by::text, ''), coalesce(a.display_name, ''), v.changed_at`

func scanVersion(row pgx.CollectableRow) (TemplateVersion, error) {
	var v TemplateVersion
	err := row.Scan(&v.Kind, &v.Version, &v.Body, &v.ChangedBy, &v.ChangedByName, &v.ChangedAt)
	return v, err
}

// LatestTemplates returns, by kind, the latest change of each of the
// agency's templates that was ever changed.
func (s *Store) LatestTemplates(ctx context.Context, agencyID string) (map[string]TemplateVersion, error) {
	if _, err := s.Get(ctx, agencyID); err != nil {
		return nil, err
	}
	rows, _ := s.db.Query(ctx, `SELECT DISTINCT ON (v.kind) `+versionColumns+`
		FROM notice_template_versions v LEFT JOIN accounts a ON a.id = v.changed_by
		WHERE v.agency_id = $1 ORDER BY v.kind, v.version DESC`, agencyID)
	list, err := pgx.CollectRows(rows, scanVersion)
	if err != nil {
		return nil, fmt.Errorf("list notice templates: %w", err)
	}
	out := make(map[string]TemplateVersion, len(list))
	for _, v := range list {
		out[v.Kind] = v
	}
	return out, nil
}

// TemplateVersions returns every change of the agency's template of kind,
// newest first.
func (s *Store) TemplateVersions(ctx context.Context, agencyID, kind string) ([]TemplateVersion, error) {
	if _, err := s.Get(ctx, agencyID); err != nil {
		return nil, err
	}
	rows, _ := s.db.Query(ctx, `SELECT `+versionColumns+`
		FROM notice_template_versions v LEFT JOIN accounts a ON a.id = v.changed_by
		WHERE v.agency_id = $1 AND v.kind = $2 ORDER BY v.version DESC`, agencyID, kind)
	list, err := pgx.CollectRows(rows, scanVersion)
	if err != nil {
		return nil, fmt.Errorf("list notice template versions: %w", err)
	}
	return list, nil
}
