package clock

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// NationalRegion is the region of the national calendar published by the
// State Council. Any other region is an overlay added on top of it.
const NationalRegion = "CN"

// MinYear and MaxYear bound the year of a calendar file. They keep typos
// such as 20226 out, and give Years a fixed window.
const (
	MinYear = 1990
	MaxYear = 2100
)

// MaxYearFileBytes caps the size of a year file accepted by ParseYearFile;
// a real one is about 2 KB.
const MaxYearFileBytes = 64 << 10

// YearFile is the holiday arrangement of one year for one region, as
// published in one or more notices. It may list days of the previous
// December, because a notice can move the days around New Year.
type YearFile struct {
	Region   string
	Year     int
	Notices  []Notice
	Holidays []Holiday
}

// Notice identifies a published notice that the year file transcribes: the
// original arrangement and any later amendment.
type Notice struct {
	Title  string // e.g. 国务院办公厅关于2026年部分节假日安排的通知
	Number string // document number, e.g. 国办发明电〔2025〕7号; may be empty
	Date   Date   // date of issue; may be unset
}

// Holiday is one named holiday block: its days off (weekends inside a range
// included) and the weekend days that become working days (调休上班).
type Holiday struct {
	Name string
	Off  []DateRange
	Work []Date
}

// DateRange is the inclusive range of days From..To.
type DateRange struct {
	From, To Date
}

// Days returns the number of days in the range.
func (r DateRange) Days() int { return r.To.DaysSince(r.From) + 1 }

// Problem is one reason a year file is rejected, located by a JSON-style
// path such as "holidays[2].work[0]".
type Problem struct {
	Path    string
	Message string
}

// YearFileError lists every problem found in a year file, in file order, so
// an administrator can fix them in one pass.
type YearFileError struct {
	Problems []Problem
}

// ErrInvalidYearFile is matched by errors.Is for every *YearFileError.
var ErrInvalidYearFile = errors.New("invalid calendar year file")

// Error lists every problem, each prefixed by its path.
func (e *YearFileError) Error() string {
	var b strings.Builder
	b.WriteString("invalid calendar year file: ")
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		if p.Path != "" {
			b.WriteString(p.Path)
			b.WriteString(": ")
		}
		b.WriteString(p.Message)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrInvalidYearFile) true.
func (e *YearFileError) Is(target error) bool { return target == ErrInvalidYearFile }

// The wire form keeps dates as strings so a bad date is reported with its
// path rather than as an anonymous decoding error.
type yearFileJSON struct {
	Region   string        `json:"region"`
	Year     int           `json:"year"`
	Notices  []noticeJSON  `json:"notices"`
	Holidays []holidayJSON `json:"holidays"`
}

type noticeJSON struct {
	Title  string `json:"title"`
	Number string `json:"number,omitempty"`
	Date   string `json:"date,omitempty"`
}

type holidayJSON struct {
	Name string      `json:"name"`
	Off  []rangeJSON `json:"off"`
	Work []string    `json:"work,omitempty"`
}

type rangeJSON struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// ParseYearFile decodes and validates a year file. Unknown fields, trailing
// data and any rule broken (see Validate) are errors; the returned error is
// a *YearFileError.
func ParseYearFile(data []byte) (*YearFile, error) {
	if len(data) > MaxYearFileBytes {
		return nil, &YearFileError{[]Problem{{"", fmt.Sprintf("file is %d bytes, the limit is %d", len(data), MaxYearFileBytes)}}}
	}
	var w yearFileJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return nil, &YearFileError{[]Problem{{"", "not a valid year file JSON object: " + jsonMessage(err)}}}
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &YearFileError{[]Problem{{"", "unexpected data after the JSON object"}}}
	}
	var v validator
	f := v.fromJSON(&w)
	v.check(f)
	if len(v.problems) > 0 {
		return nil, &YearFileError{v.problems}
	}
	return f, nil
}

// jsonMessage strips the Go type names that encoding/json puts in its
// errors, which mean nothing to an administrator.
func jsonMessage(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("field %q has the wrong type (got JSON %s)", te.Field, te.Value)
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// Validate checks the rules every year file obeys: a region code of 2 to 16
// characters A-Z, 0-9 or '-'; a year in MinYear..MaxYear; at least one
// notice, each titled, dated no later than the year; at least one named
// holiday, each with at least one off range; every holiday date within the
// previous December 1 to the year's December 31; ranges in order without
// overlap; make-up working days on Saturdays or Sundays, in order; and no
// date listed twice, in particular not as both off and working.
func (f *YearFile) Validate() error {
	var v validator
	v.check(f)
	if len(v.problems) > 0 {
		return &YearFileError{v.problems}
	}
	return nil
}

type validator struct {
	problems []Problem
}

func (v *validator) addf(path, format string, args ...any) {
	v.problems = append(v.problems, Problem{path, fmt.Sprintf(format, args...)})
}

func (v *validator) date(path, s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		v.addf(path, "%q is not a date (want YYYY-MM-DD)", s)
	}
	return d
}

// fromJSON converts the wire form, reporting dates that do not parse.
func (v *validator) fromJSON(w *yearFileJSON) *YearFile {
	f := &YearFile{Region: w.Region, Year: w.Year}
	for i, n := range w.Notices {
		p := fmt.Sprintf("notices[%d]", i)
		nt := Notice{Title: n.Title, Number: n.Number}
		if n.Date != "" {
			nt.Date = v.date(p+".date", n.Date)
		}
		f.Notices = append(f.Notices, nt)
	}
	for i, h := range w.Holidays {
		p := fmt.Sprintf("holidays[%d]", i)
		hd := Holiday{Name: h.Name}
		for j, r := range h.Off {
			q := fmt.Sprintf("%s.off[%d]", p, j)
			hd.Off = append(hd.Off, DateRange{v.date(q+".from", r.From), v.date(q+".to", r.To)})
		}
		for j, s := range h.Work {
			hd.Work = append(hd.Work, v.date(fmt.Sprintf("%s.work[%d]", p, j), s))
		}
		f.Holidays = append(f.Holidays, hd)
	}
	return f
}

func validRegion(s string) bool {
	if len(s) < 2 || len(s) > 16 {
		return false
	}
	for _, c := range []byte(s) {
		if !('A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func (v *validator) check(f *YearFile) {
	if !validRegion(f.Region) {
		v.addf("region", "%q is not a region code (2 to 16 characters A-Z, 0-9 or '-', e.g. CN or CN-XZ)", f.Region)
	}
	if f.Year < MinYear || f.Year > MaxYear {
		v.addf("year", "%d is outside %d..%d", f.Year, MinYear, MaxYear)
		return // every date check below depends on the year
	}
	v.checkNotices(f)
	if len(f.Holidays) == 0 {
		v.addf("holidays", "no holidays listed")
	}
	w := dateWindow{first: NewDate(f.Year-1, 12, 1), last: NewDate(f.Year, 12, 31)}
	w.seen = make([]string, w.last.DaysSince(w.first)+1)
	for i, h := range f.Holidays {
		v.checkHoliday(fmt.Sprintf("holidays[%d]", i), h, &w)
	}
}

// dateWindow is the span of days a year file may list, from the previous
// December 1 to December 31, with the kind and path that listed each day.
// It is at most 397 days, so a slice indexed by day beats a map.
type dateWindow struct {
	first, last Date
	seen        []string
}

func (v *validator) checkHoliday(p string, h Holiday, w *dateWindow) {
	v.text(p+".name", "holiday name", h.Name)
	if len(h.Off) == 0 {
		v.addf(p+".off", "no days off listed")
	}
	var prev Date
	for j, r := range h.Off {
		q := fmt.Sprintf("%s.off[%d]", p, j)
		fromOK := v.inWindow(q+".from", r.From, w)
		if toOK := v.inWindow(q+".to", r.To, w); !fromOK || !toOK {
			continue
		}
		if r.To.Before(r.From) {
			v.addf(q, "from %s is after to %s", r.From, r.To)
			continue
		}
		if !prev.IsZero() && !r.From.After(prev) {
			v.addf(q, "%s..%s is not after the previous range, which ends %s; list ranges in date order without overlap", r.From, r.To, prev)
		}
		prev = r.To
		for d := r.From; !d.After(r.To); d = d.AddDays(1) {
			v.mark(w, d, q, "off")
		}
	}
	prev = Date{}
	for j, d := range h.Work {
		q := fmt.Sprintf("%s.work[%d]", p, j)
		if !v.inWindow(q, d, w) {
			continue
		}
		if wd := d.Weekday(); wd >= 1 && wd <= 5 {
			v.addf(q, "%s is a %s, a make-up working day must be a weekend day", d, wd)
		}
		if !prev.IsZero() && d.Before(prev) {
			v.addf(q, "%s is before the previous working day %s; list them in date order", d, prev)
		}
		prev = d
		v.mark(w, d, q, "working")
	}
}

func (v *validator) checkNotices(f *YearFile) {
	if len(f.Notices) == 0 {
		v.addf("notices", "no notice listed; name the notice the dates come from")
	}
	earliest, last := NewDate(f.Year-2, 1, 1), NewDate(f.Year, 12, 31)
	for i, n := range f.Notices {
		p := fmt.Sprintf("notices[%d]", i)
		v.text(p+".title", "notice title", n.Title)
		if n.Number != "" {
			v.text(p+".number", "document number", n.Number)
		}
		if !n.Date.IsZero() && (n.Date.Before(earliest) || n.Date.After(last)) {
			v.addf(p+".date", "%s is outside %s..%s", n.Date, earliest, last)
		}
	}
}

// text requires a non-blank, valid UTF-8 string, so that what is stored
// renders back byte for byte.
func (v *validator) text(path, what, s string) {
	switch {
	case strings.TrimSpace(s) == "":
		v.addf(path, "%s is empty", what)
	case !utf8.ValidString(s):
		v.addf(path, "%s is not valid UTF-8", what)
	}
}

func (v *validator) inWindow(path string, d Date, w *dateWindow) bool {
	if d.IsZero() {
		if !slices.ContainsFunc(v.problems, func(p Problem) bool { return p.Path == path }) {
			v.addf(path, "date is unset") // unless already reported as unparsable
		}
		return false
	}
	if d.Before(w.first) || d.After(w.last) {
		v.addf(path, "%s is outside %s..%s", d, w.first, w.last)
		return false
	}
	return true
}

// mark records that path lists d as kind ("off" or "working"), reporting a
// date listed before.
func (v *validator) mark(w *dateWindow, d Date, path, kind string) {
	i := d.DaysSince(w.first)
	if prev := w.seen[i]; prev != "" {
		prevKind, prevPath, _ := strings.Cut(prev, " ")
		if prevKind == kind {
			v.addf(path, "%s is listed twice, also %s in %s", d, kind, prevPath)
		} else {
			v.addf(path, "%s cannot be both off and working: %s here, %s in %s", d, kind, prevKind, prevPath)
		}
		return
	}
	w.seen[i] = kind + " " + path
}

// Canonical renders f as the canonical JSON stored on disk and in the
// database: fixed key order, one line per notice and per holiday, no HTML
// escaping, a trailing newline. ParseYearFile(f.Canonical()) returns f again
// for every valid f.
func (f *YearFile) Canonical() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "{\n  \"region\": %s,\n  \"year\": %d,\n  \"notices\": [", quote(f.Region), f.Year)
	for i, n := range f.Notices {
		b.WriteString(sep(i))
		fmt.Fprintf(&b, "{\"title\": %s", quote(n.Title))
		if n.Number != "" {
			fmt.Fprintf(&b, ", \"number\": %s", quote(n.Number))
		}
		if !n.Date.IsZero() {
			fmt.Fprintf(&b, ", \"date\": %q", n.Date)
		}
		b.WriteString("}")
	}
	b.WriteString(closing(len(f.Notices)))
	b.WriteString(",\n  \"holidays\": [")
	for i, h := range f.Holidays {
		b.WriteString(sep(i))
		fmt.Fprintf(&b, "{\"name\": %s, \"off\": [", quote(h.Name))
		for j, r := range h.Off {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "{\"from\": %q, \"to\": %q}", r.From, r.To)
		}
		b.WriteString("]")
		if len(h.Work) > 0 {
			b.WriteString(", \"work\": [")
			for j, d := range h.Work {
				if j > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "%q", d)
			}
			b.WriteString("]")
		}
		b.WriteString("}")
	}
	b.WriteString(closing(len(f.Holidays)))
	b.WriteString("\n}\n")
	return b.Bytes()
}

func sep(i int) string {
	if i == 0 {
		return "\n    "
	}
	return ",\n    "
}

func closing(n int) string {
	if n == 0 {
		return "]"
	}
	return "\n  ]"
}

// quote returns s as a JSON string; unlike json.Marshal it leaves <, > and &
// alone, and the dates and Chinese text of a year file stay readable.
func quote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // encoding a string cannot fail
	return strings.TrimSuffix(b.String(), "\n")
}

// Dates returns every date the file lists: the days off and the make-up
// working days, with the holiday each belongs to.
func (f *YearFile) Dates() []ListedDate {
	var out []ListedDate
	for i, h := range f.Holidays {
		for _, r := range h.Off {
			for d := r.From; !d.After(r.To); d = d.AddDays(1) {
				out = append(out, ListedDate{Date: d, Holiday: i, Working: false})
			}
		}
		for _, d := range h.Work {
			out = append(out, ListedDate{Date: d, Holiday: i, Working: true})
		}
	}
	return out
}

// ListedDate is one date a year file lists: off, or a make-up working day,
// for the holiday at index Holiday.
type ListedDate struct {
	Date    Date
	Holiday int
	Working bool
}
