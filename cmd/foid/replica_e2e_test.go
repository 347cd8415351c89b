package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"google.golang.org/grpc/health/grpc_health_v1"

	"foi/services/cases"
	"foi/services/pgtest"
)

// TestReplicas runs two foid instances on one database, as two replicas
// behind a proxy: both serve with each other's tokens, a time-driven event
// fires once however many replicas sweep, a calendar loaded through one is
// in force on the other at once, and a stopping replica finishes the
// requests it has begun.
func TestReplicas(t *testing.T) {
	t.Parallel()
	key := make([]byte, 32)
	rand.Read(key)
	cfg := config{
		GRPCAddr: "127.0.0.1:0", HTTPAddr: "127.0.0.1:0",
		DatabaseURL: pgtest.NewDBURL(t), TokenKey: base64.StdEncoding.EncodeToString(key), HistoryKey: base64.StdEncoding.EncodeToString(key),
		LogFormat: "json", LogLevel: "info", SweepInterval: time.Hour, DispatchInterval: time.Hour,
		MaxInFlight: 64, RequestTimeout: time.Minute,
	}
	a, b := startWith(t, cfg), startWith(t, cfg)
	p := a.bootstrap(t)
	setDay := func(day string) {
		b.clock.Set(day)
		a.day(t, p, day) // signs everyone in again through a
	}

	// Both serve, with the same tokens.
	setDay("2026-11-02")
	var ids []*caseAt
	for i := range 4 {
		srv := []*testServer{a, b}[i%2]
		body := applicationBody(p.agencyA, fmt.Sprintf("replica-%d", i))
		body["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": "2026-11-02"}
		r := srv.rest(t, "POST", "/v1/applications:register", p.tokens["clerk"], body).want(t, 200)
		c := &caseAt{id: r.str("application.id"), version: r.str("application.version")}
		[]*testServer{b, a}[i%2].rest(t, "GET", "/v1/applications/"+c.id, p.tokens["officer"], nil).want(t, 200)
		ids = append(ids, c)
	}

	// A sign-out through a is in force on b when b hears of it, though b
	// had just checked the session and remembers it.
	waitSessionCache(t, b, func(_ uint64, live bool) bool { return live })
	officer := a.signIn(t, p.logins["officer"], p.passwords["officer"])
	b.rest(t, "GET", "/v1/applications/"+ids[0].id, officer, nil).want(t, 200)
	gen, _, _ := b.accounts.CacheState()
	a.rest(t, "DELETE", "/v1/sessions/current", officer, nil).want(t, 200)
	waitSessionCache(t, b, func(g uint64, _ bool) bool {
		return g > gen && b.rest(t, "GET", "/v1/applications/"+ids[0].id, officer, nil).status == 401
	})

	// A clarification lapse fires once, with both replicas sweeping at once.
	setDay("2026-11-04")
	for i, c := range ids {
		srv := []*testServer{a, b}[i%2]
		srv.act(t, c, "assign", p.tokens["officer"], nil)
		srv.act(t, c, "requestClarification", p.tokens["officer"], map[string]any{"items": []string{"请说明所需信息的年份"}})
	}
	setDay("2026-11-26") // the supplement was due on 11-25
	results := make([]cases.SweepResult, 2)
	var wg sync.WaitGroup
	for i, srv := range []*testServer{a, b} {
		wg.Go(func() {
			var err error
			if results[i], err = srv.cases.Sweep(context.Background()); err != nil {
				t.Errorf("sweep on replica %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	if n := results[0].ClarificationLapses + results[1].ClarificationLapses; n != len(ids) {
		t.Errorf("lapses fired: %d + %d, want %d in all", results[0].ClarificationLapses, results[1].ClarificationLapses, len(ids))
	}
	for _, srv := range []*testServer{a, b} {
		if r, err := srv.cases.Sweep(context.Background()); err != nil || r.ClarificationLapses != 0 {
			t.Errorf("a second sweep: %+v, %v; want nothing fired", r, err)
		}
	}

	// A calendar loaded through a is in force on b at once.
	compute := func() string {
		return b.rest(t, "POST", "/v1/deadlines:compute", "", map[string]any{"receivedOn": "2026-12-10"}).want(t, 200).str("deadline.dueOn")
	}
	if due := compute(); due != "2027-01-07" {
		t.Fatalf("before 2027 is loaded, b says due %s", due)
	}
	year := map[string]any{
		"notices":  []map[string]any{{"title": "国务院办公厅关于2027年部分节假日安排的通知", "number": "国办发明电〔2026〕1号", "date": "2026-11-20"}},
		"holidays": []map[string]any{{"name": "元旦", "off": []map[string]any{{"from": "2027-01-01", "to": "2027-01-03"}}}},
	}
	a.rest(t, "PUT", "/v1/calendars/CN/years/2027", p.tokens["admin"], year).want(t, 200)
	if due := compute(); due != "2027-01-08" {
		t.Errorf("after 2027 was loaded through a, b says due %s, want 2027-01-08", due)
	}

	// b stops while a request of its waits in the database: the request
	// completes, then b stops cleanly; a serves on.
	ctx := context.Background()
	db, err := pgx.Connect(ctx, cfg.DatabaseURL)
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
	inFlight := make(chan response, 1)
	go func() { inFlight <- b.rest(t, "GET", "/v1/applications/"+ids[0].id, p.tokens["officer"], nil) }()
	waitForLockWaiters(t, cfg.DatabaseURL, 1)
	stopped := make(chan error, 1)
	go func() { stopped <- b.shutdown() }()
	waitNotServing(t, b)
	if err := lock.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if r := <-inFlight; r.status != 200 {
		t.Errorf("the request b had begun: HTTP %d, want 200: %s", r.status, r.raw)
	}
	if err := <-stopped; err != nil {
		t.Errorf("b stopped with %v", err)
	}
	a.rest(t, "GET", "/v1/applications/"+ids[0].id, p.tokens["officer"], nil).want(t, 200)
}

// waitNotServing waits (at most half a minute) until srv's health check
// says it has begun to stop.
func waitNotServing(t *testing.T, srv *testServer) {
	t.Helper()
	health := grpc_health_v1.NewHealthClient(srv.conn)
	deadline := time.Now().Add(30 * time.Second)
	for {
		r, err := health.Check(context.Background(), &grpc_health_v1.HealthCheckRequest{})
		if err != nil || r.Status == grpc_health_v1.HealthCheckResponse_NOT_SERVING {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the stopping replica still says SERVING")
		}
		time.Sleep(10 * time.Millisecond) // poll interval
	}
}

// waitSessionCache waits (at most a minute), on srv's session cache's own
// signal, until ok holds for its generation and liveness.
func waitSessionCache(t *testing.T, srv *testServer, ok func(gen uint64, live bool) bool) {
	t.Helper()
	deadline := time.After(time.Minute)
	for {
		gen, live, next := srv.accounts.CacheState()
		if ok(gen, live) {
			return
		}
		select {
		case <-next:
		case <-deadline:
			t.Fatalf("the session cache stayed at generation %d, live %v", gen, live)
		}
	}
}
