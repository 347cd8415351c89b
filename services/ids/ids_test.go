package ids

import "testing"

func TestCanonical(t *testing.T) {
	for _, tt := range []struct {
		in, want  string
		ok, valid bool
	}{
		{"0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", true, true},
		{"0195A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B", "0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", true, false},
		{"", "", false, false},
		{"0195a1b2c3d47e5f8a9b0c1d2e3f4a5b", "", false, false},
		{"0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5g", "", false, false},
		{"0195a1b2-c3d4-7e5f-8a9b_0c1d2e3f4a5b", "", false, false},
		{"0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b ", "", false, false},
		{"\xff195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5", "", false, false},
	} {
		got, ok := Canonical(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Canonical(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
		if v := Valid(tt.in); v != tt.valid {
			t.Errorf("Valid(%q) = %v, want %v", tt.in, v, tt.valid)
		}
	}
}

func FuzzCanonical(f *testing.F) {
	f.Add("0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := Canonical(s)
		if !ok {
			return
		}
		if !Valid(c) {
			t.Errorf("Canonical(%q) = %q, which is not valid", s, c)
		}
		if again, _ := Canonical(c); again != c {
			t.Errorf("Canonical is not idempotent on %q", c)
		}
	})
}
