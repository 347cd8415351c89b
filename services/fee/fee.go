// Package fee holds the processing-fee calculator (信息处理费) of Art. 42 of the
// Regulation and the Fee Measures (国办函〔2020〕109号): the per-piece and
// per-volume standards, the itemised quote behind a fee notice (收费通知) and
// the Chinese texts the notice quotes.
//
// A quote is the maximum lawful fee. Charging less or waiving it is the
// officer's proposal and the head's approval, recorded by the caller, never
// here. The package is pure: standard library only, no clock, no I/O.
package fee

import (
	"fmt"
	"strconv"
)

// Mode is how one application is charged. An application uses exactly one
// mode; the zero Mode is invalid so that an unset field is caught.
type Mode int

const (
	// PerPiece charges by the applicant's running count of pieces in one
	// calendar month (按件计收).
	PerPiece Mode = iota + 1
	// PerVolume charges by the pages of one application (按量计收).
	PerVolume
)

// String returns the mode's name as a fee notice writes it.
func (m Mode) String() string {
	switch m {
	case PerPiece:
		return "按件计收"
	case PerVolume:
		return "按量计收"
	}
	return "Mode(" + strconv.Itoa(int(m)) + ")"
}

// Limits on the inputs. They are far above any real case and exist so that a
// typo (an extra zero or two) is caught before it reaches a fee notice.
const (
	MaxPieces                = 10_000    // pieces priced in one call
	MaxPiecesBeforeThisMonth = 100_000   // pieces already counted this month
	MaxPages                 = 1_000_000 // pages of one application
)

// Names of the input fields, as an API layer reports them.
const (
	FieldMode                  = "mode"
	FieldPieces                = "pieces"
	FieldPiecesBeforeThisMonth = "piecesBeforeThisMonth"
	FieldPages                 = "pages"
)

// InputError says which input of a calculation is out of range and why.
// Field is one of the Field constants; Reason is user-facing, in Chinese.
type InputError struct {
	Field  string
	Value  int
	Reason string
}

func (e *InputError) Error() string {
	return fmt.Sprintf("fee: %s = %d: %s", e.Field, e.Value, e.Reason)
}

// Input is what a fee depends on for one application. Only the fields of its
// Mode may be set: a per-volume input with pieces, or the reverse, is an
// error, because the Fee Measures allow one mode per application, never both.
type Input struct {
	Mode                  Mode
	PiecesBeforeThisMonth int // PerPiece: pieces of this applicant already counted this month
	Pieces                int // PerPiece: pieces of this application, at least 1
	Pages                 int // PerVolume: pages (or recorded page-equivalents), at least 1
}

// Calculate returns the quote for in, or an *InputError.
func Calculate(in Input) (Quote, error) {
	switch in.Mode {
	case PerPiece:
		if in.Pages != 0 {
			return Quote{}, &InputError{FieldPages, in.Pages, "按件计收时不应填写页数：一件申请只能选择一种计收方式"}
		}
		return ForPieces(in.PiecesBeforeThisMonth, in.Pieces)
	case PerVolume:
		if in.Pieces != 0 {
			return Quote{}, &InputError{FieldPieces, in.Pieces, "按量计收时不应填写件数：一件申请只能选择一种计收方式"}
		}
		if in.PiecesBeforeThisMonth != 0 {
			return Quote{}, &InputError{FieldPiecesBeforeThisMonth, in.PiecesBeforeThisMonth, "按量计收时不应填写本月已计件数：一件申请只能选择一种计收方式"}
		}
		return ForPages(in.Pages)
	}
	return Quote{}, &InputError{FieldMode, int(in.Mode), "计收方式应为按件计收或按量计收"}
}

// Quote is the itemised maximum fee of one application.
//
// Invariants: Items are in order, contiguous and cover From..To exactly;
// every item's AmountFen is its Count times its UnitFen; AmountFen is the
// sum of the items' amounts.
type Quote struct {
	Mode Mode
	// From and To are the first and last unit priced, inclusive: positions
	// in the applicant's count of the month for PerPiece, pages 1..n for
	// PerVolume.
	From, To  int
	Items     []Item
	AmountFen int64
}

// Item is one band of a quote: a run of pieces or pages at the same price.
// Free bands are listed too, so that the notice shows what was not charged.
type Item struct {
	From, To  int // inclusive
	Count     int
	UnitFen   int64
	AmountFen int64
	Label     string // for the fee notice, e.g. "第31至100页，每页10元，计700元"
}

// add appends the item from..to at yuan per unit and keeps the invariants.
func (q *Quote) add(from, to int, yuan int64) {
	it := Item{From: from, To: to, Count: to - from + 1, UnitFen: yuan * 100}
	it.AmountFen = int64(it.Count) * it.UnitFen
	unit := q.unit()
	if it.UnitFen == 0 {
		it.Label = rangeText(from, to, unit) + "，免费，计0元"
	} else {
		it.Label = fmt.Sprintf("%s，每%s%s，计%s", rangeText(from, to, unit), unit, Yuan(it.UnitFen), Yuan(it.AmountFen))
	}
	q.Items = append(q.Items, it)
	q.AmountFen += it.AmountFen
}

func (q *Quote) unit() string {
	if q.Mode == PerVolume {
		return "页"
	}
	return "件"
}

// Summary returns a one-line account of the quote for the fee notice, or ""
// for the zero Quote.
func (q Quote) Summary() string {
	n := q.To - q.From + 1
	switch q.Mode {
	case PerPiece:
		return fmt.Sprintf("按件计收：本月%s，共%d件，合计%s", rangeText(q.From, q.To, "件"), n, Yuan(q.AmountFen))
	case PerVolume:
		return fmt.Sprintf("按量计收：共%d页，合计%s", n, Yuan(q.AmountFen))
	}
	return ""
}

// Standard returns the quote's standard, as Standard(q.Mode) does.
func (q Quote) Standard() string { return Standard(q.Mode) }

// Standard returns the one-line statement of mode's standard that a fee
// notice must carry (the basis and the tiers), or "" for an invalid mode.
func Standard(m Mode) string {
	switch m {
	case PerPiece:
		return "按件计收：每自然月同一申请人第1至10件免费，第11至30件每件100元，" +
			"第31件起每10件为一档，每件收费在100元基础上每档增加100元" +
			"（第31至40件每件200元，第41至50件每件300元，依此类推）。"
	case PerVolume:
		return "按量计收：同一件申请按页数分段累进计算，第1至30页免费，" +
			"第31至100页每页10元，第101至200页每页20元，第201页起每页40元。"
	}
	return ""
}

func rangeText(from, to int, unit string) string {
	if from == to {
		return fmt.Sprintf("第%d%s", from, unit)
	}
	return fmt.Sprintf("第%d至%d%s", from, to, unit)
}

// Yuan formats an amount in fen as yuan for a notice: "1700元", or with two
// decimals when the amount is not whole yuan ("12.50元"), which no tier
// produces today but a reduced fee proposed by an officer may.
func Yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign = "-"
		fen = -fen // math.MinInt64 stays negative; no fee comes near it
	}
	if fen%100 == 0 {
		return sign + strconv.FormatInt(fen/100, 10) + "元"
	}
	return fmt.Sprintf("%s%d.%02d元", sign, fen/100, fen%100)
}
