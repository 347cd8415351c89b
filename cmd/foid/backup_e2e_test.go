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
)

// TestBackupRestore makes the scheduled backup and `foid backup` while foid
// serves, wipes the data directory, restores with `foid restore`, and finds
// every case again with its history chain intact.
func TestBackupRestore(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, d := range []string{filepath.Dir(dir), dir} { // the cluster may run as postgres, under root
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	backups := filepath.Join(dir, "backups")
	if err := os.MkdirAll(backups, 0o700); err != nil {
		t.Fatal(err)
	}
	// Two dumps from days ago: the schedule is due at once, and keeps two.
	for _, name := range []string{"foi-20261101T000000Z.dump", "foi-20261102T000000Z.dump"} {
		p := filepath.Join(backups, name)
		if err := os.WriteFile(p, []byte("old"), 0o600); err != nil {
			t.Fatal(err)
		}
		old := time.Now().Add(-72 * time.Hour)
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	cfg := config{GRPCAddr: "127.0.0.1:0", HTTPAddr: "127.0.0.1:0", DataDir: filepath.Join(dir, "foi"),
		LogFormat: "json", LogLevel: "info", Demo: true, SweepInterval: time.Hour, DispatchInterval: time.Hour,
		MaxInFlight: 64, RequestTimeout: 10 * time.Second, BackupDir: backups, BackupKeep: 2}

	first := startEmbeddedServer(t, cfg)
	scheduled := <-first.backups
	if scheduled.err != nil {
		t.Fatalf("scheduled backup: %v", scheduled.err)
	}
	names, _ := filepath.Glob(filepath.Join(backups, "foi-*.dump"))
	if len(names) != 2 || names[0] != filepath.Join(backups, "foi-20261102T000000Z.dump") || names[1] != scheduled.file {
		t.Errorf("backups kept: %v, want the newer old one and %s", names, scheduled.file)
	}

	agencyID := first.rest(t, "GET", "/v1/agencies", "", nil).want(t, 200).body["agencies"].([]any)[0].(map[string]any)["id"].(string)
	clerk := first.signIn(t, "demo-clerk", auth.DemoPassword)
	var ids []string
	for _, req := range []string{"backup-1", "backup-2", "backup-3"} {
		body := applicationBody(agencyID, req)
		body["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": "2026-11-27"}
		ids = append(ids, first.rest(t, "POST", "/v1/applications:register", clerk, body).want(t, 200).str("application.id"))
	}
	file := filepath.Join(dir, "foi.dump")
	var out bytes.Buffer
	if err := dispatch(context.Background(), []string{"backup", file, "-data-dir", cfg.DataDir}, &out, &out); err != nil {
		t.Fatalf("foid backup while serving: %v\n%s", err, out.String())
	}
	if err := dispatch(context.Background(), []string{"restore", file, "-data-dir", cfg.DataDir}, &out, &out); err == nil ||
		!strings.Contains(err.Error(), "stop it") {
		t.Errorf("restore while foid runs: %v, want a refusal", err)
	}
	first.stop(t)

	if err := os.RemoveAll(cfg.DataDir); err != nil {
		t.Fatal(err)
	}
	if err := dispatch(context.Background(), []string{"restore", file, "-data-dir", cfg.DataDir}, &out, &out); err != nil {
		t.Fatalf("foid restore: %v\n%s", err, out.String())
	}
	if err := dispatch(context.Background(), []string{"restore", file, "-data-dir", cfg.DataDir}, &out, &out); err == nil ||
		!strings.Contains(err.Error(), "not empty") {
		t.Errorf("restore over data: %v, want a refusal", err)
	}

	cfg.BackupDir = ""
	second := startEmbeddedServer(t, cfg)
	defer second.stop(t)
	if strings.Contains(second.stdout.String(), "password: ") {
		t.Error("the restored database had no administrator: foid made one")
	}
	clerk = second.signIn(t, "demo-clerk", auth.DemoPassword)
	for _, id := range ids {
		r := second.rest(t, "POST", "/v1/applications/"+id+":verifyHistory", clerk, map[string]any{}).want(t, 200)
		if r.body["intact"] != true || r.str("events") == "0" {
			t.Errorf("history of %s after restore: %s", id, r.raw)
		}
	}
}
