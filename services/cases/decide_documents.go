package cases

import (
	"fmt"
	"slices"

	"foi/services/actor"
	"foi/services/errs"
)

// DocumentKind says what a document on a case is, and so who sees it.
type DocumentKind string

// The kinds of document.
const (
	// ApplicantMaterial: what the applicant hands in with the application
	// or the supplement (ID copies, supplement materials). The applicant
	// sees it.
	ApplicantMaterial DocumentKind = "APPLICANT_MATERIAL"
	// Provided: information provided with the reply. The applicant sees it
	// once a signed reply lists it.
	Provided DocumentKind = "PROVIDED"
	// ConsulteeAnswer: a third party's or another agency's written answer.
	ConsulteeAnswer DocumentKind = "CONSULTEE_ANSWER"
	// DeliveryProof: a signed 送达回证, a postal receipt.
	DeliveryProof DocumentKind = "DELIVERY_PROOF"
	// Receipt: a payment receipt.
	Receipt DocumentKind = "RECEIPT"
	// Internal: any other working paper.
	Internal DocumentKind = "INTERNAL"
)

// DocumentKinds lists the kinds in display order.
var DocumentKinds = []DocumentKind{ApplicantMaterial, Provided, ConsulteeAnswer, DeliveryProof, Receipt, Internal}

var documentKindLabels = map[DocumentKind]string{
	ApplicantMaterial: "申请人提交的材料", Provided: "提供的政府信息", ConsulteeAnswer: "征求意见答复",
	DeliveryProof: "送达凭证", Receipt: "缴费凭证", Internal: "内部材料",
}

// Label is the kind's Chinese name.
func (k DocumentKind) Label() string { return documentKindLabels[k] }

// Valid reports whether k is a kind.
func (k DocumentKind) Valid() bool { return documentKindLabels[k] != "" }

var (
	intakeStates = []State{Submitted, Accepted, Clarification}
	deskStates   = []State{Submitted, Accepted, Clarification, Processing, Consultation, AwaitingFee}
	workStates   = []State{Processing, Consultation, AwaitingFee}
	afterReply   = []State{Replied, Closed}
)

// attachable says, for each role and kind, the states in which the role
// may attach a document of that kind: applicants their materials at
// submission and supplement; clerks what is handed in at the window,
// receipts and delivery proofs; officers and heads the documents provided,
// consultees' answers, receipts, delivery proofs and working papers.
var attachable = map[actor.Role]map[DocumentKind][]State{
	actor.Applicant: {ApplicantMaterial: intakeStates},
	actor.Clerk: {ApplicantMaterial: deskStates, Receipt: append(slices.Clone(workStates), Closed),
		DeliveryProof: afterReply},
	actor.Officer: {Provided: workStates, ConsulteeAnswer: []State{Consultation, Processing},
		Receipt: append(slices.Clone(workStates), Closed), DeliveryProof: afterReply, Internal: documentStates},
	actor.Head: {Provided: workStates, ConsulteeAnswer: []State{Consultation, Processing},
		Receipt: append(slices.Clone(workStates), Closed), DeliveryProof: afterReply, Internal: documentStates},
}

// decideAttach checks that who may attach a document of kind k to a case in
// state s, and that the case has room for size more bytes.
func decideAttach(who actor.Actor, s State, k DocumentKind, size, held, caseLimit int64) error {
	states, ok := attachable[who.Role][k]
	if !ok {
		return errs.New(errs.PermissionDenied, fmt.Sprintf("%s不能上传「%s」", who.Role.Label(), k.Label()))
	}
	if !slices.Contains(states, s) {
		return errs.New(errs.FailedPrecondition, fmt.Sprintf("案件当前状态为「%s」，不能上传「%s」", s.Label(), k.Label()))
	}
	if caseLimit > 0 && held+size > caseLimit {
		return errs.New(errs.InvalidArgument, fmt.Sprintf("本案材料总量将超过 %s 上限（已有 %s）", sizeText(caseLimit), sizeText(held)))
	}
	return nil
}

// decideRemove checks that who may remove d from a case in state s: only
// a document its role could attach there (an applicant only their own),
// never one a signed reply lists, and not one the draft under review
// lists.
func decideRemove(who actor.Actor, s State, d Document, signed, underReview bool) error {
	switch {
	case d.RemovedAt != nil:
		return errs.New(errs.FailedPrecondition, "该材料已删除")
	case signed:
		return errs.New(errs.FailedPrecondition, "该材料已随签发的答复提供，不能删除或替换")
	case underReview:
		return errs.New(errs.FailedPrecondition, "该材料列于审核中的答复稿，不能删除；请先退回答复稿")
	case who.Role == actor.Applicant && d.UploadedBy != who.AccountID:
		return errs.New(errs.PermissionDenied, "申请人只能删除自己上传的材料")
	}
	states, ok := attachable[who.Role][d.Kind]
	if !ok {
		return errs.New(errs.PermissionDenied, fmt.Sprintf("%s不能删除「%s」", who.Role.Label(), d.Kind.Label()))
	}
	if !slices.Contains(states, s) {
		return errs.New(errs.FailedPrecondition, fmt.Sprintf("案件当前状态为「%s」，不能删除「%s」", s.Label(), d.Kind.Label()))
	}
	return nil
}

// sees reports whether who may see document d of a case they may see:
// applicants their materials and, once a signed reply lists them, the
// documents provided; legal advisers what the review needs; other staff
// everything. Removed documents are the staff's record only.
func sees(who actor.Actor, d Document, signed bool) bool {
	switch who.Role {
	case actor.Applicant:
		return d.RemovedAt == nil && (d.Kind == ApplicantMaterial || (d.Kind == Provided && signed))
	case actor.LegalAdviser:
		return d.Kind == ApplicantMaterial || d.Kind == Provided || d.Kind == ConsulteeAnswer
	}
	return true
}

// sizeText writes a byte count for people: 50 MiB, 1.5 MiB, 300 KiB.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d 字节", n)
}
