package layers

import (
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// layer ranks every package of the module, lowest first. A package may
// import only packages of a lower layer.
var layer = map[string]int{
	// Facts and pure engines: no foi imports at all.
	"foi/gen":               0,
	"foi/gen/foi/v1":        0,
	"foi/migrations":        0,
	"foi/services/errs":     0,
	"foi/services/actor":    0,
	"foi/services/clock":    0,
	"foi/services/fee":      0,
	"foi/services/ids":      0,
	"foi/services/notice":   0,
	"foi/services/outcome":  0,
	"foi/services/idnumber": 0,
	"foi/services/layers":   0,
	"foi/services/keyfile":  0,
	"foi/services/filetype": 0,
	"foi/services/chain":    0,

	// Small domain values and the database's plumbing.
	"foi/services/applicant": 1,
	"foi/services/page":      1,
	"foi/services/review":    1,
	"foi/services/fakeclock": 1,
	"foi/services/pg":        1,
	"foi/services/pgcluster": 1,
	"foi/services/backup":    1,

	// Stores of their own tables: identity, agencies, calendars, messages.
	"foi/services/auth":     2,
	"foi/services/agency":   2,
	"foi/services/calendar": 2,
	"foi/services/outbox":   2,
	"foi/services/pgtest":   2,
	"foi/services/blob":     2,
	// Generated cases for benchmarks, written with their own SQL.
	"foi/services/benchdata": 2,
	// The maintained list of legal bases; services/review keeps the rules.
	"foi/services/legalbasis": 2,

	// The case aggregate; the transport, which knows no domain.
	"foi/services/cases":  3,
	"foi/services/server": 3,
	// Metrics read the pool and the outbox's figures; nothing imports them
	// but the commands.
	"foi/services/metrics": 3,
	// The annual report reads the cases' tables with its own SQL.
	"foi/services/report": 3,
	// Correction requests (Art. 41): a request kind of its own beside the
	// cases, with its own tables; it knows nothing of them.
	"foi/services/correction": 3,

	// The API: handlers, the access policy and its gate. The web pages sit
	// beside it: a client of the API over gRPC, as the REST gateway is, so
	// they import the generated clients and pure helpers, never the domain.
	"foi/services/api": 4,
	"foi/services/web": 4,

	// Commands: wiring only.
	"foi/cmd/foid":     5,
	"foi/cmd/foictl":   5,
	"foi/cmd/foibench": 5,
}

// standardOnly are the pure engines: the standard library and nothing else.
var standardOnly = []string{"foi/services/clock", "foi/services/fee", "foi/services/idnumber",
	"foi/services/notice", "foi/services/outcome", "foi/services/ids", "foi/services/errs", "foi/services/actor", "foi/services/keyfile",
	"foi/services/filetype", "foi/services/chain"}

// forbidden names what a package must not reach, directly or through any
// foi package it imports: a prefix of an import path.
var forbidden = map[string][]string{
	"foi/services/auth":      {"google.golang.org/grpc", "github.com/grpc-ecosystem", "foi/services/cases", "foi/gen"},
	"foi/services/review":    {"github.com/jackc/pgx", "google.golang.org/grpc", "foi/services/pg"},
	"foi/services/applicant": {"github.com/jackc/pgx", "google.golang.org/grpc"},
	"foi/services/cases":     {"google.golang.org/grpc", "github.com/grpc-ecosystem", "foi/gen"},
	"foi/services/agency":    {"google.golang.org/grpc", "foi/gen"},
	"foi/services/calendar":  {"google.golang.org/grpc", "foi/gen"},
	"foi/services/outbox":    {"google.golang.org/grpc", "foi/gen"},
	"foi/services/benchdata": {"google.golang.org/grpc", "foi/gen", "foi/services/cases"},
	// The pages reach the data only through the API.
	"foi/services/web": {"github.com/jackc/pgx", "foi/services/pg", "foi/services/cases", "foi/services/correction", "foi/services/auth",
		"foi/services/agency", "foi/services/calendar", "foi/services/api", "foi/services/server"},
	"foi/services/blob":       {"google.golang.org/grpc", "foi/gen", "foi/services/cases"},
	"foi/services/report":     {"google.golang.org/grpc", "github.com/grpc-ecosystem", "foi/gen", "foi/services/cases"},
	"foi/services/correction": {"google.golang.org/grpc", "github.com/grpc-ecosystem", "foi/gen", "foi/services/cases"},
}

// imports reads the non-test imports of every package of the module.
func imports(t *testing.T) map[string][]string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found from the test's directory: %v", err)
	}
	out := map[string][]string{}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata") {
			return filepath.SkipDir
		}
		pkg, err := build.ImportDir(path, 0)
		if _, none := err.(*build.NoGoError); none {
			return nil
		}
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		ip := "foi"
		if rel != "." {
			ip += "/" + filepath.ToSlash(rel)
		}
		out[ip] = pkg.Imports
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 10 {
		t.Fatalf("found only %d packages: the walk saw nothing", len(out))
	}
	return out
}

func TestImportsPointInward(t *testing.T) {
	all := imports(t)
	for pkg, deps := range all {
		rank, ok := layer[pkg]
		if !ok {
			t.Errorf("%s has no layer: add it to the table in services/layers", pkg)
			continue
		}
		for _, d := range deps {
			if !strings.HasPrefix(d, "foi/") {
				continue
			}
			if r, ok := layer[d]; ok && r >= rank {
				t.Errorf("%s (layer %d) imports %s (layer %d): imports must point to a lower layer", pkg, rank, d, r)
			}
		}
	}
	for pkg := range layer {
		if _, ok := all[pkg]; !ok {
			t.Errorf("the layer table names %s, which is not a package of the module", pkg)
		}
	}
}

func TestStandardLibraryOnly(t *testing.T) {
	all := imports(t)
	for _, pkg := range standardOnly {
		for _, d := range all[pkg] {
			if first, _, _ := strings.Cut(d, "/"); first == "foi" || strings.Contains(first, ".") {
				t.Errorf("%s imports %s: it must use the standard library only", pkg, d)
			}
		}
	}
}

func TestForbiddenImports(t *testing.T) {
	all := imports(t)
	for pkg, bad := range forbidden {
		for _, d := range reach(all, pkg) {
			for _, b := range bad {
				if d == b || strings.HasPrefix(d, b+"/") {
					t.Errorf("%s reaches %s, which it must not", pkg, d)
				}
			}
		}
	}
}

// reach lists every import path pkg reaches through foi packages: the
// third-party and standard packages they import directly, and the foi
// packages themselves.
func reach(all map[string][]string, pkg string) []string {
	seen := map[string]bool{}
	var walk func(p string)
	walk = func(p string) {
		for _, d := range all[p] {
			if seen[d] {
				continue
			}
			seen[d] = true
			if strings.HasPrefix(d, "foi/") {
				walk(d)
			}
		}
	}
	walk(pkg)
	out := make([]string, 0, len(seen))
	for d := range seen {
		out = append(out, d)
	}
	slices.Sort(out)
	return out
}
