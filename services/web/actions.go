package web

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"google.golang.org/protobuf/types/known/fieldmaskpb"

	foiv1 "foi/gen/foi/v1"
)

// action is one thing a person may do to a case from its page: the
// workflow event, the states that allow it and the roles that may cause
// it. The table mirrors services/cases' workflow table (a test keeps the
// two equal for every state and role); it only decides which forms a page
// offers. Whether the event happens is the API's decision alone.
type action struct {
	Event string
	Label string
	From  []foiv1.ApplicationState
	Roles []foiv1.Role
	post  func(s *Site, q *req, id string, version int64, f form) error
	// fields are the form's inputs, by their API names.
	fields []string
	// after is where the person lands once the event is done, when not
	// back on the case (a forwarded case has left the clerk's agency).
	after string
}

const (
	stSubmitted     = foiv1.ApplicationState_APPLICATION_STATE_SUBMITTED
	stAccepted      = foiv1.ApplicationState_APPLICATION_STATE_ACCEPTED
	stClarification = foiv1.ApplicationState_APPLICATION_STATE_CLARIFICATION
	stProcessing    = foiv1.ApplicationState_APPLICATION_STATE_PROCESSING
	stConsultation  = foiv1.ApplicationState_APPLICATION_STATE_CONSULTATION
	stAwaitingFee   = foiv1.ApplicationState_APPLICATION_STATE_AWAITING_FEE
	stLegalReview   = foiv1.ApplicationState_APPLICATION_STATE_LEGAL_REVIEW
	stSignOff       = foiv1.ApplicationState_APPLICATION_STATE_SIGN_OFF
	stReplied       = foiv1.ApplicationState_APPLICATION_STATE_REPLIED
	stClosed        = foiv1.ApplicationState_APPLICATION_STATE_CLOSED

	rApplicant = foiv1.Role_ROLE_APPLICANT
	rClerk     = foiv1.Role_ROLE_CLERK
	rOfficer   = foiv1.Role_ROLE_OFFICER
	rAdviser   = foiv1.Role_ROLE_LEGAL_ADVISER
	rHead      = foiv1.Role_ROLE_HEAD
)

var (
	clockRunning = []foiv1.ApplicationState{stAccepted, stProcessing, stConsultation, stLegalReview, stSignOff}
	beforeReply  = []foiv1.ApplicationState{stSubmitted, stAccepted, stClarification, stProcessing, stConsultation, stAwaitingFee}
	// remediable: a challenge to the reply once issued, or to the failure
	// to reply on an open case past its due date (the API checks the date).
	remediable = []foiv1.ApplicationState{stAccepted, stClarification, stProcessing, stConsultation, stAwaitingFee, stLegalReview, stSignOff, stReplied, stClosed}
)

// actions are the events the pages offer, in the order a case meets them.
var actions = []action{
	{Event: "confirm", Label: "确认收到", From: states(stSubmitted), Roles: roles(rClerk), fields: []string{"confirmedOn"}, post: postConfirm},
	{Event: "forward", Label: "转至其他机关", From: states(stSubmitted), Roles: roles(rClerk), fields: []string{"agencyId", "reason"}, post: postForward, after: "/desk"},
	{Event: "assign", Label: "领办（由我承办）", From: states(stAccepted, stProcessing), Roles: roles(rOfficer, rHead), fields: []string{"assigneeId"}, post: postAssign},
	{Event: "reassign", Label: "改派", From: states(stClarification, stProcessing, stConsultation, stAwaitingFee, stLegalReview, stSignOff),
		Roles: roles(rHead), fields: []string{"assigneeId", "reason"}, post: postReassign},
	{Event: "request_clarification", Label: "告知补正", From: states(stAccepted, stProcessing), Roles: roles(rOfficer), fields: []string{"items", "days", "lateReason"}, post: postClarification},
	{Event: "supplement", Label: "提交补正", From: states(stClarification), Roles: roles(rApplicant, rClerk), fields: []string{"text", "receivedOn"}, post: postSupplement},
	{Event: "start_consultation", Label: "征求意见", From: states(stProcessing), Roles: roles(rOfficer), fields: consultationInputs, post: postStartConsultation},
	{Event: "record_opinion", Label: "登记意见", From: states(stConsultation), Roles: roles(rOfficer),
		fields: []string{"consultationId", "opinion", "text", "receivedOn"}, post: postRecordOpinion},
	{Event: "issue_fee_notice", Label: "发出收费通知", From: states(stProcessing), Roles: roles(rOfficer), fields: feeInputs, post: postIssueFeeNotice},
	{Event: "claim_payment", Label: "申报已缴费", From: states(stAwaitingFee), Roles: roles(rApplicant), fields: []string{"paymentReference", "paidOn"}, post: postClaim},
	{Event: "record_payment", Label: "登记缴费（核对缴款凭证）", From: states(stAwaitingFee), Roles: roles(rClerk, rOfficer), fields: []string{"paymentReference", "paidOn"}, post: postPayment},
	{Event: "waive_fee", Label: "减免收费", From: states(stAwaitingFee), Roles: roles(rHead), fields: []string{"reason"}, post: postWaive},
	{Event: "approve_fee_reduction", Label: "批准减收（按申请金额发出收费通知）", From: states(stProcessing), Roles: roles(rHead), fields: []string{"comment"}, post: postApproveFeeReduction},
	{Event: "reject_fee_reduction", Label: "驳回减收申请", From: states(stProcessing), Roles: roles(rHead), fields: []string{"reason"}, post: postRejectFeeReduction},
	{Event: "request_extension", Label: "申请延期", From: clockRunning, Roles: roles(rOfficer), fields: []string{"days", "reason"}, post: postExtension},
	{Event: "approve_extension", Label: "批准延期", From: clockRunning, Roles: roles(rHead), fields: []string{"comment"}, post: postApproveExtension},
	{Event: "reject_extension", Label: "驳回延期申请", From: clockRunning, Roles: roles(rHead), fields: []string{"reason"}, post: postRejectExtension},
	{Event: "set_delayed_due_date", Label: "确定合理答复期限", From: states(stProcessing), Roles: roles(rHead), fields: []string{"dueOn", "reason"}, post: postDelayedDue},
	{Event: "correct_delayed_due_date", Label: "更正合理答复期限", From: states(stProcessing, stLegalReview, stSignOff), Roles: roles(rHead),
		fields: []string{"dueOn", "reason"}, post: postCorrectDelayedDue},
	{Event: "submit_draft", Label: "起草并提交答复稿", From: states(stProcessing), Roles: roles(rOfficer)},
	{Event: "return_draft", Label: "退回答复稿", From: states(stLegalReview), Roles: roles(rAdviser), fields: []string{"comments"}, post: postReturnDraft},
	{Event: "approve_draft", Label: "法律审核通过", From: states(stLegalReview), Roles: roles(rAdviser), fields: []string{"comment"}, post: postApproveDraft},
	{Event: "reject_sign_off", Label: "退回重办", From: states(stSignOff), Roles: roles(rHead), fields: []string{"comments"}, post: postRejectSignOff},
	{Event: "sign_off", Label: "签发答复", From: states(stSignOff), Roles: roles(rHead), post: postSignOff},
	{Event: "reply_on_the_spot", Label: "当场答复", From: states(stAccepted), Roles: roles(rClerk), fields: []string{"outcome", "summary"}, post: postOnTheSpot},
	{Event: "record_delivery", Label: "登记送达", From: states(stReplied), Roles: roles(rClerk, rOfficer), fields: []string{"method", "deliveredOn", "note"}, post: postDelivery},
	{Event: "record_remedy", Label: "登记复议诉讼", From: remediable, Roles: roles(rOfficer), fields: remedyInputs, post: postRecordRemedy},
	{Event: "reopen", Label: "重新办理", From: states(stClosed), Roles: roles(rHead), fields: []string{"remedyId", "orderedOn", "reason"}, post: postReopen},
	{Event: "record_refund", Label: "登记退费（负责人：批准退费）", From: states(stClosed), Roles: roles(rOfficer, rHead), fields: []string{"reason"}, post: postRefund},
	{Event: "correct_details", Label: "更正登记信息", From: states(stSubmitted, stAccepted, stClarification, stProcessing, stConsultation, stAwaitingFee, stLegalReview, stSignOff),
		Roles: roles(rClerk, rHead), fields: correctionInputs, post: postCorrectDetails},
	{Event: "void", Label: "作废登记", From: states(stSubmitted, stAccepted), Roles: roles(rHead), fields: []string{"reason", "confirm"}, post: postVoid},
	{Event: "withdraw", Label: "撤回申请", From: beforeReply, Roles: roles(rApplicant, rClerk), fields: []string{"reason", "writtenRequest"}, post: postWithdraw},
}

func states(s ...foiv1.ApplicationState) []foiv1.ApplicationState { return s }
func roles(r ...foiv1.Role) []foiv1.Role                          { return r }

// offered lists the actions a person in role r is offered on a case in
// state st, given its history (an extension is approved only while one
// is pending).
func offered(st foiv1.ApplicationState, r foiv1.Role, events []*foiv1.ApplicationEvent) []action {
	var out []action
	for _, a := range actions {
		if !slices.Contains(a.From, st) || !slices.Contains(a.Roles, r) {
			continue
		}
		if (a.Event == "approve_extension" || a.Event == "reject_extension") && !extensionPending(events) {
			continue
		}
		if (a.Event == "approve_fee_reduction" || a.Event == "reject_fee_reduction") && !feeReductionPending(events) {
			continue
		}
		if a.Event == "record_refund" && !slices.ContainsFunc(events, func(e *foiv1.ApplicationEvent) bool { return e.GetEvent() == "record_payment" }) {
			continue
		}
		if a.Event == "correct_delayed_due_date" && !slices.ContainsFunc(events, func(e *foiv1.ApplicationEvent) bool { return e.GetEvent() == "set_delayed_due_date" }) {
			continue
		}
		if a.Event == "assign" && st == stProcessing && assigned(events) {
			continue
		}
		if a.Event == "reopen" && !slices.ContainsFunc(events, orderedAnew) {
			continue
		}
		out = append(out, a)
	}
	return out
}

func actionFor(event string) (action, bool) {
	for _, a := range actions {
		if a.Event == event && a.post != nil {
			return a, true
		}
	}
	return action{}, false
}

// extensionPending reports whether the history holds an extension request
// no head has yet answered.
func extensionPending(events []*foiv1.ApplicationEvent) bool {
	pending := false
	for _, e := range events {
		switch e.GetEvent() {
		case "request_extension":
			pending = true
		case "approve_extension", "reject_extension", "supplement", "reopen":
			pending = false
		}
	}
	return pending
}

// feeReductionPending reports whether the history holds a request to
// charge less than the maximum that no head has answered and that the
// case has not ended by leaving processing.
func feeReductionPending(events []*foiv1.ApplicationEvent) bool {
	pending := false
	for _, e := range events {
		switch {
		case e.GetEvent() == "issue_fee_notice" && e.GetToState() == stProcessing:
			pending = true
		case e.GetEvent() == "approve_fee_reduction", e.GetEvent() == "reject_fee_reduction":
			pending = false
		case e.GetFromState() == stProcessing && e.GetToState() != stProcessing:
			pending = false
		}
	}
	return pending
}

// assigned reports whether the history gives the case to an officer.
func assigned(events []*foiv1.ApplicationEvent) bool {
	return slices.ContainsFunc(events, func(e *foiv1.ApplicationEvent) bool {
		return e.GetEvent() == "assign" || e.GetEvent() == "reassign"
	})
}

func atoi(s string) int32 {
	n, _ := strconv.Atoi(s)
	return int32(n)
}

// lines splits a textarea into its non-empty lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func postConfirm(s *Site, q *req, id string, v int64, f form) error {
	_, err := call(q, func(ctx context.Context) (*foiv1.ConfirmApplicationResponse, error) {
		return s.apps.ConfirmApplication(ctx, &foiv1.ConfirmApplicationRequest{Id: id, Version: v, ConfirmedOn: f.get("confirmedOn")})
	})
	return err
}

// postAssign assigns the case: to the officer named (a head's form lists
// the agency's officers), or, with nobody named, to the calling officer.
func postAssign(s *Site, q *req, id string, v int64, f form) error {
	_, err := call(q, func(ctx context.Context) (*foiv1.AssignApplicationResponse, error) {
		return s.workflow.AssignApplication(ctx, &foiv1.AssignApplicationRequest{Id: id, Version: v, AssigneeId: f.get("assigneeId")})
	})
	return err
}

func postReassign(s *Site, q *req, id string, v int64, f form) error {
	_, err := call(q, func(ctx context.Context) (*foiv1.ReassignApplicationResponse, error) {
		return s.workflow.ReassignApplication(ctx, &foiv1.ReassignApplicationRequest{Id: id, Version: v,
			AssigneeId: f.get("assigneeId"), Reason: f.get("reason")})
	})
	return err
}

func postClarification(s *Site, q *req, id string, v int64, f form) error {
	_, err := call(q, func(ctx context.Context) (*foiv1.RequestClarificationResponse, error) {
		return s.workflow.RequestClarification(ctx, &foiv1.RequestClarificationRequest{Id: id, Version: v,
			Items: lines(f.get("items")), Days: atoi(f.get("days")), LateReason: f.get("lateReason")})
	})
	return err
}

func postSupplement(s *Site, q *req, id string, v int64, f form) error {
	_, err := call(q, func(ctx context.Context) (*foiv1.SupplementApplicationResponse, error) {
		return s.workflow.SupplementApplication(ctx, &foiv1.SupplementApplicationRequest{Id: id, Version: v,
			Text: f.get("text"), ReceivedOn: f.get("receivedOn")})
	})
	return err
}

func postPayment(s *Site, q *req, id string, v int64, f form) error {
	_, err := call(q, func(ctx context.Context) (*foiv1.RecordPaymentResponse, error) {
		return s.workflow.RecordPayment(ctx, &foiv1.RecordPaymentRequest{Id: id, Version: v,
			PaymentReference: f.get("paymentReference"), PaidOn: f.get("paidOn")})
	})
	return err
}

func postClaim(s *Site, q *req, id string, v int64, f form) error {
	_, err := call(q, func(ctx context.Context) (*foiv1.ClaimPaymentResponse, error) {
		return s.workflow.ClaimPayment(ctx, &foiv1.ClaimPaymentRequest{Id: id, Version: v,
			PaymentReference: f.get("paymentReference"), PaidOn: f.get("paidOn")})
	})
	return err
}

func postWaive(s *Site, q *req, id string, v int64, f form) error {
	_, err := call(q, func(ctx context.Context) (*foiv1.WaiveFeeResponse, error) {
		return s.workflow.WaiveFee(ctx, &foiv1.WaiveFeeRequest{Id: id, Version: v, Reason: f.get("reason")})
	})
	return err
}

func postApproveFeeReduction(s *Site, q *req, id string, v int64, f form) error {
	_, err := call(q, func(ctx context.Context) (*foiv1.ApproveFeeReductionResponse, error) {
		return s.workflow.ApproveFeeReduction(ctx, &foiv1.ApproveFeeReductionRequest{Id: id, Version: v, Comment: f.get("comment")})
	})
	return err
}

func postRejectFeeReduction(s *Site, q *req, id string, v int64, f form) error {
	_, err := call(q, func(ctx context.Context) (*foiv1.RejectFeeReductionResponse, error) {
		return s.workflow.RejectFeeReduction(ctx, &foiv1.RejectFeeReductionRequest{Id: id, Version: v, Reason: f.get("reason")})
	})
	return err
}

func postExtension(s *Site, q *req, id string, v int64, f form) error {
	_, err := call(q, func(ctx context.Context) (*foiv1.RequestExtensionResponse, error) {
		return s.workflow.RequestExtension(ctx, &foiv1.RequestExtensionRequest{Id: id, Version: v, Days: atoi(f.get("days")), Reason: f.get("reason")})
	})
	return err
}

func postApproveExtension(s *Site, q *req, id string, v int64, f form) error {
	_, err := call(q, func(ctx context.Context) (*foiv1.ApproveExtensionResponse, error) {
		return s.workflow.ApproveExtension(ctx, &foiv1.ApproveExtensionRequest{Id: id, Version: v, Comment: f.get("comment")})
	})
	return err
}

func postRejectExtension(s *Site, q *req, id string, v int64, f form) error {
	_, err := call(q, func(ctx context.Context) (*foiv1.RejectExtensionResponse, error) {
		return s.workflow.RejectExtension(ctx, &foiv1.RejectExtensionRequest{Id: id, Version: v, Reason: f.get("reason")})
	})
	return err
}

func postRefund(s *Site, q *req, id string, v int64, f form) error {
	_, err := call(q, func(ctx context.Context) (*foiv1.RecordRefundResponse, error) {
		return s.workflow.RecordRefund(ctx, &foiv1.RecordRefundRequest{Id: id, Version: v, Reason: f.get("reason")})
	})
	return err
}

func postDelayedDue(s *Site, q *req, id string, v int64, f form) error {
	_, err := call(q, func(ctx context.Context) (*foiv1.SetDelayedDueDateResponse, error) {
		return s.workflow.SetDelayedDueDate(ctx, &foiv1.SetDelayedDueDateRequest{Id: id, Version: v, DueOn: f.get("dueOn"), Reason: f.get("reason")})
	})
	return err
}

func postCorrectDelayedDue(s *Site, q *req, id string, v int64, f form) error {
	_, err := call(q, func(ctx context.Context) (*foiv1.CorrectDelayedDueDateResponse, error) {
		return s.workflow.CorrectDelayedDueDate(ctx, &foiv1.CorrectDelayedDueDateRequest{Id: id, Version: v, DueOn: f.get("dueOn"), Reason: f.get("reason")})
	})
	return err
}

func postReturnDraft(s *Site, q *req, id string, v int64, f form) error {
	_, err := call(q, func(ctx context.Context) (*foiv1.ReturnDraftResponse, error) {
		return s.workflow.ReturnDraft(ctx, &foiv1.ReturnDraftRequest{Id: id, Version: v, Comments: f.get("comments")})
	})
	return err
}

func postApproveDraft(s *Site, q *req, id string, v int64, f form) error {
	_, err := call(q, func(ctx context.Context) (*foiv1.ApproveDraftResponse, error) {
		return s.workflow.ApproveDraft(ctx, &foiv1.ApproveDraftRequest{Id: id, Version: v, Comment: f.get("comment")})
	})
	return err
}

func postRejectSignOff(s *Site, q *req, id string, v int64, f form) error {
	_, err := call(q, func(ctx context.Context) (*foiv1.RejectSignOffResponse, error) {
		return s.workflow.RejectSignOff(ctx, &foiv1.RejectSignOffRequest{Id: id, Version: v, Comments: f.get("comments")})
	})
	return err
}

func postSignOff(s *Site, q *req, id string, v int64, _ form) error {
	_, err := call(q, func(ctx context.Context) (*foiv1.SignOffResponse, error) {
		return s.workflow.SignOff(ctx, &foiv1.SignOffRequest{Id: id, Version: v})
	})
	return err
}

func postOnTheSpot(s *Site, q *req, id string, v int64, f form) error {
	_, err := call(q, func(ctx context.Context) (*foiv1.ReplyOnTheSpotResponse, error) {
		return s.workflow.ReplyOnTheSpot(ctx, &foiv1.ReplyOnTheSpotRequest{Id: id, Version: v,
			Outcome: foiv1.Outcome(foiv1.Outcome_value[f.get("outcome")]), Summary: f.get("summary")})
	})
	return err
}

func postDelivery(s *Site, q *req, id string, v int64, f form) error {
	_, err := call(q, func(ctx context.Context) (*foiv1.RecordDeliveryResponse, error) {
		return s.workflow.RecordDelivery(ctx, &foiv1.RecordDeliveryRequest{Id: id, Version: v,
			Method: foiv1.ServiceMethod(foiv1.ServiceMethod_value[f.get("method")]), DeliveredOn: f.get("deliveredOn"), Note: f.get("note")})
	})
	return err
}

func postWithdraw(s *Site, q *req, id string, v int64, f form) error {
	_, err := call(q, func(ctx context.Context) (*foiv1.WithdrawApplicationResponse, error) {
		return s.workflow.WithdrawApplication(ctx, &foiv1.WithdrawApplicationRequest{Id: id, Version: v,
			Reason: f.get("reason"), WrittenRequest: f.get("writtenRequest") == "yes"})
	})
	return err
}

// voidConfirmation is what the head confirms before voiding: the step is
// final and the number is spent.
const voidConfirmation = "请确认作废：作废后不能恢复，受理编号不再使用"

// postVoid voids a registration made by mistake or twice, once the head
// has ticked the confirmation; the API requires the reason.
func postVoid(s *Site, q *req, id string, v int64, f form) error {
	if f.get("confirm") != "yes" {
		return fieldError("confirm", voidConfirmation)
	}
	_, err := call(q, func(ctx context.Context) (*foiv1.VoidApplicationResponse, error) {
		return s.workflow.VoidApplication(ctx, &foiv1.VoidApplicationRequest{Id: id, Version: v, Reason: f.get("reason")})
	})
	return err
}

// postForward sends a misdirected online submission to the district's
// agency responsible for it; the reason is told to the applicant.
func postForward(s *Site, q *req, id string, v int64, f form) error {
	_, err := call(q, func(ctx context.Context) (*foiv1.ForwardApplicationResponse, error) {
		return s.workflow.ForwardApplication(ctx, &foiv1.ForwardApplicationRequest{Id: id, Version: v,
			AgencyId: f.get("agencyId"), Reason: f.get("reason")})
	})
	return err
}

// correctionInputs are the correct_details form's inputs: the fields a
// registration may have corrected, by their API names, and the reason.
var correctionInputs = []string{"applicantName", "applicantContactPerson", "applicantPhone", "applicantEmail", "applicantAddress",
	"title", "documentNumber", "description", "receivedOn", "reason"}

// postCorrectDetails corrects the fields filled in; an empty input leaves
// its field as registered (the update mask names the filled ones).
func postCorrectDetails(s *Site, q *req, id string, v int64, f form) error {
	c := &foiv1.DetailsCorrection{ApplicantName: f.get("applicantName"), ApplicantContactPerson: f.get("applicantContactPerson"),
		ApplicantPhone: f.get("applicantPhone"), ApplicantEmail: f.get("applicantEmail"), ApplicantAddress: f.get("applicantAddress"),
		Title: f.get("title"), DocumentNumber: f.get("documentNumber"), Description: f.get("description"), ReceivedOn: f.get("receivedOn")}
	mask := &fieldmaskpb.FieldMask{}
	for _, name := range correctionInputs[:len(correctionInputs)-1] {
		if strings.TrimSpace(f.get(name)) != "" {
			mask.Paths = append(mask.Paths, name)
		}
	}
	_, err := call(q, func(ctx context.Context) (*foiv1.CorrectApplicationDetailsResponse, error) {
		return s.workflow.CorrectApplicationDetails(ctx, &foiv1.CorrectApplicationDetailsRequest{Id: id, Version: v,
			Correction: c, UpdateMask: mask, Reason: f.get("reason")})
	})
	return err
}
