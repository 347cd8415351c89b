package clock

import (
	"math/bits"
	"strconv"
	"strings"
)

// Years between yearsBase and yearsBase+127 are kept as bits; a calendar file
// can only exist for 1990..2100 (see MinYear, MaxYear), so every year that
// may ever be loaded has a bit.
const yearsBase = 1990

// Years is a small set of years, used to name the years whose calendar was
// missing from a computation. It is a comparable value and never allocates
// until List is called. Years outside 1990..2117 can never have a calendar
// file; for them the set keeps one range below 1990 and one above 2117, each
// from the lowest to the highest year added. That is exact for the sets the
// engine builds, because a computation spans consecutive days and every
// year out there is missing.
type Years struct {
	bits         [2]uint64
	below, above yearRange
}

// yearRange is an inclusive range of years; the zero value is empty.
type yearRange struct{ lo, hi int32 }

func (r *yearRange) add(y int32) {
	if r.lo == 0 || y < r.lo {
		r.lo = y
	}
	if r.hi == 0 || y > r.hi {
		r.hi = y
	}
}

func (r yearRange) contains(y int) bool { return r.lo != 0 && int32(y) >= r.lo && int32(y) <= r.hi }

func (r yearRange) appendTo(out []int) []int {
	if r.lo != 0 {
		for y := r.lo; y <= r.hi; y++ {
			out = append(out, int(y))
		}
	}
	return out
}

// Add puts y into the set.
func (s *Years) Add(y int) {
	switch off := y - yearsBase; {
	case off < 0:
		s.below.add(int32(y))
	case off >= 128:
		s.above.add(int32(y))
	default:
		s.bits[off>>6] |= 1 << (off & 63)
	}
}

// Union returns the years in s or o.
func (s Years) Union(o Years) Years {
	s.bits[0] |= o.bits[0]
	s.bits[1] |= o.bits[1]
	for _, r := range [...]yearRange{o.below, o.above} {
		if r.lo != 0 {
			s.Add(int(r.lo))
			s.Add(int(r.hi))
		}
	}
	return s
}

// Empty reports whether the set has no years.
func (s Years) Empty() bool { return s == Years{} }

// Contains reports whether y is in the set.
func (s Years) Contains(y int) bool {
	if off := y - yearsBase; off >= 0 && off < 128 {
		return s.bits[off>>6]&(1<<(off&63)) != 0
	}
	return s.below.contains(y) || s.above.contains(y)
}

// Len returns the number of years in the set.
func (s Years) Len() int { return len(s.List()) }

// List returns the years in ascending order, or nil for the empty set.
func (s Years) List() []int {
	if s.Empty() {
		return nil
	}
	out := s.below.appendTo(nil)
	for w, word := range s.bits {
		for word != 0 {
			i := bits.TrailingZeros64(word)
			out = append(out, yearsBase+w*64+i)
			word &^= 1 << i
		}
	}
	return s.above.appendTo(out)
}

// String lists the years separated by "、", the way the Chinese explanation
// names them, e.g. "2027、2028".
func (s Years) String() string {
	var b strings.Builder
	for i, y := range s.List() {
		if i > 0 {
			b.WriteString("、")
		}
		b.WriteString(strconv.Itoa(y))
	}
	return b.String()
}
