package cases

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"foi/services/clock"
	"foi/services/pg"
)

// The SQL of clock_events: the facts each case's reply clock is derived
// from. Kinds are stored as clock.EventKind.String spells them.

// pauseReasons maps stored pause reasons to the clock's.
var pauseReasons = map[string]clock.PauseReason{
	"": clock.PauseOther, "CONSULTATION": clock.PauseConsultation,
	"FEE_NOTICE": clock.PauseFeeNotice, "CLARIFICATION": clock.PauseClarification,
	"LAPSED": clock.ResumeLapsed, "ORDERED": clock.RestartOrdered,
	"CORRECTED": clock.DelayCorrected,
}

func reasonName(r clock.PauseReason) string {
	for k, v := range pauseReasons {
		if v == r {
			return k
		}
	}
	return ""
}

// loadLedgers reads the clock facts of the given applications in date
// order (facts of one day in the order recorded): a fact may be recorded
// after a later-dated one, as when an extension was approved before the
// sweeper noticed that a consultation window had ended.
func loadLedgers(ctx context.Context, q pg.Querier, ids []string) (map[string][]clock.Event, error) {
	rows, _ := q.Query(ctx, `
		SELECT application_id, kind, on_date, reason, coalesce(days, 0), due_date
		FROM clock_events WHERE application_id = ANY($1::uuid[]) ORDER BY application_id, on_date, seq`, ids)
	out := map[string][]clock.Event{}
	var id, kind, reason string
	var e clock.Event
	_, err := pgx.ForEachRow(rows, []any{&id, &kind, &e.On, &reason, &e.Days, &e.Due}, func() error {
		k, ok := clock.ParseEventKind(kind)
		if !ok {
			return fmt.Errorf("application %s: unknown clock event kind %q", id, kind)
		}
		ev := clock.Event{Kind: k, On: e.On, Reason: pauseReasons[reason], Days: e.Days, Due: e.Due}
		out[id] = append(out[id], ev)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read clock ledgers: %w", err)
	}
	return out, nil
}

// appendClockEvent records one clock fact of a case, in the caller's
// transaction.
func appendClockEvent(ctx context.Context, tx pgx.Tx, appID string, e clock.Event) error {
	var days *int
	if e.Kind == clock.EventExtend {
		days = &e.Days
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO clock_events (application_id, seq, kind, on_date, reason, days, due_date)
		VALUES ($1, (SELECT coalesce(max(seq), 0) + 1 FROM clock_events WHERE application_id = $1), $2, $3, $4, $5, $6)`,
		appID, e.Kind.String(), e.On, reasonName(e.Reason), days, e.Due)
	if err != nil {
		return fmt.Errorf("record clock event: %w", pg.Translate(err))
	}
	return nil
}
