package clock

import (
	"testing"
	"time"
)

func TestDateRoundTrip(t *testing.T) {
	for _, s := range []string{"1900-01-01", "1970-01-01", "2019-05-15", "2024-02-29", "2026-12-31", "9999-12-31"} {
		d, err := ParseDate(s)
		if err != nil {
			t.Fatalf("ParseDate(%q): %v", s, err)
		}
		if got := d.String(); got != s {
			t.Errorf("ParseDate(%q).String() = %q", s, got)
		}
	}
}

func TestParseDateRejects(t *testing.T) {
	for _, s := range []string{"", "2026-2-1", "2026-02-30", "2025-02-29", "26-02-01", "2026/02/01", "2026-02-01T00:00:00Z", "0001-01-01", "abcd-ef-gh"} {
		if d, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) = %v, want error", s, d)
		}
	}
}

// TestParseDateMessages pins the Chinese messages, which reach an
// administrator through a year file's problems.
func TestParseDateMessages(t *testing.T) {
	for s, want := range map[string]string{
		"":           "未填写日期，格式应为 YYYY-MM-DD",
		"2026-2-1":   `日期 "2026-2-1" 格式不正确，应为 YYYY-MM-DD`,
		"2026/02/01": `日期 "2026/02/01" 格式不正确，应为 YYYY-MM-DD`,
		"abcd-ef-gh": `日期 "abcd-ef-gh" 格式不正确，应为 YYYY-MM-DD`,
		"2026-02-30": `日期 "2026-02-30" 不是真实存在的日期`,
		"2026-13-01": `日期 "2026-13-01" 不是真实存在的日期`,
		"0001-01-01": `日期 "0001-01-01" 的年份超出 1900 至 9999 的范围`,
	} {
		if _, err := ParseDate(s); err == nil || err.Error() != want {
			t.Errorf("ParseDate(%q) error = %v, want %q", s, err, want)
		}
	}
}

func TestDateWeekdayAndArithmetic(t *testing.T) {
	d := MustParseDate("2026-11-27")
	if d.Weekday() != time.Friday {
		t.Errorf("2026-11-27 weekday = %v, want Friday", d.Weekday())
	}
	if got := d.AddDays(5).String(); got != "2026-12-02" {
		t.Errorf("AddDays(5) = %s", got)
	}
	if got := d.AddDays(-27).String(); got != "2026-10-31" {
		t.Errorf("AddDays(-27) = %s", got)
	}
	if n := MustParseDate("2027-01-01").DaysSince(d); n != 35 {
		t.Errorf("DaysSince = %d, want 35", n)
	}
	for i := range 3000 {
		x := MustParseDate("2018-01-01").AddDays(i)
		if x.Weekday() != x.Time().Weekday() {
			t.Fatalf("%s: Weekday %v, time says %v", x, x.Weekday(), x.Time().Weekday())
		}
	}
}

func TestDateOfUsesShanghai(t *testing.T) {
	// 2026-09-30 16:30 UTC is 2026-10-01 00:30 in Shanghai.
	ts := time.Date(2026, 9, 30, 16, 30, 0, 0, time.UTC)
	if got := DateOf(ts).String(); got != "2026-10-01" {
		t.Errorf("DateOf(%v) = %s, want 2026-10-01", ts, got)
	}
	ts = time.Date(2026, 9, 30, 15, 59, 59, 0, time.UTC)
	if got := DateOf(ts).String(); got != "2026-09-30" {
		t.Errorf("DateOf(%v) = %s, want 2026-09-30", ts, got)
	}
}

func TestDateScanValue(t *testing.T) {
	var d Date
	if err := d.Scan(time.Date(2026, 2, 14, 0, 0, 0, 0, time.UTC)); err != nil || d.String() != "2026-02-14" {
		t.Fatalf("Scan(time) = %v, %v", d, err)
	}
	if err := d.Scan(nil); err != nil || !d.IsZero() {
		t.Fatalf("Scan(nil) = %v, %v", d, err)
	}
	if v, _ := d.Value(); v != nil {
		t.Errorf("zero Value() = %v, want nil", v)
	}
	if v, _ := MustParseDate("2026-02-14").Value(); v != "2026-02-14" {
		t.Errorf("Value() = %v", v)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-02-14", "2026-02-30", "", "9999-12-31", "1900-01-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q).String() = %q", s, d.String())
		}
	})
}
