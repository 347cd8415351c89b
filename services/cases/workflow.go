package cases

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/agency"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/notice"
	"foi/services/outcome"
	"foi/services/pg"
)

// The events of the workflow that people cause, one method each. Every
// method takes the case version the caller read and goes through
// transition: one transaction, all or nothing.

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

// Assign gives an accepted case to an officer: the caller when an officer,
// or the officer a head names.
func (s *Service) Assign(ctx context.Context, who actor.Actor, id string, version int64, assigneeID string) (Application, error) {
	return s.transition(ctx, who, id, version, Assign, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		if assigneeID == "" {
			if who.Role != actor.Officer {
				return step{}, errs.Field("assigneeId", "须指定承办人")
			}
			assigneeID = who.AccountID
		}
		var name string
		err := tx.QueryRow(ctx, `
			SELECT a.display_name FROM accounts a JOIN account_agencies x ON x.account_id = a.id
			WHERE a.id = $1 AND x.agency_id = $2 AND a.role = 'OFFICER' AND a.disabled_at IS NULL`,
			assigneeID, app.AgencyID).Scan(&name)
		if errors.Is(err, pgx.ErrNoRows) {
			return step{}, errs.Field("assigneeId", "不是本机关在职的承办人")
		}
		if err != nil {
			return step{}, err
		}
		app.AssigneeID = assigneeID
		return step{payload: map[string]string{"assigneeId": assigneeID, "assignee": name}}, nil
	})
}

// ClarificationRequest is what a clarification notice asks (Art. 30).
type ClarificationRequest struct {
	Items []string // every item to supplement, in one notice
	Days  int      // working days to supplement; 0 is the agency's policy
	// LateReason is required when the notice goes out more than 7 working
	// days after received-on; the lateness is flagged for legal review.
	LateReason string
}

// RequestClarification sends the one clarification notice a case may have.
// The clock stops; it restarts from zero when the supplement arrives.
func (s *Service) RequestClarification(ctx context.Context, who actor.Actor, id string, version int64, r ClarificationRequest) (Application, error) {
	return s.transition(ctx, who, id, version, RequestClarification, func(tx pgx.Tx, app *Application, ag agency.Agency) (step, error) {
		if !app.ClarificationOn.IsZero() {
			return step{}, errs.New(errs.FailedPrecondition, fmt.Sprintf("本案已于 %s 告知补正；补正告知应一次性告知全部内容，不能再次告知", app.ClarificationOn))
		}
		var c errs.Collector
		var items []string
		if len(r.Items) == 0 || len(r.Items) > 20 {
			c.Add("items", "须列明 1 至 20 项需要补正的内容")
		}
		for i, it := range r.Items {
			items = append(items, required(&c, fmt.Sprintf("items[%d]", i), it, 500))
		}
		days := r.Days
		if days == 0 {
			days = ag.SupplementDays
		}
		if days < 1 || days > 60 {
			c.Add("days", "补正期限须为 1 至 60 个工作日")
		}
		cal, _, err := s.calendars.Calendar(ctx, tx, app.Region)
		if err != nil {
			return step{}, err
		}
		today := s.today()
		limit, _ := cal.ClarificationNoticeDue(app.ReceivedOn)
		late := today.After(limit)
		lateReason := strings.TrimSpace(r.LateReason)
		if late && lateReason == "" {
			c.Add("lateReason", fmt.Sprintf("补正告知应在收到申请之日起 7 个工作日内（%s 前）发出，已逾期，须说明理由", limit))
		}
		if err := c.Err(); err != nil {
			return step{}, err
		}
		due, _, err := cal.SupplementDue(today, days)
		if err != nil {
			return step{}, err
		}
		app.ClarificationOn, app.SupplementDueOn = today, due
		if late {
			app.LateClarification = lateReason
		}
		return step{
			reason: lateReason,
			payload: map[string]any{"items": items, "days": days, "supplementDueOn": due.String(),
				"noticeDueOn": limit.String(), "late": late},
			clock: []clock.Event{{Kind: clock.EventPause, On: today, Reason: clock.PauseClarification}},
			notices: []noticeOrder{{kind: notice.Clarification, fill: func(d *notice.Data) {
				d.Items, d.SupplementDays, d.SupplementDueOn = items, days, cn(due)
			}}},
		}, nil
	})
}

// SupplementInput is what an applicant (or a clerk at the window) hands in.
type SupplementInput struct {
	ReceivedOn  clock.Date   // when the supplement was received (clerk); applicants: today
	Text        string       // the supplement in words
	Information *Information // the corrected description of the information, if any
}

// Supplement records the supplement: the clock restarts from zero, counted
// from the day the supplemented application was received.
func (s *Service) Supplement(ctx context.Context, who actor.Actor, id string, version int64, in SupplementInput) (Application, error) {
	return s.transition(ctx, who, id, version, Supplement, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		var c errs.Collector
		today := s.today()
		if who.Role == actor.Applicant && !in.ReceivedOn.IsZero() && in.ReceivedOn != today {
			c.Add("receivedOn", "网上补正以提交当日为收到日期，不能另行指定")
		}
		received := eventDay(&c, "receivedOn", in.ReceivedOn, today, app.ClarificationOn, "补正告知日期")
		text := required(&c, "text", in.Text, 2000)
		if in.Information != nil {
			info := Information{Title: strings.TrimSpace(in.Information.Title), DocumentNumber: strings.TrimSpace(in.Information.DocumentNumber),
				Description: strings.TrimSpace(in.Information.Description)}
			if info.Title == "" && info.Description == "" {
				c.Add("information", "须填写所需信息的名称或内容描述（至少一项）")
			}
			c.MaxLength("information.title", info.Title, 200)
			c.MaxLength("information.documentNumber", info.DocumentNumber, 100)
			c.MaxLength("information.description", info.Description, 2000)
			app.Details.Information = info
		}
		if err := c.Err(); err != nil {
			return step{}, err
		}
		if received.After(app.SupplementDueOn) {
			return step{}, errs.New(errs.FailedPrecondition, fmt.Sprintf("补正期限已于 %s 届满，申请视为放弃", app.SupplementDueOn))
		}
		return step{
			payload: map[string]any{"receivedOn": received.String(), "text": text, "information": in.Information},
			clock:   []clock.Event{{Kind: clock.EventRestart, On: received}},
		}, nil
	})
}

// Consultee is a third party (Art. 32) or another agency (Art. 34) asked
// for an opinion.
type Consultee struct {
	Kind        string // THIRD_PARTY or AGENCY
	Name        string
	Contact     string
	Question    string     // what the consultee is asked
	DeliveredOn clock.Date // the day the request reached it; empty: the day sent
}

// StartConsultation sends the consultation letters; the clock pauses on the
// day they go out, and each consultee has 15 working days from receipt.
func (s *Service) StartConsultation(ctx context.Context, who actor.Actor, id string, version int64, sentOn clock.Date, consultees []Consultee) (Application, error) {
	return s.transition(ctx, who, id, version, StartConsultation, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		var c errs.Collector
		today := s.today()
		sent := eventDay(&c, "sentOn", sentOn, today, app.ReceivedOn, "收到申请日期")
		if len(consultees) == 0 || len(consultees) > 20 {
			c.Add("consultees", "须列明 1 至 20 个征求意见对象")
		}
		cal, _, err := s.calendars.Calendar(ctx, tx, app.Region)
		if err != nil {
			return step{}, err
		}
		var round int
		if err := tx.QueryRow(ctx, `SELECT coalesce(max(round), 0) + 1 FROM consultations WHERE application_id = $1`, app.ID).Scan(&round); err != nil {
			return step{}, err
		}
		var orders []noticeOrder
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
			delivered := eventDay(&c, f+".deliveredOn", k.DeliveredOn, today, sent, "发出日期")
			if k.DeliveredOn.IsZero() {
				delivered = sent
			}
			if c.Err() != nil {
				continue
			}
			due, _ := cal.ConsultationDue(delivered)
			if _, err := tx.Exec(ctx, `
				INSERT INTO consultations (application_id, round, kind, name, contact, question, sent_on, delivered_on, due_on)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
				app.ID, round, k.Kind, k.Name, strings.TrimSpace(k.Contact), k.Question, sent, delivered, due); err != nil {
				return step{}, err
			}
			orders = append(orders, noticeOrder{kind: notice.ConsultationLetter, recipient: k.Name, fill: func(d *notice.Data) {
				d.Consultee, d.ConsulteeKind, d.Question, d.ConsultationDueOn = k.Name, k.Kind, k.Question, cn(due)
			}})
			summary = append(summary, map[string]string{"kind": k.Kind, "name": k.Name, "deliveredOn": delivered.String(), "dueOn": due.String()})
		}
		if err := c.Err(); err != nil {
			return step{}, err
		}
		return step{
			payload: map[string]any{"round": round, "sentOn": sent.String(), "consultees": summary},
			clock:   []clock.Event{{Kind: clock.EventPause, On: sent, Reason: clock.PauseConsultation}},
			notices: orders,
		}, nil
	})
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
		var c errs.Collector
		var sentOn clock.Date
		var name string
		err := tx.QueryRow(ctx, `SELECT sent_on, name FROM consultations
			WHERE id = $1 AND application_id = $2 AND answered_on IS NULL AND lapsed_on IS NULL`, o.ConsultationID, app.ID).Scan(&sentOn, &name)
		if errors.Is(err, pgx.ErrNoRows) {
			return step{}, errs.Field("consultationId", "不是本案待答复的征求意见")
		}
		if err != nil {
			return step{}, err
		}
		received := eventDay(&c, "receivedOn", o.ReceivedOn, s.today(), sentOn, "征求意见发出日期")
		if !slices.Contains([]string{"CONSENT", "OBJECTION", "NO_OPINION"}, o.Opinion) {
			c.Add("opinion", "须为同意（CONSENT）、不同意（OBJECTION）或未表态（NO_OPINION）")
		}
		c.MaxLength("text", o.Text, 2000)
		if err := c.Err(); err != nil {
			return step{}, err
		}
		if _, err := tx.Exec(ctx, `UPDATE consultations SET answered_on = $2, opinion = $3, opinion_text = $4 WHERE id = $1`,
			o.ConsultationID, received, o.Opinion, strings.TrimSpace(o.Text)); err != nil {
			return step{}, err
		}
		st := step{payload: map[string]string{"consultationId": o.ConsultationID, "consultee": name, "opinion": o.Opinion,
			"receivedOn": received.String()}}
		return s.endOfConsultation(ctx, tx, app, st)
	})
}

// endOfConsultation picks the guard of a consultation event: when no
// consultee is left waiting, the case goes back to processing and the clock
// resumes after the last answer or lapse.
func (s *Service) endOfConsultation(ctx context.Context, tx pgx.Tx, app *Application, st step) (step, error) {
	var pending int
	var last clock.Date
	err := tx.QueryRow(ctx, `
		SELECT count(*) FILTER (WHERE answered_on IS NULL AND lapsed_on IS NULL),
			max(coalesce(answered_on, lapsed_on))
		FROM consultations WHERE application_id = $1
			AND round = (SELECT max(round) FROM consultations WHERE application_id = $1)`, app.ID).Scan(&pending, &last)
	if err != nil {
		return step{}, err
	}
	if pending == 0 {
		st.guard = AllAnswered
		st.clock = append(st.clock, clock.Event{Kind: clock.EventResume, On: last})
	}
	return st, nil
}

// ExtensionRequest asks the head to extend the reply period (Art. 33).
type ExtensionRequest struct {
	Days   int
	Reason string
}

// RequestExtension records an officer's request for the one extension a
// case may have; the head approves it (a different person).
func (s *Service) RequestExtension(ctx context.Context, who actor.Actor, id string, version int64, r ExtensionRequest) (Application, error) {
	return s.transition(ctx, who, id, version, RequestExtension, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		var c errs.Collector
		limit := app.Regime.MaxExtensionWorkingDays()
		if r.Days < 1 || r.Days > limit {
			c.Add("days", fmt.Sprintf("延长期限须为 1 至 %d 个工作日", limit))
		}
		reason := required(&c, "reason", r.Reason, 1000)
		if err := c.Err(); err != nil {
			return step{}, err
		}
		if err := noApprovedExtension(ctx, tx, app.ID); err != nil {
			return step{}, err
		}
		if _, err := tx.Exec(ctx, `UPDATE extensions SET superseded = true WHERE application_id = $1 AND approved_on IS NULL`, app.ID); err != nil {
			return step{}, err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO extensions (application_id, days, reason, requested_by, requested_on) VALUES ($1, $2, $3, $4, $5)`,
			app.ID, r.Days, reason, who.AccountID, s.today()); err != nil {
			return step{}, err
		}
		return step{reason: reason, payload: map[string]int{"days": r.Days}}, nil
	})
}

// noApprovedExtension refuses a second extension in one reply period; a
// restart (a supplement, or a new reply ordered on review) opens a new one.
func noApprovedExtension(ctx context.Context, tx pgx.Tx, appID string) error {
	var on clock.Date
	err := tx.QueryRow(ctx, `
		SELECT approved_on FROM extensions
		WHERE application_id = $1 AND approved_on IS NOT NULL
		  AND approved_on >= coalesce((SELECT max(on_date) FROM clock_events WHERE application_id = $1 AND kind = 'RESTART'), '-infinity')
		ORDER BY approved_on DESC LIMIT 1`, appID).Scan(&on)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return errs.New(errs.FailedPrecondition, fmt.Sprintf("本案已于 %s 延期一次，答复期限只能延长一次", on))
}

// ApproveExtension is the head's approval of the pending request: before
// the due date, never by the requester, once per case. The applicant is
// told with an extension notice.
func (s *Service) ApproveExtension(ctx context.Context, who actor.Actor, id string, version int64, comment string) (Application, error) {
	return s.transition(ctx, who, id, version, ApproveExtension, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		if err := noApprovedExtension(ctx, tx, app.ID); err != nil {
			return step{}, err
		}
		var extID, reason, requester string
		var days int
		err := tx.QueryRow(ctx, `SELECT id, days, reason, requested_by FROM extensions
			WHERE application_id = $1 AND approved_on IS NULL AND NOT superseded`, app.ID).Scan(&extID, &days, &reason, &requester)
		if errors.Is(err, pgx.ErrNoRows) {
			return step{}, errs.New(errs.FailedPrecondition, "本案没有待批准的延期申请")
		}
		if err != nil {
			return step{}, err
		}
		if requester == who.AccountID {
			return step{}, errs.New(errs.PermissionDenied, "延期申请人不能批准自己的申请")
		}
		today := s.today()
		if !app.DueOn.IsZero() && today.After(app.DueOn) {
			return step{}, errs.New(errs.FailedPrecondition, fmt.Sprintf("答复期限已于 %s 届满，不能再批准延期", app.DueOn))
		}
		if res, _, _, err := s.clockOf(ctx, tx, app); err != nil {
			return step{}, err
		} else if res.DueOn != res.StatutoryDueOn && !res.DueOn.IsZero() {
			return step{}, errs.New(errs.FailedPrecondition, fmt.Sprintf("本案已确定合理答复期限 %s，不再延期", res.DueOn))
		}
		if _, err := tx.Exec(ctx, `UPDATE extensions SET approved_by = $2, approved_on = $3 WHERE id = $1`, extID, who.AccountID, today); err != nil {
			return step{}, err
		}
		previous := app.DueOn
		return step{
			reason:  strings.TrimSpace(comment),
			payload: map[string]any{"days": days, "reason": reason, "requestedBy": requester},
			clock:   []clock.Event{{Kind: clock.EventExtend, On: today, Days: days}},
			notices: []noticeOrder{{kind: notice.Extension, fill: func(d *notice.Data) {
				d.ExtensionDays, d.Reason, d.PreviousDueOn = days, reason, cn(previous)
			}}},
		}, nil
	})
}

// SetDelayedDueDate sets an Art. 35 reasonable later due date, replacing
// the statutory one; the applicant is told.
func (s *Service) SetDelayedDueDate(ctx context.Context, who actor.Actor, id string, version int64, due clock.Date, reason string) (Application, error) {
	return s.transition(ctx, who, id, version, SetDelayedDueDate, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		var c errs.Collector
		reason = required(&c, "reason", reason, 1000)
		if due.IsZero() {
			c.Add("dueOn", "须提供合理的答复期限")
		}
		if err := c.Err(); err != nil {
			return step{}, err
		}
		res, _, _, err := s.clockOf(ctx, tx, app)
		if err != nil {
			return step{}, err
		}
		if !res.StatutoryDueOn.Before(due) {
			return step{}, errs.Field("dueOn", fmt.Sprintf("合理期限须晚于法定答复期限 %s", res.StatutoryDueOn))
		}
		if res.StatutoryDueOn != res.DueOn {
			return step{}, errs.New(errs.FailedPrecondition, fmt.Sprintf("本案已确定合理答复期限 %s", res.DueOn))
		}
		previous := app.DueOn
		return step{
			reason:  reason,
			payload: map[string]string{"dueOn": due.String(), "statutoryDueOn": res.StatutoryDueOn.String()},
			clock:   []clock.Event{{Kind: clock.EventDelayTo, On: s.today(), Due: due}},
			notices: []noticeOrder{{kind: notice.DelayedDueDate, fill: func(d *notice.Data) {
				d.Reason, d.PreviousDueOn = reason, cn(previous)
			}}},
		}, nil
	})
}

// ReplyOnTheSpot records a reply given at the window, for the outcomes the
// agency allows without legal review.
func (s *Service) ReplyOnTheSpot(ctx context.Context, who actor.Actor, id string, version int64, out outcome.Outcome, summary string) (Application, error) {
	return s.transition(ctx, who, id, version, ReplyOnTheSpot, func(tx pgx.Tx, app *Application, ag agency.Agency) (step, error) {
		var c errs.Collector
		switch {
		case !out.Valid():
			c.Add("outcome", "未知的答复结果")
		case !slices.Contains(ag.OnTheSpotOutcomes, out):
			c.Add("outcome", fmt.Sprintf("本机关不允许当场答复「%s」，须经法律审核后答复", out.Label()))
		}
		summary = required(&c, "summary", summary, 2000)
		if err := c.Err(); err != nil {
			return step{}, err
		}
		app.Outcome, app.RepliedOn = out, s.today()
		remedies := remediesFor(app, ag, out)
		return step{
			payload: map[string]string{"outcome": string(out), "summary": summary},
			notices: []noticeOrder{{kind: notice.ReplyLetter, fill: func(d *notice.Data) {
				d.Reply = notice.Reply{Outcome: string(out), OutcomeLabel: out.Label(), Body: summary, Remedies: remedies}
			}}},
		}, nil
	})
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
	return s.transition(ctx, who, id, version, RecordDelivery, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		var c errs.Collector
		label, ok := deliveryLabels[dl.Method]
		if !ok {
			c.Add("method", "须为 IN_PERSON、POST、EMAIL 或 ONLINE")
		}
		on := eventDay(&c, "deliveredOn", dl.DeliveredOn, s.today(), app.RepliedOn, "答复日期")
		c.MaxLength("note", dl.Note, 500)
		if err := c.Err(); err != nil {
			return step{}, err
		}
		app.ClosedOn = s.today()
		note := strings.TrimSpace(dl.Note)
		return step{
			payload: map[string]string{"method": dl.Method, "deliveredOn": on.String(), "note": note},
			notices: []noticeOrder{{kind: notice.DeliveryRecord, fill: func(d *notice.Data) {
				d.DeliveryMethod, d.DeliveredOn, d.DeliveryNote = label, cn(on), note
			}}},
		}, nil
	})
}

// Withdraw ends a case before its reply at the applicant's request; a
// clerk acts only on the applicant's written request.
func (s *Service) Withdraw(ctx context.Context, who actor.Actor, id string, version int64, reason string, written bool) (Application, error) {
	return s.transition(ctx, who, id, version, Withdraw, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		var c errs.Collector
		if who.Role == actor.Clerk && !written {
			c.Add("writtenRequest", "窗口代为撤回须有申请人的书面撤回申请")
		}
		c.MaxLength("reason", reason, 1000)
		if err := c.Err(); err != nil {
			return step{}, err
		}
		app.Outcome, app.ClosedOn = outcome.Withdrawn, s.today()
		// A fee still waiting for payment is no longer owed.
		if _, err := tx.Exec(ctx, `UPDATE fee_notices SET status = 'CANCELLED', closed_on = $2 WHERE application_id = $1 AND status = 'PENDING'`,
			app.ID, app.ClosedOn); err != nil {
			return step{}, err
		}
		st := step{reason: strings.TrimSpace(reason), payload: map[string]bool{"writtenRequest": written}}
		if app.TrackingNumber != "" {
			st.notices = []noticeOrder{{kind: notice.Closure, fill: func(d *notice.Data) {
				d.ClosureKind, d.Reason = "WITHDRAWN", strings.TrimSpace(reason)
			}}}
		}
		return st, nil
	})
}

// Remedy is an administrative reconsideration or lawsuit against a reply,
// recorded when filed and again when decided.
type Remedy struct {
	ID         string // empty for a new one
	Kind       string // RECONSIDERATION, LAWSUIT or LAWSUIT_AFTER_RECONSIDERATION
	FiledOn    clock.Date
	Authority  string
	CaseNumber string
	Result     string // UPHELD, CORRECTED or OTHER once decided
	DecidedOn  clock.Date
}

// RecordRemedy records a reconsideration or lawsuit, or its result.
func (s *Service) RecordRemedy(ctx context.Context, who actor.Actor, id string, version int64, r Remedy) (Application, error) {
	return s.transition(ctx, who, id, version, RecordRemedy, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		var c errs.Collector
		today := s.today()
		if r.ID == "" {
			if !slices.Contains([]string{"RECONSIDERATION", "LAWSUIT", "LAWSUIT_AFTER_RECONSIDERATION"}, r.Kind) {
				c.Add("kind", "须为行政复议（RECONSIDERATION）、行政诉讼（LAWSUIT）或复议后诉讼（LAWSUIT_AFTER_RECONSIDERATION）")
			}
			filed := eventDay(&c, "filedOn", r.FiledOn, today, app.RepliedOn, "答复日期")
			authority := required(&c, "authority", r.Authority, 200)
			c.MaxLength("caseNumber", r.CaseNumber, 100)
			if err := c.Err(); err != nil {
				return step{}, err
			}
			if err := tx.QueryRow(ctx, `INSERT INTO remedies (application_id, kind, filed_on, authority, case_number)
				VALUES ($1, $2, $3, $4, $5) RETURNING id`, app.ID, r.Kind, filed, authority, strings.TrimSpace(r.CaseNumber)).Scan(&r.ID); err != nil {
				return step{}, err
			}
			return step{payload: map[string]string{"remedyId": r.ID, "kind": r.Kind, "filedOn": filed.String(), "authority": authority}}, nil
		}
		if !slices.Contains([]string{"UPHELD", "CORRECTED", "OTHER"}, r.Result) {
			c.Add("result", "须为维持（UPHELD）、纠正（CORRECTED）或其他（OTHER）")
		}
		var filed clock.Date
		err := tx.QueryRow(ctx, `SELECT filed_on FROM remedies WHERE id = $1 AND application_id = $2 AND result IS NULL`, r.ID, app.ID).Scan(&filed)
		if errors.Is(err, pgx.ErrNoRows) {
			return step{}, errs.Field("remedyId", "不是本案尚未审结的复议或诉讼")
		}
		if err != nil {
			return step{}, err
		}
		decided := eventDay(&c, "decidedOn", r.DecidedOn, today, filed, "立案日期")
		if err := c.Err(); err != nil {
			return step{}, err
		}
		if _, err := tx.Exec(ctx, `UPDATE remedies SET result = $2, decided_on = $3 WHERE id = $1`, r.ID, r.Result, decided); err != nil {
			return step{}, err
		}
		return step{payload: map[string]string{"remedyId": r.ID, "result": r.Result, "decidedOn": decided.String()}}, nil
	})
}

// Reopen puts a closed case back into processing when a reconsideration
// decision or a judgment, recorded as a remedy decided CORRECTED, orders a
// new reply; the reply period runs anew from the day of the order.
func (s *Service) Reopen(ctx context.Context, who actor.Actor, id string, version int64, remedyID string, orderedOn clock.Date, reason string) (Application, error) {
	return s.transition(ctx, who, id, version, Reopen, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		var c errs.Collector
		reason = required(&c, "reason", reason, 1000)
		var decided clock.Date
		err := tx.QueryRow(ctx, `SELECT decided_on FROM remedies WHERE id = $1 AND application_id = $2 AND result = 'CORRECTED'`,
			remedyID, app.ID).Scan(&decided)
		switch {
		case errors.Is(err, pgx.ErrNoRows) || pg.IsCode(err, pg.InvalidTextRepr, ""):
			c.Add("remedyId", "须为本案已登记、结果为纠正的行政复议或诉讼")
		case err != nil:
			return step{}, err
		}
		if orderedOn.IsZero() {
			orderedOn = decided
		}
		on := eventDay(&c, "orderedOn", orderedOn, s.today(), decided, "复议决定或判决日期")
		if err := c.Err(); err != nil {
			return step{}, err
		}
		previous := app.Outcome
		app.Outcome, app.RepliedOn, app.ClosedOn = "", clock.Date{}, clock.Date{}
		return step{
			reason:  reason,
			payload: map[string]string{"remedyId": remedyID, "orderedOn": on.String(), "previousOutcome": string(previous)},
			clock:   []clock.Event{{Kind: clock.EventRestart, On: on}},
		}, nil
	})
}

// ConsultationRecord is a consultation as stored.
type ConsultationRecord struct {
	ID          string
	Round       int
	Consultee   Consultee
	SentOn      clock.Date
	DueOn       clock.Date
	Opinion     string
	OpinionText string
	AnsweredOn  clock.Date
	LapsedOn    clock.Date
}

// Consultations lists a case's consultations.
func (s *Service) Consultations(ctx context.Context, who actor.Actor, id string) ([]ConsultationRecord, error) {
	if _, err := getApplication(ctx, s.db, who, id, false); err != nil {
		return nil, err
	}
	rows, _ := s.db.Query(ctx, `
		SELECT id, round, kind, name, contact, question, delivered_on, sent_on, due_on, coalesce(opinion, ''), opinion_text, answered_on, lapsed_on
		FROM consultations WHERE application_id = $1 ORDER BY round, sent_on, name`, id)
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (ConsultationRecord, error) {
		var c ConsultationRecord
		k := &c.Consultee
		err := r.Scan(&c.ID, &c.Round, &k.Kind, &k.Name, &k.Contact, &k.Question, &k.DeliveredOn, &c.SentOn, &c.DueOn,
			&c.Opinion, &c.OpinionText, &c.AnsweredOn, &c.LapsedOn)
		return c, err
	})
}

// Remedies lists the reconsiderations and lawsuits against a case's reply.
func (s *Service) Remedies(ctx context.Context, who actor.Actor, id string) ([]Remedy, error) {
	if _, err := getApplication(ctx, s.db, who, id, false); err != nil {
		return nil, err
	}
	rows, _ := s.db.Query(ctx, `
		SELECT id, kind, filed_on, authority, case_number, coalesce(result, ''), decided_on
		FROM remedies WHERE application_id = $1 ORDER BY filed_on, id`, id)
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Remedy, error) {
		var x Remedy
		err := r.Scan(&x.ID, &x.Kind, &x.FiledOn, &x.Authority, &x.CaseNumber, &x.Result, &x.DecidedOn)
		return x, err
	})
}
