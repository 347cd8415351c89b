package cases

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestOpenStatesList: the SQL list of open states names exactly the states
// State.Open calls open, in workflow order, and nothing else.
func TestOpenStatesList(t *testing.T) {
	want := "('ACCEPTED', 'CLARIFICATION', 'PROCESSING', 'CONSULTATION', 'AWAITING_FEE', 'LEGAL_REVIEW', 'SIGN_OFF')"
	if diff := cmp.Diff(want, openStates); diff != "" {
		t.Errorf("openStates mismatch (-want +got):\n%s", diff)
	}
	for _, st := range append([]State{New}, States...) {
		t.Run(string(st), func(t *testing.T) {
			if got := strings.Contains(openStates, "'"+string(st)+"'"); got != st.Open() {
				t.Errorf("listed %v, but Open() is %v", got, st.Open())
			}
		})
	}
}
