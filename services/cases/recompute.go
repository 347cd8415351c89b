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

func (s *Service) recomputeBatch(ctx context.Context) (checked, movedCount int, err error) {
	err = pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		version, err := calendar.Version(ctx, tx)
		if err != nil {
			return err
		}
		apps, err := staleDue(ctx, tx, version, recomputeBatch)
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
			derived, err := s.rederive(ctx, tx, a, cal)
			if err != nil {
				return fmt.Errorf("recompute %s: %w", a.ID, err)
			}
			moved, err := s.moveDue(a, res, version, derived)
			if err != nil {
				return err
			}
			if err := updateDue(ctx, tx, a, version, moved != nil, s.now()); err != nil {
				return err
			}
			if moved != nil {
				movedCount++
				if err := insertHistoryEvent(ctx, tx, *moved); err != nil {
					return err
				}
			}
		}
		checked = len(apps)
		return nil
	})
	return checked, movedCount, err
}

// moveDue takes the due date res computes for a, under calendar version
// cv, and the other dates the recount moved (derived). When anything
// moved, a's due date, version and tip of the history chain move, and the
// event that records the move is returned for the caller to write with the
// row; otherwise nil.
func (s *Service) moveDue(a *Application, res clock.Result, cv int64, derived []derivedMove) (*HistoryEvent, error) {
	if res.DueOn == a.DueOn && res.Provisional == a.DueProvisional && len(derived) == 0 {
		return nil, nil
	}
	previous := a.DueOn
	a.Version++
	a.DueOn, a.DueProvisional = res.DueOn, res.Provisional
	h, err := nextHistoryEvent(a, s.historyKey, DueRecomputed, a.State, actor.SystemActor, s.now(),
		"节假日安排调整，答复期限重新计算", historyPayload{
			Data:          recomputeData(cv, res.Provisional, derived),
			DueOn:         res.DueOn.String(),
			PreviousDueOn: previous.String(),
		})
	return &h, err
}

// recomputeData is the history data of a recount.
func recomputeData(cv int64, provisional bool, derived []derivedMove) map[string]any {
	data := map[string]any{"calendarVersion": cv, "provisional": provisional}
	if len(derived) > 0 {
		data["moved"] = derived
	}
	return data
}
