package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/errs"
	"foi/services/pg"
)

// Tokens are what a sign-in or a refresh hands out.
type Tokens struct {
	Access         string
	AccessExpires  time.Time
	Refresh        string
	RefreshExpires time.Time
	SessionID      string
	AccountID      string
}

// errSignIn is the one answer to a wrong login, a wrong password and a
// disabled account alike, so that nobody learns which logins exist.
var errSignIn = errs.New(errs.Unauthenticated, "登录名或密码错误")

var errSession = errs.New(errs.Unauthenticated, "登录已失效，请重新登录")

// SignIn checks a login and password and opens a session. Failed attempts
// are counted per login and per client address; past a threshold both lock
// for a growing time, during which even the right password is refused. The
// login's counter row is locked while its password is checked, so
// concurrent guesses are counted one by one and cannot slip past the limit.
func (s *Service) SignIn(ctx context.Context, login, password, clientAddr string) (Tokens, Account, error) {
	now := s.now()
	loginKey := throttleKey{"login:" + loginKey(login), loginThreshold}
	addrKey := throttleKey{"addr:" + clientAddr, addrThreshold}
	var acc Account
	var until time.Time
	ok, locked := false, false
	err := pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO signin_throttle (key, failures, last_failure) VALUES ($1, 0, $2) ON CONFLICT (key) DO NOTHING`,
			loginKey.key, now); err != nil {
			return err
		}
		var err error
		if until, locked, err = lockedUntil(ctx, tx, now, loginKey.key, addrKey.key); err != nil || locked {
			return err
		}
		_, norm, _ := parseLogin(login)
		acc, err = getAccount(ctx, tx, "a.login = $1", norm)
		switch {
		case errors.Is(err, errs.NotFound):
			verifyPassword(password, dummyHash) // same cost as a real check
		case err != nil:
			return err
		case acc.passwordHash == "":
			verifyPassword(password, dummyHash)
		default:
			ok = verifyPassword(password, acc.passwordHash) && !acc.Disabled
		}
		if ok {
			_, err := tx.Exec(ctx, `DELETE FROM signin_throttle WHERE key = $1`, loginKey.key)
			return err
		}
		return fail(ctx, tx, []throttleKey{loginKey, addrKey}, now)
	})
	switch {
	case err != nil:
		return Tokens{}, Account{}, err
	case locked:
		return Tokens{}, Account{}, errs.New(errs.ResourceExhausted,
			fmt.Sprintf("登录失败次数过多，请于 %s 后再试", until.In(shanghai).Format("15:04:05")))
	case !ok:
		return Tokens{}, Account{}, errSignIn
	}
	t, err := s.openSession(ctx, acc.ID)
	return t, acc, err
}

// openSession starts a session for an account and issues its first tokens.
func (s *Service) openSession(ctx context.Context, accountID string) (Tokens, error) {
	now := s.now()
	var t Tokens
	err := pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		var sid string
		if err := tx.QueryRow(ctx, `INSERT INTO sessions (account_id, created_at, expires_at) VALUES ($1, $2, $3) RETURNING id`,
			accountID, now, now.Add(s.sessionTTL)).Scan(&sid); err != nil {
			return err
		}
		var err error
		t, err = s.issue(ctx, tx, sid, accountID, now.Add(s.sessionTTL), now)
		return err
	})
	return t, err
}

// issue makes a new refresh token for the session and an access token.
func (s *Service) issue(ctx context.Context, tx pgx.Tx, sessionID, accountID string, sessionExpires, now time.Time) (Tokens, error) {
	refresh := randomSecret(32)
	if _, err := tx.Exec(ctx, `INSERT INTO refresh_tokens (token_hash, session_id, issued_at) VALUES ($1, $2, $3)`,
		hashRefresh(refresh), sessionID, now); err != nil {
		return Tokens{}, err
	}
	exp := now.Add(s.accessTTL)
	if exp.After(sessionExpires) {
		exp = sessionExpires
	}
	return Tokens{
		Access:         s.signer.sign(claims{Session: sessionID, Account: accountID, Expires: exp.Unix()}),
		AccessExpires:  time.Unix(exp.Unix(), 0),
		Refresh:        refresh,
		RefreshExpires: sessionExpires,
		SessionID:      sessionID,
		AccountID:      accountID,
	}, nil
}

// Refresh exchanges a refresh token for new tokens. Each refresh token works
// once; presenting a used one means it was copied, so the whole session is
// revoked.
func (s *Service) Refresh(ctx context.Context, refresh string) (Tokens, error) {
	now := s.now()
	var t Tokens
	reused := false
	err := pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		var sid, accountID string
		var used *time.Time
		var expires time.Time
		var revoked, disabled bool
		err := tx.QueryRow(ctx, `
			SELECT r.session_id, r.used_at, s.account_id, s.expires_at, s.revoked_at IS NOT NULL, a.disabled_at IS NOT NULL
			FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id JOIN accounts a ON a.id = s.account_id
			WHERE r.token_hash = $1
			FOR UPDATE OF r, s`, hashRefresh(refresh)).Scan(&sid, &used, &accountID, &expires, &revoked, &disabled)
		if errors.Is(err, pgx.ErrNoRows) {
			return errSession
		}
		if err != nil {
			return err
		}
		if used != nil {
			reused = true
			_, err := tx.Exec(ctx, `UPDATE sessions SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1`, sid, now)
			return err
		}
		if revoked || disabled || !now.Before(expires) {
			return errSession
		}
		if _, err := tx.Exec(ctx, `UPDATE refresh_tokens SET used_at = $2 WHERE token_hash = $1`, hashRefresh(refresh), now); err != nil {
			return err
		}
		t, err = s.issue(ctx, tx, sid, accountID, expires, now)
		return err
	})
	if reused {
		s.sessionsChanged()
	}
	if err == nil && reused {
		s.log.WarnContext(ctx, "refresh token reused; session revoked")
		return Tokens{}, errSession
	}
	return t, err
}

// SignOut revokes the caller's session: its access and refresh tokens stop
// working at once.
func (s *Service) SignOut(ctx context.Context, who actor.Actor) error {
	_, err := s.db.Exec(ctx, `UPDATE sessions SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1`, who.SessionID, s.now())
	s.sessionsChanged()
	return err
}

// Authenticate checks an access token and returns the caller. The account
// and session are read fresh, or taken from the session cache, which every
// change to them empties (see cache.go), so disabling an account, signing
// out or changing a role takes effect on the next call.
func (s *Service) Authenticate(ctx context.Context, token string) (actor.Actor, bool, error) {
	now := s.now()
	// The cache is keyed by the token's SHA-256 and holds only tokens
	// that passed verify: a token found there is that very text, its
	// signature good, so only its expiry is left to check.
	if !plausible(token) {
		return actor.Actor{}, false, errSession
	}
	key := tokenKey(token)
	if e, ok := s.cache.get(key); ok {
		if now.Unix() >= e.tokenExpires || !now.Before(e.sessionExpires) {
			return actor.Actor{}, false, errSession
		}
		return e.who, e.mustChange, nil
	}
	c, err := s.signer.verify(token, now)
	if err != nil {
		return actor.Actor{}, false, errSession
	}
	gen, live := s.cache.begin()
	var a actor.Actor
	var mustChange, disabled, revoked bool
	var expires time.Time
	err = s.db.QueryRow(ctx, `
		SELECT a.id, a.display_name, a.role, a.must_change_password, a.disabled_at IS NOT NULL,
			s.revoked_at IS NOT NULL, s.expires_at,
			array(SELECT agency_id::text FROM account_agencies x WHERE x.account_id = a.id ORDER BY 1)
		FROM sessions s JOIN accounts a ON a.id = s.account_id
		WHERE s.id = $1 AND a.id = $2`, c.Session, c.Account).
		Scan(&a.AccountID, &a.Name, &a.Role, &mustChange, &disabled, &revoked, &expires, &a.Agencies)
	if errors.Is(err, pgx.ErrNoRows) || pg.IsCode(err, pg.InvalidTextRepr, "") {
		return actor.Actor{}, false, errSession
	}
	if err != nil {
		return actor.Actor{}, false, err
	}
	if disabled || revoked || !now.Before(expires) {
		return actor.Actor{}, false, errSession
	}
	a.SessionID = c.Session
	if live {
		s.cache.put(gen, key, cached{who: a, mustChange: mustChange, tokenExpires: c.Expires, sessionExpires: expires})
	}
	return a, mustChange, nil
}
