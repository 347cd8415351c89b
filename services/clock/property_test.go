package clock

import (
	"bytes"
	"io/fs"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fuzzDay maps any integer to a day from 2010 to about 2039, so the fuzzer
// explores loaded years, their edges, and missing years on both sides.
func fuzzDay(off int32) Date {
	const span = 30 * 365
	return NewDate(2010, 1, 1).AddDays(int((off%span + span) % span))
}

// FuzzAddWorkingDays checks the laws of the arithmetic: the answer is a
// working day; adding a then b is adding a+b, with the same missing years;
// counting undoes adding; going back a days from the answer lands on the
// last working day on or before the start.
func FuzzAddWorkingDays(f *testing.F) {
	for _, seed := range []struct {
		off  int32
		a, b uint16
	}{{0, 20, 20}, {6113, 20, 0}, {6119, 1, 45}, {6205, 7, 15}, {6203, 0, 3}, {6208, 300, 1}, {3283, 5, 5}} {
		f.Add(seed.off, seed.a, seed.b)
	}
	cal := national(f)
	f.Fuzz(func(t *testing.T, off int32, a16, b16 uint16) {
		d, a, b := fuzzDay(off), int(a16%400), int(b16%400)
		r1, m1 := cal.AddWorkingDays(d, a)
		r2, m2 := cal.AddWorkingDays(r1, b)
		r, m := cal.AddWorkingDays(d, a+b)
		if r != r2 || m != m1.Union(m2) {
			t.Fatalf("add(add(%s, %d), %d) = %s %v, add(%s, %d) = %s %v", d, a, b, r2, m1.Union(m2).List(), d, a+b, r, m.List())
		}
		if a == 0 {
			if r1 != d || !m1.Empty() {
				t.Fatalf("add(%s, 0) = %s %v", d, r1, m1.List())
			}
			return
		}
		if !cal.IsWorkingDay(r1) {
			t.Fatalf("add(%s, %d) = %s, not a working day", d, a, r1)
		}
		if n, cm := cal.CountWorkingDays(d, r1); n != a || cm != m1 {
			t.Fatalf("count(%s, %s) = %d %v, want %d %v", d, r1, n, cm.List(), a, m1.List())
		}
		if n, _ := cal.CountWorkingDays(r1, d); n != -a {
			t.Fatalf("count(%s, %s) = %d, want %d", r1, d, n, -a)
		}
		back, _ := cal.AddWorkingDays(r1, -a)
		last := d
		for !cal.IsWorkingDay(last) {
			last = last.AddDays(-1)
		}
		if back != last {
			t.Fatalf("add(%s, -%d) = %s, want the last working day on or before %s, %s", r1, a, back, d, last)
		}
	})
}

// FuzzZeroLengthPause pins the definition: a PAUSE and a RESUME on the same
// day z, while the clock is running, exclude no working day. z counts as
// used (the pause day), counting resumes after z (the resume day), so the
// due date, the days used and left and the missing years are exactly those
// of the ledger without the pair, whatever came before it.
func FuzzZeroLengthPause(f *testing.F) {
	f.Add(int32(6113), uint8(3), uint8(4), uint8(5), uint8(9), uint8(0))
	f.Add(int32(6205), uint8(0), uint8(0), uint8(0), uint8(0), uint8(20))
	f.Add(int32(6197), uint8(10), uint8(20), uint8(30), uint8(60), uint8(5))
	f.Add(int32(6200), uint8(40), uint8(1), uint8(1), uint8(1), uint8(1))
	cal := national(f)
	f.Fuzz(func(t *testing.T, off int32, p, q, z, asOf, ext uint8) {
		recv := fuzzDay(off)
		pauseOn := recv.AddDays(int(p))
		resumeOn := pauseOn.AddDays(int(q))
		zero := resumeOn.AddDays(int(z))
		as := zero.AddDays(int(asOf))
		base := []Event{pause(pauseOn.String(), PauseConsultation), resume(resumeOn.String())}
		var tail []Event
		if ext%21 != 0 {
			tail = []Event{extend(as.String(), int(ext%21))}
		}
		without := Ledger{ReceivedOn: recv, Events: append(append([]Event{}, base...), tail...)}
		with := Ledger{ReceivedOn: recv, Events: append(append(append([]Event{}, base...), pause(zero.String(), PauseConsultation), resume(zero.String())), tail...)}
		r1, err1 := Compute(cal, without, as)
		r2, err2 := Compute(cal, with, as)
		if err1 != nil || err2 != nil {
			t.Fatalf("Compute errors: %v, %v", err1, err2)
		}
		v1, v2 := viewOf(r1), viewOf(r2)
		v1.Explain, v2.Explain = nil, nil
		if diff := cmp.Diff(v1, v2); diff != "" {
			t.Fatalf("zero-length pause on %s changed the clock (-without +with):\n%s", zero, diff)
		}
	})
}

// FuzzCompute feeds arbitrary event sequences: Compute never panics, and an
// accepted ledger satisfies the bookkeeping identities.
func FuzzCompute(f *testing.F) {
	f.Add(int32(6113), []byte{1, 3, 2, 4, 4, 1, 1, 2, 2, 5})
	f.Add(int32(6200), []byte{3, 2, 1, 7, 2, 0, 5, 30, 40})
	f.Add(int32(6300), []byte{5, 1, 60})
	cal := national(f)
	f.Fuzz(func(t *testing.T, off int32, ops []byte) {
		recv := fuzzDay(off)
		l := Ledger{ReceivedOn: recv}
		on := recv
		for i := 0; i+1 < len(ops) && len(l.Events) < 16; i += 2 {
			on = on.AddDays(int(ops[i+1] % 20))
			e := Event{Kind: EventKind(ops[i]%6 + 0), On: on}
			switch e.Kind {
			case EventPause:
				e.Reason = PauseReason(ops[i+1] % 4)
			case EventExtend:
				e.Days = int(ops[i+1] % 24)
			case EventDelayTo:
				e.Due = on.AddDays(int(ops[i+1]) * 3)
			}
			l.Events = append(l.Events, e)
		}
		as := on.AddDays(len(ops))
		r, err := Compute(cal, l, as)
		if err != nil {
			return
		}
		_ = r.Explain()
		if r.Budget != r.BaseDays+r.ExtensionDays {
			t.Fatalf("budget %d != %d + %d", r.Budget, r.BaseDays, r.ExtensionDays)
		}
		if r.DueOn == r.StatutoryDueOn && r.WorkingDaysLeft != r.Budget-r.WorkingDaysUsed {
			t.Fatalf("left %d != budget %d - used %d", r.WorkingDaysLeft, r.Budget, r.WorkingDaysUsed)
		}
		if r.DueOn.IsZero() != (r.Paused && r.WorkingDaysUsed < r.Budget) {
			t.Fatalf("due %s with paused=%v used=%d budget=%d", r.DueOn, r.Paused, r.WorkingDaysUsed, r.Budget)
		}
		if r.Provisional != !r.MissingYears.Empty() {
			t.Fatalf("provisional %v with missing %v", r.Provisional, r.MissingYears.List())
		}
	})
}

// FuzzParseYearFile: the parser never panics, and every file it accepts
// builds a calendar and round-trips through the canonical form.
func FuzzParseYearFile(f *testing.F) {
	f.Add([]byte(validYearFile))
	f.Add([]byte(testOverlay))
	f.Add([]byte(`{"region":"CN","year":2026,"notices":[{"title":"t"}],"holidays":[{"name":"<&>","off":[{"from":"2025-12-31","to":"2026-01-01"}]}]}`))
	f.Add([]byte(`{"region":"CN","year":1e3}`))
	f.Add([]byte(`null`))
	_ = fs.WalkDir(calendarFS, "calendars", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := calendarFS.ReadFile(p)
			f.Add(data)
		}
		return nil
	})
	f.Fuzz(func(t *testing.T, data []byte) {
		yf, err := ParseYearFile(data)
		if err != nil {
			return
		}
		canon := yf.Canonical()
		again, err := ParseYearFile(canon)
		if err != nil {
			t.Fatalf("canonical form rejected: %v\n%s", err, canon)
		}
		if diff := cmp.Diff(yf, again, dateEqual); diff != "" {
			t.Fatalf("round trip mismatch (-parsed +reparsed):\n%s", diff)
		}
		if !bytes.Equal(again.Canonical(), canon) {
			t.Fatalf("canonical form is not stable:\n%s", canon)
		}
		if _, err := NewCalendar(yf); err != nil {
			t.Fatalf("NewCalendar rejected an accepted file: %v", err)
		}
	})
}
