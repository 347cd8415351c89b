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
	"foi/services/notice"
	"foi/services/outbox"
)

// ExtensionRequest asks the head to extend the reply period (Art. 33).
type ExtensionRequest struct {
	Days   int
	Reason string
}

// RequestExtension records an officer's request for the one extension a
// case may have; the head approves it (a different person).
func (s *Service) RequestExtension(ctx context.Context, who actor.Actor, id string, version int64, r ExtensionRequest) (Application, error) {
	return s.transition(ctx, who, id, version, RequestExtension, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		approvedOn, err := approvedExtensionOn(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		pending, found, err := pendingExtension(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		var p *extension
		if found {
			p = &pending
		}
		return decideExtensionRequest(app, who, s.today(), r, approvedOn, p)
	})
}

// decideExtensionRequest checks a request: 1 to the regime's maximum of
// working days (20; 15 under the 2007 regulation), with a reason, before
// the due date, no extension approved in this reply period (approvedOn
// zero) and none pending (p nil): a second request never replaces the
// first, which the head approves or rejects.
func decideExtensionRequest(app *Application, who actor.Actor, today clock.Date, r ExtensionRequest, approvedOn clock.Date, p *extension) (step, error) {
	var c errs.Collector
	limit := app.Regime.MaxExtensionWorkingDays()
	if r.Days < 1 || r.Days > limit {
		c.Add("days", fmt.Sprintf("延长期限须为 1 至 %d 个工作日", limit))
	}
	reason := required(&c, "reason", r.Reason, 1000)
	if err := c.Err(); err != nil {
		return step{}, err
	}
	if err := oneExtension(approvedOn); err != nil {
		return step{}, err
	}
	switch {
	case !app.DueOn.IsZero() && today.After(app.DueOn):
		return step{}, errs.New(errs.FailedPrecondition, fmt.Sprintf("答复期限已于 %s 届满，不能再申请延期；逾期答复须在答复中说明", app.DueOn))
	case p != nil:
		return step{}, errs.New(errs.FailedPrecondition, fmt.Sprintf("本案已有 %s 提出的延期申请（%d 个工作日）待负责人审批，请等待批准或驳回后再申请", p.requestedOn, p.days))
	}
	return step{
		reason:  reason,
		payload: map[string]int{"days": r.Days},
		writes:  []rowWrite{extensionRequest{days: r.Days, reason: reason, requestedBy: who.AccountID, requestedOn: today}},
	}, nil
}

// oneExtension refuses a second extension in one reply period.
func oneExtension(approvedOn clock.Date) error {
	if approvedOn.IsZero() {
		return nil
	}
	return errs.New(errs.FailedPrecondition, fmt.Sprintf("本案已于 %s 延期一次，答复期限只能延长一次", approvedOn))
}

// ApproveExtension is the head's approval of the pending request: before
// the due date, never by the requester, once per case. The applicant is
// told with an extension notice.
func (s *Service) ApproveExtension(ctx context.Context, who actor.Actor, id string, version int64, comment string) (Application, error) {
	return s.transition(ctx, who, id, version, ApproveExtension, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		approvedOn, err := approvedExtensionOn(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		pending, found, err := pendingExtension(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		res, _, _, err := s.clockOf(ctx, tx, app)
		if err != nil {
			return step{}, err
		}
		var p *extension
		if found {
			p = &pending
		}
		return decideExtensionApproval(app, who, s.today(), comment, approvedOn, p, res)
	})
}

// decideExtensionApproval approves the pending request p (nil when there
// is none), given the day an extension was last approved in this period
// and the clock as it stands (res).
func decideExtensionApproval(app *Application, who actor.Actor, today clock.Date, comment string,
	approvedOn clock.Date, p *extension, res clock.Result) (step, error) {
	if err := oneExtension(approvedOn); err != nil {
		return step{}, err
	}
	switch {
	case p == nil:
		return step{}, errs.New(errs.FailedPrecondition, "本案没有待批准的延期申请")
	case p.requestedBy == who.AccountID:
		return step{}, errs.New(errs.PermissionDenied, "延期申请人不能批准自己的申请")
	case !app.DueOn.IsZero() && today.After(app.DueOn):
		return step{}, errs.New(errs.FailedPrecondition, fmt.Sprintf("答复期限已于 %s 届满，不能再批准延期", app.DueOn))
	case res.DueOn != res.StatutoryDueOn && !res.DueOn.IsZero():
		return step{}, errs.New(errs.FailedPrecondition, fmt.Sprintf("本案已确定合理答复期限 %s，不再延期", res.DueOn))
	}
	previous, days, reason := app.DueOn, p.days, p.reason
	return step{
		reason:  strings.TrimSpace(comment),
		payload: map[string]any{"days": days, "reason": reason, "requestedBy": p.requestedBy},
		writes:  []rowWrite{extensionApproval{id: p.id, approvedBy: who.AccountID, approvedOn: today}},
		clock:   []clock.Event{{Kind: clock.EventExtend, On: today, Days: days}},
		notices: []noticeOrder{{kind: notice.Extension, fill: func(d *notice.Data) {
			d.ExtensionDays, d.Reason, d.PreviousDueOn = days, reason, cn(previous)
			if app.DueOn.IsZero() || res.Paused {
				d.Paused, d.DueOn, d.PreviousDueOn = pausedFor[app.State], "", ""
			}
		}}},
	}, nil
}

// RejectExtension is the head's refusal of the pending request, with a
// reason the requesting officer is told; the due date stays.
func (s *Service) RejectExtension(ctx context.Context, who actor.Actor, id string, version int64, reason string) (Application, error) {
	return s.transition(ctx, who, id, version, RejectExtension, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		pending, found, err := pendingExtension(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		var p *extension
		if found {
			p = &pending
		}
		return decideExtensionRejection(app, who, s.today(), reason, p)
	})
}

// decideExtensionRejection rejects the pending request p (nil when there
// is none) for a reason, and tells its requester.
func decideExtensionRejection(app *Application, who actor.Actor, today clock.Date, reason string, p *extension) (step, error) {
	var c errs.Collector
	reason = required(&c, "reason", reason, 1000)
	if err := c.Err(); err != nil {
		return step{}, err
	}
	if p == nil {
		return step{}, errs.New(errs.FailedPrecondition, "本案没有待审批的延期申请")
	}
	subject := fmt.Sprintf("申请 %s 的延期申请（%d 个工作日）未获批准", app.TrackingNumber, p.days)
	return step{
		reason:  reason,
		payload: map[string]any{"days": p.days, "requestReason": p.reason, "requestedBy": p.requestedBy},
		writes:  []rowWrite{extensionRejection{id: p.id, rejectedBy: who.AccountID, rejectedOn: today, reason: reason}},
		outbox: []outbox.Message{{Topic: "extension.rejected", Recipient: "account:" + p.requestedBy, Subject: subject,
			Body: subject + "，答复期限不变。驳回理由：" + reason}},
	}, nil
}

// pausedFor is what a paused clock waits for, by the case's state, as an
// extension notice says it.
var pausedFor = map[State]string{
	Consultation: "征求第三方或者其他机关的意见",
	AwaitingFee:  "等待您缴纳信息处理费",
}

// SetDelayedDueDate sets an Art. 35 reasonable later due date, replacing
// the statutory one; the applicant is told.
func (s *Service) SetDelayedDueDate(ctx context.Context, who actor.Actor, id string, version int64, due clock.Date, reason string) (Application, error) {
	return s.transition(ctx, who, id, version, SetDelayedDueDate, func(tx pgx.Tx, app *Application, ag agency.Agency) (step, error) {
		res, _, _, err := s.clockOf(ctx, tx, app)
		if err != nil {
			return step{}, err
		}
		return decideDelayedDueDate(app, s.today(), due, reason, res, ag.MaxDelayDays)
	})
}

// decideDelayedDueDate sets the later date: with a reason, after the
// statutory due date of the clock as it stands (res) and at most maxDays
// calendar days after it (the agency's limit), once per period.
func decideDelayedDueDate(app *Application, today, due clock.Date, reason string, res clock.Result, maxDays int) (step, error) {
	var c errs.Collector
	reason = required(&c, "reason", reason, 1000)
	if due.IsZero() {
		c.Add("dueOn", "须提供合理的答复期限")
	}
	if err := c.Err(); err != nil {
		return step{}, err
	}
	if err := delayFits(due, res.StatutoryDueOn, maxDays); err != nil {
		return step{}, err
	}
	if res.StatutoryDueOn != res.DueOn {
		return step{}, errs.New(errs.FailedPrecondition, fmt.Sprintf("本案已确定合理答复期限 %s", res.DueOn))
	}
	previous := app.DueOn
	return step{
		reason:  reason,
		payload: map[string]string{"dueOn": due.String(), "statutoryDueOn": res.StatutoryDueOn.String()},
		clock:   []clock.Event{{Kind: clock.EventDelayTo, On: today, Due: due}},
		notices: []noticeOrder{{kind: notice.DelayedDueDate, fill: func(d *notice.Data) {
			d.Reason, d.PreviousDueOn = reason, cn(previous)
		}}},
	}, nil
}

// delayFits checks a reasonable later date against the statutory due
// date: after it, and at most maxDays calendar days after it.
func delayFits(due, statutory clock.Date, maxDays int) error {
	switch limit := statutory.AddDays(maxDays); {
	case !statutory.Before(due):
		return errs.Field("dueOn", fmt.Sprintf("合理期限须晚于法定答复期限 %s", statutory))
	case maxDays > 0 && due.After(limit):
		return errs.Field("dueOn", fmt.Sprintf("合理期限 %s 超过本机关规定的上限（法定答复期限 %s 后 %d 日，即 %s），请核对日期", due, statutory, maxDays, limit))
	}
	return nil
}

// CorrectDelayedDueDate is the head's correction of the Art. 35 date set
// in this reply period (a mistyped date, say), with a reason. The earlier
// date stays in the history and the clock facts; the applicant is told of
// the corrected one.
func (s *Service) CorrectDelayedDueDate(ctx context.Context, who actor.Actor, id string, version int64, due clock.Date, reason string) (Application, error) {
	return s.transition(ctx, who, id, version, CorrectDelayedDue, func(tx pgx.Tx, app *Application, ag agency.Agency) (step, error) {
		res, _, _, err := s.clockOf(ctx, tx, app)
		if err != nil {
			return step{}, err
		}
		return decideDelayCorrection(app, s.today(), due, reason, res, ag.MaxDelayDays)
	})
}

// decideDelayCorrection replaces the reasonable date of the clock as it
// stands (res) with due, within the same bounds as the first.
func decideDelayCorrection(app *Application, today, due clock.Date, reason string, res clock.Result, maxDays int) (step, error) {
	var c errs.Collector
	reason = required(&c, "reason", reason, 1000)
	if due.IsZero() {
		c.Add("dueOn", "须提供更正后的合理答复期限")
	}
	if err := c.Err(); err != nil {
		return step{}, err
	}
	if res.DueOn == res.StatutoryDueOn {
		return step{}, errs.New(errs.FailedPrecondition, "本案本答复期限内尚未确定合理答复期限，无需更正")
	}
	if due == res.DueOn {
		return step{}, errs.Field("dueOn", fmt.Sprintf("更正后的日期与现合理答复期限 %s 相同", res.DueOn))
	}
	if err := delayFits(due, res.StatutoryDueOn, maxDays); err != nil {
		return step{}, err
	}
	previous := app.DueOn
	return step{
		reason:  reason,
		payload: map[string]string{"dueOn": due.String(), "previousDueOn": res.DueOn.String(), "statutoryDueOn": res.StatutoryDueOn.String()},
		clock:   []clock.Event{{Kind: clock.EventDelayTo, On: today, Due: due, Reason: clock.DelayCorrected}},
		notices: []noticeOrder{{kind: notice.DelayedDueDate, fill: func(d *notice.Data) {
			d.Reason, d.PreviousDueOn = reason, cn(previous)
		}}},
	}, nil
}
