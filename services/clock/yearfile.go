package clock

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"
)

// NationalRegion is the region of the national calendar published by the
// State Council. Any other region is an overlay added on top of it.
const NationalRegion = "CN"

// MinYear and MaxYear bound the year of a calendar file. They keep typos
// such as 20226 out, and give Years a fixed window.
const (
	MinYear = 1990
	MaxYear = 2100
)

// MaxYearFileBytes caps the size of a year file accepted by ParseYearFile;
// a real one is about 2 KB.
const MaxYearFileBytes = 64 << 10

// YearFile is the holiday arrangement of one year for one region, as
// published in one or more notices. It may list days of the previous
// December, because a notice can move the days around New Year.
type YearFile struct {
	Region   string
	Year     int
	Notices  []Notice
	Holidays []Holiday
}

// Notice identifies a published notice that the year file transcribes: the
// original arrangement and any later amendment.
type Notice struct {
	Title  string // e.g. 国务院办公厅关于2026年部分节假日安排的通知
	Number string // document number, e.g. 国办发明电〔2025〕7号; may be empty
	Date   Date   // date of issue; may be unset
}

// Holiday is one named holiday block: its days off (weekends inside a range
// included) and the weekend days that become working days (调休上班).
type Holiday struct {
	Name string
	Off  []DateRange
	Work []Date
}

// DateRange is the inclusive range of days From..To.
type DateRange struct {
	From, To Date
}

// Days returns the number of days in the range.
func (r DateRange) Days() int { return r.To.DaysSince(r.From) + 1 }

// Problem is one reason a year file is rejected, located by a JSON-style
// path such as "holidays[2].work[0]" (empty for the file as a whole).
// Message is in Chinese, for the administrator loading the file, and names
// the dates, values and limits at fault.
type Problem struct {
	Path    string
	Message string
}

// YearFileError lists every problem found in a year file, in file order, so
// an administrator can fix them in one pass.
type YearFileError struct {
	Problems []Problem
}

// ErrInvalidYearFile is matched by errors.Is for every *YearFileError.
var ErrInvalidYearFile = errors.New("节假日安排文件有误")

// Error lists every problem, each prefixed by its path, in the style of
// errs.Invalid, e.g. "节假日安排文件有误：holidays[1].work[1]：2026-02-24 是星期二，
// 调休上班日必须是周六或周日".
func (e *YearFileError) Error() string {
	var b strings.Builder
	b.WriteString(ErrInvalidYearFile.Error())
	b.WriteString("：")
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("；")
		}
		if p.Path != "" {
			b.WriteString(p.Path)
			b.WriteString("：")
		}
		b.WriteString(p.Message)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrInvalidYearFile) true.
func (e *YearFileError) Is(target error) bool { return target == ErrInvalidYearFile }

// The wire form keeps dates as strings so a bad date is reported with its
// path rather than as an anonymous decoding error.
type yearFileJSON struct {
	Region   string        `json:"region"`
	Year     int           `json:"year"`
	Notices  []noticeJSON  `json:"notices"`
	Holidays []holidayJSON `json:"holidays"`
}

type noticeJSON struct {
	Title  string `json:"title"`
	Number string `json:"number,omitempty"`
	Date   string `json:"date,omitempty"`
}

type holidayJSON struct {
	Name string      `json:"name"`
	Off  []rangeJSON `json:"off"`
	Work []string    `json:"work,omitempty"`
}

type rangeJSON struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// ParseYearFile decodes and validates a year file. Unknown fields, trailing
// data and any rule broken (see Validate) are errors; the returned error is
// a *YearFileError.
func ParseYearFile(data []byte) (*YearFile, error) {
	if len(data) > MaxYearFileBytes {
		return nil, &YearFileError{[]Problem{{"", fmt.Sprintf("文件大小为 %d 字节，超过上限 %d 字节", len(data), MaxYearFileBytes)}}}
	}
	var w yearFileJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return nil, &YearFileError{[]Problem{{"", jsonMessage(data, err)}}}
	}
	end := int(dec.InputOffset())
	if _, err := dec.Token(); err != io.EOF {
		extra := end + len(data[end:]) - len(bytes.TrimLeft(data[end:], " \t\r\n"))
		line, col := position(data, extra)
		return nil, &YearFileError{[]Problem{{"", fmt.Sprintf("JSON 格式错误：第 %d 行第 %d 列，JSON 对象结束后还有多余内容", line, col)}}}
	}
	var v validator
	f := v.fromJSON(&w)
	v.check(f)
	if len(v.problems) > 0 {
		return nil, &YearFileError{v.problems}
	}
	return f, nil
}

// jsonMessage renders an error of decoding data with encoding/json in
// Chinese for an administrator: the line and column of a syntax error, the
// field of a wrong type or an unknown field, and no Go type names.
func jsonMessage(data []byte, err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return "文件内容为空，应为一个 JSON 对象"
	case errors.Is(err, io.ErrUnexpectedEOF):
		line, _ := position(data, len(bytes.TrimRight(data, " \t\r\n")))
		return fmt.Sprintf("JSON 格式错误：内容不完整，在第 %d 行意外结束", line)
	case errors.As(err, &se):
		line, col := position(data, int(se.Offset)-1)
		return fmt.Sprintf("JSON 格式错误：第 %d 行第 %d 列，%s", line, col, syntaxDetail(se.Error()))
	case errors.As(err, &te):
		line, _ := position(data, int(te.Offset))
		want, got := jsonKindText(te.Type), jsonValueText(te.Value)
		if te.Field == "" {
			return fmt.Sprintf("JSON 格式错误：第 %d 行，文件内容应为%s，实际为%s", line, want, got)
		}
		return fmt.Sprintf("JSON 格式错误：第 %d 行，字段 %q 应为%s，实际为%s", line, te.Field, want, got)
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if name, ok := strings.CutPrefix(msg, "unknown field "); ok {
		return "未知字段 " + name
	}
	return "JSON 格式错误：" + msg
}

// position returns the line and column, both from 1, of byte offset off in
// data; the column counts characters, not bytes.
func position(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	before := data[:off]
	start := bytes.LastIndexByte(before, '\n') + 1
	return bytes.Count(before, []byte{'\n'}) + 1, utf8.RuneCount(before[start:]) + 1
}

// syntaxContexts translates where encoding/json's scanner met an invalid
// character ("invalid character 'x' <context>").
var syntaxContexts = map[string]string{
	"looking for beginning of value":             "此处应为一个值",
	"looking for beginning of object key string": "此处应为带双引号的字段名",
	"after object key":                           "字段名后应为冒号",
	"after object key:value pair":                "字段值后应为逗号或 }",
	"after array element":                        "数组元素后应为逗号或 ]",
	"after top-level value":                      "JSON 对象结束后还有多余内容",
	"in string literal":                          "字符串中不能直接出现该字符",
	"in string escape code":                      "字符串中的转义写法不正确",
	"in \\u hexadecimal character escape":        "字符串中的 \\u 转义写法不正确",
	"in numeric literal":                         "数字写法不正确",
	"after decimal point in numeric literal":     "数字写法不正确",
	"in exponent of numeric literal":             "数字写法不正确",
}

// syntaxDetail renders the message of a *json.SyntaxError in Chinese,
// keeping the offending character, e.g. "不应出现字符 '}'，此处应为带双引号的字段名".
func syntaxDetail(msg string) string {
	rest, ok := strings.CutPrefix(msg, "invalid character ")
	if !ok || len(rest) < 3 || rest[0] != '\'' {
		return msg
	}
	// The character is quoted as 'x', '\'' or '\n'; it ends at the first
	// quote followed by a space.
	i := strings.Index(rest[1:], "' ")
	if i < 0 {
		return msg
	}
	char, context := rest[:i+2], rest[i+3:]
	switch {
	case syntaxContexts[context] != "":
		context = syntaxContexts[context]
	case strings.HasPrefix(context, "in literal "):
		context = "true、false 或 null 拼写不正确"
	default:
		return msg
	}
	return "不应出现字符 " + char + "，" + context
}

// jsonKindText names in Chinese the JSON value a field of the wire form
// wants.
func jsonKindText(t reflect.Type) string {
	if t == nil {
		return "其他类型"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "整数"
	case reflect.String:
		return "字符串"
	case reflect.Slice, reflect.Array:
		return "数组"
	case reflect.Struct, reflect.Map:
		return "一个 JSON 对象"
	case reflect.Bool:
		return "true 或 false"
	}
	return t.Kind().String()
}

// jsonValueText names in Chinese the JSON value described by
// UnmarshalTypeError.Value: "string", "number 1.5", "array" and so on.
func jsonValueText(v string) string {
	if n, ok := strings.CutPrefix(v, "number "); ok {
		return "数字 " + n
	}
	switch v {
	case "string":
		return "字符串"
	case "number":
		return "数字"
	case "bool":
		return "true 或 false"
	case "array":
		return "数组"
	case "object":
		return "JSON 对象"
	}
	return v
}

// Validate checks the rules every year file obeys: a region code of 2 to 16
// characters A-Z, 0-9 or '-'; a year in MinYear..MaxYear; at least one
// notice, each titled, dated no later than the year; at least one named
// holiday, each with at least one off range; every holiday date within the
// previous December 1 to the year's December 31; ranges in order without
// overlap; make-up working days on Saturdays or Sundays, in order; and no
// date listed twice, in particular not as both off and working.
func (f *YearFile) Validate() error {
	var v validator
	v.check(f)
	if len(v.problems) > 0 {
		return &YearFileError{v.problems}
	}
	return nil
}

type validator struct {
	problems []Problem
}

func (v *validator) addf(path, format string, args ...any) {
	v.problems = append(v.problems, Problem{path, fmt.Sprintf(format, args...)})
}

func (v *validator) date(path, s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		v.addf(path, "%s", err) // ParseDate's messages are for users
	}
	return d
}

// fromJSON converts the wire form, reporting dates that do not parse.
func (v *validator) fromJSON(w *yearFileJSON) *YearFile {
	f := &YearFile{Region: w.Region, Year: w.Year}
	for i, n := range w.Notices {
		p := fmt.Sprintf("notices[%d]", i)
		nt := Notice{Title: n.Title, Number: n.Number}
		if n.Date != "" {
			nt.Date = v.date(p+".date", n.Date)
		}
		f.Notices = append(f.Notices, nt)
	}
	for i, h := range w.Holidays {
		p := fmt.Sprintf("holidays[%d]", i)
		hd := Holiday{Name: h.Name}
		for j, r := range h.Off {
			q := fmt.Sprintf("%s.off[%d]", p, j)
			hd.Off = append(hd.Off, DateRange{v.date(q+".from", r.From), v.date(q+".to", r.To)})
		}
		for j, s := range h.Work {
			hd.Work = append(hd.Work, v.date(fmt.Sprintf("%s.work[%d]", p, j), s))
		}
		f.Holidays = append(f.Holidays, hd)
	}
	return f
}

func validRegion(s string) bool {
	if len(s) < 2 || len(s) > 16 {
		return false
	}
	for _, c := range []byte(s) {
		if !('A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func (v *validator) check(f *YearFile) {
	const regionRule = "应为 2 至 16 位大写字母 A-Z、数字 0-9 或连字符 -，如 CN 或 CN-XZ"
	switch {
	case f.Region == "":
		v.addf("region", "未填写地区代码，%s", regionRule)
	case !validRegion(f.Region):
		v.addf("region", "%q 不是有效的地区代码，%s", f.Region, regionRule)
	}
	switch {
	case f.Year == 0:
		v.addf("year", "未填写年份，年份应在 %d 至 %d 之间", MinYear, MaxYear)
		return // every date check below depends on the year
	case f.Year < MinYear || f.Year > MaxYear:
		v.addf("year", "年份 %d 超出 %d 至 %d 的范围", f.Year, MinYear, MaxYear)
		return
	}
	v.checkNotices(f)
	switch {
	case len(f.Holidays) == 0:
		v.addf("holidays", "未列出任何节假日")
	case len(f.Holidays) > maxHolidays:
		v.addf("holidays", "一年最多列出 %d 个节假日", maxHolidays)
		return
	}
	w := dateWindow{first: NewDate(f.Year-1, 12, 1), last: NewDate(f.Year, 12, 31)}
	w.seen = make([]string, w.last.DaysSince(w.first)+1)
	for i, h := range f.Holidays {
		v.checkHoliday(fmt.Sprintf("holidays[%d]", i), h, &w)
	}
}

// dateWindow is the span of days a year file may list, from the previous
// December 1 to December 31, with the kind and path that listed each day.
// It is at most 397 days, so a slice indexed by day beats a map.
type dateWindow struct {
	first, last Date
	seen        []string
}

func (v *validator) checkHoliday(p string, h Holiday, w *dateWindow) {
	v.text(p+".name", "节假日名称", h.Name, maxHolidayName)
	if len(h.Off) == 0 {
		v.addf(p+".off", "未列出放假日期")
	}
	var prev Date
	for j, r := range h.Off {
		q := fmt.Sprintf("%s.off[%d]", p, j)
		fromOK := v.inWindow(q+".from", r.From, w)
		if toOK := v.inWindow(q+".to", r.To, w); !fromOK || !toOK {
			continue
		}
		if r.To.Before(r.From) {
			v.addf(q, "起始日期 %s 晚于结束日期 %s", r.From, r.To)
			continue
		}
		if !prev.IsZero() && !r.From.After(prev) {
			v.addf(q, "%s 至 %s 没有排在上一段放假日期（止于 %s）之后，各段放假日期应按先后顺序排列且不得重叠", r.From, r.To, prev)
		}
		prev = r.To
		for d := r.From; !d.After(r.To); d = d.AddDays(1) {
			v.mark(w, d, q, dayOff)
		}
	}
	prev = Date{}
	for j, d := range h.Work {
		q := fmt.Sprintf("%s.work[%d]", p, j)
		if !v.inWindow(q, d, w) {
			continue
		}
		if wd := d.Weekday(); wd >= 1 && wd <= 5 {
			v.addf(q, "%s 是%s，调休上班日必须是周六或周日", d, weekdayNames[wd])
		}
		if !prev.IsZero() && d.Before(prev) {
			v.addf(q, "%s 早于上一个调休上班日 %s，调休上班日应按日期先后排列", d, prev)
		}
		prev = d
		v.mark(w, d, q, dayWorking)
	}
}

func (v *validator) checkNotices(f *YearFile) {
	switch {
	case len(f.Notices) == 0:
		v.addf("notices", "未列出任何通知，请填写节假日安排所依据的通知")
	case len(f.Notices) > maxNotices:
		v.addf("notices", "最多列出 %d 个通知", maxNotices)
		return
	}
	earliest, last := NewDate(f.Year-2, 1, 1), NewDate(f.Year, 12, 31)
	for i, n := range f.Notices {
		p := fmt.Sprintf("notices[%d]", i)
		v.text(p+".title", "通知标题", n.Title, maxNoticeTitle)
		if n.Number != "" {
			v.text(p+".number", "文号", n.Number, maxNoticeNumber)
		}
		if !n.Date.IsZero() && (n.Date.Before(earliest) || n.Date.After(last)) {
			v.addf(p+".date", "通知日期 %s 不在 %s 至 %s 之间", n.Date, earliest, last)
		}
	}
}

// Limits on the text and the lists of a year file, in characters and
// entries. A year has a dozen holidays and a notice or two; a calendar keeps
// at most 255 distinct holiday names.
const (
	maxHolidayName  = 50
	maxNoticeTitle  = 200
	maxNoticeNumber = 100
	maxHolidays     = 100
	maxNotices      = 20
)

// text requires a non-blank, valid UTF-8 string of at most max characters,
// so that what is stored renders back byte for byte.
func (v *validator) text(path, what, s string, max int) {
	switch {
	case strings.TrimSpace(s) == "":
		v.addf(path, "未填写%s", what)
	case !utf8.ValidString(s):
		v.addf(path, "%s含有无效字符（不是有效的 UTF-8 文本）", what)
	case utf8.RuneCountInString(s) > max:
		v.addf(path, "%s不能超过 %d 个字", what, max)
	}
}

func (v *validator) inWindow(path string, d Date, w *dateWindow) bool {
	if d.IsZero() {
		if !slices.ContainsFunc(v.problems, func(p Problem) bool { return p.Path == path }) {
			v.addf(path, "未填写日期") // unless already reported as unparsable
		}
		return false
	}
	if d.Before(w.first) || d.After(w.last) {
		v.addf(path, "%s 不在 %s 至 %s 之间，%d 年的安排只能列出上一年 12 月 1 日至当年 12 月 31 日的日期", d, w.first, w.last, w.last.Year())
		return false
	}
	return true
}

// The kinds of listed day that mark records, in the Chinese of the
// messages.
const (
	dayOff     = "放假日"
	dayWorking = "调休上班日"
)

// mark records that path lists d as kind (dayOff or dayWorking), reporting
// a date listed before.
func (v *validator) mark(w *dateWindow, d Date, path, kind string) {
	i := d.DaysSince(w.first)
	if prev := w.seen[i]; prev != "" {
		prevKind, prevPath, _ := strings.Cut(prev, " ")
		if prevKind == kind {
			v.addf(path, "%s 重复列出，%s 已将其列为%s", d, prevPath, kind)
		} else {
			v.addf(path, "%s 不能既是放假日又是调休上班日：此处列为%s，%s 已将其列为%s", d, kind, prevPath, prevKind)
		}
		return
	}
	w.seen[i] = kind + " " + path
}

// Canonical renders f as the canonical JSON stored on disk and in the
// database: fixed key order, one line per notice and per holiday, no HTML
// escaping, a trailing newline. ParseYearFile(f.Canonical()) returns f again
// for every valid f.
func (f *YearFile) Canonical() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "{\n  \"region\": %s,\n  \"year\": %d,\n  \"notices\": [", quote(f.Region), f.Year)
	for i, n := range f.Notices {
		b.WriteString(sep(i))
		fmt.Fprintf(&b, "{\"title\": %s", quote(n.Title))
		if n.Number != "" {
			fmt.Fprintf(&b, ", \"number\": %s", quote(n.Number))
		}
		if !n.Date.IsZero() {
			fmt.Fprintf(&b, ", \"date\": %q", n.Date)
		}
		b.WriteString("}")
	}
	b.WriteString(closing(len(f.Notices)))
	b.WriteString(",\n  \"holidays\": [")
	for i, h := range f.Holidays {
		b.WriteString(sep(i))
		fmt.Fprintf(&b, "{\"name\": %s, \"off\": [", quote(h.Name))
		for j, r := range h.Off {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "{\"from\": %q, \"to\": %q}", r.From, r.To)
		}
		b.WriteString("]")
		if len(h.Work) > 0 {
			b.WriteString(", \"work\": [")
			for j, d := range h.Work {
				if j > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "%q", d)
			}
			b.WriteString("]")
		}
		b.WriteString("}")
	}
	b.WriteString(closing(len(f.Holidays)))
	b.WriteString("\n}\n")
	return b.Bytes()
}

func sep(i int) string {
	if i == 0 {
		return "\n    "
	}
	return ",\n    "
}

func closing(n int) string {
	if n == 0 {
		return "]"
	}
	return "\n  ]"
}

// quote returns s as a JSON string; unlike json.Marshal it leaves <, > and &
// alone, and the dates and Chinese text of a year file stay readable.
func quote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // encoding a string cannot fail
	return strings.TrimSuffix(b.String(), "\n")
}

// Dates returns every date the file lists: the days off and the make-up
// working days, with the holiday each belongs to.
func (f *YearFile) Dates() []ListedDate {
	var out []ListedDate
	for i, h := range f.Holidays {
		for _, r := range h.Off {
			for d := r.From; !d.After(r.To); d = d.AddDays(1) {
				out = append(out, ListedDate{Date: d, Holiday: i, Working: false})
			}
		}
		for _, d := range h.Work {
			out = append(out, ListedDate{Date: d, Holiday: i, Working: true})
		}
	}
	return out
}

// ListedDate is one date a year file lists: off, or a make-up working day,
// for the holiday at index Holiday.
type ListedDate struct {
	Date    Date
	Holiday int
	Working bool
}
