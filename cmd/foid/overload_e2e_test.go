package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"foi/services/pgtest"
)

// TestOverloadAndDeadlines holds a lock that every case read waits for, so
// requests pile up inside foid: beyond -max-in-flight they are refused at
// once with 429, a client's deadline ends its request (and its SQL), and
// once the lock goes foid serves normally again.
func TestOverloadAndDeadlines(t *testing.T) {
	t.Parallel()
	key := make([]byte, 32)
	rand.Read(key)
	const limit = 4
	ts := startWith(t, config{
		GRPCAddr: "127.0.0.1:0", HTTPAddr: "127.0.0.1:0", AdminAddr: "127.0.0.1:0",
		DatabaseURL: pgtest.NewDBURL(t), TokenKey: base64.StdEncoding.EncodeToString(key), HistoryKey: base64.StdEncoding.EncodeToString(key),
		LogFormat: "json", LogLevel: "info", SweepInterval: time.Hour, DispatchInterval: time.Hour,
		MaxInFlight: limit, RequestTimeout: time.Minute,
	})
	p := ts.bootstrap(t)
	id := ts.rest(t, "POST", "/v1/applications", p.tokens["applicant"], applicationBody(p.agencyA, "overload-1")).want(t, 200).str("application.id")
	// The sweeper's first pass at start reads the applications too: let it
	// finish before the lock, so the waiters counted below are requests.
	waitForSweep(t, ts.adminAddr)
	ctx := context.Background()
	db, err := pgx.Connect(ctx, ts.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	lock, err := db.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Rollback(ctx)
	if _, err := lock.Exec(ctx, `LOCK TABLE applications IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}

	// A client deadline shorter than the wait ends the request with 504,
	// and PostgreSQL stops running its statement.
	start := time.Now()
	r := ts.restWith(t, "GET", "/v1/applications/"+id, p.tokens["applicant"], http.Header{"Grpc-Timeout": {"300m"}})
	if r.status != http.StatusGatewayTimeout {
		t.Errorf("request past its deadline: HTTP %d, want 504: %s", r.status, r.raw)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("request with a 300 ms deadline took %v", d)
	}
	waitForLockWaiters(t, ts.dbURL, 0)

	// Fill every slot with a request that waits for the lock.
	var wg sync.WaitGroup
	blocked := make([]int, limit)
	for i := range limit {
		wg.Go(func() { blocked[i] = ts.rest(t, "GET", "/v1/applications/"+id, p.tokens["applicant"], nil).status })
	}
	waitForLockWaiters(t, ts.dbURL, limit)
	for range 3 {
		start := time.Now()
		r := ts.rest(t, "GET", "/v1/applications/"+id, p.tokens["applicant"], nil)
		if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" {
			t.Errorf("request beyond the limit: HTTP %d (Retry-After %q), want 429 with Retry-After: %s", r.status, r.header.Get("Retry-After"), r.raw)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("refusal took %v; it must not queue", d)
		}
	}
	ts.rest(t, "GET", "/healthz", "", nil).want(t, 200)

	if err := lock.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	for i, s := range blocked {
		if s != 200 {
			t.Errorf("waiting request %d: HTTP %d, want 200 once the lock went", i, s)
		}
	}
	for range 2 * limit {
		ts.rest(t, "GET", "/v1/applications/"+id, p.tokens["applicant"], nil).want(t, 200)
	}
}

// waitForLockWaiters waits (at most half a minute) until n statements of
// foid wait for a lock.
func waitForLockWaiters(t *testing.T, url string, n int) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	deadline := time.Now().Add(30 * time.Second)
	for {
		var waiting int
		if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND application_name = 'foid' AND wait_event_type = 'Lock'`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d statements wait for the lock, want %d", waiting, n)
		}
		time.Sleep(10 * time.Millisecond) // poll interval
	}
}

// waitForSweep waits until the foid whose admin listener is at addr has
// finished a sweep.
func waitForSweep(t *testing.T, addr string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		m := get(t, "http://"+addr+"/metrics")
		if strings.Contains(m, "\nfoi_sweeps_total ") && !strings.Contains(m, "\nfoi_sweeps_total 0\n") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("foid finished no sweep in 30 s")
		}
		time.Sleep(10 * time.Millisecond) // poll interval
	}
}

// restWith sends a bodiless REST request with extra headers.
func (ts *testServer) restWith(t *testing.T, method, path, token string, h http.Header) response {
	t.Helper()
	req, err := http.NewRequest(method, "http://"+ts.httpAddr+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header = h.Clone()
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := response{status: res.StatusCode, raw: string(raw), header: res.Header}
	_ = json.Unmarshal(raw, &out.body)
	return out
}
