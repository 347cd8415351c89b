package api

import (
	"slices"

	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	reflectionalphapb "google.golang.org/grpc/reflection/grpc_reflection_v1alpha"

	foiv1 "foi/gen/foi/v1"
	"foi/services/actor"
	"foi/services/cases"
	"foi/services/correction"
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
	// archivist: who hands a closed case to the archive.
	archivist    = []actor.Role{actor.Clerk, actor.Officer, actor.Head, actor.Admin}
	reportReader = []actor.Role{actor.Officer, actor.Head, actor.Admin}
	// districtReader: who sees the district as a whole.
	districtReader = []actor.Role{actor.Head, actor.Admin}
)

func public() Rule { return Rule{Scope: ScopePublic} }

// correctionReader: who reads correction requests; legal advisers and
// administrators have no part in them.
var correctionReader = []actor.Role{actor.Applicant, actor.Clerk, actor.Officer, actor.Head}

// correctionActors are the roles of every event of a correction request.
func correctionActors() []actor.Role {
	var out []actor.Role
	for _, e := range correction.Events {
		for _, r := range correction.RolesFor(e) {
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out
}

// event admits the roles the workflow table allows for a case event, so the
// policy and the state machine can never disagree.
func event(e cases.Event) Rule { return Rule{Roles: cases.RolesFor(e), Scope: ScopeCases} }

// Policy maps every RPC to who may call it. A method missing here is
// refused for everyone (and a test fails).
var Policy = map[string]Rule{
	foiv1.AgencyService_CreateAgency_FullMethodName:               {Roles: adminOnly, Scope: ScopeAll},
	foiv1.AgencyService_ListAgencies_FullMethodName:               public(),
	foiv1.AgencyService_UpdateAgencyPolicy_FullMethodName:         {Roles: adminOnly, Scope: ScopeAll},
	foiv1.AgencyService_PutNoticeTemplate_FullMethodName:          {Roles: adminOnly, Scope: ScopeAll},
	foiv1.AgencyService_GetNoticeTemplate_FullMethodName:          {Roles: staffAndAdmin, Scope: ScopeAll},
	foiv1.AgencyService_ListNoticeTemplates_FullMethodName:        {Roles: staffAndAdmin, Scope: ScopeAll},
	foiv1.AgencyService_ListNoticeTemplateVersions_FullMethodName: {Roles: staffAndAdmin, Scope: ScopeAll},
	foiv1.AgencyService_PreviewNoticeTemplate_FullMethodName:      {Roles: adminOnly, Scope: ScopeAll},

	foiv1.WorkflowService_AssignApplication_FullMethodName:         event(cases.Assign),
	foiv1.WorkflowService_ReassignApplication_FullMethodName:       event(cases.Reassign),
	foiv1.WorkflowService_RequestClarification_FullMethodName:      event(cases.RequestClarification),
	foiv1.WorkflowService_SupplementApplication_FullMethodName:     event(cases.Supplement),
	foiv1.WorkflowService_StartConsultation_FullMethodName:         event(cases.StartConsultation),
	foiv1.WorkflowService_RecordOpinion_FullMethodName:             event(cases.RecordOpinion),
	foiv1.WorkflowService_RequestExtension_FullMethodName:          event(cases.RequestExtension),
	foiv1.WorkflowService_ApproveExtension_FullMethodName:          event(cases.ApproveExtension),
	foiv1.WorkflowService_RejectExtension_FullMethodName:           event(cases.RejectExtension),
	foiv1.WorkflowService_SetDelayedDueDate_FullMethodName:         event(cases.SetDelayedDueDate),
	foiv1.WorkflowService_CorrectDelayedDueDate_FullMethodName:     event(cases.CorrectDelayedDue),
	foiv1.WorkflowService_ReplyOnTheSpot_FullMethodName:            event(cases.ReplyOnTheSpot),
	foiv1.WorkflowService_RecordDelivery_FullMethodName:            event(cases.RecordDelivery),
	foiv1.WorkflowService_WithdrawApplication_FullMethodName:       event(cases.Withdraw),
	foiv1.WorkflowService_RecordRemedy_FullMethodName:              event(cases.RecordRemedy),
	foiv1.WorkflowService_VoidApplication_FullMethodName:           event(cases.Void),
	foiv1.WorkflowService_CorrectApplicationDetails_FullMethodName: event(cases.CorrectDetails),
	foiv1.WorkflowService_ForwardApplication_FullMethodName:        event(cases.Forward),
	foiv1.WorkflowService_ReopenApplication_FullMethodName:         event(cases.Reopen),

	foiv1.WorkflowService_ListConsultations_FullMethodName: {Roles: staffAndAdmin, Scope: ScopeCases},
	foiv1.WorkflowService_ListRemedies_FullMethodName:      {Roles: caseReader, Scope: ScopeCases},
	foiv1.WorkflowService_SubmitDraft_FullMethodName:       event(cases.SubmitDraft),
	foiv1.WorkflowService_ReturnDraft_FullMethodName:       event(cases.ReturnDraft),
	foiv1.WorkflowService_ApproveDraft_FullMethodName:      event(cases.ApproveDraft),
	foiv1.WorkflowService_RejectSignOff_FullMethodName:     event(cases.RejectSignOff),
	foiv1.WorkflowService_SignOff_FullMethodName:           event(cases.SignOffReply),

	foiv1.ReviewService_CreateDraft_FullMethodName:      {Roles: []actor.Role{actor.Officer}, Scope: ScopeCases},
	foiv1.ReviewService_ListDrafts_FullMethodName:       {Roles: staffAndAdmin, Scope: ScopeCases},
	foiv1.ReviewService_CheckDraft_FullMethodName:       {Roles: staffAndAdmin, Scope: ScopeCases},
	foiv1.ReviewService_ListReviews_FullMethodName:      {Roles: []actor.Role{actor.LegalAdviser, actor.Head, actor.Admin}, Scope: ScopeCases},
	foiv1.ReviewService_ListLegalBases_FullMethodName:   {Roles: staffAndAdmin, Scope: ScopeAll},
	foiv1.ReviewService_CreateLegalBasis_FullMethodName: {Roles: adminOnly, Scope: ScopeAll},
	foiv1.ReviewService_RetireLegalBasis_FullMethodName: {Roles: adminOnly, Scope: ScopeAll},

	foiv1.WorkflowService_IssueFeeNotice_FullMethodName:      event(cases.IssueFeeNotice),
	foiv1.WorkflowService_ApproveFeeReduction_FullMethodName: event(cases.ApproveFeeReduction),
	foiv1.WorkflowService_RejectFeeReduction_FullMethodName:  event(cases.RejectFeeReduction),
	foiv1.WorkflowService_ClaimPayment_FullMethodName:        event(cases.ClaimPayment),
	foiv1.WorkflowService_RecordPayment_FullMethodName:       event(cases.RecordPayment),
	foiv1.WorkflowService_WaiveFee_FullMethodName:            event(cases.WaiveFee),
	foiv1.WorkflowService_RecordRefund_FullMethodName:        event(cases.RecordRefund),

	foiv1.FeeService_QuoteFee_FullMethodName:       public(),
	foiv1.FeeService_ListFeeNotices_FullMethodName: {Roles: caseReader, Scope: ScopeCases},
	// Who may charge a fee may price it first.
	foiv1.FeeService_QuoteApplicationFee_FullMethodName: event(cases.IssueFeeNotice),
	foiv1.FeeService_GetFeeStatistics_FullMethodName:    {Roles: []actor.Role{actor.Head, actor.Admin}, Scope: ScopeAgency},

	// Annual reports: officers read their agencies' reports and the cases
	// behind the cells; heads (and administrators) also publish. The district roll-up is for heads and
	// administrators (the domain refuses officers).
	foiv1.ReportService_GetAnnualReport_FullMethodName:     {Roles: reportReader, Scope: ScopeAgency},
	foiv1.ReportService_ListReportCellCases_FullMethodName: {Roles: reportReader, Scope: ScopeAgency},
	foiv1.ReportService_PublishAnnualReport_FullMethodName: {Roles: []actor.Role{actor.Head, actor.Admin}, Scope: ScopeAgency},
	foiv1.ReportService_ExportAnnualReport_FullMethodName:  {Roles: reportReader, Scope: ScopeAgency},
	// The district's report is published by an administrator: foi has no
	// district-office role, and the administrator runs the service for
	// the district.
	foiv1.ReportService_PublishDistrictReport_FullMethodName: {Roles: adminOnly, Scope: ScopeAll},
	// The analysis (分析研判) is read as the report is, the district's by
	// heads and administrators; the officers and heads of an agency decide
	// which of its most-requested topics to publish proactively.
	foiv1.ReportService_GetAnalysis_FullMethodName:             {Roles: reportReader, Scope: ScopeAgency},
	foiv1.ReportService_ListTopicMarks_FullMethodName:          {Roles: reportReader, Scope: ScopeAgency},
	foiv1.ReportService_GetDistrictAnalysis_FullMethodName:     {Roles: districtReader, Scope: ScopeAll},
	foiv1.ReportService_ListDistrictTopicMarks_FullMethodName:  {Roles: districtReader, Scope: ScopeAll},
	foiv1.ReportService_MarkTopicForPublication_FullMethodName: {Roles: []actor.Role{actor.Officer, actor.Head}, Scope: ScopeAgency},

	foiv1.HistoryService_ListApplicationEvents_FullMethodName:    {Roles: caseReader, Scope: ScopeCases},
	foiv1.HistoryService_VerifyApplicationHistory_FullMethodName: {Roles: caseReader, Scope: ScopeCases},
	foiv1.HistoryService_ListNotices_FullMethodName:              {Roles: caseReader, Scope: ScopeCases},
	foiv1.HistoryService_GetNotice_FullMethodName:                {Roles: caseReader, Scope: ScopeCases},

	foiv1.ApplicationService_SubmitApplication_FullMethodName:       event(cases.Submit),
	foiv1.ApplicationService_RegisterApplication_FullMethodName:     {Roles: cases.RolesFor(cases.Register), Scope: ScopeAgency},
	foiv1.ApplicationService_ConfirmApplication_FullMethodName:      event(cases.Confirm),
	foiv1.ApplicationService_LookupApplicationStatus_FullMethodName: public(),
	foiv1.ApplicationService_GetApplication_FullMethodName:          {Roles: caseReader, Scope: ScopeCases},
	foiv1.ApplicationService_ListApplications_FullMethodName:        {Roles: caseReader, Scope: ScopeCases},
	foiv1.ApplicationService_GetApplicationDeadline_FullMethodName:  {Roles: caseReader, Scope: ScopeCases},
	foiv1.DocumentService_UploadDocument_FullMethodName:             event(cases.AttachDocument),
	foiv1.DocumentService_RemoveDocument_FullMethodName:             event(cases.RemoveDocument),
	foiv1.DocumentService_ListDocuments_FullMethodName:              {Roles: caseReader, Scope: ScopeCases},
	foiv1.DocumentService_DownloadDocument_FullMethodName:           {Roles: caseReader, Scope: ScopeCases},
	foiv1.DocumentService_ExportCaseFile_FullMethodName:             {Roles: archivist, Scope: ScopeCases},
	foiv1.DocumentService_ExportAgencyCaseFiles_FullMethodName:      {Roles: []actor.Role{actor.Head, actor.Admin}, Scope: ScopeAgency},

	// Correction requests (Art. 41): applicants their own, staff of the
	// agency its requests; the transition admits every role of an event,
	// and the workflow table refuses the wrong role for the event sent.
	foiv1.CorrectionService_SubmitCorrection_FullMethodName:     {Roles: correction.RolesFor(correction.Submit), Scope: ScopeCases},
	foiv1.CorrectionService_RegisterCorrection_FullMethodName:   {Roles: correction.RolesFor(correction.Register), Scope: ScopeAgency},
	foiv1.CorrectionService_GetCorrection_FullMethodName:        {Roles: correctionReader, Scope: ScopeCases},
	foiv1.CorrectionService_ListCorrections_FullMethodName:      {Roles: correctionReader, Scope: ScopeCases},
	foiv1.CorrectionService_GetCorrectionLetter_FullMethodName:  {Roles: correctionReader, Scope: ScopeCases},
	foiv1.CorrectionService_TransitionCorrection_FullMethodName: {Roles: correctionActors(), Scope: ScopeCases},

	foiv1.CalendarService_ListCalendarDays_FullMethodName:  public(),
	foiv1.CalendarService_ListCalendarYears_FullMethodName: public(),
	foiv1.CalendarService_PutCalendarYear_FullMethodName:   {Roles: adminOnly, Scope: ScopeAll},
	foiv1.CalendarService_ListCalendarMoves_FullMethodName: {Roles: adminOnly, Scope: ScopeAll},
	foiv1.DeadlineService_ComputeDeadline_FullMethodName:   public(),

	foiv1.AccountService_RegisterApplicant_FullMethodName:       public(),
	foiv1.AccountService_GetCurrentAccount_FullMethodName:       {Roles: everyone, Scope: ScopeSelf, DuringPasswordChange: true},
	foiv1.AccountService_ChangePassword_FullMethodName:          {Roles: everyone, Scope: ScopeSelf, DuringPasswordChange: true},
	foiv1.AccountService_CreateAccount_FullMethodName:           {Roles: adminOnly, Scope: ScopeAll},
	foiv1.AccountService_ListAccounts_FullMethodName:            {Roles: adminOnly, Scope: ScopeAll},
	foiv1.AccountService_DisableAccount_FullMethodName:          {Roles: adminOnly, Scope: ScopeAll},
	foiv1.AccountService_EnableAccount_FullMethodName:           {Roles: adminOnly, Scope: ScopeAll},
	foiv1.AccountService_ResetAccountPassword_FullMethodName:    {Roles: adminOnly, Scope: ScopeAll},
	foiv1.AccountService_UpdateAccount_FullMethodName:           {Roles: adminOnly, Scope: ScopeAll},
	foiv1.AccountService_ListAgencyStaff_FullMethodName:         {Roles: staffAndAdmin, Scope: ScopeAgency},
	foiv1.AccountService_UpdateCurrentContact_FullMethodName:    {Roles: []actor.Role{actor.Applicant}, Scope: ScopeSelf},
	foiv1.AccountService_ResetApplicantPassword_FullMethodName:  {Roles: []actor.Role{actor.Clerk}, Scope: ScopeAll},
	foiv1.AccountService_ChangeApplicantIdentity_FullMethodName: {Roles: []actor.Role{actor.Clerk}, Scope: ScopeAll},
	foiv1.AccountService_FindApplicantAccount_FullMethodName:    {Roles: []actor.Role{actor.Clerk}, Scope: ScopeAll},

	foiv1.InboxService_ListInboxItems_FullMethodName:     {Roles: staffAndAdmin, Scope: ScopeSelf},
	foiv1.InboxService_MarkInboxItemsRead_FullMethodName: {Roles: staffAndAdmin, Scope: ScopeSelf},

	foiv1.SessionService_CreateSession_FullMethodName:        public(),
	foiv1.SessionService_RefreshSession_FullMethodName:       public(),
	foiv1.SessionService_ExchangeIdToken_FullMethodName:      public(),
	foiv1.SessionService_DeleteCurrentSession_FullMethodName: {Roles: everyone, Scope: ScopeSelf, DuringPasswordChange: true},

	healthpb.Health_Check_FullMethodName: public(),
	healthpb.Health_Watch_FullMethodName: public(),
	healthpb.Health_List_FullMethodName:  public(),

	reflectionpb.ServerReflection_ServerReflectionInfo_FullMethodName:      public(),
	reflectionalphapb.ServerReflection_ServerReflectionInfo_FullMethodName: public(),
}
