package auth

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/pg"
)

// watch runs s.Watch for the rest of the test and returns once the
// session cache is in use.
func watch(t *testing.T, s *Service) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { s.Watch(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	waitState(t, s, func(_ uint64, live bool) bool { return live })
}

// waitState waits, on the cache's own signal, until ok holds for its
// generation and liveness.
func waitState(t *testing.T, s *Service, ok func(gen uint64, live bool) bool) {
	t.Helper()
	deadline := time.After(time.Minute)
	for {
		gen, live, next := s.CacheState()
		if ok(gen, live) {
			return
		}
		select {
		case <-next:
		case <-deadline:
			t.Fatalf("the session cache stayed at generation %d, live %v", gen, live)
		}
	}
}

// cachedFor reports whether s holds tok in its session cache.
func cachedFor(s *Service, tok Tokens) bool {
	_, ok := s.cache.get(tokenKey(tok.Access))
	return ok
}

// authenticated authenticates tok on s and checks that s now caches it.
func authenticated(t *testing.T, f *fixture, s *Service, tok Tokens) actor.Actor {
	t.Helper()
	a, _, err := s.Authenticate(f.ctx, tok.Access)
	if err != nil {
		t.Fatalf("Authenticate: %v", err)
	}
	if !cachedFor(s, tok) {
		t.Fatal("the session is not in the cache after a check")
	}
	return a
}

// TestCacheRevokedHereAtOnce: every change that ends or alters a session,
// made through this process, is in force for the very next check, without
// waiting for the database's notification (the cache here is live but
// hears none).
func TestCacheRevokedHereAtOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.s.cache.drop(true) // in use, with no listener: only local drops help
	ag := f.agency("AONE")
	root := f.staff("root", "initial password", actor.Admin)
	admin := actor.Actor{AccountID: root.ID, Role: actor.Admin}
	n := 0
	clerk := func() (Account, Tokens) {
		n++
		login := "clerk" + string(rune('a'+n))
		acc := f.staff(login, "initial password", actor.Clerk, ag)
		f.passwordChanged(acc.ID)
		return acc, f.signIn(login, "initial password")
	}
	tests := []struct {
		name   string
		revoke func(acc Account, tok Tokens, who actor.Actor) error
	}{
		{"sign-out", func(_ Account, _ Tokens, who actor.Actor) error { return f.s.SignOut(f.ctx, who) }},
		{"disabled", func(acc Account, _ Tokens, _ actor.Actor) error {
			_, err := f.s.DisableAccount(f.ctx, admin, acc.ID)
			return err
		}},
		{"password reset", func(acc Account, _ Tokens, _ actor.Actor) error {
			_, err := f.s.ResetPassword(f.ctx, admin, acc.ID)
			return err
		}},
		{"role changed", func(acc Account, _ Tokens, _ actor.Actor) error {
			_, err := f.s.UpdateStaff(f.ctx, admin, acc.ID, StaffChange{Role: actor.Officer, Fields: []string{FieldRole}})
			return err
		}},
		{"refresh token reused", func(_ Account, tok Tokens, _ actor.Actor) error {
			if _, err := f.s.Refresh(f.ctx, tok.Refresh); err != nil {
				return err
			}
			f.wantRefreshRefused("reused", tok.Refresh)
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acc, tok := clerk()
			who := authenticated(t, f, f.s, tok)
			if err := tt.revoke(acc, tok, who); err != nil {
				t.Fatal(err)
			}
			if cachedFor(f.s, tok) {
				t.Error("the session is still cached")
			}
			f.wantRefused(tt.name, tok)
		})
	}
	t.Run("other password changed", func(t *testing.T) {
		_, tok := clerk()
		other := f.signIn("clerk"+string(rune('a'+n)), "initial password")
		authenticated(t, f, f.s, other)
		who := authenticated(t, f, f.s, tok)
		if err := f.s.ChangePassword(f.ctx, who, "initial password", "a new password"); err != nil {
			t.Fatal(err)
		}
		f.wantRefused("other session", other)
	})
}

// TestCacheOtherInstance: a second Service on the same database, as in
// another replica, drops what it holds when a change made elsewhere
// commits, through the trigger's notification, whoever made the change.
func TestCacheOtherInstance(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	other, err := New(f.ctx, f.db, Options{Key: f.s.signer.key, Now: f.clk.Now, Argon2: fastArgon})
	if err != nil {
		t.Fatal(err)
	}
	ag := f.agency("AONE")
	acc := f.staff("clerk", "initial password", actor.Clerk, ag)
	f.passwordChanged(acc.ID)
	tok := f.signIn("clerk", "initial password")
	tok2 := f.signIn("clerk", "initial password")
	// Listening starts after the setup, whose changes it does not hear.
	watch(t, other)

	// A change by hand (psql, foictl): the role is read again.
	authenticated(t, f, other, tok)
	gen, _, _ := other.CacheState()
	if _, err := f.db.Exec(f.ctx, `UPDATE accounts SET role = 'OFFICER' WHERE id = $1`, acc.ID); err != nil {
		t.Fatal(err)
	}
	waitState(t, other, func(g uint64, _ bool) bool { return g > gen })
	if a := authenticated(t, f, other, tok); a.Role != actor.Officer {
		t.Errorf("role %s after the change, want OFFICER", a.Role)
	}

	// A sign-out through the first instance.
	gen, _, _ = other.CacheState()
	who := f.actor(tok)
	if err := f.s.SignOut(f.ctx, who); err != nil {
		t.Fatal(err)
	}
	waitState(t, other, func(g uint64, _ bool) bool { return g > gen })
	if _, _, err := other.Authenticate(f.ctx, tok.Access); err == nil {
		t.Error("the other instance still admits a signed-out session")
	}

	// A session revoked elsewhere in the same instance's view: a second
	// session of the account stays in use meanwhile.
	authenticated(t, f, other, tok2)
}

// TestCacheListenerLost: while the listening connection is down nothing
// is served from the cache, and it starts empty when it is back.
func TestCacheListenerLost(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.applicant("13800138000", "a good password")
	tok := f.signIn("13800138000", "a good password")
	watch(t, f.s)
	authenticated(t, f, f.s, tok)

	gen, _, _ := f.s.CacheState()
	var killed int
	if err := f.db.QueryRow(f.ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE application_name = $1 AND datname = current_database()`, listenerName).Scan(&killed); err != nil {
		t.Fatal(err)
	}
	if killed != 1 {
		t.Fatalf("%d listening connections, want 1", killed)
	}
	waitState(t, f.s, func(g uint64, live bool) bool { return g > gen && !live || g > gen+1 })
	if cachedFor(f.s, tok) {
		t.Error("the cache still holds the session after losing the listener")
	}
	// A change that notifies nobody (triggers off, as in a replication
	// apply) is still seen: the database is asked.
	err := pg.InTx(f.ctx, f.db, func(tx pgx.Tx) error {
		if _, err := tx.Exec(f.ctx, `SET LOCAL session_replication_role = replica`); err != nil {
			return err
		}
		_, err := tx.Exec(f.ctx, `UPDATE sessions SET revoked_at = now() WHERE id = $1`, tok.SessionID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	f.wantRefused("revoked while the listener was down", tok)
	waitState(t, f.s, func(_ uint64, live bool) bool { return live })
	f.wantRefused("revoked, after the listener is back", tok)
}

// TestCacheStoresNothingReadBeforeADrop: an entry read before a drop and
// stored after it is refused.
func TestCacheStoresNothingReadBeforeADrop(t *testing.T) {
	c := newSessionCache()
	c.drop(true)
	key := tokenKey("token")
	gen, live := c.begin()
	if !live {
		t.Fatal("cache not live")
	}
	c.drop(true)
	c.put(gen, key, cached{})
	if _, ok := c.get(key); ok {
		t.Error("an entry read before the drop was kept")
	}
	gen, _ = c.begin()
	c.put(gen, key, cached{})
	if _, ok := c.get(key); !ok {
		t.Error("an entry read after the drop was not kept")
	}
	now := time.Now()
	c.monotonic = func() time.Time { return now.Add(cacheTTL) }
	if _, ok := c.get(key); ok {
		t.Error("an entry older than cacheTTL was used")
	}
	c.drop(false)
	gen, _ = c.begin()
	c.put(gen, key, cached{})
	if _, ok := c.get(key); ok {
		t.Error("the cache was used while not live")
	}
}

// TestCacheSkipsOnlyTheSignature: a token found in the session cache is
// not verified again, but only that very token is found there: the same
// claims signed with another key, or the token with a character changed,
// are refused while the genuine one is cached; and the cached token
// expires when its exp claim says, although its entry is still fresh.
func TestCacheSkipsOnlyTheSignature(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.s.cache.drop(true)
	ag := f.agency("AONE")
	acc := f.staff("clerk", "initial password", actor.Clerk, ag)
	f.passwordChanged(acc.ID)
	tok := f.signIn("clerk", "initial password")
	authenticated(t, f, f.s, tok)

	c, err := f.s.signer.verify(tok.Access, f.clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	forged := signer{key: randomKey(t)}.sign(c)
	f.wantRefused("same claims, another key", Tokens{Access: forged})
	alt := "A"
	if strings.HasSuffix(tok.Access, alt) {
		alt = "B"
	}
	altered := tok.Access[:len(tok.Access)-1] + alt
	f.wantRefused("last character changed", Tokens{Access: altered})
	if !cachedFor(f.s, tok) {
		t.Fatal("the genuine token left the cache")
	}
	authenticated(t, f, f.s, tok)

	f.clk.Advance(time.Unix(c.Expires, 0).Sub(f.clk.Now()))
	if !cachedFor(f.s, tok) {
		t.Fatal("the entry left the cache; the test checks nothing")
	}
	f.wantRefused("token expired, entry fresh", tok)
}
