package main

import (
	"strings"
	"testing"
)

// TestLetterNeverDropsABasisOverREST (issue 10, item 6): a draft citing a
// basis the maintained list cannot print may get through review on an
// override, but the head's signature is refused instead of issuing a
// letter without it; the articles replies cite are listed in Chinese.
func TestLetterNeverDropsABasisOverREST(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	bases := ts.rest(t, "GET", "/v1/legal-bases", p.tokens["officer"], nil).want(t, 200)
	for _, want := range []string{"第三十二条", "第三十四条", "第三十六条第（一）项", "第三十九条第一款"} {
		if !strings.Contains(bases.raw, want) {
			t.Errorf("the list lacks %s: %s", want, bases.raw)
		}
	}
	c := ts.registerAssigned(t, p, "2026-11-27")
	ts.rest(t, "POST", "/v1/applications/"+c.id+"/drafts", p.tokens["officer"], map[string]any{
		"outcome": "OUTCOME_WITHHELD",
		"withheldParts": []map[string]any{{"part": "施工合同报价明细", "reason": "WITHHELD_REASON_THIRD_PARTY_RIGHTS",
			"explanation": "涉及第三方商业秘密，第三方书面表示不同意公开"}},
		"legalBasis": []string{"REG_15", "REG_99"}, "facts": "经检索，找到相关合同一份",
	}).want(t, 200)
	ts.act(t, c, "submitDraft", p.tokens["officer"], map[string]any{
		"overrides": []map[string]any{{"check": "LEGAL_BASIS_LISTED", "reason": "依据清单待补充"}}})
	ts.act(t, c, "approveDraft", p.tokens["adviser"], nil)
	r := ts.rest(t, "POST", "/v1/applications/"+c.id+":signOff", p.tokens["head"], map[string]any{"version": c.version}).want(t, 400)
	if !strings.Contains(r.str("message"), "REG_99") {
		t.Errorf("the refusal does not name the basis: %s", r.raw)
	}
	if got := ts.rest(t, "GET", "/v1/applications/"+c.id, p.tokens["head"], nil).want(t, 200).str("application.state"); got != "APPLICATION_STATE_SIGN_OFF" {
		t.Errorf("state after the refused signature: %s", got)
	}
}

// TestAdministratorsMaintainTheBasesOverREST (issue 10, item 6): an
// administrator adds a basis, a draft cites it and is signed; the basis is
// retired; a new draft citing it is blocked, a draft approved before the
// retirement still signs and prints it, and the first letter still prints
// it. Nothing is deleted.
func TestAdministratorsMaintainTheBasesOverREST(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	const text = "《中华人民共和国政府信息公开条例》第三十六条第（三）项（示例新增）"
	add := map[string]any{"code": "REG_36_3_X", "text": text}
	ts.rest(t, "POST", "/v1/legal-bases", p.tokens["head"], add).want(t, 403)
	bad := ts.rest(t, "POST", "/v1/legal-bases", p.tokens["admin"], map[string]any{"code": "bad code", "text": strings.Repeat("法", 201)}).want(t, 400)
	for _, want := range []string{"依据代码", "引用文字"} {
		if !strings.Contains(bad.raw, want) {
			t.Errorf("the refusal lacks %s: %s", want, bad.raw)
		}
	}
	created := ts.rest(t, "POST", "/v1/legal-bases", p.tokens["admin"], add).want(t, 200)
	if created.str("basis.code") != "REG_36_3_X" {
		t.Errorf("created: %s", created.raw)
	}
	if dup := ts.rest(t, "POST", "/v1/legal-bases", p.tokens["admin"], add).want(t, 400); !strings.Contains(dup.raw, "已存在") {
		t.Errorf("a duplicate code: %s", dup.raw)
	}
	if l := ts.rest(t, "GET", "/v1/legal-bases", p.tokens["officer"], nil).want(t, 200); !strings.Contains(l.raw, text) {
		t.Errorf("the list lacks the new basis: %s", l.raw)
	}

	draft := func(c *caseAt) {
		t.Helper()
		ts.rest(t, "POST", "/v1/applications/"+c.id+"/drafts", p.tokens["officer"], map[string]any{
			"outcome": "OUTCOME_WITHHELD",
			"withheldParts": []map[string]any{{"part": "施工合同报价明细", "reason": "WITHHELD_REASON_THIRD_PARTY_RIGHTS",
				"explanation": "涉及第三方商业秘密，第三方书面表示不同意公开"}},
			"legalBasis": []string{"REG_15", "REG_36_3_X"}, "facts": "经检索，找到相关合同一份",
		}).want(t, 200)
	}
	letter := func(c *caseAt) string {
		t.Helper()
		notices := ts.rest(t, "GET", "/v1/applications/"+c.id+"/notices", p.tokens["clerk"], nil).want(t, 200)
		for _, n := range notices.body["notices"].([]any) {
			if m := n.(map[string]any); m["kind"] == "REPLY_LETTER" {
				return ts.rest(t, "GET", "/v1/applications/"+c.id+"/notices/"+m["id"].(string), p.tokens["clerk"], nil).want(t, 200).raw
			}
		}
		t.Fatalf("no reply letter on %s", c.id)
		return ""
	}

	signed := ts.registerAssigned(t, p, "2026-11-27")
	draft(signed)
	ts.act(t, signed, "submitDraft", p.tokens["officer"], nil)
	ts.act(t, signed, "approveDraft", p.tokens["adviser"], nil)
	ts.act(t, signed, "signOff", p.tokens["head"], nil)
	approved := ts.registerAssigned(t, p, "2026-11-27")
	draft(approved)
	ts.act(t, approved, "submitDraft", p.tokens["officer"], nil)
	ts.act(t, approved, "approveDraft", p.tokens["adviser"], nil)

	ts.rest(t, "POST", "/v1/legal-bases/REG_36_3_X:retire", p.tokens["officer"], nil).want(t, 403)
	ts.rest(t, "POST", "/v1/legal-bases/REG_NONE:retire", p.tokens["admin"], nil).want(t, 404)
	if r := ts.rest(t, "POST", "/v1/legal-bases/REG_36_3_X:retire", p.tokens["admin"], nil).want(t, 200); r.str("basis.retired") != "true" {
		t.Errorf("retired: %s", r.raw)
	}
	ts.rest(t, "POST", "/v1/legal-bases/REG_36_3_X:retire", p.tokens["admin"], nil).want(t, 400)
	if l := ts.rest(t, "GET", "/v1/legal-bases", p.tokens["officer"], nil).want(t, 200); strings.Contains(l.raw, "REG_36_3_X") {
		t.Errorf("a retired basis is listed as citable: %s", l.raw)
	}
	if l := ts.rest(t, "GET", "/v1/legal-bases?includeRetired=true", p.tokens["officer"], nil).want(t, 200); !strings.Contains(l.raw, text) {
		t.Errorf("the full list lacks the retired basis: %s", l.raw)
	}

	fresh := ts.registerAssigned(t, p, "2026-11-27")
	draft(fresh)
	blocked := ts.rest(t, "POST", "/v1/applications/"+fresh.id+":submitDraft", p.tokens["officer"], map[string]any{"version": fresh.version}).want(t, 400)
	if !strings.Contains(blocked.str("message"), "LEGAL_BASIS_LISTED") || !strings.Contains(blocked.str("message"), "已停用") {
		t.Errorf("a new draft citing a retired basis: %s", blocked.raw)
	}

	ts.act(t, approved, "signOff", p.tokens["head"], nil)
	for _, c := range []*caseAt{signed, approved} {
		// The letter names the Regulation once and its articles after it.
		if html := letter(c); !strings.Contains(html, "第三十六条第（三）项（示例新增）") {
			t.Errorf("the letter of %s does not print the retired basis", c.id)
		}
	}
}
