// Package correction holds correction requests (更正申请) under Art. 41 of
// the Regulation: a person shows that government information an agency
// holds about them is recorded wrongly and asks for it to be corrected.
// It is a request kind of its own beside the disclosure applications of
// package cases, with its own small workflow (received, processing, sign-off,
// then corrected, transferred or refused; or withdrawn), tracking numbers,
// clock (the agency's correction_days working days), hash-chained history
// and letters, all in its own tables.
package correction

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

// State is where a correction request stands.
type State string

// The states. New is the pseudo-state before a request exists; it is never
// stored.
const (
	New         State = "NEW"
	Received    State = "RECEIVED"
	Processing  State = "PROCESSING"
	SignOff     State = "SIGN_OFF"
	Corrected   State = "CORRECTED"
	Transferred State = "TRANSFERRED"
	Refused     State = "REFUSED"
	Withdrawn   State = "WITHDRAWN"
)

// States lists every stored state in workflow order.
var States = []State{Received, Processing, SignOff, Corrected, Transferred, Refused, Withdrawn}

// Open reports whether a request in state s still waits for its decision.
func (s State) Open() bool { return s == Received || s == Processing || s == SignOff }

var stateLabels = map[State]string{
	New: "新建", Received: "已受理", Processing: "办理中", SignOff: "待负责人签发",
	Corrected: "已更正", Transferred: "已转送或告知向有权机关提出", Refused: "不予更正", Withdrawn: "已撤回",
}

// Label is the state's Chinese name.
func (s State) Label() string { return stateLabels[s] }

// Event is something that happens to a correction request.
type Event string

// The events.
const (
	Submit   Event = "submit"
	Register Event = "register"
	Assign   Event = "assign"
	Decide   Event = "decide"
	Return   Event = "return"
	Sign     Event = "sign"
	Withdraw Event = "withdraw"
)

// Events lists the events a person sends to an existing request.
var Events = []Event{Assign, Decide, Return, Sign, Withdraw}

var eventLabels = map[Event]string{
	Submit: "网上提交", Register: "窗口登记", Assign: "分办", Decide: "提出处理意见",
	Return: "退回处理意见", Sign: "签发答复", Withdraw: "撤回申请",
}

// Label is the event's Chinese name.
func (e Event) Label() string {
	if e == DueRecomputed {
		return "办理期限重新计算"
	}
	return eventLabels[e]
}

// Guard picks which transition of the sign event applies: the outcome the
// officer decided.
type Guard string

// The guards; Always is an event with one transition.
const Always Guard = ""

// Transition is one row of the workflow table.
type Transition struct {
	Event Event
	Guard Guard
	From  []State
	To    State
	Roles []actor.Role
}

var (
	head         = []actor.Role{actor.Head}
	beforeDecide = []State{Received, Processing, SignOff}
)

// Table is the whole workflow of a correction request: the only place
// that says which event may move a request from which state to which, and
// who may send it.
var Table = []Transition{
	{Event: Submit, From: []State{New}, To: Received, Roles: []actor.Role{actor.Applicant}},
	{Event: Register, From: []State{New}, To: Received, Roles: []actor.Role{actor.Clerk}},
	{Event: Assign, From: []State{Received, Processing}, To: Processing, Roles: []actor.Role{actor.Officer, actor.Head}},
	{Event: Decide, From: []State{Processing}, To: SignOff, Roles: []actor.Role{actor.Officer}},
	{Event: Return, From: []State{SignOff}, To: Processing, Roles: head},
	{Event: Sign, Guard: Guard(OutcomeCorrected), From: []State{SignOff}, To: Corrected, Roles: head},
	{Event: Sign, Guard: Guard(OutcomeTransferred), From: []State{SignOff}, To: Transferred, Roles: head},
	{Event: Sign, Guard: Guard(OutcomeRefused), From: []State{SignOff}, To: Refused, Roles: head},
	{Event: Withdraw, From: beforeDecide, To: Withdrawn, Roles: []actor.Role{actor.Applicant, actor.Clerk}},
}

func fsmName(e Event, g Guard) string {
	if g == Always {
		return string(e)
	}
	return string(e) + " [" + string(g) + "]"
}

// newMachine builds a fresh machine in state s, without callbacks: the
// service asks it, then writes the database itself.
func newMachine(s State) *fsm.FSM {
	var events fsm.Events
	for _, t := range Table {
		src := make([]string, len(t.From))
		for i, from := range t.From {
			src[i] = string(from)
		}
		events = append(events, fsm.EventDesc{Name: fsmName(t.Event, t.Guard), Src: src, Dst: string(t.To)})
	}
	return fsm.NewFSM(string(s), events, nil)
}

// Next asks the machine where event e (under guard g) takes a request in
// state from; an event the state does not allow is FailedPrecondition,
// naming the state and the events it allows.
func Next(from State, e Event, g Guard) (State, error) {
	m := newMachine(from)
	err := m.Event(context.Background(), fsmName(e, g))
	var noChange fsm.NoTransitionError
	if err == nil || errors.As(err, &noChange) {
		return State(m.Current()), nil
	}
	var invalid fsm.InvalidEventError
	var unknown fsm.UnknownEventError
	if errors.As(err, &invalid) || errors.As(err, &unknown) {
		return "", notAllowed(from, e)
	}
	return "", fmt.Errorf("state machine: %w", err)
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

// RolesFor returns the roles that may send event e.
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

// notAllowed names the state and the events one may send in it, by their
// Chinese names and the value of the API's event field.
func notAllowed(from State, e Event) error {
	var names []string
	for _, a := range Allowed(from) {
		names = append(names, fmt.Sprintf("%s（CORRECTION_EVENT_%s）", a.Label(), strings.ToUpper(string(a))))
	}
	list := strings.Join(names, "、")
	if list == "" {
		list = "无"
	}
	return errs.New(errs.FailedPrecondition, fmt.Sprintf("更正申请当前状态为「%s」(%s)，不能执行「%s」(%s)；该状态允许的操作：%s",
		from.Label(), from, e.Label(), e, list))
}

// authorize checks that the actor's role may send event e.
func authorize(who actor.Actor, e Event) error {
	if !slices.Contains(RolesFor(e), who.Role) {
		var labels []string
		for _, r := range RolesFor(e) {
			labels = append(labels, r.Label())
		}
		return errs.New(errs.PermissionDenied, fmt.Sprintf("%s无权执行「%s」，仅%s可以执行该操作", who.Role.Label(), e.Label(), strings.Join(labels, "或")))
	}
	return nil
}

// Mermaid renders the workflow as a Mermaid state diagram, for the README.
func Mermaid() string {
	out, err := fsm.VisualizeForMermaidWithGraphType(newMachine(New), fsm.StateDiagram)
	if err != nil {
		panic(err) // StateDiagram is a known diagram type
	}
	return out
}
