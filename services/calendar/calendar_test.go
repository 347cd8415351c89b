package calendar

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"foi/services/actor"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func newStore(t *testing.T) *Store {
	t.Helper()
	s, err := NewStore(pgtest.NewDB(t), func() time.Time { return time.Date(2026, 11, 27, 1, 0, 0, 0, time.UTC) }, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func yearFile(t *testing.T, body string) *clock.YearFile {
	t.Helper()
	f, err := clock.ParseYearFile([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// tibet2026 is a made-up regional overlay: one extra local holiday.
const tibet2026 = `{"region": "CN-XZ", "year": 2026,
	"notices": [{"title": "自治区人民政府办公厅关于2026年藏历新年放假的通知", "number": "示例〔2026〕1号", "date": "2026-01-20"}],
	"holidays": [{"name": "藏历新年", "off": [{"from": "2026-02-24", "to": "2026-02-24"}]}]}`

func TestOverlayAddsLocalHolidays(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStore(t)
	day := clock.MustParseDate("2026-02-24") // a Tuesday, a working day nationally
	national, err := s.Current(ctx, clock.NationalRegion)
	if err != nil {
		t.Fatal(err)
	}
	if !national.IsWorkingDay(day) {
		t.Fatal("2026-02-24 is not a national working day")
	}
	loaded, err := s.Put(ctx, actor.SystemActor, yearFile(t, tibet2026))
	if err != nil {
		t.Fatal(err)
	}
	if !loaded.Changed || loaded.FirstChange != day {
		t.Errorf("load: changed %v first %s", loaded.Changed, loaded.FirstChange)
	}
	regional, _ := s.Current(ctx, "CN-XZ")
	if regional.IsWorkingDay(day) || !regional.IsWorkingDay(day.AddDays(1)) {
		t.Error("the overlay's holiday is not off in CN-XZ, or the next day is")
	}
	if national, _ := s.Current(ctx, clock.NationalRegion); !national.IsWorkingDay(day) {
		t.Error("the overlay changed the national calendar")
	}
	years, err := s.Years(ctx, "CN-XZ")
	if err != nil || len(years) != 1 || years[0].Shipped || years[0].Year != 2026 {
		t.Errorf("CN-XZ years: %+v, %v", years, err)
	}
}

func TestReplacingANationalYear(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStore(t)
	db := s.db
	v0, _ := Version(ctx, db)
	// A corrected 2026 with an extra day off on Friday 2026-12-11.
	corrected, _ := clock.EmbeddedYearFiles(clock.NationalRegion)
	var y2026 *clock.YearFile
	for _, f := range corrected {
		if f.Year == 2026 {
			y2026 = f
		}
	}
	changed := *y2026
	changed.Holidays = append(append([]clock.Holiday(nil), y2026.Holidays...), clock.Holiday{
		Name: "示例调整", Off: []clock.DateRange{{From: clock.MustParseDate("2026-12-11"), To: clock.MustParseDate("2026-12-11")}},
	})
	loaded, err := s.Put(ctx, actor.SystemActor, &changed)
	if err != nil {
		t.Fatal(err)
	}
	if loaded.FirstChange.String() != "2026-12-11" || loaded.Version <= v0 {
		t.Errorf("first change %s, version %d after %d", loaded.FirstChange, loaded.Version, v0)
	}
	cal, _ := s.Current(ctx, clock.NationalRegion)
	if cal.IsWorkingDay(clock.MustParseDate("2026-12-11")) {
		t.Error("the replaced year is not in force")
	}
	years, _ := s.Years(ctx, clock.NationalRegion)
	if len(years) != 8 || years[7].Year != 2026 || years[7].Shipped || !years[0].Shipped {
		t.Errorf("national years after replacing 2026: %d, last shipped=%v", len(years), years[len(years)-1].Shipped)
	}
	// Loading it again changes nothing.
	again, err := s.Put(ctx, actor.SystemActor, &changed)
	if err != nil || again.Changed {
		t.Errorf("a second identical load: changed %v, %v", again.Changed, err)
	}
}

func TestDaysListing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStore(t)
	days, err := s.Days(ctx, clock.NationalRegion, clock.MustParseDate("2026-10-01"), clock.MustParseDate("2026-10-10"))
	if err != nil || len(days) != 10 || days[0].Working || !days[9].Working {
		t.Fatalf("National Day: %d days, %v", len(days), err)
	}
	for _, bad := range [][2]string{{"2026-10-10", "2026-10-01"}, {"2026-01-01", "2027-12-31"}} {
		_, err := s.Days(ctx, clock.NationalRegion, clock.MustParseDate(bad[0]), clock.MustParseDate(bad[1]))
		if !errors.Is(err, errs.InvalidArgument) {
			t.Errorf("days %v: %v, want InvalidArgument", bad, err)
		}
	}
}

// TestSnapshotsFollowOtherReplicas: a load made through another Store (as
// by another replica) is seen on the next read.
func TestSnapshotsFollowOtherReplicas(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := newStore(t)
	b, err := NewStore(a.db, a.now, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Current(ctx, "CN-XZ"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Put(ctx, actor.SystemActor, yearFile(t, tibet2026)); err != nil {
		t.Fatal(err)
	}
	cal, err := b.Current(ctx, "CN-XZ")
	if err != nil || cal.IsWorkingDay(clock.MustParseDate("2026-02-24")) {
		t.Errorf("the other replica still counts with the old calendar (%v)", err)
	}
}

// TestUnknownRegionsShareTheNationalSnapshot: a region with no overlay
// counts with the national calendar and takes no cache entry of its own.
func TestUnknownRegionsShareTheNationalSnapshot(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStore(t)
	national, _ := s.Current(ctx, clock.NationalRegion)
	for _, r := range []string{"CN-AA", "CN-BB", "CN-CC"} {
		c, err := s.Current(ctx, r)
		if err != nil || c != national {
			t.Errorf("%s: %v, not the national snapshot", r, err)
		}
	}
	if len(s.cals) != 1 {
		t.Errorf("%d cached snapshots after asking for three unknown regions, want 1", len(s.cals))
	}
}

// hugeYear is a valid year file whose stored form is over the size a
// stored year may have.
func hugeYear() *clock.YearFile {
	f := &clock.YearFile{Region: "CN-XZ", Year: 2027}
	for i := range 400 {
		f.Notices = append(f.Notices, clock.Notice{Title: fmt.Sprintf("关于调整节假日安排的补充通知第%d号，内容较长以便测试文件大小上限", i),
			Number: fmt.Sprintf("示例〔2027〕%d号", i), Date: clock.MustParseDate("2026-12-01")})
	}
	f.Holidays = []clock.Holiday{{Name: "元旦", Off: []clock.DateRange{{From: clock.MustParseDate("2027-01-01"), To: clock.MustParseDate("2027-01-01")}}}}
	return f
}

// TestAnOversizeYearIsRefusedAndNotStored: a year whose stored form could
// not be read back is refused before anything is written, and the calendar
// keeps serving.
func TestAnOversizeYearIsRefusedAndNotStored(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStore(t)
	f := hugeYear()
	if len(f.Canonical()) <= clock.MaxYearFileBytes {
		t.Fatalf("the test year is only %d bytes", len(f.Canonical()))
	}
	_, err := s.Put(ctx, actor.SystemActor, f)
	var yfe *clock.YearFileError
	if !errors.As(err, &yfe) && !errors.Is(err, errs.InvalidArgument) {
		t.Fatalf("Put: %v, want a year-file error", err)
	}
	var n int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM calendar_loads`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("calendar_loads has %d rows (%v), want none", n, err)
	}
	for _, region := range []string{clock.NationalRegion, "CN-XZ"} {
		if _, err := s.Current(ctx, region); err != nil {
			t.Errorf("calendar %s after the refused load: %v", region, err)
		}
	}
	if _, err := s.Put(ctx, actor.SystemActor, yearFile(t, tibet2026)); err != nil {
		t.Errorf("a later good load: %v", err)
	}
}

// TestAnUnreadableStoredYearKeepsTheLastGoodOne: a stored load that cannot
// be read (written behind foi's back, or by an older foi) never takes the
// service down: the load before it counts, and administrators are told.
func TestAnUnreadableStoredYearKeepsTheLastGoodOne(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var logs bytes.Buffer
	db := pgtest.NewDB(t)
	s, err := NewStore(db, func() time.Time { return time.Date(2026, 11, 27, 1, 0, 0, 0, time.UTC) }, slog.New(slog.NewJSONHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(ctx, actor.SystemActor, yearFile(t, tibet2026)); err != nil {
		t.Fatal(err)
	}
	var bad int64
	if err := db.QueryRow(ctx, `INSERT INTO calendar_loads (region, year, body, loaded_at) VALUES ('CN-XZ', 2026, '{"region": "CN-XZ", "year": 2026, "holidays": [', now()) RETURNING id`).Scan(&bad); err != nil {
		t.Fatal(err)
	}
	regional, err := s.Current(ctx, "CN-XZ")
	if err != nil {
		t.Fatalf("calendar with an unreadable load: %v", err)
	}
	if regional.IsWorkingDay(clock.MustParseDate("2026-02-24")) {
		t.Error("the last good load of CN-XZ 2026 is not in force")
	}
	years, err := s.Years(ctx, "CN-XZ")
	if err != nil || len(years) != 1 || len(years[0].File.Holidays) != 1 {
		t.Errorf("years with an unreadable load: %+v, %v", years, err)
	}
	problems, err := s.Problems(ctx)
	if err != nil || len(problems) != 1 || problems[0].Load != bad || problems[0].Region != "CN-XZ" || problems[0].Year != 2026 {
		t.Errorf("problems: %+v, %v; want load %d", problems, err, bad)
	}
	if c := strings.Count(logs.String(), "cannot be read"); c != 1 {
		t.Errorf("the unreadable load was logged %d times, want once:\n%s", c, logs.String())
	}
	if _, err := s.Put(ctx, actor.SystemActor, yearFile(t, tibet2026)); err != nil {
		t.Errorf("a new good load over the unreadable one: %v", err)
	}
	if problems, _ := s.Problems(ctx); len(problems) != 0 {
		t.Errorf("problems after a good reload of the year: %+v", problems)
	}
}
