package web

import (
	"context"
	"fmt"
	"strconv"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	foiv1 "foi/gen/foi/v1"
)

// maxConsultees is the most consultees one round asks (the API's limit).
const maxConsultees = 20

// consulteeParts are the inputs of one consultee's row, by their API
// names under consultees[i].
var consulteeParts = []string{"kind", "name", "contact", "question", "deliveredOn"}

// consultationInputs are the start_consultation form's inputs: the day the
// letters go out, the number of rows shown, and each row's fields.
var consultationInputs = func() []string {
	out := []string{"sentOn", "rows"}
	for i := range maxConsultees {
		for _, p := range consulteeParts {
			out = append(out, consulteeField(i, p))
		}
	}
	return out
}()

func consulteeField(i int, part string) string { return fmt.Sprintf("consultees[%d].%s", i, part) }

var consulteeKinds = []option{
	{"CONSULTEE_KIND_THIRD_PARTY", "第三方（可能损害其合法权益，第三十二条）"},
	{"CONSULTEE_KIND_AGENCY", "其他行政机关（第三十四条）"},
}

var consulteeKindNames = map[foiv1.ConsulteeKind]string{
	foiv1.ConsulteeKind_CONSULTEE_KIND_THIRD_PARTY: "第三方", foiv1.ConsulteeKind_CONSULTEE_KIND_AGENCY: "其他行政机关",
}

var opinionKinds = []option{
	{"OPINION_KIND_CONSENT", "同意公开"},
	{"OPINION_KIND_OBJECTION", "不同意公开"},
	{"OPINION_KIND_NO_OPINION", "未明确表示意见"},
}

// filledRows is how many consultee rows the form holds up to its last
// filled one: rows left empty in between are sent too, so the API's
// messages name the row the person sees.
func filledRows(f form) int {
	n := 0
	for i := range maxConsultees {
		for _, p := range consulteeParts {
			if f.get(consulteeField(i, p)) != "" {
				n = i + 1
			}
		}
	}
	return n
}

// consultRows is how many rows the form shows: as many as were asked
// for or filled, at least two, at most the API's limit.
func consultRows(f form) int {
	n, _ := strconv.Atoi(f.get("rows"))
	return min(max(n, filledRows(f), 2), maxConsultees)
}

func postStartConsultation(s *Site, q *req, id string, v int64, f form) error {
	req := &foiv1.StartConsultationRequest{Id: id, Version: v, SentOn: f.get("sentOn")}
	for i := range filledRows(f) {
		req.Consultees = append(req.Consultees, &foiv1.Consultee{
			Kind: foiv1.ConsulteeKind(foiv1.ConsulteeKind_value[f.get(consulteeField(i, "kind"))]),
			Name: f.get(consulteeField(i, "name")), Contact: f.get(consulteeField(i, "contact")),
			Question: f.get(consulteeField(i, "question")), DeliveredOn: f.get(consulteeField(i, "deliveredOn")),
		})
	}
	_, err := call(q, func(ctx context.Context) (*foiv1.StartConsultationResponse, error) {
		return s.workflow.StartConsultation(ctx, req)
	})
	return err
}

func postRecordOpinion(s *Site, q *req, id string, v int64, f form) error {
	_, err := call(q, func(ctx context.Context) (*foiv1.RecordOpinionResponse, error) {
		return s.workflow.RecordOpinion(ctx, &foiv1.RecordOpinionRequest{Id: id, Version: v, ConsultationId: f.get("consultationId"),
			Opinion: foiv1.OpinionKind(foiv1.OpinionKind_value[f.get("opinion")]), Text: f.get("text"), ReceivedOn: f.get("receivedOn")})
	})
	return err
}

// consultView is one consultee's request as the case page lists it.
type consultView struct {
	Round                            int32
	Kind, Name, Contact, Question    string
	SentOn, DeliveredOn, DueOn       string
	State, StateClass, Opinion, Text string
}

// consultations reads a case's consultations; for someone who may not
// read them there are none to show.
func (s *Site) consultations(q *req, id string) ([]*foiv1.Consultation, error) {
	res, err := call(q, func(ctx context.Context) (*foiv1.ListConsultationsResponse, error) {
		return s.workflow.ListConsultations(ctx, &foiv1.ListConsultationsRequest{Id: id})
	})
	if status.Code(err) == codes.PermissionDenied {
		return nil, nil
	}
	return res.GetConsultations(), err
}

func consultViews(list []*foiv1.Consultation) []consultView {
	out := make([]consultView, 0, len(list))
	for _, c := range list {
		k := c.GetConsultee()
		v := consultView{Round: c.GetRound(), Kind: consulteeKindNames[k.GetKind()], Name: k.GetName(), Contact: k.GetContact(),
			Question: k.GetQuestion(), SentOn: dateCN(c.GetSentOn()), DeliveredOn: dateCN(k.GetDeliveredOn()), DueOn: dateCN(c.GetDueOn()),
			State: "等待答复", StateClass: "consultation", Text: c.GetOpinionText()}
		switch {
		case c.GetAnsweredOn() != "":
			v.State, v.StateClass = dateCN(c.GetAnsweredOn())+"答复", "processing"
			v.Opinion = labelOf(opinionKinds, c.GetOpinion().String())
		case c.GetLapsedOn() != "":
			v.State, v.StateClass = "逾期未答复（"+dateCN(c.GetLapsedOn())+"期满）", "awaiting_fee"
		}
		out = append(out, v)
	}
	return out
}

// pendingConsultees are the consultations still waiting for an answer,
// as the record_opinion form offers them.
func pendingConsultees(list []*foiv1.Consultation) []option {
	var out []option
	for _, c := range list {
		if c.GetAnsweredOn() == "" && c.GetLapsedOn() == "" {
			out = append(out, option{c.GetId(), fmt.Sprintf("%s（第 %d 轮，%s前答复）", c.GetConsultee().GetName(), c.GetRound(), dateCN(c.GetDueOn()))})
		}
	}
	return out
}
