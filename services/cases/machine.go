package cases

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/looplab/fsm"

	"foi/services/actor"
	"foi/services/errs"
)

// State is where an application stands (workflow.md, States).
type State string

// The states. New is the pseudo-state before an application exists; it is
// never stored.
const (
	New           State = "NEW"
	Submitted     State = "SUBMITTED"
	Accepted      State = "ACCEPTED"
	Clarification State = "CLARIFICATION"
	Processing    State = "PROCESSING"
	Consultation  State = "CONSULTATION"
	AwaitingFee   State = "AWAITING_FEE"
	LegalReview   State = "LEGAL_REVIEW"
	SignOff       State = "SIGN_OFF"
	Replied       State = "REPLIED"
	Closed        State = "CLOSED"
	Withdrawn     State = "WITHDRAWN"
	// Voided is a registration made by mistake or twice: kept in the
	// history only, out of the worklists and the annual report.
	Voided State = "VOIDED"
)

// States lists every stored state in workflow order.
var States = []State{Submitted, Accepted, Clarification, Processing, Consultation, AwaitingFee, LegalReview, SignOff, Replied, Closed, Withdrawn, Voided}

// Open reports whether a case in state s still waits for its reply.
func (s State) Open() bool {
	switch s {
	case Accepted, Clarification, Processing, Consultation, AwaitingFee, LegalReview, SignOff:
		return true
	}
	return false
}

var stateLabels = map[State]string{
	New: "新建", Submitted: "已提交待确认", Accepted: "已受理", Clarification: "补正中",
	Processing: "办理中", Consultation: "征求意见中", AwaitingFee: "待缴费", LegalReview: "法律审核中",
	SignOff: "待负责人签发", Replied: "已答复", Closed: "已办结", Withdrawn: "已撤回", Voided: "已作废",
}

// Label is the state's Chinese name.
func (s State) Label() string { return stateLabels[s] }

// Event is something that happens to a case (workflow.md, Events).
type Event string

// The events.
const (
	Submit               Event = "submit"
	Register             Event = "register"
	Confirm              Event = "confirm"
	Assign               Event = "assign"
	Reassign             Event = "reassign"
	RequestClarification Event = "request_clarification"
	Supplement           Event = "supplement"
	ClarificationLapsed  Event = "clarification_lapsed"
	StartConsultation    Event = "start_consultation"
	RecordOpinion        Event = "record_opinion"
	ConsultationLapsed   Event = "consultation_lapsed"
	IssueFeeNotice       Event = "issue_fee_notice"
	ApproveFeeReduction  Event = "approve_fee_reduction"
	RejectFeeReduction   Event = "reject_fee_reduction"
	ClaimPayment         Event = "claim_payment"
	RecordPayment        Event = "record_payment"
	WaiveFee             Event = "waive_fee"
	FeeLapsed            Event = "fee_lapsed"
	RequestExtension     Event = "request_extension"
	ApproveExtension     Event = "approve_extension"
	RejectExtension      Event = "reject_extension"
	SetDelayedDueDate    Event = "set_delayed_due_date"
	CorrectDelayedDue    Event = "correct_delayed_due_date"
	SubmitDraft          Event = "submit_draft"
	ReturnDraft          Event = "return_draft"
	ApproveDraft         Event = "approve_draft"
	RejectSignOff        Event = "reject_sign_off"
	SignOffReply         Event = "sign_off"
	ReplyOnTheSpot       Event = "reply_on_the_spot"
	RecordDelivery       Event = "record_delivery"
	Withdraw             Event = "withdraw"
	RecordRemedy         Event = "record_remedy"
	RecordRefund         Event = "record_refund"
	Reopen               Event = "reopen"
	Void                 Event = "void"
	Forward              Event = "forward"
	CorrectDetails       Event = "correct_details"
	AttachDocument       Event = "attach_document"
	RemoveDocument       Event = "remove_document"
)

var eventLabels = map[Event]string{
	Submit: "网上提交", Register: "窗口登记", Confirm: "确认收到", Assign: "分办", Reassign: "改派",
	RequestClarification: "告知补正", Supplement: "补正", ClarificationLapsed: "逾期未补正",
	StartConsultation: "征求意见", RecordOpinion: "登记意见", ConsultationLapsed: "征求意见期满",
	IssueFeeNotice: "发出收费通知", ApproveFeeReduction: "批准减收", RejectFeeReduction: "驳回减收申请",
	ClaimPayment: "申报已缴费", RecordPayment: "登记缴费", WaiveFee: "减免收费", FeeLapsed: "逾期未缴费",
	RequestExtension: "申请延期", ApproveExtension: "批准延期", RejectExtension: "驳回延期申请", SetDelayedDueDate: "确定合理答复期限", CorrectDelayedDue: "更正合理答复期限",
	SubmitDraft: "提交答复稿", ReturnDraft: "退回答复稿", ApproveDraft: "法律审核通过",
	RejectSignOff: "退回签发", SignOffReply: "签发答复", ReplyOnTheSpot: "当场答复",
	RecordDelivery: "登记送达", Withdraw: "撤回申请", RecordRemedy: "登记复议诉讼", RecordRefund: "登记退费", Reopen: "重新办理",
	Void: "作废", Forward: "转至其他机关", CorrectDetails: "更正登记信息",
	AttachDocument: "上传材料", RemoveDocument: "删除材料",
}

// Label is the event's Chinese name.
func (e Event) Label() string { return eventLabels[e] }

// Guard distinguishes the transitions of one event whose destination
// depends on the case's data, such as whether every consultee has answered.
type Guard string

// The guards.
const (
	Always Guard = ""
	// AllAnswered: every consultee has answered or its window lapsed.
	AllAnswered Guard = "all answered"
	// ReviewSkipped: the agency's policy skips legal review for the outcome.
	ReviewSkipped Guard = "review skipped"
	// ReductionRequested: the officer asked to charge less than the
	// maximum, which waits for the head's approval (rules.md section 4).
	ReductionRequested Guard = "reduction requested"
)

// Transition is one row of the workflow table. To == "" keeps the state
// (the event records something without moving the case).
type Transition struct {
	Event Event
	Guard Guard
	From  []State
	To    State
	Roles []actor.Role
}

var (
	staffOfficer  = []actor.Role{actor.Officer}
	head          = []actor.Role{actor.Head}
	system        = []actor.Role{actor.System}
	beforeReply   = []State{Submitted, Accepted, Clarification, Processing, Consultation, AwaitingFee}
	beforeSignOff = []State{Submitted, Accepted, Clarification, Processing, Consultation, AwaitingFee, LegalReview, SignOff}
	clockRunning  = []State{Accepted, Processing, Consultation, LegalReview, SignOff}
	applicantDesk = []actor.Role{actor.Applicant, actor.Clerk}
	// documentStates are those in which a case takes documents: all but
	// withdrawn. Which kind whoever may attach in which state is the
	// decision's (decideAttach).
	documentStates = []State{Submitted, Accepted, Clarification, Processing, Consultation, AwaitingFee, LegalReview, SignOff, Replied, Closed}
	documentRoles  = []actor.Role{actor.Applicant, actor.Clerk, actor.Officer, actor.Head}
	// remediable: after the reply is issued, or, against the failure to
	// reply, any open state (the decision checks the due date has passed).
	remediable = []State{Accepted, Clarification, Processing, Consultation, AwaitingFee, LegalReview, SignOff, Replied, Closed}
)

// Table is the whole workflow of workflow.md. It is the only place that
// says which event may move a case from which state to which.
var Table = []Transition{
	{Event: Submit, From: []State{New}, To: Submitted, Roles: []actor.Role{actor.Applicant}},
	{Event: Register, From: []State{New}, To: Accepted, Roles: []actor.Role{actor.Clerk}},
	{Event: Confirm, From: []State{Submitted}, To: Accepted, Roles: []actor.Role{actor.Clerk}},
	{Event: Assign, From: []State{Accepted, Processing}, To: Processing, Roles: []actor.Role{actor.Officer, actor.Head}},
	{Event: Reassign, From: []State{Clarification, Processing, Consultation, AwaitingFee, LegalReview, SignOff}, Roles: head},
	{Event: RequestClarification, From: []State{Accepted, Processing}, To: Clarification, Roles: staffOfficer},
	{Event: Supplement, From: []State{Clarification}, To: Processing, Roles: applicantDesk},
	{Event: ClarificationLapsed, From: []State{Clarification}, To: Closed, Roles: system},
	{Event: StartConsultation, From: []State{Processing}, To: Consultation, Roles: staffOfficer},
	{Event: RecordOpinion, From: []State{Consultation}, Roles: staffOfficer},
	{Event: RecordOpinion, Guard: AllAnswered, From: []State{Consultation}, To: Processing, Roles: staffOfficer},
	{Event: ConsultationLapsed, From: []State{Consultation}, Roles: system},
	{Event: ConsultationLapsed, Guard: AllAnswered, From: []State{Consultation}, To: Processing, Roles: system},
	{Event: IssueFeeNotice, From: []State{Processing}, To: AwaitingFee, Roles: staffOfficer},
	{Event: IssueFeeNotice, Guard: ReductionRequested, From: []State{Processing}, Roles: staffOfficer},
	{Event: ApproveFeeReduction, From: []State{Processing}, To: AwaitingFee, Roles: head},
	{Event: RejectFeeReduction, From: []State{Processing}, Roles: head},
	{Event: ClaimPayment, From: []State{AwaitingFee}, Roles: []actor.Role{actor.Applicant}},
	{Event: RecordPayment, From: []State{AwaitingFee}, To: Processing, Roles: []actor.Role{actor.Clerk, actor.Officer}},
	{Event: WaiveFee, From: []State{AwaitingFee}, To: Processing, Roles: head},
	{Event: FeeLapsed, From: []State{AwaitingFee}, To: Closed, Roles: system},
	{Event: RequestExtension, From: clockRunning, Roles: staffOfficer},
	{Event: ApproveExtension, From: clockRunning, Roles: head},
	{Event: RejectExtension, From: clockRunning, Roles: head},
	{Event: SetDelayedDueDate, From: []State{Processing}, Roles: head},
	{Event: CorrectDelayedDue, From: []State{Processing, LegalReview, SignOff}, Roles: head},
	{Event: SubmitDraft, From: []State{Processing}, To: LegalReview, Roles: staffOfficer},
	{Event: SubmitDraft, Guard: ReviewSkipped, From: []State{Processing}, To: SignOff, Roles: staffOfficer},
	{Event: ReturnDraft, From: []State{LegalReview}, To: Processing, Roles: []actor.Role{actor.LegalAdviser}},
	{Event: ApproveDraft, From: []State{LegalReview}, To: SignOff, Roles: []actor.Role{actor.LegalAdviser}},
	{Event: RejectSignOff, From: []State{SignOff}, To: Processing, Roles: head},
	{Event: SignOffReply, From: []State{SignOff}, To: Replied, Roles: head},
	{Event: ReplyOnTheSpot, From: []State{Accepted}, To: Replied, Roles: []actor.Role{actor.Clerk}},
	{Event: RecordDelivery, From: []State{Replied}, To: Closed, Roles: []actor.Role{actor.Clerk, actor.Officer}},
	{Event: Withdraw, From: beforeReply, To: Withdrawn, Roles: applicantDesk},
	{Event: Void, From: []State{Submitted, Accepted}, To: Voided, Roles: head},
	{Event: Forward, From: []State{Submitted}, Roles: []actor.Role{actor.Clerk}},
	// The head corrects too: received-on, which moves the clock, only the
	// head (decideCorrection).
	{Event: CorrectDetails, From: beforeSignOff, Roles: []actor.Role{actor.Clerk, actor.Head}},
	{Event: RecordRemedy, From: remediable, Roles: staffOfficer},
	{Event: RecordRefund, From: []State{Closed}, Roles: []actor.Role{actor.Officer, actor.Head}},
	{Event: Reopen, From: []State{Closed}, To: Processing, Roles: head},
	{Event: AttachDocument, From: documentStates, Roles: documentRoles},
	{Event: RemoveDocument, From: documentStates, Roles: documentRoles},
}

// fsmName is the looplab/fsm event name of a guarded transition.
func fsmName(e Event, g Guard) string {
	if g == Always {
		return string(e)
	}
	return string(e) + " [" + string(g) + "]"
}

// newMachine builds a fresh machine in state s. Machines are never shared
// and carry no callbacks: the service asks the machine, then writes the
// database itself.
func newMachine(s State) *fsm.FSM {
	var events fsm.Events
	for _, t := range Table {
		name := fsmName(t.Event, t.Guard)
		if t.To == "" {
			for _, from := range t.From {
				events = append(events, fsm.EventDesc{Name: name, Src: []string{string(from)}, Dst: string(from)})
			}
			continue
		}
		src := make([]string, len(t.From))
		for i, from := range t.From {
			src[i] = string(from)
		}
		events = append(events, fsm.EventDesc{Name: name, Src: src, Dst: string(t.To)})
	}
	return fsm.NewFSM(string(s), events, nil)
}

// Next asks the machine where event e (under guard g) takes a case in
// state from. An event the state does not allow is FailedPrecondition,
// naming the state and the events it allows.
func Next(from State, e Event, g Guard) (State, error) {
	m := newMachine(from)
	err := m.Event(context.Background(), fsmName(e, g))
	var noChange fsm.NoTransitionError
	switch {
	case err == nil, errors.As(err, &noChange):
		return State(m.Current()), nil
	}
	var invalid fsm.InvalidEventError
	var unknown fsm.UnknownEventError
	if errors.As(err, &invalid) || errors.As(err, &unknown) {
		return "", notAllowed(from, e)
	}
	return "", fmt.Errorf("state machine: %w", err)
}

func notAllowed(from State, e Event) error {
	// Each event a person may send, by its Chinese name and its REST verb
	// (the event in lowerCamelCase: request_clarification is
	// :requestClarification); time-driven events are nobody's to send.
	var names []string
	for _, a := range Allowed(from) {
		if roles := RolesFor(a); len(roles) == 1 && roles[0] == actor.System {
			continue
		}
		if a == AttachDocument || a == RemoveDocument {
			continue // sent as uploads and removals of documents, not as verbs
		}
		parts := strings.Split(string(a), "_")
		for i := 1; i < len(parts); i++ {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
		names = append(names, fmt.Sprintf("%s（:%s）", a.Label(), strings.Join(parts, "")))
	}
	list := strings.Join(names, "、")
	if list == "" {
		list = "无"
	}
	return errs.New(errs.FailedPrecondition, fmt.Sprintf("案件当前状态为「%s」(%s)，不能执行「%s」(%s)；该状态允许的操作：%s",
		from.Label(), from, e.Label(), e, list))
}

// Allowed lists the events that state s allows, in table order.
func Allowed(s State) []Event {
	m := newMachine(s)
	var out []Event
	for _, t := range Table {
		if m.Can(fsmName(t.Event, t.Guard)) && !slices.Contains(out, t.Event) {
			out = append(out, t.Event)
		}
	}
	return out
}

// RolesFor returns the roles that may cause event e.
func RolesFor(e Event) []actor.Role {
	var out []actor.Role
	for _, t := range Table {
		if t.Event != e {
			continue
		}
		for _, r := range t.Roles {
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out
}

// Mermaid renders the workflow as a Mermaid state diagram (looplab/fsm's
// own rendering of the machine built from Table), for the README.
func Mermaid() string {
	out, err := fsm.VisualizeForMermaidWithGraphType(newMachine(New), fsm.StateDiagram)
	if err != nil {
		panic(err) // StateDiagram is a known diagram type
	}
	return out
}
