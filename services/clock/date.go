// Package clock holds the statutory clock of an application: civil dates in
// Asia/Shanghai, working-day calendars (national plus regional overlays),
// working-day arithmetic and the ledger that turns a case's facts into its due
// date with an explanation. It is pure: standard library only, no I/O beyond
// the calendar data embedded in the package.
package clock

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"time"
)

// Shanghai is the fixed UTC+8 zone in which every statutory date is taken.
// China has no daylight saving, so a fixed zone is exact and does not depend
// on the machine's zoneinfo database.
var Shanghai = time.FixedZone("Asia/Shanghai", 8*60*60)

// epochOffset is the day number of 1970-01-01 when 0001-01-01 is day 1.
const epochOffset = 719163

// Date is a civil calendar date (no time, no zone). The zero Date is "unset"
// and stores as SQL NULL.
type Date struct {
	n int32 // days since 0000-12-31 (0001-01-01 is 1); 0 means unset
}

// NewDate returns the date y-m-d, normalising out-of-range months and days
// the way time.Date does.
func NewDate(y int, m time.Month, d int) Date {
	return dateFromTime(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

func dateFromTime(t time.Time) Date {
	y, m, d := t.Date()
	u := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()
	return Date{n: int32(floorDiv(u, 86400) + epochOffset)}
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// DateOf returns the civil date of the instant t in Asia/Shanghai.
func DateOf(t time.Time) Date {
	return dateFromTime(t.In(Shanghai))
}

// ParseDate parses a strict "YYYY-MM-DD" date and rejects impossible days
// such as 2026-02-30. Its error messages are in Chinese, fit to show to a
// user, and quote the text given.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, errors.New("未填写日期，格式应为 YYYY-MM-DD")
	}
	if !dateShaped(s) {
		return Date{}, fmt.Errorf("日期 %q 格式不正确，应为 YYYY-MM-DD", s)
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("日期 %q 不是真实存在的日期", s)
	}
	if t.Year() < 1900 || t.Year() > 9999 {
		return Date{}, fmt.Errorf("日期 %q 的年份超出 1900 至 9999 的范围", s)
	}
	return dateFromTime(t), nil
}

// dateShaped reports whether s is four digits, '-', two digits, '-', two
// digits.
func dateShaped(s string) bool {
	if len(s) != 10 {
		return false
	}
	for i := range len(s) {
		if i == 4 || i == 7 {
			if s[i] != '-' {
				return false
			}
		} else if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// MustParseDate is ParseDate for constants in code and tests; it panics on a
// malformed date.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d.n == 0 }

func (d Date) time() time.Time {
	return time.Unix(int64(d.n-epochOffset)*86400, 0).UTC()
}

// Time returns midnight at the start of d in Asia/Shanghai.
func (d Date) Time() time.Time {
	y, m, dd := d.time().Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, Shanghai)
}

// Year returns the year of d.
func (d Date) Year() int { return d.time().Year() }

// YMD returns the year, month and day of d.
func (d Date) YMD() (int, time.Month, int) { return d.time().Date() }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	// 0001-01-01 (n=1) was a Monday.
	return time.Weekday((int(d.n) % 7))
}

// AddDays returns the date n calendar days after d (before, if n < 0).
func (d Date) AddDays(n int) Date { return Date{n: d.n + int32(n)} }

// DaysSince returns the number of calendar days from o to d.
func (d Date) DaysSince(o Date) int { return int(d.n - o.n) }

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.n < o.n }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.n > o.n }

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	switch {
	case d.n < o.n:
		return -1
	case d.n > o.n:
		return 1
	}
	return 0
}

// String formats d as "YYYY-MM-DD", or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.time().Format(time.DateOnly)
}

// MarshalText implements encoding.TextMarshaler.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" is the unset date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// Value implements driver.Valuer: a SQL date, or NULL when unset.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan implements sql.Scanner for SQL date columns; NULL scans as unset.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
	case time.Time:
		y, m, dd := v.Date()
		*d = NewDate(y, m, dd)
	case string:
		return d.UnmarshalText([]byte(v))
	case []byte:
		return d.UnmarshalText(v)
	default:
		return fmt.Errorf("scan date: unsupported type %T", src)
	}
	return nil
}
