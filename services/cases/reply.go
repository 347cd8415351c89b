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
	"foi/services/notice"
	"foi/services/outcome"
	"foi/services/review"
)

// ReplyOnTheSpot records a reply given at the window, for the outcomes the
// agency allows without legal review.
func (s *Service) ReplyOnTheSpot(ctx context.Context, who actor.Actor, id string, version int64, out outcome.Outcome, summary string) (Application, error) {
	return s.transition(ctx, who, id, version, ReplyOnTheSpot, func(_ pgx.Tx, app *Application, ag agency.Agency) (step, error) {
		return decideOnTheSpotReply(app, ag, s.today(), out, summary)
	})
}

// decideOnTheSpotReply issues a reply at the window: only an outcome that
// supplies or points to the information (never an adverse one, which must
// state its reason and basis and be reviewed) and that the agency allows,
// with what was supplied or where the information is published.
func decideOnTheSpotReply(app *Application, ag agency.Agency, today clock.Date, out outcome.Outcome, summary string) (step, error) {
	var c errs.Collector
	switch {
	case !out.Valid():
		c.Add("outcome", "未知的答复结果")
	case out.Adverse():
		c.Add("outcome", fmt.Sprintf("「%s」不利于申请人，须写明理由和法律依据并经法律审核，不能当场答复", out.Label()))
	case !slices.Contains(ag.OnTheSpotOutcomes, out):
		c.Add("outcome", fmt.Sprintf("本机关不允许当场答复「%s」，须经法律审核后答复", out.Label()))
	}
	summary = required(&c, "summary", summary, 2000)
	if err := c.Err(); err != nil {
		return step{}, err
	}
	app.Outcome, app.RepliedOn = out, today
	reply := onTheSpotLetter(out, summary)
	return step{
		payload: map[string]string{"outcome": string(out), "summary": summary},
		notices: []noticeOrder{{kind: notice.ReplyLetter, fill: func(d *notice.Data) { d.Reply = reply }}},
	}, nil
}

// onTheSpotBasis is the article an on-the-spot reply rests on: Art. 36(1)
// for information already published (tell where to find it), Art. 36(2)
// for information provided.
var onTheSpotBasis = map[outcome.Outcome]string{
	outcome.AlreadyPublic: "REG_36_1",
	outcome.Disclosed:     "REG_36_2",
}

// onTheSpotLetter is the reply letter of an on-the-spot reply: its basis,
// and the summary as what was provided or where the information is.
func onTheSpotLetter(out outcome.Outcome, summary string) notice.Reply {
	r := notice.Reply{Outcome: string(out), OutcomeLabel: out.Label(), HowProvided: summary}
	if text, ok := review.BasisText(onTheSpotBasis[out]); ok {
		r.LegalBasis = []string{text}
	}
	return r
}

// DeliveryRecord is how a reply reached the applicant (送达).
type DeliveryRecord struct {
	Method      string // IN_PERSON, POST, EMAIL or ONLINE
	DeliveredOn clock.Date
	Note        string // e.g. the postal tracking number
}

var deliveryLabels = map[string]string{"IN_PERSON": "直接送达", "POST": "邮寄送达", "EMAIL": "电子邮件送达", "ONLINE": "网上送达"}

// RecordDelivery records the delivery of the reply and closes the case.
func (s *Service) RecordDelivery(ctx context.Context, who actor.Actor, id string, version int64, dl DeliveryRecord) (Application, error) {
	return s.transition(ctx, who, id, version, RecordDelivery, func(_ pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		return decideDelivery(app, s.today(), dl)
	})
}

// decideDelivery closes a replied case on the record of its delivery: a
// known method, delivered no earlier than the reply and not in the future.
func decideDelivery(app *Application, today clock.Date, dl DeliveryRecord) (step, error) {
	var c errs.Collector
	label, ok := deliveryLabels[dl.Method]
	if !ok {
		c.Add("method", "须选择送达方式（直接送达、邮寄送达、电子邮件送达或网上送达）")
	}
	on := eventDay(&c, "deliveredOn", dl.DeliveredOn, today, app.RepliedOn, "答复日期")
	c.MaxLength("note", dl.Note, 500)
	if err := c.Err(); err != nil {
		return step{}, err
	}
	app.ClosedOn = today
	note := strings.TrimSpace(dl.Note)
	return step{
		payload: map[string]string{"method": dl.Method, "deliveredOn": on.String(), "note": note},
		notices: []noticeOrder{{kind: notice.DeliveryRecord, fill: func(d *notice.Data) {
			d.DeliveryMethod, d.DeliveredOn, d.DeliveryNote = label, cn(on), note
		}}},
	}, nil
}
