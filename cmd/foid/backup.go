package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"

	"github.com/jackc/pgx/v5"

	"foi/services/backup"
	"foi/services/keyfile"
	"foi/services/pgcluster"
)

// backupCmd runs `foid backup FILE`: a pg_dump of the database (the
// embedded one, attached to while foid serves, or FOI_DATABASE_URL). For
// the embedded database the data directory's keys, without which the
// tokens and the history chain do not verify, go beside it in FILE.keys.
func backupCmd(ctx context.Context, args []string, out io.Writer) error {
	file, cfg, err := fileAndConfig("backup", args)
	if err != nil {
		return err
	}
	bin, err := binDir(cfg)
	if err != nil {
		return err
	}
	url := cfg.DatabaseURL
	if url == "" {
		var ok bool
		if url, ok = pgcluster.Attach(ctx, filepath.Join(cfg.DataDir, "pg"), "foi"); !ok {
			db, err := startEmbedded(ctx, cfg.DataDir, cfg.PGBinDir)
			if err != nil {
				return err
			}
			defer db.stop(context.Background())
			url = db.url
		}
	}
	if err := backup.Dump(ctx, bin, url, file); err != nil {
		return err
	}
	fmt.Fprintf(out, "backed up to %s\n", file)
	if cfg.DatabaseURL == "" {
		if err := keyfile.Export(cfg.DataDir, file+keysSuffix, TokenKeyFile, HistoryKeyFile); err != nil {
			return err
		}
		fmt.Fprintf(out, "keys in %s%s: keep it as secret as the data directory\n", file, keysSuffix)
	}
	return nil
}

// keysSuffix names the keys file beside a backup of the embedded database.
const keysSuffix = ".keys"

// restoreCmd runs `foid restore FILE` into the embedded database, which
// must not be running and must be empty (a new data directory, or one
// whose pg/ was moved aside), or into an empty FOI_DATABASE_URL.
func restoreCmd(ctx context.Context, args []string, out io.Writer) error {
	file, cfg, err := fileAndConfig("restore", args)
	if err != nil {
		return err
	}
	bin, err := binDir(cfg)
	if err != nil {
		return err
	}
	url := cfg.DatabaseURL
	if url == "" {
		if _, running := pgcluster.Attach(ctx, filepath.Join(cfg.DataDir, "pg"), "foi"); running {
			return errors.New("foid is running on this data directory: stop it before restoring")
		}
		keys, err := keyfile.Import(file+keysSuffix, cfg.DataDir)
		if err == nil && keys == nil { // a scheduled dump: its directory's keys
			keys, err = keyfile.Import(filepath.Join(filepath.Dir(file), "foi"+keysSuffix), cfg.DataDir)
		}
		if err != nil {
			return err
		}
		if keys == nil {
			fmt.Fprintln(out, "no keys file beside the backup: the data directory keeps (or makes) its own, and histories keyed with another key will not verify")
		}
		db, err := startEmbedded(ctx, cfg.DataDir, cfg.PGBinDir)
		if err != nil {
			return err
		}
		defer db.stop(context.Background())
		url = db.url
	}
	if err := mustBeEmpty(ctx, url); err != nil {
		return err
	}
	if err := backup.Restore(ctx, bin, url, file); err != nil {
		return err
	}
	fmt.Fprintf(out, "restored %s\n", file)
	return nil
}

func fileAndConfig(verb string, args []string) (string, config, error) {
	if len(args) == 0 || args[0] == "" || args[0][0] == '-' {
		return "", config{}, fmt.Errorf("usage: foid %s FILE [flags]", verb)
	}
	cfg, err := parseConfig("foid "+verb, args[1:])
	return args[0], cfg, err
}

// binDir is where the PostgreSQL client tools are: beside the server's.
func binDir(cfg config) (string, error) {
	if cfg.PGBinDir != "" {
		return cfg.PGBinDir, nil
	}
	return pgcluster.FindBinDir()
}

// mustBeEmpty refuses to restore over data.
func mustBeEmpty(ctx context.Context, url string) error {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	var tables int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`).Scan(&tables); err != nil {
		return err
	}
	if tables > 0 {
		return errors.New("the database is not empty: restore into a new data directory (or move <data-dir>/pg aside), or an empty database")
	}
	return nil
}

// scheduledBackups returns the daily backup schedule of the embedded
// database, or nil when none is asked for.
func scheduledBackups(cfg config, e runEnv, log *slog.Logger, db *database) (*backup.Schedule, error) {
	if cfg.BackupDir == "" || !db.embedded {
		return nil, nil
	}
	bin, err := binDir(cfg)
	if err != nil {
		return nil, err
	}
	return &backup.Schedule{Dir: cfg.BackupDir, Keep: cfg.BackupKeep, BinDir: bin, URL: db.url, Log: log, Done: e.onBackup,
		Keys: func() error {
			return keyfile.Export(cfg.DataDir, filepath.Join(cfg.BackupDir, "foi"+keysSuffix), TokenKeyFile, HistoryKeyFile)
		}}, nil
}
