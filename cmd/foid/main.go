// Command foid is the foi server: gRPC and REST over PostgreSQL.
//
//	foid [serve] [flags]        serve (the default)
//	foid migrate up|down N|status [flags]
//
// With no database URL, foid starts and owns a private PostgreSQL cluster in
// its data directory, migrates it and seeds a demo district when empty.
package main

import (
	"context"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"foi/migrations"
	"foi/services/agency"
	"foi/services/api"
	"foi/services/auth"
	"foi/services/calendar"
	"foi/services/cases"
	"foi/services/clock"
	"foi/services/outbox"
	"foi/services/pg"
	"foi/services/pgcluster"
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
	default:
		return fmt.Errorf("unknown command %q (want serve or migrate)", cmd)
	}
}

// runEnv is what the process gives run besides the configuration; tests
// give their own.
type runEnv struct {
	stdout  io.Writer // the one-time administrator password goes here, never to the log
	logs    io.Writer
	now     func() time.Time
	argon2  auth.Argon2Params
	onReady func(s *server.Server, cases *cases.Service)
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

// run serves until ctx ends, then stops the servers and, if it owns it, the
// embedded database.
func run(ctx context.Context, cfg config, e runEnv) error {
	log := newLogger(cfg, e.logs)
	log.Info("starting foid", cfg.logValue()...)

	migs, err := pg.LoadMigrations(migrations.FS)
	if err != nil {
		return err
	}
	dbURL, key := cfg.DatabaseURL, []byte(nil)
	embedded := cfg.DatabaseURL == ""
	if cfg.TokenKey != "" {
		key, _ = base64.StdEncoding.DecodeString(cfg.TokenKey)
	}
	if embedded {
		db, err := startEmbedded(ctx, cfg.DataDir, cfg.PGBinDir)
		if errors.Is(err, pgcluster.ErrNoBinaries) {
			return fmt.Errorf("no database URL was given, so foid runs its own PostgreSQL, but %w", err)
		}
		if err != nil {
			return err
		}
		defer func() {
			if err := db.stop(context.Background()); err != nil {
				log.Error("stop embedded database", "err", err)
			}
			log.Info("embedded database stopped")
		}()
		dbURL = db.url
		if key == nil {
			if key, err = tokenKeyFile(cfg.DataDir); err != nil {
				return err
			}
		}
	} else if key == nil {
		return errors.New("FOI_TOKEN_KEY is required with an external database, so that every replica signs tokens alike")
	}

	pool, err := pg.Open(ctx, dbURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	if embedded {
		if _, err := pg.Migrate(ctx, pool, migs, len(migs)); err != nil {
			return err
		}
	} else if v, err := pg.SchemaVersion(ctx, pool); err != nil {
		return err
	} else if v != len(migs) {
		return fmt.Errorf("the database schema is at version %d and this foid needs version %d: run `foid migrate up` first", v, len(migs))
	}

	authOpts := auth.Options{Key: key, Now: e.now, Logger: log, Argon2: e.argon2, TrustedProxies: cfg.TrustedProxies}
	if cfg.OIDCIssuer != "" {
		authOpts.OIDC = &auth.OIDCConfig{Issuer: cfg.OIDCIssuer, ClientID: cfg.OIDCClientID, Claim: cfg.OIDCClaim}
	}
	accounts, err := auth.New(ctx, pool, authOpts)
	if err != nil {
		return err
	}
	agencies := agency.NewStore(pool)
	if embedded && cfg.Demo {
		if err := seedDemo(ctx, agencies, accounts, log); err != nil {
			return err
		}
	}
	if err := accounts.EnsureAdmin(ctx, e.stdout); err != nil {
		return err
	}
	calendars, err := calendar.NewStore(pool, e.now)
	if err != nil {
		return err
	}
	caseService := cases.NewService(pool, calendars, e.now)

	srv := server.New(server.Config{
		GRPCAddr: cfg.GRPCAddr,
		HTTPAddr: cfg.HTTPAddr,
		Logger:   log,
		Gate:     accounts,
		Services: []server.Service{
			api.NewAgencies(agencies),
			api.NewApplications(caseService, accounts),
			api.NewAccounts(accounts),
			api.NewSessions(accounts),
			api.NewCalendars(calendars, caseService),
			api.NewDeadlines(calendars, func() clock.Date { return clock.DateOf(e.now()) }),
			api.NewWorkflow(caseService),
			api.NewHistory(caseService),
			api.NewFees(caseService, e.now),
			api.NewReviews(caseService),
		},
		Gateways: api.Gateways,
		Routes:   []server.Route{api.NoticeHTMLRoute},
		Ready:    func(ctx context.Context) error { return pool.Ping(ctx) },
	})
	if err := srv.Listen(ctx); err != nil {
		return err
	}
	if e.onReady != nil {
		e.onReady(srv, caseService)
	}
	// Time-driven events and message delivery run beside the servers and
	// stop with them.
	background, stopBackground := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { caseService.RunSweeper(background, cfg.SweepInterval, log) })
	wg.Go(func() { outbox.NewDispatcher(pool, sender(cfg, log), e.now, log).Run(background, cfg.DispatchInterval) })
	err = srv.Serve(ctx)
	stopBackground()
	wg.Wait()
	return err
}

// sender is how messages leave: by SMTP when configured, else to the log.
func sender(cfg config, log *slog.Logger) outbox.Sender {
	logSender := outbox.LogSender{Log: log}
	if cfg.SMTPAddr == "" {
		return logSender
	}
	return outbox.SMTPSender{Addr: cfg.SMTPAddr, From: cfg.SMTPFrom, Fallback: logSender}
}

// seedDemo fills an empty embedded database with the demo district and its
// staff, so a new user can try foi at once.
func seedDemo(ctx context.Context, agencies *agency.Store, accounts *auth.Service, log *slog.Logger) error {
	seeded, err := agencies.SeedDemo(ctx)
	if err != nil || !seeded {
		return err
	}
	list, _, err := agencies.List(ctx, 0, "")
	if err != nil {
		return err
	}
	ids := make([]string, len(list))
	for i, a := range list {
		ids[i] = a.ID
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
