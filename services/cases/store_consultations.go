package cases

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"foi/services/clock"
	"foi/services/pg"
)

// The SQL of consultations: the third parties and agencies asked for an
// opinion on a case, round by round.

// consultationsOf reads a case's consultations, in the order they are
// listed.
func consultationsOf(ctx context.Context, q pg.Querier, appID string) ([]ConsultationRecord, error) {
	rows, _ := q.Query(ctx, `
		SELECT id, round, kind, name, contact, question, delivered_on, sent_on, due_on, due_provisional, coalesce(opinion, ''), opinion_text, answered_on, lapsed_on
		FROM consultations WHERE application_id = $1 ORDER BY round, sent_on, name`, appID)
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (ConsultationRecord, error) {
		var c ConsultationRecord
		k := &c.Consultee
		err := r.Scan(&c.ID, &c.Round, &k.Kind, &k.Name, &k.Contact, &k.Question, &k.DeliveredOn, &c.SentOn, &c.DueOn, &c.DueProvisional,
			&c.Opinion, &c.OpinionText, &c.AnsweredOn, &c.LapsedOn)
		return c, err
	})
}

// newConsultation is a consultation letter sent to one consultee.
type newConsultation struct {
	round     int
	consultee Consultee // DeliveredOn set
	sentOn    clock.Date
	dueOn     clock.Date
	// provisional: dueOn counted a year whose calendar is not loaded.
	provisional bool
}

func (w newConsultation) write(ctx context.Context, tx pgx.Tx, app *Application, _ time.Time) error {
	k := w.consultee
	if _, err := tx.Exec(ctx, `
		INSERT INTO consultations (application_id, round, kind, name, contact, question, sent_on, delivered_on, due_on, due_provisional)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		app.ID, w.round, k.Kind, k.Name, k.Contact, k.Question, w.sentOn, k.DeliveredOn, w.dueOn, w.provisional); err != nil {
		return fmt.Errorf("store consultation: %w", pg.Translate(err))
	}
	return nil
}

// consultationAnswer is a consultee's answer, recorded.
type consultationAnswer struct {
	id         string
	receivedOn clock.Date
	opinion    string
	text       string
}

func (w consultationAnswer) write(ctx context.Context, tx pgx.Tx, _ *Application, _ time.Time) error {
	if _, err := tx.Exec(ctx, `UPDATE consultations SET answered_on = $2, opinion = $3, opinion_text = $4 WHERE id = $1`,
		w.id, w.receivedOn, w.opinion, w.text); err != nil {
		return fmt.Errorf("record opinion: %w", pg.Translate(err))
	}
	return nil
}

// consultationLapses marks consultations whose window ended unanswered as
// lapsed on their due date.
type consultationLapses struct{ ids []string }

func (w consultationLapses) write(ctx context.Context, tx pgx.Tx, app *Application, _ time.Time) error {
	if _, err := tx.Exec(ctx, `
		UPDATE consultations SET lapsed_on = due_on
		WHERE application_id = $1 AND id = ANY($2::uuid[]) AND answered_on IS NULL AND lapsed_on IS NULL`, app.ID, w.ids); err != nil {
		return fmt.Errorf("lapse consultations: %w", pg.Translate(err))
	}
	return nil
}

// updateConsultationDue moves a consultee's last day to answer, as when a
// calendar load counts its window again.
func updateConsultationDue(ctx context.Context, tx pgx.Tx, id string, due clock.Date, provisional bool) error {
	if _, err := tx.Exec(ctx, `UPDATE consultations SET due_on = $2, due_provisional = $3 WHERE id = $1`, id, due, provisional); err != nil {
		return fmt.Errorf("move consultation due date: %w", pg.Translate(err))
	}
	return nil
}
