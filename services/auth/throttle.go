package auth

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"foi/services/pg"
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

// locked reports whether any key is locked now, and until when.
func (s *Service) locked(ctx context.Context, keys []throttleKey, now time.Time) (time.Time, bool, error) {
	var until time.Time
	for _, k := range keys {
		var lockedUntil *time.Time
		err := s.db.QueryRow(ctx, `SELECT locked_until FROM signin_throttle WHERE key = $1`, k.key).Scan(&lockedUntil)
		if err == pgx.ErrNoRows {
			continue
		}
		if err != nil {
			return time.Time{}, false, err
		}
		if lockedUntil != nil && lockedUntil.After(now) && lockedUntil.After(until) {
			until = *lockedUntil
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
func (s *Service) fail(ctx context.Context, keys []throttleKey, now time.Time) error {
	return pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
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
	})
}

// succeed clears a login's failures after a successful sign-in. The client
// address keeps its count: one right password does not excuse a sweep of
// other accounts.
func (s *Service) succeed(ctx context.Context, k throttleKey, _ time.Time) error {
	_, err := s.db.Exec(ctx, `DELETE FROM signin_throttle WHERE key = $1`, k.key)
	return err
}
