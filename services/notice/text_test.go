package notice

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestClause(t *testing.T) {
	for in, want := range map[string]string{
		"需逐件调阅":          "需逐件调阅",
		"需逐件调阅。":         "需逐件调阅",
		" 需逐件调阅；\n":      "需逐件调阅",
		"需逐件调阅，。":        "需逐件调阅",
		"《清单》（12页）":      "《清单》（12页）",
		"see section 2.": "see section 2",
		"":               "",
	} {
		if got := clause(in); got != want {
			t.Errorf("clause(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSentence(t *testing.T) {
	for in, want := range map[string]string{
		"收费期间不计入答复期限":  "收费期间不计入答复期限。",
		"收费期间不计入答复期限。": "收费期间不计入答复期限。",
		"收费期间不计入答复期限；": "收费期间不计入答复期限。",
		"是否同意公开？":      "是否同意公开？",
		"即“视为放弃申请。”":   "即“视为放弃申请。”",
		"详见《清单》（附件1）":  "详见《清单》（附件1）。",
		"  ":           "",
		"。":            "",
	} {
		if got := sentence(in); got != want {
			t.Errorf("sentence(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParagraphs(t *testing.T) {
	got := paragraphs("第一段。\r\n\n  第二段。  \n\n")
	if diff := cmp.Diff([]string{"第一段。", "第二段。"}, got); diff != "" {
		t.Errorf("paragraphs mismatch (-want +got):\n%s", diff)
	}
	if got := paragraphs(" \n "); got != nil {
		t.Errorf("paragraphs of blank text = %q, want none", got)
	}
}

func TestOrdinal(t *testing.T) {
	for i, want := range map[int]string{
		0: "（一）", 8: "（九）", 9: "（十）", 10: "（十一）", 19: "（二十）",
		20: "（二十一）", 98: "（九十九）", 99: "（100）",
	} {
		if got := ordinal(i); got != want {
			t.Errorf("ordinal(%d) = %q, want %q", i, got, want)
		}
	}
}

func TestCite(t *testing.T) {
	const reg = "《中华人民共和国政府信息公开条例》"
	tests := []struct {
		refs []string
		want string
	}{
		{nil, ""},
		{[]string{reg + "第三十六条第（三）项"}, reg + "第三十六条第（三）项"},
		{[]string{reg + "第十五条", reg + "第三十二条。", "", reg + "第三十七条"}, reg + "第十五条、第三十二条、第三十七条"},
		{
			[]string{reg + "第十六条第二款", "《中华人民共和国行政复议法》第二十三条", reg + "第三十六条第（三）项"},
			reg + "第十六条第二款、《中华人民共和国行政复议法》第二十三条、" + reg + "第三十六条第（三）项",
		},
		{[]string{"本机关政府信息公开工作规定第八条", "本机关政府信息公开工作规定第九条"}, "本机关政府信息公开工作规定第八条、本机关政府信息公开工作规定第九条"},
		{[]string{reg, reg}, reg + "、" + reg},
	}
	for _, tt := range tests {
		if got := cite(tt.refs); got != tt.want {
			t.Errorf("cite(%q) = %q, want %q", tt.refs, got, tt.want)
		}
	}
}
