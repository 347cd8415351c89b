package idnumber

import "testing"

func TestMaskNumber(t *testing.T) {
	tests := []struct{ in, want string }{
		{"11010519491231002X", "110***********002X"},
		{"13812345678", "138****5678"},
		{"010-82345678", "010*****5678"},
		{"91350100M000100Y43", "913***********0Y43"},
		{"E12345678", "E********"},
		{"1234567890", "1*********"},
		{"12", "1*"},
		{"1", "*"},
		{"", ""},
		{"张三丰的号码一二三四", "张*********"},
		{"张三丰的号码一二三四五", "张三丰****二三四五"},
		{"\xff\xfe", "\uFFFD*"},
	}
	for _, tt := range tests {
		if got := MaskNumber(tt.in); got != tt.want {
			t.Errorf("MaskNumber(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMaskEmail(t *testing.T) {
	tests := []struct{ in, want string }{
		{"zhangsan@example.com", "z*******@example.com"},
		{"ab@example.com", "a*@example.com"},
		{"a@example.com", "*@example.com"},
		{"@example.com", "@example.com"},
		{"张三@example.com", "张*@example.com"},
		{"no-at-sign", "n*********"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := MaskEmail(tt.in); got != tt.want {
			t.Errorf("MaskEmail(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
