package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"syscall"
	"testing"

	"foi/services/server"
)

// TestRESTFuzz drives every route of the served OpenAPI document with
// malformed input — bodies of the wrong types, text that is not UTF-8, huge
// strings, deep nesting, unknown fields, enum values and dates that do not
// exist; bad path parameters and query strings — as an administrator, an
// applicant and anonymously, and fails on any 5xx. It is bounded (a fixed
// number of requests per route and caller, a fixed seed), so it runs with
// every `go test ./...`.
func TestRESTFuzz(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	body := applicationBody(p.agencyA, "")
	body["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": "2026-11-27"}
	caseID := ts.rest(t, "POST", "/v1/applications:register", p.tokens["clerk"], body).want(t, 200).str("application.id")

	var doc openAPIDoc
	if err := json.Unmarshal([]byte(ts.rest(t, "GET", "/openapi.json", "", nil).want(t, 200).raw), &doc); err != nil {
		t.Fatal(err)
	}
	routes := doc.routes()
	if len(routes) < 50 {
		t.Fatalf("the OpenAPI document lists %d routes; expected every route of the API", len(routes))
	}
	f := &fuzzer{ts: ts, doc: &doc, rnd: rand.New(rand.NewPCG(2026, 11)), ids: []string{caseID, p.agencyA, p.ids["clerk"]}}
	callers := []struct{ name, token string }{{"admin", p.tokens["admin"]}, {"applicant", p.tokens["applicant"]}, {"anonymous", ""}}
	const perRoute = 16
	failures := 0
	counts := map[int]int{}
	defer func() { t.Logf("statuses: %v", counts) }()
	for _, r := range routes {
		for _, c := range callers {
			for i := range perRoute {
				method, path, payload := f.request(r, i)
				status, raw := f.send(t, method, path, c.token, payload)
				counts[status]++
				if status >= 500 && failures < 20 {
					failures++
					t.Errorf("%s %.300s as %s with %.200q: HTTP %d %.300s", method, path, c.name, payload, status, raw)
				}
			}
		}
	}
}

type openAPIDoc struct {
	Paths       map[string]map[string]openAPIOperation `json:"paths"`
	Definitions map[string]*openAPISchema              `json:"definitions"`
}

type openAPIOperation struct {
	Parameters []struct {
		Name   string         `json:"name"`
		In     string         `json:"in"`
		Type   string         `json:"type"`
		Enum   []string       `json:"enum"`
		Schema *openAPISchema `json:"schema"`
	} `json:"parameters"`
}

type openAPISchema struct {
	Ref        string                    `json:"$ref"`
	Type       string                    `json:"type"`
	Format     string                    `json:"format"`
	Enum       []string                  `json:"enum"`
	Items      *openAPISchema            `json:"items"`
	Properties map[string]*openAPISchema `json:"properties"`
}

type fuzzRoute struct {
	method, path string
	op           openAPIOperation
}

// routes lists the document's operations in a fixed order; signing out
// comes last, so the callers keep their sessions for every other route.
func (d *openAPIDoc) routes() []fuzzRoute {
	var out []fuzzRoute
	for path, ops := range d.Paths {
		for method, op := range ops {
			out = append(out, fuzzRoute{strings.ToUpper(method), path, op})
		}
	}
	slices.SortFunc(out, func(a, b fuzzRoute) int {
		signOut := func(r fuzzRoute) bool { return r.method == "DELETE" && r.path == "/v1/sessions/current" }
		if sa, sb := signOut(a), signOut(b); sa != sb {
			if sa {
				return 1
			}
			return -1
		}
		return strings.Compare(a.method+a.path, b.method+b.path)
	})
	return out
}

func (d *openAPIDoc) resolve(s *openAPISchema) *openAPISchema {
	for s != nil && s.Ref != "" {
		s = d.Definitions[strings.TrimPrefix(s.Ref, "#/definitions/")]
	}
	return s
}

type fuzzer struct {
	ts  *testServer
	doc *openAPIDoc
	rnd *rand.Rand
	ids []string // ids that exist: a case, an agency, an account
}

// badStrings are path and query values a client should not send.
var badStrings = []string{
	"%ff", "%c0%ae", "%00", "%e9%95", "..", "x:y", "%2F", "-1", "99999999999999999999", "2026-02-30", "0000-00-00",
	"POST", "%F0%9F%98%80", "' OR 1=1 --", "00000000-0000-0000-0000-000000000000", strings.Repeat("长", 300),
	strings.Repeat("a", 5000), "true", "NaN", "1e309",
}

// badBodies are whole bodies that are not the request at all.
var badBodies = []string{"", "null", "[]", `"text"`, "{", "1", "{}", "\xff\xfe", `{"a":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "}"}

// request builds the i-th request for route r: a path with good and bad
// parameters, a query, and a body.
func (f *fuzzer) request(r fuzzRoute, i int) (method, path string, body []byte) {
	method, path = r.method, r.path
	var bodySchema *openAPISchema
	var query []string
	for _, p := range r.op.Parameters {
		switch p.In {
		case "path":
			v := f.pick(append(slices.Clone(badStrings), f.ids...))
			if i%3 == 0 {
				v = f.pick(f.ids) // a record that exists, so the handler is reached
			}
			if p.Name == "kind" && i%2 == 0 {
				v = "RECEIPT"
			}
			if p.Name == "year" && i%2 == 0 {
				v = "2027"
			}
			if p.Name == "region" && i%2 == 0 {
				v = "CN"
			}
			path = strings.Replace(path, "{"+p.Name+"}", v, 1)
		case "query":
			if f.rnd.IntN(3) == 0 {
				query = append(query, url.QueryEscape(p.Name)+"="+f.queryValue(p.Type, p.Enum))
			}
		case "body":
			bodySchema = p.Schema
		}
	}
	switch f.rnd.IntN(8) { // most requests get past the query check
	case 0:
		query = append(query, "trackingNumber=X")
	case 1:
		query = append(query, f.pick(badStrings)+"="+f.pick(badStrings))
	}
	if len(query) > 0 {
		path += "?" + strings.Join(query, "&")
	}
	if bodySchema == nil {
		return method, path, nil
	}
	return method, path, f.body(bodySchema, i)
}

func (f *fuzzer) queryValue(typ string, enum []string) string {
	switch f.rnd.IntN(3) {
	case 0:
		return f.pick(badStrings)
	case 1:
		if len(enum) > 0 {
			return f.pick(enum)
		}
		switch typ {
		case "integer":
			return fmt.Sprint(f.rnd.IntN(1000) - 10)
		case "boolean":
			return "true"
		}
		return "2026-11-27"
	}
	return url.QueryEscape(f.pick([]string{"\xff", "0x10", "2026-1-1", "", "1.5", "ROLE_ADMIN", "APPLICATION_STATE_ACCEPTED"}))
}

// body is a valid-looking body of schema with one kind of damage.
func (f *fuzzer) body(schema *openAPISchema, i int) []byte {
	if i%6 == 5 {
		return []byte(f.pick(badBodies))
	}
	v := f.value(schema, 0)
	obj, _ := v.(map[string]any)
	if obj == nil {
		obj = map[string]any{}
	}
	const bad = "\x00FUZZ-NOT-UTF8\x00"
	damage := []func(any) any{
		func(any) any { return map[string]any{"nested": []any{1, "x"}} },
		func(any) any { return []any{true, nil} },
		func(any) any { return 1.5 },
		func(any) any { return "POST" },
		func(any) any { return -9223372036854775808.0 },
		func(any) any { return strings.Repeat("长", 100000) },
		func(any) any { return bad },
		func(any) any { return "2026-02-30" },
		func(any) any { return "9999-99-99" },
		func(any) any { return 1e300 },
	}
	switch i % 6 {
	case 0: // a whole valid-looking body
	case 1:
		obj["unknownField"] = "x"
	default:
		f.damage(obj, damage[f.rnd.IntN(len(damage))])
	}
	b, _ := json.Marshal(obj)
	// encoding/json escapes what is not UTF-8; put raw bytes back in.
	return bytes.ReplaceAll(b, []byte(`"\u0000FUZZ-NOT-UTF8\u0000"`), []byte("\"\xff\xfe\xc0\xae\""))
}

// damage replaces one value somewhere in v, at any depth.
func (f *fuzzer) damage(obj map[string]any, with func(any) any) {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if len(keys) == 0 {
		obj["x"] = with(nil)
		return
	}
	k := f.pick(keys)
	if sub, ok := obj[k].(map[string]any); ok && f.rnd.IntN(2) == 0 {
		f.damage(sub, with)
		return
	}
	obj[k] = with(obj[k])
}

// value is a plausible value of schema.
func (f *fuzzer) value(schema *openAPISchema, depth int) any {
	s := f.doc.resolve(schema)
	if s == nil || depth > 5 {
		return nil
	}
	switch {
	case len(s.Enum) > 0:
		return s.Enum[f.rnd.IntN(len(s.Enum))]
	case s.Type == "array":
		return []any{f.value(s.Items, depth+1)}
	case s.Type == "integer":
		if s.Format == "int64" || s.Format == "uint64" {
			return fmt.Sprint(f.rnd.IntN(100))
		}
		return f.rnd.IntN(100)
	case s.Type == "number":
		return 1.5
	case s.Type == "boolean":
		return f.rnd.IntN(2) == 0
	case s.Type == "string":
		if s.Format == "date-time" {
			return "2026-11-27T10:00:00Z"
		}
		return f.pick([]string{"x", "2026-11-27", "示范", f.pick(f.ids), "13912345678"})
	}
	obj := map[string]any{}
	keys := make([]string, 0, len(s.Properties))
	for k := range s.Properties {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		obj[k] = f.value(s.Properties[k], depth+1)
	}
	return obj
}

func (f *fuzzer) pick(from []string) string { return from[f.rnd.IntN(len(from))] }

// send makes one request, with the path sent as written (escapes and all).
func (f *fuzzer) send(t *testing.T, method, path, token string, body []byte) (int, string) {
	t.Helper()
	u := &url.URL{Scheme: "http", Host: f.ts.httpAddr, Opaque: "//" + f.ts.httpAddr + strings.SplitN(path, "?", 2)[0]}
	if i := strings.IndexByte(path, '?'); i >= 0 {
		u.RawQuery = path[i+1:]
	}
	req, err := http.NewRequest(method, u.String(), bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	req.URL = u
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil && (errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)) {
		// A body over the limit is refused before it is read, and a
		// request line with a raw space is refused by net/http before any
		// handler runs; either closes the connection, and a client still
		// writing its body sees it reset. Anything else reset is a fault.
		switch {
		case len(body) > server.MaxBodyBytes:
			return http.StatusRequestEntityTooLarge, ""
		case strings.ContainsAny(path, " \t"):
			return http.StatusBadRequest, ""
		}
	}
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(raw)
}
