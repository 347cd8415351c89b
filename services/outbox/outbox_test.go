package outbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"foi/services/pg"
	"foi/services/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// recorder is a Sender that records what it sends and fails on demand.
type recorder struct {
	mu   sync.Mutex
	sent []string
	fail map[string]bool
}

func (r *recorder) Send(_ context.Context, m Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail[m.Subject] {
		return errors.New("relay refused")
	}
	r.sent = append(r.sent, m.Subject)
	return nil
}

func enqueue(t *testing.T, db *pgxpool.Pool, m Message, now time.Time) bool {
	t.Helper()
	var added bool
	err := pg.InTx(context.Background(), db, func(tx pgx.Tx) error {
		var err error
		added, err = Enqueue(context.Background(), tx, m, now)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return added
}

func TestDispatchRetriesAndDedupes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.NewDB(t)
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	rec := &recorder{fail: map[string]bool{"bad": true}}
	d := NewDispatcher(db, rec, clock, slog.New(slog.DiscardHandler))

	enqueue(t, db, Message{Topic: "t", Recipient: "mailto:a@example.com", Subject: "good", Body: "b"}, now)
	enqueue(t, db, Message{Topic: "t", Recipient: "mailto:a@example.com", Subject: "bad", Body: "b"}, now)
	if !enqueue(t, db, Message{Topic: "w", Recipient: "staff:x", Subject: "once", DedupeKey: "k"}, now) {
		t.Fatal("first message with a key was dropped")
	}
	if enqueue(t, db, Message{Topic: "w", Recipient: "staff:x", Subject: "once again", DedupeKey: "k"}, now) {
		t.Error("a second message with the same key was queued")
	}
	sent, err := d.DispatchOnce(ctx, 10)
	if err != nil || sent != 2 {
		t.Fatalf("first dispatch sent %d, %v; want 2", sent, err)
	}
	// The failed one waits a minute before its next attempt.
	if sent, _ := d.DispatchOnce(ctx, 10); sent != 0 {
		t.Errorf("a failed message was retried at once")
	}
	delete(rec.fail, "bad")
	now = now.Add(61 * time.Second)
	if sent, _ := d.DispatchOnce(ctx, 10); sent != 1 {
		t.Errorf("the failed message was not retried after its delay")
	}
	var attempts int
	var lastError string
	if err := db.QueryRow(ctx, `SELECT attempts, last_error FROM outbox WHERE subject = 'bad'`).Scan(&attempts, &lastError); err != nil {
		t.Fatal(err)
	}
	if attempts != 2 || lastError != "" {
		t.Errorf("attempts %d, last error %q", attempts, lastError)
	}
	if fmt.Sprint(rec.sent) != "[good once bad]" {
		t.Errorf("sent %v", rec.sent)
	}
}

// TestDispatchersSendEachMessageOnce runs three dispatchers at once.
func TestDispatchersSendEachMessageOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.NewDB(t)
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	const n = 300
	for i := range n {
		enqueue(t, db, Message{Topic: "t", Recipient: "sms:13800000000", Subject: fmt.Sprint(i)}, now)
	}
	rec := &recorder{}
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			d := NewDispatcher(db, rec, func() time.Time { return now }, slog.New(slog.DiscardHandler))
			for {
				sent, err := d.DispatchOnce(ctx, 25)
				if err != nil {
					t.Error(err)
					return
				}
				if sent == 0 {
					return
				}
			}
		})
	}
	wg.Wait()
	seen := map[string]int{}
	for _, s := range rec.sent {
		seen[s]++
	}
	if len(rec.sent) != n || len(seen) != n {
		t.Errorf("sent %d messages, %d distinct; want %d once each", len(rec.sent), len(seen), n)
	}
}

func TestMaskRecipient(t *testing.T) {
	for in, want := range map[string]string{
		"sms:13812345678":             "sms:138****5678",
		"mailto:zhangsan@example.com": "mailto:z*******@example.com",
		"staff:abc:OFFICER":           "staff:abc:OFFICER",
	} {
		if got := maskRecipient(in); got != want {
			t.Errorf("maskRecipient(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRetryAfterGrowsToADay(t *testing.T) {
	if retryAfter(1) != time.Minute || retryAfter(2) != 2*time.Minute || retryAfter(30) != 24*time.Hour {
		t.Errorf("retryAfter: %v %v %v", retryAfter(1), retryAfter(2), retryAfter(30))
	}
}

func TestScrubMasksRecipients(t *testing.T) {
	got := scrub("550 5.1.1 <zhangsan@example.com>: recipient rejected; sms 13812345678 busy")
	if strings.Contains(got, "zhangsan@") || strings.Contains(got, "13812345678") || !strings.Contains(got, "550 5.1.1") {
		t.Errorf("scrub: %s", got)
	}
}
