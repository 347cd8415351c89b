package cases

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/agency"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/notice"
	"foi/services/outcome"
)

// Withdraw ends a case before its reply at the applicant's request; a
// clerk acts only on the applicant's written request.
func (s *Service) Withdraw(ctx context.Context, who actor.Actor, id string, version int64, reason string, written bool) (Application, error) {
	return s.transition(ctx, who, id, version, Withdraw, func(_ pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		return decideWithdrawal(app, who.Role, s.today(), reason, written)
	})
}

// decideWithdrawal closes the case as withdrawn: by the applicant, or by a
// clerk holding the applicant's written request. A fee still waiting for
// payment is no longer owed.
func decideWithdrawal(app *Application, role actor.Role, today clock.Date, reason string, written bool) (step, error) {
	var c errs.Collector
	if role == actor.Clerk && !written {
		c.Add("writtenRequest", "窗口代为撤回须有申请人的书面撤回申请")
	}
	c.MaxLength("reason", reason, 1000)
	if err := c.Err(); err != nil {
		return step{}, err
	}
	app.Outcome, app.ClosedOn = outcome.Withdrawn, today
	reason = strings.TrimSpace(reason)
	st := step{
		reason:  reason,
		payload: map[string]bool{"writtenRequest": written},
		writes:  []rowWrite{pendingFeesCancelled{on: today}},
	}
	if app.TrackingNumber != "" {
		st.notices = []noticeOrder{{kind: notice.Closure, fill: func(d *notice.Data) {
			d.ClosureKind, d.Reason = "WITHDRAWN", reason
		}}}
	}
	return st, nil
}
