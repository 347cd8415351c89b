// Package actor says who is making a call: the signed-in account, its role
// and the agencies it works for. The authentication interceptor puts an Actor
// in the context; domain code reads it to scope queries and to attribute
// every change to a real person.
package actor

import (
	"context"
	"slices"
)

// Role is what an account may do (workflow.md, People).
type Role string

// The roles.
const (
	Applicant    Role = "APPLICANT"
	Clerk        Role = "CLERK"
	Officer      Role = "OFFICER"
	LegalAdviser Role = "LEGAL_ADVISER"
	Head         Role = "HEAD"
	Admin        Role = "ADMIN"
	// System is the service itself: the sweeper that fires lapses.
	System Role = "SYSTEM"
)

// Roles lists the roles a person can hold, in display order.
var Roles = []Role{Applicant, Clerk, Officer, LegalAdviser, Head, Admin}

// Staff reports whether r works inside agencies.
func (r Role) Staff() bool {
	switch r {
	case Clerk, Officer, LegalAdviser, Head:
		return true
	}
	return false
}

// Label is the role's Chinese name.
func (r Role) Label() string {
	switch r {
	case Applicant:
		return "申请人"
	case Clerk:
		return "窗口工作人员"
	case Officer:
		return "承办人"
	case LegalAdviser:
		return "法律顾问"
	case Head:
		return "负责人"
	case Admin:
		return "系统管理员"
	case System:
		return "系统"
	}
	return string(r)
}

// Actor is the caller of one request.
type Actor struct {
	AccountID string
	SessionID string
	Name      string
	Role      Role
	// Agencies the account works for (staff only).
	Agencies []string
}

// SystemActor is the service acting on its own (time-driven events).
var SystemActor = Actor{AccountID: "", Name: "系统", Role: System}

// InAgency reports whether the actor may see and act on the agency's cases:
// staff of that agency, administrators and the system.
func (a Actor) InAgency(agencyID string) bool {
	switch a.Role {
	case Admin, System:
		return true
	case Applicant:
		return false
	}
	return slices.Contains(a.Agencies, agencyID)
}

type key struct{}

// With returns ctx carrying a.
func With(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, key{}, a)
}

// From returns the actor in ctx, if any.
func From(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(key{}).(Actor)
	return a, ok
}
