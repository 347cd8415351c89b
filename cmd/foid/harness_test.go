package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"

	"foi/services/auth"
	"foi/services/cases"
	"foi/services/fakeclock"
	"foi/services/pgtest"
	"foi/services/server"
)

// captured holds the logs of every server the tests start; TestMain checks
// them for personal data once all tests have run.
var captured lockedBuffer

// serversStarted counts the servers the run started (a run of a few tests
// may start none, and then there are no logs to check).
var serversStarted atomic.Int64

// secrets are the ID numbers, phone numbers, passwords and tokens the tests
// send; none may appear in a log.
var secrets sync.Map

func secret(s string) string {
	secrets.Store(s, true)
	return s
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestMain(m *testing.M) {
	code := pgtest.Run(m)
	if code == 0 && serversStarted.Load() > 0 {
		if leaks := personalDataInLogs(captured.String()); len(leaks) > 0 {
			fmt.Fprintf(os.Stderr, "FAIL: the server logs hold personal data or credentials:\n  %s\n", strings.Join(leaks, "\n  "))
			code = 1
		}
		if dbLog, ok := pgtest.ServerLog(); ok {
			if leaks := personalDataInDatabaseLog(dbLog); len(leaks) > 0 {
				fmt.Fprintf(os.Stderr, "FAIL: the database server's log holds personal data or credentials:\n  %s\n", strings.Join(leaks, "\n  "))
				code = 1
			}
		} else {
			fmt.Fprintln(os.Stderr, "note: the database server's log was not checked for personal data (an external server is in use)")
		}
	}
	os.Exit(code)
}

var (
	idNumberPattern = regexp.MustCompile(`\b\d{17}[\dXx]\b`)
	mobilePattern   = regexp.MustCompile(`\b1[3-9]\d{9}\b`)
)

// personalDataInLogs lists what foid's logs must not hold: any value the
// tests registered as secret, and anything shaped like an ID or mobile
// number.
func personalDataInLogs(logs string) []string {
	leaks := leaksIn(logs)
	if !strings.Contains(logs, `"msg":"rpc"`) {
		leaks = append(leaks, "(no access log lines were captured: the check saw nothing)")
	}
	return leaks
}

// personalDataInDatabaseLog lists what PostgreSQL's own log must not hold:
// the same as foid's.
func personalDataInDatabaseLog(logs string) []string {
	leaks := leaksIn(logs)
	if !strings.Contains(logs, "database system is ready") {
		leaks = append(leaks, "(the database log holds no start-up line: the check saw nothing)")
	}
	return leaks
}

func leaksIn(logs string) []string {
	var leaks []string
	secrets.Range(func(k, _ any) bool {
		if s := k.(string); s != "" && strings.Contains(logs, s) {
			leaks = append(leaks, fmt.Sprintf("%q", s))
		}
		return true
	})
	for _, p := range []*regexp.Regexp{idNumberPattern, mobilePattern} {
		for _, m := range p.FindAllString(logs, 5) {
			leaks = append(leaks, m)
		}
	}
	return leaks
}

// testServer is foid running in the test process on free loopback ports.
type testServer struct {
	grpcAddr, httpAddr string
	conn               *grpc.ClientConn
	clock              *fakeclock.Clock
	stdout             *lockedBuffer
	srv                *server.Server
	cases              *cases.Service // the server's own, to run a sweep on demand
	accounts           *auth.Service  // the server's own, to watch its session cache
	dbURL              string
	adminAddr          string // the admin listener, when the config asks for one
	// shutdown stops foid as SIGTERM would and returns what run returned;
	// the test's cleanup calls it if the test did not.
	shutdown func() error
}

// startServer runs foid (the real run function) against a fresh migrated
// database and stops it when the test ends.
func startServer(t testing.TB) *testServer {
	t.Helper()
	return startWith(t, testConfig(t))
}

// testConfig is the configuration of a test server on a fresh database.
func testConfig(t testing.TB) config {
	t.Helper()
	key := make([]byte, 32)
	rand.Read(key)
	return config{
		GRPCAddr: "127.0.0.1:0", HTTPAddr: "127.0.0.1:0",
		DatabaseURL: pgtest.NewDBURL(t), TokenKey: base64.StdEncoding.EncodeToString(key), HistoryKey: base64.StdEncoding.EncodeToString(key),
		LogFormat: "json", LogLevel: "debug", SweepInterval: time.Hour, DispatchInterval: time.Hour,
	}
}

func startWith(t testing.TB, cfg config) *testServer {
	t.Helper()
	ts := &testServer{clock: fakeclock.On("2026-11-27"), stdout: &lockedBuffer{}, dbURL: cfg.DatabaseURL}
	type started struct {
		srv      *server.Server
		cases    *cases.Service
		accounts *auth.Service
	}
	ready := make(chan started, 1)
	done := make(chan error, 1)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		done <- run(ctx, cfg, runEnv{
			stdout: ts.stdout, logs: &captured, now: ts.clock.Now,
			argon2:  auth.Argon2Params{Memory: 64, Time: 1, Threads: 1},
			onReady: func(s *server.Server, c *cases.Service, a *auth.Service) { ready <- started{s, c, a} },
			onAdmin: func(addr string) { ts.adminAddr = addr },
		})
	}()
	select {
	case st := <-ready:
		ts.srv, ts.cases, ts.accounts = st.srv, st.cases, st.accounts
	case err := <-done:
		cancel()
		t.Fatalf("foid did not start: %v", err)
	}
	serversStarted.Add(1)
	ts.grpcAddr, ts.httpAddr = ts.srv.GRPCAddr(), ts.srv.HTTPAddr()
	conn, err := grpc.NewClient(ts.grpcAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	ts.conn = conn
	ts.shutdown = sync.OnceValue(func() error {
		cancel()
		return <-done
	})
	t.Cleanup(func() {
		conn.Close()
		if err := ts.shutdown(); err != nil {
			t.Errorf("foid stopped with an error: %v", err)
		}
	})
	return ts
}

// withToken returns a context that carries an access token over gRPC.
func withToken(token string) context.Context {
	return metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+token)
}

// response is a REST answer.
type response struct {
	status int
	body   map[string]any
	raw    string
	header http.Header
}

// rest calls the REST API; body is a JSON string or a value to marshal.
func (ts *testServer) rest(t testing.TB, method, path, token string, body any) response {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, "http://"+ts.httpAddr+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := response{status: res.StatusCode, raw: string(raw), header: res.Header}
	_ = json.Unmarshal(raw, &out.body)
	return out
}

// str digs a string out of a JSON answer by path: "application.id".
func (r response) str(path string) string {
	var v any = r.body
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = m[k]
	}
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return fmt.Sprint(x)
	case nil:
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// fieldViolations lists the fields a 400 answer names.
func (r response) fieldViolations() []string {
	var out []string
	details, _ := r.body["details"].([]any)
	for _, d := range details {
		m, _ := d.(map[string]any)
		vs, _ := m["fieldViolations"].([]any)
		for _, v := range vs {
			out = append(out, v.(map[string]any)["field"].(string))
		}
	}
	return out
}

func (r response) want(t testing.TB, status int) response {
	t.Helper()
	if r.status != status {
		t.Fatalf("HTTP %d, want %d: %s", r.status, status, r.raw)
	}
	return r
}

// people is a bootstrapped district: an administrator, two agencies and
// their staff, and two applicants, each with a working access token.
type people struct {
	agencyA, agencyB string
	tokens           map[string]string // by name: admin, clerk, officer, adviser, head, clerkb, applicant, applicant2
	ids              map[string]string // account ids by name
	logins           map[string]string // sign-in names by name
	passwords        map[string]string // current passwords by name
}

const staffPassword = "Initial-Pass-2026"

// bootstrap does what a new office does on day one: the administrator signs
// in with the one-time password foid printed, changes it, creates agencies
// and staff; staff change their initial passwords; applicants register.
func (ts *testServer) bootstrap(t testing.TB) people {
	t.Helper()
	m := regexp.MustCompile(`password: (\S+)`).FindStringSubmatch(ts.stdout.String())
	if m == nil {
		t.Fatalf("foid printed no one-time administrator password; stdout: %q", ts.stdout.String())
	}
	p := people{tokens: map[string]string{}, ids: map[string]string{}, logins: map[string]string{}, passwords: map[string]string{}}
	adminToken := ts.firstSignIn(t, "admin", secret(m[1]), secret("Admin-Pass-2026!"))
	p.tokens["admin"], p.logins["admin"], p.passwords["admin"] = adminToken, "admin", "Admin-Pass-2026!"
	p.agencyA = ts.rest(t, "POST", "/v1/agencies", adminToken, map[string]any{"code": "JIA", "name": "甲区住房和城乡建设局"}).want(t, 200).str("agency.id")
	p.agencyB = ts.rest(t, "POST", "/v1/agencies", adminToken, map[string]any{"code": "YI", "name": "乙区教育局"}).want(t, 200).str("agency.id")
	staff := []struct{ name, role, agency string }{
		{"clerk", "ROLE_CLERK", p.agencyA}, {"officer", "ROLE_OFFICER", p.agencyA}, {"officer2", "ROLE_OFFICER", p.agencyA},
		{"adviser", "ROLE_LEGAL_ADVISER", p.agencyA}, {"head", "ROLE_HEAD", p.agencyA}, {"head2", "ROLE_HEAD", p.agencyA},
		{"clerkb", "ROLE_CLERK", p.agencyB},
	}
	for _, s := range staff {
		r := ts.rest(t, "POST", "/v1/accounts", adminToken, map[string]any{
			"login": s.name, "password": secret(staffPassword), "role": s.role, "displayName": s.name, "agencyIds": []string{s.agency},
		}).want(t, 200)
		p.ids[s.name], p.logins[s.name], p.passwords[s.name] = r.str("account.id"), s.name, s.name+"-Secret-2026"
		p.tokens[s.name] = ts.firstSignIn(t, s.name, staffPassword, secret(p.passwords[s.name]))
	}
	for i, a := range []struct{ name, login, id string }{
		{"applicant", "13912345678", "11010519491231002X"},
		{"applicant2", "applicant2@example.com", "440524198001010013"},
	} {
		r := ts.rest(t, "POST", "/v1/accounts:register", "", map[string]any{
			"login": secret(a.login), "password": secret(fmt.Sprintf("Applicant-%d-Pass", i)),
			"identity": map[string]any{"type": "APPLICANT_TYPE_NATURAL_PERSON", "name": "申请人" + a.name,
				"idType": "ID_DOCUMENT_TYPE_RESIDENT_ID_CARD", "idNumber": secret(a.id), "address": "示范区人民路1号"},
		}).want(t, 200)
		p.ids[a.name], p.logins[a.name], p.passwords[a.name] = r.str("account.id"), a.login, fmt.Sprintf("Applicant-%d-Pass", i)
		p.tokens[a.name] = ts.signIn(t, a.login, p.passwords[a.name])
	}
	return p
}

func (ts *testServer) signIn(t testing.TB, login, password string) string {
	t.Helper()
	r := ts.rest(t, "POST", "/v1/sessions", "", map[string]any{"login": login, "password": password}).want(t, 200)
	return secret(r.str("tokens.accessToken"))
}

// firstSignIn signs in with an initial password, changes it, and returns a
// token of a session opened with the new one.
func (ts *testServer) firstSignIn(t testing.TB, login, initial, next string) string {
	t.Helper()
	tok := ts.signIn(t, login, initial)
	ts.rest(t, "POST", "/v1/accounts/me:changePassword", tok, map[string]any{"currentPassword": initial, "newPassword": next}).want(t, 200)
	return ts.signIn(t, login, next)
}

// applicationBody is a complete online application to agency.
func applicationBody(agency, requestID string) map[string]any {
	return map[string]any{
		"requestId": requestID,
		"details": map[string]any{
			"agencyId": agency,
			"applicant": map[string]any{"type": "APPLICANT_TYPE_NATURAL_PERSON", "name": "张三",
				"idType": "ID_DOCUMENT_TYPE_RESIDENT_ID_CARD", "idNumber": secret("11010519491231002X"),
				"phone": secret("13912345678"), "address": "示范区人民路1号"},
			"information": map[string]any{"title": "示范区2025年老旧小区改造项目清单", "documentNumber": "示住建〔2025〕12号"},
			"medium":      "INFORMATION_MEDIUM_PAPER",
			"delivery":    "DELIVERY_METHOD_POST",
		},
	}
}

// day moves the server's clock to day and signs everyone in again (their
// access tokens are fifteen minutes long).
func (ts *testServer) day(t testing.TB, p people, day string) {
	t.Helper()
	ts.clock.Set(day)
	for name := range p.tokens {
		p.tokens[name] = ts.signIn(t, p.logins[name], p.passwords[name])
	}
}
