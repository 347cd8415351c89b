package auth

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseLogin(t *testing.T) {
	type result struct {
		Kind loginKind
		Norm string
		OK   bool
	}
	tests := []struct {
		in   string
		want result
	}{
		// Mainland mobile numbers, however typed.
		{"13800138000", result{loginPhone, "13800138000", true}},
		{"+8613800138000", result{loginPhone, "13800138000", true}},
		{"+86 138 0013 8000", result{loginPhone, "13800138000", true}},
		{"138-0013-8000", result{loginPhone, "13800138000", true}},
		{"  19912345678 ", result{loginPhone, "19912345678", true}},
		{"008613800138000", result{loginPhone, "13800138000", true}},
		{"１３８００１３８０００", result{loginPhone, "13800138000", true}}, // full-width digits
		// E-mail addresses, lower-cased whole.
		{"zhang@example.com", result{loginEmail, "zhang@example.com", true}},
		{"Zhang.San@Example.COM", result{loginEmail, "zhang.san@example.com", true}},
		{" info@gov.cn ", result{loginEmail, "info@gov.cn", true}},
		// Staff user names, lower-cased.
		{"admin", result{loginUsername, "admin", true}},
		{"Wang.Li", result{loginUsername, "wang.li", true}},
		{"clerk_01-a", result{loginUsername, "clerk_01-a", true}},
		{"abc", result{loginUsername, "abc", true}},
		{strings.Repeat("a", 32), result{loginUsername, strings.Repeat("a", 32), true}},
		{"12345", result{loginUsername, "12345", true}}, // too short for a phone: a user name
		// Invalid.
		{"", result{}},
		{"   ", result{}},
		{"ab", result{}},
		{strings.Repeat("a", 33), result{}},
		{".admin", result{}},
		{"_admin", result{}},
		{"zhang san", result{}},
		{"张三", result{}},
		{"admin!", result{}},
		{"+1 650 253 0000", result{}},
		{"+8612800138000", result{}}, // 12x is no mobile prefix, and '+' is no user-name character
		{"zhang@", result{}},
		{"@example.com", result{}},
		{"zhang@localhost", result{}},
		{"Zhang <zhang@example.com>", result{}},
		{"a@b@example.com", result{}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			kind, norm, ok := parseLogin(tt.in)
			if diff := cmp.Diff(tt.want, result{kind, norm, ok}); diff != "" {
				t.Errorf("parseLogin(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestLoginKey(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"+86 138 0013 8000", "13800138000"},
		{"13800138000", "13800138000"},
		{"Zhang@Example.com", "zhang@example.com"},
		{"ADMIN", "admin"},
		// Invalid logins are still keyed, lower-cased and trimmed, so they
		// throttle like valid ones.
		{"  No Such Login! ", "no such login!"},
		{strings.Repeat("X", 300), strings.Repeat("x", 128)},
		// Cut between characters, never inside one (43 × 3 bytes is 129).
		{strings.Repeat("长", 43), strings.Repeat("长", 43)},
		{strings.Repeat("长", 200), strings.Repeat("长", 128)},
		{"x" + strings.Repeat("长", 200), "x" + strings.Repeat("长", 127)},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, loginKey(tt.in)); diff != "" {
				t.Errorf("loginKey(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}
