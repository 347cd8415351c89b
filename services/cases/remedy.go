package cases

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/agency"
	"foi/services/clock"
	"foi/services/errs"
)

// Remedy is an administrative reconsideration or lawsuit against a reply,
// or against the failure to reply (逾期未答复), recorded when filed and
// again when decided.
type Remedy struct {
	ID         string // empty for a new one
	Kind       string // RECONSIDERATION, LAWSUIT or LAWSUIT_AFTER_RECONSIDERATION
	FiledOn    clock.Date
	Authority  string
	CaseNumber string
	Result     string // UPHELD, CORRECTED or OTHER once decided
	DecidedOn  clock.Date
	// AgainstFailureToReply: recorded while the case was open, after its
	// due date.
	AgainstFailureToReply bool
}

// RecordRemedy records a reconsideration or lawsuit, or its result.
func (s *Service) RecordRemedy(ctx context.Context, who actor.Actor, id string, version int64, r Remedy) (Application, error) {
	return s.transition(ctx, who, id, version, RecordRemedy, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		if r.ID == "" {
			newID, err := drawID(ctx, tx)
			if err != nil {
				return step{}, err
			}
			reconsiderations, err := reconsiderationsOf(ctx, tx, app.ID)
			if err != nil {
				return step{}, err
			}
			return decideNewRemedy(app, s.today(), r, newID, reconsiderations)
		}
		filed, found, err := remedyOf(ctx, tx, app.ID, r.ID)
		if err != nil {
			return step{}, err
		}
		return decideRemedyResult(s.today(), r, filed, found)
	})
}

// decideNewRemedy records, under the id drawn for it, a reconsideration
// or lawsuit: against the reply, filed no earlier than it; or, on an open
// case whose due date has passed, against the failure to reply, filed
// after that date. A lawsuit after reconsideration needs one of the
// case's reconsiderations recorded (reconsiderations counts them).
func decideNewRemedy(app *Application, today clock.Date, r Remedy, id string, reconsiderations int) (step, error) {
	noReply := app.State.Open()
	if noReply && (app.DueOn.IsZero() || !today.After(app.DueOn)) {
		return step{}, errs.New(errs.FailedPrecondition, fmt.Sprintf("本案尚未答复，答复期限（%s）尚未届满，不能登记针对逾期未答复的复议或诉讼", orPaused(app.DueOn)))
	}
	var c errs.Collector
	if !slices.Contains([]string{"RECONSIDERATION", "LAWSUIT", "LAWSUIT_AFTER_RECONSIDERATION"}, r.Kind) {
		c.Add("kind", "须为行政复议（RECONSIDERATION）、行政诉讼（LAWSUIT）或复议后诉讼（LAWSUIT_AFTER_RECONSIDERATION）")
	} else if r.Kind == "LAWSUIT_AFTER_RECONSIDERATION" && reconsiderations == 0 {
		c.Add("kind", "复议后诉讼须先登记本案的行政复议")
	}
	notBefore, what := app.RepliedOn, "答复日期"
	if noReply {
		notBefore, what = app.DueOn.AddDays(1), "答复期限届满次日"
	}
	filed := eventDay(&c, "filedOn", r.FiledOn, today, notBefore, what)
	authority := required(&c, "authority", r.Authority, 200)
	c.MaxLength("caseNumber", r.CaseNumber, 100)
	if err := c.Err(); err != nil {
		return step{}, err
	}
	return step{
		payload: map[string]any{"remedyId": id, "kind": r.Kind, "filedOn": filed.String(), "authority": authority, "againstFailureToReply": noReply},
		writes: []rowWrite{newRemedy{id: id, kind: r.Kind, filedOn: filed, authority: authority, caseNumber: strings.TrimSpace(r.CaseNumber),
			againstFailureToReply: noReply}},
	}, nil
}

// orPaused is a due date as a sentence shows it, or that the clock is
// paused when there is none.
func orPaused(d clock.Date) string {
	if d.IsZero() {
		return "计时暂停中"
	}
	return d.String()
}

// decideRemedyResult records the result of a remedy of the case still
// undecided (stored, when found), decided no earlier than it was filed.
func decideRemedyResult(today clock.Date, r Remedy, stored Remedy, found bool) (step, error) {
	var c errs.Collector
	if !slices.Contains([]string{"UPHELD", "CORRECTED", "OTHER"}, r.Result) {
		c.Add("result", "须为维持（UPHELD）、纠正（CORRECTED）或其他（OTHER）")
	}
	if !found || stored.Result != "" {
		return step{}, errs.Field("remedyId", "不是本案尚未审结的复议或诉讼")
	}
	decided := eventDay(&c, "decidedOn", r.DecidedOn, today, stored.FiledOn, "立案日期")
	if err := c.Err(); err != nil {
		return step{}, err
	}
	return step{
		payload: map[string]string{"remedyId": r.ID, "result": r.Result, "decidedOn": decided.String()},
		writes:  []rowWrite{remedyResult{id: r.ID, result: r.Result, decidedOn: decided}},
	}, nil
}

// Reopen puts a closed case back into processing when a reconsideration
// decision or a judgment, recorded as a remedy decided CORRECTED, orders a
// new reply; the reply period runs anew from the day of the order.
func (s *Service) Reopen(ctx context.Context, who actor.Actor, id string, version int64, remedyID string, orderedOn clock.Date, reason string) (Application, error) {
	return s.transition(ctx, who, id, version, Reopen, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		remedy, found, err := remedyOf(ctx, tx, app.ID, remedyID)
		if err != nil {
			return step{}, err
		}
		return decideReopen(app, s.today(), remedyID, orderedOn, reason, remedy, found)
	})
}

// decideReopen reopens the case on a remedy of it decided CORRECTED
// (stored, when found): the new reply period restarts from the order,
// which is no earlier than the decision.
func decideReopen(app *Application, today clock.Date, remedyID string, orderedOn clock.Date, reason string, stored Remedy, found bool) (step, error) {
	var c errs.Collector
	reason = required(&c, "reason", reason, 1000)
	var decided clock.Date
	if found && stored.Result == "CORRECTED" {
		decided = stored.DecidedOn
	} else {
		c.Add("remedyId", "须为本案已登记、结果为纠正的行政复议或诉讼")
	}
	if orderedOn.IsZero() {
		orderedOn = decided
	}
	on := eventDay(&c, "orderedOn", orderedOn, today, decided, "复议决定或判决日期")
	if err := c.Err(); err != nil {
		return step{}, err
	}
	previous := app.Outcome
	app.Outcome, app.RepliedOn, app.ClosedOn = "", clock.Date{}, clock.Date{}
	return step{
		reason:  reason,
		payload: map[string]string{"remedyId": remedyID, "orderedOn": on.String(), "previousOutcome": string(previous)},
		clock:   []clock.Event{{Kind: clock.EventRestart, On: on, Reason: clock.RestartOrdered}},
	}, nil
}

// Remedies lists the reconsiderations and lawsuits against a case's reply.
func (s *Service) Remedies(ctx context.Context, who actor.Actor, id string) ([]Remedy, error) {
	if _, err := getApplication(ctx, s.db, who, id, false); err != nil {
		return nil, err
	}
	return remediesOf(ctx, s.db, id)
}
