package cases

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/agency"
	"foi/services/errs"
	"foi/services/outbox"
)

// Void is the head's undoing of a registration made by mistake or twice:
// the case leaves the worklists and the annual report, stays in the
// history, and its tracking number is never given again.
func (s *Service) Void(ctx context.Context, who actor.Actor, id string, version int64, reason string) (Application, error) {
	return s.transition(ctx, who, id, version, Void, func(_ pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		return decideVoid(reason)
	})
}

// decideVoid records why a registration is voided.
func decideVoid(reason string) (step, error) {
	var c errs.Collector
	reason = required(&c, "reason", reason, 500)
	if err := c.Err(); err != nil {
		return step{}, err
	}
	return step{reason: reason, payload: map[string]string{"reason": reason}}, nil
}

// Forward sends an online submission that reached the wrong agency, before
// it is confirmed, to the agency of the district responsible for it; the
// applicant is told. The case keeps its history; the clock has not started.
func (s *Service) Forward(ctx context.Context, who actor.Actor, id string, version int64, to, reason string) (Application, error) {
	return s.transition(ctx, who, id, version, Forward, func(tx pgx.Tx, app *Application, from agency.Agency) (step, error) {
		target, err := agency.Lookup(ctx, tx, to)
		if err != nil {
			return step{}, errs.Field("agencyId", "没有这个机关")
		}
		return decideForward(app, from, target, reason)
	})
}

// decideForward moves a submission from one agency to another.
func decideForward(app *Application, from, to agency.Agency, reason string) (step, error) {
	var c errs.Collector
	if to.ID == from.ID {
		c.Add("agencyId", "申请已在本机关")
	}
	reason = required(&c, "reason", reason, 500)
	if err := c.Err(); err != nil {
		return step{}, err
	}
	app.AgencyID, app.Region = to.ID, to.Region
	st := step{
		reason:  reason,
		payload: map[string]string{"fromAgencyId": from.ID, "fromAgency": from.Name, "toAgencyId": to.ID, "toAgency": to.Name, "reason": reason},
		writes:  []rowWrite{agencyMoved{to: to.ID}},
	}
	if addr := applicantAddress(app.Details.Applicant); addr != "" {
		subject := fmt.Sprintf("您的政府信息公开申请已转至%s", to.Name)
		st.outbox = append(st.outbox, outbox.Message{Topic: "application.forwarded", Recipient: addr, Subject: subject,
			Body: fmt.Sprintf("%s您好：您向%s提交的政府信息公开申请（%s）应由%s办理，已于今日转交，请登录系统查看。理由：%s",
				app.Details.Applicant.Name, from.Name, strings.TrimSpace(app.request()), to.Name, reason)})
	}
	return st, nil
}
