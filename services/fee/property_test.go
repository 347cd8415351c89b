package fee

import (
	"math/rand/v2"
	"testing"
)

// naivePiece is the per-piece rule written straight from rules.md, as a
// reference independent of the band walk in ForPieces.
func naivePiece(k int) int64 {
	switch {
	case k <= 10:
		return 0
	case k <= 30:
		return 10_000
	}
	return (100 + 100*int64((k-30+9)/10)) * 100 // ceil((k-30)/10)
}

// naivePage prices the p-th page of an application straight from the table.
func naivePage(p int) int64 {
	switch {
	case p <= 30:
		return 0
	case p <= 100:
		return 1_000
	case p <= 200:
		return 2_000
	}
	return 4_000
}

func naivePieces(before, pieces int) int64 {
	var sum int64
	for k := before + 1; k <= before+pieces; k++ {
		sum += naivePiece(k)
	}
	return sum
}

func naivePages(pages int) int64 {
	var sum int64
	for p := 1; p <= pages; p++ {
		sum += naivePage(p)
	}
	return sum
}

// checkQuote verifies the invariants documented on Quote.
func checkQuote(t *testing.T, q Quote, from, to int) {
	t.Helper()
	if q.From != from || q.To != to {
		t.Fatalf("quote covers %d..%d, want %d..%d", q.From, q.To, from, to)
	}
	if q.AmountFen < 0 {
		t.Fatalf("negative amount %d", q.AmountFen)
	}
	next := from
	var sum int64
	var last int64 = -1
	for i, it := range q.Items {
		if it.From != next || it.To < it.From || it.Count != it.To-it.From+1 {
			t.Fatalf("item %d %+v breaks the run from %d", i, it, next)
		}
		if it.UnitFen < 0 || it.AmountFen != int64(it.Count)*it.UnitFen || it.Label == "" {
			t.Fatalf("item %d %+v is inconsistent", i, it)
		}
		if it.UnitFen <= last {
			t.Fatalf("item %d unit %d not above the previous %d: runs at one price must be one item", i, it.UnitFen, last)
		}
		last = it.UnitFen
		sum += it.AmountFen
		next = it.To + 1
	}
	if next != to+1 {
		t.Fatalf("items end at %d, want %d", next-1, to)
	}
	if sum != q.AmountFen {
		t.Fatalf("items sum to %d, quote says %d", sum, q.AmountFen)
	}
}

func mustPieces(t *testing.T, before, pieces int) Quote {
	t.Helper()
	q, err := ForPieces(before, pieces)
	if err != nil {
		t.Fatalf("ForPieces(%d, %d): %v", before, pieces, err)
	}
	return q
}

func mustPages(t *testing.T, pages int) Quote {
	t.Helper()
	q, err := ForPages(pages)
	if err != nil {
		t.Fatalf("ForPages(%d): %v", pages, err)
	}
	return q
}

func TestPiecesAgainstReference(t *testing.T) {
	for before := 0; before <= 120; before++ {
		for pieces := 1; pieces <= 120; pieces++ {
			q := mustPieces(t, before, pieces)
			checkQuote(t, q, before+1, before+pieces)
			if want := naivePieces(before, pieces); q.AmountFen != want {
				t.Fatalf("ForPieces(%d, %d) = %d, reference %d", before, pieces, q.AmountFen, want)
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		before, pieces := r.IntN(MaxPiecesBeforeThisMonth+1), 1+r.IntN(MaxPieces)
		q := mustPieces(t, before, pieces)
		checkQuote(t, q, before+1, before+pieces)
		if want := naivePieces(before, pieces); q.AmountFen != want {
			t.Fatalf("ForPieces(%d, %d) = %d, reference %d", before, pieces, q.AmountFen, want)
		}
	}
}

func TestPagesAgainstReference(t *testing.T) {
	for pages := 1; pages <= 1000; pages++ {
		q := mustPages(t, pages)
		checkQuote(t, q, 1, pages)
		if want := naivePages(pages); q.AmountFen != want {
			t.Fatalf("ForPages(%d) = %d, reference %d", pages, q.AmountFen, want)
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		pages := 1 + r.IntN(MaxPages)
		q := mustPages(t, pages)
		checkQuote(t, q, 1, pages)
		if want := naivePages(pages); q.AmountFen != want {
			t.Fatalf("ForPages(%d) = %d, reference %d", pages, q.AmountFen, want)
		}
	}
}

func TestMonotone(t *testing.T) {
	for before := 0; before <= 80; before++ {
		prev := int64(-1)
		for pieces := 1; pieces <= 80; pieces++ {
			a := mustPieces(t, before, pieces).AmountFen
			if a < prev {
				t.Fatalf("ForPieces(%d, %d) = %d < %d for one piece fewer", before, pieces, a, prev)
			}
			prev = a
		}
	}
	// A later piece of the month never costs less than an earlier one.
	for k := 1; k <= 200; k++ {
		if a, b := mustPieces(t, k-1, 1).AmountFen, mustPieces(t, k, 1).AmountFen; b < a {
			t.Fatalf("piece %d costs %d, piece %d costs %d", k+1, b, k, a)
		}
	}
	prev := int64(-1)
	for pages := 1; pages <= 1000; pages++ {
		a := mustPages(t, pages).AmountFen
		if a < prev {
			t.Fatalf("ForPages(%d) = %d < %d for one page fewer", pages, a, prev)
		}
		prev = a
	}
}

// TestSplitPieces checks that pricing a run of pieces in two consecutive
// calls, as two applications of the same month would, gives the same total.
func TestSplitPieces(t *testing.T) {
	check := func(before, p1, p2 int) {
		whole := mustPieces(t, before, p1+p2).AmountFen
		parts := mustPieces(t, before, p1).AmountFen + mustPieces(t, before+p1, p2).AmountFen
		if whole != parts {
			t.Fatalf("before %d: %d+%d pieces cost %d, in two calls %d", before, p1, p2, whole, parts)
		}
	}
	for before := 0; before <= 60; before++ {
		for p1 := 1; p1 <= 40; p1++ {
			for p2 := 1; p2 <= 40; p2++ {
				check(before, p1, p2)
			}
		}
	}
	r := rand.New(rand.NewPCG(5, 6))
	for range 1000 {
		check(r.IntN(50_000), 1+r.IntN(MaxPieces/2), 1+r.IntN(MaxPieces/2))
	}
}
