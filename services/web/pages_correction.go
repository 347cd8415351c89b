package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	foiv1 "foi/gen/foi/v1"
)

// The pages of correction requests (更正申请, Art. 41): the applicant's
// form and their own list; the clerk's registration; the staff worklist;
// one request with its letters, history and the actions the API offers
// this person now.
func (s *Site) correctionRoutes() {
	s.mux.HandleFunc("GET /my/corrections", s.page(signedIn, s.correctionList("/my/corrections/")))
	s.mux.HandleFunc("GET /my/corrections/new", s.page(signedIn, s.correctionForm))
	s.mux.HandleFunc("POST /my/corrections/new", s.page(signedIn, s.submitCorrection))
	s.mux.HandleFunc("GET /my/corrections/{id}", s.page(signedIn, s.correctionPage))
	s.mux.HandleFunc("GET /corrections", s.page(signedIn, s.correctionList("/corrections/")))
	s.mux.HandleFunc("GET /corrections/register", s.page(signedIn, s.correctionForm))
	s.mux.HandleFunc("POST /corrections/register", s.page(signedIn, s.registerCorrection))
	s.mux.HandleFunc("GET /corrections/{id}", s.page(signedIn, s.correctionPage))
	s.mux.HandleFunc("POST /corrections/{id}/act/{event}", s.page(signedIn, s.actOnCorrection))
	s.mux.HandleFunc("GET /corrections/{id}/letters/{letter}", s.page(signedIn, s.correctionLetter))
}

var correctionStates = map[foiv1.CorrectionState]string{
	foiv1.CorrectionState_CORRECTION_STATE_RECEIVED: "已受理", foiv1.CorrectionState_CORRECTION_STATE_PROCESSING: "办理中",
	foiv1.CorrectionState_CORRECTION_STATE_SIGN_OFF: "待负责人签发", foiv1.CorrectionState_CORRECTION_STATE_CORRECTED: "已更正",
	foiv1.CorrectionState_CORRECTION_STATE_TRANSFERRED: "已转送或告知向有权机关提出", foiv1.CorrectionState_CORRECTION_STATE_REFUSED: "不予更正",
	foiv1.CorrectionState_CORRECTION_STATE_WITHDRAWN: "已撤回",
}

// correctionStateClass colours a state's tag as the case lists do.
func correctionStateClass(s foiv1.CorrectionState) string {
	switch s {
	case foiv1.CorrectionState_CORRECTION_STATE_RECEIVED, foiv1.CorrectionState_CORRECTION_STATE_PROCESSING, foiv1.CorrectionState_CORRECTION_STATE_SIGN_OFF:
		return "processing"
	case foiv1.CorrectionState_CORRECTION_STATE_WITHDRAWN:
		return "withdrawn"
	}
	return "replied"
}

var correctionOutcomes = []option{
	{"CORRECTION_OUTCOME_CORRECTED", "经审核属实，予以更正"},
	{"CORRECTION_OUTCOME_TRANSFERRED", "不属于本机关职能范围，转送或告知向有权机关提出"},
	{"CORRECTION_OUTCOME_REFUSED", "不予更正"},
}

var transferModes = []option{
	{"TRANSFER_MODE_FORWARDED", "转送有权更正的行政机关处理，并告知申请人"},
	{"TRANSFER_MODE_TOLD_TO_APPLY", "告知申请人向有权更正的行政机关提出"},
}

var correctionChannels = []option{
	{"CORRECTION_CHANNEL_IN_PERSON", "当面提交"},
	{"CORRECTION_CHANNEL_POST", "邮寄"},
}

// correctionAction is one event a request page offers, by the API's
// allowed events for this person.
type correctionAction struct {
	Event string // lower case, as posted: assign, decide, return, sign, withdraw
	Label string
}

var correctionActionLabels = map[foiv1.CorrectionEvent]correctionAction{
	foiv1.CorrectionEvent_CORRECTION_EVENT_ASSIGN:   {"assign", "分办"},
	foiv1.CorrectionEvent_CORRECTION_EVENT_DECIDE:   {"decide", "提出处理意见，送负责人签发"},
	foiv1.CorrectionEvent_CORRECTION_EVENT_RETURN:   {"return", "退回处理意见"},
	foiv1.CorrectionEvent_CORRECTION_EVENT_SIGN:     {"sign", "签发答复"},
	foiv1.CorrectionEvent_CORRECTION_EVENT_WITHDRAW: {"withdraw", "撤回更正申请"},
}

// correctionFields are the inputs of the request forms, named by the
// API's JSON paths so its field violations land beside them.
var correctionFields = []string{"requestId", "details.agencyId", "details.record", "details.inaccuracy", "details.requested", "details.evidence",
	"channel", "receivedOn", "details.applicant.type", "details.applicant.name", "details.applicant.idType", "details.applicant.idNumber",
	"details.applicant.contactPerson", "details.applicant.phone", "details.applicant.email", "details.applicant.address"}

// correctionFormView is the form to ask for a correction (applicant) or
// to register one (clerk).
type correctionFormView struct {
	base
	Form           form
	Register       bool // the clerk's registration, with the applicant's identity
	Action         string
	Agencies       []option
	Channels       []option
	ApplicantTypes []option
	IDTypes        []option
}

func (s *Site) correctionForm(q *req) error {
	f := newForm()
	f.Values["requestId"] = newRequestID()
	f.Values["details.applicant.type"] = "APPLICANT_TYPE_NATURAL_PERSON"
	f.Values["details.applicant.idType"] = "ID_DOCUMENT_TYPE_RESIDENT_ID_CARD"
	f.Values["details.agencyId"] = q.r.URL.Query().Get("agency")
	return s.renderCorrectionForm(q, f)
}

func (s *Site) renderCorrectionForm(q *req, f form) error {
	v := &correctionFormView{Form: f, Register: q.role() != rApplicant, Action: "/my/corrections/new",
		Channels: correctionChannels, ApplicantTypes: applicantTypes, IDTypes: idTypes}
	names := s.agencyNames(q)
	if v.Register {
		v.Action = "/corrections/register"
		for _, id := range q.me.GetAgencyIds() {
			v.Agencies = append(v.Agencies, option{id, names[id]})
		}
	} else {
		res, err := call(q, func(ctx context.Context) (*foiv1.ListAgenciesResponse, error) {
			return s.agencies.ListAgencies(ctx, &foiv1.ListAgenciesRequest{PageSize: 500})
		})
		if err != nil {
			return err
		}
		for _, a := range res.GetAgencies() {
			v.Agencies = append(v.Agencies, option{a.GetId(), a.GetName()})
		}
	}
	if len(v.Agencies) == 1 {
		f.Values["details.agencyId"] = v.Agencies[0].Value
	}
	v.Title = "更正申请"
	if v.Register {
		v.Title = "登记更正申请"
	}
	q.render("correction_form", v)
	return nil
}

func correctionDetailsFrom(f form, who *foiv1.Applicant) *foiv1.CorrectionDetails {
	return &foiv1.CorrectionDetails{AgencyId: f.get("details.agencyId"), Applicant: who, Record: f.get("details.record"),
		Inaccuracy: f.get("details.inaccuracy"), Requested: f.get("details.requested"), Evidence: f.get("details.evidence")}
}

// submitCorrection sends the applicant's request; their identity is the
// one registered on the account, which the API fills in.
func (s *Site) submitCorrection(q *req) error {
	f := q.formFrom(correctionFields...)
	res, err := call(q, func(ctx context.Context) (*foiv1.SubmitCorrectionResponse, error) {
		return s.corrections.SubmitCorrection(ctx, &foiv1.SubmitCorrectionRequest{RequestId: f.get("requestId"),
			Details: correctionDetailsFrom(f, &foiv1.Applicant{})})
	})
	return s.afterCorrectionForm(q, f, res.GetCorrection(), err, "/my/corrections/")
}

func (s *Site) registerCorrection(q *req) error {
	f := q.formFrom(correctionFields...)
	res, err := call(q, func(ctx context.Context) (*foiv1.RegisterCorrectionResponse, error) {
		return s.corrections.RegisterCorrection(ctx, &foiv1.RegisterCorrectionRequest{RequestId: f.get("requestId"),
			Details:    correctionDetailsFrom(f, applicantFrom(f, "details.applicant.")),
			Channel:    foiv1.CorrectionChannel(foiv1.CorrectionChannel_value[f.get("channel")]),
			ReceivedOn: f.get("receivedOn")})
	})
	return s.afterCorrectionForm(q, f, res.GetCorrection(), err, "/corrections/")
}

func (s *Site) afterCorrectionForm(q *req, f form, c *foiv1.Correction, err error, home string) error {
	if p := formProblems(err); p != nil {
		f.Errors = p
		q.w.WriteHeader(http.StatusBadRequest)
		return s.renderCorrectionForm(q, f)
	}
	if err != nil {
		return err
	}
	q.redirectWith(home+c.GetId(), "更正申请已受理，编号 "+c.GetTrackingNumber()+"；受理告知书见下方文书")
	return nil
}

// correctionRow is one request in a list.
type correctionRow struct {
	Href, TrackingNumber, Record, Agency, Applicant, State, StateClass, ReceivedOn, DueOn, Assignee string
}

// correctionListView is the worklist or the applicant's own list.
type correctionListView struct {
	base
	Heading   string
	Applicant bool
	Clerk     bool
	Tabs      []link
	Rows      []correctionRow
	Next      string
	// Agencies are the member of staff's agencies to filter by, when more
	// than one; List and Agency are the filter in force.
	Agencies []optionView
	List     string
	Agency   string
}

// correctionTabs are the staff worklist's filters, each one query.
var correctionTabs = []struct {
	key, name string
	state     foiv1.CorrectionState
	open      bool
}{
	{"open", "待办", 0, true},
	{"received", "待分办", foiv1.CorrectionState_CORRECTION_STATE_RECEIVED, false},
	{"signoff", "待签发", foiv1.CorrectionState_CORRECTION_STATE_SIGN_OFF, false},
	{"all", "全部", 0, false},
}

func (s *Site) correctionList(href string) func(q *req) error {
	return func(q *req) error {
		r := &foiv1.ListCorrectionsRequest{PageSize: worklistPage, PageToken: q.r.URL.Query().Get("page")}
		v := &correctionListView{Heading: "更正申请", Applicant: q.role() == rApplicant, Clerk: q.role() == rClerk}
		key, agency := q.r.URL.Query().Get("list"), q.r.URL.Query().Get("agency")
		names := s.agencyNames(q)
		if !v.Applicant {
			if key == "" {
				key = "open"
			}
			for _, t := range correctionTabs {
				v.Tabs = append(v.Tabs, link{Href: "/corrections?list=" + t.key + "&agency=" + url.QueryEscape(agency), Text: t.name, Current: t.key == key})
				if t.key == key {
					r.State, r.Open = t.state, t.open
				}
			}
			if ids := q.me.GetAgencyIds(); len(ids) > 1 {
				for _, id := range ids {
					v.Agencies = append(v.Agencies, optionView{Value: id, Label: names[id], Checked: id == agency})
				}
			}
			r.AgencyId, v.List, v.Agency = agency, key, agency
		}
		res, err := call(q, func(ctx context.Context) (*foiv1.ListCorrectionsResponse, error) {
			return s.corrections.ListCorrections(ctx, r)
		})
		if err != nil {
			return err
		}
		for _, c := range res.GetCorrections() {
			v.Rows = append(v.Rows, correctionRow{Href: href + c.GetId(), TrackingNumber: c.GetTrackingNumber(), Record: c.GetDetails().GetRecord(),
				Agency: names[c.GetDetails().GetAgencyId()], Applicant: c.GetDetails().GetApplicant().GetName(),
				State: correctionStates[c.GetState()], StateClass: correctionStateClass(c.GetState()),
				ReceivedOn: dateCN(c.GetReceivedOn()), DueOn: dateCN(c.GetDueOn()), Assignee: c.GetAssigneeName()})
		}
		if t := res.GetNextPageToken(); t != "" {
			v.Next = q.r.URL.Path + "?list=" + key + "&agency=" + url.QueryEscape(agency) + "&page=" + url.QueryEscape(t)
		}
		v.Title = v.Heading
		q.render("corrections", v)
		return nil
	}
}

// correctionView is one request's page.
type correctionView struct {
	base
	Back           string
	ID             string
	Version        int64
	TrackingNumber string
	Agency         string
	State          string
	StateClass     string
	ReceivedOn     string
	DueOn          string
	Details        []detailRow
	Decision       []detailRow
	Letters        []noticeView
	Timeline       []eventView
	Intact         bool
	Actions        []correctionAction
	Open           string // the action whose form failed
	Form           form
	Officers       []option
	Outcomes       []option
	Modes          []option
}

// FormFor is the form of action event: the refused one with its values
// and messages, or an empty one.
func (v *correctionView) FormFor(event string) form {
	if event == v.Open {
		return v.Form
	}
	return newForm().prefixed(event + "-")
}

func (s *Site) correctionPage(q *req) error {
	return s.renderCorrection(q, q.r.PathValue("id"), "", form{})
}

func (s *Site) renderCorrection(q *req, id, failed string, f form) error {
	res, err := call(q, func(ctx context.Context) (*foiv1.GetCorrectionResponse, error) {
		return s.corrections.GetCorrection(ctx, &foiv1.GetCorrectionRequest{Id: id})
	})
	if err != nil {
		return err
	}
	c := res.GetCorrection()
	d := c.GetDetails()
	v := &correctionView{Back: "/corrections", ID: c.GetId(), Version: c.GetVersion(), TrackingNumber: c.GetTrackingNumber(),
		Agency: s.agencyName(q, d.GetAgencyId()), State: correctionStates[c.GetState()], StateClass: correctionStateClass(c.GetState()),
		ReceivedOn: dateCN(c.GetReceivedOn()), DueOn: dateCN(c.GetDueOn()), Intact: res.GetHistoryIntact(),
		Form: newForm(), Outcomes: correctionOutcomes, Modes: transferModes}
	if q.role() == rApplicant {
		v.Back = "/my/corrections"
	}
	v.Details = []detailRow{{"申请人", d.GetApplicant().GetName()}, {"所涉政府信息记录", d.GetRecord()}, {"不准确之处", d.GetInaccuracy()},
		{"要求更正为", d.GetRequested()}, {"证据", d.GetEvidence()}}
	if a := c.GetAssigneeName(); a != "" {
		v.Details = append(v.Details, detailRow{"承办人", a})
	}
	if dec := c.GetDecision(); dec != nil {
		v.Decision = []detailRow{{"处理结果", labelOf(correctionOutcomes, dec.GetOutcome().String())}}
		for _, r := range []detailRow{{"更正后的内容", dec.GetCorrected()}, {"方式", labelOf(transferModes, dec.GetTransferMode().String())},
			{"有权更正的机关", dec.GetTransferAgency()}, {"理由", dec.GetReason()}, {"承办人", c.GetDecidedBy()},
			{"签发人", c.GetSignedBy()}, {"签发时间", timeCN(c.GetSignTime())}} {
			if r.Value != "" {
				v.Decision = append(v.Decision, r)
			}
		}
	}
	for _, l := range res.GetLetters() {
		v.Letters = append(v.Letters, noticeView{Title: l.GetTitle(), Number: l.GetNumber(), Issued: timeCN(l.GetIssueTime()),
			Href: "/corrections/" + c.GetId() + "/letters/" + l.GetId()})
	}
	for _, e := range res.GetHistory() {
		ev := eventView{Label: e.GetEventLabel(), Time: timeCN(e.GetTime()), Actor: e.GetActorName(), Reason: e.GetReason()}
		if e.GetFromState() != e.GetToState() {
			ev.ToState = correctionStates[e.GetToState()]
		}
		v.Timeline = append(v.Timeline, ev)
	}
	for _, e := range c.GetAllowedEvents() {
		a := correctionActionLabels[e]
		if a.Event == "assign" && q.role() == rHead {
			a.Label = assignLabel
			v.Officers = q.officers(d.GetAgencyId())
		}
		v.Actions = append(v.Actions, a)
	}
	if failed != "" {
		v.Open, v.Form = failed, f.prefixed(failed+"-")
	}
	v.Title = "更正申请 " + c.GetTrackingNumber()
	q.render("correction", v)
	return nil
}

// correctionActionFields are the inputs of each action's form.
var correctionActionFields = map[string][]string{
	"assign":   {"assigneeId"},
	"decide":   {"decision.outcome", "decision.corrected", "decision.transferMode", "decision.transferAgency", "decision.reason"},
	"return":   {"reason"},
	"sign":     nil,
	"withdraw": {"reason"},
}

// actOnCorrection posts one action form with the version the page was
// read at: on success back to the page, on a stale version back to the
// fresh page with the message, on a refusal the same page with the form's
// errors.
func (s *Site) actOnCorrection(q *req) error {
	id, event := q.r.PathValue("id"), q.r.PathValue("event")
	fields, ok := correctionActionFields[event]
	if !ok {
		return status.Error(codes.NotFound, "没有这项操作")
	}
	home := "/corrections/"
	if q.role() == rApplicant {
		home = "/my/corrections/"
	}
	version, _ := strconv.ParseInt(q.r.PostFormValue("version"), 10, 64)
	f := q.formFrom(fields...)
	req := &foiv1.TransitionCorrectionRequest{Id: id, Version: version,
		Event:      foiv1.CorrectionEvent(foiv1.CorrectionEvent_value["CORRECTION_EVENT_"+strings.ToUpper(event)]),
		AssigneeId: f.get("assigneeId"), Reason: f.get("reason")}
	if event == "decide" {
		req.Decision = &foiv1.CorrectionDecision{
			Outcome:        foiv1.CorrectionOutcome(foiv1.CorrectionOutcome_value[f.get("decision.outcome")]),
			Corrected:      f.get("decision.corrected"),
			TransferMode:   foiv1.TransferMode(foiv1.TransferMode_value[f.get("decision.transferMode")]),
			TransferAgency: f.get("decision.transferAgency"),
			Reason:         f.get("decision.reason"),
		}
	}
	_, err := call(q, func(ctx context.Context) (*foiv1.TransitionCorrectionResponse, error) {
		return s.corrections.TransitionCorrection(ctx, req)
	})
	switch {
	case err == nil:
		label := correctionActionLabels[req.GetEvent()].Label
		if event == "assign" && f.get("assigneeId") != "" {
			label = assignLabel
		}
		q.redirectWith(home+id, "已办理："+label)
		return nil
	case status.Code(err) == codes.Aborted:
		q.redirectWith(home+id, staleMessage)
		return nil
	}
	p := formProblems(err)
	if p == nil {
		return err
	}
	f.Errors = p
	q.w.WriteHeader(http.StatusBadRequest)
	return s.renderCorrection(q, id, event, f)
}

// correctionLetter shows a letter as the printable document it is.
func (s *Site) correctionLetter(q *req) error {
	res, err := call(q, func(ctx context.Context) (*foiv1.GetCorrectionLetterResponse, error) {
		return s.corrections.GetCorrectionLetter(ctx, &foiv1.GetCorrectionLetterRequest{Id: q.r.PathValue("id"), Letter: q.r.PathValue("letter")})
	})
	if err != nil {
		return err
	}
	h := q.w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	// The letter is the stored document, with its own inline styles and
	// no script at all.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
	q.w.Write([]byte(res.GetLetter().GetHtml()))
	return nil
}
