package outbox

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"foi/services/errs"
	"foi/services/ids"
	"foi/services/page"
	"foi/services/pg"
)

// deliverToInboxes puts a message for staff into the inbox of every active
// account it names, in the transaction that queues it.
func deliverToInboxes(ctx context.Context, tx pgx.Tx, m Message, now time.Time) error {
	var sql string
	var args []any
	switch {
	case strings.HasPrefix(m.Recipient, "account:"):
		id := strings.TrimPrefix(m.Recipient, "account:")
		if !ids.Valid(id) {
			return nil
		}
		sql, args = `SELECT id FROM accounts WHERE id = $1 AND disabled_at IS NULL`, []any{id}
	case strings.HasPrefix(m.Recipient, "staff:"):
		agency, role, ok := strings.Cut(strings.TrimPrefix(m.Recipient, "staff:"), ":")
		if !ok || !ids.Valid(agency) {
			return nil
		}
		sql, args = `SELECT a.id FROM accounts a JOIN account_agencies x ON x.account_id = a.id
			WHERE x.agency_id = $1 AND a.role = $2 AND a.disabled_at IS NULL`, []any{agency, role}
	default:
		return nil
	}
	var appID *string
	if m.ApplicationID != "" {
		appID = &m.ApplicationID
	}
	_, err := tx.Exec(ctx, `INSERT INTO inbox_items (account_id, application_id, topic, subject, body, created_at)
		SELECT r.id, $`+strconv.Itoa(len(args)+1)+`, $`+strconv.Itoa(len(args)+2)+`, $`+strconv.Itoa(len(args)+3)+`, $`+strconv.Itoa(len(args)+4)+`, $`+strconv.Itoa(len(args)+5)+`
		FROM (`+sql+`) r`, append(args, appID, m.Topic, m.Subject, m.Body, now)...)
	if err != nil {
		return fmt.Errorf("deliver %s to inboxes: %w", m.Topic, pg.Translate(err))
	}
	return nil
}

// InboxItem is one message in a member of staff's inbox.
type InboxItem struct {
	ID            int64
	ApplicationID string
	Topic         string
	Subject       string
	Body          string
	CreatedAt     time.Time
	ReadAt        time.Time // zero while unread
}

// Inbox reads and marks the in-app inboxes.
type Inbox struct {
	db  *pgxpool.Pool
	now func() time.Time
}

// NewInbox returns the inboxes on db.
func NewInbox(db *pgxpool.Pool, now func() time.Time) *Inbox { return &Inbox{db: db, now: now} }

type inboxCursor struct {
	ID int64 `json:"i"`
}

// List returns one page of an account's inbox, newest first, and how many
// items are unread in all.
func (b *Inbox) List(ctx context.Context, accountID string, unreadOnly bool, pageSize int32, pageToken string) ([]InboxItem, string, int, error) {
	limit, err := page.Size(pageSize)
	if err != nil {
		return nil, "", 0, err
	}
	var after inboxCursor
	if err := page.Decode(pageToken, &after); err != nil {
		return nil, "", 0, err
	}
	if after.ID < 0 {
		return nil, "", 0, errs.Field("pageToken", "无效的分页标记")
	}
	rows, _ := b.db.Query(ctx, `
		SELECT id, coalesce(application_id::text, ''), topic, subject, body, created_at, coalesce(read_at, 'epoch')
		FROM inbox_items WHERE account_id = $1 AND ($2 = 0 OR id < $2) AND (NOT $3 OR read_at IS NULL)
		ORDER BY id DESC LIMIT $4`, accountID, after.ID, unreadOnly, limit+1)
	items, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (InboxItem, error) {
		var it InboxItem
		err := r.Scan(&it.ID, &it.ApplicationID, &it.Topic, &it.Subject, &it.Body, &it.CreatedAt, &it.ReadAt)
		if it.ReadAt.Equal(time.Unix(0, 0)) {
			it.ReadAt = time.Time{}
		}
		return it, err
	})
	if err != nil {
		return nil, "", 0, fmt.Errorf("list inbox: %w", err)
	}
	next := ""
	if len(items) > limit {
		items = items[:limit]
		next = page.Encode(inboxCursor{ID: items[limit-1].ID})
	}
	var unread int
	if err := b.db.QueryRow(ctx, `SELECT count(*) FROM inbox_items WHERE account_id = $1 AND read_at IS NULL`, accountID).Scan(&unread); err != nil {
		return nil, "", 0, err
	}
	return items, next, unread, nil
}

// MarkRead marks the account's items with these ids read (all of its
// unread items when ids is empty), and returns how many changed.
func (b *Inbox) MarkRead(ctx context.Context, accountID string, itemIDs []int64) (int, error) {
	if itemIDs == nil {
		itemIDs = []int64{} // an array, not NULL
	}
	tag, err := b.db.Exec(ctx, `UPDATE inbox_items SET read_at = $2
		WHERE account_id = $1 AND read_at IS NULL AND (cardinality($3::bigint[]) = 0 OR id = ANY($3))`, accountID, b.now(), itemIDs)
	if err != nil {
		return 0, err
	}
	return int(tag.RowsAffected()), nil
}
