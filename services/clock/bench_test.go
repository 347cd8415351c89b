package clock

import "testing"

func BenchmarkAddWorkingDays20(b *testing.B) {
	cal := national(b)
	from := MustParseDate("2026-09-28")
	for b.Loop() {
		cal.AddWorkingDays(from, 20)
	}
}

func BenchmarkCountWorkingDaysAcrossYears(b *testing.B) {
	cal := national(b)
	from, to := MustParseDate("2019-01-02"), MustParseDate("2026-12-31")
	for b.Loop() {
		cal.CountWorkingDays(from, to)
	}
}

func BenchmarkIsWorkingDay(b *testing.B) {
	cal := national(b)
	day := MustParseDate("2026-10-10")
	for b.Loop() {
		cal.IsWorkingDay(day)
	}
}

// benchLedger has ten events: a clarification and restart, three
// consultations, an extension and an Art. 35 delay.
var benchLedger = Ledger{ReceivedOn: MustParseDate("2026-01-05"), Events: []Event{
	pause("2026-01-08", PauseClarification), restart("2026-01-15"),
	pause("2026-01-20", PauseConsultation), resume("2026-01-23"),
	pause("2026-02-03", PauseConsultation), resume("2026-02-26"),
	extend("2026-03-02", 10),
	pause("2026-03-05", PauseFeeNotice), resume("2026-03-10"),
	delayTo("2026-03-11", "2026-06-30"),
}}

func BenchmarkCompute10Events(b *testing.B) {
	cal := national(b)
	asOf := MustParseDate("2026-03-20")
	if _, err := Compute(cal, benchLedger, asOf); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Compute(cal, benchLedger, asOf); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkComputeInto10Events(b *testing.B) {
	cal := national(b)
	asOf := MustParseDate("2026-03-20")
	var r Result
	for b.Loop() {
		if err := ComputeInto(&r, cal, benchLedger, asOf); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkComputeAndExplain(b *testing.B) {
	cal := national(b)
	asOf := MustParseDate("2026-03-20")
	for b.Loop() {
		r, _ := Compute(cal, benchLedger, asOf)
		r.Explain()
	}
}
