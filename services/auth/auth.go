// Package auth knows who is calling: accounts (applicants who register
// themselves, staff an administrator creates), sign-in with rotating refresh
// tokens and signed short-lived access tokens, sign-in throttling and the
// optional unified identity platform (OpenID Connect). It knows nothing of
// gRPC or of cases: the access policy and the gate that applies it to every
// call live in the API layer above.
package auth

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Options configure the Service.
type Options struct {
	// Key signs access tokens; at least 32 bytes.
	Key []byte
	// AccessTTL is the life of an access token (default 15 minutes).
	AccessTTL time.Duration
	// SessionTTL is the life of a session and its refresh tokens (default
	// 30 days).
	SessionTTL time.Duration
	// Argon2 are the password hashing costs (default DefaultArgon2).
	Argon2 Argon2Params
	// OIDC enables sign-in through a unified identity platform.
	OIDC *OIDCConfig
	// Now is the clock (default time.Now).
	Now    func() time.Time
	Logger *slog.Logger
}

// Service is the accounts and sessions of foi.
type Service struct {
	db         *pgxpool.Pool
	now        func() time.Time
	signer     signer
	argon      Argon2Params
	accessTTL  time.Duration
	sessionTTL time.Duration
	oidc       *oidcVerifier
	log        *slog.Logger
	cache      *sessionCache
}

// New returns a Service on db.
func New(ctx context.Context, db *pgxpool.Pool, o Options) (*Service, error) {
	if len(o.Key) < 32 {
		return nil, errors.New("token signing key must be at least 32 bytes")
	}
	if o.AccessTTL == 0 {
		o.AccessTTL = 15 * time.Minute
	}
	if o.SessionTTL == 0 {
		o.SessionTTL = 30 * 24 * time.Hour
	}
	if o.Argon2 == (Argon2Params{}) {
		o.Argon2 = DefaultArgon2
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Service{db: db, now: o.Now, signer: signer{key: o.Key}, argon: o.Argon2,
		accessTTL: o.AccessTTL, sessionTTL: o.SessionTTL, log: o.Logger, cache: newSessionCache()}
	if o.OIDC != nil {
		s.oidc = newOIDCVerifier(*o.OIDC, o.Logger, o.Now)
	}
	return s, nil
}
