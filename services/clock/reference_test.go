package clock

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// rulesTable is the national calendar table of rules.md section 1, copied
// verbatim. The reference below reads it directly, so the shipped JSON files
// and the fast engine are both checked against the rulebook, not against
// themselves.
const rulesTable = `
| 2019 | 2018-12-30..2019-01-01, 02-04..02-10, 04-05, 05-01..05-04, 06-07, 09-13, 10-01..10-07 | 2018-12-29, 02-02, 02-03, 04-28, 05-05, 09-29, 10-12 |
| 2020 | 01-01, 01-24..02-02, 04-04..04-06, 05-01..05-05, 06-25..06-27, 10-01..10-08 | 01-19, 04-26, 05-09, 06-28, 09-27, 10-10 |
| 2021 | 01-01..01-03, 02-11..02-17, 04-03..04-05, 05-01..05-05, 06-12..06-14, 09-19..09-21, 10-01..10-07 | 02-07, 02-20, 04-25, 05-08, 09-18, 09-26, 10-09 |
| 2022 | 01-01..01-03, 01-31..02-06, 04-03..04-05, 04-30..05-04, 06-03..06-05, 09-10..09-12, 10-01..10-07 | 01-29, 01-30, 04-02, 04-24, 05-07, 10-08, 10-09 |
| 2023 | 2022-12-31..2023-01-02, 01-21..01-27, 04-05, 04-29..05-03, 06-22..06-24, 09-29..10-06 | 01-28, 01-29, 04-23, 05-06, 06-25, 10-07, 10-08 |
| 2024 | 01-01, 02-10..02-17, 04-04..04-06, 05-01..05-05, 06-10, 09-15..09-17, 10-01..10-07 | 02-04, 02-18, 04-07, 04-28, 05-11, 09-14, 09-29, 10-12 |
| 2025 | 01-01, 01-28..02-04, 04-04..04-06, 05-01..05-05, 05-31..06-02, 10-01..10-08 | 01-26, 02-08, 04-27, 09-28, 10-11 |
| 2026 | 01-01..01-03, 02-15..02-23, 04-04..04-06, 05-01..05-05, 06-19..06-21, 09-25..09-27, 10-01..10-07 | 01-04, 02-14, 02-28, 05-09, 09-20, 10-10 |
`

// reference is the naive calendar: a plain map from day to working or not,
// walked one day at a time with time.Time, sharing no code with the engine.
type reference struct {
	listed map[string]bool       // "YYYY-MM-DD" -> working
	rows   map[int]map[Date]bool // the dates of each year's row, for comparing files
	loaded map[int]bool
}

var referenceTable = sync.OnceValue(func() *reference {
	r := &reference{listed: map[string]bool{}, rows: map[int]map[Date]bool{}, loaded: map[int]bool{}}
	for line := range strings.SplitSeq(strings.TrimSpace(rulesTable), "\n") {
		cells := strings.Split(line, "|")
		year, err := strconv.Atoi(strings.TrimSpace(cells[1]))
		if err != nil {
			panic(err)
		}
		r.loaded[year] = true
		r.rows[year] = map[Date]bool{}
		for col, working := range map[int]bool{2: false, 3: true} {
			for item := range strings.SplitSeq(cells[col], ",") {
				from, to, isRange := strings.Cut(strings.TrimSpace(item), "..")
				if !isRange {
					to = from
				}
				a, b := refDay(year, from), refDay(year, to)
				for d := a; !d.After(b); d = d.AddDate(0, 0, 1) {
					s := d.Format(time.DateOnly)
					r.listed[s] = working
					r.rows[year][MustParseDate(s)] = working
				}
			}
		}
	}
	return r
})

// refDay reads "MM-DD" of year, or a full "YYYY-MM-DD".
func refDay(year int, s string) time.Time {
	if len(s) == 5 {
		s = fmt.Sprintf("%d-%s", year, s)
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// day returns whether t is a working day and, when its status is the
// weekends-only guess, the missing year.
func (r *reference) day(t time.Time) (working bool, missing int) {
	if w, ok := r.listed[t.Format(time.DateOnly)]; ok {
		return w, 0
	}
	if !r.loaded[t.Year()] {
		missing = t.Year()
	}
	return t.Weekday() != time.Saturday && t.Weekday() != time.Sunday, missing
}

// add walks to the n-th working day after (n > 0) or before (n < 0) t.
func (r *reference) add(t time.Time, n int) (time.Time, []int) {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	seen := map[int]bool{}
	for n > 0 {
		t = t.AddDate(0, 0, step)
		w, m := r.day(t)
		if m != 0 {
			seen[m] = true
		}
		if w {
			n--
		}
	}
	return t, sortedKeys(seen)
}

func sortedKeys(m map[int]bool) []int {
	var out []int
	for y := 1900; y < 2200; y++ {
		if m[y] {
			out = append(out, y)
		}
	}
	return out
}

// TestAgainstReference compares the engine with the naive walk for every
// start day from 2018-12-01 to 2026-12-31 and every n from 0 to 45, both
// directions, and CountWorkingDays on each answer.
func TestAgainstReference(t *testing.T) {
	cal := national(t)
	ref := referenceTable()
	start := time.Date(2018, 12, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
	failures := 0
	for s := start; !s.After(end); s = s.AddDate(0, 0, 1) {
		d := MustParseDate(s.Format(time.DateOnly))
		for n := -45; n <= 45; n++ {
			wantT, wantMissing := s, []int(nil)
			if n != 0 {
				wantT, wantMissing = ref.add(s, n)
			}
			want := fmt.Sprintf("%s missing %v", wantT.Format(time.DateOnly), wantMissing)
			gotD, gotMissing := cal.AddWorkingDays(d, n)
			got := fmt.Sprintf("%s missing %v", gotD, gotMissing.List())
			if got != want {
				t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", d, n, got, want)
				failures++
			}
			if n > 0 {
				count, countMissing := cal.CountWorkingDays(d, gotD)
				if got := fmt.Sprintf("%d missing %v", count, countMissing.List()); got != fmt.Sprintf("%d missing %v", n, wantMissing) {
					t.Errorf("CountWorkingDays(%s, %s) = %s, want %d missing %v", d, gotD, got, n, wantMissing)
					failures++
				}
			}
			if failures > 20 {
				t.Fatal("too many failures")
			}
		}
	}
}

func TestDayAgainstReference(t *testing.T) {
	cal := national(t)
	ref := referenceTable()
	for s := time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC); s.Year() < 2029; s = s.AddDate(0, 0, 1) {
		d := MustParseDate(s.Format(time.DateOnly))
		w, m := ref.day(s)
		info := cal.Day(d)
		want := fmt.Sprintf("working=%v provisional=%v missing=%d", w, m != 0, m)
		got := fmt.Sprintf("working=%v provisional=%v missing=%d", info.Working, info.Provisional, info.MissingYear)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("Day(%s) mismatch (-want +got):\n%s", d, diff)
		}
		if cal.IsWorkingDay(d) != w {
			t.Fatalf("IsWorkingDay(%s) = %v, want %v", d, !w, w)
		}
	}
}

// national returns the shipped national calendar or fails the test.
func national(tb testing.TB) *Calendar {
	tb.Helper()
	cal, err := National()
	if err != nil {
		tb.Fatal(err)
	}
	return cal
}

// dateEqual lets cmp compare Dates, whose field is unexported; mismatches
// print through Date.String.
var dateEqual = cmp.Comparer(func(a, b Date) bool { return a == b })
