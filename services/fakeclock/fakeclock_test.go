package fakeclock

import (
	"testing"
	"time"

	"foi/services/clock"
)

func TestClock(t *testing.T) {
	c := On("2026-12-02")
	if got := clock.DateOf(c.Now()); got.String() != "2026-12-02" {
		t.Fatalf("On: date %s, want 2026-12-02", got)
	}
	if h := c.Now().In(clock.Shanghai).Hour(); h != 9 {
		t.Errorf("On: hour %d in Shanghai, want 9", h)
	}
	c.Advance(16 * time.Hour)
	if got := clock.DateOf(c.Now()); got.String() != "2026-12-03" {
		t.Errorf("after 16h: date %s, want 2026-12-03", got)
	}
	t0 := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	c.SetTime(t0)
	if !c.Now().Equal(t0) || !At(t0).Now().Equal(t0) {
		t.Errorf("SetTime/At: %v, want %v", c.Now(), t0)
	}
}
