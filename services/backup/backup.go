// Package backup dumps and restores foi's database with PostgreSQL's own
// client tools (pg_dump's custom format, which is consistent while foid
// serves: one snapshot of the whole database), and keeps a directory of
// daily dumps with a bounded number of them.
package backup

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Dump writes the database at url to file in pg_dump's custom format.
// The dump goes to a temporary file first, so file is either the previous
// one or a whole new dump, never half of one.
func Dump(ctx context.Context, binDir, url, file string) error {
	tmp := file + ".partial"
	if err := run(ctx, binDir, "pg_dump", "--format=custom", "--no-owner", "--file="+tmp, "--dbname="+url); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	if err := syncFile(tmp); err != nil {
		return err
	}
	return os.Rename(tmp, file)
}

// Restore loads a dump made by Dump into the database at url, in one
// transaction: it fails, changing nothing, unless the database is empty.
func Restore(ctx context.Context, binDir, url, file string) error {
	if _, err := os.Stat(file); err != nil {
		return err
	}
	return run(ctx, binDir, "pg_restore", "--single-transaction", "--exit-on-error", "--no-owner", "--dbname="+url, file)
}

func run(ctx context.Context, binDir, tool string, args ...string) error {
	path := filepath.Join(binDir, tool)
	cmd := exec.CommandContext(ctx, path, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w: %s", tool, err, strings.TrimSpace(out.String()))
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// Schedule keeps daily dumps in a directory.
type Schedule struct {
	Dir    string
	Keep   int // dumps kept; older ones are removed after each new one
	BinDir string
	URL    string
	Log    *slog.Logger
	// Done, when set, is told of each scheduled dump (for tests).
	Done func(file string, err error)
	// Keys, when set, writes the keys the dumps need beside them.
	Keys func() error
}

// prefix and suffix name the schedule's dumps: foi-20261127T010000Z.dump.
const prefix, suffix = "foi-", ".dump"

// Run dumps the database when the newest dump in Dir is a day old or
// missing, then once a day, until ctx ends.
func (s Schedule) Run(ctx context.Context) {
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		s.Log.Error("backup directory", "err", err)
		return
	}
	for {
		wait := time.Duration(0)
		if last, ok := s.newest(); ok {
			wait = max(0, 24*time.Hour-time.Since(last))
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		file, err := s.Once(ctx)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			s.Log.Error("scheduled backup failed; retrying in an hour", "err", err)
		default:
			s.Log.Info("backup written", "file", file)
		}
		if s.Done != nil {
			s.Done(file, err)
		}
		if err != nil {
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Hour):
			}
		}
	}
}

// Once writes a dump now and removes the dumps beyond Keep.
func (s Schedule) Once(ctx context.Context) (string, error) {
	file := filepath.Join(s.Dir, prefix+time.Now().UTC().Format("20060102T150405Z")+suffix)
	if err := Dump(ctx, s.BinDir, s.URL, file); err != nil {
		return "", err
	}
	if s.Keys != nil {
		if err := s.Keys(); err != nil {
			return "", err
		}
	}
	return file, s.prune()
}

// dumps lists the schedule's dumps, oldest first (their names sort by time).
func (s Schedule) dumps() ([]string, error) {
	entries, err := os.ReadDir(s.Dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && strings.HasPrefix(n, prefix) && strings.HasSuffix(n, suffix) {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names, nil
}

func (s Schedule) newest() (time.Time, bool) {
	names, err := s.dumps()
	if err != nil || len(names) == 0 {
		return time.Time{}, false
	}
	st, err := os.Stat(filepath.Join(s.Dir, names[len(names)-1]))
	if err != nil {
		return time.Time{}, false
	}
	return st.ModTime(), true
}

func (s Schedule) prune() error {
	names, err := s.dumps()
	if err != nil {
		return err
	}
	var errs []error
	for len(names) > max(s.Keep, 1) {
		errs = append(errs, os.Remove(filepath.Join(s.Dir, names[0])))
		names = names[1:]
	}
	return errors.Join(errs...)
}
