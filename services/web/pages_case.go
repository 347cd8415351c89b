package web

import (
	"context"
	"slices"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	foiv1 "foi/gen/foi/v1"
)

func (s *Site) staffRoutes() {
	s.mux.HandleFunc("GET /cases", s.page(signedIn, s.worklist("all")))
	s.mux.HandleFunc("GET /work", s.page(signedIn, s.worklist("mine")))
	s.mux.HandleFunc("GET /cases/{id}", s.page(signedIn, s.casePage))
	s.mux.HandleFunc("POST /cases/{id}/act/{event}", s.page(signedIn, s.act("/cases/", s.renderCase)))
	s.mux.HandleFunc("POST /cases/{id}/redraw/{event}", s.page(signedIn, s.redraw))
	s.mux.HandleFunc("POST /cases/{id}/documents", s.streamedPage(s.uploadDocument("/cases/", s.renderCase)))
	s.mux.HandleFunc("POST /cases/{id}/documents/{doc}/remove", s.page(signedIn, s.removeDocument("/cases/", s.renderCase)))
	s.mux.HandleFunc("GET /cases/{id}/draft", s.page(signedIn, s.draftForm))
	s.mux.HandleFunc("POST /cases/{id}/draft", s.page(signedIn, s.saveDraft))
	s.mux.HandleFunc("POST /cases/{id}/draft/submit", s.page(signedIn, s.submitDraft))
	s.mux.HandleFunc("GET /desk", s.page(signedIn, s.confirmQueue))
	s.mux.HandleFunc("GET /desk/register", s.page(signedIn, s.registerChannel))
	s.mux.HandleFunc("POST /desk/register", s.page(signedIn, s.registerApplication))
	s.mux.HandleFunc("GET /desk/registered/{id}", s.page(signedIn, s.registered))
	s.mux.HandleFunc("GET /reviews", s.page(signedIn, s.reviewQueue))
	s.mux.HandleFunc("GET /signoff", s.page(signedIn, s.signOffQueue))
	s.mux.HandleFunc("GET /admin/accounts", s.page(signedIn, s.adminAccounts))
	s.mux.HandleFunc("GET /admin/accounts/new", s.page(signedIn, s.newAccountForm))
	s.mux.HandleFunc("POST /admin/accounts/new", s.page(signedIn, s.createAccount))
	s.mux.HandleFunc("POST /admin/accounts/{id}", s.page(signedIn, s.updateAccount))
	s.mux.HandleFunc("POST /admin/accounts/{id}/reset", s.page(signedIn, s.resetAccountPassword))
	s.mux.HandleFunc("POST /admin/accounts/{id}/{verb}", s.page(signedIn, s.accountAction))
	s.mux.HandleFunc("GET /admin/agencies", s.page(signedIn, s.adminAgencies))
	s.mux.HandleFunc("POST /admin/agencies", s.page(signedIn, s.createAgency))
	s.mux.HandleFunc("GET /admin/agencies/{id}", s.page(signedIn, s.policyForm))
	s.mux.HandleFunc("POST /admin/agencies/{id}", s.page(signedIn, s.updatePolicy))
	s.mux.HandleFunc("GET /admin/calendars", s.page(signedIn, s.adminCalendars))
	s.mux.HandleFunc("POST /admin/calendars", s.page(signedIn, s.putCalendar))
	s.mux.HandleFunc("GET /admin/legal-bases", s.page(signedIn, s.adminBases))
	s.mux.HandleFunc("POST /admin/legal-bases", s.page(signedIn, s.createBasis))
	s.mux.HandleFunc("GET /admin/legal-bases/{code}/retire", s.page(signedIn, s.retireForm))
	s.mux.HandleFunc("POST /admin/legal-bases/{code}/retire", s.page(signedIn, s.retireBasis))
	s.mux.HandleFunc("GET /guide/{id}", s.page(public, s.guide))
	s.mux.HandleFunc("GET /reports", s.page(signedIn, s.reportPage))
	s.mux.HandleFunc("GET /reports/cases", s.page(signedIn, s.reportCases))
	s.mux.HandleFunc("GET /reports/export", s.page(signedIn, s.exportReport))
	s.mux.HandleFunc("POST /reports/publish", s.page(signedIn, s.publishReport))
	s.mux.HandleFunc("GET /analysis", s.page(signedIn, s.analysisPage))
	s.mux.HandleFunc("POST /analysis/mark", s.page(signedIn, s.markTopic))
	s.mux.HandleFunc("GET /find", s.page(signedIn, s.find))
	s.mux.HandleFunc("GET /inbox", s.page(signedIn, s.inboxList))
	s.mux.HandleFunc("POST /inbox/read", s.page(signedIn, s.markRead))
}

// caseView is the staff case page, shared by clerk, officer, adviser and
// head: the header, the details, the drafts, the history, and the actions
// the workflow offers this person in this state.
type caseView struct {
	base
	Fees     []feeView
	ID       string
	Header   headerView
	Details  []detailRow
	Deadline deadlineView
	Timeline []eventView
	Notices  []noticeView
	Acts     actionsView
	Drafts   []draftView
	Approved *draftView // the version the adviser approved, while it awaits sign-off
	Changed  bool       // the latest draft is not the approved one
	Assignee string
	// Diff is what the latest draft changed from the one before;
	// DiffFirst puts it at the top, for the adviser reviewing it.
	Diff      *diffView
	DiffFirst bool
	Consults  []consultView
	Remedies  []remedyView
	Documents []docView
	Upload    *uploadView
}

func (s *Site) casePage(q *req) error {
	c, err := s.loadCase(q, q.r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.renderCase(q, c, nil)
}

func (s *Site) renderCase(q *req, c *caseData, failed *failedAction) error {
	a := c.app
	docFailed, failed := documentFailure(failed)
	// Consultations, remedies and documents are read only when the
	// history holds their events: most cases have none, and the page
	// spares their calls.
	var err error
	if hasEvent(c.events, "start_consultation") {
		if c.consults, err = s.consultations(q, a.GetId()); err != nil {
			return err
		}
	}
	if hasEvent(c.events, "record_remedy") {
		if c.remedies, err = s.remedies(q, a.GetId()); err != nil {
			return err
		}
	}
	v := &caseView{ID: a.GetId(), Header: headerOf(c), Details: detailsOf(a, c.agency), Deadline: deadlineOf(c.deadline),
		Timeline: timelineOf(c.events), Notices: noticesOf(a.GetId(), c.notices), Acts: q.actionsOf("/cases/", c, failed), Fees: s.feesOf(q, a.GetId()),
		Consults: consultViews(c.consults), Remedies: remedyViews(c.remedies)}
	v.Documents, v.Upload = s.documentsBlock(q, "/cases/", c, docFailed)
	v.Assignee = assigneeName(c.events)
	drafts, diff, err := s.drafts(q, a.GetId())
	if err != nil {
		return err
	}
	v.Drafts, v.Diff = drafts, diff
	v.DiffFirst = a.GetState() == stLegalReview && q.role() == rAdviser
	if a.GetState() == stSignOff {
		for i := len(drafts) - 1; i >= 0; i-- {
			if drafts[i].Approved {
				v.Approved = &drafts[i]
				v.Changed = i != len(drafts)-1
				break
			}
		}
	}
	v.Title = "案件 " + a.GetTrackingNumber()
	q.render("case", v)
	return nil
}

// hasEvent reports whether the history holds event.
func hasEvent(events []*foiv1.ApplicationEvent, event string) bool {
	return slices.ContainsFunc(events, func(e *foiv1.ApplicationEvent) bool { return e.GetEvent() == event })
}

// assigneeName is the officer the latest assignment named.
func assigneeName(events []*foiv1.ApplicationEvent) string {
	name := ""
	for _, e := range events {
		if e.GetEvent() == "assign" {
			name = dataOf(e.GetPayload()).Data.Assignee
		}
	}
	return name
}

// draftView is one version of a draft reply with its reviews.
type draftView struct {
	Version   int32
	SHA256    string
	Created   string
	Outcome   string
	Withheld  []detailRow
	Rows      []detailRow
	Changed   string
	Reviews   []reviewView
	Approved  bool
	LastCheck []checkView
}

type reviewView struct {
	Kind, Actor, Time, Comments string
	Checks                      []checkView
	Overrides                   []detailRow
}

type checkView struct {
	ID, Message string
	Passed      bool
}

var reviewKinds = map[string]string{
	"SUBMITTED": "提交审核", "RETURNED": "法律顾问退回", "APPROVED": "法律审核通过",
	"SIGN_OFF_REJECTED": "负责人退回", "SIGNED": "负责人签发",
}

// drafts reads a case's drafts, and what the latest changed from the one
// before; for someone who may not read drafts (an applicant) there are
// none to show.
func (s *Site) drafts(q *req, id string) ([]draftView, *diffView, error) {
	res, err := call(q, func(ctx context.Context) (*foiv1.ListDraftsResponse, error) {
		return s.reviews.ListDrafts(ctx, &foiv1.ListDraftsRequest{Id: id})
	})
	if status.Code(err) == codes.PermissionDenied {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	ds := res.GetDrafts()
	if len(ds) == 0 {
		return nil, nil, nil
	}
	labels := s.legalLabels(q)
	out := make([]draftView, 0, len(ds))
	for _, d := range ds {
		out = append(out, draftOf(d, labels.reasons, labels.bases))
	}
	var diff *diffView
	if n := len(ds); n > 1 {
		diff = draftDiff(ds[n-2], ds[n-1], labels)
	}
	return out, diff, nil
}

// draftOf is a draft as the case page shows it: withheld reasons by their
// labels, legal bases by their citations (bases, by code; a code not on the
// list shows as it is).
func draftOf(d *foiv1.Draft, reasons, bases map[string]string) draftView {
	c := d.GetContent()
	v := draftView{Version: d.GetVersion(), SHA256: d.GetSha256(), Created: timeCN(d.GetCreateTime()),
		Outcome: outcomeLabel(c.GetOutcome()), Changed: changedNames(d.GetChangedFields())}
	for _, w := range c.GetWithheldParts() {
		v.Withheld = append(v.Withheld, detailRow{w.GetPart(), reasons[w.GetReason().String()] + "：" + w.GetExplanation()})
	}
	rows := []detailRow{
		{"理由", strings.Join(c.GetReasons(), "\n")},
		{"法律依据", citations(c.GetLegalBasis(), bases)},
		{"检索情况", c.GetFacts()},
		{"负责公开的机关", c.GetRedirectAgency()},
		{"答复形式", c.GetDeliveryForm()},
		{"救济途径", c.GetRemedies()},
		{"正文", c.GetBody()},
	}
	for _, r := range rows {
		if r.Value != "" {
			v.Rows = append(v.Rows, r)
		}
	}
	for _, r := range d.GetReviews() {
		rv := reviewView{Kind: reviewKinds[r.GetKind()], Actor: r.GetActorName(), Time: timeCN(r.GetTime()), Comments: r.GetComments()}
		for _, c := range r.GetChecks() {
			rv.Checks = append(rv.Checks, checkView{ID: c.GetId(), Message: c.GetMessage(), Passed: c.GetPassed()})
		}
		for _, o := range r.GetOverrides() {
			rv.Overrides = append(rv.Overrides, detailRow{o.GetCheck(), o.GetReason()})
		}
		if r.GetKind() == "APPROVED" {
			v.Approved = true
		}
		if r.GetKind() == "SIGN_OFF_REJECTED" || r.GetKind() == "RETURNED" {
			v.Approved = false
		}
		v.Reviews = append(v.Reviews, rv)
	}
	return v
}

// legalLabels names the withheld reasons, and the legal bases (retired
// ones too, which older drafts cite) by their citations, as the API lists
// them.
func (s *Site) legalLabels(q *req) legalLabels {
	out := legalLabels{reasons: map[string]string{}, bases: map[string]string{}}
	res, err := call(q, func(ctx context.Context) (*foiv1.ListLegalBasesResponse, error) {
		return s.reviews.ListLegalBases(ctx, &foiv1.ListLegalBasesRequest{IncludeRetired: true})
	})
	if err != nil {
		return out
	}
	for _, r := range res.GetWithheldReasons() {
		out.reasons[r.GetReason().String()] = r.GetLabel()
	}
	for _, b := range res.GetBases() {
		out.bases[b.GetCode()] = b.GetText()
	}
	return out
}

// citations joins the citations of the codes, one a line.
func citations(codes []string, bases map[string]string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		if t := bases[c]; t != "" {
			out[i] = t
		} else {
			out[i] = c
		}
	}
	return strings.Join(out, "\n")
}

// draftFieldNames are a draft's fields, by the API's names, as the draft
// editor labels them.
var draftFieldNames = map[string]string{
	"outcome": "答复结果", "withheldParts": "不予公开的内容", "reasons": "理由", "legalBasis": "法律依据", "facts": "检索情况",
	"redirectAgency": "负责公开的机关", "redirectContact": "负责公开的机关的联系方式", "redirectUnknown": "无法确定负责公开的机关",
	"deliveryForm": "答复形式", "attachments": "提供的信息", "remedies": "救济途径", "body": "正文",
}

// changedNames names the fields a version changed, in Chinese.
func changedNames(fields []string) string {
	out := make([]string, len(fields))
	for i, f := range fields {
		if out[i] = draftFieldNames[f]; out[i] == "" {
			out[i] = f
		}
	}
	return strings.Join(out, "、")
}
