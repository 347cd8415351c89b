package idnumber

import (
	"errors"
	"testing"
	"time"
)

// today is the fixed "today" of the tests.
var today = time.Date(2026, 11, 27, 0, 0, 0, 0, time.FixedZone("Asia/Shanghai", 8*3600))

// withResidentCheck appends the GB 11643 check character to 17 digits,
// computed here independently of the package: weights 2^(17-i) mod 11.
func withResidentCheck(t testing.TB, first17 string) string {
	t.Helper()
	if len(first17) != 17 {
		t.Fatalf("withResidentCheck(%q): need 17 digits", first17)
	}
	sum, w := 0, 1
	for i := 16; i >= 0; i-- {
		w = w * 2 % 11
		sum += int(first17[i]-'0') * w
	}
	return first17 + string("10X98765432"[sum%11])
}

// withCreditCheck appends the GB 32100 check character to 17 characters,
// computed independently: weights 3^i mod 31.
func withCreditCheck(t testing.TB, first17 string) string {
	t.Helper()
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	if len(first17) != 17 {
		t.Fatalf("withCreditCheck(%q): need 17 characters", first17)
	}
	sum, w := 0, 1
	for i := range 17 {
		v := -1
		for j := range len(alphabet) {
			if alphabet[j] == first17[i] {
				v = j
			}
		}
		if v < 0 {
			t.Fatalf("withCreditCheck(%q): %q not in the alphabet", first17, first17[i])
		}
		sum += v * w
		w = w * 3 % 31
	}
	return first17 + string(alphabet[(31-sum%31)%31])
}

// wrongCheck replaces the last character of s by another valid one.
func wrongCheck(s, alphabet string) string {
	last := s[len(s)-1]
	for i := range len(alphabet) {
		if alphabet[i] != last {
			return s[:len(s)-1] + string(alphabet[i])
		}
	}
	panic("unreachable")
}

// reasonOf returns the reason of an *Error, failing the test on any other error.
func reasonOf(t *testing.T, err error) string {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *Error", err, err)
	}
	if e.Reason == "" {
		t.Fatal("empty reason")
	}
	return e.Reason
}

type accept struct {
	name, in, want string
}

type rejectCase struct {
	name, in, reason string // reason "" accepts any reason
}

func runValid(t *testing.T, parse func(string) (string, error), accepts []accept, rejects []rejectCase) {
	t.Helper()
	for _, tt := range accepts {
		t.Run("ok/"+tt.name, func(t *testing.T) {
			got, err := parse(tt.in)
			if err != nil {
				t.Fatalf("(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again, err := parse(got); err != nil || again != got {
				t.Errorf("normalised %q parses as %q, %v", got, again, err)
			}
		})
	}
	for _, tt := range rejects {
		t.Run("reject/"+tt.name, func(t *testing.T) {
			got, err := parse(tt.in)
			if err == nil {
				t.Fatalf("(%q) = %q, want an error", tt.in, got)
			}
			if r := reasonOf(t, err); tt.reason != "" && r != tt.reason {
				t.Errorf("(%q) reason %q, want %q", tt.in, r, tt.reason)
			}
		})
	}
}

func validator(kind Kind) func(string) (string, error) {
	return func(s string) (string, error) { return Validate(kind, s, today) }
}
