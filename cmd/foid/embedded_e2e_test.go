package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"foi/services/auth"
	"foi/services/cases"
	"foi/services/fakeclock"
	"foi/services/pgtest"
	"foi/services/server"
)

// TestEmbeddedDefault is the first command of the README, tried on a fresh
// data directory: foid starts its own PostgreSQL, migrates it, seeds the
// demo district, and a restart finds the data again.
func TestEmbeddedDefault(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// The cluster may run as another user (postgres, under root): let it in.
	for _, d := range []string{filepath.Dir(dir), dir} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cfg := config{GRPCAddr: "127.0.0.1:0", HTTPAddr: "127.0.0.1:0", DataDir: filepath.Join(dir, "foi"),
		LogFormat: "json", LogLevel: "info", Demo: true, SweepInterval: time.Hour, DispatchInterval: time.Hour}

	first := startEmbeddedServer(t, cfg)
	if !strings.Contains(first.stdout.String(), "password: ") {
		t.Errorf("first start printed no administrator password: %q", first.stdout.String())
	}
	agencies := first.rest(t, "GET", "/v1/agencies", "", nil).want(t, 200)
	if n := strings.Count(agencies.raw, `"demo":true`); n != 4 {
		t.Fatalf("%d demo agencies, want 4: %s", n, agencies.raw)
	}
	agencyID := agencies.body["agencies"].([]any)[0].(map[string]any)["id"].(string)
	clerk := first.signIn(t, "demo-clerk", auth.DemoPassword)
	body := applicationBody(agencyID, "demo-1")
	body["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": "2026-11-27"}
	id := first.rest(t, "POST", "/v1/applications:register", clerk, body).want(t, 200).str("application.id")
	first.stop(t)
	if _, err := os.Stat(filepath.Join(cfg.DataDir, "pg", "postmaster.pid")); !os.IsNotExist(err) {
		t.Errorf("PostgreSQL still running after foid stopped (postmaster.pid: %v)", err)
	}

	second := startEmbeddedServer(t, cfg)
	if strings.Contains(second.stdout.String(), "password: ") {
		t.Error("a restart created another administrator")
	}
	clerk = second.signIn(t, "demo-clerk", auth.DemoPassword)
	second.rest(t, "GET", "/v1/applications/"+id, clerk, nil).want(t, 200)
	second.stop(t)
}

// embeddedServer is a testServer whose stop the test calls itself.
type embeddedServer struct {
	*testServer
	cancel  context.CancelFunc
	done    chan error
	backups chan backupDone // scheduled backups, as they finish
}

type backupDone struct {
	file string
	err  error
}

func startEmbeddedServer(t *testing.T, cfg config) *embeddedServer {
	t.Helper()
	ts := &testServer{clock: fakeclock.At(time.Date(2026, 11, 27, 1, 0, 0, 0, time.UTC)), stdout: &lockedBuffer{}}
	ready := make(chan string, 1)
	es := &embeddedServer{testServer: ts, done: make(chan error, 1), backups: make(chan backupDone, 8)}
	var ctx context.Context
	ctx, es.cancel = context.WithCancel(context.Background())
	go func() {
		es.done <- run(ctx, cfg, runEnv{stdout: ts.stdout, logs: &captured, now: ts.clock.Now,
			argon2:   auth.Argon2Params{Memory: 64, Time: 1, Threads: 1},
			onReady:  func(s *server.Server, _ *cases.Service, _ *auth.Service) { ready <- s.HTTPAddr() },
			onBackup: func(file string, err error) { es.backups <- backupDone{file, err} }})
	}()
	select {
	case ts.httpAddr = <-ready:
	case err := <-es.done:
		t.Fatalf("foid did not start on its embedded database: %v", err)
	}
	return es
}

func (es *embeddedServer) stop(t *testing.T) {
	t.Helper()
	es.cancel()
	if err := <-es.done; err != nil {
		t.Fatalf("foid stopped with an error: %v", err)
	}
}

// TestExternalDatabaseNeedsMigration: against a database URL, foid refuses
// an old schema and says what to run; `foid migrate up` is the deploy step.
func TestExternalDatabaseNeedsMigration(t *testing.T) {
	t.Parallel()
	url := pgtest.NewEmptyDBURL(t)
	key := "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=" // 32 bytes
	cfg := config{GRPCAddr: "127.0.0.1:0", HTTPAddr: "127.0.0.1:0", DatabaseURL: url, TokenKey: key, HistoryKey: key,
		LogFormat: "json", SweepInterval: time.Hour, DispatchInterval: time.Hour}
	err := run(context.Background(), cfg, runEnv{stdout: &bytes.Buffer{}, logs: &captured, now: time.Now})
	if err == nil || !strings.Contains(err.Error(), "foid migrate up") {
		t.Fatalf("serving on an empty schema: %v, want a refusal naming `foid migrate up`", err)
	}
	var out bytes.Buffer
	if err := dispatch(context.Background(), []string{"migrate", "up", "-database-url", url}, &out, &out); err != nil {
		t.Fatalf("migrate up: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "migrated up 000001") {
		t.Errorf("migrate up printed %q", out.String())
	}
	out.Reset()
	if err := dispatch(context.Background(), []string{"migrate", "status", "-database-url", url}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "schema version") {
		t.Errorf("status printed %q", out.String())
	}
	ts := startWith(t, cfg)
	ts.rest(t, "GET", "/readyz", "", nil).want(t, 200)

	if err := run(context.Background(), config{DatabaseURL: url, GRPCAddr: "127.0.0.1:0", HTTPAddr: "127.0.0.1:0"},
		runEnv{stdout: &bytes.Buffer{}, logs: &captured, now: time.Now}); err == nil || !strings.Contains(err.Error(), "FOI_TOKEN_KEY") {
		t.Errorf("external database without a token key: %v, want a refusal naming FOI_TOKEN_KEY", err)
	}
}
