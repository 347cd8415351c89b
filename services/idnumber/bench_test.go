package idnumber

import "testing"

func BenchmarkValidate(b *testing.B) {
	for _, bc := range []struct {
		name   string
		kind   Kind
		number string
	}{
		{"resident", ResidentID, "11010519491231002X"},
		{"credit", CreditCode, "91350100M000100Y43"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Validate(bc.kind, bc.number, today); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkContact(b *testing.B) {
	b.Run("mobile", func(b *testing.B) {
		for b.Loop() {
			if _, err := Mobile("+86 138-1234-5678"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("email", func(b *testing.B) {
		for b.Loop() {
			if _, err := Email("Zhang.San@Example.COM"); err != nil {
				b.Fatal(err)
			}
		}
	})
}
