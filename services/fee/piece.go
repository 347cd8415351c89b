package fee

// ForPieces prices the pieces before+1 … before+pieces of one applicant's
// calendar month (按件计收). before is the number of this applicant's pieces
// already counted in the month; which month and which applicant is the
// caller's policy (rules.md section 4), not this function's.
//
// Errors are *InputError naming FieldPiecesBeforeThisMonth or FieldPieces.
func ForPieces(before, pieces int) (Quote, error) {
	switch {
	case before < 0:
		return Quote{}, &InputError{FieldPiecesBeforeThisMonth, before, "本月此前已计件数不能为负数"}
	case before > MaxPiecesBeforeThisMonth:
		return Quote{}, &InputError{FieldPiecesBeforeThisMonth, before, "本月此前已计件数超过上限100000件，请核对"}
	case pieces < 1:
		return Quote{}, &InputError{FieldPieces, pieces, "件数至少为1"}
	case pieces > MaxPieces:
		return Quote{}, &InputError{FieldPieces, pieces, "件数超过单次计算上限10000件，请核对"}
	}
	q := Quote{Mode: PerPiece, From: before + 1, To: before + pieces}
	q.Items = make([]Item, 0, pieces/10+3)
	for k := q.From; k <= q.To; {
		b := pieceBand(k)
		to := min(b.to, q.To)
		q.add(k, to, b.yuan)
		k = to + 1
	}
	return q, nil
}

// band is a run of units sharing one price, in whole yuan per unit.
type band struct {
	from, to int
	yuan     int64
}

// pieceBand returns the band holding the k-th piece of the month (k >= 1).
// From the 31st piece on the bands are ten pieces wide and each costs 100
// yuan more than the one before: 100 + 100 × ceil((k−30)/10).
func pieceBand(k int) band {
	switch {
	case k <= 10:
		return band{1, 10, 0}
	case k <= 30:
		return band{11, 30, 100}
	}
	n := (k - 31) / 10 // 0 for pieces 31..40
	from := 31 + 10*n
	return band{from, from + 9, 100 + 100*int64(n+1)}
}

// ForPieceNumbers prices pieces given by their numbers in the month, which
// need not be consecutive (a split application takes pieces at the end of
// the month): each run of consecutive pieces is priced and the runs are
// added up. The numbers must be ascending.
func ForPieceNumbers(ks []int) (Quote, error) {
	if len(ks) == 0 {
		return Quote{}, &InputError{Field: FieldPieces, Value: 0, Reason: "至少计收一件"}
	}
	q := Quote{Mode: PerPiece}
	for i := 0; i < len(ks); {
		j := i + 1
		for j < len(ks) && ks[j] == ks[j-1]+1 {
			j++
		}
		if i > 0 && ks[i] <= ks[i-1] {
			return Quote{}, &InputError{Field: FieldPieces, Value: ks[i], Reason: "件号须递增"}
		}
		run, err := ForPieces(ks[i]-1, j-i)
		if err != nil {
			return Quote{}, err
		}
		if i == 0 {
			q.From = run.From
		}
		q.To = run.To
		q.Items = append(q.Items, run.Items...)
		q.AmountFen += run.AmountFen
		i = j
	}
	return q, nil
}
