package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	foiv1 "foi/gen/foi/v1"
)

// findFields are the search form's inputs, named as ListApplications
// names its parameters, so the API's field violations land beside them.
var findFields = []string{"trackingNumber", "text", "applicantName", "applicantPhone", "states", "assignee",
	"channel", "outcome", "receivedFrom", "receivedTo", "dueFrom", "dueTo", "orderBy"}

var assignees = []option{{"me", "我承办的"}, {"unassigned", "尚未分配承办人"}}

var orders = []option{
	{"", "答复期限最早的在前"},
	{"LIST_ORDER_RECEIVED_NEWEST", "最近收到的在前"},
	{"LIST_ORDER_RECEIVED_OLDEST", "最早收到的在前"},
}

var stateOptions = func() []option {
	var out []option
	for s := stSubmitted; s <= foiv1.ApplicationState_APPLICATION_STATE_WITHDRAWN; s++ {
		out = append(out, option{s.String(), stateLabel(s)})
	}
	return out
}()

var allChannels = append([]option{{"INTAKE_CHANNEL_ONLINE", "网上申请"}}, channels...)

// findView is the case search: the form, and the cases it found.
type findView struct {
	listView
	Form                                          form
	Searched                                      bool
	States, Assignees, Channels, Outcomes, Orders []option
}

// trackingLike is what a tracking number looks like: SFQZF-2026-000042.
var trackingLike = regexp.MustCompile(`^[A-Za-z]+-\d{4}-\d+$`)

// find searches the cases the caller may see. The quick box on the
// worklists and the desk sends q: a tracking number, or else words of
// the information asked for.
func (s *Site) find(q *req) error {
	qs := q.r.URL.Query()
	f := newForm()
	for _, n := range findFields {
		f.Values[n] = strings.TrimSpace(qs.Get(n))
	}
	if quick := strings.TrimSpace(qs.Get("q")); quick != "" {
		if trackingLike.MatchString(quick) {
			f.Values["trackingNumber"] = strings.ToUpper(quick)
		} else {
			f.Values["text"] = quick
		}
	}
	v := &findView{Form: f, States: stateOptions, Assignees: assignees, Channels: allChannels, Outcomes: replyOutcomes, Orders: orders}
	v.Heading, v.Empty = "查找案件", "没有符合条件的案件。"
	v.Title = v.Heading
	searched := false
	for _, n := range findFields {
		if n != "orderBy" && f.Values[n] != "" {
			searched = true
		}
	}
	if !searched {
		q.render("find", v)
		return nil
	}
	v.Searched = true
	r := &foiv1.ListApplicationsRequest{
		TrackingNumber: f.get("trackingNumber"), Text: f.get("text"), ApplicantName: f.get("applicantName"),
		ApplicantPhone: f.get("applicantPhone"), Assignee: f.get("assignee"),
		Channel:      foiv1.IntakeChannel(foiv1.IntakeChannel_value[f.get("channel")]),
		Outcome:      foiv1.Outcome(foiv1.Outcome_value[f.get("outcome")]),
		ReceivedFrom: f.get("receivedFrom"), ReceivedTo: f.get("receivedTo"), DueFrom: f.get("dueFrom"), DueTo: f.get("dueTo"),
		OrderBy:  foiv1.ListOrder(foiv1.ListOrder_value[f.get("orderBy")]),
		PageSize: worklistPage, PageToken: qs.Get("page"),
	}
	if st, ok := foiv1.ApplicationState_value[f.get("states")]; ok {
		r.States = []foiv1.ApplicationState{foiv1.ApplicationState(st)}
	}
	res, err := call(q, func(ctx context.Context) (*foiv1.ListApplicationsResponse, error) {
		return s.apps.ListApplications(ctx, r)
	})
	if p := formProblems(err); p != nil {
		v.Form.Errors = p
		q.w.WriteHeader(http.StatusBadRequest)
		q.render("find", v)
		return nil
	}
	if err != nil {
		return err
	}
	v.Rows = s.rows(q, res.GetApplications(), "/cases/", s.dueMarks(q, res.GetApplications()))
	if t := res.GetNextPageToken(); t != "" {
		next := url.Values{}
		for _, n := range findFields {
			if f.Values[n] != "" {
				next.Set(n, f.Values[n])
			}
		}
		next.Set("page", t)
		v.Next = "/find?" + next.Encode()
	}
	q.render("find", v)
	return nil
}
