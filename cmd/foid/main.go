// Command foid is the foi server: gRPC and REST over PostgreSQL.
//
//	foid [serve] [flags]        serve (the default)
//	foid migrate up|down N|status [flags]
//	foid backup FILE [flags]    pg_dump of the database, while foid serves
//	foid restore FILE [flags]   into an empty (embedded) database
//
// With no database URL, foid starts and owns a private PostgreSQL cluster in
// its data directory, migrates it and seeds a demo district when empty.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"foi/migrations"
	"foi/services/agency"
	"foi/services/auth"
	"foi/services/cases"
	"foi/services/outbox"
	"foi/services/pg"
	"foi/services/server"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := dispatch(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "foid:", err)
		os.Exit(1)
	}
}

func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		cfg, err := parseConfig("foid serve", args)
		if err != nil {
			return err
		}
		return run(ctx, cfg, runEnv{stdout: stdout, logs: stderr, now: time.Now})
	case "migrate":
		return migrate(ctx, args, stdout)
	case "backup":
		return backupCmd(ctx, args, stdout)
	case "restore":
		return restoreCmd(ctx, args, stdout)
	default:
		return fmt.Errorf("unknown command %q (want serve, migrate, backup or restore)", cmd)
	}
}

// runEnv is what the process gives run besides the configuration; tests
// give their own.
type runEnv struct {
	stdout   io.Writer // the one-time administrator password goes here, never to the log
	logs     io.Writer
	now      func() time.Time
	argon2   auth.Argon2Params
	onReady  func(s *server.Server, cases *cases.Service, accounts *auth.Service)
	onAdmin  func(addr string)            // told the admin listener's address
	onBackup func(file string, err error) // told of each scheduled backup
}

func newLogger(cfg config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// sender is how messages leave: e-mail by SMTP and text messages through
// an SMS gateway when configured; the rest, and everything else, to the log.
func sender(cfg config, log *slog.Logger) outbox.Sender {
	var s outbox.Sender = outbox.LogSender{Log: log}
	if cfg.SMSURL != "" {
		s = outbox.SMSWebhook{URL: cfg.SMSURL, Fallback: s}
	}
	if cfg.SMTPAddr != "" {
		s = outbox.SMTPSender{Addr: cfg.SMTPAddr, From: cfg.SMTPFrom, Fallback: s}
	}
	return s
}

// seedDemo fills an empty embedded database with the demo district and its
// staff, so a new user can try foi at once.
func seedDemo(ctx context.Context, agencies *agency.Store, accounts *auth.Service, log *slog.Logger) error {
	seeded, err := agencies.SeedDemo(ctx)
	if err != nil || !seeded {
		return err
	}
	ids, err := agencies.IDs(ctx)
	if err != nil {
		return err
	}
	if err := accounts.SeedDemoAccounts(ctx, ids); err != nil {
		return err
	}
	log.Info("seeded the demo district", "agencies", len(ids))
	return nil
}

// migrate runs `foid migrate up|down N|status` against FOI_DATABASE_URL (or
// the embedded database, started for the purpose).
func migrate(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: foid migrate up|down N|status [flags]")
	}
	verb, args := args[0], args[1:]
	target := -1
	if verb == "down" {
		if len(args) == 0 {
			return errors.New("usage: foid migrate down N (the version to go down to; 0 removes everything)")
		}
		n, err := strconv.Atoi(args[0])
		if err != nil || n < 0 {
			return fmt.Errorf("migrate down: %q is not a version", args[0])
		}
		target, args = n, args[1:]
	}
	cfg, err := parseConfig("foid migrate "+verb, args)
	if err != nil {
		return err
	}
	migs, err := pg.LoadMigrations(migrations.FS)
	if err != nil {
		return err
	}
	return withDatabase(ctx, cfg, func(pool *pgxpool.Pool) error {
		switch verb {
		case "status":
			v, err := pg.SchemaVersion(ctx, pool)
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "schema version %d; this foid has migrations up to %d\n", v, len(migs))
			return nil
		case "up":
			target = len(migs)
		case "down":
		default:
			return fmt.Errorf("unknown migrate command %q (want up, down N or status)", verb)
		}
		done, err := pg.Migrate(ctx, pool, migs, target)
		for _, v := range done {
			fmt.Fprintf(out, "migrated %s %06d\n", verb, v)
		}
		if err == nil && len(done) == 0 {
			fmt.Fprintln(out, "nothing to do")
		}
		return err
	})
}

// withDatabase opens the configured database, starting the embedded one
// when no URL is given.
func withDatabase(ctx context.Context, cfg config, fn func(*pgxpool.Pool) error) error {
	url := cfg.DatabaseURL
	if url == "" {
		db, err := startEmbedded(ctx, cfg.DataDir, cfg.PGBinDir)
		if err != nil {
			return err
		}
		defer db.stop(context.Background())
		url = db.url
	}
	pool, err := pg.Open(ctx, url)
	if err != nil {
		return err
	}
	defer pool.Close()
	return fn(pool)
}
