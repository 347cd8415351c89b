package cases

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/agency"
	"foi/services/errs"
	"foi/services/outbox"
)

// Reassign is the head's giving a case that someone handles, or that
// nobody does yet, to another officer of its agency, with a reason; the
// new assignee is told.
func (s *Service) Reassign(ctx context.Context, who actor.Actor, id string, version int64, assigneeID, reason string) (Application, error) {
	return s.transition(ctx, who, id, version, Reassign, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		name, found, err := officerName(ctx, tx, assigneeID, app.AgencyID)
		if err != nil {
			return step{}, err
		}
		return decideReassign(app, assigneeID, name, found, reason)
	})
}

// decideReassign hands the case to the named officer of its agency in
// service (found, with name), someone other than its assignee, for a
// reason; the message to "account:<id>" tells the new assignee.
func decideReassign(app *Application, assigneeID, name string, found bool, reason string) (step, error) {
	var c errs.Collector
	reason = required(&c, "reason", reason, 1000)
	switch {
	case assigneeID == "":
		c.Add("assigneeId", "须指定新的承办人")
	case !found:
		c.Add("assigneeId", "不是本机关在职的承办人")
	case assigneeID == app.AssigneeID:
		c.Add("assigneeId", "新的承办人与现承办人相同")
	}
	if err := c.Err(); err != nil {
		return step{}, err
	}
	previous := app.AssigneeID
	app.AssigneeID = assigneeID
	subject := fmt.Sprintf("申请 %s 已改派由您承办", app.TrackingNumber)
	return step{
		reason:  reason,
		payload: map[string]string{"assigneeId": assigneeID, "assignee": name, "previousAssigneeId": previous},
		outbox: []outbox.Message{{Topic: "case.reassigned", Recipient: "account:" + assigneeID, Subject: subject,
			Body: fmt.Sprintf("%s（当前状态：%s）。改派理由：%s", subject, app.State.Label(), reason)}},
	}, nil
}

// mayDraft says whether who may write or submit the draft reply of app:
// its assignee, or the head; another officer is refused, and an
// unassigned case must first be assigned.
func mayDraft(app *Application, who actor.Actor) error {
	switch {
	case who.Role == actor.Head:
		return nil
	case app.AssigneeID == "":
		return errs.New(errs.FailedPrecondition, "本案尚未分办，请先领办或由负责人指定承办人后再起草答复")
	case app.AssigneeID != who.AccountID:
		return errs.New(errs.PermissionDenied, "本案由其他承办人承办，只有承办人可以起草或提交答复")
	}
	return nil
}
