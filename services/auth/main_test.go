package auth

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/jackc/pgx/v5/pgxpool"

	"foi/services/actor"
	"foi/services/applicant"
	"foi/services/errs"
	"foi/services/fakeclock"
	"foi/services/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// t0 is where every fake clock starts: a Monday morning in Beijing.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, shanghai)

// fastArgon keeps hashing cheap in tests; verification reads the costs from
// the stored hash, so nothing else changes.
var fastArgon = Argon2Params{Memory: 64, Time: 1, Threads: 1}

func randomKey(t testing.TB) []byte {
	t.Helper()
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		t.Fatal(err)
	}
	return k
}

// fixture is a Service on a fresh database with a fake clock.
type fixture struct {
	t   *testing.T
	ctx context.Context
	db  *pgxpool.Pool
	clk *fakeclock.Clock
	s   *Service
}

func newFixture(t *testing.T, configure ...func(*Options)) *fixture {
	t.Helper()
	db := pgtest.NewDB(t)
	clk := fakeclock.At(t0)
	o := Options{Key: randomKey(t), Now: clk.Now, Argon2: fastArgon}
	for _, c := range configure {
		c(&o)
	}
	s, err := New(t.Context(), db, o)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, ctx: t.Context(), db: db, clk: clk, s: s}
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

// person is a valid natural-person identity with no contact details, so
// that RegisterApplicant copies the login into it. Each call has its own
// identity document, as each real applicant does.
func person(name string) applicant.Identity {
	return applicant.Identity{Type: applicant.NaturalPerson, Name: name, IDType: applicant.ResidentIDCard,
		IDNumber: residentID(int(people.Add(1))), Address: "北京市朝阳区建国路1号"}
}

var people atomic.Int64

// residentID is a valid resident identity number (GB 11643) born
// 1949-12-31 in Chaoyang, Beijing, with sequence number seq.
func residentID(seq int) string {
	body := fmt.Sprintf("11010519491231%03d", seq%1000)
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(body[i]-'0') * w
	}
	return body + string("10X98765432"[sum%11])
}

// applicant registers an applicant account.
func (f *fixture) applicant(login, password string) Account {
	f.t.Helper()
	acc, err := f.s.RegisterApplicant(f.ctx, login, password, person("张三"), "192.0.2.1")
	if err != nil {
		f.t.Fatalf("RegisterApplicant(%q): %v", login, err)
	}
	return acc
}

// staff creates a staff or admin account.
func (f *fixture) staff(login, password string, role actor.Role, agencies ...string) Account {
	f.t.Helper()
	acc, err := f.s.CreateAccount(f.ctx, login, password, role, "工作人员"+login, agencies)
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
func (f *fixture) signIn(login, password string) Tokens {
	f.t.Helper()
	tok, _, err := f.s.SignIn(f.ctx, login, password, "192.0.2.1")
	if err != nil {
		f.t.Fatalf("SignIn(%q): %v", login, err)
	}
	return tok
}

// actor authenticates an access token and fails the test on error.
func (f *fixture) actor(tok Tokens) actor.Actor {
	f.t.Helper()
	a, _, err := f.s.Authenticate(f.ctx, tok.Access)
	if err != nil {
		f.t.Fatalf("Authenticate: %v", err)
	}
	return a
}

// count runs a SELECT count(*) style query.
func (f *fixture) count(query string, args ...any) int {
	f.t.Helper()
	var n int
	if err := f.db.QueryRow(f.ctx, query, args...).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

// wantCategory fails unless err is in category.
func wantCategory(t testing.TB, err, category error) {
	t.Helper()
	if !errors.Is(err, category) {
		t.Fatalf("error %v, want category %q", err, category)
	}
}

// fields lists the fields an *errs.Invalid names, in order; nil for any
// other error.
func fields(err error) []string {
	var inv *errs.Invalid
	if !errors.As(err, &inv) {
		return nil
	}
	var out []string
	for _, v := range inv.Violations {
		out = append(out, v.Field)
	}
	return out
}

// wantFields fails unless err is an InvalidArgument naming exactly fields.
func wantFields(t testing.TB, err error, want ...string) {
	t.Helper()
	if !errors.Is(err, errs.InvalidArgument) {
		t.Fatalf("error %v, want InvalidArgument naming %v", err, want)
	}
	if diff := cmp.Diff(want, fields(err)); diff != "" {
		t.Errorf("violated fields mismatch (-want +got):\n%s", diff)
	}
}

// accountOpts compare accounts without the generated id and the hash.
var accountOpts = cmp.Options{
	cmpopts.IgnoreFields(Account{}, "ID"),
	cmpopts.IgnoreUnexported(Account{}),
	cmpopts.EquateEmpty(),
}

func sorted(s ...string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
