package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"

	"foi/services/actor"
	"foi/services/errs"
)

// OIDCConfig names a unified identity platform whose ID tokens sign
// applicants in.
type OIDCConfig struct {
	// Issuer is the issuer URL; its discovery document is read from
	// Issuer + "/.well-known/openid-configuration".
	Issuer string
	// ClientID is this service's client id: ID tokens must be issued for it.
	ClientID string
	// Claim is the claim that identifies the person (default "sub").
	Claim string
}

// oidcVerifier verifies ID tokens. The issuer is discovered on first use
// (and again after a failure), so foid starts even while the platform is
// unreachable.
type oidcVerifier struct {
	cfg OIDCConfig
	log *slog.Logger
	now func() time.Time

	mu       sync.Mutex
	verifier *oidc.IDTokenVerifier
}

func newOIDCVerifier(cfg OIDCConfig, log *slog.Logger, now func() time.Time) *oidcVerifier {
	if cfg.Claim == "" {
		cfg.Claim = "sub"
	}
	return &oidcVerifier{cfg: cfg, log: log, now: now}
}

func (v *oidcVerifier) get(ctx context.Context) (*oidc.IDTokenVerifier, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.verifier != nil {
		return v.verifier, nil
	}
	p, err := oidc.NewProvider(ctx, v.cfg.Issuer)
	if err != nil {
		return nil, err
	}
	v.verifier = p.Verifier(&oidc.Config{ClientID: v.cfg.ClientID, Now: v.now})
	return v.verifier, nil
}

// ExchangeIDToken verifies an ID token from the configured platform and
// signs in the applicant account mapped to its identifying claim, creating
// the account on first sign-in.
func (s *Service) ExchangeIDToken(ctx context.Context, raw string) (Tokens, Account, error) {
	if s.oidc == nil {
		return Tokens{}, Account{}, errs.New(errs.FailedPrecondition, "未启用统一身份认证登录")
	}
	if strings.TrimSpace(raw) == "" {
		return Tokens{}, Account{}, errs.Field("idToken", "不能为空")
	}
	verifier, err := s.oidc.get(ctx)
	if err != nil {
		s.log.ErrorContext(ctx, "identity platform unavailable", "err", err)
		return Tokens{}, Account{}, errs.New(errs.FailedPrecondition, "统一身份认证平台暂时无法访问，请稍后再试")
	}
	tok, err := verifier.Verify(ctx, raw)
	if err != nil {
		return Tokens{}, Account{}, errs.New(errs.Unauthenticated, "身份令牌无效或已过期")
	}
	var all map[string]any
	if err := tok.Claims(&all); err != nil {
		return Tokens{}, Account{}, errs.New(errs.Unauthenticated, "身份令牌无效")
	}
	subject, _ := all[s.oidc.cfg.Claim].(string)
	if subject == "" {
		return Tokens{}, Account{}, errs.New(errs.Unauthenticated, fmt.Sprintf("身份令牌缺少 %s 声明", s.oidc.cfg.Claim))
	}
	name, _ := all["name"].(string)
	if name == "" {
		name = "统一身份认证用户"
	}
	acc, err := s.externalAccount(ctx, tok.Issuer, subject, name)
	if err != nil {
		return Tokens{}, Account{}, err
	}
	if acc.Disabled {
		return Tokens{}, Account{}, errSession
	}
	t, err := s.openSession(ctx, acc.ID)
	return t, acc, err
}

// externalAccount finds or creates the applicant account of an identity
// platform subject. Its login is not a phone, e-mail or user name, so it can
// never collide with, or sign in as, a password account.
func (s *Service) externalAccount(ctx context.Context, issuer, subject, name string) (Account, error) {
	sum := sha256.Sum256([]byte(issuer + "\x00" + subject))
	login := "oidc#" + hex.EncodeToString(sum[:12])
	acc, err := getAccount(ctx, s.db, "a.login = $1", login)
	if !errors.Is(err, errs.NotFound) {
		return acc, err
	}
	acc, err = s.insertAccount(ctx, newAccount{login: login, role: actor.Applicant, name: name, issuer: issuer, subject: subject})
	if errors.Is(err, errs.AlreadyExists) { // a concurrent first sign-in won
		return getAccount(ctx, s.db, "a.login = $1", login)
	}
	return acc, err
}
