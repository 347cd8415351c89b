package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	foiv1 "foi/gen/foi/v1"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// TestOneCalendarRequestCannotBreakTheService: an oversize year is refused
// with nothing stored, and a stored year that cannot be read (written
// behind foi's back) leaves the last good calendar in force and is shown
// to administrators only.
func TestOneCalendarRequestCannotBreakTheService(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	compute := func() {
		t.Helper()
		ts.rest(t, "POST", "/v1/deadlines:compute", "", map[string]any{"receivedOn": "2026-12-01", "asOf": "2026-12-01"}).want(t, 200)
		ts.rest(t, "GET", "/v1/calendars/CN/days?from=2026-12-01&to=2026-12-31", "", nil).want(t, 200)
	}

	var notices []map[string]any
	for i := range 400 {
		notices = append(notices, map[string]any{"title": fmt.Sprintf("关于调整节假日安排的补充通知第%d号，内容较长以便测试文件大小上限", i),
			"number": fmt.Sprintf("示例〔2027〕%d号", i), "date": "2026-11-20"})
	}
	huge := map[string]any{"notices": notices,
		"holidays": []map[string]any{{"name": "元旦", "off": []map[string]any{{"from": "2027-01-01", "to": "2027-01-01"}}}}}
	ts.rest(t, "PUT", "/v1/calendars/CN/years/2027", p.tokens["admin"], huge).want(t, 400)
	compute()
	if r := ts.rest(t, "GET", "/v1/calendars/CN/years", p.tokens["admin"], nil).want(t, 200); strings.Contains(r.raw, `"year":2027`) || strings.Contains(r.raw, `"year": 2027`) {
		t.Errorf("the refused year is in force: %s", r.raw)
	}

	conn, err := pgx.Connect(t.Context(), ts.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	if _, err := conn.Exec(t.Context(), `INSERT INTO calendar_loads (region, year, body, loaded_at) VALUES ('CN', 2027, '{"region": "CN", "year": 2027, "holidays": [', now())`); err != nil {
		t.Fatal(err)
	}
	compute()
	problems := func(token string) []any {
		t.Helper()
		r := ts.rest(t, "GET", "/v1/calendars/CN/years", token, nil).want(t, 200)
		list, _ := r.body["problems"].([]any)
		return list
	}
	if list := problems(p.tokens["admin"]); len(list) != 1 || !strings.Contains(fmt.Sprint(list[0]), "无法读取") {
		t.Errorf("administrators are shown %v, want the unreadable year", list)
	}
	for _, who := range []string{"", p.tokens["officer"]} {
		if list := problems(who); len(list) != 0 {
			t.Errorf("a non-administrator sees the load problems: %v", list)
		}
	}
	good := map[string]any{"notices": notices[:1], "holidays": []map[string]any{{"name": "元旦", "off": []map[string]any{{"from": "2027-01-01", "to": "2027-01-01"}}}}}
	ts.rest(t, "PUT", "/v1/calendars/CN/years/2027", p.tokens["admin"], good).want(t, 200)
	compute()
	if list := problems(p.tokens["admin"]); len(list) != 0 {
		t.Errorf("problems after a good load of the year: %v", list)
	}
}

// TestLoopbackCallersCannotNameTheirAddress: a gRPC caller on loopback that
// sends its own x-forwarded-for is throttled by its real address, however
// it rotates the header; through the REST gateway the HTTP client's address
// still counts.
func TestLoopbackCallersCannotNameTheirAddress(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	client := foiv1.NewSessionServiceClient(ts.conn)
	var throttled int
	for i := range 60 {
		ctx := metadata.AppendToOutgoingContext(t.Context(), "x-forwarded-for", fmt.Sprintf("198.51.100.%d", i+1))
		_, err := client.CreateSession(ctx, &foiv1.CreateSessionRequest{Login: fmt.Sprintf("nobody%d", i), Password: "wrong password"})
		switch status.Code(err) {
		case codes.ResourceExhausted:
			throttled++
		case codes.Unauthenticated:
		default:
			t.Fatalf("sign-in %d: %v", i, err)
		}
	}
	if throttled == 0 {
		t.Fatal("60 failed sign-ins from one loopback caller with rotating x-forwarded-for were never throttled")
	}
	// The gateway's calls come from loopback too, but the HTTP client's
	// address (also loopback here) is what counts, and it is now locked.
	r := ts.rest(t, "POST", "/v1/sessions", "", map[string]any{"login": "somebody", "password": "wrong password"})
	if r.status != http.StatusTooManyRequests {
		t.Errorf("REST sign-in from the locked address: HTTP %d, want 429: %s", r.status, r.raw)
	}
}

// TestPolicyUpdatesChangeOnlyTheNamedFields: PATCH changes the fields of
// the body (or of updateMask), and nothing else of the policy.
func TestPolicyUpdatesChangeOnlyTheNamedFields(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	path := "/v1/agencies/" + p.agencyA + "/policy"
	admin := p.tokens["admin"]
	ts.rest(t, "PATCH", path, admin, map[string]any{
		"supplementDays": 15, "feePausesClock": true, "onTheSpotOutcomes": []string{"DISCLOSED"},
		"skipReviewOutcomes":       []string{"DISCLOSED", "ALREADY_PUBLIC"},
		"reconsiderationAuthority": "甲区人民政府", "court": "甲区人民法院",
	}).want(t, 200)
	policy := func(r response) map[string]any {
		a, _ := r.body["agency"].(map[string]any)
		out := map[string]any{}
		for _, k := range []string{"supplementDays", "feePausesClock", "onTheSpotOutcomes", "skipReviewOutcomes", "reconsiderationAuthority", "court", "autoConfirmOnline"} {
			out[k] = a[k]
		}
		return out
	}
	want := map[string]any{"supplementDays": float64(20), "feePausesClock": true, "onTheSpotOutcomes": []any{"DISCLOSED"},
		"skipReviewOutcomes": []any{"DISCLOSED", "ALREADY_PUBLIC"}, "reconsiderationAuthority": "甲区人民政府", "court": "甲区人民法院",
		"autoConfirmOnline": false}
	got := policy(ts.rest(t, "PATCH", path, admin, map[string]any{"supplementDays": 20}).want(t, 200))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("after PATCH {supplementDays: 20}: policy mismatch (-want +got):\n%s", diff)
	}
	// A mask names the fields; others in the body are ignored.
	want["court"], want["reconsiderationAuthority"] = "乙区人民法院", "乙区人民政府"
	got = policy(ts.rest(t, "PATCH", path+"?updateMask=court,reconsiderationAuthority", admin,
		map[string]any{"court": "乙区人民法院", "reconsiderationAuthority": "乙区人民政府", "supplementDays": 30}).want(t, 200))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("after PATCH ?updateMask=court: policy mismatch (-want +got):\n%s", diff)
	}
	// A field set to its zero value is changed when the body names it.
	want["feePausesClock"] = false
	got = policy(ts.rest(t, "PATCH", path, admin, map[string]any{"feePausesClock": false}).want(t, 200))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("after PATCH {feePausesClock: false}: policy mismatch (-want +got):\n%s", diff)
	}
	bad := ts.rest(t, "PATCH", path+"?updateMask=name", admin, map[string]any{"court": "x"}).want(t, 400)
	if diff := cmp.Diff([]string{"updateMask"}, bad.fieldViolations()); diff != "" {
		t.Errorf("an unknown mask field: violations mismatch (-want +got):\n%s", diff)
	}
	bad = ts.rest(t, "PATCH", path, admin, map[string]any{"skipReviewOutcomes": []string{"WITHHELD"}}).want(t, 400)
	if diff := cmp.Diff([]string{"policy.skipReviewOutcomes[0]"}, bad.fieldViolations()); diff != "" {
		t.Errorf("an adverse outcome without review: violations mismatch (-want +got):\n%s", diff)
	}
	ts.rest(t, "PATCH", path, admin, map[string]any{}).want(t, 400)

	// Over gRPC without a mask, the fields set change.
	client := foiv1.NewAgencyServiceClient(ts.conn)
	res, err := client.UpdateAgencyPolicy(withToken(admin), &foiv1.UpdateAgencyPolicyRequest{Id: p.agencyA,
		Policy: &foiv1.AgencyPolicy{SupplementDays: 25}})
	if err != nil {
		t.Fatal(err)
	}
	if a := res.GetAgency(); a.GetSupplementDays() != 25 || a.GetCourt() != "乙区人民法院" || a.GetReconsiderationAuthority() != "乙区人民政府" || len(a.GetSkipReviewOutcomes()) != 2 {
		t.Errorf("after a gRPC update of supplement_days: %v", a)
	}
}

// TestDatabaseLogHoldsNoPersonalData provokes the error that would put a
// phone number into PostgreSQL's log (a unique violation names the value
// in its DETAIL); TestMain then checks the database's log for it.
func TestDatabaseLogHoldsNoPersonalData(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	conn, err := pgx.Connect(t.Context(), ts.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	phone := secret("13612345678")
	insert := `INSERT INTO accounts (login, role, display_name, phone) VALUES ($1, 'APPLICANT', '测试', $1)`
	if _, err := conn.Exec(t.Context(), insert, phone); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(t.Context(), insert, phone); err == nil {
		t.Fatal("a second account with the same login was stored")
	}
	// Through the API the duplicate is found before the insert.
	r := ts.rest(t, "POST", "/v1/accounts:register", "", map[string]any{
		"login": phone, "password": secret("Applicant-Pass-2026"),
		"identity": map[string]any{"type": "APPLICANT_TYPE_NATURAL_PERSON", "name": "申请人",
			"idType": "ID_DOCUMENT_TYPE_RESIDENT_ID_CARD", "idNumber": secret("440524198001010013")},
	})
	if r.status != http.StatusConflict {
		t.Errorf("registering a taken phone number: HTTP %d, want 409: %s", r.status, r.raw)
	}
}
