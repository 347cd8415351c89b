package main

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	foiv1 "foi/gen/foi/v1"
)

// TestFindingCases: a clerk finds a case by its tracking number, by words
// of what was asked in Chinese, by the applicant; over REST and gRPC.
func TestFindingCases(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	register := func(title, name, day string) (id, tracking string) {
		t.Helper()
		body := applicationBody(p.agencyA, "")
		details := body["details"].(map[string]any)
		details["information"] = map[string]any{"title": title}
		details["applicant"].(map[string]any)["name"] = name
		body["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": day}
		r := ts.rest(t, "POST", "/v1/applications:register", p.tokens["clerk"], body).want(t, 200)
		return r.str("application.id"), r.str("application.trackingNumber")
	}
	first, tracking := register("示范区老旧小区改造项目清单", "张三", "2026-11-26")
	second, _ := register("2025年财政预算执行情况", "李四", "2026-11-27")
	ids := func(r response) []string {
		var out []string
		for _, a := range r.body["applications"].([]any) {
			out = append(out, a.(map[string]any)["id"].(string))
		}
		return out
	}
	list := func(token string, q url.Values) response {
		t.Helper()
		return ts.rest(t, "GET", "/v1/applications?"+q.Encode(), token, nil)
	}
	for _, tt := range []struct {
		name string
		q    url.Values
		want []string
	}{
		{"tracking number", url.Values{"trackingNumber": {tracking}}, []string{first}},
		{"Chinese words", url.Values{"text": {"小区改造"}}, []string{first}},
		{"applicant", url.Values{"applicantName": {"李"}}, []string{second}},
		{"newest first", url.Values{"orderBy": {"LIST_ORDER_RECEIVED_NEWEST"}, "states": {"APPLICATION_STATE_ACCEPTED", "APPLICATION_STATE_PROCESSING"}}, []string{second, first}},
		{"nobody's", url.Values{"assignee": {"unassigned"}, "text": {"预算"}}, []string{second}},
	} {
		r := list(p.tokens["clerk"], tt.q).want(t, 200)
		if got := ids(r); strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	// Unknown parameters are refused; applicants may not search by applicant.
	list(p.tokens["clerk"], url.Values{"trackingNo": {tracking}}).want(t, 400)
	bad := list(p.tokens["applicant"], url.Values{"applicantName": {"李"}}).want(t, 400)
	if v := bad.fieldViolations(); len(v) != 1 || v[0] != "applicantName" {
		t.Errorf("an applicant searching by applicant: %s", bad.raw)
	}

	res, err := foiv1.NewApplicationServiceClient(ts.conn).ListApplications(withToken(p.tokens["clerk"]),
		&foiv1.ListApplicationsRequest{Text: "老旧 小区"})
	if err != nil || len(res.GetApplications()) != 1 || res.GetApplications()[0].GetId() != first {
		t.Errorf("gRPC search: %v, %v", res, err)
	}
}

// TestStatusByReceipt: whoever holds a window receipt looks the case up by
// its tracking number and the query code printed on it, learns nothing
// personal, and cannot guess codes.
func TestStatusByReceipt(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	body := applicationBody(p.agencyA, "")
	body["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_SIGNED_POST", "signedOn": "2026-11-26"}
	r := ts.rest(t, "POST", "/v1/applications:register", p.tokens["clerk"], body).want(t, 200)
	id, tracking := r.str("application.id"), r.str("application.trackingNumber")
	var receipt string
	for _, n := range ts.rest(t, "GET", "/v1/applications/"+id+"/notices", p.tokens["clerk"], nil).want(t, 200).body["notices"].([]any) {
		if m := n.(map[string]any); m["kind"] == "RECEIPT" {
			receipt = ts.rest(t, "GET", "/v1/applications/"+id+"/notices/"+m["id"].(string), p.tokens["clerk"], nil).want(t, 200).raw
		}
	}
	m := regexp.MustCompile(`查询码</th><td>([A-Z0-9]{8})<`).FindStringSubmatch(receipt)
	if m == nil {
		t.Fatalf("the receipt prints no query code:\n%s", receipt)
	}
	code := m[1]
	lookup := func(tracking, code string) response {
		return ts.rest(t, "POST", "/v1/applications:lookupStatus", "", map[string]any{"trackingNumber": tracking, "queryCode": code})
	}
	ok := lookup(strings.ToLower(tracking), strings.ToLower(code)).want(t, 200)
	if ok.str("state") != "APPLICATION_STATE_ACCEPTED" || ok.str("stateLabel") == "" || ok.str("dueOn") == "" || ok.str("agencyName") == "" {
		t.Errorf("the status: %s", ok.raw)
	}
	if strings.Contains(ok.raw, "张三") || strings.Contains(ok.raw, "1391234") || strings.Contains(ok.raw, id) {
		t.Errorf("the status shows personal data or the case id: %s", ok.raw)
	}
	lookup(tracking, "").want(t, 400)
	lookup("NOPE-2026-000001", code).want(t, 404)
	for range 10 {
		lookup(tracking, "AAAAAAAA").want(t, 404)
	}
	lookup(tracking, code).want(t, 429) // the right code, but the number is locked for now

	res, err := foiv1.NewApplicationServiceClient(ts.conn).LookupApplicationStatus(t.Context(),
		&foiv1.LookupApplicationStatusRequest{TrackingNumber: tracking, QueryCode: code})
	if status.Code(err) != codes.ResourceExhausted {
		t.Errorf("gRPC lookup while locked: %v %v", res, err)
	}
}
