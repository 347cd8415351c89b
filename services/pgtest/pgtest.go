// Package pgtest gives tests a real, private PostgreSQL database.
//
// With FOI_TEST_DATABASE_URL unset, the first test that asks starts one
// throwaway cluster for the whole test process (initdb in a temporary
// directory, unix socket only, fsync off) from the installed PostgreSQL
// binaries. With the variable set, that server is used instead (its user must
// be allowed to create databases). Either way the schema is migrated once into
// a template database named after a hash of the migrations, and each test gets
// its own database cloned from it and dropped when the test ends, so tests can
// run in parallel.
//
// A package whose tests use pgtest must have (or call Run from its own)
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
// so that the cluster is stopped when its tests finish.
package pgtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"foi/migrations"
	"foi/services/pg"
	"foi/services/pgcluster"
)

// EnvURL names the variable holding an external server's URL.
const EnvURL = "FOI_TEST_DATABASE_URL"

var (
	mainCalled bool

	setupOnce sync.Once
	setupErr  error
	cluster   *pgcluster.Cluster
	tmpDir    string
	adminURL  string // URL of a maintenance database on the server
	template  string // name of the migrated template database

	cloneMu sync.Mutex // CREATE DATABASE … TEMPLATE must not run concurrently on one template
)

// ServerLog returns, after Run, what the throwaway cluster wrote to its log,
// and whether there was one (there is none with an external server).
func ServerLog() (string, bool) { return serverLog, cluster != nil }

var serverLog string

// Main runs the package's tests, stops the throwaway cluster and exits.
func Main(m *testing.M) { os.Exit(Run(m)) }

// Run is Main for a TestMain that has more to do after the tests: it runs
// them, stops the cluster and returns the exit code.
func Run(m *testing.M) int {
	mainCalled = true
	code := m.Run()
	if cluster != nil {
		serverLog, _ = cluster.Log()
		if err := cluster.Stop(context.Background()); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest: stop cluster:", err)
		}
	}
	if tmpDir != "" {
		os.RemoveAll(tmpDir)
	}
	return code
}

func setup() error {
	ctx := context.Background()
	if u := os.Getenv(EnvURL); u != "" {
		adminURL = u
	} else {
		bin, err := pgcluster.FindBinDir()
		if err != nil {
			return fmt.Errorf("tests need PostgreSQL and found none: %w", err)
		}
		tmpDir, err = os.MkdirTemp("", "foi-pgtest-")
		if err != nil {
			return err
		}
		if err := os.Chmod(tmpDir, 0o755); err != nil {
			return err
		}
		cluster, err = pgcluster.Start(ctx, pgcluster.Options{Dir: tmpDir + "/data", BinDir: bin})
		if err != nil {
			return fmt.Errorf("start throwaway PostgreSQL: %w", err)
		}
		adminURL = cluster.URL("postgres")
	}
	migs, err := pg.LoadMigrations(migrations.FS)
	if err != nil {
		return err
	}
	template = "foi_tmpl_" + migrationsHash()
	return createTemplate(ctx, migs)
}

// migrationsHash names the template after the migration files, so an
// external server keeps one template per schema and a changed migration
// never reuses a stale one.
func migrationsHash() string {
	h := sha256.New()
	names, _ := fs.Glob(migrations.FS, "*.sql")
	sort.Strings(names)
	for _, n := range names {
		b, _ := fs.ReadFile(migrations.FS, n)
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// createTemplate builds the template database once per server; an advisory
// lock makes concurrent test processes on one external server wait for the
// first to finish.
func createTemplate(ctx context.Context, migs []pg.Migration) error {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return fmt.Errorf("connect to test server: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(7073614)`); err != nil {
		return err
	}
	defer conn.Exec(ctx, `SELECT pg_advisory_unlock(7073614)`)
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, template).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	building := template + "_building"
	if _, err := conn.Exec(ctx, `DROP DATABASE IF EXISTS `+building+` WITH (FORCE)`); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+building); err != nil {
		return err
	}
	pool, err := pg.Open(ctx, databaseURL(building))
	if err != nil {
		return err
	}
	_, err = pg.Migrate(ctx, pool, migs, len(migs))
	pool.Close()
	if err != nil {
		return fmt.Errorf("migrate template: %w", err)
	}
	_, err = conn.Exec(ctx, `ALTER DATABASE `+building+` RENAME TO `+template)
	return err
}

// databaseURL returns adminURL with its database replaced by name.
func databaseURL(name string) string {
	u, err := url.Parse(adminURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		// A keyword/value connection string: append the dbname.
		return adminURL + " dbname=" + name
	}
	u.Path = "/" + name
	return u.String()
}

func start(t testing.TB) {
	t.Helper()
	if !mainCalled {
		t.Fatal("pgtest: this package's tests need func TestMain(m *testing.M) { pgtest.Main(m) }")
	}
	setupOnce.Do(func() { setupErr = setup() })
	if setupErr != nil {
		t.Fatalf("pgtest: %v\nTests that touch storage run on a real PostgreSQL: %s, or set %s to a server's URL.",
			setupErr, pgcluster.InstallHint, EnvURL)
	}
}

// NewDB returns a pool on a fresh, fully migrated database for t.
func NewDB(t testing.TB) *pgxpool.Pool {
	t.Helper()
	return open(t, newDatabase(t, true))
}

// NewEmptyDB returns a pool on a fresh database with no schema at all.
func NewEmptyDB(t testing.TB) *pgxpool.Pool {
	t.Helper()
	return open(t, newDatabase(t, false))
}

// NewEmptyDBURL returns the URL of a fresh database with no schema.
func NewEmptyDBURL(t testing.TB) string {
	t.Helper()
	return databaseURL(newDatabase(t, false))
}

// NewDBURL returns the URL of a fresh migrated database for t, for tests
// that open their own connections (the server end to end).
func NewDBURL(t testing.TB) string {
	t.Helper()
	return databaseURL(newDatabase(t, true))
}

// newDatabase creates a database for t, a clone of the migrated template
// or, when migrated is false, an empty one.
func newDatabase(t testing.TB, migrated bool) string {
	t.Helper()
	start(t) // sets template
	from := "template0"
	if migrated {
		from = template
	}
	ctx := context.Background()
	b := make([]byte, 6)
	rand.Read(b)
	name := "foi_test_" + strings.ToLower(sanitize(t.Name())) + "_" + hex.EncodeToString(b)
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		t.Fatalf("pgtest: connect: %v", err)
	}
	defer conn.Close(ctx)
	cloneMu.Lock()
	_, err = conn.Exec(ctx, `CREATE DATABASE `+name+` TEMPLATE `+from)
	cloneMu.Unlock()
	if err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, adminURL)
		if err != nil {
			t.Errorf("pgtest: connect to drop %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("pgtest: drop %s: %v", name, err)
		}
	})
	return name
}

func open(t testing.TB, name string) *pgxpool.Pool {
	t.Helper()
	pool, err := pg.Open(context.Background(), databaseURL(name))
	if err != nil {
		t.Fatalf("pgtest: open %s: %v", name, err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// sanitize keeps a database name short and made of [a-z0-9_].
func sanitize(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
		if b.Len() >= 30 {
			break
		}
	}
	return b.String()
}
