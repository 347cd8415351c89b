// Package pg holds what every store shares on PostgreSQL: opening the pool,
// running a function in one transaction, translating driver errors into the
// error categories of package errs, and applying the embedded migrations.
package pg

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"foi/services/errs"
)

// Open connects a pool to url and checks that the server answers. Unless
// the URL sets pool_max_conns, the pool holds PoolSize connections.
func Open(ctx context.Context, url string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("database URL: %w", err)
	}
	if !strings.Contains(url, "pool_max_conns") {
		cfg.MaxConns = PoolSize()
	}
	cfg.ConnConfig.RuntimeParams["timezone"] = "Asia/Shanghai"
	cfg.ConnConfig.RuntimeParams["application_name"] = "foid"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	return pool, nil
}

// PoolSize is the default pool size: four connections per CPU, at least
// eight. A request holds a connection for a few short statements, mostly
// waiting on the network and the disk, so a few per CPU keep PostgreSQL
// busy; many more only queue inside it.
func PoolSize() int32 {
	return int32(max(8, 4*runtime.GOMAXPROCS(0)))
}

// Querier runs statements; *pgxpool.Pool and pgx.Tx both are, so a read
// helper works inside and outside a transaction.
type Querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Beginner starts transactions; *pgxpool.Pool and pgx.Tx both are.
type Beginner interface {
	Begin(ctx context.Context) (pgx.Tx, error)
}

// InTx runs fn in one transaction: it commits when fn returns nil and rolls
// back when fn returns an error or panics (the panic continues afterwards).
func InTx(ctx context.Context, db Beginner, fn func(pgx.Tx) error) (err error) {
	tx, err := db.Begin(ctx)
	if err != nil {
		return Translate(err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback(context.WithoutCancel(ctx))
			panic(p)
		}
		if err != nil {
			_ = tx.Rollback(context.WithoutCancel(ctx))
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	return Translate(tx.Commit(ctx))
}

// SQLSTATEs the stores care about.
const (
	UniqueViolation      = "23505"
	ForeignKeyViolation  = "23503"
	CheckViolation       = "23514"
	SerializationFailure = "40001"
	DeadlockDetected     = "40P01"
	InvalidTextRepr      = "22P02"
	RaiseException       = "P0001"
	// CharacterNotInRepertoire: text PostgreSQL cannot store, such as NUL.
	CharacterNotInRepertoire = "22021"
)

// Translate maps driver errors onto error categories: no rows is NotFound, a
// unique violation AlreadyExists, serialisation failures and deadlocks
// Aborted. The original error stays in the chain for the server log; the
// client only ever sees the category. Other errors pass through unchanged.
func Translate(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("%w: %w", errs.NotFound, err)
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case UniqueViolation:
			return fmt.Errorf("%w: %w", errs.AlreadyExists, err)
		case SerializationFailure, DeadlockDetected:
			return fmt.Errorf("%w: %w", errs.Aborted, err)
		case CharacterNotInRepertoire:
			return fmt.Errorf("%w: %w", errs.InvalidArgument, err)
		}
	}
	return err
}

// IsCode reports whether err is a PostgreSQL error with SQLSTATE code, and,
// when constraint is not empty, on that constraint.
func IsCode(err error, code, constraint string) bool {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != code {
		return false
	}
	return constraint == "" || pgErr.ConstraintName == constraint
}
