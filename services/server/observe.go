package server

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
)

// HTTPObserver is told of every HTTP request once it is answered: its
// method, the route it matched (a REST path pattern such as
// /v1/applications/{id}, or a fixed path; "other" for the rest), the
// status code and how long it took.
type HTTPObserver func(method, route string, code int, d time.Duration)

type routeKey struct{}

// routeOf is where the gateway notes the pattern a request matched, for
// the observer wrapped around it.
type routeOf struct{ pattern string }

// observeHTTP wraps next so that cfg.ObserveHTTP sees every request.
func (s *Server) observeHTTP(next http.Handler) http.Handler {
	observe := s.cfg.ObserveHTTP
	if observe == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		route := &routeOf{}
		rec := &statusRecorder{ResponseWriter: w, code: http.StatusOK}
		next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), routeKey{}, route)))
		observe(r.Method, routeLabel(r, route.pattern), rec.code, time.Since(start))
	})
}

// noteRoute is a gateway middleware recording the matched path pattern.
func noteRoute(next runtime.HandlerFunc) runtime.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, params map[string]string) {
		if route, ok := r.Context().Value(routeKey{}).(*routeOf); ok {
			if p, ok := runtime.HTTPPattern(r.Context()); ok {
				route.pattern = p.String()
			}
		}
		next(w, r, params)
	}
}

// fixedRoutes are the paths outside the REST API that get a label of
// their own; any other path is "other", so that arbitrary paths cannot
// grow the number of series.
var fixedRoutes = map[string]bool{"/healthz": true, "/readyz": true, OpenAPIPath: true}

func routeLabel(r *http.Request, pattern string) string {
	switch {
	case pattern != "":
		return pattern
	case fixedRoutes[r.URL.Path]:
		return r.URL.Path
	case strings.HasPrefix(r.URL.Path, "/v1/"):
		return "/v1/(unmatched)"
	}
	return "other"
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	code  int
	wrote bool
}

func (s *statusRecorder) WriteHeader(code int) {
	if !s.wrote {
		s.code, s.wrote = code, true
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	s.wrote = true
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
