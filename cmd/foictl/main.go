// Command foictl is the administrator's command line for foi, working
// directly on the database (FOI_DATABASE_URL, or the embedded database in
// the data directory, whether or not foid is running):
//
//	foictl admin reset <login>          create or reset an administrator; prints a one-time password
//	foictl history verify <application> recompute a case's hash chain
//	foictl calendar load <file.json>    load a holiday calendar year and recompute due dates
//	foictl sweep [-dry-run]             fire the time-driven events due now (or list them)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"foi/migrations"
	"foi/services/actor"
	"foi/services/auth"
	"foi/services/calendar"
	"foi/services/cases"
	"foi/services/clock"
	"foi/services/correction"
	"foi/services/keyfile"
	"foi/services/pg"
	"foi/services/pgcluster"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "foictl:", err)
		os.Exit(1)
	}
}

const usage = `usage: foictl [-database-url URL] [-data-dir DIR] [-history-key KEY] <command>
  admin reset <login>           create or reset an administrator; prints a one-time password
  history verify <application>  recompute a case's hash chain and name the first broken link
  calendar load <file.json>     load a holiday calendar year file and recompute open cases' due dates
  sweep [-dry-run]              fire the time-driven events due now, as foid's sweeper does; -dry-run lists them and changes nothing`

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("foictl", flag.ContinueOnError)
	dbURL := fs.String("database-url", os.Getenv("FOI_DATABASE_URL"), "PostgreSQL URL (FOI_DATABASE_URL); empty uses the embedded database")
	dataDir := fs.String("data-dir", envOr("FOI_DATA_DIR", pgcluster.DefaultDataDir()), "foid's data directory (FOI_DATA_DIR)")
	historyKey := fs.String("history-key", os.Getenv("FOI_HISTORY_KEY"), "base64 key of the history chain, as foid has it; empty reads the data directory's (FOI_HISTORY_KEY)")
	fs.Usage = func() { fmt.Fprintln(fs.Output(), usage) }
	if err := fs.Parse(args); err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) > 0 && rest[0] == "sweep" {
		return sweep(ctx, rest[1:], *dbURL, *dataDir, *historyKey, out)
	}
	if len(rest) != 3 {
		fs.Usage()
		return errors.New("expected a command and one argument")
	}
	return withPool(ctx, *dbURL, *dataDir, func(pool *pgxpool.Pool) error {
		now := time.Now
		switch rest[0] + " " + rest[1] {
		case "admin reset":
			accounts, err := auth.New(ctx, pool, auth.Options{Key: make([]byte, 32), Now: now})
			if err != nil {
				return err
			}
			password, err := accounts.ResetAdmin(ctx, rest[2])
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "administrator %s\none-time password: %s\nIt must be changed at first sign-in.\n", rest[2], password)
			return nil
		case "history verify":
			svc, err := caseService(pool, now, *historyKey, *dataDir)
			if err != nil {
				return err
			}
			v, err := svc.VerifyHistory(ctx, actor.SystemActor, rest[2])
			if err != nil {
				return err
			}
			if !v.Intact {
				return fmt.Errorf("history of %s is broken (%d events checked): %s", rest[2], v.Events, v.Problem)
			}
			fmt.Fprintf(out, "history of %s intact: %d events, %d documents\n%s\n", rest[2], v.Events, v.Notices, v.Method)
			return nil
		case "calendar load":
			svc, err := caseService(pool, now, *historyKey, *dataDir)
			if err != nil {
				return err
			}
			key, err := historyKeyOf(*historyKey, *dataDir)
			if err != nil {
				return err
			}
			cals, err := calendar.NewStore(pool, now, nil)
			if err != nil {
				return err
			}
			corrections, err := correction.NewService(pool, cals, now, key)
			if err != nil {
				return err
			}
			return loadCalendar(ctx, pool, svc, corrections, now, rest[2], out)
		}
		fs.Usage()
		return fmt.Errorf("unknown command %q", rest[0]+" "+rest[1])
	})
}

// caseService is the case service with the history key foid uses: given,
// or the embedded database's, which foid made on its first start.
func caseService(pool *pgxpool.Pool, now func() time.Time, historyKey, dataDir string) (*cases.Service, error) {
	key, err := historyKeyOf(historyKey, dataDir)
	if err != nil {
		return nil, err
	}
	cals, err := calendar.NewStore(pool, now, nil)
	if err != nil {
		return nil, err
	}
	return cases.NewService(pool, cals, now, key)
}

// historyKeyOf is the key of the history chains: given, or the embedded
// database's, which foid made on its first start.
func historyKeyOf(historyKey, dataDir string) ([]byte, error) {
	if historyKey != "" {
		return keyfile.Decode("FOI_HISTORY_KEY", historyKey)
	}
	key, err := keyfile.Load(dataDir, "history.key", false)
	if err != nil {
		return nil, fmt.Errorf("the history chain's key is needed (FOI_HISTORY_KEY, as foid has it): %w", err)
	}
	return key, nil
}

func loadCalendar(ctx context.Context, pool *pgxpool.Pool, svc *cases.Service, corrections *correction.Service, now func() time.Time, path string, out io.Writer) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	f, err := clock.ParseYearFile(b)
	if err != nil {
		return err
	}
	cals, err := calendar.NewStore(pool, now, nil)
	if err != nil {
		return err
	}
	loaded, err := cals.Put(ctx, actor.SystemActor, f)
	if err != nil {
		return err
	}
	checked, moved, err := svc.RecomputeStale(ctx)
	if err != nil {
		return err
	}
	cChecked, cMoved, err := corrections.RecomputeStale(ctx)
	if err != nil {
		return err
	}
	change := "no day changed"
	if loaded.Changed {
		change = "first changed day " + loaded.FirstChange.String()
	}
	fmt.Fprintf(out, "loaded %s %d (%s); %d open cases checked, %d due dates moved; %d open correction requests checked, %d due dates moved\n",
		f.Region, f.Year, change, checked, moved, cChecked, cMoved)
	return nil
}

// withPool opens the database: the URL, else the embedded cluster in the
// data directory, attaching to it when foid runs and starting it otherwise.
func withPool(ctx context.Context, url, dataDir string, fn func(*pgxpool.Pool) error) error {
	if url == "" {
		clusterDir := filepath.Join(dataDir, "pg")
		var ok bool
		if url, ok = pgcluster.Attach(ctx, clusterDir, "foi"); !ok {
			c, err := pgcluster.Start(ctx, pgcluster.Options{Dir: clusterDir, Durable: true})
			if err != nil {
				return fmt.Errorf("no database URL and no embedded database in %s: %w", dataDir, err)
			}
			defer c.Stop(context.Background())
			if err := c.EnsureDatabase(ctx, "foi"); err != nil {
				return err
			}
			url = c.URL("foi")
		}
	}
	pool, err := pg.Open(ctx, url)
	if err != nil {
		return err
	}
	defer pool.Close()
	migs, err := pg.LoadMigrations(migrations.FS)
	if err != nil {
		return err
	}
	if v, err := pg.SchemaVersion(ctx, pool); err != nil {
		return err
	} else if v != len(migs) {
		return fmt.Errorf("the database schema is at version %d and this foictl needs %d: run `foid migrate up`", v, len(migs))
	}
	return fn(pool)
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// sweep runs `foictl sweep [-dry-run]`.
func sweep(ctx context.Context, args []string, dbURL, dataDir, historyKey string, out io.Writer) error {
	fs := flag.NewFlagSet("foictl sweep", flag.ContinueOnError)
	dryRun := fs.Bool("dry-run", false, "list what would fire, and change nothing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return errors.New("usage: foictl sweep [-dry-run]")
	}
	return withPool(ctx, dbURL, dataDir, func(pool *pgxpool.Pool) error {
		svc, err := caseService(pool, time.Now, historyKey, dataDir)
		if err != nil {
			return err
		}
		if *dryRun {
			pending, err := svc.SweepPreview(ctx)
			if err != nil {
				return err
			}
			for _, p := range pending {
				fmt.Fprintf(out, "%s\t%s\t%s\t%s\n", p.Event, p.ApplicationID, p.TrackingNumber, p.Note)
			}
			fmt.Fprintf(out, "%d events would fire (warnings already sent are not sent again)\n", len(pending))
			return nil
		}
		r, err := svc.Sweep(ctx)
		fmt.Fprintf(out, "clarification lapses %d, consultation lapses %d, fee lapses %d, warnings %d, due dates recomputed %d\n",
			r.ClarificationLapses, r.ConsultationLapses, r.FeeLapses, r.Warnings, r.Recomputed)
		return err
	})
}
