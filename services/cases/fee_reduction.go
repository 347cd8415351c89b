package cases

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/agency"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/fee"
	"foi/services/outbox"
)

// A fee below the calculator's maximum is charged only once the head
// approves the reduction (rules.md section 4). workflow.md's Events table
// names no approval event; the shape mirrors extensions: the officer's
// issue_fee_notice with a lower amount records a request and issues
// nothing (the case stays in processing), and the head answers it with
// approve_fee_reduction, which issues the notice at the amount asked, or
// reject_fee_reduction, with a reason the officer is told. One request
// waits at a time; the case leaving processing ends it unanswered (a
// full-amount notice, which needs nobody's approval, so supersedes it).

// requestFeeReduction records the officer's request to charge amount
// (less than the quote q's maximum) for reason, unless one is pending (p).
func requestFeeReduction(app *Application, who actor.Actor, o feeOrder, q fee.Quote, ks []int, amount int64, reason string, p *FeeReduction) (step, error) {
	if p != nil {
		return step{}, errs.New(errs.FailedPrecondition, fmt.Sprintf(
			"本案已有 %s 提出的减收申请（拟收 %s）待负责人审批，请等待批准或驳回后再申请；按标准金额收费无需审批", p.RequestedOn, yuan(p.AmountFen)))
	}
	r := FeeReduction{Mode: o.Mode, Pages: o.Pages, MaxFen: q.AmountFen, AmountFen: amount, Reason: reason, ServedOn: o.ServedOn,
		HowToPay: strings.TrimSpace(o.HowToPay), RequestedBy: who.AccountID, RequestedOn: o.issuedOn}
	subject := fmt.Sprintf("申请 %s 拟减收信息处理费（按标准应收 %s，拟收 %s），待负责人批准", app.TrackingNumber, yuan(q.AmountFen), yuan(amount))
	return step{
		guard:  ReductionRequested,
		reason: reason,
		payload: map[string]any{"reductionRequested": true, "mode": feeModes[o.Mode], "maxFen": q.AmountFen, "amountFen": amount,
			"pieces": ks, "pages": o.Pages, "splitReason": app.SplitReason},
		writes: []rowWrite{newFeeReduction{r}},
		outbox: []outbox.Message{{Topic: "fee_reduction.waiting", Recipient: "staff:" + app.AgencyID + ":" + string(actor.Head),
			Subject: subject, Body: subject + "。减收理由：" + reason}},
	}, nil
}

// ApproveFeeReduction is the head's approval of the pending reduction
// request: the fee notice is issued at the amount asked, as any fee notice
// (signed as issued by the requesting officer), and the case waits for
// payment. The requester never approves their own request.
func (s *Service) ApproveFeeReduction(ctx context.Context, who actor.Actor, id string, version int64, comment string) (Application, error) {
	return s.transition(ctx, who, id, version, ApproveFeeReduction, func(tx pgx.Tx, app *Application, ag agency.Agency) (step, error) {
		pending, found, err := pendingFeeReduction(ctx, tx, app.ID, true)
		if err != nil {
			return step{}, err
		}
		earlier, err := hasFeeNotice(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		ks := []int{}
		if found && pending.Mode == fee.PerPiece {
			if ks, err = pieceNumbers(ctx, tx, app.ID); err != nil {
				return step{}, err
			}
		}
		cal, _, err := s.calendars.Calendar(ctx, tx, app.Region)
		if err != nil {
			return step{}, err
		}
		noticeID, err := drawID(ctx, tx)
		if err != nil {
			return step{}, err
		}
		var p *FeeReduction
		if found {
			p = &pending
		}
		return decideFeeReductionApproval(app, ag, cal, who, s.today(), comment, p, earlier, ks, noticeID)
	})
}

// decideFeeReductionApproval issues the notice of the pending request p
// (nil when none) under noticeID, priced again from pieces ks or its pages:
// a maximum that changed since the request is refused, to be asked again.
// The notice is served today, or on the later day the officer named.
func decideFeeReductionApproval(app *Application, ag agency.Agency, cal *clock.Calendar, who actor.Actor, today clock.Date, comment string,
	p *FeeReduction, earlier bool, ks []int, noticeID string) (step, error) {
	var c errs.Collector
	c.MaxLength("comment", comment, 1000)
	if err := c.Err(); err != nil {
		return step{}, err
	}
	switch {
	case p == nil:
		return step{}, errs.New(errs.FailedPrecondition, "本案没有待审批的减收申请")
	case p.RequestedBy == who.AccountID:
		return step{}, errs.New(errs.PermissionDenied, "提出减收申请的人不能批准自己的申请")
	case earlier:
		return step{}, errs.New(errs.FailedPrecondition, "本申请已发出过收费通知，同一申请只能收费一次")
	}
	q, err := quote(p.Mode, ks, p.Pages)
	if err != nil {
		return step{}, FeeInputError(err)
	}
	if q.AmountFen != p.MaxFen {
		return step{}, errs.New(errs.FailedPrecondition, fmt.Sprintf(
			"按标准计算的金额已由申请时的 %s 变为 %s，请驳回后由承办人重新申请", yuan(p.MaxFen), yuan(q.AmountFen)))
	}
	served := today
	if p.ServedOn.After(today) {
		served = p.ServedOn
	}
	o := feeOrder{FeeNoticeInput: FeeNoticeInput{Mode: p.Mode, Pages: p.Pages, HowToPay: p.HowToPay}, issuedOn: today, servedOn: served}
	st := issueFee(app, ag, cal, p.RequestedBy, o, q, ks, p.AmountFen, p.Reason, noticeID)
	st.reason = strings.TrimSpace(comment)
	payload := st.payload.(map[string]any)
	payload["reductionReason"], payload["requestedBy"] = p.Reason, p.RequestedBy
	st.writes = append(st.writes, feeReductionDecision{id: p.ID, status: "APPROVED", by: who.AccountID, reason: st.reason, on: today})
	return st, nil
}

// RejectFeeReduction is the head's refusal of the pending reduction
// request, with a reason the requesting officer is told; nothing is
// charged, and the officer may issue the maximum or ask again.
func (s *Service) RejectFeeReduction(ctx context.Context, who actor.Actor, id string, version int64, reason string) (Application, error) {
	return s.transition(ctx, who, id, version, RejectFeeReduction, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		pending, found, err := pendingFeeReduction(ctx, tx, app.ID, true)
		if err != nil {
			return step{}, err
		}
		var p *FeeReduction
		if found {
			p = &pending
		}
		return decideFeeReductionRejection(app, who, s.today(), reason, p)
	})
}

// decideFeeReductionRejection rejects the pending request p (nil when
// none) for a reason, and tells its requester.
func decideFeeReductionRejection(app *Application, who actor.Actor, today clock.Date, reason string, p *FeeReduction) (step, error) {
	var c errs.Collector
	reason = required(&c, "reason", reason, 1000)
	if err := c.Err(); err != nil {
		return step{}, err
	}
	if p == nil {
		return step{}, errs.New(errs.FailedPrecondition, "本案没有待审批的减收申请")
	}
	subject := fmt.Sprintf("申请 %s 的减收申请（按标准应收 %s，拟收 %s）未获批准", app.TrackingNumber, yuan(p.MaxFen), yuan(p.AmountFen))
	return step{
		reason:  reason,
		payload: map[string]any{"maxFen": p.MaxFen, "amountFen": p.AmountFen, "requestReason": p.Reason, "requestedBy": p.RequestedBy},
		writes:  []rowWrite{feeReductionDecision{id: p.ID, status: "REJECTED", by: who.AccountID, reason: reason, on: today}},
		outbox: []outbox.Message{{Topic: "fee_reduction.rejected", Recipient: "account:" + p.RequestedBy, Subject: subject,
			Body: subject + "。可按标准金额发出收费通知，或重新申请减收。驳回理由：" + reason}},
	}, nil
}

// endFeeReduction ends the reduction request pending on a case that event
// e takes out of processing (from, to), telling the head it no longer
// waits for them.
func (s *Service) endFeeReduction(ctx context.Context, tx pgx.Tx, app *Application, e Event, from, to State) ([]outbox.Message, error) {
	if from != Processing || to == Processing {
		return nil, nil
	}
	r, ended, err := endFeeReductions(ctx, tx, app.ID, e, s.today())
	if err != nil || !ended {
		return nil, err
	}
	subject := fmt.Sprintf("申请 %s 的减收申请（拟收 %s）因「%s」已终止，无需审批", app.TrackingNumber, yuan(r.AmountFen), e.Label())
	return []outbox.Message{{Topic: "fee_reduction.ended", Recipient: "staff:" + app.AgencyID + ":" + string(actor.Head),
		Subject: subject, Body: subject + "。"}}, nil
}

// PendingFeeReduction returns the case's reduction request waiting for
// the head, if any.
func (s *Service) PendingFeeReduction(ctx context.Context, who actor.Actor, id string) (FeeReduction, bool, error) {
	if _, err := getApplication(ctx, s.db, who, id, false); err != nil {
		return FeeReduction{}, false, err
	}
	return pendingFeeReduction(ctx, s.db, id, false)
}
