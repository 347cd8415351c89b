package web

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	foiv1 "foi/gen/foi/v1"
)

// caseData is what the case pages read from the API about one case.
type caseData struct {
	app      *foiv1.Application
	agency   string
	events   []*foiv1.ApplicationEvent
	notices  []*foiv1.Notice
	deadline *foiv1.Deadline
	// maxDelayDays is the agency's Art. 35 limit: calendar days after the
	// statutory due date (0: unknown).
	maxDelayDays int32
	// consults and remedies are read for the staff case page only.
	consults []*foiv1.Consultation
	remedies []*foiv1.Remedy
}

// loadCase reads a case, its history, its notices and its deadline; the
// API answers NotFound for a case the caller may not see.
func (s *Site) loadCase(q *req, id string) (*caseData, error) {
	app, err := call(q, func(ctx context.Context) (*foiv1.GetApplicationResponse, error) {
		return s.apps.GetApplication(ctx, &foiv1.GetApplicationRequest{Id: id})
	})
	if err != nil {
		return nil, err
	}
	events, err := call(q, func(ctx context.Context) (*foiv1.ListApplicationEventsResponse, error) {
		return s.history.ListApplicationEvents(ctx, &foiv1.ListApplicationEventsRequest{Id: id})
	})
	if err != nil {
		return nil, err
	}
	notices, err := call(q, func(ctx context.Context) (*foiv1.ListNoticesResponse, error) {
		return s.history.ListNotices(ctx, &foiv1.ListNoticesRequest{Id: id})
	})
	if err != nil {
		return nil, err
	}
	dl, err := call(q, func(ctx context.Context) (*foiv1.GetApplicationDeadlineResponse, error) {
		return s.apps.GetApplicationDeadline(ctx, &foiv1.GetApplicationDeadlineRequest{Id: id})
	})
	if err != nil {
		return nil, err
	}
	ag := s.agencyOf(q, app.GetApplication().GetDetails().GetAgencyId())
	name := ag.GetName()
	if name == "" {
		name = "受理机关"
	}
	return &caseData{app: app.GetApplication(), agency: name, maxDelayDays: ag.GetMaxDelayDays(),
		events: events.GetEvents(), notices: notices.GetNotices(), deadline: dl.GetDeadline()}, nil
}

// agencyOf finds agency id in the public list; nil when it is not there.
func (s *Site) agencyOf(q *req, id string) *foiv1.Agency {
	res, err := call(q, func(ctx context.Context) (*foiv1.ListAgenciesResponse, error) {
		return s.agencies.ListAgencies(ctx, &foiv1.ListAgenciesRequest{PageSize: 500})
	})
	if err != nil {
		return nil
	}
	for _, a := range res.GetAgencies() {
		if a.GetId() == id {
			return a
		}
	}
	return nil
}

// agencyNames maps agency ids to names, from the public list.
func (s *Site) agencyNames(q *req) map[string]string {
	out := map[string]string{}
	res, err := call(q, func(ctx context.Context) (*foiv1.ListAgenciesResponse, error) {
		return s.agencies.ListAgencies(ctx, &foiv1.ListAgenciesRequest{PageSize: 500})
	})
	if err != nil {
		return out
	}
	for _, a := range res.GetAgencies() {
		out[a.GetId()] = a.GetName()
	}
	return out
}

func (s *Site) agencyName(q *req, id string) string {
	if n, ok := s.agencyNames(q)[id]; ok {
		return n
	}
	return "受理机关"
}

// headerView is the case header block shared by every case page.
type headerView struct {
	Agency, TrackingNumber, Title, State, StateClass string
	ReceivedOn, DueOn, DueClass, DueNote, Outcome    string
}

func headerOf(c *caseData) headerView {
	a := c.app
	h := headerView{
		Agency: c.agency, TrackingNumber: a.GetTrackingNumber(), Title: caseTitle(a),
		State: stateLabel(a.GetState()), StateClass: stateClass(a.GetState()),
		ReceivedOn: dateCN(a.GetReceivedOn()), DueOn: dateMarked(a.GetDueOn(), a.GetDueProvisional()), Outcome: outcomeLabel(a.GetOutcome()),
		DueClass: "ok",
	}
	switch d := c.deadline; {
	case d.GetOverdue():
		h.DueClass = "overdue"
		h.DueOn += "（已逾期）"
	case d.GetNearDue():
		h.DueClass = "near"
		h.DueOn += "（即将到期）"
	}
	if h.DueOn == "" {
		h.DueNote = dueNote(a, c.deadline)
	}
	return h
}

// dueNote says why a case shows no due date.
func dueNote(a *foiv1.Application, d *foiv1.Deadline) string {
	switch {
	case a.GetState() == foiv1.ApplicationState_APPLICATION_STATE_SUBMITTED:
		return "确认收到后开始计算"
	case d.GetPaused() && a.GetState() == foiv1.ApplicationState_APPLICATION_STATE_CLARIFICATION && a.GetSupplementDueOn() != "":
		return "期限暂停计算，等待补正（补正期限至" + dateMarked(a.GetSupplementDueOn(), a.GetSupplementDueProvisional()) + "）"
	case d.GetPaused():
		return "期限暂停计算"
	case a.GetRepliedOn() != "":
		return "已于" + dateCN(a.GetRepliedOn()) + "答复"
	}
	return "不计算期限"
}

func caseTitle(a *foiv1.Application) string {
	info := a.GetDetails().GetInformation()
	if t := info.GetTitle(); t != "" {
		return t
	}
	d := []rune(info.GetDescription())
	if len(d) > 40 {
		return string(d[:40]) + "…"
	}
	return string(d)
}

func stateClass(s foiv1.ApplicationState) string {
	return strings.ToLower(strings.TrimPrefix(s.String(), "APPLICATION_STATE_"))
}

// deadlineView explains the due date in words.
type deadlineView struct {
	Summary  string
	Segments []string
}

func deadlineOf(d *foiv1.Deadline) deadlineView {
	if d == nil {
		return deadlineView{}
	}
	v := deadlineView{}
	if d.GetBudgetDays() > 0 {
		v.Summary = fmt.Sprintf("答复期限共 %d 个工作日，已用 %d 个，剩余 %d 个。", d.GetBudgetDays(), d.GetWorkingDaysUsed(), d.GetWorkingDaysLeft())
	}
	if d.GetPaused() {
		v.Summary += "目前期限暂停计算。"
	}
	if d.GetProvisional() {
		v.Summary += "涉及的年度节假日安排尚未公布，期限为暂定。"
	}
	for _, s := range d.GetSegments() {
		if s.GetText() != "" {
			v.Segments = append(v.Segments, s.GetText())
		}
	}
	return v
}

// eventView is one line of the timeline.
type eventView struct {
	Label, Time, Actor, ToState, Reason string
	Items                               []string
}

func timelineOf(events []*foiv1.ApplicationEvent) []eventView {
	out := make([]eventView, 0, len(events))
	for _, e := range events {
		v := eventView{Label: e.GetEventLabel(), Time: timeCN(e.GetTime()), Actor: e.GetActorName(), Reason: e.GetReason()}
		if v.Label == "" {
			v.Label = e.GetEvent()
		}
		if e.GetToState() != e.GetFromState() && e.GetToState() != foiv1.ApplicationState_APPLICATION_STATE_UNSPECIFIED {
			v.ToState = stateLabel(e.GetToState())
		}
		v.Items = payloadItems(e.GetPayload())
		out = append(out, v)
	}
	return out
}

// eventData is the part of an event's payload the pages read: the
// event's own data (the history wraps it with the due date it left).
type eventData struct {
	Data struct {
		Items    []string `json:"items"`    // a clarification notice's points
		Assignee string   `json:"assignee"` // the officer an assignment named
		Result   string   `json:"result"`   // a remedy's result, when recorded
	} `json:"data"`
}

func dataOf(payload string) eventData {
	var d eventData
	if payload != "" {
		_ = json.Unmarshal([]byte(payload), &d)
	}
	return d
}

// payloadItems returns the "items" an event's data lists (the points of
// a clarification notice).
func payloadItems(payload string) []string { return dataOf(payload).Data.Items }

// clarificationItems returns what the latest clarification notice asked.
func clarificationItems(events []*foiv1.ApplicationEvent) []string {
	for i := len(events) - 1; i >= 0; i-- {
		if events[i].GetEvent() == "request_clarification" {
			return payloadItems(events[i].GetPayload())
		}
	}
	return nil
}

// noticeView is one issued notice, to open and print.
type noticeView struct {
	Title, Number, Issued, Href string
}

func noticesOf(appID string, ns []*foiv1.Notice) []noticeView {
	out := make([]noticeView, 0, len(ns))
	for _, n := range ns {
		out = append(out, noticeView{Title: n.GetTitle(), Number: n.GetNumber(), Issued: timeCN(n.GetIssueTime()),
			Href: "/applications/" + appID + "/notices/" + n.GetId()})
	}
	return out
}

// detailRow is one row of a summary list.
type detailRow struct {
	Key, Value string
}

// detailsOf lists what was asked, as the form said it.
func detailsOf(a *foiv1.Application, agency string) []detailRow {
	d := a.GetDetails()
	who := d.GetApplicant()
	rows := []detailRow{
		{"受理机关", agency},
		{"所需信息名称", d.GetInformation().GetTitle()},
		{"文号", d.GetInformation().GetDocumentNumber()},
		{"信息描述", d.GetInformation().GetDescription()},
		{"获取信息的方式", labelOf(media, d.GetMedium().String()) + suffix("：", d.GetMediumOther())},
		{"获取信息的途径", labelOf(deliveries, d.GetDelivery().String())},
		{"申请人", who.GetName()},
		{"身份证明", labelOf(idTypes, who.GetIdType().String()) + suffix(" ", who.GetIdNumber())},
		{"联系电话", who.GetPhone()},
		{"电子邮箱", who.GetEmail()},
		{"通信地址", who.GetAddress()},
		{"备注", d.GetNote()},
	}
	if d.GetNeedsAssistance() {
		rows = append(rows, detailRow{"需要协助", "是（阅读或视听困难）"})
	}
	out := rows[:0]
	for _, r := range rows {
		if strings.TrimSpace(r.Value) != "" {
			out = append(out, r)
		}
	}
	return out
}

func suffix(sep, s string) string {
	if s == "" {
		return ""
	}
	return sep + s
}
