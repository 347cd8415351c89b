package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

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

// TestSweep: -dry-run lists the lapse that is due and changes nothing; the
// sweep then fires it, once.
func TestSweep(t *testing.T) {
	url := pgtest.NewDBURL(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `
		WITH ag AS (INSERT INTO agencies (code, name) VALUES ('SWP', '清扫局') RETURNING id),
		     acc AS (INSERT INTO accounts (login, role, display_name) VALUES ('clerk-swp', 'CLERK', '窗口') RETURNING id)
		INSERT INTO applications (agency_id, tracking_number, state, regime, applicant_type, applicant_name,
			applicant_id_type, applicant_id_number, info_title, medium, delivery, channel, handed_in_on,
			received_on, created_by, clarification_on, supplement_due_on)
		SELECT ag.id, 'SWP-2026-000001', 'CLARIFICATION', '2019', 'NATURAL_PERSON', '张三', 'RESIDENT_ID_CARD',
			'11010519491231002X', '信息', 'PAPER', 'POST', 'IN_PERSON', '2026-10-09', '2026-10-09', acc.id, '2026-10-12', '2026-11-02'
		FROM ag, acc`); err != nil {
		t.Fatal(err)
	}
	state := func() string {
		var s string
		if err := conn.QueryRow(ctx, `SELECT state FROM applications WHERE tracking_number = 'SWP-2026-000001'`).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	out, err := foictl(t, url, "sweep", "-dry-run")
	if err != nil || !strings.Contains(out, "clarification_lapsed") || !strings.Contains(out, "SWP-2026-000001") {
		t.Fatalf("sweep -dry-run: %q, %v", out, err)
	}
	if s := state(); s != "CLARIFICATION" {
		t.Errorf("the dry run changed the case to %s", s)
	}
	out, err = foictl(t, url, "sweep")
	if err != nil || !strings.Contains(out, "clarification lapses 1") {
		t.Fatalf("sweep: %q, %v", out, err)
	}
	if s := state(); s != "CLOSED" {
		t.Errorf("after the sweep the case is %s, want CLOSED", s)
	}
	if out, _ := foictl(t, url, "sweep", "-dry-run"); strings.Contains(out, "clarification_lapsed") {
		t.Errorf("the lapse is still due after the sweep: %q", out)
	}
}
