package cases

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/agency"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/notice"
	"foi/services/outcome"
)

// ClarificationRequest is what a clarification notice asks (Art. 30).
type ClarificationRequest struct {
	Items []string // every item to supplement, in one notice
	Days  int      // working days to supplement; 0 is the agency's policy
	// LateReason is required when the notice goes out more than 7 working
	// days after received-on; the lateness is flagged for legal review.
	LateReason string
	// ServedOn is the day the applicant receives the notice (default
	// today; a posted notice's expected delivery day, at most
	// maxServiceDays ahead). The period runs from it, as the notice says
	// ("自收到本告知书之日起").
	ServedOn clock.Date
}

// RequestClarification sends the one clarification notice a case may have.
// The clock stops; it restarts from zero when the supplement arrives.
func (s *Service) RequestClarification(ctx context.Context, who actor.Actor, id string, version int64, r ClarificationRequest) (Application, error) {
	return s.transition(ctx, who, id, version, RequestClarification, func(tx pgx.Tx, app *Application, ag agency.Agency) (step, error) {
		cal, _, err := s.calendars.Calendar(ctx, tx, app.Region)
		if err != nil {
			return step{}, err
		}
		return decideClarification(app, ag, cal, s.today(), r)
	})
}

// decideClarification checks a clarification notice: once per case, every
// item listed, a supplement period within bounds, and a reason when it
// goes out after the 7 working days.
func decideClarification(app *Application, ag agency.Agency, cal *clock.Calendar, today clock.Date, r ClarificationRequest) (step, error) {
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
	switch floor := max(ag.MinSupplementDays, 1); {
	case days < floor || days > 60:
		c.Add("days", fmt.Sprintf("补正期限须为 %d 至 60 个工作日（本机关规定的最短补正期限为 %d 个工作日）", floor, floor))
	}
	limit, _ := cal.ClarificationNoticeDue(app.ReceivedOn)
	late := today.After(limit)
	lateReason := strings.TrimSpace(r.LateReason)
	if late && lateReason == "" {
		c.Add("lateReason", fmt.Sprintf("补正告知应在收到申请之日起 7 个工作日内（%s 前）发出，已逾期，须说明理由", limit))
	}
	served := serviceDay(&c, "servedOn", r.ServedOn, today)
	if err := c.Err(); err != nil {
		return step{}, err
	}
	due, missing, err := cal.SupplementDue(served, days)
	if err != nil {
		return step{}, err
	}
	app.ClarificationOn, app.SupplementDueOn, app.SupplementDueProvisional = today, due, !missing.Empty()
	if late {
		app.LateClarification = lateReason
	}
	return step{
		reason: lateReason,
		payload: map[string]any{"items": items, "days": days, "servedOn": served.String(), "supplementDueOn": due.String(),
			"noticeDueOn": limit.String(), "late": late, "provisional": !missing.Empty()},
		writes: []rowWrite{supplementPeriod{servedOn: served, days: days}},
		clock:  []clock.Event{{Kind: clock.EventPause, On: today, Reason: clock.PauseClarification}},
		notices: []noticeOrder{{kind: notice.Clarification, fill: func(d *notice.Data) {
			d.Items, d.SupplementDays, d.SupplementDueOn = items, days, cnProvisional(due, missing)
		}}},
	}, nil
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
	return s.transition(ctx, who, id, version, Supplement, func(_ pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		return decideSupplement(app, who.Role, s.today(), in)
	})
}

// decideSupplement checks a supplement: received after the notice and
// within its period (an applicant's online supplement is received today),
// with a corrected description if one is given.
func decideSupplement(app *Application, role actor.Role, today clock.Date, in SupplementInput) (step, error) {
	var c errs.Collector
	if role == actor.Applicant && !in.ReceivedOn.IsZero() && in.ReceivedOn != today {
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
}

// lapseClarification closes a case whose supplement did not come in time.
func (s *Service) lapseClarification() applyFunc {
	return func(_ pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		return decideClarificationLapse(app, s.today()), nil
	}
}

// decideClarificationLapse closes the case as abandoned (rules.md section
// 3), telling the applicant why.
func decideClarificationLapse(app *Application, today clock.Date) step {
	due := app.SupplementDueOn
	app.Outcome, app.ClosedOn = outcome.AbandonedNoClarification, today
	return step{
		reason:  fmt.Sprintf("申请人未在补正期限（%s 届满）内补正，视为放弃申请", due),
		payload: map[string]string{"supplementDueOn": due.String()},
		notices: []noticeOrder{{kind: notice.Closure, fill: func(d *notice.Data) {
			d.ClosureKind, d.SupplementDueOn = "NO_SUPPLEMENT", cn(due)
			d.Reason = fmt.Sprintf("您未在补正期限（%s届满）内补正", cn(due))
		}}},
	}
}
