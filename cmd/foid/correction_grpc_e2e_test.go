package main

import (
	"context"
	"slices"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	foiv1 "foi/gen/foi/v1"
)

// TestCorrectionsOverGRPC: the same service spoken over gRPC, with the
// status codes a client programs against.
func TestCorrectionsOverGRPC(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	client := foiv1.NewCorrectionServiceClient(ts.conn)
	as := func(name string) func() (context.Context, foiv1.CorrectionServiceClient) {
		return func() (context.Context, foiv1.CorrectionServiceClient) { return withToken(p.tokens[name]), client }
	}
	applicant, clerk, officer, head := as("applicant"), as("clerk"), as("officer"), as("head")
	details := &foiv1.CorrectionDetails{AgencyId: p.agencyA, Applicant: &foiv1.Applicant{},
		Record: "2025年老旧小区改造项目住户签约名单", Inaccuracy: "住户姓名有误", Requested: "应为申请人applicant", Evidence: "居民身份证复印件"}

	ctx, c := applicant()
	sub, err := c.SubmitCorrection(ctx, &foiv1.SubmitCorrectionRequest{RequestId: "g-1", Details: details})
	if err != nil {
		t.Fatal(err)
	}
	r := sub.GetCorrection()
	again, err := c.SubmitCorrection(ctx, &foiv1.SubmitCorrectionRequest{RequestId: "g-1", Details: details})
	if err != nil || again.GetCorrection().GetId() != r.GetId() {
		t.Errorf("a retry under the same request id: %v, %v", again.GetCorrection().GetId(), err)
	}
	changed := &foiv1.CorrectionDetails{AgencyId: p.agencyA, Applicant: &foiv1.Applicant{}, Record: "另一份记录", Inaccuracy: "x", Requested: "y", Evidence: "z"}
	if _, err := c.SubmitCorrection(ctx, &foiv1.SubmitCorrectionRequest{RequestId: "g-1", Details: changed}); status.Code(err) != codes.AlreadyExists {
		t.Errorf("the same request id for another request: %v", err)
	}
	if _, err := c.SubmitCorrection(ctx, &foiv1.SubmitCorrectionRequest{Details: &foiv1.CorrectionDetails{AgencyId: p.agencyA}}); status.Code(err) != codes.InvalidArgument ||
		!slices.Contains(violationFields(err), "details.requested") {
		t.Errorf("an empty request: %v %v", err, violationFields(err))
	}

	send := func(who func() (context.Context, foiv1.CorrectionServiceClient), e foiv1.CorrectionEvent, req *foiv1.TransitionCorrectionRequest) (*foiv1.Correction, error) {
		ctx, c := who()
		if req == nil {
			req = &foiv1.TransitionCorrectionRequest{}
		}
		req.Id, req.Event = r.GetId(), e
		if req.Version == 0 {
			req.Version = r.GetVersion()
		}
		res, err := c.TransitionCorrection(ctx, req)
		if err == nil {
			r = res.GetCorrection()
		}
		return res.GetCorrection(), err
	}
	for _, tt := range []struct {
		who  func() (context.Context, foiv1.CorrectionServiceClient)
		e    foiv1.CorrectionEvent
		req  *foiv1.TransitionCorrectionRequest
		want codes.Code
	}{
		{clerk, foiv1.CorrectionEvent_CORRECTION_EVENT_ASSIGN, nil, codes.PermissionDenied},
		{head, foiv1.CorrectionEvent_CORRECTION_EVENT_DECIDE, nil, codes.FailedPrecondition},
		{head, foiv1.CorrectionEvent_CORRECTION_EVENT_UNSPECIFIED, nil, codes.InvalidArgument},
		{head, foiv1.CorrectionEvent_CORRECTION_EVENT_ASSIGN, &foiv1.TransitionCorrectionRequest{AssigneeId: p.ids["clerk"]}, codes.InvalidArgument},
		{officer, foiv1.CorrectionEvent_CORRECTION_EVENT_ASSIGN, &foiv1.TransitionCorrectionRequest{AssigneeId: p.ids["officer2"]}, codes.PermissionDenied},
		{head, foiv1.CorrectionEvent_CORRECTION_EVENT_ASSIGN, &foiv1.TransitionCorrectionRequest{AssigneeId: p.ids["officer"]}, codes.OK},
		{head, foiv1.CorrectionEvent_CORRECTION_EVENT_ASSIGN, &foiv1.TransitionCorrectionRequest{AssigneeId: p.ids["officer2"], Version: 1}, codes.Aborted},
		{officer, foiv1.CorrectionEvent_CORRECTION_EVENT_DECIDE, &foiv1.TransitionCorrectionRequest{Decision: &foiv1.CorrectionDecision{
			Outcome: foiv1.CorrectionOutcome_CORRECTION_OUTCOME_TRANSFERRED, TransferAgency: "示范区不动产登记中心"}}, codes.InvalidArgument},
		{officer, foiv1.CorrectionEvent_CORRECTION_EVENT_DECIDE, &foiv1.TransitionCorrectionRequest{Decision: &foiv1.CorrectionDecision{
			Outcome: foiv1.CorrectionOutcome_CORRECTION_OUTCOME_REFUSED, Reason: "原记录与登记簿一致"}}, codes.OK},
		{applicant, foiv1.CorrectionEvent_CORRECTION_EVENT_SIGN, nil, codes.PermissionDenied},
		{head, foiv1.CorrectionEvent_CORRECTION_EVENT_SIGN, nil, codes.OK},
		{applicant, foiv1.CorrectionEvent_CORRECTION_EVENT_WITHDRAW, nil, codes.FailedPrecondition},
	} {
		if _, err := send(tt.who, tt.e, tt.req); status.Code(err) != tt.want {
			t.Errorf("%s: %v, want %s", tt.e, err, tt.want)
		}
	}
	if r.GetState() != foiv1.CorrectionState_CORRECTION_STATE_REFUSED || r.GetSignedBy() != "head" || r.GetSignTime() == nil {
		t.Errorf("after signing: %v", r)
	}

	ctx, c = applicant()
	got, err := c.GetCorrection(ctx, &foiv1.GetCorrectionRequest{Id: r.GetId()})
	if err != nil {
		t.Fatal(err)
	}
	if got.GetCorrection().GetDecision().GetReason() != "原记录与登记簿一致" || !got.GetHistoryIntact() || len(got.GetLetters()) != 2 {
		t.Errorf("the applicant's view: %v", got)
	}
	if got.GetCorrection().GetAssigneeId() != "" || got.GetCorrection().GetSignedBy() != "" {
		t.Errorf("the applicant sees who handled it: %v", got.GetCorrection())
	}
	l, err := c.GetCorrectionLetter(ctx, &foiv1.GetCorrectionLetterRequest{Id: r.GetId(), Letter: got.GetLetters()[1].GetId()})
	if err != nil || !strings.Contains(l.GetLetter().GetHtml(), "决定不予更正") || l.GetLetter().GetSha256() != got.GetLetters()[1].GetSha256() {
		t.Errorf("the refusal letter: %v %.200s", err, l.GetLetter().GetHtml())
	}
	if _, err := c.GetCorrectionLetter(withToken(p.tokens["applicant2"]), &foiv1.GetCorrectionLetterRequest{Id: r.GetId(), Letter: got.GetLetters()[1].GetId()}); status.Code(err) != codes.NotFound {
		t.Errorf("another applicant reads the letter: %v", err)
	}

	// Registered by post, two days back.
	ctx, c = clerk()
	reg, err := c.RegisterCorrection(ctx, &foiv1.RegisterCorrectionRequest{Channel: foiv1.CorrectionChannel_CORRECTION_CHANNEL_POST, ReceivedOn: "2026-11-25",
		Details: &foiv1.CorrectionDetails{AgencyId: p.agencyA, Record: "r", Inaccuracy: "i", Requested: "q", Evidence: "e",
			Applicant: &foiv1.Applicant{Type: foiv1.ApplicantType_APPLICANT_TYPE_NATURAL_PERSON, Name: "王五",
				IdType: foiv1.IdDocumentType_ID_DOCUMENT_TYPE_RESIDENT_ID_CARD, IdNumber: "11010519491231002X", Address: "示范区人民路2号", Phone: "13812345678"}}})
	if err != nil {
		t.Fatal(err)
	}
	if reg.GetCorrection().GetDueOn() != "2026-12-23" || reg.GetCorrection().GetTrackingNumber() == r.GetTrackingNumber() {
		t.Errorf("registered: %v", reg.GetCorrection())
	}
	if _, err := c.RegisterCorrection(withToken(p.tokens["clerkb"]), &foiv1.RegisterCorrectionRequest{Channel: foiv1.CorrectionChannel_CORRECTION_CHANNEL_POST,
		Details: reg.GetCorrection().GetDetails()}); status.Code(err) != codes.PermissionDenied {
		t.Errorf("another agency's clerk registers: %v", err)
	}
	list, err := c.ListCorrections(withToken(p.tokens["officer"]), &foiv1.ListCorrectionsRequest{Open: true})
	if err != nil || len(list.GetCorrections()) != 1 || list.GetCorrections()[0].GetId() != reg.GetCorrection().GetId() {
		t.Errorf("open worklist: %v %v", list, err)
	}
}
