package cases

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/errs"
	"foi/services/ids"
	"foi/services/page"
)

// CalendarMove is a case whose dates a calendar load moved, as its
// history recorded it (a DueRecomputed event counted with that load).
type CalendarMove struct {
	ApplicationID  string
	TrackingNumber string
	AgencyID       string
	PreviousDueOn  string // "YYYY-MM-DD"; "" while the clock was paused
	DueOn          string
	Provisional    bool
	Others         []MovedDate
	// Corrected names the dates the applicant had been told that moved,
	// and CorrectionNotice the number of the corrected notice sent.
	Corrected        []string
	CorrectionNotice string
	At               time.Time
	seq              int
}

// MovedDate is a date other than the due date that a load moved.
type MovedDate struct {
	What, From, To string
}

// movesCursor is the position after the last move of a page.
type movesCursor struct {
	At  time.Time `json:"t"`
	ID  string    `json:"i"`
	Seq int       `json:"s"`
}

// CalendarMoves lists, oldest first, the cases the actor may see whose
// dates were moved under calendar version load, which is the id of the
// load that made that version (RecomputeStale counts with the newest).
func (s *Service) CalendarMoves(ctx context.Context, who actor.Actor, load int64, size int32, token string) ([]CalendarMove, string, error) {
	limit, err := page.Size(size)
	if err != nil {
		return nil, "", err
	}
	var after movesCursor
	if err := page.Decode(token, &after); err != nil {
		return nil, "", err
	}
	if after.ID != "" && !ids.Valid(after.ID) {
		return nil, "", errs.Field("pageToken", "无效的分页标记")
	}
	cond, args := visibleTo(who, 5)
	rows, _ := s.db.Query(ctx, `
		SELECT e.application_id::text, a.tracking_number, a.agency_id::text, e.payload, e.occurred_at, e.seq
		FROM application_events e JOIN applications a ON a.id = e.application_id
		WHERE e.event = '`+DueRecomputed+`' AND (((e.payload::jsonb) -> 'data' ->> 'calendarVersion')::bigint) = $1
			AND ($2::text = '' OR (e.occurred_at, e.application_id, e.seq) > ($3::timestamptz, nullif($2, '')::uuid, $4::integer))
			AND `+cond+`
		ORDER BY e.occurred_at, e.application_id, e.seq LIMIT `+fmt.Sprint(limit+1),
		append([]any{load, after.ID, after.At, after.Seq}, args...)...)
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (CalendarMove, error) {
		var m CalendarMove
		var payload string
		if err := row.Scan(&m.ApplicationID, &m.TrackingNumber, &m.AgencyID, &payload, &m.At, &m.seq); err != nil {
			return m, err
		}
		var p struct {
			Data struct {
				Provisional bool          `json:"provisional"`
				Moved       []derivedMove `json:"moved"`
				Corrected   []string      `json:"corrected"`
			} `json:"data"`
			DueOn         string         `json:"dueOn"`
			PreviousDueOn string         `json:"previousDueOn"`
			Notices       []noticeDigest `json:"notices"`
		}
		if err := json.Unmarshal([]byte(payload), &p); err != nil {
			return m, fmt.Errorf("read the move of %s: %w", m.ApplicationID, err)
		}
		m.DueOn, m.PreviousDueOn, m.Provisional, m.Corrected = p.DueOn, p.PreviousDueOn, p.Data.Provisional, p.Data.Corrected
		for _, n := range p.Notices {
			m.CorrectionNotice = n.Number
		}
		for _, d := range p.Data.Moved {
			m.Others = append(m.Others, MovedDate{What: d.What, From: d.From, To: d.To})
		}
		return m, nil
	})
	if err != nil {
		return nil, "", fmt.Errorf("list calendar moves: %w", err)
	}
	next := ""
	if len(list) > limit {
		list = list[:limit]
		last := list[limit-1]
		next = page.Encode(movesCursor{At: last.At, ID: last.ApplicationID, Seq: last.seq})
	}
	return list, next, nil
}
