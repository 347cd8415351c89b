package fee

import "math"

// volumeBands are the progressive page bands of one application: each page
// is priced by the band it falls in, like income tax brackets.
var volumeBands = [...]band{
	{1, 30, 0},
	{31, 100, 10},
	{101, 200, 20},
	{201, math.MaxInt, 40},
}

// ForPages prices one application of pages pages (按量计收).
//
// A per-volume quote needs at least one page: with nothing to copy there is
// nothing to charge by volume, and a zero-page quote would only produce an
// empty fee notice, so 0 is rejected rather than priced at 0. Errors are
// *InputError naming FieldPages.
func ForPages(pages int) (Quote, error) {
	switch {
	case pages < 1:
		return Quote{}, &InputError{FieldPages, pages, "按量计收至少为1页"}
	case pages > MaxPages:
		return Quote{}, &InputError{FieldPages, pages, "页数超过上限1000000页，请核对"}
	}
	q := Quote{Mode: PerVolume, From: 1, To: pages, Items: make([]Item, 0, len(volumeBands))}
	for _, b := range volumeBands {
		if b.from > pages {
			break
		}
		q.add(b.from, min(b.to, pages), b.yuan)
	}
	return q, nil
}
