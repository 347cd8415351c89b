package auth

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"

	"foi/services/actor"
)

// The session cache spares a call the query that reads its session and
// account: Authenticate remembers, for a few seconds, who a valid access
// token's session belongs to. It stays coherent through PostgreSQL:
//
//   - a trigger on sessions, accounts and account_agencies sends NOTIFY
//     foi_sessions from the transaction that changes them (sign-out,
//     disabling, a role or agency change, a password reset, …), so every
//     process listening drops all it holds when that transaction commits;
//   - this process also drops all it holds as soon as its own revoking
//     transaction returns, without waiting for the notification, so a
//     sign-out or a disabling is in force here for the very next call;
//   - while the listening connection is not established (before Watch
//     connects, after it fails, until it is back) the cache is bypassed and
//     every call reads the database; each (re)connection starts empty;
//   - an entry read before a change but stored after it is refused: every
//     drop advances a generation, and an entry is kept only if the
//     generation did not move while it was read;
//   - an entry lives at most cacheTTL in any case.
//
// An entry is keyed by the SHA-256 of the access token and stored only
// once the token passed verify, so a call whose token is found there
// skips the signature check too (only the token's expiry is checked
// again): a forged or altered token has another digest and is verified.

// sessionsChannel is the channel of the trigger's notifications.
const sessionsChannel = "foi_sessions"

// listenerName is the application_name of the listening connection, as
// pg_stat_activity shows it.
const listenerName = "foid session cache"

// cacheTTL bounds how long an entry is used without reading it again.
const cacheTTL = 10 * time.Second

// cacheMax bounds the entries held; reaching it drops them all.
const cacheMax = 100_000

// watchPing is how long the listening connection may stay silent before
// it is checked with a query.
const watchPing = 30 * time.Second

type cacheKey [sha256.Size]byte

type cached struct {
	who            actor.Actor
	mustChange     bool
	tokenExpires   int64 // the token's exp claim, Unix seconds
	sessionExpires time.Time
	stored         time.Time // monotonic, for cacheTTL
}

type sessionCache struct {
	mu      sync.Mutex
	live    bool   // the listening connection is up
	gen     uint64 // advanced on every drop
	entries map[cacheKey]cached
	// changed is closed and replaced on every drop (see CacheGeneration).
	changed chan struct{}
	// monotonic is the clock of cacheTTL (not the service's clock, which
	// tests move).
	monotonic func() time.Time
}

func newSessionCache() *sessionCache {
	return &sessionCache{entries: map[cacheKey]cached{}, changed: make(chan struct{}), monotonic: time.Now}
}

func tokenKey(token string) cacheKey { return sha256.Sum256([]byte(token)) }

// get returns the entry for key if the cache is live and the entry fresh.
func (c *sessionCache) get(key cacheKey) (cached, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.live {
		return cached{}, false
	}
	e, ok := c.entries[key]
	if !ok || c.monotonic().Sub(e.stored) >= cacheTTL {
		return cached{}, false
	}
	return e, true
}

// begin returns the generation before a read whose result may be stored.
func (c *sessionCache) begin() (uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen, c.live
}

// put stores e unless the cache was dropped (or went down) since begin
// returned gen.
func (c *sessionCache) put(gen uint64, key cacheKey, e cached) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.live || c.gen != gen {
		return
	}
	if len(c.entries) >= cacheMax {
		clear(c.entries)
	}
	e.stored = c.monotonic()
	c.entries[key] = e
}

// drop forgets every entry; live says whether the cache may be used from
// now on.
func (c *sessionCache) drop(live bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.live = live
	c.gen++
	clear(c.entries)
	close(c.changed)
	c.changed = make(chan struct{})
}

// state returns the generation, whether the cache is live, and a channel
// closed at the next drop.
func (c *sessionCache) state() (uint64, bool, <-chan struct{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen, c.live, c.changed
}

// sessionsChanged drops the cache of this process at once, after a change
// to sessions or accounts made here (the trigger tells the others).
func (s *Service) sessionsChanged() { s.cache.drop(s.cache.isLive()) }

func (c *sessionCache) isLive() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.live
}

// CacheState reports the session cache's generation (advanced whenever it
// is dropped: a change here, a notification, the listening connection
// lost or established), whether it is in use, and a channel closed at the
// next drop. Tests wait on it instead of sleeping.
func (s *Service) CacheState() (generation uint64, live bool, next <-chan struct{}) {
	return s.cache.state()
}

// Watch listens for the notifications that keep the session cache
// coherent, until ctx ends; only while it listens is the cache used. It
// reconnects with backoff when the connection fails, logging each change
// of state once.
func (s *Service) Watch(ctx context.Context) {
	backoff := 100 * time.Millisecond
	failing := false
	for {
		err := s.listen(ctx, func() {
			if failing {
				s.log.Info("session cache: listening again")
				failing = false
			}
			backoff = 100 * time.Millisecond
		})
		s.cache.drop(false)
		if ctx.Err() != nil {
			return
		}
		if !failing {
			s.log.Warn("session cache: lost the database notifications; checking every call until they are back", "err", err)
			failing = true
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}

// listen holds one listening connection until it fails or ctx ends,
// dropping the cache at every notification. up is called once it listens.
func (s *Service) listen(ctx context.Context, up func()) error {
	cfg := s.db.Config().ConnConfig.Copy()
	cfg.RuntimeParams["application_name"] = listenerName
	// Waiting has a timeout (watchPing); at it, close nothing and cancel
	// nothing on the server, only stop reading.
	cfg.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.DeadlineContextWatcherHandler{Conn: c.Conn()}
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+sessionsChannel); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	// Whatever changed before LISTEN took effect was never notified.
	s.cache.drop(true)
	up()
	for {
		wctx, cancel := context.WithTimeout(ctx, watchPing)
		_, err := conn.WaitForNotification(wctx)
		cancel()
		switch {
		case err == nil:
			s.cache.drop(true)
		case ctx.Err() != nil:
			return ctx.Err()
		case errors.Is(err, context.DeadlineExceeded) && !conn.IsClosed():
			pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			err = conn.Ping(pctx)
			cancel()
			if err != nil {
				return fmt.Errorf("ping: %w", err)
			}
		default:
			return fmt.Errorf("wait: %w", err)
		}
	}
}
