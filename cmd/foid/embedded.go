package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

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
