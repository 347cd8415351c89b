package notice

import (
	"strings"
	"testing"
)

// agencyReceipt is an agency's own receipt built from the shared partials.
const agencyReceipt = `<!DOCTYPE html>
<html lang="zh-CN">
{{template "head" .}}
<body>
<main class="page">
{{template "letterhead" .}}
{{template "addressee" .}}
<p>{{template "recital" .}}本局将于{{.DueOn}}前答复。窗口咨询电话见本局网站。</p>
{{template "footer" .}}
</main>
</body>
</html>
`

func TestRenderOverride(t *testing.T) {
	d := Sample(Receipt)
	got, err := Render(Receipt, agencyReceipt, d)
	if err != nil {
		t.Fatal(err)
	}
	// The override's own text, then what each partial contributes: head,
	// letterhead (agency, title, number), addressee, recital and footer.
	for _, want := range []string{
		"窗口咨询电话见本局网站",
		"<title>受理回执（" + d.Number + "）</title>",
		`<p class="agency">` + d.Agency + "</p>",
		"<h1>受理回执</h1>",
		"编号：" + d.Number,
		d.ApplicantName + "：",
		"申请编号：" + d.TrackingNumber,
		"（印章）",
		d.IssuedOn,
		d.DueOn,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the override's document does not contain %q", want)
		}
	}
	if err := Validate(Receipt, agencyReceipt); err != nil {
		t.Errorf("Validate rejected a good override: %v", err)
	}
}

// TestOverrideMayReplaceAPartial: an agency may redefine a partial in its
// own template without changing anyone else's documents.
func TestOverrideMayReplaceAPartial(t *testing.T) {
	override := `{{define "footer"}}<footer><p>{{.Agency}}（加盖政府信息公开专用章）</p></footer>{{end}}` + agencyReceipt
	got, err := Render(Receipt, override, Sample(Receipt))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got, "（加盖政府信息公开专用章）") || strings.Contains(got, "（印章）") {
		t.Error("the override's footer was not used")
	}
	def, err := Render(Receipt, "", Sample(Receipt))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(def, "（印章）") || strings.Contains(def, "专用章") {
		t.Error("the override's footer leaked into the default")
	}
}

func TestRenderBlankOverrideIsTheDefault(t *testing.T) {
	want, err := Render(FeeNotice, "", Sample(FeeNotice))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Render(FeeNotice, " \n\t", Sample(FeeNotice))
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Error("a blank override did not render the default")
	}
}

func TestRenderBrokenOverride(t *testing.T) {
	for _, body := range []string{"{{if .TrackingNumber}}", "{{.NoSuchField}}"} {
		if _, err := Render(Receipt, body, Sample(Receipt)); err == nil {
			t.Errorf("Render(%q) succeeded", body)
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		kind Kind
		body string
		want []string // substrings of the error
	}{
		{"empty", Receipt, "", []string{"受理回执模板内容为空"}},
		{"blank", Receipt, " \n\t ", []string{"内容为空"}},
		{"does not parse", Receipt, "<p>{{if .TrackingNumber}}</p>", []string{"无法解析", overrideName}},
		{"unknown function", Receipt, "<p>{{upper .TrackingNumber}}</p>", []string{"无法解析", "upper"}},
		{"missing field", Clarification, "<p>{{.NoSuchField}}</p>", []string{"补正告知书模板无法使用示例数据", "NoSuchField"}},
		{"missing nested field", FeeNotice, "<p>{{.Fee.Total}}</p>", []string{"示例数据", "Total"}},
		{"missing partial", Receipt, `{{template "seal" .}}`, []string{"seal"}},
		// The first reply sample has two reasons, the second none: the
		// error must name the sample that failed.
		{"fails on another sample", ReplyLetter, "<p>{{index .Reply.Reasons 1}}</p>", []string{"答复结果：予以公开", "index"}},
		{"renders nothing", Receipt, `{{define "x"}}<p>x</p>{{end}}`, []string{"受理回执模板"}},
		{"script", Receipt, "<p>{{.TrackingNumber}}</p><script>fetch('/x')</script>", []string{"不得包含脚本"}},
		{"event handler", Receipt, `<body onload="x()">{{.TrackingNumber}}</body>`, []string{"事件处理属性"}},
		{"javascript url", Receipt, `<a href="javascript:x()">{{.TrackingNumber}}</a>`, []string{"javascript:"}},
		{"external image", Receipt, `<img src="https://example.com/seal.png">{{.TrackingNumber}}`, []string{"外部"}},
		{"external stylesheet", Receipt, `<link rel="stylesheet" href="/print.css">{{.TrackingNumber}}`, []string{"外部资源"}},
		{"css import", Receipt, `<style>@import "x.css";</style>{{.TrackingNumber}}`, []string{"外部资源"}},
		{"too large", Receipt, strings.Repeat("政", maxTemplateBytes/3+1), []string{"模板过大"}},
		{"output too large", Receipt, strings.Repeat(`{{template "style"}}`, 600), []string{"超过"}},
		{"counted loop", Receipt, "<p>{{.TrackingNumber}}</p>\n{{if .DueOn}}{{range $i, $x := 1000000000000}}{{end}}{{end}}", []string{"自定义模板:2:", "range"}},
		{"unknown kind", "NOTICE", "<p>x</p>", []string{"未知的文书类型"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate(tt.kind, tt.body)
			if err == nil {
				t.Fatal("Validate accepted the template")
			}
			msg := err.Error()
			if !hasHan(msg) {
				t.Errorf("the error is not in Chinese: %s", msg)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("the error %q does not contain %q", msg, w)
				}
			}
		})
	}
}

// TestValidateAcceptsDataURLs: a seal image may be embedded in the template.
func TestValidateAcceptsDataURLs(t *testing.T) {
	body := strings.Replace(agencyReceipt, "{{template \"footer\" .}}",
		`<img alt="印章" src="data:image/png;base64,iVBORw0KGgo=">{{template "footer" .}}`, 1)
	if err := Validate(Receipt, body); err != nil {
		t.Error(err)
	}
}

func FuzzValidate(f *testing.F) {
	for _, k := range Kinds {
		f.Add(Default(k))
	}
	f.Add(agencyReceipt)
	f.Add("{{.Reply.Reasons}}{{range .Items}}{{.}}{{end}}")
	f.Add("{{template \"basis\" .Reply.LegalBasis}}")
	f.Fuzz(func(t *testing.T, body string) {
		if err := Validate(ReplyLetter, body); err != nil && !hasHan(err.Error()) {
			t.Errorf("the error is not in Chinese: %v", err)
		}
	})
}
