package clock

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// validYearFile is a small valid file that the rule tests break one way at a
// time.
const validYearFile = `{
  "region": "CN",
  "year": 2026,
  "notices": [
    {"title": "国务院办公厅关于2026年部分节假日安排的通知", "number": "国办发明电〔2025〕7号", "date": "2025-11-04"}
  ],
  "holidays": [
    {"name": "元旦", "off": [{"from": "2026-01-01", "to": "2026-01-03"}], "work": ["2026-01-04"]},
    {"name": "春节", "off": [{"from": "2026-02-15", "to": "2026-02-23"}], "work": ["2026-02-14", "2026-02-28"]}
  ]
}
`

func TestParseYearFileValid(t *testing.T) {
	f, err := ParseYearFile([]byte(validYearFile))
	if err != nil {
		t.Fatal(err)
	}
	want := &YearFile{
		Region: "CN",
		Year:   2026,
		Notices: []Notice{{
			Title:  "国务院办公厅关于2026年部分节假日安排的通知",
			Number: "国办发明电〔2025〕7号",
			Date:   MustParseDate("2025-11-04"),
		}},
		Holidays: []Holiday{
			{Name: "元旦", Off: []DateRange{{MustParseDate("2026-01-01"), MustParseDate("2026-01-03")}}, Work: []Date{MustParseDate("2026-01-04")}},
			{Name: "春节", Off: []DateRange{{MustParseDate("2026-02-15"), MustParseDate("2026-02-23")}}, Work: []Date{MustParseDate("2026-02-14"), MustParseDate("2026-02-28")}},
		},
	}
	if diff := cmp.Diff(want, f, dateEqual); diff != "" {
		t.Errorf("ParseYearFile mismatch (-want +got):\n%s", diff)
	}
	if got := string(f.Canonical()); got != validYearFile {
		t.Errorf("Canonical() mismatch (-want +got):\n%s", cmp.Diff(validYearFile, got))
	}
}

// TestYearFileRules breaks each validation rule once and checks the error
// names the offending item.
func TestYearFileRules(t *testing.T) {
	edit := func(old, new string) string {
		if !strings.Contains(validYearFile, old) {
			panic("test edit does not apply: " + old)
		}
		return strings.Replace(validYearFile, old, new, 1)
	}
	tests := []struct {
		name string
		file string
		want []string // the error must contain each
	}{
		{"not JSON", `{"region": "CN",`, []string{"not a valid year file JSON object"}},
		{"not an object", `[1, 2]`, []string{"not a valid year file JSON object"}},
		{"unknown field", edit(`"year": 2026,`, `"year": 2026, "yaer": 2026,`), []string{`unknown field "yaer"`}},
		{"unknown nested field", edit(`"name": "元旦",`, `"name": "元旦", "days": 3,`), []string{`unknown field "days"`}},
		{"wrong type", edit(`"year": 2026`, `"year": "2026"`), []string{`field "year" has the wrong type`}},
		{"trailing data", validYearFile + "{}", []string{"unexpected data after the JSON object"}},
		{"empty region", edit(`"region": "CN"`, `"region": ""`), []string{`region: "" is not a region code`}},
		{"lower-case region", edit(`"region": "CN"`, `"region": "cn-xz"`), []string{`region: "cn-xz" is not a region code`}},
		{"long region", edit(`"region": "CN"`, `"region": "CN-ABCDEFGHIJKLMN"`), []string{`region: "CN-ABCDEFGHIJKLMN" is not a region code`}},
		{"year too early", edit(`"year": 2026`, `"year": 1989`), []string{"year: 1989 is outside 1990..2100"}},
		{"year too late", edit(`"year": 2026`, `"year": 20226`), []string{"year: 20226 is outside 1990..2100"}},
		{"no notice", edit(`"notices": [
    {"title": "国务院办公厅关于2026年部分节假日安排的通知", "number": "国办发明电〔2025〕7号", "date": "2025-11-04"}
  ]`, `"notices": []`), []string{"notices: no notice listed"}},
		{"empty title", edit(`"title": "国务院办公厅关于2026年部分节假日安排的通知"`, `"title": " "`), []string{"notices[0].title: notice title is empty"}},
		{"bad notice date", edit(`"date": "2025-11-04"`, `"date": "2025-11-31"`), []string{`notices[0].date: "2025-11-31" is not a date`}},
		{"notice after the year", edit(`"date": "2025-11-04"`, `"date": "2027-01-04"`), []string{"notices[0].date: 2027-01-04 is outside 2024-01-01..2026-12-31"}},
		{"no holidays", validYearFile[:strings.Index(validYearFile, `"holidays"`)] + `"holidays": []}`, []string{"holidays: no holidays listed"}},
		{"empty holiday name", edit(`"name": "春节"`, `"name": ""`), []string{"holidays[1].name: holiday name is empty"}},
		{"no off days", edit(`"off": [{"from": "2026-01-01", "to": "2026-01-03"}]`, `"off": []`), []string{"holidays[0].off: no days off listed"}},
		{"bad from date", edit(`"from": "2026-02-15"`, `"from": "2026-2-15"`), []string{`holidays[1].off[0].from: "2026-2-15" is not a date (want YYYY-MM-DD)`}},
		{"missing to", edit(`, "to": "2026-02-23"`, ``), []string{`holidays[1].off[0].to: "" is not a date`}},
		{"date before the window", edit(`"from": "2026-01-01"`, `"from": "2025-11-30"`), []string{"holidays[0].off[0].from: 2025-11-30 is outside 2025-12-01..2026-12-31"}},
		{"date after the window", edit(`"2026-02-28"`, `"2027-01-02"`), []string{"holidays[1].work[1]: 2027-01-02 is outside 2025-12-01..2026-12-31"}},
		{"range reversed", edit(`{"from": "2026-02-15", "to": "2026-02-23"}`, `{"from": "2026-02-23", "to": "2026-02-15"}`), []string{"holidays[1].off[0]: from 2026-02-23 is after to 2026-02-15"}},
		{"ranges out of order", edit(`{"from": "2026-02-15", "to": "2026-02-23"}`, `{"from": "2026-02-20", "to": "2026-02-23"}, {"from": "2026-02-15", "to": "2026-02-16"}`), []string{"holidays[1].off[1]: 2026-02-15..2026-02-16 is not after the previous range, which ends 2026-02-23"}},
		{"make-up day on a weekday", edit(`"2026-02-28"`, `"2026-02-24"`), []string{"holidays[1].work[1]: 2026-02-24 is a Tuesday, a make-up working day must be a weekend day"}},
		{"make-up days out of order", edit(`"work": ["2026-02-14", "2026-02-28"]`, `"work": ["2026-02-28", "2026-02-14"]`), []string{"holidays[1].work[1]: 2026-02-14 is before the previous working day 2026-02-28"}},
		{"date both off and working", edit(`"work": ["2026-02-14", "2026-02-28"]`, `"work": ["2026-02-14", "2026-02-22"]`), []string{"holidays[1].work[1]: 2026-02-22 cannot be both off and working: working here, off in holidays[1].off[0]"}},
		{"off date listed twice", edit(`{"from": "2026-01-01", "to": "2026-01-03"}`, `{"from": "2026-01-01", "to": "2026-02-15"}`), []string{"holidays[1].off[0]: 2026-02-15 is listed twice, also off in holidays[0].off[0]"}},
		{"working date listed twice", edit(`"work": ["2026-01-04"]`, `"work": ["2026-01-04", "2026-02-28"]`), []string{"holidays[1].work[1]: 2026-02-28 is listed twice, also working in holidays[0].work[1]"}},
		{"several problems at once", strings.Replace(edit(`"name": "春节"`, `"name": ""`), `"region": "CN"`, `"region": "?"`, 1),
			[]string{`region: "?" is not a region code`, "holidays[1].name: holiday name is empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ParseYearFile([]byte(tt.file))
			if err == nil {
				t.Fatalf("ParseYearFile accepted it: %+v", f)
			}
			if !errors.Is(err, ErrInvalidYearFile) {
				t.Errorf("error %v is not ErrInvalidYearFile", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not contain %q", err, w)
				}
			}
		})
	}
}

func TestYearFileValidateBuiltInGo(t *testing.T) {
	f := &YearFile{Region: "CN-XZ", Year: 2026, Notices: []Notice{{Title: "n"}}}
	err := f.Validate()
	var yfe *YearFileError
	if !errors.As(err, &yfe) {
		t.Fatalf("Validate() = %v, want *YearFileError", err)
	}
	want := []Problem{{"holidays", "no holidays listed"}}
	if diff := cmp.Diff(want, yfe.Problems); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
	f.Holidays = []Holiday{{Name: "h", Off: []DateRange{{From: MustParseDate("2026-03-02")}}}}
	if err := f.Validate(); err == nil || !strings.Contains(err.Error(), "holidays[0].off[0].to: date is unset") {
		t.Errorf("Validate() = %v, want unset date", err)
	}
	f.Holidays = []Holiday{{Name: "h\xff", Off: []DateRange{{MustParseDate("2026-03-02"), MustParseDate("2026-03-02")}}}}
	if err := f.Validate(); err == nil || !strings.Contains(err.Error(), "holidays[0].name: holiday name is not valid UTF-8") {
		t.Errorf("Validate() = %v, want invalid UTF-8", err)
	}
}

func TestParseYearFileTooLarge(t *testing.T) {
	big := bytes.Repeat([]byte(" "), MaxYearFileBytes+1)
	if _, err := ParseYearFile(big); err == nil || !strings.Contains(err.Error(), "the limit is") {
		t.Errorf("ParseYearFile(%d bytes) = %v, want size error", len(big), err)
	}
}

// TestEmbeddedFilesCanonical keeps the shipped files in canonical form, so
// what an administrator exports and what the repository holds never drift.
func TestEmbeddedFilesCanonical(t *testing.T) {
	err := fs.WalkDir(calendarFS, "calendars", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := calendarFS.ReadFile(p)
		if err != nil {
			return err
		}
		f, err := ParseYearFile(data)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		if want := fmt.Sprintf("calendars/%s/%d.json", f.Region, f.Year); p != want {
			t.Errorf("%s holds %s %d, want it at %s", p, f.Region, f.Year, want)
		}
		if got := f.Canonical(); !bytes.Equal(got, data) {
			t.Errorf("%s is not canonical (-file +canonical):\n%s", p, cmp.Diff(string(data), string(got)))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestEmbeddedFilesMatchRules compares every shipped national file, date by
// date, with the table of rules.md typed into rulesTable.
func TestEmbeddedFilesMatchRules(t *testing.T) {
	files, err := EmbeddedYearFiles(NationalRegion)
	if err != nil {
		t.Fatal(err)
	}
	var years []int
	for _, f := range files {
		years = append(years, f.Year)
		t.Run(fmt.Sprint(f.Year), func(t *testing.T) {
			want := map[string]string{}
			for d, working := range referenceTable().rows[f.Year] {
				want[d.String()] = map[bool]string{false: "off", true: "work"}[working]
			}
			got := map[string]string{}
			for _, ld := range f.Dates() {
				got[ld.Date.String()] = map[bool]string{false: "off", true: "work"}[ld.Working]
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%d.json vs rules.md mismatch (-want +got):\n%s", f.Year, diff)
			}
			if len(f.Notices) == 0 || !strings.HasPrefix(f.Notices[0].Title, "国务院办公厅关于"+fmt.Sprint(f.Year)+"年部分节假日安排的通知") {
				t.Errorf("first notice %+v is not the year's State Council notice", f.Notices)
			}
		})
	}
	if diff := cmp.Diff([]int{2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026}, years); diff != "" {
		t.Errorf("shipped years mismatch (-want +got):\n%s", diff)
	}
}

func TestEmbeddedNotices(t *testing.T) {
	want := map[int][]string{
		2019: {"国务院办公厅关于2019年部分节假日安排的通知 国办发明电〔2018〕15号 2018-12-06", "国务院办公厅关于调整2019年劳动节假期安排的通知 国办发明电〔2019〕2号 2019-03-22"},
		2020: {"国务院办公厅关于2020年部分节假日安排的通知 国办发明电〔2019〕16号 2019-11-21", "国务院办公厅关于延长2020年春节假期的通知 国办发明电〔2020〕1号 2020-01-26"},
		2021: {"国务院办公厅关于2021年部分节假日安排的通知 国办发明电〔2020〕27号 2020-11-25"},
		2022: {"国务院办公厅关于2022年部分节假日安排的通知 国办发明电〔2021〕11号 2021-10-25"},
		2023: {"国务院办公厅关于2023年部分节假日安排的通知 国办发明电〔2022〕16号 2022-12-08"},
		2024: {"国务院办公厅关于2024年部分节假日安排的通知 国办发明电〔2023〕7号 2023-10-25"},
		2025: {"国务院办公厅关于2025年部分节假日安排的通知 国办发明电〔2024〕12号 2024-11-12"},
		2026: {"国务院办公厅关于2026年部分节假日安排的通知 国办发明电〔2025〕7号 2025-11-04"},
	}
	files, err := EmbeddedYearFiles(NationalRegion)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int][]string{}
	for _, f := range files {
		for _, n := range f.Notices {
			got[f.Year] = append(got[f.Year], n.Title+" "+n.Number+" "+n.Date.String())
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("notices mismatch (-want +got):\n%s", diff)
	}
}

func TestEmbeddedYearFilesRegion(t *testing.T) {
	if files, err := EmbeddedYearFiles("CN-XZ"); err != nil || len(files) != 0 {
		t.Errorf("EmbeddedYearFiles(CN-XZ) = %d files, %v; want none", len(files), err)
	}
	if _, err := EmbeddedYearFiles("../CN"); err == nil {
		t.Error("EmbeddedYearFiles(../CN) succeeded, want an error")
	}
}
