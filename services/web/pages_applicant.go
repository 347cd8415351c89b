package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	foiv1 "foi/gen/foi/v1"
)

func (s *Site) applicantRoutes() {
	s.mux.HandleFunc("GET /apply", s.page(signedIn, s.applyStart))
	s.mux.HandleFunc("POST /apply", s.page(signedIn, s.applyPost))
	s.mux.HandleFunc("GET /apply/done/{id}", s.page(signedIn, s.applyDone))
	s.mux.HandleFunc("GET /my", s.page(signedIn, s.myApplications))
	s.mux.HandleFunc("GET /my/{id}", s.page(signedIn, s.myApplication))
	s.mux.HandleFunc("POST /my/{id}/act/{event}", s.page(signedIn, s.act("/my/", s.renderMine)))
	s.mux.HandleFunc("POST /my/{id}/documents", s.streamedPage(s.uploadDocument("/my/", s.renderMine)))
	s.mux.HandleFunc("POST /my/{id}/documents/{doc}/remove", s.page(signedIn, s.removeDocument("/my/", s.renderMine)))
	s.mux.HandleFunc("GET /applications/{id}/notices/{notice}", s.page(signedIn, s.notice))
	s.mux.HandleFunc("GET /applications/{id}/documents/{doc}", s.page(signedIn, s.download))
}

// listRow is one application in a list.
type listRow struct {
	ID, Href, TrackingNumber, Title, Agency, State, StateClass string
	ReceivedOn, DueOn, DueClass, Age, Applicant                string
}

// listView is a list of applications with paging.
type listView struct {
	base
	Heading string
	Intro   string
	Rows    []listRow
	Tabs    []link
	Next    string // the next page's link
	Empty   string
}

func (s *Site) myApplications(q *req) error {
	res, err := call(q, func(ctx context.Context) (*foiv1.ListApplicationsResponse, error) {
		return s.apps.ListApplications(ctx, &foiv1.ListApplicationsRequest{PageSize: 50, PageToken: q.r.URL.Query().Get("page")})
	})
	if err != nil {
		return err
	}
	v := &listView{Heading: "我的申请", Empty: "您还没有提交过申请。"}
	v.Title = v.Heading
	v.Rows = s.rows(q, res.GetApplications(), "/my/", nil)
	if t := res.GetNextPageToken(); t != "" {
		v.Next = "/my?page=" + t
	}
	q.render("mine", v)
	return nil
}

// rows turns applications into list rows; marks colours due dates by the
// API's overdue and near-due lists.
func (s *Site) rows(q *req, apps []*foiv1.Application, href string, marks map[string]string) []listRow {
	names := s.agencyNames(q)
	out := make([]listRow, 0, len(apps))
	for _, a := range apps {
		r := listRow{ID: a.GetId(), Href: href + a.GetId(), TrackingNumber: a.GetTrackingNumber(), Title: caseTitle(a),
			Agency: names[a.GetDetails().GetAgencyId()], State: stateLabel(a.GetState()), StateClass: stateClass(a.GetState()),
			ReceivedOn: dateCN(a.GetReceivedOn()), DueOn: dateMarked(a.GetDueOn(), a.GetDueProvisional()), DueClass: "ok", Applicant: a.GetDetails().GetApplicant().GetName()}
		if m, ok := marks[a.GetId()]; ok {
			r.DueClass = m
		}
		if r.TrackingNumber == "" {
			r.TrackingNumber = "待确认"
		}
		out = append(out, r)
	}
	return out
}

// mineView is one of the applicant's own applications.
type mineView struct {
	base
	ID       string
	Version  int64
	Header   headerView
	Details  []detailRow
	Deadline deadlineView
	Timeline []eventView
	Notices  []noticeView
	Acts     actionsView
	Reply    string // the reply letter, once issued
	Fees     []feeView
	// Documents are those of the case the API lets the applicant see.
	Documents []docView
	// Upload adds supplement material while the intake allows it.
	Upload *uploadView
}

// actionsView is the block of action forms on a case page.
type actionsView struct {
	Base    string // "/cases/" or "/my/"
	ID      string
	Version int64
	CSRF    string
	List    []action
	Open    string // the action whose form failed
	Form    form
	Items   []string // what the clarification notice asks
	// Notice is the clarification notice, for who cannot read its items
	// from the history (applicants: the API keeps that event's data from
	// them, though the notice itself lists every item).
	Notice            string
	Outcomes, Methods []option
	// Officers are the agency's officers a head may assign the case to.
	Officers []option
	// Agencies are the district's other agencies a clerk may forward a
	// misdirected submission to.
	Agencies []option
	// ConsultRows numbers the consultee rows of the consultation form;
	// Pending are the consultations still waiting for an answer.
	ConsultRows                 []int
	ConsulteeKinds, Opinions    []option
	Pending                     []option
	FeeModes                    []option
	Quote                       *quoteView
	Pieces                      int32 // pieces the case counts as now
	RemedyKinds, RemedyOutcomes []option
	PendingRemedies, Corrective []option
	// Overdue: a challenge now is one to the failure to reply.
	Overdue bool
	// DelayLimit explains the Art. 35 bounds: after the statutory due
	// date, at most the agency's days after it.
	DelayLimit string
}

// assignLabel names the assign action when a head gives the case to a
// named officer.
const assignLabel = "分配承办人"

func (q *req) actionsOf(base string, c *caseData, failed *failedAction) actionsView {
	a := c.app
	v := actionsView{Base: base, ID: a.GetId(), Version: a.GetVersion(), CSRF: q.csrfToken(),
		List: offered(a.GetState(), q.role(), c.events), Form: newForm(), Outcomes: replyOutcomes[:2], Methods: serviceMethods}
	if a.GetState() == stClarification {
		v.Items = clarificationItems(c.events)
		for _, n := range c.notices {
			if n.GetKind() == "CLARIFICATION" {
				v.Notice = "/applications/" + a.GetId() + "/notices/" + n.GetId()
			}
		}
	}
	if failed != nil {
		v.Open, v.Form, v.Quote = failed.Event, failed.Form.prefixed(failed.Event+"-"), failed.Quote
		if failed.Version != 0 {
			v.Version = failed.Version
		}
	}
	v.List = slices.DeleteFunc(v.List, func(act action) bool {
		// Before the reply a challenge lies only against the failure to
		// reply, once the due date has passed.
		return act.Event == "record_remedy" && a.GetState() != stReplied && a.GetState() != stClosed && !c.deadline.GetOverdue()
	})
	v.caseForms(c)
	if slices.ContainsFunc(v.List, func(act action) bool { return act.Event == "forward" }) {
		v.Agencies = q.otherAgencies(a.GetDetails().GetAgencyId())
	}
	if q.role() == rHead {
		for i, act := range v.List {
			if act.Event == "assign" {
				v.List = slices.Clone(v.List)
				v.List[i].Label = assignLabel
				v.Officers = q.officers(a.GetDetails().GetAgencyId())
			}
		}
	}
	return v
}

// officers lists the agency's officers in service, as the API gives them.
func (q *req) officers(agencyID string) []option {
	res, err := call(q, func(ctx context.Context) (*foiv1.ListAgencyStaffResponse, error) {
		return q.s.accounts.ListAgencyStaff(ctx, &foiv1.ListAgencyStaffRequest{AgencyId: agencyID, Role: rOfficer})
	})
	if err != nil {
		return nil
	}
	var out []option
	for _, acc := range res.GetAccounts() {
		out = append(out, option{acc.GetId(), acc.GetDisplayName()})
	}
	return out
}

// otherAgencies lists the district's agencies but own, as the API's
// public list gives them.
func (q *req) otherAgencies(own string) []option {
	res, err := call(q, func(ctx context.Context) (*foiv1.ListAgenciesResponse, error) {
		return q.s.agencies.ListAgencies(ctx, &foiv1.ListAgenciesRequest{PageSize: 500})
	})
	if err != nil {
		return nil
	}
	var out []option
	for _, ag := range res.GetAgencies() {
		if ag.GetId() != own {
			out = append(out, option{ag.GetId(), ag.GetName()})
		}
	}
	return out
}

// FormFor is the form of action event: the refused one with its values
// and messages, or an empty one.
func (v actionsView) FormFor(event string) form {
	if event == v.Open {
		return v.Form
	}
	return newForm().prefixed(event + "-")
}

func (s *Site) myApplication(q *req) error {
	c, err := s.loadCase(q, q.r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.renderMine(q, c, nil)
}

func (s *Site) renderMine(q *req, c *caseData, failed *failedAction) error {
	a := c.app
	docFailed, failed := documentFailure(failed)
	v := &mineView{ID: a.GetId(), Version: a.GetVersion(), Header: headerOf(c), Details: detailsOf(a, c.agency),
		Deadline: deadlineOf(c.deadline), Timeline: timelineOf(c.events), Notices: noticesOf(a.GetId(), c.notices),
		Acts: q.actionsOf("/my/", c, failed), Fees: s.feesOf(q, a.GetId())}
	v.Documents, v.Upload = s.documentsBlock(q, "/my/", c, docFailed)
	for _, n := range c.notices {
		if n.GetKind() == "REPLY_LETTER" {
			v.Reply = "/applications/" + a.GetId() + "/notices/" + n.GetId()
		}
	}
	v.Title = "申请详情"
	q.render("mine_case", v)
	return nil
}

// failedAction is an action form the API refused, to show again with its
// values and the API's messages; or a form redrawn at the person's
// asking (a fee quote, another consultee row) with the version they read.
type failedAction struct {
	Event   string
	Form    form
	Quote   *quoteView
	Version int64
	// Doc is the document a refused removal named.
	Doc string
}

// act posts one action form of a case page to its RPC with the version
// the page was read at: on success back to the page, on a stale version
// back to the fresh page with the message, on a refusal the same page
// with the form's errors.
func (s *Site) act(home string, render func(q *req, c *caseData, failed *failedAction) error) func(q *req) error {
	return func(q *req) error {
		id := q.r.PathValue("id")
		a, ok := actionFor(q.r.PathValue("event"))
		if !ok {
			return status.Error(codes.NotFound, "没有这项操作")
		}
		version, _ := strconv.ParseInt(q.r.PostFormValue("version"), 10, 64)
		f := q.formFrom(a.fields...)
		err := a.post(s, q, id, version, f)
		switch {
		case err == nil:
			label := a.Label
			if a.Event == "assign" && f.get("assigneeId") != "" {
				label = assignLabel
			}
			if a.after != "" {
				q.redirectWith(a.after, "已办理："+label+"（本申请已移交，不再由本机关办理）")
				return nil
			}
			if q.done != "" {
				q.redirectWith(home+id, q.done)
				return nil
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
		c, err := s.loadCase(q, id)
		if err != nil {
			return err
		}
		q.w.WriteHeader(http.StatusBadRequest)
		return render(q, c, &failedAction{Event: a.Event, Form: f})
	}
}

// notice shows an issued notice as the printable document it is, as the
// API's HTML route does.
func (s *Site) notice(q *req) error {
	res, err := call(q, func(ctx context.Context) (*foiv1.GetNoticeResponse, error) {
		return s.history.GetNotice(ctx, &foiv1.GetNoticeRequest{Id: q.r.PathValue("id"), Notice: q.r.PathValue("notice")})
	})
	if err != nil {
		return err
	}
	h := q.w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	// The notice is the stored document, with its own inline styles and
	// no script at all.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
	q.w.Write([]byte(res.GetNotice().GetHtml()))
	return nil
}
