package main

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"
)

// rawCodec sends and receives bytes as they are, so a test can put on the
// wire what no protobuf library would encode.
type rawCodec struct{}

func (rawCodec) Name() string { return "proto" }

func (rawCodec) Marshal(v any) ([]byte, error) { return *v.(*[]byte), nil }

func (rawCodec) Unmarshal(data []byte, v any) error {
	*v.(*[]byte) = append([]byte(nil), data...)
	return nil
}

// stringField is the wire encoding of one string field, whatever its bytes.
func stringField(num protowire.Number, s string) []byte {
	b := protowire.AppendTag(nil, num, protowire.BytesType)
	return protowire.AppendString(b, s)
}

func violationFields(err error) []string {
	var out []string
	for _, d := range status.Convert(err).Details() {
		if br, ok := d.(*errdetails.BadRequest); ok {
			for _, v := range br.GetFieldViolations() {
				out = append(out, v.GetField())
			}
		}
	}
	return out
}

// TestInvalidUTF8IsAClientError: text that is not UTF-8, in a path, a query
// or a body over REST, or in a gRPC message, is 400 / InvalidArgument naming
// the field, and the gRPC call is in the access log like any other.
func TestInvalidUTF8IsAClientError(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	tok := p.tokens["applicant"]

	for _, tc := range []struct {
		method, path, body, field string
	}{
		{"GET", "/v1/applications/%ff", "", "id"},
		{"GET", "/v1/applications?pageToken=%c0%ae", "", "pageToken"},
		{"GET", "/v1/calendars/CN/days?from=%ff&to=2026-01-02", "", "from"},
		{"GET", "/v1/calendars/%ff/days?from=2026-01-01&to=2026-01-02", "", "region"},
		{"GET", "/v1/applications/00000000-0000-4000-8000-000000000000/notices/%ff", "", "notice"},
		{"POST", "/v1/sessions", "{\"login\": \"\xff\xfe\", \"password\": \"x\"}", "login"},
		{"POST", "/v1/applications", "{\"requestId\": \"a\", \"details\": {\"information\": {\"title\": \"\xe9\x95\"}}}", "details.information.title"},
	} {
		var body any
		if tc.body != "" {
			body = tc.body
		}
		r := ts.rest(t, tc.method, tc.path, tok, body)
		if r.status != 400 || !slices.Contains(r.fieldViolations(), tc.field) {
			t.Errorf("%s %s: HTTP %d %s, want 400 naming %s", tc.method, tc.path, r.status, r.raw, tc.field)
		}
	}

	requestID := fmt.Sprintf("utf8-check-%p", t)
	for _, tc := range []struct {
		method string
		msg    []byte
		token  string
		field  string
	}{
		{"/foi.v1.CalendarService/ListCalendarDays", append(stringField(1, "CN"), stringField(2, "\xff")...), "", "from"},
		{"/foi.v1.ApplicationService/GetApplication", stringField(1, "\xc0\xae"), tok, "id"},
	} {
		ctx := metadata.AppendToOutgoingContext(context.Background(), "x-request-id", requestID)
		if tc.token != "" {
			ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+tc.token)
		}
		var reply []byte
		err := ts.conn.Invoke(ctx, tc.method, &tc.msg, &reply, grpc.ForceCodec(rawCodec{}))
		if status.Code(err) != codes.InvalidArgument || !slices.Contains(violationFields(err), tc.field) {
			t.Errorf("%s: %v (fields %v), want InvalidArgument naming %s", tc.method, err, violationFields(err), tc.field)
		}
		line := accessLine(captured.String(), requestID, tc.method)
		if !strings.Contains(line, `"code":"InvalidArgument"`) {
			t.Errorf("%s: access log line %q, want one with code InvalidArgument", tc.method, line)
		}
	}

	var reply []byte
	broken := []byte{0x0a, 0x80} // a length that never ends
	err := ts.conn.Invoke(context.Background(), "/foi.v1.CalendarService/ListCalendarDays", &broken, &reply, grpc.ForceCodec(rawCodec{}))
	if status.Code(err) != codes.InvalidArgument {
		t.Errorf("a message that is not protobuf: %v, want InvalidArgument", err)
	}
}

// accessLine returns the access log line of method for the request id.
func accessLine(logs, requestID, method string) string {
	for line := range strings.SplitSeq(logs, "\n") {
		if strings.Contains(line, `"msg":"rpc"`) && strings.Contains(line, requestID) && strings.Contains(line, `"method":"`+method+`"`) {
			return line
		}
	}
	return ""
}

// TestQueryParametersAreChecked: a parameter the route does not read is a
// 400 naming it, where grpc-gateway would have ignored it; the documented
// ones still work.
func TestQueryParametersAreChecked(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	admin := p.tokens["admin"]
	for _, tc := range []struct{ method, path, field string }{
		{"GET", "/v1/applications?trackingNo=X", "trackingNo"},
		{"GET", "/v1/applications?state=APPLICATION_STATE_ACCEPTED&colour=blue", "colour"},
		{"GET", "/v1/applications/00000000-0000-4000-8000-000000000000?id=x", "id"},
		{"GET", "/v1/agencies?pageSize=1&agencyId=x", "agencyId"},
		{"POST", "/v1/agencies?code=X", "code"},
		{"GET", "/v1/applications/00000000-0000-4000-8000-000000000000/notices/n?print=1", "print"},
	} {
		r := ts.rest(t, tc.method, tc.path, admin, nil)
		if r.status != 400 || !slices.Contains(r.fieldViolations(), tc.field) || !isChineseText(r.str("message")) {
			t.Errorf("%s %s: HTTP %d %s, want 400 naming %s in Chinese", tc.method, tc.path, r.status, r.raw, tc.field)
		}
	}
	r := ts.rest(t, "GET", "/v1/applications?state=POST", admin, nil).want(t, 400)
	if !strings.Contains(r.raw, "APPLICATION_STATE_ACCEPTED") {
		t.Errorf("a bad enum in the query does not list the values: %s", r.raw)
	}
	r = ts.rest(t, "GET", "/v1/applications?overdue=maybe", admin, nil).want(t, 400)
	if !slices.Contains(r.fieldViolations(), "overdue") {
		t.Errorf("a bad bool: %s", r.raw)
	}
	for _, path := range []string{
		"/v1/applications?state=APPLICATION_STATE_ACCEPTED&pageSize=10&overdue=false",
		"/v1/applications?page_size=10&agency_id=" + p.agencyA,
		"/v1/applications?dueWithinDays=3",
		"/v1/accounts?role=ROLE_APPLICANT",
	} {
		ts.rest(t, "GET", path, admin, nil).want(t, 200)
	}
}

// TestUnknownVerbIs404: a custom verb no route has is "no such route", even
// where the path before it matches a route of another method.
func TestUnknownVerbIs404(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	r := ts.rest(t, "POST", "/v1/applications/00000000-0000-4000-8000-000000000000:frobnicate", "", `{}`).want(t, 404)
	if !isChineseText(r.str("message")) {
		t.Errorf("message %q", r.str("message"))
	}
	ts.rest(t, "DELETE", "/v1/applications/00000000-0000-4000-8000-000000000000:confirm", "", nil).want(t, 405)
}

func isChineseText(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

// TestBodyErrorsNameTheField: a body protojson refuses is explained in
// Chinese by field: an enum value that does not exist lists the ones that
// do, an unknown field and a value of the wrong type are named.
func TestBodyErrorsNameTheField(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	body := applicationBody(p.agencyA, "enum")
	body["details"].(map[string]any)["medium"] = "POST"
	r := ts.rest(t, "POST", "/v1/applications", p.tokens["applicant"], body).want(t, 400)
	if !slices.Contains(r.fieldViolations(), "details.medium") || !strings.Contains(r.raw, "INFORMATION_MEDIUM_PAPER") ||
		strings.Contains(r.raw, "INFORMATION_MEDIUM_UNSPECIFIED") || !isChineseText(r.str("message")) {
		t.Errorf("bad enum: %s", r.raw)
	}
	for _, tc := range []struct{ body, field string }{
		{`{"colour": "blue"}`, "colour"},
		{`{"requestId": 5}`, "requestId"},
		{`{"details": {"applicant": []}}`, "details.applicant"},
		{`{"details": {"medium": 17.5}}`, "details.medium"},
	} {
		r := ts.rest(t, "POST", "/v1/applications", p.tokens["applicant"], tc.body).want(t, 400)
		if !slices.Contains(r.fieldViolations(), tc.field) || !isChineseText(r.str("message")) {
			t.Errorf("%s: %s, want a violation of %s", tc.body, r.raw, tc.field)
		}
	}
}

// TestLongInputIsRefusedByField: text longer than a field allows is a 400
// naming the field, and a long Chinese login (cut for throttling, 43
// characters being 129 bytes) is a wrong login, never a 500.
func TestLongInputIsRefusedByField(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	admin := p.tokens["admin"]

	for _, n := range []int{43, 200} {
		ts.rest(t, "POST", "/v1/sessions", "", map[string]any{"login": strings.Repeat("长", n), "password": "x"}).want(t, 401)
	}

	long := strings.Repeat("长", 20001)
	year := map[string]any{
		"notices":  []map[string]any{{"title": strings.Repeat("通", 201), "number": strings.Repeat("号", 101)}},
		"holidays": []map[string]any{{"name": strings.Repeat("节", 51), "off": []map[string]any{{"from": "2027-01-01", "to": "2027-01-01"}}}},
	}
	for _, tc := range []struct {
		method, path string
		body         any
		fields       []string
	}{
		{"POST", "/v1/agencies", map[string]any{"code": "ABCDEFGHIJKLMNOPQ", "name": strings.Repeat("局", 101)}, []string{"code", "name"}},
		{"PATCH", "/v1/agencies/" + p.agencyA + "/policy", map[string]any{"supplementDays": 15, "court": strings.Repeat("院", 101), "reconsiderationAuthority": strings.Repeat("府", 101)}, []string{"policy.court", "policy.reconsiderationAuthority"}},
		{"PUT", "/v1/agencies/" + p.agencyA + "/templates/RECEIPT", map[string]any{"body": long}, []string{"body"}},
		{"PUT", "/v1/calendars/CN/years/2027", year, []string{"notices[0].title", "notices[0].number", "holidays[0].name"}},
		{"POST", "/v1/accounts", map[string]any{"login": "long", "password": "Initial-Pass-2026", "role": "ROLE_CLERK", "displayName": strings.Repeat("名", 51), "agencyIds": []string{p.agencyA}}, []string{"displayName"}},
	} {
		r := ts.rest(t, tc.method, tc.path, admin, tc.body)
		for _, f := range tc.fields {
			if r.status != 400 || !slices.Contains(r.fieldViolations(), f) {
				t.Errorf("%s %s: HTTP %d %.300s, want 400 naming %s", tc.method, tc.path, r.status, r.raw, f)
			}
		}
	}
}

// TestRefusalsSayWhatToDo: an event the case's state does not allow names
// the events it does with their REST verbs, each a route that exists; a
// role that may not act is told who may.
func TestRefusalsSayWhatToDo(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	body := applicationBody(p.agencyA, "")
	body["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": "2026-11-27"}
	r := ts.rest(t, "POST", "/v1/applications:register", p.tokens["clerk"], body).want(t, 200)
	id, version := r.str("application.id"), r.str("application.version")

	r = ts.rest(t, "POST", "/v1/applications/"+id+":supplement", p.tokens["clerk"],
		map[string]any{"version": version, "receivedOn": "2026-11-27", "text": "补充"}).want(t, 400)
	msg := r.str("message")
	for _, want := range []string{"「已受理」", "「补正」", "分办（:assign）", "告知补正（:requestClarification）", "撤回申请（:withdraw）"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	doc := ts.rest(t, "GET", "/openapi.json", "", nil).want(t, 200)
	paths, _ := doc.body["paths"].(map[string]any)
	for _, m := range regexp.MustCompile(`（(:[A-Za-z]+)）`).FindAllStringSubmatch(msg, -1) {
		if _, ok := paths["/v1/applications/{id}"+m[1]]; !ok {
			t.Errorf("the message names %s, which is no route", m[1])
		}
	}

	r = ts.rest(t, "POST", "/v1/applications/"+id+":approveExtension", p.tokens["officer"], map[string]any{"version": version}).want(t, 403)
	if got := r.str("message"); got != "仅负责人可以执行该操作" {
		t.Errorf("403 message %q", got)
	}
}
