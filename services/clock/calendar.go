package clock

import (
	"cmp"
	"fmt"
	"iter"
	"slices"
)

// Calendar is an immutable snapshot of the working-day calendar of one
// region: the national year files plus, optionally, one region's overlay
// files. It is safe for concurrent use. Replace a year by building a new
// Calendar (see With) and swapping the pointer.
type Calendar struct {
	region   string       // NationalRegion, or the overlay region
	first    int          // year of tables[0]
	tables   []*yearTable // a nil entry means the weekends-only template
	national []int        // years with a national file, ascending
	overlay  []int        // years with an overlay file, ascending
	names    []dayName    // names[0] is unused: a zero name index means none
	files    []*YearFile  // national files by year, then overlay files by year
}

type dayName struct {
	holiday, region string
}

// yearTable is one year precomputed for O(1) counting: bit i of work is set
// when day i (0 = January 1) is a working day, bit i of guess when the day's
// status is the weekends-only fallback, and cum[i] is the number of working
// days among days 0..i-1.
type yearTable struct {
	days     int
	anyGuess bool
	work     [6]uint64
	guess    [6]uint64
	cum      [367]uint16
	name     [366]uint8
}

// templates[leap][weekday of January 1] are the weekends-only years, shared
// by every calendar for the years it has no data for.
var templates = func() (t [2][7]*yearTable) {
	for leap := range 2 {
		for wd := range 7 {
			yt := &yearTable{days: 365 + leap}
			for i := range yt.days {
				yt.setWork(i, (wd+i)%7 != 0 && (wd+i)%7 != 6)
				yt.guess[i>>6] |= 1 << (i & 63)
			}
			yt.anyGuess = true
			yt.sum()
			t[leap][wd] = yt
		}
	}
	return t
}()

func (t *yearTable) setWork(i int, working bool) {
	if working {
		t.work[i>>6] |= 1 << (i & 63)
	} else {
		t.work[i>>6] &^= 1 << (i & 63)
	}
}

func (t *yearTable) working(i int) bool { return t.work[i>>6]&(1<<(i&63)) != 0 }

func (t *yearTable) guessed(i int) bool { return t.guess[i>>6]&(1<<(i&63)) != 0 }

func (t *yearTable) sum() {
	for i := range t.days {
		t.cum[i+1] = t.cum[i]
		if t.working(i) {
			t.cum[i+1]++
		}
	}
}

func template(y int) *yearTable {
	leap := 0
	if isLeap(y) {
		leap = 1
	}
	return templates[leap][Date{yearStart(y)}.Weekday()]
}

// table returns the precomputed year y.
func (c *Calendar) table(y int) *yearTable {
	if i := y - c.first; i >= 0 && i < len(c.tables) {
		if t := c.tables[i]; t != nil {
			return t
		}
	}
	return template(y)
}

// NewCalendar builds a calendar from national year files (region "CN") and
// the overlay files of at most one other region. Each file is validated; a
// region and year may appear once.
func NewCalendar(files ...*YearFile) (*Calendar, error) {
	c := &Calendar{region: NationalRegion, names: []dayName{{}}}
	type key struct {
		region string
		year   int
	}
	seen := map[key]bool{}
	for _, f := range files {
		if err := f.Validate(); err != nil {
			return nil, fmt.Errorf("calendar file %s %d: %w", f.Region, f.Year, err)
		}
		k := key{f.Region, f.Year}
		if seen[k] {
			return nil, fmt.Errorf("calendar file %s %d is given twice", f.Region, f.Year)
		}
		seen[k] = true
		if f.Region == NationalRegion {
			c.national = append(c.national, f.Year)
			continue
		}
		if c.region != NationalRegion && c.region != f.Region {
			return nil, fmt.Errorf("calendar overlays of two regions, %s and %s: a calendar has at most one", c.region, f.Region)
		}
		c.region = f.Region
		c.overlay = append(c.overlay, f.Year)
	}
	slices.Sort(c.national)
	slices.Sort(c.overlay)
	c.files = slices.Clone(files)
	slices.SortStableFunc(c.files, func(a, b *YearFile) int {
		return cmp.Or(cmp.Compare(overlayRank(a), overlayRank(b)), cmp.Compare(a.Year, b.Year))
	})
	if err := c.build(); err != nil {
		return nil, err
	}
	return c, nil
}

func overlayRank(f *YearFile) int {
	if f.Region == NationalRegion {
		return 0
	}
	return 1
}

// build fills the year tables. Precedence, lowest first: the weekday rule,
// national next-year file, national own-year file, overlay next-year file,
// overlay own-year file. So a day's status comes from its own year's file,
// else from the next year's when that lists it (a previous December), and
// an overlay always wins over the national calendar.
func (c *Calendar) build() error {
	if len(c.files) == 0 {
		return nil
	}
	lo, hi := c.files[0].Year-1, c.files[0].Year
	for _, f := range c.files {
		lo, hi = min(lo, f.Year-1), max(hi, f.Year)
	}
	c.first = lo
	c.tables = make([]*yearTable, hi-lo+1)
	for _, y := range c.national {
		c.tableForWrite(y) // a loaded year guesses nothing, even if it lists no day of its own
	}
	nameIdx := map[dayName]uint8{}
	// Files are sorted national first, then by year; apply next-year
	// dates before own-year dates within each layer.
	for _, layer := range [][]*YearFile{c.layer(true), c.layer(false)} {
		for _, pass := range []int{1, 0} { // 1: dates of year-1, 0: own year
			for _, f := range layer {
				for _, ld := range f.Dates() {
					y, i := dayOfYear(ld.Date)
					if f.Year-y != pass {
						continue
					}
					t := c.tableForWrite(y)
					t.setWork(i, ld.Working)
					t.guess[i>>6] &^= 1 << (i & 63)
					idx, err := c.nameIndex(nameIdx, dayName{f.Holidays[ld.Holiday].Name, f.Region})
					if err != nil {
						return err
					}
					t.name[i] = idx
				}
			}
		}
	}
	for _, t := range c.tables {
		if t != nil {
			t.anyGuess = t.guess != [6]uint64{}
			t.sum()
		}
	}
	return nil
}

// nameIndex returns the index of dn in c.names, adding it if new; a day
// keeps one byte for its name.
func (c *Calendar) nameIndex(known map[dayName]uint8, dn dayName) (uint8, error) {
	if idx, ok := known[dn]; ok {
		return idx, nil
	}
	if len(c.names) > 255 {
		return 0, fmt.Errorf("calendar: more than 255 distinct holiday names")
	}
	idx := uint8(len(c.names))
	known[dn] = idx
	c.names = append(c.names, dn)
	return idx, nil
}

func (c *Calendar) layer(national bool) []*YearFile {
	var out []*YearFile
	for _, f := range c.files {
		if (f.Region == NationalRegion) == national {
			out = append(out, f)
		}
	}
	return out
}

// tableForWrite returns year y's own table, copying the weekends-only
// template the first time; a year with a national file starts with no day
// guessed.
func (c *Calendar) tableForWrite(y int) *yearTable {
	i := y - c.first
	if c.tables[i] == nil {
		t := *template(y)
		if _, ok := slices.BinarySearch(c.national, y); ok {
			t.guess = [6]uint64{}
		}
		c.tables[i] = &t
	}
	return c.tables[i]
}

// With returns a new calendar with files added, each replacing any file of
// the same region and year. c is unchanged.
func (c *Calendar) With(files ...*YearFile) (*Calendar, error) {
	var all []*YearFile
	for _, old := range c.files {
		if !slices.ContainsFunc(files, func(f *YearFile) bool { return f.Region == old.Region && f.Year == old.Year }) {
			all = append(all, old)
		}
	}
	return NewCalendar(append(all, files...)...)
}

// Region returns the region the calendar is for: "CN", or the overlay's
// region such as "CN-XZ".
func (c *Calendar) Region() string { return c.region }

// NationalYears returns the years that have a national file, ascending.
func (c *Calendar) NationalYears() []int { return slices.Clone(c.national) }

// OverlayYears returns the years that have an overlay file, ascending.
func (c *Calendar) OverlayYears() []int { return slices.Clone(c.overlay) }

// Files returns the year files the calendar was built from, national ones
// first, each group by year. The files must not be modified.
func (c *Calendar) Files() []*YearFile { return slices.Clone(c.files) }

// DayKind says why a day is, or is not, a working day.
type DayKind uint8

// The kinds of day.
const (
	DayWeekday       DayKind = iota + 1 // Monday to Friday, working
	DayWeekend                          // Saturday or Sunday, off
	DayHoliday                          // off by a holiday notice (weekends inside a block included)
	DayMakeUpWorkday                    // a weekend day declared a working day (调休上班)
)

var dayKindNames = [...]string{"", "WEEKDAY", "WEEKEND", "HOLIDAY", "MAKE_UP_WORKDAY"}

// String returns the kind as an upper-case API constant, e.g. "HOLIDAY".
func (k DayKind) String() string {
	if int(k) < len(dayKindNames) && k != 0 {
		return dayKindNames[k]
	}
	return fmt.Sprintf("DayKind(%d)", k)
}

// DayInfo is the status of one day and the reason for it.
type DayInfo struct {
	Date    Date
	Working bool
	Kind    DayKind
	Holiday string // holiday name for DayHoliday and DayMakeUpWorkday
	Region  string // region whose file declared the holiday or make-up day
	// Provisional is set when no national file covers the day, so the
	// status is the weekends-only guess; MissingYear names the year.
	Provisional bool
	MissingYear int
}

// Day returns the status of d.
func (c *Calendar) Day(d Date) DayInfo {
	y, i := dayOfYear(d)
	t := c.table(y)
	info := DayInfo{Date: d, Working: t.working(i)}
	if t.guessed(i) {
		info.Provisional, info.MissingYear = true, y
	}
	switch nm := t.name[i]; {
	case nm != 0:
		info.Holiday, info.Region = c.names[nm].holiday, c.names[nm].region
		info.Kind = DayHoliday
		if info.Working {
			info.Kind = DayMakeUpWorkday
		}
	case info.Working:
		info.Kind = DayWeekday
	default:
		info.Kind = DayWeekend
	}
	return info
}

// IsWorkingDay reports whether d is a working day. Use Day to learn whether
// the answer is provisional.
func (c *Calendar) IsWorkingDay(d Date) bool {
	y, i := dayOfYear(d)
	return c.table(y).working(i)
}

// Days yields the status of every day from from to to, both included, for
// an API that shows each day with the reason.
func (c *Calendar) Days(from, to Date) iter.Seq[DayInfo] {
	return func(yield func(DayInfo) bool) {
		for d := from; !d.After(to); d = d.AddDays(1) {
			if !yield(c.Day(d)) {
				return
			}
		}
	}
}

// FirstDifference returns the first day from from to to (both included) on
// which c and o disagree about whether the day is working or whether it is
// provisional, and false when they agree on every day. A case whose counted
// days (received-on to due date or today) hold no difference need not be
// recomputed after a calendar change.
func (c *Calendar) FirstDifference(o *Calendar, from, to Date) (Date, bool) {
	for y := from.Year(); y <= to.Year(); y++ {
		a, b := c.table(y), o.table(y)
		if a == b {
			continue
		}
		s := yearStart(y)
		lo, hi := max(int(from.n-s), 0), min(int(to.n-s), a.days-1)
		for w := lo >> 6; w <= hi>>6; w++ {
			diff := (a.work[w] ^ b.work[w]) | (a.guess[w] ^ b.guess[w])
			diff &= wordMask(w, lo, hi+1)
			if diff != 0 {
				return Date{s + int32(w*64+trailingZeros(diff))}, true
			}
		}
	}
	return Date{}, false
}
