package cases

import (
	"context"

	"github.com/jackc/pgx/v5"

	"foi/services/clock"
)

// derivedMove is a date counted in working days, other than the due date,
// that a calendar load moved: a supplement deadline, a consultee's
// deadline or a fee's last day to pay.
type derivedMove struct {
	What        string `json:"what"` // supplementDueOn, payBy or consultation:<id>
	From        string `json:"from"`
	To          string `json:"to"`
	Provisional bool   `json:"provisional,omitempty"`
}

// rederive counts again, with cal, every working-day date of open case a
// besides its due date, writes those that moved and returns them.
func (s *Service) rederive(ctx context.Context, tx pgx.Tx, a *Application, cal *clock.Calendar) ([]derivedMove, error) {
	var moves []derivedMove
	move := func(what string, from, to clock.Date, missing clock.Years) bool {
		if from == to {
			return false
		}
		moves = append(moves, derivedMove{What: what, From: from.String(), To: to.String(), Provisional: !missing.Empty()})
		return true
	}
	switch a.State {
	case Clarification:
		p, found, err := supplementPeriodOf(ctx, tx, a.ID)
		if err != nil || !found {
			return nil, err
		}
		due, missing, err := cal.SupplementDue(p.servedOn, p.days)
		if err != nil {
			return nil, err
		}
		if move("supplementDueOn", a.SupplementDueOn, due, missing) {
			a.SupplementDueOn = due
			return moves, updateSupplementDue(ctx, tx, a.ID, due)
		}
	case Consultation:
		list, err := consultationsOf(ctx, tx, a.ID)
		if err != nil {
			return nil, err
		}
		for _, r := range list {
			if !r.open() {
				continue
			}
			due, missing := cal.ConsultationDue(r.Consultee.DeliveredOn)
			if move("consultation:"+r.ID, r.DueOn, due, missing) {
				if err := updateConsultationDue(ctx, tx, r.ID, due); err != nil {
					return nil, err
				}
			}
		}
	case AwaitingFee:
		n, found, err := pendingFeeNotice(ctx, tx, a.ID)
		if err != nil || !found {
			return nil, err
		}
		payBy, missing := cal.FeePaymentDue(n.ServedOn)
		if move("payBy", n.PayBy, payBy, missing) {
			return moves, updatePayBy(ctx, tx, n.ID, payBy)
		}
	}
	return moves, nil
}
