package notice

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"strings"
	"sync"
)

// templateFS holds layout.html and one default template per Kind, named by
// Kind.file. A test keeps the two lists equal.
//
//go:embed templates/*.html
var templateFS embed.FS

const layoutFile = "layout.html"

// overrideName is the name an override is parsed under. Template errors
// quote it with the line number, so it is the word an administrator knows.
const overrideName = "自定义模板"

// Default returns the text of the template shipped for k, for an
// administrator to start an override from, or "" for an unknown kind.
func Default(k Kind) string {
	if !k.valid() {
		return ""
	}
	b, err := templateFS.ReadFile("templates/" + k.file())
	if err != nil {
		return "" // ruled out by TestEveryKindIsComplete
	}
	return string(b)
}

func layout() string {
	b, err := templateFS.ReadFile("templates/" + layoutFile)
	if err != nil {
		panic(err) // the file is embedded at build time; only a broken build lacks it
	}
	return string(b)
}

// compile parses body for kind k together with the shared layout and returns
// the template to execute. Every call builds a fresh set, so that an
// override's {{define}} can replace a partial without touching another
// agency's documents.
func compile(k Kind, name, body string) (*template.Template, error) {
	t, err := template.New(layoutFile).Funcs(funcs(k)).Parse(layout())
	if err != nil {
		return nil, err
	}
	return t.New(name).Parse(body)
}

// defaults are the shipped templates, parsed once: html/template may execute
// one template from many goroutines.
var defaults = sync.OnceValues(func() (map[Kind]*template.Template, error) {
	m := make(map[Kind]*template.Template, len(Kinds))
	for _, k := range Kinds {
		t, err := compile(k, k.file(), Default(k))
		if err != nil {
			return nil, fmt.Errorf("notice: default template of %s: %w", k, err)
		}
		m[k] = t
	}
	return m, nil
})

// Render returns the document of kind k for d as a complete HTML page.
// override is the agency's template for k; "" (or only white space) means
// the shipped default. An override is expected to have passed Validate;
// Render still reports its errors rather than issue a broken document.
func Render(k Kind, override string, d Data) (string, error) {
	if !k.valid() {
		return "", fmt.Errorf("notice: unknown kind %q", string(k))
	}
	if err := checkData(k, d); err != nil {
		return "", err
	}
	var t *template.Template
	if strings.TrimSpace(override) == "" {
		m, err := defaults()
		if err != nil {
			return "", err
		}
		t = m[k]
	} else {
		var err error
		if t, err = compile(k, overrideName, override); err != nil {
			return "", fmt.Errorf("notice: %s override: %w", k, err)
		}
	}
	var b strings.Builder
	if err := t.Execute(&b, d); err != nil {
		return "", fmt.Errorf("notice: render %s: %w", k, err)
	}
	return b.String(), nil
}

// checkData refuses data whose enumerated fields are unknown: a template
// that fell through to the wrong branch would tell the reader the wrong
// law (a third party is not deemed to consent; an agency is).
func checkData(k Kind, d Data) error {
	switch k {
	case ConsultationLetter:
		if d.ConsulteeKind != "THIRD_PARTY" && d.ConsulteeKind != "AGENCY" {
			return fmt.Errorf("notice: %s: ConsulteeKind must be THIRD_PARTY or AGENCY, not %q", k, d.ConsulteeKind)
		}
	case Closure:
		switch d.ClosureKind {
		case "NO_SUPPLEMENT", "FEE_UNPAID", "WITHDRAWN":
		default:
			return fmt.Errorf("notice: %s: ClosureKind must be NO_SUPPLEMENT, FEE_UNPAID or WITHDRAWN, not %q", k, d.ClosureKind)
		}
	case ReplyLetter:
		if d.Reply.Outcome == "" {
			return fmt.Errorf("notice: %s: Reply.Outcome is empty", k)
		}
	case CorrectionDecision:
		switch d.Correction.Outcome {
		case "CORRECTED", "REFUSED":
		case "TRANSFERRED":
			if d.Correction.TransferMode != "FORWARDED" && d.Correction.TransferMode != "TOLD_TO_APPLY" {
				return fmt.Errorf("notice: %s: Correction.TransferMode must be FORWARDED or TOLD_TO_APPLY, not %q", k, d.Correction.TransferMode)
			}
		default:
			return fmt.Errorf("notice: %s: Correction.Outcome must be CORRECTED, TRANSFERRED or REFUSED, not %q", k, d.Correction.Outcome)
		}
	}
	return nil
}

// maxTemplateBytes and maxOutputBytes bound what an override may be and
// produce: far above any real document (the defaults are under 5 KB and
// render to about 5 KB), low enough that a runaway {{range}} stops early.
const (
	maxTemplateBytes = 256 << 10
	maxOutputBytes   = 1 << 20
)

// Validate checks an agency's override for kind k before it is stored: it
// must not be empty, must parse together with the shared layout, must not
// carry scripts or load outside resources (a stored notice is opened in
// staff and applicants' browsers and printed years later), must not loop a
// fixed number of times (which could hang the check), and must render
// every sample of k (Sample and the other variants, e.g. each outcome of a
// reply) without error and with some output. The error is in Chinese, for
// the administrator, and quotes the template error with its line.
func Validate(k Kind, body string) error {
	if !k.valid() {
		return fmt.Errorf("未知的文书类型：%q", string(k))
	}
	title := k.Title()
	if strings.TrimSpace(body) == "" {
		return fmt.Errorf("%s模板内容为空", title)
	}
	if len(body) > maxTemplateBytes {
		return fmt.Errorf("%s模板过大：%d字节，上限为%d字节", title, len(body), maxTemplateBytes)
	}
	if why := unsafeMarkup(body); why != "" {
		return fmt.Errorf("%s模板%s", title, why)
	}
	t, err := compile(k, overrideName, body)
	if err != nil {
		return fmt.Errorf("%s模板无法解析：%v", title, err)
	}
	if at := countedLoop(t); at != "" {
		return fmt.Errorf("%s模板不支持对数字进行循环（{{range 数字}}），请对数据字段循环：%s", title, at)
	}
	for _, s := range variants(k) {
		w := &limitedWriter{max: maxOutputBytes}
		if err := t.Execute(w, s.data); err != nil {
			if errors.Is(err, errTooLarge) {
				return fmt.Errorf("%s模板使用示例数据（%s）生成的文书超过%d字节", title, s.label, maxOutputBytes)
			}
			return fmt.Errorf("%s模板无法使用示例数据（%s）生成文书：%v", title, s.label, err)
		}
		if strings.TrimSpace(w.b.String()) == "" {
			return fmt.Errorf("%s模板使用示例数据（%s）未生成任何内容", title, s.label)
		}
	}
	return nil
}

var errTooLarge = errors.New("output too large")

// limitedWriter fails once more than max bytes are written, which makes
// html/template stop executing.
type limitedWriter struct {
	b   strings.Builder
	max int
}

func (w *limitedWriter) Write(p []byte) (int, error) {
	if w.b.Len()+len(p) > w.max {
		return 0, errTooLarge
	}
	return w.b.Write(p)
}
