package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"foi/services/metrics"
)

// startAdmin serves the metrics and pprof on the admin listener, which is
// meant for operators only (loopback by default). An empty address turns
// it off. The returned func shuts it down.
func startAdmin(cfg config, e runEnv, log *slog.Logger, m *metrics.Metrics) (stop func(), err error) {
	if cfg.AdminAddr == "" {
		return func() {}, nil
	}
	lis, err := net.Listen("tcp", cfg.AdminAddr)
	if err != nil {
		return nil, fmt.Errorf("listen for the admin endpoints on %s: %w", cfg.AdminAddr, err)
	}
	srv := &http.Server{
		Handler:           m.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	go func() {
		if err := srv.Serve(lis); !errors.Is(err, http.ErrServerClosed) {
			log.Error("admin listener failed", "err", err)
		}
	}()
	log.Info("serving metrics and pprof", "admin", lis.Addr().String())
	if e.onAdmin != nil {
		e.onAdmin(lis.Addr().String())
	}
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}, nil
}
