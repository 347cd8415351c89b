package filetype

import (
	"bufio"
	"bytes"
	"io"
)

// PDFPages counts the page objects (/Type /Page) of the PDF in r, reading
// it once. It returns 0 when it finds none, which happens when the pages
// sit in compressed object streams (PDF 1.5 and later): the count must then
// be entered by hand.
func PDFPages(r io.Reader) (int, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	pages := 0
	for {
		c, err := br.ReadByte()
		if err == io.EOF {
			return pages, nil
		}
		if err != nil {
			return 0, err
		}
		if c != '/' {
			continue
		}
		ahead, _ := br.Peek(48)
		if n, ok := pageObject(ahead); ok {
			pages++
			br.Discard(n)
		}
	}
}

// pageObject reports whether b (what follows a '/') reads "Type /Page"
// with a delimiter after Page, and how many bytes that took.
func pageObject(b []byte) (int, bool) {
	if !bytes.HasPrefix(b, []byte("Type")) {
		return 0, false
	}
	i := 4
	for i < len(b) && isPDFSpace(b[i]) {
		i++
	}
	if !bytes.HasPrefix(b[i:], []byte("/Page")) {
		return 0, false
	}
	i += len("/Page")
	if i < len(b) && isRegular(b[i]) {
		return 0, false // /Pages, /PageLabel…
	}
	return i, true
}

func isPDFSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

// isRegular reports whether c may continue a PDF name.
func isRegular(c byte) bool {
	return !isPDFSpace(c) && !bytes.ContainsRune([]byte("()<>[]{}/%"), rune(c))
}
