package cases

import (
	"context"
	"strings"
	"testing"
	"time"

	"foi/services/actor"
)

// TestEditedLettersBreakTheChain: each issued document's SHA-256 is part of
// the event that issued it, so an edited, removed or added letter is named
// by verify even with every trigger switched off; and the chain is keyed,
// so recomputing it without the key does not mend it.
func TestEditedLettersBreakTheChain(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	app := f.register(t, "2026-11-27") // seq 1 issues the receipt
	app, err := f.svc.Assign(ctx, f.officerA, app.ID, app.Version, "")
	if err != nil {
		t.Fatal(err)
	}
	app, err = f.svc.RequestClarification(ctx, f.officerA, app.ID, app.Version, ClarificationRequest{Items: []string{"年份"}})
	if err != nil {
		t.Fatal(err)
	}
	v, err := f.svc.VerifyHistory(ctx, f.admin, app.ID)
	if err != nil || !v.Intact || v.Check != CheckKeyed || v.Notices != 2 || !strings.Contains(v.Method, "HMAC-SHA256") {
		t.Fatalf("verify of an untouched case: %+v, %v", v, err)
	}
	for _, table := range []string{"notices", "application_events"} {
		if _, err := f.db.Exec(ctx, `ALTER TABLE `+table+` DISABLE TRIGGER `+table+`_append_only`); err != nil {
			t.Fatal(err)
		}
	}
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := f.db.Exec(ctx, sql, args...); err != nil {
			t.Fatal(err)
		}
	}
	want := func(what string, seq int, problem string) {
		t.Helper()
		v, err := f.svc.VerifyHistory(ctx, f.admin, app.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.Intact || v.BrokenAt != seq || !strings.Contains(v.Problem, problem) {
			t.Errorf("%s: %+v, want broken at %d naming %q", what, v, seq, problem)
		}
	}

	// An edited letter, with its stored digest recomputed to match.
	exec(`UPDATE notices SET html = replace(html, '年份', '月份') WHERE application_id = $1 AND event_seq = 3`, app.ID)
	exec(`UPDATE notices SET sha256 = sha256(convert_to(html, 'UTF8')) WHERE application_id = $1 AND event_seq = 3`, app.ID)
	want("an edited clarification notice", 3, "补正告知书")
	exec(`UPDATE notices SET html = replace(html, '月份', '年份') WHERE application_id = $1 AND event_seq = 3`, app.ID)
	if v, _ := f.svc.VerifyHistory(ctx, f.admin, app.ID); !v.Intact {
		t.Fatalf("restoring the letter did not restore the chain: %+v", v)
	}

	// A letter slipped in afterwards under an existing event.
	exec(`INSERT INTO notices (application_id, event_seq, kind, number, title, recipient, html, sha256, issued_at)
		SELECT application_id, event_seq, kind, number || '-x', title, recipient, html, sha256, issued_at
		FROM notices WHERE application_id = $1 AND event_seq = 1`, app.ID)
	want("an added letter", 1, "事后添加")
	exec(`DELETE FROM notices WHERE application_id = $1 AND number LIKE '%-x'`, app.ID)

	// A removed letter.
	exec(`DELETE FROM notices WHERE application_id = $1 AND event_seq = 1`, app.ID)
	want("a removed receipt", 1, "已不在存档中")
}

// TestTheChainIsKeyed: someone with only the database cannot mend a
// changed event by recomputing its hash, since they lack the key; events
// from before the key are checked by SHA-256 and verify says so; and a
// keyed chain cannot turn unkeyed again.
func TestTheChainIsKeyed(t *testing.T) {
	key := []byte("the service's key, kept outside the database")
	app := &Application{ID: "a"}
	var events []HistoryEvent
	add := func(k []byte, chain string) {
		e, err := nextHistoryEvent(app, k, "assign", Accepted, actor.Actor{AccountID: "x", Role: actor.Officer, Name: "承办人"}, time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC), "", nil)
		if err != nil {
			t.Fatal(err)
		}
		if chain == ChainSHA256 { // as recorded before the key
			e.Chain = ChainSHA256
			e.Hash = e.contentHash(nil)
			app.historyHash = e.Hash
		}
		events = append(events, e)
	}
	add(key, ChainSHA256)
	add(key, ChainSHA256)
	add(key, ChainHMAC)
	add(key, ChainHMAC)
	v := verifyChain(key, events, nil, app.historySeq, app.historyHash)
	if !v.Intact || v.Check != CheckPartlyKeyed || !strings.Contains(v.Method, "前 2 条") {
		t.Fatalf("a chain keyed from its third event: %+v", v)
	}
	if v := verifyChain(key, events[:2], nil, 2, events[1].Hash); !v.Intact || v.Check != CheckUnkeyed {
		t.Errorf("an unkeyed chain: %+v", v)
	}

	// An attacker changes event 4 and recomputes it with another key.
	forged := append([]HistoryEvent(nil), events...)
	forged[3].Reason = "改动"
	forged[3].Hash = forged[3].contentHash([]byte("a guess at the key, 32 bytes long.."))
	if v := verifyChain(key, forged, nil, 4, forged[3].Hash); v.Intact || v.BrokenAt != 4 {
		t.Errorf("event 4 rehashed without the key: %+v", v)
	}
	// Or downgrades it to plain SHA-256, which needs no key.
	forged[3].Chain = ChainSHA256
	forged[3].Hash = forged[3].contentHash(nil)
	if v := verifyChain(key, forged, nil, 4, forged[3].Hash); v.Intact || v.BrokenAt != 4 || !strings.Contains(v.Problem, "未按密钥") {
		t.Errorf("event 4 downgraded to SHA-256: %+v", v)
	}
}
