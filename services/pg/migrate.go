package pg

import (
	"context"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Migration is one numbered schema step with its up and down SQL.
type Migration struct {
	Version int
	Name    string
	Up      string
	Down    string
}

var migrationName = regexp.MustCompile(`^(\d{6})_([a-z0-9_]+)\.(up|down)\.sql$`)

// LoadMigrations reads NNNNNN_name.up.sql / .down.sql pairs from fsys. Every
// version must have both halves and versions must run 1, 2, 3 … without gaps.
func LoadMigrations(fsys fs.FS) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	byVersion := map[int]*Migration{}
	for _, e := range entries {
		m := migrationName.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		v, _ := strconv.Atoi(m[1])
		body, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, err
		}
		mig := byVersion[v]
		if mig == nil {
			mig = &Migration{Version: v, Name: m[2]}
			byVersion[v] = mig
		}
		if mig.Name != m[2] {
			return nil, fmt.Errorf("migration %06d has two names: %s and %s", v, mig.Name, m[2])
		}
		if m[3] == "up" {
			mig.Up = string(body)
		} else {
			mig.Down = string(body)
		}
	}
	out := make([]Migration, 0, len(byVersion))
	for _, m := range byVersion {
		if m.Up == "" || m.Down == "" {
			return nil, fmt.Errorf("migration %06d_%s needs both .up.sql and .down.sql", m.Version, m.Name)
		}
		out = append(out, *m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i, m := range out {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration versions must run 1, 2, 3…: found %06d at position %d", m.Version, i+1)
		}
	}
	return out, nil
}

// migrationLock is the advisory lock key under which migrations run, so that
// several replicas starting together migrate once.
const migrationLock = 0x666f695f6d6967 // "foi_mig"

const createVersionTable = `
CREATE TABLE IF NOT EXISTS schema_migrations (
	version    integer PRIMARY KEY,
	name       text NOT NULL,
	applied_at timestamptz NOT NULL DEFAULT now()
)`

// SchemaVersion returns the highest applied migration version, 0 for an
// empty database.
func SchemaVersion(ctx context.Context, db *pgxpool.Pool) (int, error) {
	var exists bool
	if err := db.QueryRow(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return 0, err
	}
	if !exists {
		return 0, nil
	}
	var v int
	err := db.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// Migrate moves the schema to version target (len(migs) for the newest, 0
// to remove everything), one transaction per step, under an advisory lock.
// It returns the versions applied or reverted, in order.
func Migrate(ctx context.Context, db *pgxpool.Pool, migs []Migration, target int) ([]int, error) {
	if target < 0 || target > len(migs) {
		return nil, fmt.Errorf("no migration %d: versions run 0..%d", target, len(migs))
	}
	conn, err := db.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, int64(migrationLock)); err != nil {
		return nil, err
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, int64(migrationLock))
	if _, err := conn.Exec(ctx, createVersionTable); err != nil {
		return nil, err
	}
	var current int
	if err := conn.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return nil, err
	}
	if current > len(migs) {
		return nil, fmt.Errorf("database schema is at version %d, newer than this binary knows (%d)", current, len(migs))
	}
	var done []int
	for current < target {
		m := migs[current]
		if err := step(ctx, conn.Conn(), m.Up, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.Version, m.Name); err != nil {
			return done, fmt.Errorf("migration %06d_%s up: %w", m.Version, m.Name, err)
		}
		done = append(done, m.Version)
		current++
	}
	for current > target {
		m := migs[current-1]
		if err := step(ctx, conn.Conn(), m.Down, `DELETE FROM schema_migrations WHERE version = $1 AND name = $2`, m.Version, m.Name); err != nil {
			return done, fmt.Errorf("migration %06d_%s down: %w", m.Version, m.Name, err)
		}
		done = append(done, m.Version)
		current--
	}
	return done, nil
}

func step(ctx context.Context, conn *pgx.Conn, body, record string, version int, name string) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if _, err := tx.Exec(ctx, body); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, record, version, name); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
