package api

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	foiv1 "foi/gen/foi/v1"
	"foi/services/agency"
	"foi/services/errs"
)

func TestMaskedFields(t *testing.T) {
	all := []string{"auto_confirm_online", "on_the_spot_outcomes", "supplement_days", "fee_pauses_clock",
		"skip_review_outcomes", "reconsideration_authority", "court", "max_delay_days", "min_supplement_days", "max_backdate_days", "correction_days"}
	tests := []struct {
		name       string
		policy     *foiv1.AgencyPolicy
		paths      []string // nil: no mask
		want       []string
		violations int
	}{
		{"no mask: the fields set", &foiv1.AgencyPolicy{SupplementDays: 20, Court: "甲区人民法院"}, nil, []string{"court", "supplement_days"}, 0},
		{"no mask, nothing set", &foiv1.AgencyPolicy{}, nil, nil, 1},
		{"no policy at all", nil, nil, nil, 1},
		{"a mask names zero values too", &foiv1.AgencyPolicy{}, []string{"fee_pauses_clock"}, []string{"fee_pauses_clock"}, 0},
		{"a mask wins over what is set", &foiv1.AgencyPolicy{SupplementDays: 20, Court: "x"}, []string{"court"}, []string{"court"}, 0},
		{"a field named twice", &foiv1.AgencyPolicy{}, []string{"court", "court"}, []string{"court"}, 0},
		{"star: every field", &foiv1.AgencyPolicy{}, []string{"*"}, all, 0},
		{"an unknown field", &foiv1.AgencyPolicy{}, []string{"name"}, nil, 1},
		{"a JSON name", &foiv1.AgencyPolicy{}, []string{"supplementDays"}, []string{"supplement_days"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c errs.Collector
			var mask *fieldmaskpb.FieldMask
			if tt.paths != nil {
				mask = &fieldmaskpb.FieldMask{Paths: tt.paths}
			}
			got := maskedFields(&c, tt.policy, mask, agency.IsPolicyField)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("fields mismatch (-want +got):\n%s", diff)
			}
			n := 0
			if inv, ok := c.Err().(*errs.Invalid); ok {
				n = len(inv.Violations)
			}
			if n != tt.violations {
				t.Errorf("%d violations (%v), want %d", n, c.Err(), tt.violations)
			}
		})
	}
}

// TestRequireEnumNamesTheValues: an unset or unknown enum is refused with
// the values a client may send, as the API spells them.
func TestRequireEnumNamesTheValues(t *testing.T) {
	for _, v := range []foiv1.ServiceMethod{foiv1.ServiceMethod_SERVICE_METHOD_UNSPECIFIED, foiv1.ServiceMethod(99)} {
		var c errs.Collector
		requireEnum(&c, "method", v)
		inv, ok := c.Err().(*errs.Invalid)
		if !ok || len(inv.Violations) != 1 || inv.Violations[0].Field != "method" ||
			!strings.Contains(inv.Violations[0].Reason, "SERVICE_METHOD_POST") || strings.Contains(inv.Violations[0].Reason, "UNSPECIFIED") {
			t.Errorf("requireEnum(%v): %v", v, c.Err())
		}
	}
	var c errs.Collector
	requireEnum(&c, "method", foiv1.ServiceMethod_SERVICE_METHOD_POST)
	if c.Err() != nil {
		t.Errorf("a valid value: %v", c.Err())
	}
}
