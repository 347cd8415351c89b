// Package calendar keeps the holiday calendars in force: the national years
// shipped with foi, overridden or extended by years an administrator loads,
// and regional overlays. It hands out immutable clock.Calendar snapshots
// and rebuilds them when a newer load appears in the database, so every
// replica counts with the same calendar.
package calendar

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"foi/services/actor"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/pg"
)

// Store keeps calendar loads and caches the snapshots built from them.
type Store struct {
	db       *pgxpool.Pool
	now      func() time.Time
	embedded []*clock.YearFile

	mu      sync.Mutex
	version int64                        // the loads the cache reflects
	loaded  map[string][]*clock.YearFile // current loads by region
	cals    map[string]*clock.Calendar
}

// NewStore returns a Store on db with the shipped national calendar.
func NewStore(db *pgxpool.Pool, now func() time.Time) (*Store, error) {
	files, err := clock.EmbeddedYearFiles(clock.NationalRegion)
	if err != nil {
		return nil, fmt.Errorf("shipped calendars: %w", err)
	}
	return &Store{db: db, now: now, embedded: files, version: -1}, nil
}

// Version returns the calendar version in force: the id of the newest load,
// 0 when only the shipped calendars are in force.
func Version(ctx context.Context, q pg.Querier) (int64, error) {
	var v int64
	err := q.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM calendar_loads`).Scan(&v)
	return v, err
}

// Calendar returns the calendar of region (national plus its overlay) in
// force, with the version it reflects. q is the caller's transaction, so a
// transition counts with the calendar it will record.
func (s *Store) Calendar(ctx context.Context, q pg.Querier, region string) (*clock.Calendar, int64, error) {
	v, err := Version(ctx, q)
	if err != nil {
		return nil, 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if v != s.version {
		if err := s.reload(ctx, q, v); err != nil {
			return nil, 0, err
		}
	}
	if region != clock.NationalRegion && len(s.loaded[region]) == 0 {
		// A region with no overlay counts with the national calendar; it
		// gets no snapshot of its own, so arbitrary region names cannot
		// grow the cache.
		region = clock.NationalRegion
	}
	if c, ok := s.cals[region]; ok {
		return c, v, nil
	}
	files := append([]*clock.YearFile(nil), s.national()...)
	if region != clock.NationalRegion {
		files = append(files, s.loaded[region]...)
	}
	c, err := clock.NewCalendar(files...)
	if err != nil {
		return nil, 0, fmt.Errorf("calendar %s: %w", region, err)
	}
	s.cals[region] = c
	return c, v, nil
}

// Current is Calendar outside any transaction.
func (s *Store) Current(ctx context.Context, region string) (*clock.Calendar, error) {
	c, _, err := s.Calendar(ctx, s.db, region)
	return c, err
}

// national returns the national year files in force: shipped ones, each
// replaced by a loaded file of the same year, plus loaded new years.
// Callers hold s.mu.
func (s *Store) national() []*clock.YearFile {
	byYear := map[int]*clock.YearFile{}
	for _, f := range s.embedded {
		byYear[f.Year] = f
	}
	for _, f := range s.loaded[clock.NationalRegion] {
		byYear[f.Year] = f
	}
	out := make([]*clock.YearFile, 0, len(byYear))
	for _, f := range byYear {
		out = append(out, f)
	}
	return out
}

func (s *Store) reload(ctx context.Context, q pg.Querier, v int64) error {
	rows, _ := q.Query(ctx, `
		SELECT DISTINCT ON (region, year) body FROM calendar_loads
		WHERE id <= $1 ORDER BY region, year, id DESC`, v)
	bodies, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("read calendar loads: %w", err)
	}
	loaded := map[string][]*clock.YearFile{}
	for _, b := range bodies {
		f, err := clock.ParseYearFile([]byte(b))
		if err != nil {
			return fmt.Errorf("stored calendar year: %w", err)
		}
		loaded[f.Region] = append(loaded[f.Region], f)
	}
	s.version, s.loaded, s.cals = v, loaded, map[string]*clock.Calendar{}
	return nil
}

// Loaded describes one load of a year.
type Loaded struct {
	Version int64
	File    *clock.YearFile
	// Before and After are the region's calendar without and with the
	// load; FirstChange is the first day whose status changed, if any.
	Before, After *clock.Calendar
	FirstChange   clock.Date
	Changed       bool
}

// Put loads (or replaces) one year of a region's calendar. The file has
// been validated by clock.ParseYearFile or YearFile.Validate.
func (s *Store) Put(ctx context.Context, who actor.Actor, f *clock.YearFile) (Loaded, error) {
	if err := f.Validate(); err != nil {
		return Loaded{}, err
	}
	before, _, err := s.Calendar(ctx, s.db, f.Region)
	if err != nil {
		return Loaded{}, err
	}
	var id int64
	var by *string
	if who.AccountID != "" {
		by = &who.AccountID
	}
	if err := s.db.QueryRow(ctx, `INSERT INTO calendar_loads (region, year, body, loaded_by, loaded_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		f.Region, f.Year, string(f.Canonical()), by, s.now()).Scan(&id); err != nil {
		return Loaded{}, fmt.Errorf("store calendar %s %d: %w", f.Region, f.Year, err)
	}
	after, _, err := s.Calendar(ctx, s.db, f.Region)
	if err != nil {
		return Loaded{}, err
	}
	from := clock.NewDate(f.Year-1, 12, 1)
	first, changed := before.FirstDifference(after, from, clock.NewDate(f.Year, 12, 31))
	return Loaded{Version: id, File: f, Before: before, After: after, FirstChange: first, Changed: changed}, nil
}

// Year is a year in force for a region and where it came from.
type Year struct {
	Region   string
	Year     int
	Shipped  bool // the year file shipped with foi (no load replaced it)
	LoadedAt time.Time
	File     *clock.YearFile
}

// Years lists the year files in force for a region (for "CN", the national
// years; otherwise the overlay years).
func (s *Store) Years(ctx context.Context, region string) ([]Year, error) {
	rows, _ := s.db.Query(ctx, `
		SELECT DISTINCT ON (year) year, body, loaded_at FROM calendar_loads
		WHERE region = $1 ORDER BY year, id DESC`, region)
	type row struct {
		year int
		body string
		at   time.Time
	}
	loaded, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (row, error) {
		var x row
		return x, r.Scan(&x.year, &x.body, &x.at)
	})
	if err != nil {
		return nil, err
	}
	byYear := map[int]Year{}
	if region == clock.NationalRegion {
		for _, f := range s.embedded {
			byYear[f.Year] = Year{Region: region, Year: f.Year, Shipped: true, File: f}
		}
	}
	for _, r := range loaded {
		f, err := clock.ParseYearFile([]byte(r.body))
		if err != nil {
			return nil, err
		}
		byYear[r.year] = Year{Region: region, Year: r.year, LoadedAt: r.at, File: f}
	}
	out := slices.Collect(maps.Values(byYear))
	slices.SortFunc(out, func(a, b Year) int { return a.Year - b.Year })
	return out, nil
}

// MaxDaysListed bounds a days listing.
const MaxDaysListed = 400

// Days lists each day of [from, to] with its status in region's calendar.
func (s *Store) Days(ctx context.Context, region string, from, to clock.Date) ([]clock.DayInfo, error) {
	var c errs.Collector
	switch {
	case from.IsZero():
		c.Add("from", "须提供起始日期")
	case to.IsZero():
		c.Add("to", "须提供截止日期")
	case to.Before(from):
		c.Add("to", "截止日期不能早于起始日期")
	case to.DaysSince(from) >= MaxDaysListed:
		c.Add("to", fmt.Sprintf("一次最多列出 %d 天", MaxDaysListed))
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	cal, err := s.Current(ctx, region)
	if err != nil {
		return nil, err
	}
	var out []clock.DayInfo
	for d := range cal.Days(from, to) {
		out = append(out, d)
	}
	return out, nil
}
