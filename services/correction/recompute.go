package correction

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/agency"
	"foi/services/calendar"
	"foi/services/pg"
)

// DueRecomputed is the history event of a due date moved by a calendar
// load; it is not a workflow event.
const DueRecomputed Event = "due_recomputed"

// recomputeBatch is how many requests one transaction of a recount takes.
const recomputeBatch = 200

// RecomputeStale recounts the due date of every open request counted
// under an older calendar load: its period from the day it was received,
// with the calendar in force now. A date that moves is recorded in the
// request's history by the service. Batches are one transaction each and
// skip rows a transition holds (it counts with the newest calendar
// itself). It reports how many requests it checked and how many dates
// moved.
func (s *Service) RecomputeStale(ctx context.Context) (checked, moved int, err error) {
	for {
		n, m, err := s.recountBatch(ctx)
		checked, moved = checked+n, moved+m
		if err != nil || n == 0 {
			return checked, moved, err
		}
	}
}

func (s *Service) recountBatch(ctx context.Context) (checked, moved int, err error) {
	err = pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		cv, err := calendar.Version(ctx, tx)
		if err != nil {
			return err
		}
		rows, _ := tx.Query(ctx, `
			SELECT r.id::text FROM correction_requests r
			WHERE r.state IN ('RECEIVED', 'PROCESSING', 'SIGN_OFF') AND r.calendar_version < $1
			ORDER BY r.id LIMIT $2 FOR UPDATE OF r SKIP LOCKED`, cv, recomputeBatch)
		ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return fmt.Errorf("stale correction due dates: %w", err)
		}
		for _, id := range ids {
			m, err := s.recount(ctx, tx, id)
			if err != nil {
				return err
			}
			if m {
				moved++
			}
		}
		checked = len(ids)
		return nil
	})
	return checked, moved, err
}

// recount brings one locked request's due date up to the calendar in
// force and reports whether it moved.
func (s *Service) recount(ctx context.Context, tx pgx.Tx, id string) (bool, error) {
	r, err := getRequest(ctx, tx, actor.SystemActor, id, false)
	if err != nil {
		return false, err
	}
	ag, err := agency.Lookup(ctx, tx, r.AgencyID)
	if err != nil {
		return false, err
	}
	cal, cv, err := s.calendars.Calendar(ctx, tx, ag.Region)
	if err != nil {
		return false, err
	}
	due, _ := cal.AddWorkingDays(r.ReceivedOn, r.PeriodDays)
	read, previous := r.Version, r.DueOn
	r.calendarVersion = cv
	if due == r.DueOn {
		_, err := tx.Exec(ctx, `UPDATE correction_requests SET calendar_version = $2 WHERE id = $1`, r.ID, cv)
		return false, err
	}
	r.DueOn, r.Version = due, read+1
	st := step{reason: "节假日安排调整，办理期限重新计算",
		payload: map[string]any{"calendarVersion": cv, "previousDueOn": previous.String()}}
	return true, s.record(ctx, tx, actor.SystemActor, &r, ag, DueRecomputed, r.State, read, st)
}

// RunSweeper does the time-driven work of correction requests now and
// then every interval until ctx ends: it recounts due dates left behind
// by a calendar load (which recounts at once; this finishes what a failed
// or concurrent recount left), then queues the near-due and overdue
// warnings. Failures are logged and retried at the next tick.
func (s *Service) RunSweeper(ctx context.Context, interval time.Duration, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, moved, err := s.RecomputeStale(ctx); err != nil && ctx.Err() == nil {
			log.ErrorContext(ctx, "recount correction due dates", "err", err)
		} else if moved > 0 {
			log.InfoContext(ctx, "correction due dates recounted", "moved", moved)
		}
		if n, err := s.Warn(ctx); err != nil && ctx.Err() == nil {
			log.ErrorContext(ctx, "correction warnings", "err", err)
		} else if n > 0 {
			log.InfoContext(ctx, "correction warnings queued", "queued", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
