package metrics

import (
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"

	"foi/services/outbox"
)

// poolCollector reports the pgxpool statistics.
type poolCollector struct{ pool *pgxpool.Pool }

var (
	poolAcquired      = prometheus.NewDesc("foi_db_pool_acquired_conns", "Connections in use.", nil, nil)
	poolIdle          = prometheus.NewDesc("foi_db_pool_idle_conns", "Idle connections.", nil, nil)
	poolTotal         = prometheus.NewDesc("foi_db_pool_total_conns", "Open connections.", nil, nil)
	poolMax           = prometheus.NewDesc("foi_db_pool_max_conns", "The pool's size.", nil, nil)
	poolAcquires      = prometheus.NewDesc("foi_db_pool_acquires_total", "Connections taken from the pool.", nil, nil)
	poolEmptyAcquires = prometheus.NewDesc("foi_db_pool_empty_acquires_total", "Acquires that had to wait for a connection.", nil, nil)
	poolCanceled      = prometheus.NewDesc("foi_db_pool_canceled_acquires_total", "Acquires abandoned by their caller.", nil, nil)
	poolWait          = prometheus.NewDesc("foi_db_pool_acquire_wait_seconds_total", "Time spent waiting for a connection.", nil, nil)
	poolNew           = prometheus.NewDesc("foi_db_pool_new_conns_total", "Connections opened.", nil, nil)
)

func (poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolAcquired, poolIdle, poolTotal, poolMax, poolAcquires, poolEmptyAcquires, poolCanceled, poolWait, poolNew} {
		ch <- d
	}
}

func (c poolCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.pool.Stat()
	ch <- prometheus.MustNewConstMetric(poolAcquired, prometheus.GaugeValue, float64(s.AcquiredConns()))
	ch <- prometheus.MustNewConstMetric(poolIdle, prometheus.GaugeValue, float64(s.IdleConns()))
	ch <- prometheus.MustNewConstMetric(poolTotal, prometheus.GaugeValue, float64(s.TotalConns()))
	ch <- prometheus.MustNewConstMetric(poolMax, prometheus.GaugeValue, float64(s.MaxConns()))
	ch <- prometheus.MustNewConstMetric(poolAcquires, prometheus.CounterValue, float64(s.AcquireCount()))
	ch <- prometheus.MustNewConstMetric(poolEmptyAcquires, prometheus.CounterValue, float64(s.EmptyAcquireCount()))
	ch <- prometheus.MustNewConstMetric(poolCanceled, prometheus.CounterValue, float64(s.CanceledAcquireCount()))
	ch <- prometheus.MustNewConstMetric(poolWait, prometheus.CounterValue, s.AcquireDuration().Seconds())
	ch <- prometheus.MustNewConstMetric(poolNew, prometheus.CounterValue, float64(s.NewConnsCount()))
}

// databaseCollector reads, at each scrape, the figures kept in the
// database: cases by state, the outbox backlog and calendar loads.
type databaseCollector struct{ pool *pgxpool.Pool }

var (
	casesByState  = prometheus.NewDesc("foi_cases", "Cases by state.", []string{"state"}, nil)
	outboxBacklog = prometheus.NewDesc("foi_outbox_backlog", "Messages waiting to be sent (given_up: attempts exhausted, left for a person).", []string{"status"}, nil)
	calendarLoads = prometheus.NewDesc("foi_calendar_loads", "Calendar years loaded by administrators, in the database.", nil, nil)
	calendarVer   = prometheus.NewDesc("foi_calendar_version", "The calendar version in force (the newest load's id; 0 for the shipped calendars).", nil, nil)
	databaseUp    = prometheus.NewDesc("foi_database_up", "Whether the scrape could read the database (1) or not (0).", nil, nil)
)

func (*databaseCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{casesByState, outboxBacklog, calendarLoads, calendarVer, databaseUp} {
		ch <- d
	}
}

func (c *databaseCollector) Collect(ch chan<- prometheus.Metric) {
	up := 1.0
	if err := c.collect(ch); err != nil {
		up = 0
	}
	ch <- prometheus.MustNewConstMetric(databaseUp, prometheus.GaugeValue, up)
}

func (c *databaseCollector) collect(ch chan<- prometheus.Metric) error {
	ctx, cancel := scrapeContext()
	defer cancel()
	rows, err := c.pool.Query(ctx, `SELECT state, count(*) FROM applications GROUP BY state ORDER BY state`)
	if err != nil {
		return err
	}
	type count struct {
		state string
		n     int64
	}
	var states []count
	for rows.Next() {
		var s count
		if err := rows.Scan(&s.state, &s.n); err != nil {
			rows.Close()
			return err
		}
		states = append(states, s)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	var pending, givenUp, loads, version int64
	if err := c.pool.QueryRow(ctx, `
		SELECT (SELECT count(*) FROM outbox WHERE sent_at IS NULL AND attempts < $1),
		       (SELECT count(*) FROM outbox WHERE sent_at IS NULL AND attempts >= $1),
		       (SELECT count(*) FROM calendar_loads),
		       (SELECT coalesce(max(id), 0) FROM calendar_loads)`, outbox.MaxAttempts).Scan(&pending, &givenUp, &loads, &version); err != nil {
		return err
	}
	for _, s := range states {
		ch <- prometheus.MustNewConstMetric(casesByState, prometheus.GaugeValue, float64(s.n), s.state)
	}
	ch <- prometheus.MustNewConstMetric(outboxBacklog, prometheus.GaugeValue, float64(pending), "pending")
	ch <- prometheus.MustNewConstMetric(outboxBacklog, prometheus.GaugeValue, float64(givenUp), "given_up")
	ch <- prometheus.MustNewConstMetric(calendarLoads, prometheus.GaugeValue, float64(loads))
	ch <- prometheus.MustNewConstMetric(calendarVer, prometheus.GaugeValue, float64(version))
	return nil
}
