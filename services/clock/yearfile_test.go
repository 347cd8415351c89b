package clock

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// validYearFile is a small valid file that the rule tests break one way at a
// time.
const validYearFile = `{
  "region": "CN",
  "year": 2026,
  "notices": [
    {"title": "国务院办公厅关于2026年部分节假日安排的通知", "number": "国办发明电〔2025〕7号", "date": "2025-11-04"}
  ],
  "holidays": [
    {"name": "元旦", "off": [{"from": "2026-01-01", "to": "2026-01-03"}], "work": ["2026-01-04"]},
    {"name": "春节", "off": [{"from": "2026-02-15", "to": "2026-02-23"}], "work": ["2026-02-14", "2026-02-28"]}
  ]
}
`

func TestParseYearFileValid(t *testing.T) {
	f, err := ParseYearFile([]byte(validYearFile))
	if err != nil {
		t.Fatal(err)
	}
	want := &YearFile{
		Region: "CN",
		Year:   2026,
		Notices: []Notice{{
			Title:  "国务院办公厅关于2026年部分节假日安排的通知",
			Number: "国办发明电〔2025〕7号",
			Date:   MustParseDate("2025-11-04"),
		}},
		Holidays: []Holiday{
			{Name: "元旦", Off: []DateRange{{MustParseDate("2026-01-01"), MustParseDate("2026-01-03")}}, Work: []Date{MustParseDate("2026-01-04")}},
			{Name: "春节", Off: []DateRange{{MustParseDate("2026-02-15"), MustParseDate("2026-02-23")}}, Work: []Date{MustParseDate("2026-02-14"), MustParseDate("2026-02-28")}},
		},
	}
	if diff := cmp.Diff(want, f, dateEqual); diff != "" {
		t.Errorf("ParseYearFile mismatch (-want +got):\n%s", diff)
	}
	if got := string(f.Canonical()); got != validYearFile {
		t.Errorf("Canonical() mismatch (-want +got):\n%s", cmp.Diff(validYearFile, got))
	}
}

// TestYearFileRules breaks each validation rule once and checks the error
// names the offending item.
func TestYearFileRules(t *testing.T) {
	edit := func(old, new string) string {
		if !strings.Contains(validYearFile, old) {
			panic("test edit does not apply: " + old)
		}
		return strings.Replace(validYearFile, old, new, 1)
	}
	tests := []struct {
		name string
		file string
		want []string // every problem, as "path：message" (or the message alone when the path is empty)
	}{
		{"not JSON", `{"region": "CN",`, []string{"JSON 格式错误：内容不完整，在第 1 行意外结束"}},
		{"truncated file", validYearFile[:strings.Index(validYearFile, `{"name": "春节"`)] + "\n\n", []string{"JSON 格式错误：内容不完整，在第 8 行意外结束"}},
		{"empty file", ``, []string{"文件内容为空，应为一个 JSON 对象"}},
		{"syntax error", edit(`"year": 2026,`, `"year": 2026,,`), []string{"JSON 格式错误：第 3 行第 16 列，不应出现字符 ','，此处应为带双引号的字段名"}},
		{"syntax error after Chinese text", edit(`"name": "元旦",`, `"name": "元旦" `), []string{`JSON 格式错误：第 8 行第 20 列，不应出现字符 '"'，字段值后应为逗号或 }`}},
		{"missing colon", edit(`"year": 2026`, `"year" 2026`), []string{"JSON 格式错误：第 3 行第 10 列，不应出现字符 '2'，字段名后应为冒号"}},
		{"misspelt literal", edit(`"year": 2026`, `"year": nul`), []string{"JSON 格式错误：第 3 行第 14 列，不应出现字符 ','，true、false 或 null 拼写不正确"}},
		{"not an object", `[1, 2]`, []string{"JSON 格式错误：第 1 行，文件内容应为一个 JSON 对象，实际为数组"}},
		{"unknown field", edit(`"year": 2026,`, `"year": 2026, "yaer": 2026,`), []string{`未知字段 "yaer"`}},
		{"unknown nested field", edit(`"name": "元旦",`, `"name": "元旦", "days": 3,`), []string{`未知字段 "days"`}},
		{"wrong type", edit(`"year": 2026`, `"year": "2026"`), []string{`JSON 格式错误：第 3 行，字段 "year" 应为整数，实际为字符串`}},
		{"fractional year", edit(`"year": 2026`, `"year": 2026.5`), []string{`JSON 格式错误：第 3 行，字段 "year" 应为整数，实际为数字 2026.5`}},
		{"trailing data", validYearFile + "{}", []string{"JSON 格式错误：第 12 行第 1 列，JSON 对象结束后还有多余内容"}},
		{"trailing data on the last line", strings.TrimSuffix(validYearFile, "\n") + "  x", []string{"JSON 格式错误：第 11 行第 4 列，JSON 对象结束后还有多余内容"}},
		{"empty region", edit(`"region": "CN"`, `"region": ""`), []string{"region：未填写地区代码，应为 2 至 16 位大写字母 A-Z、数字 0-9 或连字符 -，如 CN 或 CN-XZ"}},
		{"lower-case region", edit(`"region": "CN"`, `"region": "cn-xz"`), []string{`region："cn-xz" 不是有效的地区代码，应为 2 至 16 位大写字母 A-Z、数字 0-9 或连字符 -，如 CN 或 CN-XZ`}},
		{"long region", edit(`"region": "CN"`, `"region": "CN-ABCDEFGHIJKLMN"`), []string{`region："CN-ABCDEFGHIJKLMN" 不是有效的地区代码，应为 2 至 16 位大写字母 A-Z、数字 0-9 或连字符 -，如 CN 或 CN-XZ`}},
		{"no year", edit(`"year": 2026,`, ``), []string{"year：未填写年份，年份应在 1990 至 2100 之间"}},
		{"year too early", edit(`"year": 2026`, `"year": 1989`), []string{"year：年份 1989 超出 1990 至 2100 的范围"}},
		{"year too late", edit(`"year": 2026`, `"year": 20226`), []string{"year：年份 20226 超出 1990 至 2100 的范围"}},
		{"no notice", edit(`"notices": [
    {"title": "国务院办公厅关于2026年部分节假日安排的通知", "number": "国办发明电〔2025〕7号", "date": "2025-11-04"}
  ]`, `"notices": []`), []string{"notices：未列出任何通知，请填写节假日安排所依据的通知"}},
		{"empty title", edit(`"title": "国务院办公厅关于2026年部分节假日安排的通知"`, `"title": " "`), []string{"notices[0].title：未填写通知标题"}},
		{"blank document number", edit(`"number": "国办发明电〔2025〕7号"`, `"number": " "`), []string{"notices[0].number：未填写文号"}},
		{"bad notice date", edit(`"date": "2025-11-04"`, `"date": "2025-11-31"`), []string{`notices[0].date：日期 "2025-11-31" 不是真实存在的日期`}},
		{"notice after the year", edit(`"date": "2025-11-04"`, `"date": "2027-01-04"`), []string{"notices[0].date：通知日期 2027-01-04 不在 2024-01-01 至 2026-12-31 之间"}},
		{"no holidays", validYearFile[:strings.Index(validYearFile, `"holidays"`)] + `"holidays": []}`, []string{"holidays：未列出任何节假日"}},
		{"empty holiday name", edit(`"name": "春节"`, `"name": ""`), []string{"holidays[1].name：未填写节假日名称"}},
		{"long holiday name", edit(`"name": "春节"`, `"name": "`+strings.Repeat("春", 51)+`"`), []string{"holidays[1].name：节假日名称不能超过 50 个字"}},
		{"long notice title", edit(`"title": "国务院办公厅关于2026年部分节假日安排的通知"`, `"title": "`+strings.Repeat("通", 201)+`"`), []string{"notices[0].title：通知标题不能超过 200 个字"}},
		{"long document number", edit(`"number": "国办发明电〔2025〕7号"`, `"number": "`+strings.Repeat("号", 101)+`"`), []string{"notices[0].number：文号不能超过 100 个字"}},
		{"too many notices", edit(`"notices": [`, `"notices": [`+strings.Repeat(`{"title": "通知"}, `, 20)), []string{"notices：最多列出 20 个通知"}},
		{"too many holidays", edit(`"holidays": [`, `"holidays": [`+strings.Repeat(`{"name": "节", "off": [{"from": "2026-03-01", "to": "2026-03-01"}]}, `, 99)), []string{"holidays：一年最多列出 100 个节假日"}},
		{"no off days", edit(`"off": [{"from": "2026-01-01", "to": "2026-01-03"}]`, `"off": []`), []string{"holidays[0].off：未列出放假日期"}},
		{"bad from date", edit(`"from": "2026-02-15"`, `"from": "2026-2-15"`), []string{`holidays[1].off[0].from：日期 "2026-2-15" 格式不正确，应为 YYYY-MM-DD`}},
		{"missing to", edit(`, "to": "2026-02-23"`, ``), []string{"holidays[1].off[0].to：未填写日期，格式应为 YYYY-MM-DD"}},
		{"date before the window", edit(`"from": "2026-01-01"`, `"from": "2025-11-30"`), []string{"holidays[0].off[0].from：2025-11-30 不在 2025-12-01 至 2026-12-31 之间，2026 年的安排只能列出上一年 12 月 1 日至当年 12 月 31 日的日期"}},
		{"date after the window", edit(`"2026-02-28"`, `"2027-01-02"`), []string{"holidays[1].work[1]：2027-01-02 不在 2025-12-01 至 2026-12-31 之间，2026 年的安排只能列出上一年 12 月 1 日至当年 12 月 31 日的日期"}},
		{"range reversed", edit(`{"from": "2026-02-15", "to": "2026-02-23"}`, `{"from": "2026-02-23", "to": "2026-02-15"}`), []string{"holidays[1].off[0]：起始日期 2026-02-23 晚于结束日期 2026-02-15"}},
		{"ranges out of order", edit(`{"from": "2026-02-15", "to": "2026-02-23"}`, `{"from": "2026-02-20", "to": "2026-02-23"}, {"from": "2026-02-15", "to": "2026-02-16"}`),
			[]string{"holidays[1].off[1]：2026-02-15 至 2026-02-16 没有排在上一段放假日期（止于 2026-02-23）之后，各段放假日期应按先后顺序排列且不得重叠"}},
		{"make-up day on a weekday", edit(`"2026-02-28"`, `"2026-02-24"`), []string{"holidays[1].work[1]：2026-02-24 是星期二，调休上班日必须是周六或周日"}},
		{"make-up day on a Friday", edit(`"2026-02-28"`, `"2026-02-27"`), []string{"holidays[1].work[1]：2026-02-27 是星期五，调休上班日必须是周六或周日"}},
		{"make-up days out of order", edit(`"work": ["2026-02-14", "2026-02-28"]`, `"work": ["2026-02-28", "2026-02-14"]`),
			[]string{"holidays[1].work[1]：2026-02-14 早于上一个调休上班日 2026-02-28，调休上班日应按日期先后排列"}},
		{"date both off and working", edit(`"work": ["2026-02-14", "2026-02-28"]`, `"work": ["2026-02-14", "2026-02-22"]`),
			[]string{"holidays[1].work[1]：2026-02-22 不能既是放假日又是调休上班日：此处列为调休上班日，holidays[1].off[0] 已将其列为放假日"}},
		{"date both working and off", edit(`{"from": "2026-02-15", "to": "2026-02-23"}`, `{"from": "2026-02-15", "to": "2026-02-23"}, {"from": "2026-02-28", "to": "2026-02-28"}`),
			[]string{"holidays[1].work[1]：2026-02-28 不能既是放假日又是调休上班日：此处列为调休上班日，holidays[1].off[1] 已将其列为放假日"}},
		{"off date listed twice", edit(`{"from": "2026-01-01", "to": "2026-01-03"}`, `{"from": "2026-01-01", "to": "2026-02-15"}`),
			[]string{
				"holidays[0].work[0]：2026-01-04 不能既是放假日又是调休上班日：此处列为调休上班日，holidays[0].off[0] 已将其列为放假日",
				"holidays[1].off[0]：2026-02-15 重复列出，holidays[0].off[0] 已将其列为放假日",
				"holidays[1].work[0]：2026-02-14 不能既是放假日又是调休上班日：此处列为调休上班日，holidays[0].off[0] 已将其列为放假日",
			}},
		{"working date listed twice", edit(`"work": ["2026-01-04"]`, `"work": ["2026-01-04", "2026-02-28"]`),
			[]string{"holidays[1].work[1]：2026-02-28 重复列出，holidays[0].work[1] 已将其列为调休上班日"}},
		{"several problems at once", strings.Replace(edit(`"name": "春节"`, `"name": ""`), `"region": "CN"`, `"region": "?"`, 1),
			[]string{`region："?" 不是有效的地区代码，应为 2 至 16 位大写字母 A-Z、数字 0-9 或连字符 -，如 CN 或 CN-XZ`, "holidays[1].name：未填写节假日名称"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ParseYearFile([]byte(tt.file))
			if err == nil {
				t.Fatalf("ParseYearFile accepted it: %+v", f)
			}
			if !errors.Is(err, ErrInvalidYearFile) {
				t.Errorf("error %v is not ErrInvalidYearFile", err)
			}
			var yfe *YearFileError
			if !errors.As(err, &yfe) {
				t.Fatalf("error %v is not a *YearFileError", err)
			}
			var got []string
			for _, p := range yfe.Problems {
				if p.Path == "" {
					got = append(got, p.Message)
				} else {
					got = append(got, p.Path+"："+p.Message)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
			if want := "节假日安排文件有误：" + strings.Join(tt.want, "；"); err.Error() != want {
				t.Errorf("Error() = %q\nwant %q", err, want)
			}
		})
	}
}

// TestSyntaxDetail covers the scanner messages the rule table does not
// reach, and keeps unknown ones in full rather than losing them.
func TestSyntaxDetail(t *testing.T) {
	for msg, want := range map[string]string{
		`invalid character '\'' looking for beginning of value`:    `不应出现字符 '\''，此处应为一个值`,
		`invalid character ' ' in numeric literal`:                 `不应出现字符 ' '，数字写法不正确`,
		`invalid character '\n' in string literal`:                 `不应出现字符 '\n'，字符串中不能直接出现该字符`,
		`invalid character 'x' in \u hexadecimal character escape`: `不应出现字符 'x'，字符串中的 \u 转义写法不正确`,
		`invalid character 'q' in string escape code`:              `不应出现字符 'q'，字符串中的转义写法不正确`,
		`invalid character 'x' in literal false (expecting 'l')`:   `不应出现字符 'x'，true、false 或 null 拼写不正确`,
		`invalid character 'x' somewhere new`:                      `invalid character 'x' somewhere new`,
		`unexpected something`:                                     `unexpected something`,
	} {
		if got := syntaxDetail(msg); got != want {
			t.Errorf("syntaxDetail(%q) = %q, want %q", msg, got, want)
		}
	}
}

func TestYearFileValidateBuiltInGo(t *testing.T) {
	f := &YearFile{Region: "CN-XZ", Year: 2026, Notices: []Notice{{Title: "n"}}}
	err := f.Validate()
	var yfe *YearFileError
	if !errors.As(err, &yfe) {
		t.Fatalf("Validate() = %v, want *YearFileError", err)
	}
	want := []Problem{{"holidays", "未列出任何节假日"}}
	if diff := cmp.Diff(want, yfe.Problems); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
	if got, want := err.Error(), "节假日安排文件有误：holidays：未列出任何节假日"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	f.Holidays = []Holiday{{Name: "h", Off: []DateRange{{From: MustParseDate("2026-03-02")}}}}
	if err := f.Validate(); err == nil || err.Error() != "节假日安排文件有误：holidays[0].off[0].to：未填写日期" {
		t.Errorf("Validate() = %v, want unset date", err)
	}
	f.Holidays = []Holiday{{Name: "h\xff", Off: []DateRange{{MustParseDate("2026-03-02"), MustParseDate("2026-03-02")}}}}
	if err := f.Validate(); err == nil || err.Error() != "节假日安排文件有误：holidays[0].name：节假日名称含有无效字符（不是有效的 UTF-8 文本）" {
		t.Errorf("Validate() = %v, want invalid UTF-8", err)
	}
	f.Year = 0
	if err := f.Validate(); err == nil || err.Error() != "节假日安排文件有误：year：未填写年份，年份应在 1990 至 2100 之间" {
		t.Errorf("Validate() = %v, want unset year", err)
	}
}

func TestParseYearFileTooLarge(t *testing.T) {
	big := bytes.Repeat([]byte(" "), MaxYearFileBytes+1)
	want := "节假日安排文件有误：文件大小为 65537 字节，超过上限 65536 字节"
	if _, err := ParseYearFile(big); err == nil || err.Error() != want {
		t.Errorf("ParseYearFile(%d bytes) = %v, want %q", len(big), err, want)
	}
}

// TestEmbeddedFilesCanonical keeps the shipped files in canonical form, so
// what an administrator exports and what the repository holds never drift.
func TestEmbeddedFilesCanonical(t *testing.T) {
	err := fs.WalkDir(calendarFS, "calendars", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := calendarFS.ReadFile(p)
		if err != nil {
			return err
		}
		f, err := ParseYearFile(data)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		if want := fmt.Sprintf("calendars/%s/%d.json", f.Region, f.Year); p != want {
			t.Errorf("%s holds %s %d, want it at %s", p, f.Region, f.Year, want)
		}
		if got := f.Canonical(); !bytes.Equal(got, data) {
			t.Errorf("%s is not canonical (-file +canonical):\n%s", p, cmp.Diff(string(data), string(got)))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestEmbeddedFilesMatchRules compares every shipped national file, date by
// date, with the table of rules.md typed into rulesTable.
func TestEmbeddedFilesMatchRules(t *testing.T) {
	files, err := EmbeddedYearFiles(NationalRegion)
	if err != nil {
		t.Fatal(err)
	}
	var years []int
	for _, f := range files {
		years = append(years, f.Year)
		t.Run(fmt.Sprint(f.Year), func(t *testing.T) {
			want := map[string]string{}
			for d, working := range referenceTable().rows[f.Year] {
				want[d.String()] = map[bool]string{false: "off", true: "work"}[working]
			}
			got := map[string]string{}
			for _, ld := range f.Dates() {
				got[ld.Date.String()] = map[bool]string{false: "off", true: "work"}[ld.Working]
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%d.json vs rules.md mismatch (-want +got):\n%s", f.Year, diff)
			}
			if len(f.Notices) == 0 || !strings.HasPrefix(f.Notices[0].Title, "国务院办公厅关于"+fmt.Sprint(f.Year)+"年部分节假日安排的通知") {
				t.Errorf("first notice %+v is not the year's State Council notice", f.Notices)
			}
		})
	}
	if diff := cmp.Diff([]int{2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026}, years); diff != "" {
		t.Errorf("shipped years mismatch (-want +got):\n%s", diff)
	}
}

func TestEmbeddedNotices(t *testing.T) {
	want := map[int][]string{
		2019: {"国务院办公厅关于2019年部分节假日安排的通知 国办发明电〔2018〕15号 2018-12-06", "国务院办公厅关于调整2019年劳动节假期安排的通知 国办发明电〔2019〕2号 2019-03-22"},
		2020: {"国务院办公厅关于2020年部分节假日安排的通知 国办发明电〔2019〕16号 2019-11-21", "国务院办公厅关于延长2020年春节假期的通知 国办发明电〔2020〕1号 2020-01-26"},
		2021: {"国务院办公厅关于2021年部分节假日安排的通知 国办发明电〔2020〕27号 2020-11-25"},
		2022: {"国务院办公厅关于2022年部分节假日安排的通知 国办发明电〔2021〕11号 2021-10-25"},
		2023: {"国务院办公厅关于2023年部分节假日安排的通知 国办发明电〔2022〕16号 2022-12-08"},
		2024: {"国务院办公厅关于2024年部分节假日安排的通知 国办发明电〔2023〕7号 2023-10-25"},
		2025: {"国务院办公厅关于2025年部分节假日安排的通知 国办发明电〔2024〕12号 2024-11-12"},
		2026: {"国务院办公厅关于2026年部分节假日安排的通知 国办发明电〔2025〕7号 2025-11-04"},
	}
	files, err := EmbeddedYearFiles(NationalRegion)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int][]string{}
	for _, f := range files {
		for _, n := range f.Notices {
			got[f.Year] = append(got[f.Year], n.Title+" "+n.Number+" "+n.Date.String())
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("notices mismatch (-want +got):\n%s", diff)
	}
}

func TestEmbeddedYearFilesRegion(t *testing.T) {
	if files, err := EmbeddedYearFiles("CN-XZ"); err != nil || len(files) != 0 {
		t.Errorf("EmbeddedYearFiles(CN-XZ) = %d files, %v; want none", len(files), err)
	}
	if _, err := EmbeddedYearFiles("../CN"); err == nil {
		t.Error("EmbeddedYearFiles(../CN) succeeded, want an error")
	}
}
