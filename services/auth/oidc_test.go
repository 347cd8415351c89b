package auth

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"foi/services/actor"
	"foi/services/applicant"
	"foi/services/errs"
)

// Two RSA keys for the whole test process: the issuer's, and a stranger's.
var (
	rsaOnce                sync.Once
	rsaIssuer, rsaStranger *rsa.PrivateKey
	rsaErr                 error
)

func rsaKeys(t testing.TB) (*rsa.PrivateKey, *rsa.PrivateKey) {
	t.Helper()
	rsaOnce.Do(func() {
		if rsaIssuer, rsaErr = rsa.GenerateKey(rand.Reader, 2048); rsaErr == nil {
			rsaStranger, rsaErr = rsa.GenerateKey(rand.Reader, 2048)
		}
	})
	if rsaErr != nil {
		t.Fatal(rsaErr)
	}
	return rsaIssuer, rsaStranger
}

const issuerKID = "test-key-1"

// issuer is an OpenID Connect provider inside the test: discovery and JWKS.
type issuer struct {
	srv  *httptest.Server
	key  *rsa.PrivateKey
	down atomic.Bool // answer 503 to everything
}

func newIssuer(t *testing.T) *issuer {
	t.Helper()
	key, _ := rsaKeys(t)
	iss := &issuer{key: key}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		u := iss.srv.URL
		writeJSON(w, map[string]any{
			"issuer":                                u,
			"authorization_endpoint":                u + "/authorize",
			"token_endpoint":                        u + "/token",
			"jwks_uri":                              u + "/jwks",
			"response_types_supported":              []string{"code", "id_token"},
			"subject_types_supported":               []string{"public"},
			"id_token_signing_alg_values_supported": []string{"RS256"},
		})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{
			{Key: &iss.key.PublicKey, KeyID: issuerKID, Algorithm: string(jose.RS256), Use: "sig"},
		}})
	})
	iss.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if iss.down.Load() {
			http.Error(w, "maintenance", http.StatusServiceUnavailable)
			return
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(iss.srv.Close)
	return iss
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// claims returns valid ID-token claims for subject, issued at t0, where
// the service's injected clock stands (the verifier reads that clock).
func (iss *issuer) claims(subject string) map[string]any {
	now := t0
	return map[string]any{
		"iss":  iss.srv.URL,
		"sub":  subject,
		"aud":  "foi",
		"iat":  now.Unix(),
		"exp":  now.Add(time.Hour).Unix(),
		"name": "刘统一",
	}
}

// sign makes a compact RS256 JWS of claims with key.
func sign(t *testing.T, key *rsa.PrivateKey, claims map[string]any) string {
	t.Helper()
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: key},
		(&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", issuerKID))
	if err != nil {
		t.Fatal(err)
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	obj, err := signer.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := obj.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func oidcFixture(t *testing.T, iss *issuer, claim string) *fixture {
	t.Helper()
	return newFixture(t, func(o *Options) {
		o.OIDC = &OIDCConfig{Issuer: iss.srv.URL, ClientID: "foi", Claim: claim}
	})
}

func TestExchangeIDToken(t *testing.T) {
	t.Parallel()
	iss := newIssuer(t)
	f := oidcFixture(t, iss, "")

	tok, acc, err := f.s.ExchangeIDToken(f.ctx, sign(t, iss.key, iss.claims("person-1")))
	if err != nil {
		t.Fatalf("first exchange: %v", err)
	}
	want := Account{Role: actor.Applicant, DisplayName: "刘统一", Identity: applicant.Identity{Name: "刘统一"}, CreatedAt: t0}
	if diff := cmp.Diff(want, acc, accountOpts, cmpopts.IgnoreFields(Account{}, "Login")); diff != "" {
		t.Errorf("created account mismatch (-want +got):\n%s", diff)
	}
	if _, _, ok := parseLogin(acc.Login); ok || !strings.HasPrefix(acc.Login, "oidc#") {
		t.Errorf("platform login %q could be a password login", acc.Login)
	}
	if who := f.actor(tok); who.AccountID != acc.ID || who.Role != actor.Applicant {
		t.Errorf("access token authenticates as %+v, want applicant %s", who, acc.ID)
	}
	var issuer, subject string
	if err := f.db.QueryRow(f.ctx, `SELECT external_issuer, external_subject FROM accounts WHERE id = $1`, acc.ID).
		Scan(&issuer, &subject); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([2]string{iss.srv.URL, "person-1"}, [2]string{issuer, subject}); diff != "" {
		t.Errorf("stored external identity mismatch (-want +got):\n%s", diff)
	}

	// The second exchange, with a fresh token and a changed name, signs in
	// to the same account.
	f.clk.Advance(time.Hour)
	claims := iss.claims("person-1")
	claims["name"] = "刘改名"
	tok2, again, err := f.s.ExchangeIDToken(f.ctx, sign(t, iss.key, claims))
	if err != nil {
		t.Fatalf("second exchange: %v", err)
	}
	if again.ID != acc.ID || again.Login != acc.Login {
		t.Errorf("second exchange gave account %s (%s), want %s (%s)", again.ID, again.Login, acc.ID, acc.Login)
	}
	if tok2.SessionID == tok.SessionID {
		t.Error("second exchange reused the first session")
	}
	f.actor(tok2)

	// Another person gets another account.
	_, stranger, err := f.s.ExchangeIDToken(f.ctx, sign(t, iss.key, iss.claims("person-2")))
	if err != nil {
		t.Fatalf("exchange for another subject: %v", err)
	}
	if stranger.ID == acc.ID {
		t.Error("two subjects map to one account")
	}
	if n := f.count(`SELECT count(*) FROM accounts`); n != 2 {
		t.Errorf("%d accounts, want 2", n)
	}

	// The platform's account has no password: no password signs in to it,
	// not even an empty one.
	for _, pw := range []string{"", "a good password", "person-1"} {
		_, _, err := f.s.SignIn(f.ctx, acc.Login, pw, "192.0.2.1")
		wantCategory(t, err, errs.Unauthenticated)
	}
	impostor := person("冒名")
	impostor.Phone = "13912345678"
	_, err = f.s.RegisterApplicant(f.ctx, acc.Login, "a good password", impostor, "192.0.2.1")
	wantFields(t, err, "login")
}

func TestExchangeIDTokenRefused(t *testing.T) {
	t.Parallel()
	iss := newIssuer(t)
	_, strangerKey := rsaKeys(t)
	f := oidcFixture(t, iss, "")
	with := func(k string, v any) map[string]any {
		c := iss.claims("person-1")
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
		return c
	}
	tests := []struct {
		name  string
		token string
	}{
		{"other audience", sign(t, iss.key, with("aud", "someone-else"))},
		{"audiences without foi", sign(t, iss.key, with("aud", []string{"a", "b"}))},
		{"expired", sign(t, iss.key, with("exp", t0.Add(-time.Hour).Unix()))},
		{"other issuer", sign(t, iss.key, with("iss", "https://idp.example.com"))},
		{"other key", sign(t, strangerKey, iss.claims("person-1"))},
		{"no subject", sign(t, iss.key, with("sub", nil))},
		{"empty subject", sign(t, iss.key, with("sub", ""))},
		{"not a jwt", "not.a.jwt"},
		{"truncated", sign(t, iss.key, iss.claims("person-1"))[:100]},
		{"unsigned", unsigned(t, iss.claims("person-1"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, acc, err := f.s.ExchangeIDToken(f.ctx, tt.token)
			wantCategory(t, err, errs.Unauthenticated)
			if tok.Access != "" || acc.ID != "" {
				t.Errorf("refused exchange returned tokens %+v, account %s", tok, acc.ID)
			}
		})
	}
	t.Run("empty", func(t *testing.T) {
		_, _, err := f.s.ExchangeIDToken(f.ctx, "  ")
		wantFields(t, err, "idToken")
	})
	if n := f.count(`SELECT count(*) FROM accounts`); n != 0 {
		t.Errorf("%d accounts created by refused tokens", n)
	}
	// The same issuer and key still work: the refusals were for the tokens.
	if _, _, err := f.s.ExchangeIDToken(f.ctx, sign(t, iss.key, iss.claims("person-1"))); err != nil {
		t.Errorf("valid token after the refusals: %v", err)
	}
}

// unsigned returns a JWT with "alg": "none".
func unsigned(t *testing.T, claims map[string]any) string {
	t.Helper()
	payload, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	b64 := base64.RawURLEncoding.EncodeToString
	return b64([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + b64(payload) + "."
}

func TestExchangeIDTokenClaim(t *testing.T) {
	t.Parallel()
	iss := newIssuer(t)
	f := oidcFixture(t, iss, "uid")
	c1 := iss.claims("pairwise-1")
	c1["uid"] = "110105194912310021"
	c2 := iss.claims("pairwise-2") // another sub, the same person
	c2["uid"] = "110105194912310021"
	_, first, err := f.s.ExchangeIDToken(f.ctx, sign(t, iss.key, c1))
	if err != nil {
		t.Fatalf("first exchange: %v", err)
	}
	_, second, err := f.s.ExchangeIDToken(f.ctx, sign(t, iss.key, c2))
	if err != nil {
		t.Fatalf("second exchange: %v", err)
	}
	if first.ID != second.ID {
		t.Errorf("one uid mapped to accounts %s and %s", first.ID, second.ID)
	}
	var subject string
	if err := f.db.QueryRow(f.ctx, `SELECT external_subject FROM accounts WHERE id = $1`, first.ID).Scan(&subject); err != nil {
		t.Fatal(err)
	}
	if subject != "110105194912310021" {
		t.Errorf("stored subject %q, want the uid", subject)
	}

	noUID := iss.claims("pairwise-1")
	numeric := iss.claims("pairwise-1")
	numeric["uid"] = 42
	for name, c := range map[string]map[string]any{"no uid": noUID, "numeric uid": numeric} {
		t.Run(name, func(t *testing.T) {
			_, _, err := f.s.ExchangeIDToken(f.ctx, sign(t, iss.key, c))
			wantCategory(t, err, errs.Unauthenticated)
		})
	}
}

func TestExchangeIDTokenDisabled(t *testing.T) {
	t.Parallel()
	iss := newIssuer(t)
	f := oidcFixture(t, iss, "")
	tok, acc, err := f.s.ExchangeIDToken(f.ctx, sign(t, iss.key, iss.claims("person-1")))
	if err != nil {
		t.Fatal(err)
	}
	root := f.staff("root", "initial password", actor.Admin)
	if _, err := f.s.DisableAccount(f.ctx, actor.Actor{AccountID: root.ID, Role: actor.Admin}, acc.ID); err != nil {
		t.Fatal(err)
	}
	f.wantRefused("disabled platform account", tok)
	_, _, err = f.s.ExchangeIDToken(f.ctx, sign(t, iss.key, iss.claims("person-1")))
	wantCategory(t, err, errs.Unauthenticated)
	if n := f.count(`SELECT count(*) FROM sessions WHERE account_id = $1 AND revoked_at IS NULL`, acc.ID); n != 0 {
		t.Errorf("%d open sessions of the disabled account", n)
	}
}

func TestExchangeIDTokenNotConfigured(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	iss := newIssuer(t)
	_, _, err := f.s.ExchangeIDToken(f.ctx, sign(t, iss.key, iss.claims("person-1")))
	wantCategory(t, err, errs.FailedPrecondition)
}

// TestExchangeIDTokenIssuerDown checks that an unreachable platform is a
// FailedPrecondition, and that discovery is tried again once it is back.
func TestExchangeIDTokenIssuerDown(t *testing.T) {
	t.Parallel()
	iss := newIssuer(t)
	f := oidcFixture(t, iss, "")
	iss.down.Store(true)
	_, _, err := f.s.ExchangeIDToken(f.ctx, sign(t, iss.key, iss.claims("person-1")))
	wantCategory(t, err, errs.FailedPrecondition)
	iss.down.Store(false)
	if _, _, err := f.s.ExchangeIDToken(f.ctx, sign(t, iss.key, iss.claims("person-1"))); err != nil {
		t.Errorf("exchange after the platform came back: %v", err)
	}
}
