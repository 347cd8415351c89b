package api

import (
	"context"
	"crypto/rand"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"foi/services/actor"
	"foi/services/applicant"
	"foi/services/auth"
	"foi/services/fakeclock"
	"foi/services/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// fixture is the gate over a fresh database's accounts.
type fixture struct {
	t    *testing.T
	ctx  context.Context
	db   *pgxpool.Pool
	auth *auth.Service
	gate *Gate
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := pgtest.NewDB(t)
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		t.Fatal(err)
	}
	// Cheap hashing: verification reads the costs from the stored hash.
	a, err := auth.New(t.Context(), db, auth.Options{Key: key, Now: fakeclock.On("2026-03-02").Now,
		Argon2: auth.Argon2Params{Memory: 64, Time: 1, Threads: 1}})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, ctx: t.Context(), db: db, auth: a, gate: NewGate(a, nil, nil)}
}

// agency inserts an agency and returns its id.
func (f *fixture) agency(code string) string {
	f.t.Helper()
	var id string
	if err := f.db.QueryRow(f.ctx, `INSERT INTO agencies (code, name) VALUES ($1, $2) RETURNING id`,
		code, "测试局"+code).Scan(&id); err != nil {
		f.t.Fatal(err)
	}
	return id
}

// applicant registers an applicant account.
func (f *fixture) applicant(login, password string) auth.Account {
	f.t.Helper()
	acc, err := f.auth.RegisterApplicant(f.ctx, login, password, applicant.Identity{Type: applicant.NaturalPerson,
		Name: "张三", IDType: applicant.ResidentIDCard, IDNumber: "11010519491231002X", Address: "北京市朝阳区建国路1号"}, "192.0.2.1")
	if err != nil {
		f.t.Fatalf("RegisterApplicant(%q): %v", login, err)
	}
	return acc
}

// staff creates a staff or admin account.
func (f *fixture) staff(login, password string, role actor.Role, agencies ...string) auth.Account {
	f.t.Helper()
	acc, err := f.auth.CreateAccount(f.ctx, login, password, role, "工作人员"+login, agencies)
	if err != nil {
		f.t.Fatalf("CreateAccount(%q): %v", login, err)
	}
	return acc
}

// passwordChanged clears the must-change flag directly, for tests about
// something else than the first sign-in.
func (f *fixture) passwordChanged(accountID string) {
	f.t.Helper()
	if _, err := f.db.Exec(f.ctx, `UPDATE accounts SET must_change_password = false WHERE id = $1`, accountID); err != nil {
		f.t.Fatal(err)
	}
}

// signIn signs in and fails the test on error.
func (f *fixture) signIn(login, password string) auth.Tokens {
	f.t.Helper()
	tok, _, err := f.auth.SignIn(f.ctx, login, password, "192.0.2.1")
	if err != nil {
		f.t.Fatalf("SignIn(%q): %v", login, err)
	}
	return tok
}

// actor authenticates an access token and fails the test on error.
func (f *fixture) actor(tok auth.Tokens) actor.Actor {
	f.t.Helper()
	a, _, err := f.auth.Authenticate(f.ctx, tok.Access)
	if err != nil {
		f.t.Fatalf("Authenticate: %v", err)
	}
	return a
}

// wantCategory fails unless err is in category.
func wantCategory(t testing.TB, err, category error) {
	t.Helper()
	if !errors.Is(err, category) {
		t.Fatalf("error %v, want category %q", err, category)
	}
}
