package report

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"foi/services/applicant"
	"foi/services/outcome"
	"foi/services/review"
)

// TestEveryOutcomeHasItsRow: rules.md section 5, outcome by outcome.
func TestEveryOutcomeHasItsRow(t *testing.T) {
	want := map[outcome.Outcome]string{
		"DISCLOSED": "3.1", "ALREADY_PUBLIC": "3.1", "PARTIALLY_DISCLOSED": "3.2", "NOT_HELD": "3.4.1",
		"NOT_RESPONSIBLE": "3.4.1", "NEEDS_CREATION": "3.4.2", "UNCLEAR_AFTER_CLARIFICATION": "3.4.3",
		"PETITION": "3.5.1", "DUPLICATE": "3.5.2", "PUBLICATION": "3.5.3", "EXCESSIVE": "3.5.4", "RECONFIRMATION": "3.5.5",
		"ABANDONED_NO_CLARIFICATION": "3.6.1", "ABANDONED_FEE_UNPAID": "3.6.2", "SPECIAL_STATUTE": "3.6.3",
		"OTHER": "3.6.3", "WITHDRAWN": "3.6.3",
	}
	for _, o := range outcome.All {
		if o == outcome.Withheld {
			continue
		}
		got, ok := ResultRow(o, "")
		if !ok || got != want[o] {
			t.Errorf("%s counts in %q, want %q", o, got, want[o])
		}
		if RowLabel(got) == "" {
			t.Errorf("%s: row %q is not a row of the table", o, got)
		}
	}
	for i, r := range review.WithheldReasons {
		got, ok := ResultRow(outcome.Withheld, r)
		if !ok || !strings.HasPrefix(RowLabel(got), string(rune('1'+i))+"."+r.Label()) {
			t.Errorf("withheld for %s counts in %q (%s)", r, got, RowLabel(got))
		}
	}
	if _, ok := ResultRow(outcome.Withheld, ""); ok {
		t.Error("a withheld case without a reason has a row")
	}
	if _, ok := ResultRow("", ""); ok {
		t.Error("a case without an outcome has a row")
	}
}

// TestResultRowSQLNamesEveryRow: the SQL mapping is written from the same
// table.
func TestResultRowSQLNamesEveryRow(t *testing.T) {
	sql := resultRowSQL("o", "r")
	for _, r := range Rows {
		result := strings.HasPrefix(r.Key, "3.") && !r.Heading && r.Key != RowResults
		if got := strings.Contains(sql, "THEN '"+r.Key+"'"); got != result {
			t.Errorf("row %s in the SQL: %v, want %v", r.Key, got, result)
		}
	}
}

func TestCheck(t *testing.T) {
	tb := NewTable()
	add := func(row string, col applicant.Type, n int64) {
		if err := tb.Add(row, col, n); err != nil {
			t.Fatal(err)
		}
	}
	add(RowNew, applicant.NaturalPerson, 5)
	add(RowCarriedIn, applicant.NaturalPerson, 1)
	add("3.1", applicant.NaturalPerson, 3)
	add("3.3.4", applicant.NaturalPerson, 1)
	add(RowCarriedOut, applicant.NaturalPerson, 2)
	add(RowNew, applicant.OtherOrganization, 1)
	tb.sumResults()
	got := tb.Check()
	want := []Imbalance{
		{Column: "OTHER_ORGANIZATION", Label: "其他", In: 1, New: 1},
		{Column: TotalColumn, Label: "总计", In: 7, Out: 6, New: 6, CarriedIn: 1, Results: 4, CarriedOut: 2},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	if err := tb.Add("3.3", applicant.NaturalPerson, 1); err == nil {
		t.Error("a heading took a count")
	}
	if err := tb.Add("3.1", "ROBOT", 1); err == nil {
		t.Error("an unknown applicant type took a count")
	}
}

func TestParseCell(t *testing.T) {
	for cell, want := range map[string][2]string{
		"3.3.2-NATURAL_PERSON": {"3.3.2", "NATURAL_PERSON"}, "1-TOTAL": {"1", "TOTAL"}, "3.3-TOTAL": {}, "9-TOTAL": {},
		"3.1-ROBOT": {}, "3.1": {},
	} {
		row, col, ok := ParseCell(cell)
		if [2]string{row, col} != want || ok != (want[0] != "") {
			t.Errorf("%s: %q %q %v", cell, row, col, ok)
		}
	}
}

// TestSnapshotRoundTrip: a published report reads back as published, and
// the differences name exactly the changed cells.
func TestSnapshotRoundTrip(t *testing.T) {
	r := Report{AgencyID: "a", AgencyName: "甲", Year: 2025, Received: NewTable(), Fees: Fees{2, 300, 100}}
	for _, c := range []struct {
		row string
		col applicant.Type
		n   int64
	}{{RowNew, applicant.NaturalPerson, 3}, {"3.2", applicant.NaturalPerson, 2}, {"3.3.8", applicant.LegalServiceInstitution, 1}, {RowCarriedOut, applicant.NaturalPerson, 1}} {
		r.Received.Add(c.row, c.col, c.n)
	}
	r.Received.sumResults()
	r.Remedies.Add(Lawsuit, Pending, 2)
	r.Remedies.Add(Reconsideration, Corrected, 1)
	back, err := decodeSnapshot(encodeSnapshot(r))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, back); diff != "" {
		t.Errorf("mismatch (-published +read back):\n%s", diff)
	}
	now := back
	now.Received = NewTable()
	for k, v := range back.Received.Counts {
		copy(now.Received.Counts[k], v)
	}
	now.Received.Counts["3.2"][0], now.Received.Counts["3.2"][6] = 1, 1
	now.Remedies.Add(Lawsuit, Upheld, 1)
	var got []string
	for _, d := range Diff(r, now) {
		got = append(got, d.Cell)
	}
	want := []string{"3.2-NATURAL_PERSON", "3.2-TOTAL", "remedy.LAWSUIT-UPHELD", "remedy.LAWSUIT-TOTAL"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("differences mismatch (-want +got):\n%s", diff)
	}
}
