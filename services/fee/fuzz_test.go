package fee

import (
	"errors"
	"testing"
)

func FuzzForPieces(f *testing.F) {
	for _, s := range [][2]int{{0, 1}, {0, 10}, {9, 2}, {11, 2}, {28, 4}, {30, 1}, {39, 2},
		{-1, 1}, {0, 0}, {0, -3}, {MaxPiecesBeforeThisMonth, MaxPieces}, {MaxPiecesBeforeThisMonth + 1, 1}, {0, MaxPieces + 1}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, before, pieces int) {
		q, err := ForPieces(before, pieces)
		valid := before >= 0 && before <= MaxPiecesBeforeThisMonth && pieces >= 1 && pieces <= MaxPieces
		if !valid {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("ForPieces(%d, %d) = %+v, %v; want *InputError", before, pieces, q, err)
			}
			if ie.Field != FieldPieces && ie.Field != FieldPiecesBeforeThisMonth {
				t.Fatalf("ForPieces(%d, %d): field %q", before, pieces, ie.Field)
			}
			return
		}
		if err != nil {
			t.Fatalf("ForPieces(%d, %d): %v", before, pieces, err)
		}
		checkQuote(t, q, before+1, before+pieces)
		if want := naivePieces(before, pieces); q.AmountFen != want {
			t.Fatalf("ForPieces(%d, %d) = %d, reference %d", before, pieces, q.AmountFen, want)
		}
	})
}

func FuzzForPages(f *testing.F) {
	for _, p := range []int{1, 30, 31, 100, 101, 150, 200, 201, 250, MaxPages, 0, -1, MaxPages + 1} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, pages int) {
		q, err := ForPages(pages)
		if pages < 1 || pages > MaxPages {
			var ie *InputError
			if !errors.As(err, &ie) || ie.Field != FieldPages {
				t.Fatalf("ForPages(%d) = %+v, %v; want *InputError on pages", pages, q, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("ForPages(%d): %v", pages, err)
		}
		checkQuote(t, q, 1, pages)
		if want := naivePages(pages); q.AmountFen != want {
			t.Fatalf("ForPages(%d) = %d, reference %d", pages, q.AmountFen, want)
		}
	})
}
