package auth

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"foi/services/actor"
	"foi/services/errs"
)

// wantRefused fails unless the access token no longer authenticates.
func (f *fixture) wantRefused(what string, tok Tokens) {
	f.t.Helper()
	a, _, err := f.s.Authenticate(f.ctx, tok.Access)
	if !errors.Is(err, errs.Unauthenticated) {
		f.t.Errorf("%s: access token authenticates as %+v (err %v), want Unauthenticated", what, a, err)
	}
}

// wantRefreshRefused fails unless the refresh token is refused.
func (f *fixture) wantRefreshRefused(what, refresh string) {
	f.t.Helper()
	got, err := f.s.Refresh(f.ctx, refresh)
	if !errors.Is(err, errs.Unauthenticated) {
		f.t.Errorf("%s: refresh gave %+v (err %v), want Unauthenticated", what, got, err)
	}
}

func TestAuthenticate(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a1, a2 := f.agency("AONE"), f.agency("ATWO")
	officer := f.staff("officer", "initial password", actor.Officer, a2, a1)
	applicant := f.applicant("13800138000", "a good password")
	tests := []struct {
		name, login, password string
		want                  actor.Actor
		mustChange            bool
	}{
		{"staff", "officer", "initial password",
			actor.Actor{AccountID: officer.ID, Name: "工作人员officer", Role: actor.Officer, Agencies: sorted(a1, a2)}, true},
		{"applicant", "13800138000", "a good password",
			actor.Actor{AccountID: applicant.ID, Name: "张三", Role: actor.Applicant}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := f.signIn(tt.login, tt.password)
			got, mustChange, err := f.s.Authenticate(f.ctx, tok.Access)
			if err != nil {
				t.Fatalf("Authenticate: %v", err)
			}
			want := tt.want
			want.SessionID = tok.SessionID
			if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("actor mismatch (-want +got):\n%s", diff)
			}
			if mustChange != tt.mustChange {
				t.Errorf("must change %v, want %v", mustChange, tt.mustChange)
			}
		})
	}
	t.Run("reads fresh", func(t *testing.T) {
		tok := f.signIn("officer", "initial password")
		if _, err := f.db.Exec(f.ctx, `UPDATE accounts SET role = 'HEAD', display_name = '新名字' WHERE id = $1`, officer.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.db.Exec(f.ctx, `DELETE FROM account_agencies WHERE account_id = $1 AND agency_id = $2`, officer.ID, a2); err != nil {
			t.Fatal(err)
		}
		want := actor.Actor{AccountID: officer.ID, SessionID: tok.SessionID, Name: "新名字", Role: actor.Head, Agencies: []string{a1}}
		if diff := cmp.Diff(want, f.actor(tok)); diff != "" {
			t.Errorf("actor after a role change mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("garbage", func(t *testing.T) {
		for _, token := range []string{"", "garbage", "foi1.x.y"} {
			_, _, err := f.s.Authenticate(f.ctx, token)
			wantCategory(t, err, errs.Unauthenticated)
		}
	})
	t.Run("other service key", func(t *testing.T) {
		other, err := New(f.ctx, f.db, Options{Key: randomKey(t), Now: f.clk.Now, Argon2: fastArgon})
		if err != nil {
			t.Fatal(err)
		}
		tok, _, err := other.SignIn(f.ctx, "13800138000", "a good password", "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		f.wantRefused("token of another key", tok)
	})
}

func TestAccessTokenExpiry(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.applicant("13800138000", "a good password")
	tok := f.signIn("13800138000", "a good password")
	f.clk.Advance(15*time.Minute - time.Second)
	f.actor(tok)
	f.clk.Advance(time.Second)
	f.wantRefused("after 15 minutes", tok)
	// The session lives on: a refresh gives a working access token.
	next, err := f.s.Refresh(f.ctx, tok.Refresh)
	if err != nil {
		t.Fatalf("Refresh after the access token expired: %v", err)
	}
	f.actor(next)
}

func TestSignOut(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.applicant("13800138000", "a good password")
	tok := f.signIn("13800138000", "a good password")
	other := f.signIn("13800138000", "a good password")
	who := f.actor(tok)
	if err := f.s.SignOut(f.ctx, who); err != nil {
		t.Fatalf("SignOut: %v", err)
	}
	f.wantRefused("after sign-out", tok)
	f.wantRefreshRefused("after sign-out", tok.Refresh)
	f.actor(other) // another session of the account is untouched
	if err := f.s.SignOut(f.ctx, who); err != nil {
		t.Errorf("second SignOut: %v", err)
	}
}

func TestRefreshRotates(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.applicant("13800138000", "a good password")
	t1 := f.signIn("13800138000", "a good password")
	f.clk.Advance(time.Hour)
	t2, err := f.s.Refresh(f.ctx, t1.Refresh)
	if err != nil {
		t.Fatalf("first refresh: %v", err)
	}
	want := Tokens{
		AccessExpires:  t0.Add(time.Hour + 15*time.Minute),
		RefreshExpires: t0.Add(30 * 24 * time.Hour), // the session's end does not move
		SessionID:      t1.SessionID,
		AccountID:      t1.AccountID,
	}
	if diff := cmp.Diff(want, t2, cmpopts.IgnoreFields(Tokens{}, "Access", "Refresh")); diff != "" {
		t.Errorf("refreshed tokens mismatch (-want +got):\n%s", diff)
	}
	if t2.Refresh == t1.Refresh || t2.Access == t1.Access {
		t.Error("refresh did not issue new tokens")
	}
	f.actor(t2)
	t3, err := f.s.Refresh(f.ctx, t2.Refresh)
	if err != nil {
		t.Fatalf("second refresh: %v", err)
	}
	f.actor(t3)

	// t1's refresh token was used: presenting it again means it was copied,
	// and the whole session ends, even its newest tokens.
	f.wantRefreshRefused("reused refresh token", t1.Refresh)
	f.wantRefused("newest access token after reuse", t3)
	f.wantRefreshRefused("newest refresh token after reuse", t3.Refresh)
	var revoked bool
	if err := f.db.QueryRow(f.ctx, `SELECT revoked_at IS NOT NULL FROM sessions WHERE id = $1`, t1.SessionID).Scan(&revoked); err != nil {
		t.Fatal(err)
	}
	if !revoked {
		t.Error("the session is not revoked after refresh-token reuse")
	}
}

func TestRefreshUnknown(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.applicant("13800138000", "a good password")
	tok := f.signIn("13800138000", "a good password")
	for _, refresh := range []string{"", "garbage", tok.Access, tok.Refresh + "x"} {
		f.wantRefreshRefused("unknown refresh token", refresh)
	}
	f.actor(tok) // unknown tokens revoke nothing
}

func TestSessionExpiry(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.applicant("13800138000", "a good password")
	tok := f.signIn("13800138000", "a good password")
	end := t0.Add(30 * 24 * time.Hour)

	// Near the end, the access token lives only as long as the session.
	f.clk.Advance(30*24*time.Hour - 5*time.Minute)
	last, err := f.s.Refresh(f.ctx, tok.Refresh)
	if err != nil {
		t.Fatalf("refresh five minutes before the session ends: %v", err)
	}
	if !last.AccessExpires.Equal(end) {
		t.Errorf("access token expires %v, want the session's end %v", last.AccessExpires, end)
	}
	f.actor(last)
	f.clk.Advance(5 * time.Minute)
	f.wantRefused("at the session's end", last)
	f.wantRefreshRefused("at the session's end", last.Refresh)
	f.clk.Advance(time.Hour)
	f.wantRefreshRefused("after the session's end", last.Refresh)
}

func TestSessionTTLOption(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(o *Options) { o.SessionTTL = 2 * time.Hour; o.AccessTTL = time.Minute })
	f.applicant("13800138000", "a good password")
	tok := f.signIn("13800138000", "a good password")
	if diff := cmp.Diff([2]time.Time{t0.Add(time.Minute), t0.Add(2 * time.Hour)},
		[2]time.Time{tok.AccessExpires, tok.RefreshExpires}); diff != "" {
		t.Errorf("expiry mismatch (-want +got):\n%s", diff)
	}
	f.clk.Advance(2*time.Hour + time.Second)
	f.wantRefreshRefused("past SessionTTL", tok.Refresh)
}

func TestDisableAccount(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ag := f.agency("AONE")
	root := f.staff("root", "initial password", actor.Admin)
	clerk := f.staff("clerk", "initial password", actor.Clerk, ag)
	admin := actor.Actor{AccountID: root.ID, Role: actor.Admin}
	s1 := f.signIn("clerk", "initial password")
	s2 := f.signIn("clerk", "initial password")
	f.clk.Advance(time.Minute)

	got, err := f.s.DisableAccount(f.ctx, admin, clerk.ID)
	if err != nil {
		t.Fatalf("DisableAccount: %v", err)
	}
	want := clerk
	want.Disabled = true
	if diff := cmp.Diff(want, got, accountOpts); diff != "" {
		t.Errorf("disabled account mismatch (-want +got):\n%s", diff)
	}
	for _, tok := range []Tokens{s1, s2} {
		f.wantRefused("after disabling", tok) // at once, though the access token has not expired
		f.wantRefreshRefused("after disabling", tok.Refresh)
	}
	if n := f.count(`SELECT count(*) FROM sessions WHERE account_id = $1 AND revoked_at IS NULL`, clerk.ID); n != 0 {
		t.Errorf("%d sessions of the disabled account still open", n)
	}
	_, _, err = f.s.SignIn(f.ctx, "clerk", "initial password", "192.0.2.9")
	wantCategory(t, err, errs.Unauthenticated)

	t.Run("twice", func(t *testing.T) {
		if _, err := f.s.DisableAccount(f.ctx, admin, clerk.ID); err != nil {
			t.Errorf("disabling again: %v", err)
		}
	})
	t.Run("self", func(t *testing.T) {
		_, err := f.s.DisableAccount(f.ctx, admin, root.ID)
		wantCategory(t, err, errs.FailedPrecondition)
	})
	t.Run("unknown", func(t *testing.T) {
		for _, id := range []string{"7d0b8b9e-95a2-4a5c-9c57-1d1d8f7b8a10", "not-an-id", ""} {
			_, err := f.s.DisableAccount(f.ctx, admin, id)
			wantCategory(t, err, errs.NotFound)
		}
	})
}

func TestChangePassword(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ag := f.agency("AONE")
	f.staff("clerk", "initial password", actor.Clerk, ag)
	current := f.signIn("clerk", "initial password")
	other := f.signIn("clerk", "initial password")
	who := f.actor(current)

	tests := []struct {
		name, current, next string
		want                []string
	}{
		{"wrong current", "not the password", "a new password", []string{"currentPassword"}},
		{"empty current", "", "a new password", []string{"currentPassword"}},
		{"short", "initial password", "short", []string{"newPassword"}},
		{"same", "initial password", "initial password", []string{"newPassword"}},
		{"repeated", "initial password", "zzzzzzzzzzzz", []string{"newPassword"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := f.s.ChangePassword(f.ctx, who, tt.current, tt.next)
			wantFields(t, err, tt.want...)
		})
	}
	f.actor(other) // refused changes sign nobody out

	if err := f.s.ChangePassword(f.ctx, who, "initial password", "a new password"); err != nil {
		t.Fatalf("ChangePassword: %v", err)
	}
	if _, mustChange, err := f.s.Authenticate(f.ctx, current.Access); err != nil || mustChange {
		t.Errorf("current session after the change: must change %v, err %v; want false, nil", mustChange, err)
	}
	f.wantRefused("other session after the change", other)
	f.wantRefreshRefused("other session after the change", other.Refresh)
	if _, err := f.s.Refresh(f.ctx, current.Refresh); err != nil {
		t.Errorf("current session's refresh after the change: %v", err)
	}
	_, _, err := f.s.SignIn(f.ctx, "clerk", "initial password", "192.0.2.9")
	wantCategory(t, err, errs.Unauthenticated)
	_, acc, err := f.s.SignIn(f.ctx, "clerk", "a new password", "192.0.2.9")
	if err != nil {
		t.Fatalf("sign in with the new password: %v", err)
	}
	if acc.MustChangePassword {
		t.Error("the account must still change its password")
	}
}

// TestChangePasswordNoHash checks that an account without a password cannot
// set one by guessing an empty current password.
func TestChangePasswordNoHash(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var id string
	if err := f.db.QueryRow(f.ctx, `INSERT INTO accounts (login, role, display_name) VALUES ('oidc#x', 'APPLICANT', '张三') RETURNING id`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	err := f.s.ChangePassword(f.ctx, actor.Actor{AccountID: id, SessionID: "7d0b8b9e-95a2-4a5c-9c57-1d1d8f7b8a10"}, "", "a new password")
	wantFields(t, err, "currentPassword")
}
