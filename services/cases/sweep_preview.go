package cases

import (
	"context"
)

// Pending is a time-driven event that is due: what Sweep would do now.
type Pending struct {
	Event          string // clarification_lapsed, consultation_lapsed, fee_lapsed, warning.near_due, warning.overdue, due_recomputed
	ApplicationID  string
	TrackingNumber string
	Note           string // in Chinese
}

// previewLimit bounds each kind of event a preview lists.
const previewLimit = 10000

// SweepPreview lists what Sweep would fire now, changing nothing: the
// lapses due, the warnings (of which the outbox drops those already
// sent), and the due dates a calendar load left behind.
func (s *Service) SweepPreview(ctx context.Context) ([]Pending, error) {
	today := s.today()
	var out []Pending
	// The selections lock what they take, as the sweeper does; the
	// transaction is rolled back, so nothing changes.
	tx, err := s.db.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	for _, sel := range []struct {
		event     Event
		selection string
		note      func(Application) string
	}{
		{ClarificationLapsed, lapsedClarifications, func(a Application) string {
			return "补正期限已于 " + a.SupplementDueOn.String() + " 届满，将视为放弃申请"
		}},
		{ConsultationLapsed, lapsedConsultations, func(Application) string { return "征求意见期限届满，将按未答复处理" }},
		{FeeLapsed, lapsedFees, func(Application) string { return "缴费期限届满，将视为放弃申请" }},
	} {
		apps, err := lockDue(ctx, tx, sel.selection, today, previewLimit, []string{})
		if err != nil {
			return nil, err
		}
		for _, a := range apps {
			out = append(out, Pending{Event: string(sel.event), ApplicationID: a.ID, TrackingNumber: a.TrackingNumber, Note: sel.note(a)})
		}
	}
	if err := tx.Rollback(ctx); err != nil {
		return nil, err
	}
	msgs, err := s.warnings(ctx)
	if err != nil {
		return nil, err
	}
	for _, m := range msgs {
		out = append(out, Pending{Event: m.Topic, ApplicationID: m.ApplicationID, Note: m.Subject})
	}
	stale, err := staleCases(ctx, s.db, previewLimit)
	if err != nil {
		return nil, err
	}
	for _, a := range stale {
		out = append(out, Pending{Event: DueRecomputed, ApplicationID: a.id, TrackingNumber: a.tracking, Note: "节假日安排已调整，将重新计算答复期限"})
	}
	return out, nil
}
