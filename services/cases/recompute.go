package cases

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/agency"
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
			moved, err := s.recount(ctx, tx, a, res, cal, version)
			if err != nil {
				return err
			}
			if moved {
				movedCount++
			}
		}
		checked = len(apps)
		return nil
	})
	return checked, movedCount, err
}

// recount brings open case a, counted under an older calendar, up to
// calendar version cv (calendar cal), whose clock res computes: its due
// date and the dates derived from the calendar, a corrected notice for
// those the applicant was given, and a history event when anything moved.
func (s *Service) recount(ctx context.Context, tx pgx.Tx, a *Application, res clock.Result, cal *clock.Calendar, cv int64) (bool, error) {
	previous, since := a.DueOn, a.ClockVersion
	derived, err := s.rederive(ctx, tx, a, cal)
	if err != nil {
		return false, fmt.Errorf("recompute %s: %w", a.ID, err)
	}
	fix, corrected, err := s.correctionOrder(ctx, tx, a, movedDates(previous, res, derived), cal, since)
	if err != nil {
		return false, fmt.Errorf("recompute %s: %w", a.ID, err)
	}
	moved, issued, err := s.moveDue(ctx, tx, a, res, cv, derived, fix, corrected)
	if err != nil {
		return false, err
	}
	a.ClockVersion = cv
	if err := updateDue(ctx, tx, a, cv, moved != nil, s.now()); err != nil {
		return false, err
	}
	if moved == nil {
		return false, nil
	}
	return true, s.recordMove(ctx, tx, a, *moved, issued)
}

// recountFirst recounts a case that an event is about to change when its
// dates were counted under an older calendar than the one in force, as
// the batch recount would have: the move and any corrected notice are
// their own history event, before the event's.
func (s *Service) recountFirst(ctx context.Context, tx pgx.Tx, a *Application) error {
	if !a.State.Open() || a.ReceivedOn.IsZero() {
		return nil
	}
	version, err := calendar.Version(ctx, tx)
	if err != nil || a.ClockVersion >= version {
		return err
	}
	res, cal, version, err := s.clockOf(ctx, tx, a)
	if err != nil {
		return err
	}
	_, err = s.recount(ctx, tx, a, res, cal, version)
	return err
}

// moveDue takes the due date res computes for a, under calendar version
// cv, and the other dates the recount moved (derived). When anything
// moved, a's due date, version and tip of the history chain move, and the
// event that records the move is returned for the caller to write with the
// row; otherwise nil. fix is the corrected notice to the applicant for
// the dates it names (corrected), or nil: rendered here, its digest is a
// link of the chain, and it is returned for the caller to store.
func (s *Service) moveDue(ctx context.Context, tx pgx.Tx, a *Application, res clock.Result, cv int64, derived []derivedMove,
	fix *noticeOrder, corrected []string) (*HistoryEvent, *Notice, error) {
	if res.DueOn == a.DueOn && res.Provisional == a.DueProvisional && len(derived) == 0 {
		return nil, nil, nil
	}
	previous := a.DueOn
	a.Version++
	a.DueOn, a.DueProvisional = res.DueOn, res.Provisional
	p := historyPayload{Data: recomputeData(cv, res.Provisional, derived), DueOn: res.DueOn.String(), PreviousDueOn: previous.String()}
	var issued *Notice
	if fix != nil {
		ag, err := agency.Lookup(ctx, tx, a.AgencyID)
		if err != nil {
			return nil, nil, err
		}
		seq := a.historySeq + 1
		n, err := s.render(ctx, tx, a, ag, seq, fmt.Sprintf("%s-%d", a.TrackingNumber, seq), *fix)
		if err != nil {
			return nil, nil, err
		}
		issued = &n
		p.Data.(map[string]any)["corrected"] = corrected
		p.Notices = []noticeDigest{{Number: n.Number, Kind: string(n.Kind), SHA256: hex.EncodeToString(n.SHA256)}}
	}
	h, err := nextHistoryEvent(a, s.historyKey, DueRecomputed, a.State, actor.SystemActor, s.now(),
		"节假日安排调整，答复期限重新计算", p)
	return &h, issued, err
}

// recordMove appends the history event h of a recount and stores and
// sends the corrected notice it issued, if any.
func (s *Service) recordMove(ctx context.Context, tx pgx.Tx, a *Application, h HistoryEvent, issued *Notice) error {
	if err := insertHistoryEvent(ctx, tx, h); err != nil || issued == nil {
		return err
	}
	ag, err := agency.Lookup(ctx, tx, a.AgencyID)
	if err != nil {
		return err
	}
	return s.deliver(ctx, tx, a, ag, *issued)
}

// recomputeData is the history data of a recount.
func recomputeData(cv int64, provisional bool, derived []derivedMove) map[string]any {
	data := map[string]any{"calendarVersion": cv, "provisional": provisional}
	if len(derived) > 0 {
		data["moved"] = derived
	}
	return data
}
