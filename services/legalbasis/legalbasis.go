// Package legalbasis keeps the maintained list of legal bases a reply may
// cite (the table legal_bases): administrators add and retire entries; none
// is ever deleted, so a letter that cited a basis can always print it. The
// shipped list of services/review seeds the table.
package legalbasis

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"foi/services/errs"
	"foi/services/pg"
	"foi/services/review"
)

// Store reads and writes the maintained list.
type Store struct{ db *pgxpool.Pool }

// NewStore returns a Store on db.
func NewStore(db *pgxpool.Pool) *Store { return &Store{db: db} }

// The bounds of a new entry.
const (
	MaxCodeLen = 32
	MaxTextLen = 200
)

var codeFormat = regexp.MustCompile(`^[A-Z][A-Z0-9_]{1,31}$`)

func scan(row pgx.CollectableRow) (review.Basis, error) {
	var b review.Basis
	err := row.Scan(&b.Code, &b.Text, &b.Retired)
	return b, err
}

// All returns the whole list, retired entries included, in list order.
func All(ctx context.Context, q pg.Querier) ([]review.Basis, error) {
	rows, err := q.Query(ctx, `SELECT code, text, retired_at IS NOT NULL FROM legal_bases ORDER BY position, code`)
	if err != nil {
		return nil, pg.Translate(err)
	}
	list, err := pgx.CollectRows(rows, scan)
	if err != nil {
		return nil, pg.Translate(err)
	}
	if list == nil {
		list = []review.Basis{}
	}
	return list, nil
}

// List returns the active entries, and the retired ones too when
// withRetired.
func (s *Store) List(ctx context.Context, withRetired bool) ([]review.Basis, error) {
	all, err := All(ctx, s.db)
	if err != nil || withRetired {
		return all, err
	}
	active := all[:0:0]
	for _, b := range all {
		if !b.Retired {
			active = append(active, b)
		}
	}
	return active, nil
}

// Create adds a basis at the end of the list; by names the administrator.
func (s *Store) Create(ctx context.Context, code, text, by string) (review.Basis, error) {
	code = strings.TrimSpace(code)
	text = strings.TrimSpace(text)
	var c errs.Collector
	if !codeFormat.MatchString(code) {
		c.Add("code", fmt.Sprintf("依据代码须为 2 至 %d 位大写字母、数字或下划线，以字母开头", MaxCodeLen))
	}
	if n := utf8.RuneCountInString(text); n == 0 || n > MaxTextLen {
		c.Add("text", fmt.Sprintf("引用文字须为 1 至 %d 个字", MaxTextLen))
	} else if !strings.ContainsFunc(text, func(r rune) bool { return r >= 0x4E00 && r <= 0x9FFF }) {
		c.Add("text", "引用文字须为中文，如《中华人民共和国政府信息公开条例》第三十六条第（三）项")
	}
	if err := c.Err(); err != nil {
		return review.Basis{}, err
	}
	_, err := s.db.Exec(ctx, `INSERT INTO legal_bases (code, text, position, created_by)
		SELECT $1, $2, coalesce(max(position), 0) + 1, $3 FROM legal_bases`, code, text, by)
	if pg.IsCode(err, pg.UniqueViolation, "") {
		return review.Basis{}, errs.Field("code", "依据代码 "+code+" 已存在（含已停用的依据）")
	}
	if err != nil {
		return review.Basis{}, pg.Translate(err)
	}
	return review.Basis{Code: code, Text: text}, nil
}

// Retire stops a basis from being cited in new drafts; letters that cited
// it still print it. Retiring a retired basis is refused.
func (s *Store) Retire(ctx context.Context, code, by string) (review.Basis, error) {
	code = strings.TrimSpace(code)
	var b review.Basis
	err := pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		var retired bool
		err := tx.QueryRow(ctx, `SELECT code, text, retired_at IS NOT NULL FROM legal_bases WHERE code = $1 FOR UPDATE`, code).
			Scan(&b.Code, &b.Text, &retired)
		if err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				return errs.New(errs.NotFound, "法律依据 "+code+" 不存在")
			}
			return pg.Translate(err)
		}
		if retired {
			return errs.New(errs.FailedPrecondition, "法律依据 "+code+" 已停用")
		}
		b.Retired = true
		_, err = tx.Exec(ctx, `UPDATE legal_bases SET retired_at = now(), retired_by = $2 WHERE code = $1`, code, by)
		return pg.Translate(err)
	})
	return b, err
}
