package main

import (
	"context"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/dynamicpb"

	"foi/services/actor"
	"foi/services/api"
)

// wantAccess is workflow.md's People table as it applies to each RPC,
// written independently of api.Policy: "public", or the roles admitted.
var wantAccess = map[string]string{
	"AgencyService/CreateAgency":                 "admin",
	"CorrectionService/SubmitCorrection":         "applicant",
	"CorrectionService/RegisterCorrection":       "clerk",
	"CorrectionService/GetCorrection":            "applicant clerk officer head",
	"CorrectionService/ListCorrections":          "applicant clerk officer head",
	"CorrectionService/GetCorrectionLetter":      "applicant clerk officer head",
	"CorrectionService/TransitionCorrection":     "applicant clerk officer head",
	"AgencyService/ListAgencies":                 "public",
	"ApplicationService/SubmitApplication":       "applicant",
	"ApplicationService/RegisterApplication":     "clerk",
	"ApplicationService/ConfirmApplication":      "clerk",
	"ApplicationService/LookupApplicationStatus": "public",
	"ApplicationService/GetApplication":          "applicant clerk officer adviser head admin",
	"ApplicationService/ListApplications":        "applicant clerk officer adviser head admin",
	"ApplicationService/GetApplicationDeadline":  "applicant clerk officer adviser head admin",
	"CalendarService/ListCalendarDays":           "public",
	"CalendarService/ListCalendarYears":          "public",
	"CalendarService/PutCalendarYear":            "admin",
	"CalendarService/ListCalendarMoves":          "admin",
	"AgencyService/UpdateAgencyPolicy":           "admin",
	"AgencyService/PutNoticeTemplate":            "admin",
	"AgencyService/GetNoticeTemplate":            "clerk officer adviser head admin",
	"AgencyService/ListNoticeTemplates":          "clerk officer adviser head admin",
	"AgencyService/ListNoticeTemplateVersions":   "clerk officer adviser head admin",
	"AgencyService/PreviewNoticeTemplate":        "admin",
	"WorkflowService/AssignApplication":          "officer head",
	"WorkflowService/RequestClarification":       "officer",
	"WorkflowService/SupplementApplication":      "applicant clerk",
	"WorkflowService/StartConsultation":          "officer",
	"WorkflowService/RecordOpinion":              "officer",
	"WorkflowService/RequestExtension":           "officer",
	"WorkflowService/ApproveExtension":           "head",
	"WorkflowService/SetDelayedDueDate":          "head",
	"WorkflowService/ReplyOnTheSpot":             "clerk",
	"WorkflowService/RecordDelivery":             "clerk officer",
	"WorkflowService/WithdrawApplication":        "applicant clerk",
	"WorkflowService/RecordRemedy":               "officer",
	"WorkflowService/VoidApplication":            "head",
	"WorkflowService/CorrectApplicationDetails":  "clerk head",
	"WorkflowService/ForwardApplication":         "clerk",
	"WorkflowService/ReopenApplication":          "head",
	"WorkflowService/ListConsultations":          "clerk officer adviser head admin",
	"WorkflowService/ListRemedies":               "applicant clerk officer adviser head admin",
	"WorkflowService/SubmitDraft":                "officer",
	"WorkflowService/ReturnDraft":                "adviser",
	"WorkflowService/ApproveDraft":               "adviser",
	"WorkflowService/RejectSignOff":              "head",
	"WorkflowService/SignOff":                    "head",
	"ReviewService/CreateDraft":                  "officer",
	"ReviewService/ListDrafts":                   "clerk officer adviser head admin",
	"ReviewService/CheckDraft":                   "clerk officer adviser head admin",
	"ReviewService/ListReviews":                  "adviser head admin",
	"ReviewService/ListLegalBases":               "clerk officer adviser head admin",
	"ReviewService/CreateLegalBasis":             "admin",
	"ReviewService/RetireLegalBasis":             "admin",
	"WorkflowService/IssueFeeNotice":             "officer",
	"WorkflowService/ClaimPayment":               "applicant",
	"WorkflowService/RecordPayment":              "clerk officer",
	"WorkflowService/WaiveFee":                   "head",
	"WorkflowService/ApproveFeeReduction":        "head",
	"WorkflowService/RejectFeeReduction":         "head",
	"FeeService/QuoteFee":                        "public",
	"FeeService/ListFeeNotices":                  "applicant clerk officer adviser head admin",
	"FeeService/QuoteApplicationFee":             "officer",
	"FeeService/GetFeeStatistics":                "head admin",
	"HistoryService/ListApplicationEvents":       "applicant clerk officer adviser head admin",
	"HistoryService/VerifyApplicationHistory":    "applicant clerk officer adviser head admin",
	"HistoryService/ListNotices":                 "applicant clerk officer adviser head admin",
	"HistoryService/GetNotice":                   "applicant clerk officer adviser head admin",
	"DeadlineService/ComputeDeadline":            "public",
	"AccountService/RegisterApplicant":           "public",
	"AccountService/GetCurrentAccount":           "applicant clerk officer adviser head admin",
	"AccountService/ChangePassword":              "applicant clerk officer adviser head admin",
	"AccountService/CreateAccount":               "admin",
	"AccountService/ListAccounts":                "admin",
	"AccountService/DisableAccount":              "admin",
	"AccountService/EnableAccount":               "admin",
	"AccountService/ResetAccountPassword":        "admin",
	"AccountService/UpdateAccount":               "admin",
	"AccountService/ListAgencyStaff":             "clerk officer adviser head admin",
	"AccountService/UpdateCurrentContact":        "applicant",
	"AccountService/ResetApplicantPassword":      "clerk",
	"AccountService/ChangeApplicantIdentity":     "clerk",
	"AccountService/FindApplicantAccount":        "clerk",
	"InboxService/ListInboxItems":                "clerk officer adviser head admin",
	"InboxService/MarkInboxItemsRead":            "clerk officer adviser head admin",
	"SessionService/CreateSession":               "public",
	"SessionService/RefreshSession":              "public",
	"SessionService/ExchangeIdToken":             "public",
	"SessionService/DeleteCurrentSession":        "applicant clerk officer adviser head admin",
	"DocumentService/UploadDocument":             "applicant clerk officer head",
	"DocumentService/RemoveDocument":             "applicant clerk officer head",
	"DocumentService/ListDocuments":              "applicant clerk officer adviser head admin",
	"DocumentService/DownloadDocument":           "applicant clerk officer adviser head admin",
	"DocumentService/ExportCaseFile":             "clerk officer head admin",
	"DocumentService/ExportAgencyCaseFiles":      "head admin",
	"ReportService/GetAnnualReport":              "officer head admin",
	"ReportService/ListReportCellCases":          "officer head admin",
	"ReportService/PublishAnnualReport":          "head admin",
	"ReportService/ExportAnnualReport":           "officer head admin",
	"ReportService/PublishDistrictReport":        "admin",
	"ReportService/GetAnalysis":                  "officer head admin",
	"ReportService/ListTopicMarks":               "officer head admin",
	"ReportService/GetDistrictAnalysis":          "head admin",
	"ReportService/ListDistrictTopicMarks":       "head admin",
	"ReportService/MarkTopicForPublication":      "officer head",
	"WorkflowService/ReassignApplication":        "head",
	"WorkflowService/RejectExtension":            "head",
	"WorkflowService/CorrectDelayedDueDate":      "head",
	"WorkflowService/RecordRefund":               "officer head",
}

// TestPolicyMatrix walks every method of every service the server
// registers: each must have a policy entry, and each role (and no token at
// all) must get exactly what the entry says. A new RPC without an entry
// fails here.
func TestPolicyMatrix(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	roleOf := map[string]actor.Role{"applicant": actor.Applicant, "clerk": actor.Clerk, "officer": actor.Officer,
		"adviser": actor.LegalAdviser, "head": actor.Head, "admin": actor.Admin}
	methods := 0
	for svc, info := range ts.srv.GRPCServer().GetServiceInfo() {
		d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(svc))
		if err != nil {
			t.Fatalf("service %s: %v", svc, err)
		}
		sd := d.(protoreflect.ServiceDescriptor)
		for _, m := range info.Methods {
			full := "/" + svc + "/" + m.Name
			rule, ok := api.Policy[full]
			if !ok {
				t.Errorf("%s has no entry in api.Policy", full)
				continue
			}
			methods++
			if strings.HasPrefix(svc, "grpc.") {
				if rule.Scope != api.ScopePublic {
					t.Errorf("%s: health and reflection must be public", full)
				}
				continue
			}
			short := strings.TrimPrefix(full, "/foi.v1.")
			want, ok := wantAccess[short]
			if !ok {
				t.Errorf("%s: no expected access in this test's wantAccess table", full)
				continue
			}
			for name, role := range roleOf {
				admitted := rule.Scope == api.ScopePublic || slices.Contains(rule.Roles, role)
				if expected := want == "public" || slices.Contains(strings.Fields(want), name); admitted != expected {
					t.Errorf("%s as %s: policy admits=%v, workflow.md says %v", full, name, admitted, expected)
				}
			}
			md := sd.Methods().ByName(protoreflect.Name(m.Name))
			call := func(token string) codes.Code {
				ctx := context.Background()
				if token != "" {
					ctx = withToken(token)
				}
				if m.IsClientStream || m.IsServerStream {
					return streamCode(ctx, ts.conn, full, m, md)
				}
				err := ts.conn.Invoke(ctx, full, dynamicpb.NewMessage(md.Input()), dynamicpb.NewMessage(md.Output()))
				return status.Code(err)
			}
			noToken := call("")
			if rule.Scope == api.ScopePublic {
				if noToken == codes.PermissionDenied {
					t.Errorf("%s is public but refused without a token", full)
				}
			} else if noToken != codes.Unauthenticated {
				t.Errorf("%s without a token: %s, want Unauthenticated", full, noToken)
			}
			for name, role := range roleOf {
				// A fresh session per call: some methods (sign-out) end it.
				got := call(ts.signIn(t, p.logins[name], p.passwords[name]))
				allowed := rule.Scope == api.ScopePublic || slices.Contains(rule.Roles, role)
				switch {
				case allowed && (got == codes.PermissionDenied || got == codes.Unauthenticated) && rule.Scope != api.ScopePublic:
					t.Errorf("%s as %s: %s, but the policy admits the role", full, role, got)
				case !allowed && got != codes.PermissionDenied:
					t.Errorf("%s as %s: %s, want PermissionDenied", full, role, got)
				}
			}
		}
	}
	if methods < 20 {
		t.Errorf("only %d methods walked; the server registers more", methods)
	}
	for full := range api.Policy {
		svc := strings.Split(full, "/")[1]
		if _, ok := ts.srv.GRPCServer().GetServiceInfo()[svc]; !ok && !strings.HasPrefix(svc, "grpc.") {
			t.Errorf("policy entry %s names a service the server does not register", full)
		}
	}
}

// TestIsolationOverREST: applicants and other agencies' staff get the same
// 404 for someone else's application as for one that does not exist.
func TestIsolationOverREST(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	id := ts.rest(t, "POST", "/v1/applications", p.tokens["applicant"], applicationBody(p.agencyA, "")).want(t, 200).str("application.id")
	missing := ts.rest(t, "GET", "/v1/applications/00000000-0000-4000-8000-000000000000", p.tokens["applicant2"], nil).want(t, 404)
	for _, who := range []string{"applicant2", "clerkb"} {
		r := ts.rest(t, "GET", "/v1/applications/"+id, p.tokens[who], nil).want(t, 404)
		if r.str("message") != missing.str("message") {
			t.Errorf("%s: %q differs from the answer for a missing id %q", who, r.str("message"), missing.str("message"))
		}
		list := ts.rest(t, "GET", "/v1/applications", p.tokens[who], nil).want(t, 200)
		if strings.Contains(list.raw, id) {
			t.Errorf("%s sees the application in a list", who)
		}
	}
	ts.rest(t, "POST", "/v1/applications/"+id+":confirm", p.tokens["clerkb"], map[string]any{"version": 1}).want(t, 404)
	mine := ts.rest(t, "GET", "/v1/applications", p.tokens["applicant"], nil).want(t, 200)
	if !strings.Contains(mine.raw, id) {
		t.Error("the applicant does not see their own application")
	}
	// The legal adviser reads the case with the applicant's numbers masked.
	adv := ts.rest(t, "GET", "/v1/applications/"+id, p.tokens["adviser"], nil).want(t, 200)
	if got := adv.str("application.details.applicant.idNumber"); got == "11010519491231002X" || !strings.Contains(got, "*") {
		t.Errorf("legal adviser sees ID number %q, want it masked", got)
	}
	own := ts.rest(t, "GET", "/v1/applications/"+id, p.tokens["applicant"], nil).want(t, 200)
	if got := own.str("application.details.applicant.idNumber"); got != "11010519491231002X" {
		t.Errorf("the applicant sees their own ID number as %q", got)
	}
}

// TestSignInLockout is the brute-force acceptance: ten wrong passwords lock
// the account for a while; the right password is refused until the lock
// ends; an unknown login gets the same answer as a wrong password.
func TestSignInLockout(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	login := p.logins["applicant"]
	var wrong response
	for range 10 {
		wrong = ts.rest(t, "POST", "/v1/sessions", "", map[string]any{"login": login, "password": secret("not-the-password")}).want(t, 401)
	}
	unknown := ts.rest(t, "POST", "/v1/sessions", "", map[string]any{"login": "nobody@example.com", "password": "whatever-it-is"}).want(t, 401)
	if wrong.str("message") != unknown.str("message") {
		t.Errorf("wrong password %q and unknown login %q answer differently", wrong.str("message"), unknown.str("message"))
	}
	locked := ts.rest(t, "POST", "/v1/sessions", "", map[string]any{"login": login, "password": p.passwords["applicant"]}).want(t, 429)
	if !strings.Contains(locked.str("message"), "再试") {
		t.Errorf("lockout message: %s", locked.raw)
	}
	ts.clock.Advance(61 * time.Second)
	ts.rest(t, "POST", "/v1/sessions", "", map[string]any{"login": login, "password": p.passwords["applicant"]}).want(t, 200)
}

// TestSessionsEndAtOnce: sign-out, disabling and refresh-token reuse take
// effect on the very next call.
func TestSessionsEndAtOnce(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)

	ts.rest(t, "GET", "/v1/accounts/me", p.tokens["officer"], nil).want(t, 200)
	ts.rest(t, "DELETE", "/v1/sessions/current", p.tokens["officer"], nil).want(t, 200)
	ts.rest(t, "GET", "/v1/accounts/me", p.tokens["officer"], nil).want(t, 401)

	clerk := ts.rest(t, "GET", "/v1/accounts/me", p.tokens["clerk"], nil).want(t, 200)
	if clerk.str("account.role") != "ROLE_CLERK" {
		t.Errorf("me: %s", clerk.raw)
	}
	ts.rest(t, "POST", "/v1/accounts/"+p.ids["clerk"]+":disable", p.tokens["admin"], map[string]any{}).want(t, 200)
	ts.rest(t, "GET", "/v1/applications", p.tokens["clerk"], nil).want(t, 401)
	ts.rest(t, "POST", "/v1/sessions", "", map[string]any{"login": "clerk", "password": p.passwords["clerk"]}).want(t, 401)

	s := ts.rest(t, "POST", "/v1/sessions", "", map[string]any{"login": "head", "password": p.passwords["head"]}).want(t, 200)
	first := secret(s.str("tokens.refreshToken"))
	r1 := ts.rest(t, "POST", "/v1/sessions:refresh", "", map[string]any{"refreshToken": first}).want(t, 200)
	newAccess := secret(r1.str("tokens.accessToken"))
	secret(r1.str("tokens.refreshToken"))
	ts.rest(t, "GET", "/v1/accounts/me", newAccess, nil).want(t, 200)
	// The first refresh token, replayed, revokes the whole session.
	ts.rest(t, "POST", "/v1/sessions:refresh", "", map[string]any{"refreshToken": first}).want(t, 401)
	ts.rest(t, "GET", "/v1/accounts/me", newAccess, nil).want(t, 401)

	// Access tokens expire.
	tok := ts.signIn(t, "head2", p.passwords["head2"])
	ts.clock.Advance(16 * time.Minute)
	ts.rest(t, "GET", "/v1/accounts/me", tok, nil).want(t, 401)
}

// TestInitialPasswordMustChange: staff created by an administrator can do
// nothing but change their password until they have.
func TestInitialPasswordMustChange(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.rest(t, "POST", "/v1/accounts", p.tokens["admin"], map[string]any{
		"login": "newclerk", "password": staffPassword, "role": "ROLE_CLERK", "displayName": "新窗口", "agencyIds": []string{p.agencyA},
	}).want(t, 200)
	tok := ts.signIn(t, "newclerk", staffPassword)
	r := ts.rest(t, "GET", "/v1/applications", tok, nil).want(t, 403)
	if !strings.Contains(r.str("message"), "修改初始密码") {
		t.Errorf("message: %s", r.raw)
	}
	me := ts.rest(t, "GET", "/v1/accounts/me", tok, nil).want(t, 200)
	if me.str("account.mustChangePassword") != "true" {
		t.Errorf("me: %s", me.raw)
	}
	ts.rest(t, "POST", "/v1/accounts/me:changePassword", tok, map[string]any{"currentPassword": "wrong-password-1", "newPassword": "Brand-New-Pass-1"}).want(t, 400)
	ts.rest(t, "POST", "/v1/accounts/me:changePassword", tok, map[string]any{"currentPassword": staffPassword, "newPassword": secret("Brand-New-Pass-1")}).want(t, 200)
	ts.rest(t, "GET", "/v1/applications", tok, nil).want(t, 200)
	// Only administrators create accounts; applicants cannot create staff.
	ts.rest(t, "POST", "/v1/accounts", p.tokens["applicant"], map[string]any{"login": "x"}).want(t, 403)
	list := ts.rest(t, "GET", "/v1/accounts?role=ROLE_APPLICANT", p.tokens["admin"], nil).want(t, 200)
	if strings.Contains(list.raw, "13912345678") || strings.Contains(list.raw, "11010519491231002X") {
		t.Errorf("account list shows unmasked phone or ID number: %s", list.raw)
	}
}

// streamCode calls a streaming method with one empty message and returns
// the status it ends with: the gate answers before any handler runs.
func streamCode(ctx context.Context, conn *grpc.ClientConn, full string, m grpc.MethodInfo, md protoreflect.MethodDescriptor) codes.Code {
	cs, err := conn.NewStream(ctx, &grpc.StreamDesc{ClientStreams: m.IsClientStream, ServerStreams: m.IsServerStream}, full)
	if err != nil {
		return status.Code(err)
	}
	if err := cs.SendMsg(dynamicpb.NewMessage(md.Input())); err != nil && err != io.EOF {
		return status.Code(err)
	}
	cs.CloseSend()
	for {
		if err := cs.RecvMsg(dynamicpb.NewMessage(md.Output())); err != nil {
			if err == io.EOF {
				return codes.OK
			}
			return status.Code(err)
		}
	}
}
