package report

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"foi/services/applicant"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func sampleReport() Built {
	r := Report{AgencyName: "示范区住房和城乡建设局", Year: 2025, Received: NewTable(), Fees: Fees{2, 30000, 15050}}
	r.Received.Add(RowNew, applicant.NaturalPerson, 3)
	r.Received.Add(RowCarriedIn, applicant.CommercialEnterprise, 1)
	r.Received.Add("3.1", applicant.NaturalPerson, 2)
	r.Received.Add("3.3.4", applicant.CommercialEnterprise, 1)
	r.Received.Add(RowCarriedOut, applicant.NaturalPerson, 1)
	r.Received.sumResults()
	r.Remedies.Add(Reconsideration, Upheld, 1)
	r.Remedies.Add(LawsuitAfterReconsideration, Pending, 1)
	at := time.Date(2026, 1, 20, 9, 0, 0, 0, time.UTC)
	return Built{Report: r, Publication: &Publication{ByName: "王主任", At: at, SHA256: make([]byte, 32)}}
}

// TestHTMLGolden keeps the printable layout; run with -update after an
// intended change.
func TestHTMLGolden(t *testing.T) {
	got, err := HTML(sampleReport())
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "annual.html")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

func TestYuan(t *testing.T) {
	for fen, want := range map[int64]string{0: "0.00", 5: "0.05", 15050: "150.50", -120: "-1.20"} {
		if got := yuan(fen); got != want {
			t.Errorf("yuan(%d) = %s, want %s", fen, got, want)
		}
	}
}
