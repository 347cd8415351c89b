package clock

import (
	"fmt"
	"math/bits"
)

// MaxWorkingDays bounds n in AddWorkingDays (about 140 years). Statutory
// periods are tens of days; anything near the bound is a bug upstream, and
// the bound keeps the year-by-year walk finite.
const MaxWorkingDays = 36500

// AddWorkingDays returns the n-th working day strictly after d: d itself
// never counts, even when it is a working day (the starting day is not
// counted). AddWorkingDays(d, 0) is d. A negative n gives the |n|-th working
// day strictly before d. Missing holds the years whose calendar was not
// loaded for a day examined, whose status was therefore guessed from
// weekends alone. It panics if |n| > MaxWorkingDays.
func (c *Calendar) AddWorkingDays(d Date, n int) (due Date, missing Years) {
	switch {
	case n > MaxWorkingDays || n < -MaxWorkingDays:
		panic(fmt.Sprintf("clock: AddWorkingDays(%s, %d): more than %d working days", d, n, MaxWorkingDays))
	case n > 0:
		due = c.forward(d.n, n, &missing)
	case n < 0:
		due = c.backward(d.n, -n, &missing)
	default:
		due = d
	}
	return due, missing
}

// CountWorkingDays returns the number of working days in (a, b]: after a, up
// to and including b. When b is before a it returns minus the number in
// (b, a], so CountWorkingDays(a, b) == -CountWorkingDays(b, a).
func (c *Calendar) CountWorkingDays(a, b Date) (n int, missing Years) {
	switch {
	case a.n < b.n:
		n = c.count(a.n, b.n, &missing)
	case b.n < a.n:
		n = -c.count(b.n, a.n, &missing)
	}
	return n, missing
}

// count returns the working days in (a, b] for a < b, one year per step.
func (c *Calendar) count(a, b int32, miss *Years) int {
	lo := a + 1
	y := yearOf(lo)
	s := yearStart(y)
	n := 0
	for {
		t := c.table(y)
		end := s + int32(t.days)
		i, j := int(lo-s), int(min(b+1, end)-s)
		n += int(t.cum[j]) - int(t.cum[i])
		if t.anyGuess && anyBit(&t.guess, i, j) {
			miss.Add(y)
		}
		if b < end {
			return n
		}
		lo, s, y = end, end, y+1
	}
}

// forward returns the n-th working day after day number d, n > 0. Whole
// years are skipped by their counts, and the day inside the last year is
// found by binary search on the cumulative counts.
func (c *Calendar) forward(d int32, n int, miss *Years) Date {
	pos := d + 1
	y := yearOf(pos)
	s := yearStart(y)
	for {
		t := c.table(y)
		i := int(pos - s)
		if avail := int(t.cum[t.days]) - int(t.cum[i]); n > avail {
			if t.anyGuess && anyBit(&t.guess, i, t.days) {
				miss.Add(y)
			}
			n -= avail
			s += int32(t.days)
			pos, y = s, y+1
			continue
		}
		// The answer is the smallest k >= i with cum[k+1] >= cum[i]+n.
		target := t.cum[i] + uint16(n)
		lo, hi := i, t.days-1
		for lo < hi {
			mid := int(uint(lo+hi) >> 1)
			if t.cum[mid+1] >= target {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		if t.anyGuess && anyBit(&t.guess, i, lo+1) {
			miss.Add(y)
		}
		return Date{s + int32(lo)}
	}
}

// backward returns the n-th working day before day number d, n > 0.
func (c *Calendar) backward(d int32, n int, miss *Years) Date {
	pos := d - 1
	y := yearOf(pos)
	s := yearStart(y)
	for {
		t := c.table(y)
		i := int(pos - s)
		if avail := int(t.cum[i+1]); n > avail {
			if t.anyGuess && anyBit(&t.guess, 0, i+1) {
				miss.Add(y)
			}
			n -= avail
			y--
			s = yearStart(y)
			pos = s + int32(daysIn(y)) - 1
			continue
		}
		// The answer is the largest k <= i with cum[k] <= cum[i+1]-n: day k
		// is then a working day with exactly n working days in k..i.
		target := t.cum[i+1] - uint16(n)
		lo, hi := 0, i
		for lo < hi {
			mid := int(uint(lo+hi+1) >> 1)
			if t.cum[mid] <= target {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		if t.anyGuess && anyBit(&t.guess, lo, i+1) {
			miss.Add(y)
		}
		return Date{s + int32(lo)}
	}
}

// wordMask returns the bits of 64-bit word w that fall in [i, j).
func wordMask(w, i, j int) uint64 {
	lo, hi := max(i-w*64, 0), min(j-w*64, 64)
	if lo >= hi {
		return 0
	}
	m := ^uint64(0) << lo
	if hi < 64 {
		m &= (1 << hi) - 1
	}
	return m
}

// anyBit reports whether any bit in [i, j) of bm is set.
func anyBit(bm *[6]uint64, i, j int) bool {
	if i >= j {
		return false
	}
	for w := i >> 6; w <= (j-1)>>6; w++ {
		if bm[w]&wordMask(w, i, j) != 0 {
			return true
		}
	}
	return false
}

func trailingZeros(x uint64) int { return bits.TrailingZeros64(x) }
