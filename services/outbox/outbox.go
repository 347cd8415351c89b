// Package outbox delivers the messages foi sends to applicants and staff:
// notices issued on a case, and near-due and overdue warnings. A message is
// a row written in the same transaction as the change that causes it, so
// nothing is sent for a change that rolled back; a dispatcher then delivers
// pending rows through a Sender, with retries.
package outbox

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"foi/services/idnumber"
	"foi/services/pg"
)

// Message is one message to deliver.
type Message struct {
	ApplicationID string // the case it is about, if any
	Topic         string // what it is, e.g. "notice.CLARIFICATION", "warning.near_due"
	// Recipient is an address: "mailto:…", "sms:…", a staff group
	// "staff:<agency>:<role>" or a member of staff "account:<id>". Staff
	// recipients also find the message in their in-app inbox at once.
	Recipient string
	Subject   string
	Body      string
	// DedupeKey, when set, makes the message unique: a second message with
	// the same key is dropped (a warning is sent once per case and date).
	DedupeKey string
}

// Enqueue writes m in the caller's transaction. It reports false when a
// message with the same DedupeKey exists.
func Enqueue(ctx context.Context, tx pgx.Tx, m Message, now time.Time) (bool, error) {
	var appID, key *string
	if m.ApplicationID != "" {
		appID = &m.ApplicationID
	}
	if m.DedupeKey != "" {
		key = &m.DedupeKey
	}
	tag, err := tx.Exec(ctx, `
		INSERT INTO outbox (application_id, topic, recipient, subject, body, dedupe_key, created_at, next_attempt_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
		ON CONFLICT (dedupe_key) DO NOTHING`, appID, m.Topic, m.Recipient, m.Subject, m.Body, key, now)
	if err != nil {
		return false, fmt.Errorf("enqueue %s: %w", m.Topic, pg.Translate(err))
	}
	added := tag.RowsAffected() == 1
	if added {
		if err := deliverToInboxes(ctx, tx, m, now); err != nil {
			return false, err
		}
	}
	return added, nil
}

// Sender delivers one message; an error means "try again later".
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// Dispatcher delivers pending messages.
type Dispatcher struct {
	db     *pgxpool.Pool
	sender Sender
	now    func() time.Time
	log    *slog.Logger
	// observe, when set, is told what each committed round did.
	observe func(sent, failed int)
}

// NewDispatcher returns a Dispatcher sending through sender.
func NewDispatcher(db *pgxpool.Pool, sender Sender, now func() time.Time, log *slog.Logger) *Dispatcher {
	return &Dispatcher{db: db, sender: sender, now: now, log: log}
}

// Observe has f told, after each round that committed, how many messages
// were sent and how many attempts failed (for metrics).
func (d *Dispatcher) Observe(f func(sent, failed int)) *Dispatcher {
	d.observe = f
	return d
}

// MaxAttempts is how often a message is tried before it is left for a
// person to look at (it stays in the table with its last error).
const MaxAttempts = 10

// retryAfter is the wait before attempt n+1: one minute, doubling, at most
// a day.
func retryAfter(n int) time.Duration {
	d := time.Minute
	for i := 1; i < n && d < 24*time.Hour; i++ {
		d *= 2
	}
	return min(d, 24*time.Hour)
}

// DispatchOnce delivers up to limit due messages and reports how many were
// sent. Rows are locked while being sent (SKIP LOCKED), so several
// replicas can dispatch together without sending a message twice.
func (d *Dispatcher) DispatchOnce(ctx context.Context, limit int) (int, error) {
	sent, failed := 0, 0
	err := pg.InTx(ctx, d.db, func(tx pgx.Tx) error {
		now := d.now()
		rows, _ := tx.Query(ctx, `
			SELECT id, coalesce(application_id::text, ''), topic, recipient, subject, body, attempts
			FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= $1 AND attempts < $2
			ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED`, now, MaxAttempts, limit)
		type pending struct {
			id       int64
			msg      Message
			attempts int
		}
		list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (pending, error) {
			var p pending
			err := r.Scan(&p.id, &p.msg.ApplicationID, &p.msg.Topic, &p.msg.Recipient, &p.msg.Subject, &p.msg.Body, &p.attempts)
			return p, err
		})
		if err != nil {
			return err
		}
		for _, p := range list {
			if err := d.sender.Send(ctx, p.msg); err != nil {
				failed++
				d.log.WarnContext(ctx, "outbox delivery failed", "id", p.id, "topic", p.msg.Topic, "attempt", p.attempts+1, "err", scrub(err.Error()))
				if _, err := tx.Exec(ctx, `UPDATE outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3 WHERE id = $1`,
					p.id, err.Error(), now.Add(retryAfter(p.attempts+1))); err != nil {
					return err
				}
				continue
			}
			if _, err := tx.Exec(ctx, `UPDATE outbox SET attempts = attempts + 1, sent_at = $2, last_error = '' WHERE id = $1`, p.id, now); err != nil {
				return err
			}
			sent++
		}
		return nil
	})
	if err == nil && d.observe != nil {
		d.observe(sent, failed)
	}
	return sent, err
}

var (
	emailPattern  = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+`)
	numberPattern = regexp.MustCompile(`\d{7,}`)
)

// scrub masks what a relay's error may echo of the recipient (an address,
// a phone number) before it is logged; the outbox row keeps it whole.
func scrub(s string) string {
	s = emailPattern.ReplaceAllStringFunc(s, idnumber.MaskEmail)
	return numberPattern.ReplaceAllStringFunc(s, idnumber.MaskNumber)
}

// Run dispatches every interval until ctx ends.
func (d *Dispatcher) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		for {
			n, err := d.DispatchOnce(ctx, 50)
			if err != nil && ctx.Err() == nil {
				d.log.ErrorContext(ctx, "outbox dispatch failed", "err", err)
			}
			if err != nil || n < 50 {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
