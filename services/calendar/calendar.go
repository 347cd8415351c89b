// Package calendar keeps the holiday calendars in force: the national years
// shipped with foi, overridden or extended by years an administrator loads,
// and regional overlays. It hands out immutable clock.Calendar snapshots
// and rebuilds them when a newer load appears in the database, so every
// replica counts with the same calendar.
package calendar

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
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
	log      *slog.Logger
	embedded []*clock.YearFile

	mu       sync.Mutex
	version  int64                        // the loads the cache reflects
	loaded   map[string][]*clock.YearFile // current loads by region
	cals     map[string]*clock.Calendar
	problems []Problem      // stored loads that do not parse, newest first
	reported map[int64]bool // problems already logged
}

// Problem is a stored load that foi cannot read. It is left out of the
// calendar in force (the year's previous good load, or the shipped year,
// counts instead), logged once, and listed to administrators.
type Problem struct {
	Load     int64
	Region   string
	Year     int
	LoadedAt time.Time
	Err      error
}

// NewStore returns a Store on db with the shipped national calendar. log
// receives the stored loads that cannot be read (nil discards).
func NewStore(db *pgxpool.Pool, now func() time.Time, log *slog.Logger) (*Store, error) {
	files, err := clock.EmbeddedYearFiles(clock.NationalRegion)
	if err != nil {
		return nil, fmt.Errorf("shipped calendars: %w", err)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Store{db: db, now: now, log: log, embedded: files, version: -1, reported: map[int64]bool{}}, nil
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
	files, problems, err := goodLoads(ctx, q, v, "")
	if err != nil {
		return err
	}
	loaded := map[string][]*clock.YearFile{}
	for _, l := range files {
		loaded[l.file.Region] = append(loaded[l.file.Region], l.file)
	}
	for _, p := range problems {
		if !s.reported[p.Load] {
			s.reported[p.Load] = true
			s.log.ErrorContext(ctx, "a stored calendar year cannot be read; the previous one stays in force",
				"load", p.Load, "region", p.Region, "year", p.Year, "err", p.Err)
		}
	}
	s.version, s.loaded, s.cals, s.problems = v, loaded, map[string]*clock.Calendar{}, problems
	return nil
}

// load is one stored load that parses.
type load struct {
	id   int64
	file *clock.YearFile
	at   time.Time
}

// goodLoads returns, for each region and year (of region, when given), the
// newest load up to version v that parses, and the newer loads that do
// not. A load that cannot be read never takes the calendar down: the one
// before it counts.
func goodLoads(ctx context.Context, q pg.Querier, v int64, region string) ([]load, []Problem, error) {
	rows, _ := q.Query(ctx, `
		SELECT id, region, year, body, loaded_at FROM calendar_loads
		WHERE id <= $1 AND ($2 = '' OR region = $2) ORDER BY region, year, id DESC`, v, region)
	type row struct {
		id     int64
		region string
		year   int
		body   string
		at     time.Time
	}
	all, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (row, error) {
		var x row
		return x, r.Scan(&x.id, &x.region, &x.year, &x.body, &x.at)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("read calendar loads: %w", err)
	}
	type key struct {
		region string
		year   int
	}
	done := map[key]bool{}
	var good []load
	var problems []Problem
	for _, r := range all {
		k := key{r.region, r.year}
		if done[k] {
			continue
		}
		f, err := clock.ParseYearFile([]byte(r.body))
		if err == nil && (f.Region != r.region || f.Year != r.year) {
			err = fmt.Errorf("the file is for %s %d", f.Region, f.Year)
		}
		if err != nil {
			problems = append(problems, Problem{Load: r.id, Region: r.region, Year: r.year, LoadedAt: r.at, Err: err})
			continue
		}
		done[k] = true
		good = append(good, load{id: r.id, file: f, at: r.at})
	}
	slices.SortFunc(problems, func(a, b Problem) int { return int(b.Load - a.Load) })
	return good, problems, nil
}

// Problems lists the stored loads in force that cannot be read, newest
// first, as of the last time the calendar was read.
func (s *Store) Problems(ctx context.Context) ([]Problem, error) {
	if _, err := s.Current(ctx, clock.NationalRegion); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.problems), nil
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

// Put loads (or replaces) one year of a region's calendar. The file is
// validated, and must read back exactly as it will be stored, before
// anything is written; the load and the calendar built from it are one
// transaction, so a load that cannot be used is never committed.
func (s *Store) Put(ctx context.Context, who actor.Actor, f *clock.YearFile) (Loaded, error) {
	if err := f.Validate(); err != nil {
		return Loaded{}, err
	}
	body := f.Canonical()
	if _, err := clock.ParseYearFile(body); err != nil {
		return Loaded{}, err
	}
	var out Loaded
	err := pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		before, _, err := s.Calendar(ctx, tx, f.Region)
		if err != nil {
			return err
		}
		var by *string
		if who.AccountID != "" {
			by = &who.AccountID
		}
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO calendar_loads (region, year, body, loaded_by, loaded_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			f.Region, f.Year, string(body), by, s.now()).Scan(&id); err != nil {
			return fmt.Errorf("store calendar %s %d: %w", f.Region, f.Year, err)
		}
		after, _, err := s.Calendar(ctx, tx, f.Region)
		if err != nil {
			return err
		}
		if err := s.inForce(f, id); err != nil {
			return err
		}
		from := clock.NewDate(f.Year-1, 12, 1)
		first, changed := before.FirstDifference(after, from, clock.NewDate(f.Year, 12, 31))
		out = Loaded{Version: id, File: f, Before: before, After: after, FirstChange: first, Changed: changed}
		return nil
	})
	return out, err
}

// inForce checks that load id of f is what the cache now counts with.
// Callers have just reloaded the cache in the load's transaction.
func (s *Store) inForce(f *clock.YearFile, id int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.problems {
		if p.Load == id {
			return errors.Join(errs.New(errs.InvalidArgument, "节假日安排无法保存：保存后无法读回"), p.Err)
		}
	}
	return nil
}

// Year is a year in force for a region and where it came from.
type Year struct {
	Region   string
	Year     int
	Shipped  bool  // the year file shipped with foi (no load replaced it)
	Load     int64 // the load in force; 0 for a shipped year
	LoadedAt time.Time
	File     *clock.YearFile
}

// Years lists the year files in force for a region (for "CN", the national
// years; otherwise the overlay years). A stored load that cannot be read is
// passed over for the one before it, as the calendar in force does.
func (s *Store) Years(ctx context.Context, region string) ([]Year, error) {
	v, err := Version(ctx, s.db)
	if err != nil {
		return nil, err
	}
	loaded, _, err := goodLoads(ctx, s.db, v, region)
	if err != nil {
		return nil, err
	}
	byYear := map[int]Year{}
	if region == clock.NationalRegion {
		for _, f := range s.embedded {
			byYear[f.Year] = Year{Region: region, Year: f.Year, Shipped: true, File: f}
		}
	}
	for _, l := range loaded {
		byYear[l.file.Year] = Year{Region: region, Year: l.file.Year, Load: l.id, LoadedAt: l.at, File: l.file}
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

// LoadInfo is what a stored load was: its region, its year, and when.
type LoadInfo struct {
	ID       int64
	Region   string
	Year     int
	LoadedAt time.Time
}

// LoadOf returns the stored load id.
func (s *Store) LoadOf(ctx context.Context, id int64) (LoadInfo, error) {
	l := LoadInfo{ID: id}
	err := s.db.QueryRow(ctx, `SELECT region, year, loaded_at FROM calendar_loads WHERE id = $1`, id).Scan(&l.Region, &l.Year, &l.LoadedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return LoadInfo{}, errs.New(errs.NotFound, "没有这次节假日安排的载入")
	}
	return l, err
}
