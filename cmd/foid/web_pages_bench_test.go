package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"foi/services/benchdata"
)

// BenchmarkWebPages measures the server time of the officer's worklist
// pages and of a case page over 1,000,000 applications (the district
// services/cases' BenchmarkWorklist searches: 50 agencies, a third open),
// and reports p50 and p99 of each page with the load average. The time is
// foid's, from the request sent over loopback to the last byte read: the
// page handler with every API call it makes through the interceptors
// (authentication, the policy, the access log) to PostgreSQL, as foid
// serves the page; not a browser's network. Run it with
//
//	go test ./cmd/foid -run '^$' -bench WebPages -benchtime 300x
//
// Generating the rows takes a minute or two before timing starts.
func BenchmarkWebPages(b *testing.B) {
	ctx := context.Background()
	ts := startServer(b)
	p := ts.bootstrap(b)
	// A real case, registered at the window, with its history and receipt.
	body := applicationBody(p.agencyA, "")
	body["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": "2026-11-27"}
	caseID := ts.rest(b, "POST", "/v1/applications:register", p.tokens["clerk"], body).want(b, 200).str("application.id")

	start := time.Now()
	db, err := pgxpool.New(ctx, ts.dbURL)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	others, err := benchdata.Agencies(ctx, db, 48)
	if err != nil {
		b.Fatal(err)
	}
	// Agency A (the officer's) holds every 50th case, and the officer is
	// assigned every 1000th: about 330 open cases of their own among
	// 20,000 of their agency's.
	if err := benchdata.Applications(ctx, db, benchdata.Spec{N: 1_000_000, Agencies: append([]string{p.agencyA, p.agencyB}, others...),
		CreatedBy: p.ids["clerk"], Assignee: p.ids["officer"], AssignEvery: 1000}); err != nil {
		b.Fatal(err)
	}
	b.Logf("generated 1,000,000 applications in %s", time.Since(start).Round(time.Second))

	// The pages as foid serves them on its HTTP port (the web application
	// calling the API in process, through the interceptor chain), to the
	// officer signed in; the clock starts as the request is sent over
	// loopback and stops at the last byte read.
	officer := ts.webUser(b).signIn("officer", p.passwords["officer"])
	for _, page := range []struct{ name, path, want string }{
		{"worklist-mine", "/work?list=mine", "我承办的"},
		{"worklist-overdue", "/work?list=overdue", "已逾期"},
		{"worklist-near", "/work?list=near", "即将到期"},
		{"worklist-unassigned", "/work?list=unassigned", "待领办"},
		{"worklist-all", "/cases", "全部案件"},
		{"case", "/cases/" + caseID, "示范区2025年老旧小区改造项目清单"},
	} {
		b.Run(page.name, func(b *testing.B) {
			var lat []time.Duration
			for b.Loop() {
				t0 := time.Now()
				res, err := officer.client.Get(officer.base() + page.path)
				if err != nil {
					b.Fatal(err)
				}
				body, err := io.ReadAll(res.Body)
				res.Body.Close()
				lat = append(lat, time.Since(t0))
				if err != nil || res.StatusCode != http.StatusOK || !strings.Contains(string(body), page.want) {
					b.Fatalf("%s: HTTP %d, %v:\n%s", page.path, res.StatusCode, err, mainOf(string(body)))
				}
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
			// The machine's one-minute load average as the page ran: on a
			// shared machine the tail is mostly other processes' work.
			b.ReportMetric(loadAverage(), "load1")
		})
	}
}

// loadAverage is the machine's one-minute load average, or -1.
func loadAverage() float64 {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	f := strings.Fields(string(raw))
	if len(f) == 0 {
		return -1
	}
	v, err := strconv.ParseFloat(f[0], 64)
	if err != nil {
		return -1
	}
	return v
}
