package correction

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/clock"
	"foi/services/outbox"
	"foi/services/pg"
)

// Warn queues near-due (clock.NearDueWorkingDays working days or fewer
// left) and overdue warnings for the open requests, to the assigned
// officer or else the agency's heads, each once per request and due date
// (the outbox drops a repeat). It reports how many it queued. Three working
// days can span twelve calendar days around the Spring Festival: the query
// looks a month ahead and the calendar decides.
func (s *Service) Warn(ctx context.Context) (int, error) {
	today := s.today()
	type due struct {
		id, number, agency, region, assignee string
		on                                   clock.Date
	}
	rows, _ := s.db.Query(ctx, `
		SELECT r.id::text, r.tracking_number, r.agency_id::text, ag.region, coalesce(r.assignee_id::text, ''), r.due_on
		FROM correction_requests r JOIN agencies ag ON ag.id = r.agency_id
		WHERE r.state IN ('RECEIVED', 'PROCESSING', 'SIGN_OFF') AND r.due_on <= $1::date`, today.AddDays(31))
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (due, error) {
		var d due
		err := row.Scan(&d.id, &d.number, &d.agency, &d.region, &d.assignee, &d.on)
		return d, err
	})
	if err != nil {
		return 0, fmt.Errorf("correction requests due: %w", err)
	}
	queued := 0
	for _, d := range list {
		cal, err := s.calendars.Current(ctx, d.region)
		if err != nil {
			return queued, err
		}
		var m outbox.Message
		switch left, _ := cal.CountWorkingDays(today, d.on); {
		case d.on.Before(today):
			m = outbox.Message{Topic: "correction.overdue", Subject: fmt.Sprintf("更正申请 %s 已超过办理期限（%s）", d.number, cn(d.on)),
				DedupeKey: "correction.overdue:" + d.id + ":" + d.on.String()}
		case left <= clock.NearDueWorkingDays:
			m = outbox.Message{Topic: "correction.near_due", Subject: fmt.Sprintf("更正申请 %s 将于%s到期，剩余 %d 个工作日", d.number, cn(d.on), left),
				DedupeKey: "correction.near_due:" + d.id + ":" + d.on.String()}
		default:
			continue
		}
		m.Body = m.Subject + "。请及时办理。"
		m.Recipient = "staff:" + d.agency + ":" + string(actor.Head)
		if d.assignee != "" {
			m.Recipient = "account:" + d.assignee
		}
		err = pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
			added, err := outbox.Enqueue(ctx, tx, m, s.now())
			if added {
				queued++
			}
			return err
		})
		if err != nil {
			return queued, err
		}
	}
	return queued, nil
}
