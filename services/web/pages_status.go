package web

import (
	"net/http"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	foiv1 "foi/gen/foi/v1"
)

// throttledMessage is what a person sees when the API refuses a status
// lookup for now (429, ResourceExhausted): too many wrong codes for the
// number, or from this address.
const throttledMessage = "查询次数过多，请稍后再试。为防止他人猜测查询码，连续输错后会暂时停止查询。"

// statusView is the public status lookup: the form, and the case's
// progress once found. The result carries nothing personal, as the API
// returns nothing personal.
type statusView struct {
	base
	Form   form
	Result *statusResult
}

type statusResult struct {
	TrackingNumber, Agency, State, StateClass string
	ReceivedOn, DueOn, RepliedOn, ClosedOn    string
	Provisional                               bool
}

// statusForm shows the lookup form. The query code is posted, never put
// in the address, so that it stays out of browser history and logs.
func (s *Site) statusForm(q *req) error {
	f := newForm()
	f.Values["trackingNumber"] = q.r.URL.Query().Get("trackingNumber")
	return s.renderStatus(q, &statusView{Form: f})
}

func (s *Site) renderStatus(q *req, v *statusView) error {
	v.Title = "查询办理进度"
	q.render("status", v)
	return nil
}

// lookupStatus asks the API for the case named by the receipt.
func (s *Site) lookupStatus(q *req) error {
	f := q.formFrom("trackingNumber", "queryCode")
	res, err := s.apps.LookupApplicationStatus(q.ctx(), &foiv1.LookupApplicationStatusRequest{
		TrackingNumber: f.get("trackingNumber"), QueryCode: f.get("queryCode"),
	})
	if err != nil {
		st, _ := status.FromError(err)
		switch st.Code() {
		case codes.NotFound:
			f.Errors.add("", st.Message())
			q.w.WriteHeader(http.StatusNotFound)
		case codes.ResourceExhausted:
			f.Errors.add("", throttledMessage)
			q.w.WriteHeader(http.StatusTooManyRequests)
		default:
			p := formProblems(err)
			if p == nil {
				return err
			}
			f.Errors = p
			q.w.WriteHeader(http.StatusBadRequest)
		}
		return s.renderStatus(q, &statusView{Form: f})
	}
	r := &statusResult{
		TrackingNumber: res.GetTrackingNumber(), Agency: res.GetAgencyName(),
		State: stateLabel(res.GetState()), StateClass: stateClass(res.GetState()),
		ReceivedOn: dateCN(res.GetReceivedOn()), DueOn: dateCN(res.GetDueOn()), Provisional: res.GetDueProvisional(),
		RepliedOn: dateCN(res.GetRepliedOn()), ClosedOn: dateCN(res.GetClosedOn()),
	}
	f.Values["queryCode"] = "" // not echoed back into the page
	return s.renderStatus(q, &statusView{Form: f, Result: r})
}
