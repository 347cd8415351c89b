package auth

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/errs"
)

func TestSignIn(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ag := f.agency("AONE")
	applicant := f.applicant("13800138000", "a good password")
	email := f.applicant("zhang@example.com", "a good password")
	clerk := f.staff("clerk.wang", "initial password", actor.Clerk, ag)
	tests := []struct {
		name, login, password string
		want                  Account
	}{
		{"phone", "13800138000", "a good password", applicant},
		{"phone typed otherwise", "+86 138-0013-8000", "a good password", applicant},
		{"email", "zhang@example.com", "a good password", email},
		{"email upper", " ZHANG@Example.com ", "a good password", email},
		{"staff", "clerk.wang", "initial password", clerk},
		{"staff upper", "Clerk.Wang", "initial password", clerk},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, acc, err := f.s.SignIn(f.ctx, tt.login, tt.password, "192.0.2.1")
			if err != nil {
				t.Fatalf("SignIn: %v", err)
			}
			if diff := cmp.Diff(tt.want, acc, accountOpts); diff != "" {
				t.Errorf("account mismatch (-want +got):\n%s", diff)
			}
			if acc.ID != tt.want.ID {
				t.Errorf("signed in as %s, want %s", acc.ID, tt.want.ID)
			}
			if tok.Access == "" || tok.Refresh == "" || tok.SessionID == "" {
				t.Errorf("tokens incomplete: %+v", tok)
			}
			wantTimes := [2]time.Time{t0.Add(15 * time.Minute), t0.Add(30 * 24 * time.Hour)}
			if diff := cmp.Diff(wantTimes, [2]time.Time{tok.AccessExpires, tok.RefreshExpires}); diff != "" {
				t.Errorf("expiry mismatch (-want +got):\n%s", diff)
			}
			if tok.AccountID != tt.want.ID {
				t.Errorf("tokens for account %s, want %s", tok.AccountID, tt.want.ID)
			}
			if a := f.actor(tok); a.AccountID != tt.want.ID || a.SessionID != tok.SessionID {
				t.Errorf("access token authenticates as %+v, want account %s session %s", a, tt.want.ID, tok.SessionID)
			}
		})
	}
	if n := f.count(`SELECT count(DISTINCT id) FROM sessions`); n != len(tests) {
		t.Errorf("%d sessions, want one per sign-in (%d)", n, len(tests))
	}
}

// TestSignInSameError checks that a wrong password, an unknown login, a
// disabled account and an account without a password get one answer.
func TestSignInSameError(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.applicant("13800138000", "a good password")
	disabled := f.applicant("13900139000", "a good password")
	root := f.staff("root", "initial password", actor.Admin)
	if _, err := f.s.DisableAccount(f.ctx, actor.Actor{AccountID: root.ID, Role: actor.Admin}, disabled.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.Exec(f.ctx, `INSERT INTO accounts (login, role, display_name) VALUES ('nopassword', 'CLERK', '无密码')`); err != nil {
		t.Fatal(err)
	}
	_, _, reference := f.s.SignIn(f.ctx, "13800138000", "the wrong password", "192.0.2.1")
	wantCategory(t, reference, errs.Unauthenticated)
	tests := []struct {
		name, login, password string
	}{
		{"unknown phone", "13700137000", "a good password"},
		{"unknown user name", "nobody", "a good password"},
		{"not a login", "!!!", "a good password"},
		{"empty", "", ""},
		{"disabled, right password", "13900139000", "a good password"},
		{"disabled, wrong password", "13900139000", "the wrong password"},
		{"no password", "nopassword", ""},
		{"no password, any", "nopassword", "anything at all"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, acc, err := f.s.SignIn(f.ctx, tt.login, tt.password, "192.0.2.1")
			wantCategory(t, err, errs.Unauthenticated)
			if diff := cmp.Diff(reference.Error(), err.Error()); diff != "" {
				t.Errorf("message differs from a wrong password's (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(Tokens{}, tok); diff != "" {
				t.Errorf("tokens on failure (-want +got):\n%s", diff)
			}
			if acc.ID != "" {
				t.Errorf("account %s returned on failure", acc.ID)
			}
		})
	}
	if n := f.count(`SELECT count(*) FROM sessions`); n != 0 {
		t.Errorf("%d sessions opened by failed sign-ins", n)
	}
}

func TestLockFor(t *testing.T) {
	tests := []struct {
		n, threshold int
		want         time.Duration
	}{
		{0, 10, 0},
		{1, 10, 0},
		{9, 10, 0},
		{10, 10, time.Minute},
		{11, 10, 2 * time.Minute},
		{12, 10, 4 * time.Minute},
		{15, 10, 32 * time.Minute},
		{16, 10, time.Hour},
		{17, 10, time.Hour},
		{1000, 10, time.Hour},
		{49, 50, 0},
		{50, 50, time.Minute},
		{51, 50, 2 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d of %d", tt.n, tt.threshold), func(t *testing.T) {
			if diff := cmp.Diff(tt.want, lockFor(tt.n, tt.threshold)); diff != "" {
				t.Errorf("lockFor mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// throttleRow is one key's row of signin_throttle.
type throttleRow struct {
	Failures    int
	LockedUntil *time.Time
}

func (f *fixture) throttle(key string) (throttleRow, bool) {
	f.t.Helper()
	var r throttleRow
	err := f.db.QueryRow(f.ctx, `SELECT failures, locked_until FROM signin_throttle WHERE key = $1`, key).
		Scan(&r.Failures, &r.LockedUntil)
	if errors.Is(err, pgx.ErrNoRows) {
		return throttleRow{}, false
	}
	if err != nil {
		f.t.Fatal(err)
	}
	return r, true
}

func (f *fixture) mustThrottle(key string) throttleRow {
	f.t.Helper()
	r, ok := f.throttle(key)
	if !ok {
		f.t.Fatalf("no throttle row for %s", key)
	}
	return r
}

func at(t time.Time) *time.Time { return &t }

// failN signs in n times with a wrong password, each refused as such.
func (f *fixture) failN(n int, login, addr string) {
	f.t.Helper()
	for i := range n {
		_, _, err := f.s.SignIn(f.ctx, login, "the wrong password", addr)
		if !errors.Is(err, errs.Unauthenticated) {
			f.t.Fatalf("wrong password %d for %s: %v, want Unauthenticated", i+1, login, err)
		}
	}
}

// wantLocked fails unless signing in with the right password is refused for
// the lock, naming when it ends.
func (f *fixture) wantLocked(login, password, addr string, until time.Time) {
	f.t.Helper()
	_, _, err := f.s.SignIn(f.ctx, login, password, addr)
	if !errors.Is(err, errs.ResourceExhausted) {
		f.t.Fatalf("sign-in during the lock: %v, want ResourceExhausted", err)
	}
	if clock := until.In(shanghai).Format("15:04:05"); !strings.Contains(err.Error(), clock) {
		f.t.Errorf("lock message %q does not name the end %s", err.Error(), clock)
	}
}

// TestThrottleLogin is the acceptance test of sign-in throttling: ten wrong
// passwords lock the login, the right one is refused until the lock ends,
// and then it works and the count starts again.
func TestThrottleLogin(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	const login, pw, addr = "13800138000", "a good password", "198.51.100.1"
	f.applicant(login, pw)

	f.failN(9, login, addr)
	if row, _ := f.throttle("login:" + login); row.LockedUntil != nil {
		t.Fatalf("locked after 9 failures: %+v", row)
	}
	f.failN(1, login, addr)
	if diff := cmp.Diff(throttleRow{10, at(t0.Add(time.Minute))}, f.mustThrottle("login:"+login)); diff != "" {
		t.Errorf("throttle row after 10 failures mismatch (-want +got):\n%s", diff)
	}

	f.wantLocked(login, pw, addr, t0.Add(time.Minute))
	f.wantLocked("+86 138 0013 8000", pw, addr, t0.Add(time.Minute)) // however typed
	f.wantLocked(login, pw, "203.0.113.99", t0.Add(time.Minute))     // from anywhere
	f.clk.Advance(59 * time.Second)
	f.wantLocked(login, pw, addr, t0.Add(time.Minute))
	if row := f.mustThrottle("login:" + login); row.Failures != 10 {
		t.Errorf("refusals during the lock counted as failures: %d, want 10", row.Failures)
	}

	f.clk.Advance(time.Second) // the lock ends at its instant
	if _, _, err := f.s.SignIn(f.ctx, login, pw, addr); err != nil {
		t.Fatalf("right password after the lock: %v", err)
	}
	if row, ok := f.throttle("login:" + login); ok {
		t.Errorf("failures not reset by a successful sign-in: %+v", row)
	}
	// The count starts again: nine more failures do not lock.
	f.failN(9, login, addr)
	if _, _, err := f.s.SignIn(f.ctx, login, pw, addr); err != nil {
		t.Errorf("right password after 9 new failures: %v", err)
	}
}

// TestThrottleGrows checks that each failure past the threshold doubles the
// lock, up to an hour.
func TestThrottleGrows(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	const login, pw, addr = "clerk", "initial password", "198.51.100.2"
	f.staff(login, pw, actor.Clerk, f.agency("AONE"))
	f.failN(10, login, addr)
	lock := time.Minute
	for n := 11; n <= 17; n++ {
		until := f.clk.Now().Add(lock)
		if diff := cmp.Diff(throttleRow{n - 1, at(until)}, f.mustThrottle("login:"+login)); diff != "" {
			t.Fatalf("after %d failures mismatch (-want +got):\n%s", n-1, diff)
		}
		f.clk.Advance(lock - time.Second)
		f.wantLocked(login, pw, addr, until)
		f.clk.Advance(time.Second)
		f.failN(1, login, addr) // the lock has ended: the next failure counts, and locks longer
		lock = min(2*lock, time.Hour)
		if diff := cmp.Diff(lockFor(n, loginThreshold), lock); diff != "" {
			t.Fatalf("lockFor(%d) mismatch (-want +got):\n%s", n, diff)
		}
	}
	if diff := cmp.Diff(throttleRow{17, at(f.clk.Now().Add(time.Hour))}, f.mustThrottle("login:"+login)); diff != "" {
		t.Errorf("after 17 failures mismatch (-want +got):\n%s", diff)
	}
	// A day after the last failure the count is forgotten: one failure does
	// not lock again.
	f.clk.Advance(25 * time.Hour)
	f.failN(1, login, addr)
	if row := f.mustThrottle("login:" + login); row.Failures != 1 {
		t.Errorf("%d failures counted after a day, want 1", row.Failures)
	}
	if _, _, err := f.s.SignIn(f.ctx, login, pw, addr); err != nil {
		t.Errorf("right password after the count was forgotten: %v", err)
	}
}

// TestThrottleUnknown checks that a login that does not exist locks exactly
// like one that does, so the lock tells nobody which logins exist.
func TestThrottleUnknown(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	const known, unknown, pw = "13800138000", "13900139000", "a good password"
	f.applicant(known, pw)
	f.failN(10, known, "198.51.100.3")
	// The unknown login is typed two ways: both count against one key.
	f.failN(5, unknown, "198.51.100.4")
	f.failN(5, "+86 139 0013 9000", "198.51.100.4")

	_, _, errKnown := f.s.SignIn(f.ctx, known, pw, "198.51.100.3")
	_, _, errUnknown := f.s.SignIn(f.ctx, unknown, pw, "198.51.100.4")
	wantCategory(t, errKnown, errs.ResourceExhausted)
	wantCategory(t, errUnknown, errs.ResourceExhausted)
	if diff := cmp.Diff(errKnown.Error(), errUnknown.Error()); diff != "" {
		t.Errorf("known and unknown logins lock differently (-want +got):\n%s", diff)
	}
	rowKnown, rowUnknown := f.mustThrottle("login:"+known), f.mustThrottle("login:"+unknown)
	if diff := cmp.Diff(rowKnown, rowUnknown); diff != "" {
		t.Errorf("throttle rows differ (-known +unknown):\n%s", diff)
	}
	// Invalid logins lock too, keyed by what was typed.
	f.failN(10, "No Such User!", "198.51.100.5")
	f.wantLocked("no such user!", pw, "198.51.100.5", t0.Add(time.Minute))
}

// TestThrottleAddr checks that one address trying many logins is locked
// after 50 failures, for every login, while other addresses are not.
func TestThrottleAddr(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	const login, pw, addr, other = "13800138000", "a good password", "203.0.113.7", "203.0.113.8"
	f.applicant(login, pw)
	for i := range 49 {
		f.failN(1, fmt.Sprintf("user%02d", i), addr)
	}
	if row := f.mustThrottle("addr:" + addr); row.Failures != 49 || row.LockedUntil != nil {
		t.Fatalf("address after 49 failures: %+v, want 49 and no lock", row)
	}
	// A right password does not reset the address's count.
	if _, _, err := f.s.SignIn(f.ctx, login, pw, addr); err != nil {
		t.Fatalf("right password after 49 failures of other logins: %v", err)
	}
	f.failN(1, "user49", addr)
	if diff := cmp.Diff(throttleRow{50, at(t0.Add(time.Minute))}, f.mustThrottle("addr:"+addr)); diff != "" {
		t.Errorf("address row after 50 failures mismatch (-want +got):\n%s", diff)
	}
	f.wantLocked(login, pw, addr, t0.Add(time.Minute))
	if row := f.mustThrottle("login:" + "user00"); row.Failures != 1 || row.LockedUntil != nil {
		t.Errorf("a login tried once: %+v, want 1 failure and no lock", row)
	}
	if _, _, err := f.s.SignIn(f.ctx, login, pw, other); err != nil {
		t.Errorf("right password from another address: %v", err)
	}
	f.clk.Advance(time.Minute)
	if _, _, err := f.s.SignIn(f.ctx, login, pw, addr); err != nil {
		t.Errorf("right password after the address lock: %v", err)
	}
}

// TestThrottleHoldsUnderConcurrency: sixty wrong passwords at once for one
// login are counted one by one; at most ten are checked before the lock,
// and the right password is refused afterwards.
func TestThrottleHoldsUnderConcurrency(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.applicant("13811112222", "right-password-1")
	var wg sync.WaitGroup
	var mu sync.Mutex
	refused, wrong := 0, 0
	for i := range 60 {
		wg.Go(func() {
			_, _, err := f.s.SignIn(f.ctx, "13811112222", "wrong-password", fmt.Sprintf("10.0.%d.%d", i/200, i%200))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case errors.Is(err, errs.ResourceExhausted):
				refused++
			case errors.Is(err, errs.Unauthenticated):
				wrong++
			default:
				t.Errorf("attempt %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	if wrong != loginThreshold || refused != 60-loginThreshold {
		t.Errorf("%d checked as wrong and %d refused, want %d and %d", wrong, refused, loginThreshold, 60-loginThreshold)
	}
	if _, _, err := f.s.SignIn(f.ctx, "13811112222", "right-password-1", "10.9.9.9"); !errors.Is(err, errs.ResourceExhausted) {
		t.Errorf("the right password during the lock: %v", err)
	}
}
