package fee

import "testing"

func BenchmarkForPieces(b *testing.B) {
	for _, bc := range []struct {
		name           string
		before, pieces int
	}{
		{"typical", 25, 3},
		{"max", MaxPiecesBeforeThisMonth, MaxPieces},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ForPieces(bc.before, bc.pieces); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkForPages(b *testing.B) {
	for _, bc := range []struct {
		name  string
		pages int
	}{
		{"typical", 250},
		{"max", MaxPages},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ForPages(bc.pages); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
