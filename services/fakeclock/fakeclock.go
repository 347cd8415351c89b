// Package fakeclock is the clock tests inject where foi takes the time from
// a func() time.Time: it stands still until a test moves it, so that dates
// the law counts are the dates the test names.
package fakeclock

import (
	"sync"
	"time"

	"foi/services/clock"
)

// Clock is a settable clock, safe for concurrent use.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// At returns a clock standing at t.
func At(t time.Time) *Clock { return &Clock{now: t} }

// On returns a clock standing at 09:00 (Asia/Shanghai) on day, a
// "YYYY-MM-DD" date: a working morning, well inside the day in any zone
// the dates are read in.
func On(day string) *Clock {
	c := &Clock{}
	c.Set(day)
	return c
}

// Now returns the clock's time; pass c.Now where a func() time.Time is
// wanted.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to 09:00 (Asia/Shanghai) on day.
func (c *Clock) Set(day string) {
	c.SetTime(clock.MustParseDate(day).Time().Add(9 * time.Hour))
}

// SetTime moves the clock to t.
func (c *Clock) SetTime(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
