package web

import (
	"context"
	"fmt"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	foiv1 "foi/gen/foi/v1"
)

// remedyInputs are the record_remedy forms' inputs: a new challenge
// (kind, filedOn, authority, caseNumber) or, with remedyId, its result.
var remedyInputs = []string{"remedyId", "kind", "filedOn", "authority", "caseNumber", "result", "decidedOn"}

var remedyKinds = []option{
	{"REMEDY_KIND_RECONSIDERATION", "行政复议"},
	{"REMEDY_KIND_LAWSUIT", "行政诉讼（直接起诉）"},
	{"REMEDY_KIND_LAWSUIT_AFTER_RECONSIDERATION", "行政诉讼（经复议后起诉）"},
}

var remedyOutcomes = []option{
	{"REMEDY_RESULT_UPHELD", "维持"},
	{"REMEDY_RESULT_CORRECTED", "纠正（撤销、变更、责令履行或确认违法）"},
	{"REMEDY_RESULT_OTHER", "其他（撤回、驳回起诉等）"},
}

var remedyResultNames = map[foiv1.RemedyResult]string{
	foiv1.RemedyResult_REMEDY_RESULT_UPHELD: "维持", foiv1.RemedyResult_REMEDY_RESULT_CORRECTED: "纠正", foiv1.RemedyResult_REMEDY_RESULT_OTHER: "其他",
}

func postRecordRemedy(s *Site, q *req, id string, v int64, f form) error {
	_, err := call(q, func(ctx context.Context) (*foiv1.RecordRemedyResponse, error) {
		return s.workflow.RecordRemedy(ctx, &foiv1.RecordRemedyRequest{Id: id, Version: v, RemedyId: f.get("remedyId"),
			Kind: foiv1.RemedyKind(foiv1.RemedyKind_value[f.get("kind")]), FiledOn: f.get("filedOn"), Authority: f.get("authority"),
			CaseNumber: f.get("caseNumber"), Result: foiv1.RemedyResult(foiv1.RemedyResult_value[f.get("result")]), DecidedOn: f.get("decidedOn")})
	})
	return err
}

func postReopen(s *Site, q *req, id string, v int64, f form) error {
	_, err := call(q, func(ctx context.Context) (*foiv1.ReopenApplicationResponse, error) {
		return s.workflow.ReopenApplication(ctx, &foiv1.ReopenApplicationRequest{Id: id, Version: v, RemedyId: f.get("remedyId"),
			OrderedOn: f.get("orderedOn"), Reason: f.get("reason")})
	})
	return err
}

// orderedAnew reports whether e recorded a remedy's result that corrects
// the reply: only then may the head reopen the case.
func orderedAnew(e *foiv1.ApplicationEvent) bool {
	return e.GetEvent() == "record_remedy" && dataOf(e.GetPayload()).Data.Result == "CORRECTED"
}

// remedies reads a case's reconsiderations and lawsuits; for someone who
// may not read them there are none to show.
func (s *Site) remedies(q *req, id string) ([]*foiv1.Remedy, error) {
	res, err := call(q, func(ctx context.Context) (*foiv1.ListRemediesResponse, error) {
		return s.workflow.ListRemedies(ctx, &foiv1.ListRemediesRequest{Id: id})
	})
	if status.Code(err) == codes.PermissionDenied {
		return nil, nil
	}
	return res.GetRemedies(), err
}

// remedyView is one challenge as the case page lists it.
type remedyView struct {
	Kind, FiledOn, Authority, CaseNumber, Against, Result string
}

func remedyViews(list []*foiv1.Remedy) []remedyView {
	out := make([]remedyView, 0, len(list))
	for _, r := range list {
		v := remedyView{Kind: labelOf(remedyKinds, r.GetKind().String()), FiledOn: dateCN(r.GetFiledOn()), Authority: r.GetAuthority(),
			CaseNumber: r.GetCaseNumber(), Against: "答复", Result: "尚未审结"}
		if r.GetAgainstFailureToReply() {
			v.Against = "逾期未答复"
		}
		if r.GetResult() != foiv1.RemedyResult_REMEDY_RESULT_UNSPECIFIED {
			v.Result = remedyResultNames[r.GetResult()] + "（" + dateCN(r.GetDecidedOn()) + "）"
		}
		out = append(out, v)
	}
	return out
}

// remedyChoice names a remedy in a select: kind, authority and filing day.
func remedyChoice(r *foiv1.Remedy) option {
	label := fmt.Sprintf("%s · %s · %s立案", labelOf(remedyKinds, r.GetKind().String()), r.GetAuthority(), dateCN(r.GetFiledOn()))
	if r.GetCaseNumber() != "" {
		label += " · " + r.GetCaseNumber()
	}
	return option{r.GetId(), label}
}

// pendingRemedies are those still waiting for their result; corrected
// are those whose result orders a new reply (what reopening cites).
func pendingRemedies(list []*foiv1.Remedy) (pending, corrected []option) {
	for _, r := range list {
		switch r.GetResult() {
		case foiv1.RemedyResult_REMEDY_RESULT_UNSPECIFIED:
			pending = append(pending, remedyChoice(r))
		case foiv1.RemedyResult_REMEDY_RESULT_CORRECTED:
			corrected = append(corrected, remedyChoice(r))
		}
	}
	return pending, corrected
}
