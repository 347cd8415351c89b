package main

import (
	"net/url"
	"strings"
	"testing"

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
