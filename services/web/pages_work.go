package web

import (
	"context"
	"fmt"
	"net/url"
	"slices"

	foiv1 "foi/gen/foi/v1"
)

// worklists are the lists an officer works from, each one query of the
// API, paged by it.
type worklistDef struct {
	Key, Name string
	req       *foiv1.ListApplicationsRequest
}

var worklists = []worklistDef{
	{"mine", "我承办的", &foiv1.ListApplicationsRequest{Assignee: "me", States: openStates}},
	{"unassigned", "待领办", &foiv1.ListApplicationsRequest{State: stAccepted}},
	{"near", "即将到期", &foiv1.ListApplicationsRequest{DueWithinDays: 3}},
	{"overdue", "已逾期", &foiv1.ListApplicationsRequest{Overdue: true}},
	{"all", "全部案件", &foiv1.ListApplicationsRequest{}},
}

const worklistPage = 25

// openStates are the states in which a case is still someone's work:
// received and not yet closed or withdrawn.
var openStates = []foiv1.ApplicationState{stAccepted, foiv1.ApplicationState_APPLICATION_STATE_CLARIFICATION, stProcessing,
	stConsultation, foiv1.ApplicationState_APPLICATION_STATE_AWAITING_FEE, stLegalReview, stSignOff, foiv1.ApplicationState_APPLICATION_STATE_REPLIED}

// worklist shows one list of cases, due dates coloured, a page at a time.
func (s *Site) worklist(def string) func(q *req) error {
	return func(q *req) error {
		key := q.r.URL.Query().Get("list")
		if !slices.ContainsFunc(worklists, func(w worklistDef) bool { return w.Key == key }) {
			key = def
		}
		v := &listView{Heading: "工作清单", Empty: "清单中没有案件。"}
		var r *foiv1.ListApplicationsRequest
		for _, w := range worklists {
			v.Tabs = append(v.Tabs, link{Href: q.r.URL.Path + "?list=" + w.Key, Text: w.Name, Current: w.Key == key})
			if w.Key == key {
				r = &foiv1.ListApplicationsRequest{State: w.req.State, States: w.req.States, Assignee: w.req.Assignee,
					DueWithinDays: w.req.DueWithinDays, Overdue: w.req.Overdue}
				v.Heading = w.Name
			}
		}
		r.PageSize, r.PageToken = worklistPage, q.r.URL.Query().Get("page")
		res, err := call(q, func(ctx context.Context) (*foiv1.ListApplicationsResponse, error) {
			return s.apps.ListApplications(ctx, r)
		})
		if err != nil {
			return err
		}
		v.Rows = s.rows(q, res.GetApplications(), "/cases/", s.dueMarks(q, res.GetApplications()))
		if t := res.GetNextPageToken(); t != "" {
			v.Next = q.r.URL.Path + "?list=" + key + "&page=" + url.QueryEscape(t)
		}
		v.Title = v.Heading
		q.render("worklist", v)
		return nil
	}
}

// clockStates are the states whose statutory clock runs or is paused:
// openStates but a replied case, whose clock has stopped (a test holds
// them equal to the workflow's open states).
var clockStates = slices.DeleteFunc(slices.Clone(openStates), func(st foiv1.ApplicationState) bool {
	return st == foiv1.ApplicationState_APPLICATION_STATE_REPLIED
})

// dueMarks colours the due dates of apps. A case is overdue as the API's
// overdue list has it: its clock runs (clockStates) and it was due before
// today, by the server's clock. Near-due counts
// working days with the agency's calendar, so it comes from the API's
// near-due list, asked only about the due dates from today to the page's
// last (a worklist's page spans days; the lists of a large agency run to
// thousands of cases).
func (s *Site) dueMarks(q *req, apps []*foiv1.Application) map[string]string {
	marks := map[string]string{}
	today := s.now().In(china).Format("2006-01-02")
	from, to := "", ""
	for _, a := range apps {
		d := a.GetDueOn()
		switch {
		case d == "" || !slices.Contains(clockStates, a.GetState()):
		case d < today:
			marks[a.GetId()] = "overdue"
		default:
			if from == "" || d < from {
				from = d
			}
			to = max(to, d)
		}
	}
	if from == "" {
		return marks
	}
	res, err := call(q, func(ctx context.Context) (*foiv1.ListApplicationsResponse, error) {
		return s.apps.ListApplications(ctx, &foiv1.ListApplicationsRequest{DueWithinDays: 3, DueFrom: from, DueTo: to, PageSize: 500})
	})
	if err != nil {
		return marks
	}
	for _, a := range res.GetApplications() {
		marks[a.GetId()] = "near"
	}
	return marks
}

// reviewQueue is the legal adviser's queue: drafts in legal review across
// their agencies, oldest due first.
func (s *Site) reviewQueue(q *req) error {
	res, err := call(q, func(ctx context.Context) (*foiv1.ListReviewsResponse, error) {
		return s.reviews.ListReviews(ctx, &foiv1.ListReviewsRequest{PageSize: worklistPage, PageToken: q.r.URL.Query().Get("page")})
	})
	if err != nil {
		return err
	}
	var apps []*foiv1.Application
	for _, r := range res.GetReviews() {
		apps = append(apps, r.GetApplication())
	}
	v := &listView{Heading: "待审核的答复稿", Empty: "目前没有待审核的答复稿。"}
	v.Rows = s.rows(q, apps, "/cases/", s.dueMarks(q, apps))
	for i, r := range res.GetReviews() {
		v.Rows[i].Age = fmt.Sprintf("第 %d 版 · ", r.GetDraft().GetVersion()) + outcomeLabel(r.GetDraft().GetContent().GetOutcome())
	}
	if t := res.GetNextPageToken(); t != "" {
		v.Next = "/reviews?page=" + url.QueryEscape(t)
	}
	v.Title = v.Heading
	q.render("worklist", v)
	return nil
}

// signOffQueue is the head's queue of approved drafts waiting for a
// signature.
func (s *Site) signOffQueue(q *req) error {
	res, err := call(q, func(ctx context.Context) (*foiv1.ListApplicationsResponse, error) {
		return s.apps.ListApplications(ctx, &foiv1.ListApplicationsRequest{State: stSignOff, PageSize: worklistPage, PageToken: q.r.URL.Query().Get("page")})
	})
	if err != nil {
		return err
	}
	v := &listView{Heading: "待签发", Empty: "目前没有待签发的答复。"}
	v.Rows = s.rows(q, res.GetApplications(), "/cases/", s.dueMarks(q, res.GetApplications()))
	if t := res.GetNextPageToken(); t != "" {
		v.Next = "/signoff?page=" + url.QueryEscape(t)
	}
	v.Title = v.Heading
	q.render("worklist", v)
	return nil
}
