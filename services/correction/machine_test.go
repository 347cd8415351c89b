package correction

import (
	"errors"
	"flag"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"foi/services/actor"
	"foi/services/errs"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// flow transcribes the workflow of a correction request (issue 12, item 7
// and Art. 41) independently of Table: each event's starting states, where
// it leads under each guard, and who may send it.
var flow = map[Event]struct {
	from  []State
	to    map[Guard]State
	roles []actor.Role
}{
	Submit:   {[]State{New}, map[Guard]State{Always: Received}, []actor.Role{actor.Applicant}},
	Register: {[]State{New}, map[Guard]State{Always: Received}, []actor.Role{actor.Clerk}},
	Assign:   {[]State{Received, Processing}, map[Guard]State{Always: Processing}, []actor.Role{actor.Officer, actor.Head}},
	Decide:   {[]State{Processing}, map[Guard]State{Always: SignOff}, []actor.Role{actor.Officer}},
	Return:   {[]State{SignOff}, map[Guard]State{Always: Processing}, []actor.Role{actor.Head}},
	Sign: {[]State{SignOff}, map[Guard]State{Guard(OutcomeCorrected): Corrected, Guard(OutcomeTransferred): Transferred,
		Guard(OutcomeRefused): Refused}, []actor.Role{actor.Head}},
	Withdraw: {[]State{Received, Processing, SignOff}, map[Guard]State{Always: Withdrawn}, []actor.Role{actor.Applicant, actor.Clerk}},
}

// TestMachineMatrix sends every event in every state under every guard and
// compares where the machine goes with the transcription.
func TestMachineMatrix(t *testing.T) {
	if len(flow) != len(eventLabels) {
		t.Fatalf("the transcription has %d events, the code labels %d", len(flow), len(eventLabels))
	}
	guards := []Guard{Always, Guard(OutcomeCorrected), Guard(OutcomeTransferred), Guard(OutcomeRefused)}
	for _, s := range append([]State{New}, States...) {
		if s.Label() == "" {
			t.Errorf("%s has no label", s)
		}
		for e, want := range flow {
			for _, g := range guards {
				to, err := Next(s, e, g)
				wantTo, ok := want.to[g]
				if !slices.Contains(want.from, s) {
					ok = false
				}
				switch {
				case ok && (err != nil || to != wantTo):
					t.Errorf("%s --%s[%s]--> %s, %v; want %s", s, e, g, to, err, wantTo)
				case !ok && err == nil:
					t.Errorf("%s --%s[%s]--> %s; want refused", s, e, g, to)
				case !ok && !errors.Is(err, errs.FailedPrecondition):
					t.Errorf("%s --%s[%s]: %v, want FailedPrecondition", s, e, g, err)
				}
			}
		}
	}
	for e, want := range flow {
		if diff := cmp.Diff(want.roles, RolesFor(e)); diff != "" {
			t.Errorf("roles of %s mismatch (-want +got):\n%s", e, diff)
		}
	}
}

// TestRefusalsNameStateAndRole: the wrong state names itself and what it
// allows; the wrong role says who may.
func TestRefusalsNameStateAndRole(t *testing.T) {
	_, err := Next(Received, Sign, Guard(OutcomeRefused))
	msg, _ := errs.UserText(err)
	for _, want := range []string{"已受理", "签发答复", "分办（CORRECTION_EVENT_ASSIGN）", "撤回申请（CORRECTION_EVENT_WITHDRAW）"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q does not contain %q", msg, want)
		}
	}
	err = authorize(actor.Actor{Role: actor.Clerk}, Sign)
	if msg, _ := errs.UserText(err); !errors.Is(err, errs.PermissionDenied) || !strings.Contains(msg, "仅负责人") {
		t.Errorf("a clerk signing: %v", err)
	}
	if _, err := Next(Corrected, Withdraw, Always); !strings.Contains(err.Error(), "无") {
		t.Errorf("a decided request allows something: %v", err)
	}
}

func TestAllowedFor(t *testing.T) {
	officer := actor.Actor{AccountID: "o1", Role: actor.Officer}
	r := &Request{State: Processing, AssigneeID: "o2"}
	if got := r.AllowedFor(officer); len(got) != 0 {
		t.Errorf("another officer's request allows %v", got)
	}
	r.AssigneeID = "o1"
	if got := r.AllowedFor(officer); !slices.Equal(got, []Event{Decide}) {
		t.Errorf("the assignee may %v", got)
	}
	if got := (&Request{State: Received}).AllowedFor(officer); !slices.Equal(got, []Event{Assign}) {
		t.Errorf("an officer of an unassigned request may %v", got)
	}
	if got := (&Request{State: SignOff}).AllowedFor(actor.Actor{Role: actor.Head}); !slices.Equal(got, []Event{Return, Sign}) {
		t.Errorf("the head at sign-off may %v", got)
	}
}

func TestDecisionValidation(t *testing.T) {
	tests := []struct {
		name string
		d    Decision
		want []string // fields refused
	}{
		{"no outcome", Decision{}, []string{"outcome"}},
		{"corrected without the new text", Decision{Outcome: OutcomeCorrected}, []string{"corrected"}},
		{"corrected", Decision{Outcome: OutcomeCorrected, Corrected: "已更正"}, nil},
		{"transferred without mode or agency", Decision{Outcome: OutcomeTransferred}, []string{"transferMode", "transferAgency"}},
		{"transferred", Decision{Outcome: OutcomeTransferred, TransferMode: ToldToApply, TransferAgency: "示范区公安分局"}, nil},
		{"refused without a reason", Decision{Outcome: OutcomeRefused, Reason: "  "}, []string{"reason"}},
		{"refused", Decision{Outcome: OutcomeRefused, Reason: "证据不足"}, nil},
		{"too long", Decision{Outcome: OutcomeRefused, Reason: strings.Repeat("长", maxReason+1)}, []string{"reason"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.d
			var got []string
			var inv *errs.Invalid
			if err := d.validate(); errors.As(err, &inv) {
				for _, v := range inv.Violations {
					got = append(got, v.Field)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("violations mismatch (-want +got):\n%s", diff)
			}
		})
	}
	// A decision keeps only the fields of its outcome.
	d := Decision{Outcome: OutcomeRefused, Reason: "证据不足", Corrected: "x", TransferMode: Forwarded, TransferAgency: "y"}
	if err := d.validate(); err != nil || d.Corrected != "" || d.TransferMode != "" || d.TransferAgency != "" {
		t.Errorf("a refusal keeps other outcomes' fields: %+v %v", d, err)
	}
}

func TestForApplicant(t *testing.T) {
	signed := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	r := Request{State: SignOff, Decision: Decision{Outcome: OutcomeRefused, Reason: "x"}, DecidedBy: "officer", DecidedAt: signed, AssigneeID: "o"}
	if got := ForApplicant(r); got.Decision != (Decision{}) || !got.DecidedAt.IsZero() || got.DecidedBy != "" || got.AssigneeID != "" {
		t.Errorf("before signing the applicant sees %+v", got)
	}
	r.State = Refused
	if got := ForApplicant(r); got.Decision.Reason != "x" || got.DecidedBy != "" {
		t.Errorf("after signing the applicant sees %+v", got)
	}
}

// TestMermaidGolden keeps the diagram in the README in step with Table.
func TestMermaidGolden(t *testing.T) {
	got := Mermaid()
	path := "testdata/workflow.mmd"
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("Mermaid diagram mismatch (-want +got), run with -update if intended:\n%s", diff)
	}
}
