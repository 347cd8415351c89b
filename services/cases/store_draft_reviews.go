package cases

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/pg"
	"foi/services/review"
)

// The SQL of draft_reviews: what happened to each draft version
// (submitted, returned, approved, rejected at sign-off, signed).

// draftReviewsOf reads the reviews of a case's drafts, by draft id, each
// draft's in order.
func draftReviewsOf(ctx context.Context, q pg.Querier, appID string) (map[string][]DraftReview, error) {
	rows, _ := q.Query(ctx, `
		SELECT r.draft_id, r.kind, coalesce(r.actor_id::text, ''), r.actor_name, r.at, r.comments, r.checks, r.overrides
		FROM draft_reviews r JOIN drafts d ON d.id = r.draft_id WHERE d.application_id = $1 ORDER BY r.id`, appID)
	out := map[string][]DraftReview{}
	var draftID, checks, overrides string
	var r DraftReview
	_, err := pgx.ForEachRow(rows, []any{&draftID, &r.Kind, &r.ActorID, &r.ActorName, &r.At, &r.Comments, &checks, &overrides}, func() error {
		x := r
		if err := json.Unmarshal([]byte(checks), &x.Checks); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(overrides), &x.Overrides); err != nil {
			return err
		}
		out[draftID] = append(out[draftID], x)
		return nil
	})
	return out, err
}

// lastReviewKind returns the kind of the last review of a draft version,
// or "" when it has none.
func lastReviewKind(ctx context.Context, q pg.Querier, draftID string) (string, error) {
	var kind string
	err := q.QueryRow(ctx, `SELECT kind FROM draft_reviews WHERE draft_id = $1 ORDER BY id DESC LIMIT 1`, draftID).Scan(&kind)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return kind, err
}

// draftReview is something that happens to a draft version, with the
// checks as they ran and the officer's overrides when it is submitted.
type draftReview struct {
	draftID   string
	kind      string
	who       actor.Actor
	comments  string
	checks    []review.Result
	overrides []Override
}

func (w draftReview) write(ctx context.Context, tx pgx.Tx, _ *Application, now time.Time) error {
	checks, overrides := w.checks, w.overrides
	if checks == nil {
		checks = []review.Result{}
	}
	if overrides == nil {
		overrides = []Override{}
	}
	c, _ := json.Marshal(checks)
	o, _ := json.Marshal(overrides)
	var actorID *string
	if w.who.AccountID != "" {
		actorID = &w.who.AccountID
	}
	if _, err := tx.Exec(ctx, `INSERT INTO draft_reviews (draft_id, kind, actor_id, actor_name, at, comments, checks, overrides)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, w.draftID, w.kind, actorID, w.who.Name, now, w.comments, string(c), string(o)); err != nil {
		return fmt.Errorf("store draft review: %w", pg.Translate(err))
	}
	return nil
}
