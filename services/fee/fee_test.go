package fee

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRulesExamples pins every example of rules.md section 4.
func TestRulesExamples(t *testing.T) {
	tests := []struct {
		name string
		in   Input
		want int64
	}{
		{"150 pages", Input{Mode: PerVolume, Pages: 150}, 170_000},
		{"250 pages", Input{Mode: PerVolume, Pages: 250}, 470_000},
		{"12th and 13th pieces", Input{Mode: PerPiece, PiecesBeforeThisMonth: 11, Pieces: 2}, 20_000},
		{"pieces 29 to 32", Input{Mode: PerPiece, PiecesBeforeThisMonth: 28, Pieces: 4}, 60_000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := Calculate(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if q.AmountFen != tt.want {
				t.Errorf("AmountFen = %d, want %d", q.AmountFen, tt.want)
			}
		})
	}
}

func TestForPagesItems(t *testing.T) {
	q, err := ForPages(250)
	if err != nil {
		t.Fatal(err)
	}
	want := Quote{
		Mode: PerVolume, From: 1, To: 250, AmountFen: 470_000,
		Items: []Item{
			{From: 1, To: 30, Count: 30, UnitFen: 0, AmountFen: 0, Label: "第1至30页，免费，计0元"},
			{From: 31, To: 100, Count: 70, UnitFen: 1000, AmountFen: 70_000, Label: "第31至100页，每页10元，计700元"},
			{From: 101, To: 200, Count: 100, UnitFen: 2000, AmountFen: 200_000, Label: "第101至200页，每页20元，计2000元"},
			{From: 201, To: 250, Count: 50, UnitFen: 4000, AmountFen: 200_000, Label: "第201至250页，每页40元，计2000元"},
		},
	}
	if diff := cmp.Diff(want, q); diff != "" {
		t.Errorf("ForPages(250) mismatch (-want +got):\n%s", diff)
	}
	if got, want := q.Summary(), "按量计收：共250页，合计4700元"; got != want {
		t.Errorf("Summary() = %q, want %q", got, want)
	}
}

func TestForPiecesItems(t *testing.T) {
	q, err := ForPieces(8, 25) // pieces 9..33
	if err != nil {
		t.Fatal(err)
	}
	want := Quote{
		Mode: PerPiece, From: 9, To: 33, AmountFen: 260_000,
		Items: []Item{
			{From: 9, To: 10, Count: 2, UnitFen: 0, AmountFen: 0, Label: "第9至10件，免费，计0元"},
			{From: 11, To: 30, Count: 20, UnitFen: 10_000, AmountFen: 200_000, Label: "第11至30件，每件100元，计2000元"},
			{From: 31, To: 33, Count: 3, UnitFen: 20_000, AmountFen: 60_000, Label: "第31至33件，每件200元，计600元"},
		},
	}
	if diff := cmp.Diff(want, q); diff != "" {
		t.Errorf("ForPieces(8, 25) mismatch (-want +got):\n%s", diff)
	}
	if got, want := q.Summary(), "按件计收：本月第9至33件，共25件，合计2600元"; got != want {
		t.Errorf("Summary() = %q, want %q", got, want)
	}

	q, err = ForPieces(40, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := q.Items[0].Label, "第41件，每件300元，计300元"; got != want {
		t.Errorf("single-piece label = %q, want %q", got, want)
	}
}

// TestPieceBoundaries prices single pieces on both sides of every tier edge.
func TestPieceBoundaries(t *testing.T) {
	tests := []struct {
		k    int // the k-th piece of the month
		want int64
	}{
		{1, 0}, {10, 0}, {11, 10_000}, {30, 10_000}, {31, 20_000}, {40, 20_000},
		{41, 30_000}, {50, 30_000}, {51, 40_000}, {100, 80_000}, {101, 90_000},
	}
	for _, tt := range tests {
		q, err := ForPieces(tt.k-1, 1)
		if err != nil {
			t.Fatalf("piece %d: %v", tt.k, err)
		}
		if q.AmountFen != tt.want {
			t.Errorf("piece %d = %d fen, want %d", tt.k, q.AmountFen, tt.want)
		}
	}
}

// TestPageBoundaries prices whole applications on both sides of every band edge.
func TestPageBoundaries(t *testing.T) {
	tests := []struct {
		pages int
		want  int64
	}{
		{1, 0}, {30, 0}, {31, 1_000}, {100, 70_000}, {101, 72_000},
		{200, 270_000}, {201, 274_000}, {1_000_000, 270_000 + 999_800*4_000},
	}
	for _, tt := range tests {
		q, err := ForPages(tt.pages)
		if err != nil {
			t.Fatalf("%d pages: %v", tt.pages, err)
		}
		if q.AmountFen != tt.want {
			t.Errorf("%d pages = %d fen, want %d", tt.pages, q.AmountFen, tt.want)
		}
	}
}

func TestInputErrors(t *testing.T) {
	tests := []struct {
		name  string
		in    Input
		field string
	}{
		{"zero pieces", Input{Mode: PerPiece}, FieldPieces},
		{"negative pieces", Input{Mode: PerPiece, Pieces: -1}, FieldPieces},
		{"too many pieces", Input{Mode: PerPiece, Pieces: MaxPieces + 1}, FieldPieces},
		{"negative before", Input{Mode: PerPiece, PiecesBeforeThisMonth: -1, Pieces: 1}, FieldPiecesBeforeThisMonth},
		{"before too large", Input{Mode: PerPiece, PiecesBeforeThisMonth: MaxPiecesBeforeThisMonth + 1, Pieces: 1}, FieldPiecesBeforeThisMonth},
		{"zero pages", Input{Mode: PerVolume}, FieldPages},
		{"negative pages", Input{Mode: PerVolume, Pages: -5}, FieldPages},
		{"too many pages", Input{Mode: PerVolume, Pages: MaxPages + 1}, FieldPages},
		{"no mode", Input{Pieces: 1}, FieldMode},
		{"unknown mode", Input{Mode: 3, Pages: 1}, FieldMode},
		{"pages with per piece", Input{Mode: PerPiece, Pieces: 1, Pages: 10}, FieldPages},
		{"pieces with per volume", Input{Mode: PerVolume, Pieces: 1, Pages: 10}, FieldPieces},
		{"before with per volume", Input{Mode: PerVolume, PiecesBeforeThisMonth: 3, Pages: 10}, FieldPiecesBeforeThisMonth},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := Calculate(tt.in)
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("Calculate(%+v) = %+v, %v; want *InputError", tt.in, q, err)
			}
			if ie.Field != tt.field {
				t.Errorf("Field = %q, want %q", ie.Field, tt.field)
			}
			if ie.Reason == "" {
				t.Error("empty Reason")
			}
		})
	}
}

func TestLimitsAccepted(t *testing.T) {
	if _, err := ForPieces(MaxPiecesBeforeThisMonth, MaxPieces); err != nil {
		t.Errorf("ForPieces at the limits: %v", err)
	}
	if _, err := ForPieces(0, 1); err != nil {
		t.Errorf("ForPieces(0, 1): %v", err)
	}
	if _, err := ForPages(MaxPages); err != nil {
		t.Errorf("ForPages at the limit: %v", err)
	}
}

func TestStandard(t *testing.T) {
	tests := []struct {
		mode Mode
		want string
	}{
		{PerPiece, "按件计收：每自然月同一申请人第1至10件免费，第11至30件每件100元，第31件起每10件为一档，每件收费在100元基础上每档增加100元（第31至40件每件200元，第41至50件每件300元，依此类推）。"},
		{PerVolume, "按量计收：同一件申请按页数分段累进计算，第1至30页免费，第31至100页每页10元，第101至200页每页20元，第201页起每页40元。"},
		{0, ""},
	}
	for _, tt := range tests {
		if got := Standard(tt.mode); got != tt.want {
			t.Errorf("Standard(%v) = %q, want %q", tt.mode, got, tt.want)
		}
	}
	q, _ := ForPages(10)
	if q.Standard() != Standard(PerVolume) {
		t.Error("Quote.Standard differs from Standard(PerVolume)")
	}
	if got := (Quote{}).Summary(); got != "" {
		t.Errorf("zero Quote Summary() = %q, want \"\"", got)
	}
}

func TestModeString(t *testing.T) {
	for m, want := range map[Mode]string{PerPiece: "按件计收", PerVolume: "按量计收", 0: "Mode(0)"} {
		if got := m.String(); got != want {
			t.Errorf("Mode(%d).String() = %q, want %q", int(m), got, want)
		}
	}
}

func TestYuan(t *testing.T) {
	for fen, want := range map[int64]string{0: "0元", 100: "1元", 170_000: "1700元", 1250: "12.50元", 5: "0.05元", -150: "-1.50元"} {
		if got := Yuan(fen); got != want {
			t.Errorf("Yuan(%d) = %q, want %q", fen, got, want)
		}
	}
}

func TestForPieceNumbers(t *testing.T) {
	q, err := ForPieceNumbers([]int{11, 13, 14, 31})
	if err != nil {
		t.Fatal(err)
	}
	// 11, 13, 14: 100 yuan each; 31: 200 yuan.
	if q.AmountFen != 50000 || len(q.Items) != 3 {
		t.Errorf("pieces 11, 13, 14, 31: %d fen in %d items, want 50000 in 3", q.AmountFen, len(q.Items))
	}
	same, _ := ForPieces(10, 4) // pieces 11-14
	run, _ := ForPieceNumbers([]int{11, 12, 13, 14})
	if run.AmountFen != same.AmountFen {
		t.Errorf("consecutive numbers %d fen, ForPieces %d", run.AmountFen, same.AmountFen)
	}
	for _, bad := range [][]int{nil, {3, 2}, {0}} {
		if _, err := ForPieceNumbers(bad); err == nil {
			t.Errorf("ForPieceNumbers(%v) accepted", bad)
		}
	}
}
