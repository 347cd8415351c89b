// Package metrics exposes foid's Prometheus metrics and pprof on the admin
// listener: RPC and HTTP counts and latencies, the connection pool, cases
// by state, the sweeper, the outbox and calendar loads. Counts that live in
// the database (cases, the outbox backlog, calendar loads) are read when
// scraped, so every replica reports the same figures; counts of what this
// process did (lapses it fired, messages it sent) are its own.
package metrics

import (
	"context"
	"net/http"
	"net/http/pprof"
	"strconv"
	"sync/atomic"
	"time"

	grpcprom "github.com/grpc-ecosystem/go-grpc-middleware/providers/prometheus"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"google.golang.org/grpc"
)

// Metrics holds foid's collectors and the registry they are served from.
type Metrics struct {
	reg  *prometheus.Registry
	grpc *grpcprom.ServerMetrics

	httpRequests *prometheus.CounterVec
	httpDuration *prometheus.HistogramVec

	lapses        *prometheus.CounterVec
	sweepFailures prometheus.Counter
	sweeps        prometheus.Counter
	lastSweep     atomic.Int64 // unix nanoseconds of the last sweep that finished cleanly; 0 before
	started       time.Time

	outboxSent     prometheus.Counter
	outboxFailures prometheus.Counter
}

// buckets are latency buckets in seconds, from a cached read to a slow
// transaction.
var buckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// New registers the collectors; pool is the database the figures are read
// from when scraped.
func New(pool *pgxpool.Pool, now func() time.Time) *Metrics {
	m := &Metrics{
		reg:     prometheus.NewRegistry(),
		grpc:    grpcprom.NewServerMetrics(grpcprom.WithServerHandlingTimeHistogram(grpcprom.WithHistogramBuckets(buckets))),
		started: now(),
		httpRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "foi_http_requests_total", Help: "HTTP requests answered, by method, route pattern and status code.",
		}, []string{"method", "route", "code"}),
		httpDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "foi_http_request_duration_seconds", Help: "Time to answer an HTTP request, by method, route pattern and status code.", Buckets: buckets,
		}, []string{"method", "route", "code"}),
		lapses: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "foi_sweeper_lapses_fired_total", Help: "Time-driven events this process fired, by kind (clarification, consultation, fee), and warnings queued (warning).",
		}, []string{"kind"}),
		sweepFailures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "foi_sweeper_failures_total", Help: "Sweeps that ended with an error.",
		}),
		sweeps: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "foi_sweeps_total", Help: "Sweeps this process finished, with or without an error.",
		}),
		outboxSent: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "foi_outbox_sent_total", Help: "Messages this process delivered.",
		}),
		outboxFailures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "foi_outbox_failures_total", Help: "Delivery attempts by this process that failed (the message is retried later).",
		}),
	}
	for _, k := range []string{"clarification", "consultation", "fee", "warning"} {
		m.lapses.WithLabelValues(k)
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.grpc, m.httpRequests, m.httpDuration, m.lapses, m.sweepFailures, m.sweeps, m.outboxSent, m.outboxFailures,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "foi_sweeper_lag_seconds",
			Help: "Time since the last sweep that finished without error (since start, before the first).",
		}, func() float64 {
			last := m.started
			if ns := m.lastSweep.Load(); ns != 0 {
				last = time.Unix(0, ns)
			}
			return now().Sub(last).Seconds()
		}),
		poolCollector{pool},
		&databaseCollector{pool: pool},
	)
	return m
}

// UnaryInterceptor counts RPCs and their latency by method and code.
func (m *Metrics) UnaryInterceptor() grpc.UnaryServerInterceptor {
	return m.grpc.UnaryServerInterceptor()
}

// InitializeMetrics creates the RPC series of every method of s at zero,
// so that a rate is defined before the first call.
func (m *Metrics) InitializeMetrics(s *grpc.Server) { m.grpc.InitializeMetrics(s) }

// ObserveHTTP records one answered HTTP request.
func (m *Metrics) ObserveHTTP(method, route string, code int, d time.Duration) {
	c := strconv.Itoa(code)
	m.httpRequests.WithLabelValues(method, route, c).Inc()
	m.httpDuration.WithLabelValues(method, route, c).Observe(d.Seconds())
}

// Swept records one sweep: the events it fired by kind, and whether it
// finished cleanly (the sweeper lag restarts from then).
func (m *Metrics) Swept(at time.Time, clarification, consultation, fee, warnings int, err error) {
	m.lapses.WithLabelValues("clarification").Add(float64(clarification))
	m.lapses.WithLabelValues("consultation").Add(float64(consultation))
	m.lapses.WithLabelValues("fee").Add(float64(fee))
	m.lapses.WithLabelValues("warning").Add(float64(warnings))
	m.sweeps.Inc()
	if err != nil {
		m.sweepFailures.Inc()
		return
	}
	m.lastSweep.Store(at.UnixNano())
}

// Dispatched records one round of message delivery.
func (m *Metrics) Dispatched(sent, failed int) {
	m.outboxSent.Add(float64(sent))
	m.outboxFailures.Add(float64(failed))
}

// Handler serves /metrics and pprof under /debug/pprof/. It belongs on a
// listener only operators reach: profiles show the code's inner workings.
func (m *Metrics) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// scrapeTimeout bounds the database reads of one scrape, so that a scrape
// during a database outage answers (with the database figures left out).
const scrapeTimeout = 2 * time.Second

func scrapeContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), scrapeTimeout)
}
