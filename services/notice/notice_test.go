package notice

import (
	"flag"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ from the current templates")

// goldens lists every rendered sample under its golden file's name: each
// kind's Sample as <kind>.html, then the other variants (reply_<outcome>.html
// and the like).
func goldens() []struct {
	name string
	kind Kind
	data Data
} {
	type golden = struct {
		name string
		kind Kind
		data Data
	}
	var out []golden
	seen := map[string]bool{}
	add := func(name string, k Kind, d Data) {
		if !seen[name] {
			seen[name] = true
			out = append(out, golden{name, k, d})
		}
	}
	for _, k := range Kinds {
		add(strings.ToLower(string(k)), k, Sample(k))
		for _, v := range variants(k) {
			add(v.name, k, v.data)
		}
	}
	return out
}

func TestGolden(t *testing.T) {
	names := map[string]bool{}
	for _, g := range goldens() {
		names[g.name+".html"] = true
		t.Run(g.name, func(t *testing.T) {
			got, err := Render(g.kind, "", g.data)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", g.name+".html")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
			}
		})
	}
	for _, outcome := range []string{"disclosed", "partially_disclosed", "withheld", "not_responsible", "not_held"} {
		if !names["reply_"+outcome+".html"] {
			t.Errorf("no golden reply_%s.html: every outcome the legal review sees most needs one", outcome)
		}
	}
	if *update {
		return
	}
	files, err := filepath.Glob(filepath.Join("testdata", "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !names[filepath.Base(f)] {
			t.Errorf("%s matches no sample: delete it or add the sample", f)
		}
	}
}

// keyFacts are the texts a document of kind k must show for d, so that a
// template that drops a field fails. Empty optional fields are skipped.
func keyFacts(k Kind, d Data) []string {
	facts := []string{k.Title(), d.Agency, d.Number, d.IssuedOn, "（印章）"}
	switch k {
	case Receipt:
		facts = append(facts, d.TrackingNumber, d.ApplicantName, d.ApplicantAddress, d.Request, d.Channel, d.ReceivedOn, d.DueOn)
		if d.Regime == "2007" {
			facts = append(facts, "2007年公布", "第二十四条第二款", "15个工作日")
		} else {
			facts = append(facts, "第三十一条", "第三十三条第二款", "20个工作日")
		}
	case Clarification:
		facts = append(facts, d.TrackingNumber, d.ApplicantName, d.ReceivedOn, d.Request,
			fmt.Sprintf("%d个工作日", d.SupplementDays), d.SupplementDueOn,
			"第三十条", "一次性告知", "视为放弃申请", "重新计算")
		facts = append(facts, d.Items...)
	case Extension:
		facts = append(facts, d.TrackingNumber, d.ApplicantName, d.Reason,
			fmt.Sprintf("延长%d个工作日", d.ExtensionDays), d.PreviousDueOn, d.DueOn,
			"第三十三条第二款", "政府信息公开工作机构负责人同意")
		if d.Paused != "" {
			facts = append(facts, d.Paused, "暂停期间不计入答复期限", "恢复计算后确定")
		}
	case DelayedDueDate:
		facts = append(facts, d.TrackingNumber, d.ApplicantName, d.Reason, d.PreviousDueOn, d.DueOn,
			"第三十五条", "延迟答复的合理期限")
	case DateCorrection:
		facts = append(facts, d.TrackingNumber, d.ApplicantName, d.Calendar, "更正", "其他内容不变")
		for _, c := range d.Corrections {
			facts = append(facts, c.Notice, c.What, c.From, c.To)
		}
	case ConsultationLetter:
		facts = append(facts, d.Consultee, d.TrackingNumber, d.Request, d.Question, d.ConsultationDueOn, "15个工作日")
		if d.ConsulteeKind == "AGENCY" {
			facts = append(facts, "第三十四条", "视为同意公开")
		} else {
			facts = append(facts, "第三十二条", "决定是否公开")
		}
	case DeliveryRecord:
		facts = append(facts, d.TrackingNumber, d.ApplicantName, d.ApplicantAddress,
			d.DeliveryMethod, d.DeliveredOn, d.DeliveryNote, "答复书")
	case Closure:
		facts = append(facts, d.TrackingNumber, d.ApplicantName, d.Request, d.Reason, d.Reply.Remedies)
		switch d.ClosureKind {
		case "NO_SUPPLEMENT":
			facts = append(facts, d.SupplementDueOn, "第三十条", "视为放弃申请")
		case "FEE_UNPAID":
			facts = append(facts, d.Fee.PayBy, "信息处理费管理办法", "视为放弃申请")
		case "WITHDRAWN":
			facts = append(facts, "撤回", "终止处理")
		}
	case FeeNotice:
		f := d.Fee
		// The mode is said once: the standard's own "按量计收：" goes.
		facts = append(facts, d.TrackingNumber, d.ApplicantName, d.Request, f.Mode, strings.TrimPrefix(f.Standard, f.Mode+"："),
			f.Amount, f.Reduced, f.HowToPay, f.PayBy, f.Policy,
			"第四十二条", "《政府信息公开信息处理费管理办法》", "国库", "20个工作日", "视为放弃申请")
		facts = append(facts, f.Items...)
	case CorrectionReceipt:
		c := d.Correction
		facts = append(facts, d.TrackingNumber, d.ApplicantName, d.ReceivedOn, d.DueOn, c.Record, c.Inaccuracy, c.Requested, c.Evidence,
			fmt.Sprintf("%d个工作日", c.Days), "第四十一条")
	case CorrectionDecision:
		c := d.Correction
		facts = append(facts, d.TrackingNumber, d.ApplicantName, d.ReceivedOn, clause(c.Record), clause(c.Requested), "第四十一条")
		switch c.Outcome {
		case "CORRECTED":
			facts = append(facts, "决定予以更正", clause(c.Corrected))
		case "TRANSFERRED":
			facts = append(facts, c.TransferAgency, clause(c.Reason), "不属于本机关职能范围")
			if c.TransferMode == "FORWARDED" {
				facts = append(facts, "已将您的更正申请转送")
			} else {
				facts = append(facts, "请您向"+c.TransferAgency+"提出更正申请")
			}
		case "REFUSED":
			facts = append(facts, clause(c.Reason), "决定不予更正", c.Remedies)
		}
	case ReplyLetter:
		r := d.Reply
		facts = append(facts, d.TrackingNumber, d.ApplicantName, d.Request, d.ReceivedOn,
			r.Facts, cite(r.LegalBasis), r.HowProvided, r.RedirectAgency, r.Remedies, d.Fee.Policy)
		facts = append(facts, r.Reasons...)
		facts = append(facts, r.Provided...)
		facts = append(facts, paragraphs(r.Body)...)
	}
	return facts
}

func TestKeyFacts(t *testing.T) {
	for _, g := range goldens() {
		t.Run(g.name, func(t *testing.T) {
			got, err := Render(g.kind, "", g.data)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range keyFacts(g.kind, g.data) {
				if want != "" && !strings.Contains(got, template.HTMLEscaper(want)) {
					t.Errorf("the document does not contain %q", want)
				}
			}
		})
	}
}

// TestConsultationLeavesOutTheApplicant: a third party or another agency
// learns what is asked for, not who asks.
func TestConsultationLeavesOutTheApplicant(t *testing.T) {
	for _, v := range variants(ConsultationLetter) {
		got, err := Render(ConsultationLetter, "", v.data)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{v.data.ApplicantName, v.data.ApplicantAddress} {
			if strings.Contains(got, s) {
				t.Errorf("%s: the letter names the applicant: %q", v.name, s)
			}
		}
	}
}

// TestReplyOutcomeTexts pins the conclusion of each outcome with a golden
// sample, and that the withheld part is said to go to reconsideration
// first when the caller's remedies say so.
func TestReplyOutcomeTexts(t *testing.T) {
	tests := []struct {
		outcome string
		want    string
	}{
		{"DISCLOSED", "本机关决定予以公开"},
		{"PARTIALLY_DISCLOSED", "对不予公开的内容说明理由如下"},
		{"WITHHELD", "本机关决定不予公开。理由如下："},
		{"NOT_HELD", "该政府信息不存在"},
		{"NOT_RESPONSIBLE", "不属于本机关负责公开"},
	}
	for _, tt := range tests {
		t.Run(tt.outcome, func(t *testing.T) {
			i := slices.IndexFunc(variants(ReplyLetter), func(v variant) bool { return v.data.Reply.Outcome == tt.outcome })
			if i < 0 {
				t.Fatalf("no sample for %s", tt.outcome)
			}
			got, err := Render(ReplyLetter, "", variants(ReplyLetter)[i].data)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("the reply does not contain %q", tt.want)
			}
		})
	}
}

// TestEveryOutcomeHasAConclusion renders a reply for each outcome code and
// checks that none falls through to the generic text but OTHER.
func TestEveryOutcomeHasAConclusion(t *testing.T) {
	for _, outcome := range []string{
		"DISCLOSED", "ALREADY_PUBLIC", "PARTIALLY_DISCLOSED", "WITHHELD", "NOT_HELD",
		"NOT_RESPONSIBLE", "NEEDS_CREATION", "UNCLEAR_AFTER_CLARIFICATION", "PETITION",
		"DUPLICATE", "PUBLICATION", "EXCESSIVE", "RECONFIRMATION", "SPECIAL_STATUTE", "OTHER",
	} {
		d := Sample(ReplyLetter)
		d.Reply.Outcome = outcome
		d.Reply.OutcomeLabel = "标签" + outcome
		got, err := Render(ReplyLetter, "", d)
		if err != nil {
			t.Fatalf("%s: %v", outcome, err)
		}
		generic := strings.Contains(got, "作出如下处理：标签"+outcome)
		if generic != (outcome == "OTHER") {
			t.Errorf("%s: generic conclusion = %v, want %v", outcome, generic, outcome == "OTHER")
		}
	}
}

// TestDocumentShape checks what every rendered default must be: a complete
// UTF-8 HTML5 page in Chinese, printable on A4, self-contained, with no
// trace of an omitted optional section.
func TestDocumentShape(t *testing.T) {
	musts := []string{"<!DOCTYPE html>", `<html lang="zh-CN">`, `<meta charset="utf-8">`, "@page { size: A4", "</html>"}
	mustNots := []string{"<script", "http://", "https://", "<p></p>", "<td></td>", "（）", "。。", "，。", "：。", "；。", "、、", "<no value>"}
	for _, g := range goldens() {
		t.Run(g.name, func(t *testing.T) {
			got, err := Render(g.kind, "", g.data)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range musts {
				if !strings.Contains(got, s) {
					t.Errorf("missing %q", s)
				}
			}
			for _, s := range mustNots {
				if strings.Contains(got, s) {
					t.Errorf("contains %q", s)
				}
			}
		})
	}
}

// TestOptionalSectionsOmitted renders each kind with every optional field
// empty and checks that no heading or label is left without its text.
func TestOptionalSectionsOmitted(t *testing.T) {
	fee := Sample(FeeNotice)
	fee.Fee.Reduced, fee.Fee.Policy = "", ""
	got, err := Render(FeeNotice, "", fee)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"六、", "答复期限的计算"} {
		if strings.Contains(got, s) {
			t.Errorf("fee notice without a policy contains %q", s)
		}
	}

	reply := Sample(ReplyLetter)
	reply.Reply.RedirectAgency, reply.Reply.Body, reply.Reply.HowProvided, reply.Reply.Facts = "", "", "", ""
	reply.Fee.Policy = ""
	if got, err = Render(ReplyLetter, "", reply); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"负责公开该政府信息的行政机关为", "提供方式：", "不计算在答复期限内"} {
		if strings.Contains(got, s) {
			t.Errorf("reply without the optional fields contains %q", s)
		}
	}

	withdrawn := variants(Closure)[2].data
	withdrawn.Reason = ""
	if got, err = Render(Closure, "", withdrawn); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(got, "撤回理由") {
		t.Error("closure without a reason still announces one")
	}
}

// appendToStrings appends s to every string in v (a pointer to a struct),
// except the enumerated fields that choose a template's branch.
func appendToStrings(v reflect.Value, s string) {
	switch v.Kind() {
	case reflect.Pointer:
		appendToStrings(v.Elem(), s)
	case reflect.Struct:
		for i := range v.NumField() {
			switch v.Type().Field(i).Name {
			case "ConsulteeKind", "ClosureKind", "Outcome", "TransferMode":
				continue
			}
			appendToStrings(v.Field(i), s)
		}
	case reflect.Slice:
		if v.Len() == 0 && v.Type().Elem().Kind() == reflect.String {
			v.Set(reflect.Append(v, reflect.ValueOf("")))
		}
		for i := range v.Len() {
			appendToStrings(v.Index(i), s)
		}
	case reflect.String:
		v.SetString(v.String() + s)
	}
}

func TestDataIsEscaped(t *testing.T) {
	const evil = `<script>alert("x")</script><img src=x onerror=alert(1)>`
	for _, g := range goldens() {
		t.Run(g.name, func(t *testing.T) {
			d := g.data
			appendToStrings(reflect.ValueOf(&d), evil)
			got, err := Render(g.kind, "", d)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(got, "<script") || strings.Contains(got, "<img") {
				t.Error("data reached the page as markup")
			}
			if !strings.Contains(got, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
				t.Error("the escaped data is missing")
			}
		})
	}
}

func TestCheckData(t *testing.T) {
	consult := Sample(ConsultationLetter)
	consult.ConsulteeKind = ""
	closure := Sample(Closure)
	closure.ClosureKind = "ABANDONED"
	reply := Sample(ReplyLetter)
	reply.Reply.Outcome = ""
	for _, tt := range []struct {
		kind Kind
		data Data
	}{
		{ConsultationLetter, consult},
		{Closure, closure},
		{ReplyLetter, reply},
	} {
		if _, err := Render(tt.kind, "", tt.data); err == nil {
			t.Errorf("%s: Render accepted data whose branch is unknown", tt.kind)
		}
	}
}

func TestEveryKindIsComplete(t *testing.T) {
	want := []Kind{
		"RECEIPT", "CLARIFICATION", "EXTENSION", "DELAYED_DUE_DATE", "CONSULTATION_LETTER",
		"DELIVERY_RECORD", "CLOSURE", "FEE_NOTICE", "REPLY_LETTER", "DATE_CORRECTION", "CORRECTION_RECEIPT", "CORRECTION_DECISION",
	}
	if diff := cmp.Diff(want, Kinds); diff != "" {
		t.Errorf("Kinds mismatch (-want +got):\n%s", diff)
	}
	files := []string{layoutFile}
	titleSeen := map[string]Kind{}
	for _, k := range Kinds {
		if k.Title() == "" {
			t.Errorf("%s has no title", k)
		}
		if other, dup := titleSeen[k.Title()]; dup {
			t.Errorf("%s and %s share the title %s", k, other, k.Title())
		}
		titleSeen[k.Title()] = k
		if Default(k) == "" {
			t.Errorf("%s has no default template", k)
		}
		if Sample(k).TrackingNumber == "" {
			t.Errorf("%s has no sample data", k)
		}
		if err := Validate(k, Default(k)); err != nil {
			t.Errorf("the default of %s fails Validate: %v", k, err)
		}
		files = append(files, k.file())
	}
	shipped, err := fs.Glob(templateFS, "templates/*")
	if err != nil {
		t.Fatal(err)
	}
	for i := range shipped {
		shipped[i] = strings.TrimPrefix(shipped[i], "templates/")
	}
	slices.Sort(files)
	if diff := cmp.Diff(files, shipped); diff != "" {
		t.Errorf("templates/ mismatch (-want +got):\n%s", diff)
	}

	const unknown Kind = "RECEIPT_SLIP"
	if unknown.Title() != "" || Default(unknown) != "" {
		t.Error("an unknown kind has a title or a template")
	}
	if diff := cmp.Diff(Data{}, Sample(unknown)); diff != "" {
		t.Errorf("Sample of an unknown kind mismatch (-want +got):\n%s", diff)
	}
	if _, err := Render(unknown, "", Data{}); err == nil {
		t.Error("Render accepted an unknown kind")
	}
}

// TestSampleIsACopy: Validate and the callers share Sample; a change to one
// copy must not leak into the next.
func TestSampleIsACopy(t *testing.T) {
	d := Sample(Clarification)
	d.Items[0] = "changed"
	if Sample(Clarification).Items[0] == "changed" {
		t.Error("Sample returned shared slices")
	}
}

func TestFormatDate(t *testing.T) {
	for _, tt := range []struct {
		y    int
		m    time.Month
		d    int
		want string
	}{
		{2026, time.November, 27, "2026年11月27日"},
		{2027, time.January, 4, "2027年1月4日"},
	} {
		if got := FormatDate(tt.y, tt.m, tt.d); got != tt.want {
			t.Errorf("FormatDate(%d, %d, %d) = %q, want %q", tt.y, tt.m, tt.d, got, tt.want)
		}
	}
}

func hasHan(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}

// TestNoBlankDates: a letter whose date is not known yet says so instead
// of leaving a blank ("延至。").
func TestNoBlankDates(t *testing.T) {
	for _, g := range goldens() {
		got, err := Render(g.kind, "", g.data)
		if err != nil {
			t.Fatal(err)
		}
		for _, blank := range []string{"延至。", "为。", "由延至", "（截止日为）", "截止日为。"} {
			if strings.Contains(got, blank) {
				t.Errorf("%s leaves a blank: %q", g.name, blank)
			}
		}
	}
}
