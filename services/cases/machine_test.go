package cases

import (
	"errors"
	"flag"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"foi/services/actor"
	"foi/services/errs"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// workflowMD transcribes the Events table of workflow.md, independently of
// Table: for each event, the states it may start from, every state it may
// lead to, and who may cause it. "same" destinations are written out.
var workflowMD = map[Event]struct {
	from  []State
	to    []State // several when the destination depends on the case's data
	roles []actor.Role
}{
	Submit:               {[]State{New}, []State{Submitted}, []actor.Role{actor.Applicant}},
	Register:             {[]State{New}, []State{Accepted}, []actor.Role{actor.Clerk}},
	Confirm:              {[]State{Submitted}, []State{Accepted}, []actor.Role{actor.Clerk}},
	Assign:               {[]State{Accepted, Processing}, []State{Processing}, []actor.Role{actor.Officer, actor.Head}},
	Reassign:             {[]State{Clarification, Processing, Consultation, AwaitingFee, LegalReview, SignOff}, nil, []actor.Role{actor.Head}},
	RequestClarification: {[]State{Accepted, Processing}, []State{Clarification}, []actor.Role{actor.Officer}},
	Supplement:           {[]State{Clarification}, []State{Processing}, []actor.Role{actor.Applicant, actor.Clerk}},
	ClarificationLapsed:  {[]State{Clarification}, []State{Closed}, []actor.Role{actor.System}},
	StartConsultation:    {[]State{Processing}, []State{Consultation}, []actor.Role{actor.Officer}},
	RecordOpinion:        {[]State{Consultation}, []State{Consultation, Processing}, []actor.Role{actor.Officer}},
	ConsultationLapsed:   {[]State{Consultation}, []State{Consultation, Processing}, []actor.Role{actor.System}},
	// An amount below the maximum waits for the head (rules.md section 4):
	// the case stays in processing until approve_fee_reduction issues it.
	IssueFeeNotice:      {[]State{Processing}, []State{AwaitingFee, Processing}, []actor.Role{actor.Officer}},
	ApproveFeeReduction: {[]State{Processing}, []State{AwaitingFee}, []actor.Role{actor.Head}},
	RejectFeeReduction:  {[]State{Processing}, nil, []actor.Role{actor.Head}},
	ClaimPayment:        {[]State{AwaitingFee}, nil, []actor.Role{actor.Applicant}},
	RecordPayment:       {[]State{AwaitingFee}, []State{Processing}, []actor.Role{actor.Clerk, actor.Officer}},
	WaiveFee:            {[]State{AwaitingFee}, []State{Processing}, []actor.Role{actor.Head}},
	FeeLapsed:           {[]State{AwaitingFee}, []State{Closed}, []actor.Role{actor.System}},
	RequestExtension:    {[]State{Accepted, Processing, Consultation, LegalReview, SignOff}, nil, []actor.Role{actor.Officer}},
	ApproveExtension:    {[]State{Accepted, Processing, Consultation, LegalReview, SignOff}, nil, []actor.Role{actor.Head}},
	RejectExtension:     {[]State{Accepted, Processing, Consultation, LegalReview, SignOff}, nil, []actor.Role{actor.Head}},
	SetDelayedDueDate:   {[]State{Processing}, nil, []actor.Role{actor.Head}},
	CorrectDelayedDue:   {[]State{Processing, LegalReview, SignOff}, nil, []actor.Role{actor.Head}},
	SubmitDraft:         {[]State{Processing}, []State{LegalReview, SignOff}, []actor.Role{actor.Officer}},
	ReturnDraft:         {[]State{LegalReview}, []State{Processing}, []actor.Role{actor.LegalAdviser}},
	ApproveDraft:        {[]State{LegalReview}, []State{SignOff}, []actor.Role{actor.LegalAdviser}},
	RejectSignOff:       {[]State{SignOff}, []State{Processing}, []actor.Role{actor.Head}},
	SignOffReply:        {[]State{SignOff}, []State{Replied}, []actor.Role{actor.Head}},
	ReplyOnTheSpot:      {[]State{Accepted}, []State{Replied}, []actor.Role{actor.Clerk}},
	RecordDelivery:      {[]State{Replied}, []State{Closed}, []actor.Role{actor.Clerk, actor.Officer}},
	Withdraw:            {[]State{Submitted, Accepted, Clarification, Processing, Consultation, AwaitingFee}, []State{Withdrawn}, []actor.Role{actor.Applicant, actor.Clerk}},
	RecordRemedy:        {[]State{Accepted, Clarification, Processing, Consultation, AwaitingFee, LegalReview, SignOff, Replied, Closed}, nil, []actor.Role{actor.Officer}},
	RecordRefund:        {[]State{Closed}, nil, []actor.Role{actor.Officer, actor.Head}},
	Reopen:              {[]State{Closed}, []State{Processing}, []actor.Role{actor.Head}},
	Void:                {[]State{Submitted, Accepted}, []State{Voided}, []actor.Role{actor.Head}},
	Forward:             {[]State{Submitted}, nil, []actor.Role{actor.Clerk}},
	// workflow.md names the clerk; a changed received-on needs the head's
	// approval, which the head gives by making that correction.
	CorrectDetails: {[]State{Submitted, Accepted, Clarification, Processing, Consultation, AwaitingFee, LegalReview, SignOff}, nil,
		[]actor.Role{actor.Clerk, actor.Head}},
	// Documents (issue 13): the state stays; which kind whoever may attach
	// in which state is decided by decideAttach.
	AttachDocument: {[]State{Submitted, Accepted, Clarification, Processing, Consultation, AwaitingFee, LegalReview, SignOff, Replied, Closed}, nil,
		[]actor.Role{actor.Applicant, actor.Clerk, actor.Officer, actor.Head}},
	RemoveDocument: {[]State{Submitted, Accepted, Clarification, Processing, Consultation, AwaitingFee, LegalReview, SignOff, Replied, Closed}, nil,
		[]actor.Role{actor.Applicant, actor.Clerk, actor.Officer, actor.Head}},
}

var guards = []Guard{Always, AllAnswered, ReviewSkipped, ReductionRequested}

// TestMachineMatrix tries every event in every state under every guard and
// compares where the machine goes with workflow.md.
func TestMachineMatrix(t *testing.T) {
	if len(workflowMD) != len(eventLabels) {
		t.Fatalf("workflow.md has %d events, the code labels %d", len(workflowMD), len(eventLabels))
	}
	for _, from := range append([]State{New}, States...) {
		for e, spec := range workflowMD {
			var got []State
			for _, g := range guards {
				to, err := Next(from, e, g)
				if err != nil {
					if !errors.Is(err, errs.FailedPrecondition) {
						t.Errorf("%s --%s[%s]: error %v is not FailedPrecondition", from, e, g, err)
					}
					continue
				}
				if !slices.Contains(got, to) {
					got = append(got, to)
				}
			}
			var want []State
			if slices.Contains(spec.from, from) {
				want = spec.to
				if want == nil {
					want = []State{from} // the event records something; the state stays
				}
			}
			slices.Sort(got)
			want = slices.Sorted(slices.Values(want))
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s --%s-> mismatch (-want +got):\n%s", from, e, diff)
			}
		}
	}
}

func TestRolesMatchWorkflow(t *testing.T) {
	for e, spec := range workflowMD {
		want := slices.Sorted(slices.Values(spec.roles))
		got := slices.Sorted(slices.Values(RolesFor(e)))
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("roles of %s mismatch (-want +got):\n%s", e, diff)
		}
	}
}

// TestRefusalNamesStateAndAllowedEvents checks the FailedPrecondition text
// that a clerk sees when an event does not fit the case's state.
func TestRefusalNamesStateAndAllowedEvents(t *testing.T) {
	_, err := Next(Submitted, Assign, Always)
	if !errors.Is(err, errs.FailedPrecondition) {
		t.Fatalf("Next(SUBMITTED, assign) = %v, want FailedPrecondition", err)
	}
	msg, _ := errs.UserText(err)
	for _, part := range []string{"SUBMITTED", "已提交待确认", "assign", "confirm", "withdraw"} {
		if !strings.Contains(msg, part) {
			t.Errorf("message %q does not mention %q", msg, part)
		}
	}
	if diff := cmp.Diff([]Event{Confirm, Withdraw, Void, Forward, CorrectDetails, AttachDocument, RemoveDocument}, Allowed(Submitted)); diff != "" {
		t.Errorf("Allowed(SUBMITTED) mismatch (-want +got):\n%s", diff)
	}
	if got := Allowed(Withdrawn); len(got) != 0 {
		t.Errorf("Allowed(WITHDRAWN) = %v, want none", got)
	}
}

func TestEveryStateAndEventHasALabel(t *testing.T) {
	for _, s := range append([]State{New}, States...) {
		if s.Label() == "" {
			t.Errorf("state %s has no Chinese label", s)
		}
	}
	for e := range workflowMD {
		if e.Label() == "" {
			t.Errorf("event %s has no Chinese label", e)
		}
	}
}

// TestMermaidGolden keeps the diagram shown in the README in step with the
// machine. Run with -update to rewrite it after changing Table.
func TestMermaidGolden(t *testing.T) {
	got := Mermaid()
	const path = "testdata/workflow.mmd"
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("Mermaid diagram mismatch (-want +got), run with -update if intended:\n%s", diff)
	}
	for _, e := range []string{"record_opinion [all answered]", "submit_draft [review skipped]", "reopen"} {
		if !strings.Contains(got, e) {
			t.Errorf("diagram lacks %q", e)
		}
	}
}
