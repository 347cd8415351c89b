package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"foi/services/auth"
)

// TestEmbeddedDatabaseKilledUnderLoad kills the embedded postmaster while
// eight clients register applications over REST. foid must restart it by
// itself, answer 503 (never 500) while it is down, and lose no write it
// acknowledged. Clients retry a 503 with the same request id, as the API
// asks them to, so an application is registered once however often it is
// sent.
func TestEmbeddedDatabaseKilledUnderLoad(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, d := range []string{filepath.Dir(dir), dir} { // the cluster may run as postgres, under root
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cfg := config{GRPCAddr: "127.0.0.1:0", HTTPAddr: "127.0.0.1:0", DataDir: filepath.Join(dir, "foi"),
		LogFormat: "json", LogLevel: "info", Demo: true, SweepInterval: time.Hour, DispatchInterval: time.Hour,
		MaxInFlight: 64, RequestTimeout: 10 * time.Second}
	es := startEmbeddedServer(t, cfg)
	defer es.stop(t)
	agencies := es.rest(t, "GET", "/v1/agencies", "", nil).want(t, 200)
	agencyID := agencies.body["agencies"].([]any)[0].(map[string]any)["id"].(string)
	clerk := es.signIn(t, "demo-clerk", auth.DemoPassword)

	const clients, perClient, killAfter = 8, 30, 40
	var (
		mu       sync.Mutex
		statuses = map[int]int{}
		first503 time.Time
		last503  time.Time
		acked    = map[string]string{} // request id -> application id
		acks     atomic.Int64
		kill     = make(chan struct{})
		killed   = make(chan int, 1) // the postmaster's pid
	)
	go func() {
		<-kill
		pid := postmasterPID(t, filepath.Join(cfg.DataDir, "pg"))
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
			t.Errorf("kill postmaster %d: %v", pid, err)
		}
		killed <- pid
	}()
	deadline := time.Now().Add(90 * time.Second)
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			for j := range perClient {
				reqID := fmt.Sprintf("fault-%d-%d", c, j)
				body := applicationBody(agencyID, reqID)
				body["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": "2026-11-27"}
				for {
					r := es.rest(t, "POST", "/v1/applications:register", clerk, body)
					mu.Lock()
					statuses[r.status]++
					if r.status == 503 {
						if first503.IsZero() {
							first503 = time.Now()
						}
						last503 = time.Now()
					}
					mu.Unlock()
					if r.status == 200 {
						mu.Lock()
						acked[reqID] = r.str("application.id")
						mu.Unlock()
						if acks.Add(1) == killAfter {
							close(kill)
						}
						break
					}
					if r.status != 503 || time.Now().After(deadline) {
						t.Errorf("client %d, %s: HTTP %d: %s", c, reqID, r.status, r.raw)
						return
					}
					if r.header.Get("Retry-After") == "" {
						t.Errorf("503 without Retry-After: %s", r.raw)
					}
					time.Sleep(20 * time.Millisecond) // the client's backoff before it retries
				}
			}
		})
	}
	wg.Wait()
	oldPID := <-killed
	if t.Failed() {
		t.FailNow()
	}
	t.Logf("answers by HTTP status: %v; 503s for %v", statuses, last503.Sub(first503))
	if statuses[503] == 0 {
		t.Error("no request met the outage: the test did not test it")
	}
	if pid := postmasterPID(t, filepath.Join(cfg.DataDir, "pg")); pid == oldPID {
		t.Errorf("the postmaster is still pid %d: it was not restarted", pid)
	}
	es.rest(t, "GET", "/readyz", "", nil).want(t, 200)
	if len(acked) != clients*perClient {
		t.Fatalf("%d acknowledged, want %d", len(acked), clients*perClient)
	}
	for reqID, id := range acked {
		if r := es.rest(t, "GET", "/v1/applications/"+id, clerk, nil); r.status != 200 {
			t.Errorf("acknowledged %s (%s) is gone: HTTP %d", reqID, id, r.status)
		}
	}
	if logs := captured.String(); !strings.Contains(logs, "embedded database is running again") {
		t.Error("foid did not log the restart")
	}
}

// postmasterPID reads the running postmaster's pid from its lock file.
func postmasterPID(t *testing.T, dataDir string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dataDir, "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0])
	if err != nil {
		t.Fatal(err)
	}
	return pid
}
