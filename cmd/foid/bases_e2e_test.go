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
