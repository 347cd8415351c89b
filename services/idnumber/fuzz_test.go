package idnumber

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkParsed holds for every parser: no panic (the fuzzer would report
// it), rejections are *Error with a reason, and an accepted value is
// already normalised, so parsing it again returns it unchanged.
func checkParsed(t *testing.T, what, in string, parse func(string) (string, error)) (string, bool) {
	t.Helper()
	got, err := parse(in)
	if err != nil {
		var e *Error
		if !errors.As(err, &e) || e.Reason == "" {
			t.Fatalf("%s(%q): error %v (%T) is not an *Error with a reason", what, in, err, err)
		}
		if got != "" {
			t.Fatalf("%s(%q) = %q with error %v", what, in, got, err)
		}
		return "", false
	}
	again, err := parse(got)
	if err != nil || again != got {
		t.Fatalf("%s(%q) = %q, which parses as %q, %v", what, in, got, again, err)
	}
	if got != strings.TrimSpace(got) || !utf8.ValidString(got) {
		t.Fatalf("%s(%q) = %q is not trimmed valid UTF-8", what, in, got)
	}
	return got, true
}

func FuzzValidate(f *testing.F) {
	for _, s := range []string{
		"11010519491231002X", "11010519491231002x", "110105491231002", "91350100M000100Y43",
		"91350100i000100Y43", "E12345678", "H1234567890", "12345678", "USA110079012345",
		"931840198506150018", " １２３ ", "", "\xff", "H", "9",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, k := range Kinds {
			got, ok := checkParsed(t, k.String(), s, func(s string) (string, error) { return Validate(k, s, today) })
			if !ok {
				continue
			}
			for i := range len(got) {
				if c := got[i]; !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
					t.Fatalf("%v(%q) = %q: not upper-case ASCII letters and digits", k, s, got)
				}
			}
		}
	})
}

func FuzzMobile(f *testing.F) {
	for _, s := range []string{"13812345678", "+86 138-1234-5678", "8613812345678", "0086 13812345678", "+8", "+86", "86", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, ok := checkParsed(t, "Mobile", s, Mobile); ok && (len(got) != 11 || !allDigits(got)) {
			t.Fatalf("Mobile(%q) = %q", s, got)
		}
	})
}

func FuzzLandline(f *testing.F) {
	for _, s := range []string{"010-62345678", "(0755) 8234 5678", "0755-8234567-8", "010-82345678转123",
		"010-82345678 ext. 12", "+86 10 8234 5678", "0", "-", "转", "x", "+86"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkParsed(t, "Landline", s, Landline)
	})
}

func FuzzPhone(f *testing.F) {
	for _, s := range []string{"13812345678", "010-62345678", "+86 10 8234 5678", "1381234567", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkParsed(t, "Phone", s, Phone)
	})
}

func FuzzEmail(f *testing.F) {
	for _, s := range []string{"zhang.san@example.com", "Zhang@Example.COM", "张三 <a@example.com>", `"a b"@example.com`,
		"a@例子.中国", "a@[192.0.2.1]", "a＠example.com", "@", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := checkParsed(t, "Email", s, Email)
		if ok && (len(got) > 254 || strings.Count(got, "@") < 1) {
			t.Fatalf("Email(%q) = %q", s, got)
		}
	})
}

func FuzzMask(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "13812345678", "a@example.com", "", "1", "\xff\xfe", "张三@例子.中国"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := utf8.RuneCountInString(s)
		m := MaskNumber(s)
		if utf8.RuneCountInString(m) != n {
			t.Fatalf("MaskNumber(%q) = %q changes the length", s, m)
		}
		if !strings.Contains(s, "*") {
			hidden := n - 1 // too short: only the first character stays
			switch {
			case n >= maskKeepsAll:
				hidden = n - 7
			case n <= 1:
				hidden = n
			}
			if got := strings.Count(m, "*"); got != hidden {
				t.Fatalf("MaskNumber(%q) = %q hides %d characters, want %d", s, m, got, hidden)
			}
		}
		if e := MaskEmail(s); strings.Contains(s, "@") && !strings.HasSuffix(e, s[strings.LastIndexByte(s, '@'):]) {
			t.Fatalf("MaskEmail(%q) = %q loses the domain", s, e)
		}
	})
}

// landlineForm is the one form Landline and Phone give a landline.
var landlineForm = regexp.MustCompile(`^0[1-9]\d{1,2}-[1-9]\d{6,7}(-\d{1,6})?$`)

func FuzzPhoneForm(f *testing.F) {
	for _, s := range []string{"0791-86666666", "010-12345678", "01012345678", "0791-86666666转123", "13912345678", "+86 139 1234 5678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := checkParsed(t, "Phone", s, Phone)
		if ok && !landlineForm.MatchString(got) && (len(got) != 11 || !allDigits(got) || got[0] != '1') {
			t.Fatalf("Phone(%q) = %q, neither a mobile nor a landline in its one form", s, got)
		}
	})
}

// TestLandlineSpellingsAgree: every way of writing one landline (dash or
// not, spaces, brackets, +86, each extension marker) gives one form.
func TestLandlineSpellingsAgree(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 10))
	for range 2000 {
		area := []string{"010", "020", "021", "0791", "0755", "0931"}[r.IntN(6)]
		local := fmt.Sprint(1 + r.IntN(9))
		for range 6 + r.IntN(2) {
			local += fmt.Sprint(r.IntN(10))
		}
		ext := ""
		if r.IntN(2) == 0 {
			ext = fmt.Sprint(r.IntN(1000))
		}
		want := area + "-" + local
		if ext != "" {
			want += "-" + ext
		}
		spellings := []string{area + local, area + "-" + local, "(" + area + ")" + local, area + " " + local, "+86 " + area[1:] + " " + local}
		for _, sp := range spellings {
			if ext != "" {
				sp += []string{"转", " 分机 ", " ext. ", "x", "#"}[r.IntN(5)] + ext
			}
			for name, parse := range map[string]func(string) (string, error){"Landline": Landline, "Phone": Phone} {
				if got, err := parse(sp); err != nil || got != want {
					t.Fatalf("%s(%q) = %q, %v; want %q", name, sp, got, err, want)
				}
			}
		}
	}
}
