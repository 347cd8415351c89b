package auth

import (
	"context"
	"fmt"
	"time"

	"foi/services/errs"
	"foi/services/pg"

	"github.com/jackc/pgx/v5"
)

// Sign-in throttling: after threshold failures a key locks for one minute,
// and every further failure doubles the lock, up to an hour. Failures older
// than a day are forgotten.
const (
	loginThreshold = 10
	addrThreshold  = 50
	firstLock      = time.Minute
	maxLock        = time.Hour
	forgetAfter    = 24 * time.Hour
)

var shanghai = time.FixedZone("Asia/Shanghai", 8*3600)

type throttleKey struct {
	key       string
	threshold int
}

// lockedUntil reports whether any key is locked now, and until when; the
// first key's row is locked for the rest of the transaction.
func lockedUntil(ctx context.Context, tx pgx.Tx, now time.Time, first, other string) (time.Time, bool, error) {
	var until time.Time
	var a, b *time.Time
	if err := tx.QueryRow(ctx, `SELECT locked_until FROM signin_throttle WHERE key = $1 FOR UPDATE`, first).Scan(&a); err != nil {
		return until, false, err
	}
	err := tx.QueryRow(ctx, `SELECT locked_until FROM signin_throttle WHERE key = $1`, other).Scan(&b)
	if err != nil && err != pgx.ErrNoRows {
		return until, false, err
	}
	for _, t := range []*time.Time{a, b} {
		if t != nil && t.After(now) && t.After(until) {
			until = *t
		}
	}
	return until, !until.IsZero(), nil
}

// lockFor is how long a key locks after its n-th failure.
func lockFor(n, threshold int) time.Duration {
	if n < threshold {
		return 0
	}
	d := firstLock
	for i := threshold; i < n && d < maxLock; i++ {
		d *= 2
	}
	return min(d, maxLock)
}

// fail counts a failed attempt against every key, locking those past their
// threshold.
func fail(ctx context.Context, tx pgx.Tx, keys []throttleKey, now time.Time) error {
	for _, k := range keys {
		var n int
		err := tx.QueryRow(ctx, `
			INSERT INTO signin_throttle AS t (key, failures, last_failure) VALUES ($1, 1, $2)
			ON CONFLICT (key) DO UPDATE SET
				failures = CASE WHEN t.last_failure < $2 - $3::interval THEN 1 ELSE t.failures + 1 END,
				last_failure = $2
			RETURNING failures`, k.key, now, forgetAfter.String()).Scan(&n)
		if err != nil {
			return err
		}
		if d := lockFor(n, k.threshold); d > 0 {
			if _, err := tx.Exec(ctx, `UPDATE signin_throttle SET locked_until = $2 WHERE key = $1`, k.key, now.Add(d)); err != nil {
				return err
			}
		}
	}
	return nil
}

// Throttled runs one guess at something a stranger might try to guess,
// such as a case's query code, under the sign-in throttle: counted against
// scope:subject (ten failures) and the client's address (fifty), and
// refused while either is locked. check answers whether the guess was
// right; a wrong one counts, a right one clears the subject's count.
func (s *Service) Throttled(ctx context.Context, scope, subject, clientAddr string, check func(context.Context) (bool, error)) (bool, error) {
	now := s.now()
	subjectKey := throttleKey{scope + ":" + loginKey(subject), loginThreshold}
	addrKey := throttleKey{scope + "-addr:" + clientAddr, addrThreshold}
	var until time.Time
	ok, locked := false, false
	err := pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO signin_throttle (key, failures, last_failure) VALUES ($1, 0, $2) ON CONFLICT (key) DO NOTHING`,
			subjectKey.key, now); err != nil {
			return err
		}
		var err error
		if until, locked, err = lockedUntil(ctx, tx, now, subjectKey.key, addrKey.key); err != nil || locked {
			return err
		}
		if ok, err = check(ctx); err != nil {
			return err
		}
		if ok {
			_, err := tx.Exec(ctx, `DELETE FROM signin_throttle WHERE key = $1`, subjectKey.key)
			return err
		}
		return fail(ctx, tx, []throttleKey{subjectKey, addrKey}, now)
	})
	if err == nil && locked {
		return false, errs.New(errs.ResourceExhausted, fmt.Sprintf("查询失败次数过多，请于 %s 后再试", until.In(shanghai).Format("15:04:05")))
	}
	return ok, err
}
