package notice

import (
	"html/template"
	"strconv"
	"strings"
	"unicode/utf8"
)

// funcs are the functions every template of kind k may call. They return
// plain strings, so html/template escapes their results like any data.
func funcs(k Kind) template.FuncMap {
	return template.FuncMap{
		"title":      k.Title,
		"clause":     clause,
		"sentence":   sentence,
		"paragraphs": paragraphs,
		"ordinal":    ordinal,
		"cite":       cite,
		"trimPrefix": strings.TrimPrefix,
	}
}

// clauseEnd is punctuation that may end a caller's text but must go when
// the text continues a sentence.
const clauseEnd = "。．.；;，,、：:"

// clause returns s without surrounding space and final punctuation, so that
// a template can write "因{{clause .Reason}}，" whatever the caller typed.
func clause(s string) string {
	return strings.TrimRight(strings.TrimSpace(s), clauseEnd+" \t\r\n　")
}

// sentence returns s as a complete sentence: ending in one "。", unless it
// already ends in a full stop, question or exclamation mark (possibly inside
// closing quotes or brackets). Empty text stays empty.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	c := clause(s)
	if c == "" {
		return "" // nothing but punctuation
	}
	core := strings.TrimRight(s, "”’」』）)》〉\"'")
	if r, _ := utf8.DecodeLastRuneInString(core); strings.ContainsRune("。！？!?…", r) {
		return s
	}
	return c + "。"
}

// paragraphs splits officer-written text into its non-blank lines, each a
// paragraph of the document.
func paragraphs(s string) []string {
	var out []string
	for line := range strings.Lines(s) {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// ordinal returns the label of the i-th item (from 0) of a list in an
// official document: （一）, （二） … （九十九）.
func ordinal(i int) string {
	return "（" + chineseNumber(i+1) + "）"
}

// chineseNumber writes 1 to 99 in Chinese numerals (十一, 二十, 二十一);
// larger numbers, which no list in a notice reaches, in Arabic digits.
func chineseNumber(n int) string {
	const digits = "零一二三四五六七八九"
	digit := func(d int) string { return string([]rune(digits)[d]) }
	switch {
	case n < 1 || n > 99:
		return strconv.Itoa(n)
	case n < 10:
		return digit(n)
	}
	s := "十"
	if n >= 20 {
		s = digit(n/10) + s
	}
	if n%10 != 0 {
		s += digit(n % 10)
	}
	return s
}

// cite joins legal references for "依照……的规定": with "、", and with the
// law's name written once for consecutive articles of the same law, as in
// 《中华人民共和国政府信息公开条例》第十五条、第三十七条.
func cite(refs []string) string {
	var b strings.Builder
	prevLaw := ""
	for _, r := range refs {
		r = clause(r)
		if r == "" {
			continue
		}
		law, article := splitLaw(r)
		if b.Len() > 0 {
			b.WriteString("、")
		}
		if law != "" && law == prevLaw && article != "" {
			b.WriteString(article)
		} else {
			b.WriteString(r)
		}
		prevLaw = law
	}
	return b.String()
}

// splitLaw splits "《法》第一条" into "《法》" and "第一条"; a reference that
// does not start with a title in 《》 has no law part.
func splitLaw(ref string) (law, article string) {
	if !strings.HasPrefix(ref, "《") {
		return "", ref
	}
	i := strings.Index(ref, "》")
	if i < 0 {
		return "", ref
	}
	end := i + len("》")
	return ref[:end], ref[end:]
}
