// Package filetype tells what a file is from its content, never from its
// name: the kinds of document foi accepts (PDF, OFD, JPEG, PNG, DOCX, XLSX
// and UTF-8 text), the file names it accepts, and the page count of a PDF.
// It is pure: the standard library only.
package filetype

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"io"
	"mime"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Type is a kind of document foi accepts.
type Type struct {
	MediaType  string   // the IANA media type served with the file
	Label      string   // its Chinese name
	Extensions []string // lower case, with the dot; the first is the usual one
}

// The accepted types.
var (
	PDF  = Type{"application/pdf", "PDF 文档", []string{".pdf"}}
	OFD  = Type{"application/ofd", "OFD 版式文档", []string{".ofd"}}
	JPEG = Type{"image/jpeg", "JPEG 图片", []string{".jpg", ".jpeg"}}
	PNG  = Type{"image/png", "PNG 图片", []string{".png"}}
	DOCX = Type{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word 文档（DOCX）", []string{".docx"}}
	XLSX = Type{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel 表格（XLSX）", []string{".xlsx"}}
	Text = Type{"text/plain; charset=utf-8", "纯文本（UTF-8）", []string{".txt"}}
)

// Types lists every accepted type.
var Types = []Type{PDF, OFD, JPEG, PNG, DOCX, XLSX, Text}

// ByMediaType returns the accepted type with media type mt (parameters
// ignored).
func ByMediaType(mt string) (Type, bool) {
	base, _, err := mime.ParseMediaType(mt)
	if err != nil {
		return Type{}, false
	}
	for _, t := range Types {
		if b, _, _ := mime.ParseMediaType(t.MediaType); b == base {
			return t, true
		}
	}
	return Type{}, false
}

// ErrUnsupported is returned for content that is none of the accepted types.
var ErrUnsupported = errors.New("不支持的文件类型：仅接受 PDF、OFD、JPEG、PNG、DOCX、XLSX 和 UTF-8 纯文本")

// Detect reads the content of r (size bytes) and says which accepted type
// it is. Office documents and OFD are ZIP packages told apart by the
// entries their standards require (OFD.xml at the root of an OFD, GB/T
// 33190); text must be UTF-8 throughout with no control characters other
// than tab, line breaks and form feed.
func Detect(r io.ReaderAt, size int64) (Type, error) {
	head := make([]byte, 8)
	n, _ := r.ReadAt(head, 0)
	head = head[:n]
	switch {
	case size == 0:
		return Type{}, errors.New("文件为空")
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return PDF, nil
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return JPEG, nil
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return PNG, nil
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return detectPackage(r, size)
	}
	if isText(io.NewSectionReader(r, 0, size)) {
		return Text, nil
	}
	return Type{}, ErrUnsupported
}

// detectPackage tells OFD, DOCX and XLSX apart by their entries.
func detectPackage(r io.ReaderAt, size int64) (Type, error) {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return Type{}, errors.New("文件是损坏或不完整的 ZIP 包")
	}
	names := map[string]bool{}
	for _, f := range z.File {
		names[f.Name] = true
	}
	switch {
	case names["OFD.xml"]:
		return OFD, nil
	case names["[Content_Types].xml"] && names["word/document.xml"]:
		return DOCX, nil
	case names["[Content_Types].xml"] && names["xl/workbook.xml"]:
		return XLSX, nil
	}
	return Type{}, ErrUnsupported
}

// isText reports whether r is UTF-8 text (an optional byte-order mark,
// then no invalid sequences and no control characters but \t \n \r \f).
func isText(r io.Reader) bool {
	br := bufio.NewReaderSize(r, 64<<10)
	for first := true; ; first = false {
		c, size, err := br.ReadRune()
		if err == io.EOF {
			return true
		}
		if err != nil || (c == utf8.RuneError && size == 1) {
			return false
		}
		if c == '\uFEFF' && first {
			continue
		}
		if unicode.IsControl(c) && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			return false
		}
	}
}

// MaxNameRunes bounds a file name.
const MaxNameRunes = 200

// CheckName returns why a file name is not acceptable, or "" when it is:
// it must be UTF-8, at most MaxNameRunes characters, with no path
// separators or control characters, and end in an extension.
func CheckName(name string) string {
	switch {
	case strings.TrimSpace(name) == "":
		return "须写明文件名"
	case !utf8.ValidString(name):
		return "文件名须为 UTF-8 文字"
	case utf8.RuneCountInString(name) > MaxNameRunes:
		return "文件名不能超过 200 个字"
	case strings.ContainsAny(name, `/\`):
		return "文件名不能含路径分隔符（/ 或 \\）"
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return "文件名不能含控制字符"
	case name == "." || name == ".." || strings.TrimSpace(name) != name:
		return "文件名不能以空格开头或结尾"
	case path.Ext(name) == "" || path.Ext(name) == name:
		return "文件名须带扩展名（如 .pdf）"
	}
	return ""
}

// MatchesName reports whether name's extension is one of t's.
func (t Type) MatchesName(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	for _, e := range t.Extensions {
		if e == ext {
			return true
		}
	}
	return false
}

// Equal reports whether t and u are the same type.
func (t Type) Equal(u Type) bool { return t.MediaType == u.MediaType }
