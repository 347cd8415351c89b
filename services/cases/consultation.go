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
	"foi/services/ids"
	"foi/services/notice"
)

// Consultee is a third party (Art. 32) or another agency (Art. 34) asked
// for an opinion.
type Consultee struct {
	Kind        string // THIRD_PARTY or AGENCY
	Name        string
	Contact     string
	Question    string     // what the consultee is asked
	DeliveredOn clock.Date // the day the request reached it; empty: the day sent
}

// ConsultationRecord is a consultation as stored.
type ConsultationRecord struct {
	ID        string
	Round     int
	Consultee Consultee
	SentOn    clock.Date
	DueOn     clock.Date
	// DueProvisional: DueOn counted a year whose calendar is not loaded.
	DueProvisional bool
	Opinion        string
	OpinionText    string
	AnsweredOn     clock.Date
	LapsedOn       clock.Date
}

// open reports whether the consultee has neither answered nor lapsed.
func (r ConsultationRecord) open() bool { return r.AnsweredOn.IsZero() && r.LapsedOn.IsZero() }

// StartConsultation sends the consultation letters; the clock pauses on the
// day they go out, and each consultee has 15 working days from receipt.
func (s *Service) StartConsultation(ctx context.Context, who actor.Actor, id string, version int64, sentOn clock.Date, consultees []Consultee) (Application, error) {
	return s.transition(ctx, who, id, version, StartConsultation, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		cal, _, err := s.calendars.Calendar(ctx, tx, app.Region)
		if err != nil {
			return step{}, err
		}
		earlier, err := consultationsOf(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		return decideConsultation(app, cal, s.today(), sentOn, consultees, nextRound(earlier))
	})
}

// nextRound numbers a new round of consultations after the earlier ones.
func nextRound(earlier []ConsultationRecord) int {
	round := 0
	for _, r := range earlier {
		round = max(round, r.Round)
	}
	return round + 1
}

// decideConsultation checks the letters of a round: 1 to 20 consultees,
// each a third party or an agency, delivered no earlier than sent, with
// 15 working days from delivery to answer.
func decideConsultation(app *Application, cal *clock.Calendar, today, sentOn clock.Date, consultees []Consultee, round int) (step, error) {
	var c errs.Collector
	sent := eventDay(&c, "sentOn", sentOn, today, app.ReceivedOn, "收到申请日期")
	if len(consultees) == 0 || len(consultees) > 20 {
		c.Add("consultees", "须列明 1 至 20 个征求意见对象")
	}
	var st step
	var summary []map[string]string
	for i := range consultees {
		k := consultees[i]
		f := fmt.Sprintf("consultees[%d]", i)
		if k.Kind != "THIRD_PARTY" && k.Kind != "AGENCY" {
			c.Add(f+".kind", "须为第三方（THIRD_PARTY）或其他机关（AGENCY）")
		}
		k.Name = required(&c, f+".name", k.Name, 100)
		k.Question = required(&c, f+".question", k.Question, 2000)
		c.MaxLength(f+".contact", k.Contact, 200)
		k.Contact = strings.TrimSpace(k.Contact)
		delivered := eventDay(&c, f+".deliveredOn", k.DeliveredOn, today, sent, "发出日期")
		if k.DeliveredOn.IsZero() {
			delivered = sent
		}
		k.DeliveredOn = delivered
		due, missing := cal.ConsultationDue(delivered)
		st.writes = append(st.writes, newConsultation{round: round, consultee: k, sentOn: sent, dueOn: due, provisional: !missing.Empty()})
		st.notices = append(st.notices, noticeOrder{kind: notice.ConsultationLetter, recipient: k.Name, fill: func(d *notice.Data) {
			d.Consultee, d.ConsulteeKind, d.Question, d.ConsultationDueOn = k.Name, k.Kind, k.Question, cnProvisional(due, missing)
			d.IssuedOn = cn(sent) // the letter is dated the day it went out
		}})
		summary = append(summary, map[string]string{"kind": k.Kind, "name": k.Name, "deliveredOn": delivered.String(), "dueOn": due.String()})
	}
	if err := c.Err(); err != nil {
		return step{}, err
	}
	st.payload = map[string]any{"round": round, "sentOn": sent.String(), "consultees": summary}
	st.clock = []clock.Event{{Kind: clock.EventPause, On: sent, Reason: clock.PauseConsultation}}
	return st, nil
}

// Opinion is a consultee's answer.
type Opinion struct {
	ConsultationID string
	ReceivedOn     clock.Date
	Opinion        string // CONSENT, OBJECTION or NO_OPINION
	Text           string
}

// RecordOpinion records an answer; when every consultee of the round has
// answered or lapsed, the case returns to processing and the clock resumes
// after the day the last answer came.
func (s *Service) RecordOpinion(ctx context.Context, who actor.Actor, id string, version int64, o Opinion) (Application, error) {
	return s.transition(ctx, who, id, version, RecordOpinion, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		list, err := consultationsOf(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		return decideOpinion(s.today(), o, list)
	})
}

// decideOpinion records the answer of one of the case's waiting
// consultees (list holds all of them), received no earlier than the letter
// went out.
func decideOpinion(today clock.Date, o Opinion, list []ConsultationRecord) (step, error) {
	id, _ := ids.Canonical(o.ConsultationID)
	i := slices.IndexFunc(list, func(r ConsultationRecord) bool { return r.ID == id && r.open() })
	if i < 0 {
		return step{}, errs.Field("consultationId", "不是本案待答复的征求意见")
	}
	var c errs.Collector
	received := eventDay(&c, "receivedOn", o.ReceivedOn, today, list[i].SentOn, "征求意见发出日期")
	if !slices.Contains([]string{"CONSENT", "OBJECTION", "NO_OPINION"}, o.Opinion) {
		c.Add("opinion", "须为同意（CONSENT）、不同意（OBJECTION）或未表态（NO_OPINION）")
	}
	c.MaxLength("text", o.Text, 2000)
	if err := c.Err(); err != nil {
		return step{}, err
	}
	list = slices.Clone(list)
	list[i].AnsweredOn, list[i].Opinion = received, o.Opinion
	st := step{
		payload: map[string]string{"consultationId": id, "consultee": list[i].Consultee.Name, "opinion": o.Opinion,
			"receivedOn": received.String()},
		writes: []rowWrite{consultationAnswer{id: id, receivedOn: received, opinion: o.Opinion, text: strings.TrimSpace(o.Text)}},
	}
	return endOfConsultation(st, list), nil
}

// lapseConsultations marks every consultee whose window has ended without
// an answer.
func (s *Service) lapseConsultations(ctx context.Context) applyFunc {
	return func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		list, err := consultationsOf(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		return decideConsultationLapse(s.today(), list), nil
	}
}

// lapsedConsultation is how the history records a consultee's silence.
type lapsedConsultation struct {
	ID     string `json:"consultationId"`
	Kind   string `json:"kind"`
	Name   string `json:"consultee"`
	DueOn  string `json:"dueOn"`
	Effect string `json:"effect"`
}

// decideConsultationLapse lapses, on its due date, every consultation of
// the case still waiting after its window, with the statutory effect of
// the silence (Art. 32: the agency decides; Art. 34: deemed consent).
func decideConsultationLapse(today clock.Date, list []ConsultationRecord) step {
	list = slices.Clone(list)
	var lapsed []lapsedConsultation
	var lapses consultationLapses
	for i, r := range list {
		if !r.open() || !r.DueOn.Before(today) {
			continue
		}
		list[i].LapsedOn = r.DueOn
		effect := "第三方逾期未提出意见，由本机关依照《政府信息公开条例》第三十二条决定是否公开"
		if r.Consultee.Kind == "AGENCY" {
			effect = "被征求意见机关逾期未提出意见，依照《政府信息公开条例》第三十四条视为同意公开"
		}
		lapsed = append(lapsed, lapsedConsultation{r.ID, r.Consultee.Kind, r.Consultee.Name, r.DueOn.String(), effect})
		lapses.ids = append(lapses.ids, r.ID)
	}
	return endOfConsultation(step{payload: map[string]any{"lapsed": lapsed}, writes: []rowWrite{lapses}}, list)
}

// endOfConsultation picks the guard of a consultation event from the
// consultations as the event leaves them: when nobody in the latest round
// is left waiting, the case goes back to processing and the clock resumes
// after the last answer or lapse.
func endOfConsultation(st step, list []ConsultationRecord) step {
	round := nextRound(list) - 1
	pending := 0
	var last clock.Date
	lapsed := false // the last day is a window that ran out, not an answer
	for _, r := range list {
		if r.Round != round {
			continue
		}
		if r.open() {
			pending++
		}
		if r.AnsweredOn.After(last) || r.AnsweredOn == last && !r.AnsweredOn.IsZero() {
			last, lapsed = r.AnsweredOn, false
		}
		if r.LapsedOn.After(last) {
			last, lapsed = r.LapsedOn, true
		}
	}
	if pending == 0 {
		st.guard = AllAnswered
		resume := clock.Event{Kind: clock.EventResume, On: last}
		if lapsed {
			resume.Reason = clock.ResumeLapsed
		}
		st.clock = append(st.clock, resume)
	}
	return st
}

// Consultations lists a case's consultations.
func (s *Service) Consultations(ctx context.Context, who actor.Actor, id string) ([]ConsultationRecord, error) {
	if _, err := getApplication(ctx, s.db, who, id, false); err != nil {
		return nil, err
	}
	return consultationsOf(ctx, s.db, id)
}
