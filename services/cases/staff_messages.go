package cases

import (
	"fmt"

	"foi/services/actor"
	"foi/services/outbox"
)

// What reaches staff when a case moves: the person or group whose turn it
// now is hears of it in their inbox (and by e-mail where configured). One
// table, by event and the state the case reached, so every event that
// hands work to someone is seen in one place.

// staffTurn names whose turn a case is after event e brought it to state
// to, and what to tell them.
type staffTurn struct {
	event Event
	to    State // "" for any
	role  actor.Role
	topic string
	what  string // the subject, after the tracking number
}

var staffTurns = []staffTurn{
	{SubmitDraft, LegalReview, actor.LegalAdviser, "review.waiting", "的答复稿待法律审核"},
	{SubmitDraft, SignOff, actor.Head, "signoff.waiting", "的答复稿待签发"},
	{ApproveDraft, SignOff, actor.Head, "signoff.waiting", "的答复稿已通过法律审核，待签发"},
	{ReturnDraft, "", actor.Officer, "draft.returned", "的答复稿被法律顾问退回，请修改"},
	{RejectSignOff, "", actor.Officer, "draft.returned", "的答复稿被负责人退回，请修改"},
	{RequestExtension, "", actor.Head, "extension.waiting", "申请延长答复期限，待批准"},
	{ConsultationLapsed, "", actor.Officer, "consultation.lapsed", "的征求意见期限已届满，请继续办理"},
	{RecordOpinion, Processing, actor.Officer, "consultation.answered", "的征求意见已全部答复，请继续办理"},
	{Supplement, Processing, actor.Officer, "supplement.received", "已收到补正，答复期限重新计算"},
	{Forward, "", actor.Clerk, "application.forwarded", "由其他机关转来，待确认收到"},
}

// staffMessages are the inbox messages event e sends on app, which it
// brought to its present state. An officer's turn goes to the assignee
// when there is one, else to the agency's officers.
func staffMessages(app *Application, e Event) []outbox.Message {
	var out []outbox.Message
	for _, t := range staffTurns {
		if t.event != e || (t.to != "" && t.to != app.State) {
			continue
		}
		to := "staff:" + app.AgencyID + ":" + string(t.role)
		if t.role == actor.Officer && app.AssigneeID != "" {
			to = "account:" + app.AssigneeID
		}
		name := app.TrackingNumber
		if name == "" { // an online submission not yet received
			name = "《" + app.Details.Information.Title + "》"
		}
		subject := fmt.Sprintf("申请 %s %s", name, t.what)
		out = append(out, outbox.Message{ApplicationID: app.ID, Topic: t.topic, Recipient: to, Subject: subject, Body: subject + "。"})
	}
	return out
}
