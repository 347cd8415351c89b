package filetype

import (
	"mime"
	"testing"
)

// TestContentDispositionRoundTrip: the header names the file exactly as
// uploaded when read back by a MIME parser (which prefers filename*), and
// its plain filename is printable ASCII without quotes.
func TestContentDispositionRoundTrip(t *testing.T) {
	for _, name := range []string{"答复书.pdf", "2025年 预算（草案）.docx", `a"b\c.txt`, "plain.pdf", "百分号%与+号.png"} {
		h := ContentDisposition(name)
		kind, params, err := mime.ParseMediaType(h)
		if err != nil || kind != "attachment" {
			t.Errorf("%q: %q does not parse: %v", name, h, err)
			continue
		}
		if params["filename"] != name {
			t.Errorf("%q: read back as %q from %q", name, params["filename"], h)
		}
	}
	if got, want := ContentDisposition("答复.pdf"), `attachment; filename="__.pdf"; filename*=UTF-8''%E7%AD%94%E5%A4%8D.pdf`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
