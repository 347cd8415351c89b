package clock

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

type addVector struct {
	name    string
	from    string
	n       int
	want    string
	missing []int
}

func runAddVectors(t *testing.T, cal *Calendar, tests []addVector) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from := MustParseDate(tt.from)
			due, missing := cal.AddWorkingDays(from, tt.n)
			want := fmt.Sprintf("%s missing %v", tt.want, tt.missing)
			got := fmt.Sprintf("%s missing %v", due, missing.List())
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("AddWorkingDays(%s, %d) mismatch (-want +got):\n%s", tt.from, tt.n, diff)
			}
			if tt.n > 0 {
				if !cal.IsWorkingDay(due) {
					t.Errorf("%s is not a working day", due)
				}
				if n, _ := cal.CountWorkingDays(from, due); n != tt.n {
					t.Errorf("CountWorkingDays(%s, %s) = %d, want %d", from, due, n, tt.n)
				}
			}
		})
	}
}

func TestAcceptance(t *testing.T) {
	runAddVectors(t, national(t), []addVector{
		// National Day week skipped, make-up Saturday 2026-10-10 counted.
		{"received 2026-09-28", "2026-09-28", ReplyWorkingDays, "2026-10-30", nil},
		// Spring Festival 02-15..02-23 skipped, Saturdays 02-14 and 02-28 counted.
		{"received 2026-02-12", "2026-02-12", ReplyWorkingDays, "2026-03-18", nil},
	})
}

// TestEveryHoliday starts the day before each holiday block of 2019-2026
// and takes the 20-day due date across it. The answers were worked out with
// a separate script over the rules.md table and checked by hand for 2019
// 元旦, 2020 元旦 (across the extended Spring Festival), 2024 春节, 2025
// 劳动节 (running into 端午节) and 2026 国庆节.
func TestEveryHoliday(t *testing.T) {
	runAddVectors(t, national(t), []addVector{
		{"2019 元旦 (from a make-up Saturday)", "2018-12-29", 20, "2019-01-29", nil},
		{"2019 春节", "2019-02-03", 20, "2019-03-08", nil},
		{"2019 清明节", "2019-04-04", 20, "2019-05-06", nil},
		{"2019 劳动节 (amended to four days)", "2019-04-30", 20, "2019-05-30", nil},
		{"2019 端午节", "2019-06-06", 20, "2019-07-05", nil},
		{"2019 中秋节", "2019-09-12", 20, "2019-10-16", nil},
		{"2019 国庆节", "2019-09-30", 20, "2019-11-01", nil},
		{"2020 元旦", "2019-12-31", 20, "2020-02-05", nil},
		{"2020 春节 (extended to 02-02)", "2020-01-23", 20, "2020-02-28", nil},
		{"2020 清明节", "2020-04-03", 20, "2020-05-06", nil},
		{"2020 劳动节", "2020-04-30", 20, "2020-06-01", nil},
		{"2020 端午节", "2020-06-24", 20, "2020-07-23", nil},
		{"2020 国庆节、中秋节", "2020-09-30", 20, "2020-11-04", nil},
		{"2021 元旦", "2020-12-31", 20, "2021-01-29", nil},
		{"2021 春节", "2021-02-10", 20, "2021-03-16", nil},
		{"2021 清明节", "2021-04-02", 20, "2021-04-30", nil},
		{"2021 劳动节", "2021-04-30", 20, "2021-06-01", nil},
		{"2021 端午节", "2021-06-11", 20, "2021-07-12", nil},
		{"2021 中秋节 (from a make-up Saturday)", "2021-09-18", 20, "2021-10-22", nil},
		{"2021 国庆节", "2021-09-30", 20, "2021-11-03", nil},
		{"2022 元旦", "2021-12-31", 20, "2022-01-29", nil},
		{"2022 春节 (from a make-up Sunday)", "2022-01-30", 20, "2022-03-04", nil},
		{"2022 清明节 (from a make-up Saturday)", "2022-04-02", 20, "2022-05-05", nil},
		{"2022 劳动节", "2022-04-29", 20, "2022-05-31", nil},
		{"2022 端午节", "2022-06-02", 20, "2022-07-01", nil},
		{"2022 中秋节", "2022-09-09", 20, "2022-10-13", nil},
		{"2022 国庆节", "2022-09-30", 20, "2022-11-02", nil},
		{"2023 元旦 (from 2022-12-31 off)", "2022-12-30", 20, "2023-02-02", nil},
		{"2023 春节", "2023-01-20", 20, "2023-02-22", nil},
		{"2023 清明节", "2023-04-04", 20, "2023-05-05", nil},
		{"2023 劳动节", "2023-04-28", 20, "2023-05-30", nil},
		{"2023 端午节", "2023-06-21", 20, "2023-07-20", nil},
		{"2023 中秋节、国庆节", "2023-09-28", 20, "2023-11-01", nil},
		{"2024 元旦", "2023-12-31", 20, "2024-01-29", nil},
		{"2024 春节", "2024-02-09", 20, "2024-03-14", nil},
		{"2024 清明节", "2024-04-03", 20, "2024-05-06", nil},
		{"2024 劳动节", "2024-04-30", 20, "2024-05-30", nil},
		{"2024 端午节", "2024-06-09", 20, "2024-07-08", nil},
		{"2024 中秋节 (from a make-up Saturday)", "2024-09-14", 20, "2024-10-18", nil},
		{"2024 国庆节", "2024-09-30", 20, "2024-11-01", nil},
		{"2025 元旦", "2024-12-31", 20, "2025-02-05", nil},
		{"2025 春节", "2025-01-27", 20, "2025-03-03", nil},
		{"2025 清明节", "2025-04-03", 20, "2025-05-06", nil},
		{"2025 劳动节 (into 端午节)", "2025-04-30", 20, "2025-06-03", nil},
		{"2025 端午节", "2025-05-30", 20, "2025-06-30", nil},
		{"2025 国庆节、中秋节", "2025-09-30", 20, "2025-11-04", nil},
		{"2026 元旦", "2025-12-31", 20, "2026-01-29", nil},
		{"2026 春节 (from a make-up Saturday)", "2026-02-14", 20, "2026-03-20", nil},
		{"2026 清明节", "2026-04-03", 20, "2026-05-07", nil},
		{"2026 劳动节", "2026-04-30", 20, "2026-06-01", nil},
		{"2026 端午节", "2026-06-18", 20, "2026-07-17", nil},
		{"2026 中秋节", "2026-09-24", 20, "2026-10-29", nil},
		{"2026 国庆节", "2026-09-30", 20, "2026-11-03", nil},
	})
}

func TestEdgesAndMakeUpDays(t *testing.T) {
	runAddVectors(t, national(t), []addVector{
		{"zero days is the start day", "2026-10-03", 0, "2026-10-03", nil},
		{"start day never counts, even a working day", "2026-10-09", 1, "2026-10-10", nil},
		{"make-up Saturday counted", "2026-10-09", 2, "2026-10-12", nil},
		{"make-up Sunday counted", "2020-01-17", 1, "2020-01-19", nil},
		{"2020-02-01 was a make-up day until the extension", "2020-01-23", 1, "2020-02-03", nil},
		{"make-up day of 2026-01-04 (Sunday)", "2026-01-02", 1, "2026-01-04", nil},
		{"make-up day of 2018-12-29, listed in the 2019 file", "2018-12-28", 1, "2018-12-29", nil},
		{"previous December from the next file only: nothing guessed", "2018-12-28", 2, "2019-01-02", nil},
		{"unlisted December 2018 is guessed", "2018-12-27", 1, "2018-12-28", []int{2018}},
		{"2022-12-31 off by the 2023 file", "2022-12-30", 1, "2023-01-03", nil},
		{"year end 2020", "2020-12-31", 1, "2021-01-04", nil},
		{"year end 2024 into 2025", "2024-12-27", 5, "2025-01-06", nil},
		{"backwards over National Day", "2026-10-08", -1, "2026-09-30", nil},
		{"backwards onto a make-up day", "2026-10-12", -1, "2026-10-10", nil},
		{"backwards into an unlisted 2018", "2019-01-02", -2, "2018-12-28", []int{2018}},
	})
}

func TestProvisional(t *testing.T) {
	cal := national(t)
	runAddVectors(t, cal, []addVector{
		// 2027-01-01 is a Friday: counted, since only weekends are known.
		{"into 2027", "2026-12-31", 1, "2027-01-01", []int{2027}},
		{"20 days into 2027", "2026-12-15", 20, "2027-01-12", []int{2027}},
		{"ends on 2026-12-31, nothing guessed", "2026-12-02", 21, "2026-12-31", nil},
		{"across two missing years", "2026-12-31", 270, "2028-01-13", []int{2027, 2028}},
		{"before any file", "2010-06-01", 3, "2010-06-04", []int{2010}},
	})
	info := cal.Day(MustParseDate("2027-01-01"))
	want := DayInfo{Date: MustParseDate("2027-01-01"), Working: true, Kind: DayWeekday, Provisional: true, MissingYear: 2027}
	if diff := cmp.Diff(want, info, dateEqual); diff != "" {
		t.Errorf("Day(2027-01-01) mismatch (-want +got):\n%s", diff)
	}
	if got, want := info.Text(), "2027-01-01 星期五 工作日（2027 年节假日安排尚未公布，按周末推算）"; got != want {
		t.Errorf("Text() = %q, want %q", got, want)
	}
}

// A made-up 2027 file (not real data) standing in for the notice that an
// administrator will load.
const test2027 = `{
  "region": "CN",
  "year": 2027,
  "notices": [
    {"title": "测试数据，不是真实通知"}
  ],
  "holidays": [
    {"name": "元旦", "off": [{"from": "2027-01-01", "to": "2027-01-03"}]}
  ]
}
`

func TestLoadingAYearEndsProvisional(t *testing.T) {
	cal := national(t)
	f, err := ParseYearFile([]byte(test2027))
	if err != nil {
		t.Fatal(err)
	}
	cal2027, err := cal.With(f)
	if err != nil {
		t.Fatal(err)
	}
	runAddVectors(t, cal2027, []addVector{
		{"into 2027, now loaded", "2026-12-31", 1, "2027-01-04", nil},
		{"into 2028", "2027-12-30", 2, "2028-01-03", []int{2028}},
	})
	if diff := cmp.Diff([]int{2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027}, cal2027.NationalYears()); diff != "" {
		t.Errorf("NationalYears mismatch (-want +got):\n%s", diff)
	}
	if got, _ := cal.AddWorkingDays(MustParseDate("2026-12-31"), 1); got.String() != "2027-01-01" {
		t.Errorf("the old calendar changed: %s", got)
	}
	tests := []struct {
		from, to string
		want     string // "" for no difference
	}{
		{"2026-01-01", "2026-12-31", ""},
		{"2026-12-01", "2027-01-01", "2027-01-01"},
		// Provisional 2027-01-04 becomes definite: still a difference.
		{"2027-01-04", "2027-01-04", "2027-01-04"},
		{"2030-01-01", "2030-12-31", ""},
	}
	for _, tt := range tests {
		d, ok := cal.FirstDifference(cal2027, MustParseDate(tt.from), MustParseDate(tt.to))
		got := ""
		if ok {
			got = d.String()
		}
		if got != tt.want {
			t.Errorf("FirstDifference(%s, %s) = %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
}

// testOverlay is a made-up regional overlay (not real data): two local
// days off on top of the national 2026 calendar.
const testOverlay = `{
  "region": "CN-XZ",
  "year": 2026,
  "notices": [
    {"title": "测试数据，不是真实通知"}
  ],
  "holidays": [
    {"name": "地方节日", "off": [{"from": "2026-08-24", "to": "2026-08-25"}]}
  ]
}
`

func TestOverlay(t *testing.T) {
	f, err := ParseYearFile([]byte(testOverlay))
	if err != nil {
		t.Fatal(err)
	}
	files, err := EmbeddedYearFiles(NationalRegion)
	if err != nil {
		t.Fatal(err)
	}
	cal, err := NewCalendar(append(files, f)...)
	if err != nil {
		t.Fatal(err)
	}
	if cal.Region() != "CN-XZ" || fmt.Sprint(cal.OverlayYears()) != "[2026]" {
		t.Errorf("Region() = %s, OverlayYears() = %v", cal.Region(), cal.OverlayYears())
	}
	runAddVectors(t, cal, []addVector{
		{"local days skipped", "2026-08-21", 1, "2026-08-26", nil},
		{"national days still apply", "2026-09-30", 1, "2026-10-08", nil},
	})
	runAddVectors(t, national(t), []addVector{
		{"the national calendar is unchanged", "2026-08-21", 1, "2026-08-24", nil},
	})
	want := DayInfo{Date: MustParseDate("2026-08-24"), Kind: DayHoliday, Holiday: "地方节日", Region: "CN-XZ"}
	if diff := cmp.Diff(want, cal.Day(MustParseDate("2026-08-24")), dateEqual); diff != "" {
		t.Errorf("Day mismatch (-want +got):\n%s", diff)
	}
	if d, ok := national(t).FirstDifference(cal, MustParseDate("2026-01-01"), MustParseDate("2026-12-31")); !ok || d.String() != "2026-08-24" {
		t.Errorf("FirstDifference = %s, %v; want 2026-08-24", d, ok)
	}
}

func TestNewCalendarErrors(t *testing.T) {
	parse := func(s string) *YearFile {
		f, err := ParseYearFile([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	overlay := parse(testOverlay)
	other := parse(strings.Replace(testOverlay, "CN-XZ", "CN-XJ", 1))
	broken := parse(testOverlay)
	broken.Holidays[0].Work = []Date{MustParseDate("2026-08-26")}
	tests := []struct {
		name  string
		files []*YearFile
		want  string
	}{
		{"same year twice", []*YearFile{overlay, parse(testOverlay)}, "calendar file CN-XZ 2026 is given twice"},
		{"two overlay regions", []*YearFile{overlay, other}, "calendar overlays of two regions, CN-XZ and CN-XJ"},
		{"invalid file", []*YearFile{broken}, "节假日安排文件有误：holidays[0].work[0]：2026-08-26 是星期三，调休上班日必须是周六或周日"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewCalendar(tt.files...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("NewCalendar() = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestDays(t *testing.T) {
	var got []string
	for info := range national(t).Days(MustParseDate("2026-09-30"), MustParseDate("2026-10-12")) {
		got = append(got, fmt.Sprintf("%s %s %s %v", info.Date, info.Kind, info.Holiday, info.Working))
	}
	want := []string{
		"2026-09-30 WEEKDAY  true",
		"2026-10-01 HOLIDAY 国庆节 false",
		"2026-10-02 HOLIDAY 国庆节 false",
		"2026-10-03 HOLIDAY 国庆节 false",
		"2026-10-04 HOLIDAY 国庆节 false",
		"2026-10-05 HOLIDAY 国庆节 false",
		"2026-10-06 HOLIDAY 国庆节 false",
		"2026-10-07 HOLIDAY 国庆节 false",
		"2026-10-08 WEEKDAY  true",
		"2026-10-09 WEEKDAY  true",
		"2026-10-10 MAKE_UP_WORKDAY 国庆节 true",
		"2026-10-11 WEEKEND  false",
		"2026-10-12 WEEKDAY  true",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Days mismatch (-want +got):\n%s", diff)
	}
	for info := range national(t).Days(MustParseDate("2026-10-10"), MustParseDate("2026-10-11")) {
		want := map[string]string{"2026-10-10": "2026-10-10 星期六 国庆节调休上班", "2026-10-11": "2026-10-11 星期日 休息日"}[info.Date.String()]
		if got := info.Text(); got != want {
			t.Errorf("Text() = %q, want %q", got, want)
		}
	}
}

func TestYearsSet(t *testing.T) {
	var s Years
	if !s.Empty() || s.List() != nil || s.String() != "" {
		t.Fatalf("zero Years = %v", s.List())
	}
	for _, y := range []int{2027, 1985, 2027, 2150, 1990, 2117, 1987} {
		s.Add(y)
	}
	// Out of the 1990..2117 window only ranges are kept: 1986 is implied.
	want := []int{1985, 1986, 1987, 1990, 2027, 2117, 2150}
	if diff := cmp.Diff(want, s.List()); diff != "" {
		t.Errorf("List mismatch (-want +got):\n%s", diff)
	}
	if !s.Contains(1986) || s.Contains(2026) || !s.Contains(2117) || s.Len() != 7 {
		t.Errorf("Contains/Len wrong for %v", s.List())
	}
	var o Years
	o.Add(2028)
	if got := o.Union(s).String(); got != "1985、1986、1987、1990、2027、2028、2117、2150" {
		t.Errorf("Union = %s", got)
	}
}

func TestDayNumbers(t *testing.T) {
	for y := 1900; y <= 2400; y++ {
		if got, want := yearStart(y), NewDate(y, 1, 1).n; got != want {
			t.Fatalf("yearStart(%d) = %d, want %d", y, got, want)
		}
	}
	for d := NewDate(1899, 12, 1); d.Before(NewDate(2401, 2, 1)); d = d.AddDays(1) {
		if got := yearOf(d.n); got != d.Year() {
			t.Fatalf("yearOf(%s) = %d", d, got)
		}
	}
}
