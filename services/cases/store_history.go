package cases

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"foi/services/pg"
)

// The SQL of application_events, the append-only history of every case.

// insertHistoryEvent stores an event built by nextHistoryEvent; the case
// row carries its hash as the tip of the chain.
func insertHistoryEvent(ctx context.Context, tx pgx.Tx, e HistoryEvent) error {
	var actorID *string
	if e.ActorID != "" {
		actorID = &e.ActorID
	}
	if _, err := tx.Exec(ctx, `
		INSERT INTO application_events (application_id, seq, version, event, from_state, to_state,
			actor_id, actor_role, actor_name, occurred_at, reason, payload, prev_hash, hash, chain)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		e.ApplicationID, e.Seq, e.Version, e.Event, e.From, e.To, actorID, e.ActorRole, e.ActorName,
		e.OccurredAt, e.Reason, e.Payload, e.PrevHash, e.Hash, e.Chain); err != nil {
		return fmt.Errorf("append history: %w", pg.Translate(err))
	}
	return nil
}

const historyColumns = `application_id, seq, version, event, from_state, to_state, coalesce(actor_id::text, ''),
	actor_role, actor_name, occurred_at, reason, payload, prev_hash, hash, chain`

func scanHistory(row pgx.CollectableRow) (HistoryEvent, error) {
	var e HistoryEvent
	err := row.Scan(&e.ApplicationID, &e.Seq, &e.Version, &e.Event, &e.From, &e.To, &e.ActorID,
		&e.ActorRole, &e.ActorName, &e.OccurredAt, &e.Reason, &e.Payload, &e.PrevHash, &e.Hash, &e.Chain)
	return e, err
}

// historyOf reads a case's events in order.
func historyOf(ctx context.Context, q pg.Querier, appID string) ([]HistoryEvent, error) {
	rows, _ := q.Query(ctx, `SELECT `+historyColumns+` FROM application_events WHERE application_id = $1 ORDER BY seq`, appID)
	return pgx.CollectRows(rows, scanHistory)
}
