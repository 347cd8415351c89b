package filetype

import (
	"bytes"
	"strings"
	"testing"
)

func TestDetectByContent(t *testing.T) {
	for _, want := range Types {
		data := Sample(want, 2)
		got, err := Detect(bytes.NewReader(data), int64(len(data)))
		if err != nil || !got.Equal(want) {
			t.Errorf("Detect(sample %s) = %v, %v", want.MediaType, got.MediaType, err)
		}
	}
	refused := map[string][]byte{
		"empty":            nil,
		"binary":           {0x00, 0x01, 0x02, 0x03},
		"not UTF-8":        []byte("\xb9\xab\xbf\xaa"), // GBK 公开
		"control":          []byte("text\x07bell"),
		"zip of other":     zipOf("a.txt", "x"),
		"truncated zip":    Sample(DOCX, 0)[:40],
		"executable (ELF)": []byte("\x7fELF\x02\x01\x01"),
	}
	for name, data := range refused {
		if got, err := Detect(bytes.NewReader(data), int64(len(data))); err == nil {
			t.Errorf("%s: detected as %s, want refused", name, got.MediaType)
		}
	}
}

func TestCheckName(t *testing.T) {
	for _, ok := range []string{"申请人身份证.pdf", "补正材料 2026.docx", "a.b.txt"} {
		if why := CheckName(ok); why != "" {
			t.Errorf("CheckName(%q) = %q, want accepted", ok, why)
		}
	}
	for _, bad := range []string{"", "../etc/passwd.pdf", `C:\x.pdf`, "a/b.pdf", "x\x00.pdf", "x\n.pdf", "noext", ".pdf", " a.pdf",
		"\xff.pdf", strings.Repeat("长", 201) + ".pdf"} {
		if CheckName(bad) == "" {
			t.Errorf("CheckName(%q) accepted", bad)
		}
	}
	if !PDF.MatchesName("答复.PDF") || PDF.MatchesName("答复.png") {
		t.Error("MatchesName ignores case or accepts another extension")
	}
}

func TestPDFPages(t *testing.T) {
	for _, n := range []int{0, 1, 7, 250} {
		got, err := PDFPages(bytes.NewReader(Sample(PDF, n)))
		if err != nil || got != n {
			t.Errorf("PDFPages(%d pages) = %d, %v", n, got, err)
		}
	}
	// Names that merely start with /Page, and spacing variants.
	doc := "%PDF-1.7 /Type/Page>> /Type /Pages /Type\n/PageLabel /Type\r\n/Page\n/Type /Page"
	if got, _ := PDFPages(strings.NewReader(doc)); got != 3 {
		t.Errorf("PDFPages = %d, want 3", got)
	}
}

func TestByMediaType(t *testing.T) {
	if got, ok := ByMediaType("text/plain; charset=UTF-8"); !ok || !got.Equal(Text) {
		t.Errorf("ByMediaType(text/plain) = %v, %v", got, ok)
	}
	if _, ok := ByMediaType("application/x-msdownload"); ok {
		t.Error("an executable's media type is accepted")
	}
}

func FuzzDetect(f *testing.F) {
	for _, ty := range Types {
		f.Add(Sample(ty, 1))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ty, err := Detect(bytes.NewReader(data), int64(len(data)))
		if err == nil && ty.MediaType == "" {
			t.Fatal("no error and no type")
		}
		PDFPages(bytes.NewReader(data))
		CheckName(string(data))
	})
}
