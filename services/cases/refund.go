package cases

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/agency"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/outbox"
)

// feeRefund is a refund an officer recorded, waiting for the head.
type feeRefund struct {
	id          string
	feeNoticeID string
	amountFen   int64
	recordedBy  string
}

// RecordRefund records the return of a closed case's paid fee (the reply
// supplied nothing, say) in two steps of one event: an officer records it
// with a reason, and the head, another person, approves it.
func (s *Service) RecordRefund(ctx context.Context, who actor.Actor, id string, version int64, reason string) (Application, error) {
	return s.transition(ctx, who, id, version, RecordRefund, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		paid, pending, err := refundFactsOf(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		return decideRefund(app, who, s.today(), reason, paid, pending)
	})
}

// decideRefund is an officer's record of the refund of paid, the paid
// notice not yet refunded (nil when none), or the head's approval of the
// refund pending (nil when none).
func decideRefund(app *Application, who actor.Actor, today clock.Date, reason string, paid *FeeNotice, pending *feeRefund) (step, error) {
	if who.Role == actor.Head {
		switch {
		case pending == nil:
			return step{}, errs.New(errs.FailedPrecondition, "本案没有待批准的退费")
		case pending.recordedBy == who.AccountID:
			return step{}, errs.New(errs.PermissionDenied, "登记退费的人不能批准自己的登记")
		}
		return step{
			reason:  reason,
			payload: map[string]any{"feeNoticeId": pending.feeNoticeID, "amountFen": pending.amountFen, "approved": true},
			writes:  []rowWrite{feeRefundApproval{id: pending.id, approvedBy: who.AccountID, approvedOn: today}},
		}, nil
	}
	var c errs.Collector
	reason = required(&c, "reason", reason, 1000)
	if err := c.Err(); err != nil {
		return step{}, err
	}
	switch {
	case pending != nil:
		return step{}, errs.New(errs.FailedPrecondition, "本案已登记退费，待负责人批准")
	case paid == nil:
		return step{}, errs.New(errs.FailedPrecondition, "本案没有已缴纳且未退还的信息处理费")
	}
	subject := fmt.Sprintf("申请 %s 登记退还信息处理费 %s，待负责人批准", app.TrackingNumber, yuan(paid.AmountFen))
	return step{
		reason:  reason,
		payload: map[string]any{"feeNoticeId": paid.ID, "amountFen": paid.AmountFen, "approved": false},
		writes: []rowWrite{newFeeRefund{feeNoticeID: paid.ID, amountFen: paid.AmountFen, reason: reason,
			recordedBy: who.AccountID, recordedOn: today}},
		outbox: []outbox.Message{{Topic: "refund.recorded", Recipient: "staff:" + app.AgencyID + ":" + string(actor.Head),
			Subject: subject, Body: subject + "。退费理由：" + reason}},
	}, nil
}
