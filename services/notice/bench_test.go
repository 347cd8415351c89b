package notice

import "testing"

func BenchmarkRender(b *testing.B) {
	d := Sample(ReplyLetter)
	b.Run("default", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Render(ReplyLetter, "", d); err != nil {
				b.Fatal(err)
			}
		}
	})
	// An override is parsed on every call; this shows what that costs.
	override := Default(ReplyLetter)
	b.Run("override", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Render(ReplyLetter, override, d); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkValidate(b *testing.B) {
	body := Default(ReplyLetter)
	b.ReportAllocs()
	for b.Loop() {
		if err := Validate(ReplyLetter, body); err != nil {
			b.Fatal(err)
		}
	}
}
