package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"foi/services/pgcluster"
)

// embeddedDB is the private PostgreSQL cluster foid owns when no database
// URL is given.
type embeddedDB struct {
	cluster *pgcluster.Cluster
	url     string
}

// startEmbedded starts (initialising on first use) the cluster in
// dataDir/pg and makes sure the "foi" database exists.
func startEmbedded(ctx context.Context, dataDir, binDir string) (*embeddedDB, error) {
	if err := os.MkdirAll(dataDir, 0o711); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	c, err := pgcluster.Start(ctx, pgcluster.Options{Dir: filepath.Join(dataDir, "pg"), BinDir: binDir, Durable: true})
	if err != nil {
		return nil, err
	}
	if err := c.EnsureDatabase(ctx, "foi"); err != nil {
		_ = c.Stop(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("prepare embedded database: %w", err)
	}
	return &embeddedDB{cluster: c, url: c.URL("foi")}, nil
}

func (e *embeddedDB) stop(ctx context.Context) error { return e.cluster.Stop(ctx) }

// tokenKeyFile returns the access-token signing key kept in the data
// directory, creating it (readable by its owner only) on first start.
func tokenKeyFile(dataDir string) ([]byte, error) {
	path := filepath.Join(dataDir, "token.key")
	b, err := os.ReadFile(path)
	if err == nil {
		k, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
		if err != nil || len(k) < 32 {
			return nil, fmt.Errorf("%s is not a base64 key of 32+ bytes", path)
		}
		return k, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	k := make([]byte, 32)
	rand.Read(k)
	if err := os.WriteFile(path, []byte(base64.StdEncoding.EncodeToString(k)+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("write token key: %w", err)
	}
	return k, nil
}
