package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/jackc/pgx/v5/pgxpool"
	"google.golang.org/grpc"

	"foi/migrations"
	"foi/services/agency"
	"foi/services/api"
	"foi/services/auth"
	"foi/services/backup"
	"foi/services/blob"
	"foi/services/calendar"
	"foi/services/cases"
	"foi/services/clock"
	"foi/services/correction"
	"foi/services/keyfile"
	"foi/services/legalbasis"
	"foi/services/metrics"
	"foi/services/outbox"
	"foi/services/pg"
	"foi/services/pgcluster"
	"foi/services/report"
	"foi/services/server"
	"foi/services/web"
)

// run serves until ctx ends, then stops the servers and, if it owns it, the
// embedded database: open the database, build the server on it, start the
// background work beside it.
func run(ctx context.Context, cfg config, e runEnv) error {
	log := newLogger(cfg, e.logs)
	log.Info("starting foid", cfg.logValue()...)

	db, err := openDatabase(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.close()
	m := metrics.New(db.pool, e.now)
	srv, domain, err := buildServer(ctx, cfg, e, log, db, m)
	if err != nil {
		return err
	}
	if err := srv.Listen(ctx); err != nil {
		return err
	}
	m.InitializeMetrics(srv.GRPCServer())
	stopAdmin, err := startAdmin(cfg, e, log, m)
	if err != nil {
		return err
	}
	defer stopAdmin()
	if e.onReady != nil {
		e.onReady(srv, domain.cases, domain.accounts)
	}
	backups, err := scheduledBackups(cfg, e, log, db)
	if err != nil {
		return err
	}
	stopBackground := startBackground(ctx, cfg, e, log, db.pool, domain, m, backups)
	err = srv.Serve(ctx)
	stopBackground()
	return err
}

// The key files of the embedded database's data directory.
const (
	TokenKeyFile   = "token.key"
	HistoryKeyFile = "history.key"
)

// database is the migrated database foid serves from, and the key that
// signs its access tokens.
type database struct {
	pool       *pgxpool.Pool
	url        string
	key        []byte // signs access tokens
	historyKey []byte // keys the history chain
	embedded   bool
	close      func()
}

// openDatabase starts the embedded cluster when no URL is given (migrating
// it), or checks that an external database is at this foid's schema
// version, and finds the token key.
func openDatabase(ctx context.Context, cfg config, log *slog.Logger) (db *database, err error) {
	migs, err := pg.LoadMigrations(migrations.FS)
	if err != nil {
		return nil, err
	}
	var closers []func()
	closeAll := func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
	}
	defer func() {
		if err != nil {
			closeAll()
		}
	}()
	db = &database{embedded: cfg.DatabaseURL == "", close: closeAll}
	dbURL := cfg.DatabaseURL
	if cfg.TokenKey != "" {
		db.key, _ = keyfile.Decode("FOI_TOKEN_KEY", cfg.TokenKey)
	}
	if cfg.HistoryKey != "" {
		db.historyKey, _ = keyfile.Decode("FOI_HISTORY_KEY", cfg.HistoryKey)
	}
	if db.embedded {
		cluster, err := startEmbedded(ctx, cfg.DataDir, cfg.PGBinDir)
		if errors.Is(err, pgcluster.ErrNoBinaries) {
			return nil, fmt.Errorf("no database URL was given, so foid runs its own PostgreSQL, but %w", err)
		}
		if err != nil {
			return nil, err
		}
		supervise, stopSupervising := context.WithCancel(context.WithoutCancel(ctx))
		var supervising sync.WaitGroup
		supervising.Go(func() { cluster.cluster.Supervise(supervise, log) })
		closers = append(closers, func() {
			if err := cluster.stop(context.Background()); err != nil {
				log.Error("stop embedded database", "err", err)
			}
			stopSupervising()
			supervising.Wait()
			log.Info("embedded database stopped")
		})
		dbURL = cluster.url
		if db.key == nil {
			if db.key, err = keyfile.Load(cfg.DataDir, TokenKeyFile, true); err != nil {
				return nil, err
			}
		}
		if db.historyKey == nil {
			if db.historyKey, err = keyfile.Load(cfg.DataDir, HistoryKeyFile, true); err != nil {
				return nil, err
			}
		}
	} else if db.key == nil {
		return nil, errors.New("FOI_TOKEN_KEY is required with an external database, so that every replica signs tokens alike")
	} else if db.historyKey == nil {
		return nil, errors.New("FOI_HISTORY_KEY is required with an external database: every replica keys the history chain alike, and the key must live outside the database")
	}

	db.url = dbURL
	if db.pool, err = pg.Open(ctx, dbURL); err != nil {
		return nil, err
	}
	closers = append(closers, db.pool.Close)
	if db.embedded {
		if _, err := pg.Migrate(ctx, db.pool, migs, len(migs)); err != nil {
			return nil, err
		}
	} else if v, err := pg.SchemaVersion(ctx, db.pool); err != nil {
		return nil, err
	} else if v != len(migs) {
		return nil, fmt.Errorf("the database schema is at version %d and this foid needs version %d: run `foid migrate up` first", v, len(migs))
	}
	return db, nil
}

// domainServices are the services with time-driven work besides serving.
type domainServices struct {
	cases       *cases.Service
	corrections *correction.Service
	accounts    *auth.Service
}

// buildServer wires the domain services on db into the gRPC and REST
// server, behind the one access gate. It seeds the demo district into an
// empty embedded database and makes sure an administrator exists.
func buildServer(ctx context.Context, cfg config, e runEnv, log *slog.Logger, db *database, m *metrics.Metrics) (*server.Server, domainServices, error) {
	var none domainServices
	authOpts := auth.Options{Key: db.key, Now: e.now, Logger: log, Argon2: e.argon2}
	if cfg.OIDCIssuer != "" {
		authOpts.OIDC = &auth.OIDCConfig{Issuer: cfg.OIDCIssuer, ClientID: cfg.OIDCClientID, Claim: cfg.OIDCClaim}
	}
	accounts, err := auth.New(ctx, db.pool, authOpts)
	if err != nil {
		return nil, none, err
	}
	agencies := agency.NewStore(db.pool)
	if db.embedded && cfg.Demo {
		if err := seedDemo(ctx, agencies, accounts, log); err != nil {
			return nil, none, err
		}
	}
	if err := accounts.EnsureAdmin(ctx, e.stdout); err != nil {
		return nil, none, err
	}
	calendars, err := calendar.NewStore(db.pool, e.now, log)
	if err != nil {
		return nil, none, err
	}
	caseService, err := cases.NewService(db.pool, calendars, e.now, db.historyKey)
	if err != nil {
		return nil, none, err
	}
	corrections, err := correction.NewService(db.pool, calendars, e.now, db.historyKey)
	if err != nil {
		return nil, none, err
	}
	blobs, err := openBlobStore(ctx, cfg, db.pool)
	if err != nil {
		return nil, none, err
	}
	documents := caseService.Documents(blobs, cases.Limits{PerFile: cfg.MaxFileSize, PerCase: cfg.MaxCaseSize}, cfg.UploadDir)
	reports := report.NewService(db.pool, e.now, calendars)
	pool := db.pool
	srv := server.New(server.Config{
		GRPCAddr: cfg.GRPCAddr,
		HTTPAddr: cfg.HTTPAddr,
		Logger:   log,
		Gate:     api.NewGate(accounts, cfg.TrustedProxies, log),
		Services: []server.Service{
			api.NewAgencies(agencies),
			api.NewApplications(caseService, accounts),
			api.NewAccounts(accounts),
			api.NewSessions(accounts),
			api.NewCalendars(calendars, caseService, corrections),
			api.NewDeadlines(calendars, func() clock.Date { return clock.DateOf(e.now()) }),
			api.NewWorkflow(caseService),
			api.NewHistory(caseService),
			api.NewFees(caseService, e.now),
			api.NewReviews(caseService, legalbasis.NewStore(db.pool)),
			api.NewInbox(outbox.NewInbox(db.pool, e.now)),
			api.NewDocuments(documents),
			api.NewReports(reports),
			api.NewCorrections(corrections, accounts),
		},
		Gateways: api.Gateways,
		Routes: append([]server.Route{api.NoticeHTMLRoute, api.DocumentUploadRoute, api.DocumentDownloadRoute,
			api.CaseFileRoute, api.AgencyCaseFilesRoute}, api.ReportDocumentRoutes...),
		Pages: web.Handler(log, e.now),
		Ready: func(ctx context.Context) error { return pool.Ping(ctx) },

		Interceptors: []grpc.UnaryServerInterceptor{m.UnaryInterceptor()},
		ObserveHTTP:  m.ObserveHTTP,
		MaxInFlight:  cfg.MaxInFlight,
		Timeout:      cfg.RequestTimeout,
	})
	return srv, domainServices{cases: caseService, corrections: corrections, accounts: accounts}, nil
}

// openBlobStore opens where documents are kept: the database, or the
// S3-compatible bucket the configuration names.
func openBlobStore(ctx context.Context, cfg config, pool *pgxpool.Pool) (blob.Store, error) {
	if cfg.BlobStore == "s3" {
		return blob.NewS3(ctx, cfg.S3)
	}
	return blob.NewPostgres(pool), nil
}

// startBackground runs the time-driven events and message delivery beside
// the servers; the returned func stops them and waits until they have.
func startBackground(ctx context.Context, cfg config, e runEnv, log *slog.Logger, pool *pgxpool.Pool, domain domainServices, m *metrics.Metrics, backups *backup.Schedule) (stop func()) {
	background, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	swept := func(r cases.SweepResult, err error) {
		m.Swept(e.now(), r.ClarificationLapses, r.ConsultationLapses, r.FeeLapses, r.Warnings, err)
	}
	wg.Go(func() { domain.cases.RunSweeper(background, cfg.SweepInterval, log, swept) })
	wg.Go(func() { domain.corrections.RunSweeper(background, cfg.SweepInterval, log) })
	wg.Go(func() { domain.accounts.Watch(background) })
	wg.Go(func() {
		outbox.NewDispatcher(pool, sender(cfg, log), e.now, log).Observe(m.Dispatched).Run(background, cfg.DispatchInterval)
	})
	if backups != nil {
		wg.Go(func() { backups.Run(background) })
	}
	return func() {
		cancel()
		wg.Wait()
	}
}
