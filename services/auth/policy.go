package auth

import (
	"foi/services/actor"
	"foi/services/cases"
)

// Scope says which records a method reaches for a role it admits. The
// interceptor enforces roles; the domain enforces scope in its queries
// (an applicant's own applications, a staff member's agencies), answering
// NotFound for anything outside it.
type Scope string

// The scopes.
const (
	ScopePublic Scope = "public" // no token needed
	ScopeSelf   Scope = "self"   // the caller's own account or session
	ScopeCases  Scope = "cases"  // applicants: their own; staff: their agencies'; admin: all
	ScopeAll    Scope = "all"    // administrators over the whole service
	ScopeAgency Scope = "agency" // staff of the agency the request names
)

// Rule is one row of the policy.
type Rule struct {
	Roles []actor.Role
	Scope Scope
	// DuringPasswordChange admits an account that must still change its
	// initial password.
	DuringPasswordChange bool
}

var (
	everyone      = actor.Roles
	adminOnly     = []actor.Role{actor.Admin}
	caseReader    = []actor.Role{actor.Applicant, actor.Clerk, actor.Officer, actor.LegalAdviser, actor.Head, actor.Admin}
	staffAndAdmin = []actor.Role{actor.Clerk, actor.Officer, actor.LegalAdviser, actor.Head, actor.Admin}
)

func public() Rule { return Rule{Scope: ScopePublic} }

// event admits the roles the workflow table allows for a case event, so the
// policy and the state machine can never disagree.
func event(e cases.Event) Rule { return Rule{Roles: cases.RolesFor(e), Scope: ScopeCases} }

// Policy maps every RPC to who may call it. A method missing here is
// refused for everyone (and a test fails).
var Policy = map[string]Rule{
	"/foi.v1.AgencyService/CreateAgency":       {Roles: adminOnly, Scope: ScopeAll},
	"/foi.v1.AgencyService/ListAgencies":       public(),
	"/foi.v1.AgencyService/UpdateAgencyPolicy": {Roles: adminOnly, Scope: ScopeAll},
	"/foi.v1.AgencyService/PutNoticeTemplate":  {Roles: adminOnly, Scope: ScopeAll},
	"/foi.v1.AgencyService/GetNoticeTemplate":  {Roles: staffAndAdmin, Scope: ScopeAll},

	"/foi.v1.WorkflowService/AssignApplication":     event(cases.Assign),
	"/foi.v1.WorkflowService/RequestClarification":  event(cases.RequestClarification),
	"/foi.v1.WorkflowService/SupplementApplication": event(cases.Supplement),
	"/foi.v1.WorkflowService/StartConsultation":     event(cases.StartConsultation),
	"/foi.v1.WorkflowService/RecordOpinion":         event(cases.RecordOpinion),
	"/foi.v1.WorkflowService/RequestExtension":      event(cases.RequestExtension),
	"/foi.v1.WorkflowService/ApproveExtension":      event(cases.ApproveExtension),
	"/foi.v1.WorkflowService/SetDelayedDueDate":     event(cases.SetDelayedDueDate),
	"/foi.v1.WorkflowService/ReplyOnTheSpot":        event(cases.ReplyOnTheSpot),
	"/foi.v1.WorkflowService/RecordDelivery":        event(cases.RecordDelivery),
	"/foi.v1.WorkflowService/WithdrawApplication":   event(cases.Withdraw),
	"/foi.v1.WorkflowService/RecordRemedy":          event(cases.RecordRemedy),
	"/foi.v1.WorkflowService/ReopenApplication":     event(cases.Reopen),

	"/foi.v1.WorkflowService/ListConsultations": {Roles: staffAndAdmin, Scope: ScopeCases},
	"/foi.v1.WorkflowService/ListRemedies":      {Roles: caseReader, Scope: ScopeCases},
	"/foi.v1.WorkflowService/SubmitDraft":       event(cases.SubmitDraft),
	"/foi.v1.WorkflowService/ReturnDraft":       event(cases.ReturnDraft),
	"/foi.v1.WorkflowService/ApproveDraft":      event(cases.ApproveDraft),
	"/foi.v1.WorkflowService/RejectSignOff":     event(cases.RejectSignOff),
	"/foi.v1.WorkflowService/SignOff":           event(cases.SignOffReply),

	"/foi.v1.ReviewService/CreateDraft":    {Roles: []actor.Role{actor.Officer}, Scope: ScopeCases},
	"/foi.v1.ReviewService/ListDrafts":     {Roles: staffAndAdmin, Scope: ScopeCases},
	"/foi.v1.ReviewService/CheckDraft":     {Roles: staffAndAdmin, Scope: ScopeCases},
	"/foi.v1.ReviewService/ListReviews":    {Roles: []actor.Role{actor.LegalAdviser, actor.Head, actor.Admin}, Scope: ScopeCases},
	"/foi.v1.ReviewService/ListLegalBases": {Roles: staffAndAdmin, Scope: ScopeAll},

	"/foi.v1.WorkflowService/IssueFeeNotice": event(cases.IssueFeeNotice),
	"/foi.v1.WorkflowService/RecordPayment":  event(cases.RecordPayment),
	"/foi.v1.WorkflowService/WaiveFee":       event(cases.WaiveFee),

	"/foi.v1.FeeService/QuoteFee":         public(),
	"/foi.v1.FeeService/ListFeeNotices":   {Roles: caseReader, Scope: ScopeCases},
	"/foi.v1.FeeService/GetFeeStatistics": {Roles: []actor.Role{actor.Head, actor.Admin}, Scope: ScopeAgency},

	"/foi.v1.HistoryService/ListApplicationEvents":    {Roles: caseReader, Scope: ScopeCases},
	"/foi.v1.HistoryService/VerifyApplicationHistory": {Roles: caseReader, Scope: ScopeCases},
	"/foi.v1.HistoryService/ListNotices":              {Roles: caseReader, Scope: ScopeCases},
	"/foi.v1.HistoryService/GetNotice":                {Roles: caseReader, Scope: ScopeCases},

	"/foi.v1.ApplicationService/SubmitApplication":      event(cases.Submit),
	"/foi.v1.ApplicationService/RegisterApplication":    {Roles: cases.RolesFor(cases.Register), Scope: ScopeAgency},
	"/foi.v1.ApplicationService/ConfirmApplication":     event(cases.Confirm),
	"/foi.v1.ApplicationService/GetApplication":         {Roles: caseReader, Scope: ScopeCases},
	"/foi.v1.ApplicationService/ListApplications":       {Roles: caseReader, Scope: ScopeCases},
	"/foi.v1.ApplicationService/GetApplicationDeadline": {Roles: caseReader, Scope: ScopeCases},

	"/foi.v1.CalendarService/ListCalendarDays":  public(),
	"/foi.v1.CalendarService/ListCalendarYears": public(),
	"/foi.v1.CalendarService/PutCalendarYear":   {Roles: adminOnly, Scope: ScopeAll},
	"/foi.v1.DeadlineService/ComputeDeadline":   public(),

	"/foi.v1.AccountService/RegisterApplicant": public(),
	"/foi.v1.AccountService/GetCurrentAccount": {Roles: everyone, Scope: ScopeSelf, DuringPasswordChange: true},
	"/foi.v1.AccountService/ChangePassword":    {Roles: everyone, Scope: ScopeSelf, DuringPasswordChange: true},
	"/foi.v1.AccountService/CreateAccount":     {Roles: adminOnly, Scope: ScopeAll},
	"/foi.v1.AccountService/ListAccounts":      {Roles: adminOnly, Scope: ScopeAll},
	"/foi.v1.AccountService/DisableAccount":    {Roles: adminOnly, Scope: ScopeAll},

	"/foi.v1.SessionService/CreateSession":        public(),
	"/foi.v1.SessionService/RefreshSession":       public(),
	"/foi.v1.SessionService/ExchangeIdToken":      public(),
	"/foi.v1.SessionService/DeleteCurrentSession": {Roles: everyone, Scope: ScopeSelf, DuringPasswordChange: true},

	"/grpc.health.v1.Health/Check": public(),
	"/grpc.health.v1.Health/Watch": public(),
	"/grpc.health.v1.Health/List":  public(),

	"/grpc.reflection.v1.ServerReflection/ServerReflectionInfo":      public(),
	"/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo": public(),
}
