package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"foi/services/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// testHistoryKey is the history chain's key foictl is given in tests.
const testHistoryKey = "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE="

func foictl(t *testing.T, url string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), append([]string{"-database-url", url, "-history-key", testHistoryKey}, args...), &out)
	return out.String(), err
}

func TestAdminResetAndHistoryVerify(t *testing.T) {
	url := pgtest.NewDBURL(t)
	out, err := foictl(t, url, "admin", "reset", "ops-admin")
	if err != nil || !strings.Contains(out, "one-time password: ") {
		t.Fatalf("admin reset: %q, %v", out, err)
	}
	again, err := foictl(t, url, "admin", "reset", "ops-admin")
	if err != nil || again == out {
		t.Errorf("a second reset gave the same password or failed: %v", err)
	}
	if _, err := foictl(t, url, "history", "verify", "00000000-0000-4000-8000-000000000000"); err == nil || !strings.Contains(err.Error(), "不存在") {
		t.Errorf("verifying a missing case: %v", err)
	}
	var out2 bytes.Buffer
	err = run(context.Background(), []string{"-database-url", url, "-data-dir", t.TempDir(), "history", "verify", "00000000-0000-4000-8000-000000000000"}, &out2)
	if err == nil || !strings.Contains(err.Error(), "FOI_HISTORY_KEY") {
		t.Errorf("verifying without the history key: %v, want a refusal naming FOI_HISTORY_KEY", err)
	}
	if _, err := foictl(t, url, "bogus", "command", "x"); err == nil {
		t.Error("an unknown command succeeded")
	}
}

func TestCalendarLoad(t *testing.T) {
	url := pgtest.NewDBURL(t)
	file := filepath.Join(t.TempDir(), "2027.json")
	if err := os.WriteFile(file, []byte(`{"region": "CN", "year": 2027,
		"notices": [{"title": "国务院办公厅关于2027年部分节假日安排的通知", "number": "国办发明电〔2026〕1号", "date": "2026-11-20"}],
		"holidays": [{"name": "元旦", "off": [{"from": "2027-01-01", "to": "2027-01-03"}]}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := foictl(t, url, "calendar", "load", file)
	if err != nil || !strings.Contains(out, "loaded CN 2027 (first changed day 2027-01-01)") {
		t.Fatalf("calendar load: %q, %v", out, err)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"region": "CN", "year": 2027, "holidays": [{"name": "x", "work": ["2027-02-01"]}]}`), 0o600)
	if _, err := foictl(t, url, "calendar", "load", bad); err == nil || !strings.Contains(err.Error(), "周六或周日") {
		t.Errorf("a Monday as make-up day: %v", err)
	}
}

func TestRefusesAnOldSchema(t *testing.T) {
	url := pgtest.NewEmptyDBURL(t)
	if _, err := foictl(t, url, "admin", "reset", "x-admin"); err == nil || !strings.Contains(err.Error(), "foid migrate up") {
		t.Errorf("an empty database: %v", err)
	}
}
