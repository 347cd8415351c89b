package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	foiv1 "foi/gen/foi/v1"
	"foi/services/pgtest"
)

// TestMetrics scrapes the admin listener after some traffic and finds every
// series the README lists, and pprof beside them.
func TestMetrics(t *testing.T) {
	t.Parallel()
	key := make([]byte, 32)
	rand.Read(key)
	ts := startWith(t, config{
		GRPCAddr: "127.0.0.1:0", HTTPAddr: "127.0.0.1:0", AdminAddr: "127.0.0.1:0",
		DatabaseURL: pgtest.NewDBURL(t), TokenKey: base64.StdEncoding.EncodeToString(key), HistoryKey: base64.StdEncoding.EncodeToString(key),
		LogFormat: "json", LogLevel: "debug", SweepInterval: time.Hour, DispatchInterval: time.Hour,
		MaxInFlight: 64, RequestTimeout: 10 * time.Second,
	})
	if ts.adminAddr == "" {
		t.Fatal("foid announced no admin listener")
	}
	p := ts.bootstrap(t)
	ts.rest(t, "POST", "/v1/applications", p.tokens["applicant"], applicationBody(p.agencyA, "metrics-1")).want(t, 200)
	ts.rest(t, "GET", "/readyz", "", nil).want(t, 200)
	if _, err := foiv1.NewAgencyServiceClient(ts.conn).ListAgencies(context.Background(), &foiv1.ListAgenciesRequest{}); err != nil {
		t.Fatal(err)
	}

	body := get(t, "http://"+ts.adminAddr+"/metrics")
	for _, series := range []string{
		`grpc_server_handled_total{grpc_code="OK",grpc_method="ListAgencies",grpc_service="foi.v1.AgencyService",grpc_type="unary"}`,
		`grpc_server_handled_total{grpc_code="OK",grpc_method="SubmitApplication"`,
		`grpc_server_handling_seconds_bucket{grpc_method="SubmitApplication"`,
		`foi_http_requests_total{code="200",method="POST",route="/v1/applications"}`,
		`foi_http_requests_total{code="200",method="GET",route="/readyz"}`,
		`foi_http_request_duration_seconds_bucket{code="200",method="POST",route="/v1/applications",le=`,
		`foi_db_pool_acquired_conns `, `foi_db_pool_idle_conns `, `foi_db_pool_total_conns `, `foi_db_pool_max_conns `,
		`foi_db_pool_acquires_total `, `foi_db_pool_empty_acquires_total `, `foi_db_pool_acquire_wait_seconds_total `,
		`foi_cases{state="`,
		`foi_sweeper_lag_seconds `, `foi_sweeper_lapses_fired_total{kind="clarification"} `, `foi_sweeper_failures_total `, `foi_sweeps_total `,
		`foi_outbox_backlog{status="pending"} `, `foi_outbox_sent_total `, `foi_outbox_failures_total `,
		`foi_calendar_loads `, `foi_calendar_version `, `foi_database_up 1`,
		`go_goroutines `,
	} {
		if !strings.Contains(body, "\n"+series) {
			t.Errorf("/metrics has no %s", series)
		}
	}
	if t.Failed() {
		t.Logf("/metrics:\n%s", body)
	}
	if !strings.Contains(get(t, "http://"+ts.adminAddr+"/debug/pprof/"), "goroutine") {
		t.Error("/debug/pprof/ lists no goroutine profile")
	}
	// The admin endpoints are not on the public port.
	if r := ts.rest(t, "GET", "/metrics", "", nil); r.status == 200 {
		t.Error("/metrics answers on the REST port")
	}
}

func get(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: HTTP %d: %s", url, res.StatusCode, b)
	}
	return string(b)
}
