package main

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/status"

	foiv1 "foi/gen/foi/v1"
)

// TestIntakeOverREST walks the foundation as a user would over REST: an
// applicant submits online, a clerk confirms it, another registers a postal
// application; both read back.
func TestIntakeOverREST(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)

	r := ts.rest(t, "POST", "/v1/applications", p.tokens["applicant"], applicationBody(p.agencyA, "portal-1")).want(t, 200)
	id := r.str("application.id")
	if got := r.str("application.state"); got != "APPLICATION_STATE_SUBMITTED" {
		t.Fatalf("state %s, want SUBMITTED", got)
	}
	if r.header.Get("X-Request-Id") == "" {
		t.Error("no X-Request-Id header on the response")
	}
	got := ts.rest(t, "GET", "/v1/applications/"+id, p.tokens["applicant"], nil).want(t, 200)
	if got.str("application.details.information.title") != "示范区2025年老旧小区改造项目清单" {
		t.Errorf("read back: %s", got.raw)
	}

	// The retry of a submission returns the first application.
	again := ts.rest(t, "POST", "/v1/applications", p.tokens["applicant"], applicationBody(p.agencyA, "portal-1")).want(t, 200)
	if again.str("application.id") != id {
		t.Errorf("retry created %s, want %s", again.str("application.id"), id)
	}

	// The clerk confirms it with the version read.
	conf := ts.rest(t, "POST", "/v1/applications/"+id+":confirm", p.tokens["clerk"], map[string]any{"version": 1}).want(t, 200)
	if conf.str("application.state") != "APPLICATION_STATE_ACCEPTED" || conf.str("application.receivedOn") != "2026-11-27" ||
		conf.str("application.trackingNumber") != "JIA-2026-000001" {
		t.Errorf("confirmed: %s", conf.raw)
	}
	// A second confirm with the old version is a stale write: 409.
	ts.rest(t, "POST", "/v1/applications/"+id+":confirm", p.tokens["clerk"], map[string]any{"version": 1}).want(t, 409)
	// With the current version the machine refuses: 400 naming the state.
	illegal := ts.rest(t, "POST", "/v1/applications/"+id+":confirm", p.tokens["clerk"], map[string]any{"version": 2}).want(t, 400)
	if !strings.Contains(illegal.str("message"), "ACCEPTED") {
		t.Errorf("illegal event message does not name the state: %s", illegal.raw)
	}

	// A letter signed for on Monday, registered by the clerk.
	body := applicationBody(p.agencyA, "post-1")
	body["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_SIGNED_POST", "signedOn": "2026-11-23", "backdateReason": testBackdateReason}
	reg := ts.rest(t, "POST", "/v1/applications:register", p.tokens["clerk"], body).want(t, 200)
	if reg.str("application.receivedOn") != "2026-11-23" || reg.str("application.state") != "APPLICATION_STATE_ACCEPTED" {
		t.Errorf("registered: %s", reg.raw)
	}

	list := ts.rest(t, "GET", "/v1/applications?agencyId="+p.agencyA, p.tokens["clerk"], nil).want(t, 200)
	apps, _ := list.body["applications"].([]any)
	if len(apps) != 2 {
		t.Fatalf("clerk lists %d applications, want 2", len(apps))
	}
	// List views mask the applicant's ID number and phone.
	if strings.Contains(list.raw, "11010519491231002X") || strings.Contains(list.raw, "13912345678") {
		t.Errorf("list shows unmasked personal data: %s", list.raw)
	}
}

// TestBadInputOverREST: every client mistake is a 400 (or 404, 413) that
// names what is wrong, and nothing is stored.
func TestBadInputOverREST(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	tok := p.tokens["applicant"]

	wrongDigit := applicationBody(p.agencyA, "")
	wrongDigit["details"].(map[string]any)["applicant"].(map[string]any)["idNumber"] = secret("110105194912310021")
	r := ts.rest(t, "POST", "/v1/applications", tok, wrongDigit).want(t, 400)
	if !slices.Contains(r.fieldViolations(), "details.applicant.idNumber") {
		t.Errorf("wrong check digit: violations %v, want details.applicant.idNumber", r.fieldViolations())
	}

	future := applicationBody(p.agencyA, "")
	future["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": "2026-11-28"}
	r = ts.rest(t, "POST", "/v1/applications:register", p.tokens["clerk"], future).want(t, 400)
	if !slices.Contains(r.fieldViolations(), "intake.handedInOn") {
		t.Errorf("future receipt date: violations %v", r.fieldViolations())
	}

	badDate := applicationBody(p.agencyA, "")
	badDate["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": "2026-02-30"}
	r = ts.rest(t, "POST", "/v1/applications:register", p.tokens["clerk"], badDate).want(t, 400)
	if !slices.Contains(r.fieldViolations(), "intake.handedInOn") {
		t.Errorf("impossible date: violations %v", r.fieldViolations())
	}

	ts.rest(t, "POST", "/v1/applications", tok, applicationBody("00000000-0000-4000-8000-000000000000", "")).want(t, 404)
	r = ts.rest(t, "POST", "/v1/applications", tok, applicationBody("not-a-uuid", "")).want(t, 400)
	if !slices.Contains(r.fieldViolations(), "details.agencyId") {
		t.Errorf("malformed agency id: violations %v", r.fieldViolations())
	}
	ts.rest(t, "POST", "/v1/applications", tok, `{"details": {`).want(t, 400)
	ts.rest(t, "POST", "/v1/applications", tok, `{"colour": "blue"}`).want(t, 400)
	ts.rest(t, "GET", "/v1/applications/not-a-uuid", tok, nil).want(t, 400)
	huge := `{"requestId":"x","details":{"note":"` + strings.Repeat("长", 1<<19) + `"}}`
	ts.rest(t, "POST", "/v1/applications", tok, huge).want(t, 413)
	ts.rest(t, "POST", "/v1/agencies", p.tokens["admin"], map[string]any{"code": "x", "name": ""}).want(t, 400)
	ts.rest(t, "POST", "/v1/agencies", p.tokens["admin"], map[string]any{"code": "JIA", "name": "重复"}).want(t, 409)
	ts.rest(t, "GET", "/v1/no-such-thing", tok, nil).want(t, 404)

	list := ts.rest(t, "GET", "/v1/applications", p.tokens["admin"], nil).want(t, 200)
	if apps, _ := list.body["applications"].([]any); len(apps) != 0 {
		t.Errorf("%d applications stored after bad requests, want 0", len(apps))
	}
}

// TestIntakeOverGRPC exercises the same RPCs over gRPC, including the
// idempotent retry of a registration racing with itself.
func TestIntakeOverGRPC(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	apps := foiv1.NewApplicationServiceClient(ts.conn)
	ctx := withToken(p.tokens["clerk"])
	req := &foiv1.RegisterApplicationRequest{
		RequestId: "window-3",
		Details: &foiv1.ApplicationDetails{
			AgencyId: p.agencyA,
			Applicant: &foiv1.Applicant{Type: foiv1.ApplicantType_APPLICANT_TYPE_COMMERCIAL_ENTERPRISE, Name: "示范建设有限公司",
				IdType: foiv1.IdDocumentType_ID_DOCUMENT_TYPE_UNIFIED_SOCIAL_CREDIT_CODE, IdNumber: "91350100M000100Y43",
				ContactPerson: "李经理", Email: "office@example.com"},
			Information: &foiv1.RequestedInformation{Description: "2026年度建设工程招标投标监督检查结果"},
			Medium:      foiv1.InformationMedium_INFORMATION_MEDIUM_ELECTRONIC,
			Delivery:    foiv1.DeliveryMethod_DELIVERY_METHOD_EMAIL,
		},
		Intake: &foiv1.Intake{Channel: foiv1.IntakeChannel_INTAKE_CHANNEL_ORDINARY_LETTER, ArrivedOn: "2026-11-24", ConfirmedOn: "2026-11-25"},
	}
	var wg sync.WaitGroup
	ids := make([]string, 8)
	for i := range ids {
		wg.Go(func() {
			res, err := apps.RegisterApplication(ctx, req)
			if err != nil {
				t.Errorf("register %d: %v", i, err)
				return
			}
			ids[i] = res.GetApplication().GetId()
		})
	}
	wg.Wait()
	for _, id := range ids {
		if id != ids[0] {
			t.Fatalf("concurrent retries created different applications: %v", ids)
		}
	}
	got, err := apps.GetApplication(ctx, &foiv1.GetApplicationRequest{Id: ids[0]})
	if err != nil {
		t.Fatal(err)
	}
	a := got.GetApplication()
	if a.GetReceivedOn() != "2026-11-25" || a.GetIntake().GetArrivedOn() != "2026-11-24" || a.GetTrackingNumber() != "JIA-2026-000001" {
		t.Errorf("ordinary letter: received %s arrived %s tracking %s", a.GetReceivedOn(), a.GetIntake().GetArrivedOn(), a.GetTrackingNumber())
	}
	_, err = apps.RegisterApplication(ctx, &foiv1.RegisterApplicationRequest{Details: req.Details})
	if status.Code(err) != codes.InvalidArgument {
		t.Errorf("register without intake: %v, want InvalidArgument", err)
	}
	list, err := apps.ListApplications(ctx, &foiv1.ListApplicationsRequest{State: foiv1.ApplicationState_APPLICATION_STATE_ACCEPTED})
	if err != nil || len(list.GetApplications()) != 1 {
		t.Errorf("list accepted: %d, %v", len(list.GetApplications()), err)
	}
	ag, err := foiv1.NewAgencyServiceClient(ts.conn).ListAgencies(context.Background(), &foiv1.ListAgenciesRequest{PageSize: 1})
	if err != nil || len(ag.GetAgencies()) != 1 || ag.GetNextPageToken() == "" {
		t.Errorf("agencies page of 1: %d, next %q, %v", len(ag.GetAgencies()), ag.GetNextPageToken(), err)
	}
}

// TestOperationalEndpoints: health, readiness, reflection and the OpenAPI
// document, as an operator would probe them.
func TestOperationalEndpoints(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	for _, path := range []string{"/healthz", "/readyz"} {
		if r := ts.rest(t, "GET", path, "", nil); r.status != 200 {
			t.Errorf("%s: HTTP %d", path, r.status)
		}
	}
	doc := ts.rest(t, "GET", "/openapi.json", "", nil).want(t, 200)
	if !strings.Contains(doc.raw, `"/v1/applications"`) || !strings.Contains(doc.raw, "/v1/sessions") {
		t.Error("the OpenAPI document lacks the REST paths")
	}
	hc, err := healthpb.NewHealthClient(ts.conn).Check(context.Background(), &healthpb.HealthCheckRequest{})
	if err != nil || hc.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Errorf("health: %v, %v", hc.GetStatus(), err)
	}
	stream, err := reflectionpb.NewServerReflectionClient(ts.conn).ServerReflectionInfo(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := stream.Send(&reflectionpb.ServerReflectionRequest{MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{}}); err != nil {
		t.Fatal(err)
	}
	res, err := stream.Recv()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range res.GetListServicesResponse().GetService() {
		names = append(names, s.GetName())
	}
	for _, want := range []string{"foi.v1.ApplicationService", "foi.v1.AgencyService", "foi.v1.AccountService", "foi.v1.SessionService"} {
		if !slices.Contains(names, want) {
			t.Errorf("reflection lists %v, missing %s", names, want)
		}
	}
	r := ts.rest(t, "GET", "/v1/agencies", "", nil)
	if r.header.Get("X-Request-Id") == "" {
		t.Error("no request id header")
	}
}

// TestControlCharactersAreA400: text PostgreSQL cannot store is refused by
// name before it reaches the database, signed in or not.
func TestControlCharactersAreA400(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	body := applicationBody(p.agencyA, "")
	body["details"].(map[string]any)["information"] = map[string]any{"title": "预算\u0000执行"}
	r := ts.rest(t, "POST", "/v1/applications", p.tokens["applicant"], body).want(t, 400)
	if !slices.Contains(r.fieldViolations(), "details.information.title") {
		t.Errorf("violations %v", r.fieldViolations())
	}
	ts.rest(t, "POST", "/v1/sessions", "", map[string]any{"login": "a\u0000b", "password": "x"}).want(t, 400)
	ts.rest(t, "GET", "/v1/applications?applicantIdNumber=%00", p.tokens["clerk"], nil).want(t, 400)
}
