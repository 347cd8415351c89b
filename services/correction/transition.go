package correction

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/agency"
	"foi/services/errs"
	"foi/services/notice"
	"foi/services/outbox"
	"foi/services/pg"
)

// Input is what an event carries besides the request and its version.
type Input struct {
	Event      Event
	AssigneeID string   // Assign: the officer (empty: the caller)
	Decision   Decision // Decide
	Reason     string   // Return (required), Withdraw
}

// Transition is the one path by which an existing request changes. In one
// transaction it locks the row, refuses a stale version (Aborted), asks the
// machine (FailedPrecondition naming the state and what it allows), checks
// the role (PermissionDenied), decides, and writes the row, the history
// event, the letter and the messages. Nothing is written unless all of it
// succeeds.
func (s *Service) Transition(ctx context.Context, who actor.Actor, id string, version int64, in Input) (Request, error) {
	if !slices.Contains(Events, in.Event) {
		return Request{}, errs.Field("event", "须选择要执行的操作")
	}
	var out Request
	err := pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		r, err := getRequest(ctx, tx, who, id, true)
		if err != nil {
			return err
		}
		if r.Version != version {
			return errs.New(errs.Aborted, fmt.Sprintf("更正申请已被他人修改（您读取的版本为 %d，当前版本为 %d），请刷新后重试", version, r.Version))
		}
		if !slices.Contains(Allowed(r.State), in.Event) {
			return notAllowed(r.State, in.Event)
		}
		if err := authorize(who, in.Event); err != nil {
			return err
		}
		ag, err := agency.Lookup(ctx, tx, r.AgencyID)
		if err != nil {
			return err
		}
		from := r.State
		var st step
		switch in.Event {
		case Assign:
			name, found := "", false
			target := in.AssigneeID
			if target == "" && who.Role == actor.Officer {
				target = who.AccountID
			}
			if target != "" {
				if name, found, err = officerName(ctx, tx, target, r.AgencyID); err != nil {
					return err
				}
			}
			st, err = decideAssign(&r, who, target, name, found)
		case Decide:
			st, err = decideDecision(&r, who, in.Decision, s.now())
		case Return:
			st, err = decideReturn(&r, in.Reason)
		case Sign:
			st, err = decideSign(&r, who, s.now())
		case Withdraw:
			st, err = decideWithdraw(&r, in.Reason)
		}
		if err != nil {
			return err
		}
		if r.State, err = Next(from, in.Event, st.guard); err != nil {
			return err
		}
		if !r.State.Open() {
			r.ClosedOn = s.today()
		}
		r.Version = version + 1
		if err := s.record(ctx, tx, who, &r, ag, in.Event, from, version, st); err != nil {
			return err
		}
		out, err = getRequest(ctx, tx, who, id, false)
		return err
	})
	return out, err
}

// decideAssign gives the request to an officer of its agency: the head
// names one (and may name another later); an officer takes one nobody
// handles yet.
func decideAssign(r *Request, who actor.Actor, target, name string, found bool) (step, error) {
	switch {
	case target == "":
		return step{}, errs.Field("assigneeId", "须指定承办人")
	case who.Role == actor.Officer && target != who.AccountID:
		return step{}, errs.New(errs.PermissionDenied, "承办人只能领办本人承办的更正申请；指定他人承办由负责人执行")
	case who.Role == actor.Officer && r.AssigneeID != "" && r.AssigneeID != who.AccountID:
		return step{}, errs.New(errs.PermissionDenied, "本更正申请已由其他承办人承办；改派由负责人执行")
	case !found:
		return step{}, errs.Field("assigneeId", "不是本机关在职的承办人")
	case target == r.AssigneeID:
		return step{}, errs.Field("assigneeId", "该承办人已在承办本申请")
	}
	previous := r.AssigneeID
	r.AssigneeID, r.AssigneeName = target, name
	var msgs []outbox.Message
	if target != who.AccountID {
		msgs = append(msgs, outbox.Message{Topic: "correction.assigned", Recipient: "account:" + target,
			Subject: fmt.Sprintf("更正申请 %s 由您承办", r.TrackingNumber),
			Body:    fmt.Sprintf("更正申请 %s（%s）已分由您承办，办理期限截止日为%s。", r.TrackingNumber, r.Details.Record, cn(r.DueOn))})
	}
	return step{payload: map[string]string{"assigneeId": target, "assignee": name, "previousAssigneeId": previous}, outbox: msgs}, nil
}

// decideDecision records the assigned officer's decision and sends it to
// the heads for signature.
func decideDecision(r *Request, who actor.Actor, d Decision, now time.Time) (step, error) {
	if r.AssigneeID != who.AccountID {
		return step{}, errs.New(errs.PermissionDenied, "本更正申请由其他承办人承办，只有承办人可以提出处理意见")
	}
	var c errs.Collector
	c.Merge("decision", d.validate())
	if err := c.Err(); err != nil {
		return step{}, err
	}
	r.Decision, r.DecidedByID, r.DecidedBy, r.DecidedAt = d, who.AccountID, who.Name, now
	return step{
		payload: d,
		outbox: []outbox.Message{{Topic: "correction.sign_off", Recipient: "staff:" + r.AgencyID + ":HEAD",
			Subject: fmt.Sprintf("更正申请 %s 的处理意见待签发", r.TrackingNumber),
			Body:    fmt.Sprintf("承办人%s对更正申请 %s 提出处理意见（%s），请审核签发。", who.Name, r.TrackingNumber, d.Outcome.Label())}},
	}, nil
}

// decideReturn sends the decision back to the officer, with the head's
// reason.
func decideReturn(r *Request, reason string) (step, error) {
	var c errs.Collector
	reason = required(&c, "reason", reason, maxReason, "退回处理意见须说明理由")
	if err := c.Err(); err != nil {
		return step{}, err
	}
	var msgs []outbox.Message
	if r.AssigneeID != "" {
		msgs = append(msgs, outbox.Message{Topic: "correction.returned", Recipient: "account:" + r.AssigneeID,
			Subject: fmt.Sprintf("更正申请 %s 的处理意见被退回", r.TrackingNumber), Body: "退回理由：" + reason})
	}
	return step{reason: reason, payload: map[string]string{"reason": reason}, outbox: msgs}, nil
}

// decideSign is the head's signature of the officer's decision: the
// decision letter goes to the applicant, and the outcome picks the state.
func decideSign(r *Request, who actor.Actor, now time.Time) (step, error) {
	if r.Decision.Outcome == "" {
		return step{}, errs.New(errs.FailedPrecondition, "尚无承办人的处理意见，不能签发")
	}
	r.SignedByID, r.SignedBy, r.SignedAt = who.AccountID, who.Name, now
	return step{guard: Guard(r.Decision.Outcome), payload: r.Decision, letter: notice.CorrectionDecision}, nil
}

// decideWithdraw ends a request the applicant no longer wants decided.
func decideWithdraw(_ *Request, reason string) (step, error) {
	reason = strings.TrimSpace(reason)
	var c errs.Collector
	c.MaxLength("reason", reason, maxReason)
	if err := c.Err(); err != nil {
		return step{}, err
	}
	return step{reason: reason, payload: map[string]string{"reason": reason}}, nil
}

var outcomeLabels = map[Outcome]string{
	OutcomeCorrected: "予以更正", OutcomeTransferred: "转送或告知向有权机关提出", OutcomeRefused: "不予更正",
}

// Label is the outcome's Chinese name.
func (o Outcome) Label() string { return outcomeLabels[o] }
