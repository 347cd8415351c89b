package cases

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/agency"
	"foi/services/clock"
	"foi/services/errs"
)

// The events of the workflow that people cause, one method each, in a file
// per topic (clarification, consultation, extension, fees, review, reply,
// withdrawal, remedy). Every method takes the case version the caller read
// and goes through transition: one transaction, all or nothing. Inside it
// the method loads what the event's decision needs with the store
// functions (store_<table>.go), calls a pure decide function of the case,
// the agency, the calendar, today and those facts, and the transition
// writes the step the decision returns. The decisions hold the rules of
// workflow.md and are tested without a database (decide_*_test.go).

func required(c *errs.Collector, field, value string, max int) string {
	value = strings.TrimSpace(value)
	switch {
	case value == "":
		c.Add(field, "不能为空")
	case utf8.RuneCountInString(value) > max:
		c.Add(field, fmt.Sprintf("不能超过 %d 个字", max))
	}
	return value
}

// eventDay checks a date a person gives for something that happened: empty
// means today; never in the future, never before not.
func eventDay(c *errs.Collector, field string, d, today, notBefore clock.Date, what string) clock.Date {
	switch {
	case d.IsZero():
		d = today
	case d.After(today):
		c.Add(field, "日期不能晚于今天（"+today.String()+"）")
	}
	if !notBefore.IsZero() && d.Before(notBefore) {
		c.Add(field, fmt.Sprintf("日期不能早于%s（%s）", what, notBefore))
	}
	return d
}

// Assign gives an unassigned case (accepted, or processing after a
// supplement or reopen with nobody on it) to an officer: the caller when
// an officer, or the officer a head names.
func (s *Service) Assign(ctx context.Context, who actor.Actor, id string, version int64, assigneeID string) (Application, error) {
	return s.transition(ctx, who, id, version, Assign, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		assigneeID, err := assignee(who, assigneeID)
		if err != nil {
			return step{}, err
		}
		name, found, err := officerName(ctx, tx, assigneeID, app.AgencyID)
		if err != nil {
			return step{}, err
		}
		return decideAssign(app, assigneeID, name, found)
	})
}

// assignee is whom an assignment names: the officer given, or the officer
// assigning the case to themselves.
func assignee(who actor.Actor, assigneeID string) (string, error) {
	if assigneeID != "" {
		return assigneeID, nil
	}
	if who.Role != actor.Officer {
		return "", errs.Field("assigneeId", "须指定承办人")
	}
	return who.AccountID, nil
}

// decideAssign gives the unassigned case to the assignee, who must be an
// officer of its agency in service (found, with name). A case someone
// already handles changes hands only by the head's reassignment.
func decideAssign(app *Application, assigneeID, name string, found bool) (step, error) {
	if app.AssigneeID != "" {
		return step{}, errs.New(errs.FailedPrecondition, "本案已有承办人；更换承办人须由负责人改派（:reassign）")
	}
	if !found {
		return step{}, errs.Field("assigneeId", "不是本机关在职的承办人")
	}
	app.AssigneeID = assigneeID
	return step{payload: map[string]string{"assigneeId": assigneeID, "assignee": name}}, nil
}
