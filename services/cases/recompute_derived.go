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
// besides its due date, writes those that moved or whose provisional mark
// changed (a load that confirms a weekends-only guess moves nothing, but
// the date is final now) and returns those that moved.
func (s *Service) rederive(ctx context.Context, tx pgx.Tx, a *Application, cal *clock.Calendar) ([]derivedMove, error) {
	var moves []derivedMove
	move := func(what string, from, to clock.Date, missing clock.Years) {
		if from != to {
			moves = append(moves, derivedMove{What: what, From: from.String(), To: to.String(), Provisional: !missing.Empty()})
		}
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
		if due != a.SupplementDueOn || missing.Empty() == a.SupplementDueProvisional {
			move("supplementDueOn", a.SupplementDueOn, due, missing)
			a.SupplementDueOn, a.SupplementDueProvisional = due, !missing.Empty()
			return moves, updateSupplementDue(ctx, tx, a.ID, due, !missing.Empty())
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
			if due != r.DueOn || missing.Empty() == r.DueProvisional {
				move("consultation:"+r.ID, r.DueOn, due, missing)
				if err := updateConsultationDue(ctx, tx, r.ID, due, !missing.Empty()); err != nil {
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
		if payBy != n.PayBy || missing.Empty() == n.PayByProvisional {
			move("payBy", n.PayBy, payBy, missing)
			return moves, updatePayBy(ctx, tx, n.ID, payBy, !missing.Empty())
		}
	}
	return moves, nil
}
