package filetype

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
)

// Sample returns a small, well-formed file of type t (a PDF of pages
// pages), for tests and demonstrations.
func Sample(t Type, pages int) []byte {
	switch t.MediaType {
	case PDF.MediaType:
		var b strings.Builder
		b.WriteString("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n")
		fmt.Fprintf(&b, "2 0 obj << /Type /Pages /Count %d >> endobj\n", pages)
		for i := range pages {
			fmt.Fprintf(&b, "%d 0 obj << /Type /Page /Parent 2 0 R >> endobj\n", i+3)
		}
		b.WriteString("trailer << /Root 1 0 R >>\n%%EOF\n")
		return []byte(b.String())
	case JPEG.MediaType:
		return []byte("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xFF\xD9")
	case PNG.MediaType:
		return []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
	case OFD.MediaType:
		return zipOf("OFD.xml", `<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0"/>`)
	case DOCX.MediaType:
		return zipOf("[Content_Types].xml", "<Types/>", "word/document.xml", "<w:document/>")
	case XLSX.MediaType:
		return zipOf("[Content_Types].xml", "<Types/>", "xl/workbook.xml", "<workbook/>")
	}
	return []byte("政府信息公开申请补正材料\n")
}

// zipOf packs name, content pairs into a ZIP archive.
func zipOf(pairs ...string) []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for i := 0; i+1 < len(pairs); i += 2 {
		f, _ := w.Create(pairs[i])
		f.Write([]byte(pairs[i+1]))
	}
	w.Close()
	return buf.Bytes()
}
