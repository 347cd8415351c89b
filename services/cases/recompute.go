package cases

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/calendar"
	"foi/services/clock"
	"foi/services/pg"
)

// openStates is the SQL list of states whose clock runs or is paused,
// built from State.Open so that the queries and the machine cannot
// disagree about which cases are open.
var openStates = func() string {
	var quoted []string
	for _, st := range States {
		if st.Open() {
			quoted = append(quoted, "'"+string(st)+"'")
		}
	}
	return "(" + strings.Join(quoted, ", ") + ")"
}()

// recomputeBatch is how many cases one transaction of a recompute takes.
const recomputeBatch = 200

// RecomputeStale brings every open case whose due date was computed under
// an older calendar up to date, in batches of one transaction each, and
// reports how many cases it checked and how many due dates moved. Rows
// locked by a concurrent transition are left for the next run (the
// transition itself counts with the newest calendar), so several replicas
// and the sweeper can run it together, and a run that dies leaves nothing
// half-done.
func (s *Service) RecomputeStale(ctx context.Context) (checked, moved int, err error) {
	for {
		n, m, err := s.recomputeBatch(ctx)
		checked, moved = checked+n, moved+m
		if err != nil || n == 0 {
			return checked, moved, err
		}
	}
}

func (s *Service) recomputeBatch(ctx context.Context) (checked, moved int, err error) {
	err = pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		version, err := calendar.Version(ctx, tx)
		if err != nil {
			return err
		}
		rows, _ := tx.Query(ctx, `SELECT `+applicationColumns+` FROM applications a
			WHERE a.state IN `+openStates+` AND a.clock_version < $1
			ORDER BY a.id LIMIT $2 FOR UPDATE OF a SKIP LOCKED`, version, recomputeBatch)
		apps, err := pgx.CollectRows(rows, scanApplication)
		if err != nil || len(apps) == 0 {
			return err
		}
		ids := make([]string, len(apps))
		for i, a := range apps {
			ids[i] = a.ID
		}
		ledgers, err := loadLedgers(ctx, tx, ids)
		if err != nil {
			return err
		}
		var res clock.Result
		for i := range apps {
			a := &apps[i]
			cal, _, err := s.calendars.Calendar(ctx, tx, a.Region)
			if err != nil {
				return err
			}
			if err := clock.ComputeInto(&res, cal, a.ledger(ledgers[a.ID]), s.asOf(a)); err != nil {
				return fmt.Errorf("recompute %s: %w", a.ID, err)
			}
			changed := res.DueOn != a.DueOn || res.Provisional != a.DueProvisional
			if _, err := tx.Exec(ctx, `
				UPDATE applications SET due_on = $2, due_provisional = $3, clock_version = $4,
					version = version + CASE WHEN $5 THEN 1 ELSE 0 END,
					updated_at = CASE WHEN $5 THEN $6 ELSE updated_at END
				WHERE id = $1`, a.ID, res.DueOn, res.Provisional, version, changed, s.now()); err != nil {
				return err
			}
			if changed {
				moved++
				previous := a.DueOn
				a.Version++
				a.DueOn, a.DueProvisional = res.DueOn, res.Provisional
				if _, err := appendHistory(ctx, tx, a, DueRecomputed, a.State, actor.SystemActor, s.now(),
					"节假日安排调整，答复期限重新计算", historyPayload{
						Data:          map[string]any{"calendarVersion": version, "provisional": res.Provisional},
						DueOn:         res.DueOn.String(),
						PreviousDueOn: previous.String(),
					}); err != nil {
					return err
				}
			}
		}
		checked = len(apps)
		return nil
	})
	return checked, moved, err
}
