package main

import (
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestLegalReviewOverREST is the legal review issue's acceptance, with each
// role's own token.
func TestLegalReviewOverREST(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.rest(t, "PATCH", "/v1/agencies/"+p.agencyA+"/policy", p.tokens["admin"], map[string]any{
		"supplementDays": 15, "feePausesClock": true, "onTheSpotOutcomes": []string{"DISCLOSED"},
		"skipReviewOutcomes":       []string{"DISCLOSED", "ALREADY_PUBLIC"},
		"reconsiderationAuthority": "甲区人民政府", "court": "甲区人民法院",
	}).want(t, 200)
	ts.rest(t, "PATCH", "/v1/agencies/"+p.agencyA+"/policy", p.tokens["admin"], map[string]any{
		"supplementDays": 15, "skipReviewOutcomes": []string{"WITHHELD"}}).want(t, 400)

	body := applicationBody(p.agencyA, "")
	body["intake"] = map[string]any{"channel": "INTAKE_CHANNEL_IN_PERSON", "handedInOn": "2026-11-27"}
	r := ts.rest(t, "POST", "/v1/applications:register", p.tokens["clerk"], body).want(t, 200)
	c := &caseAt{id: r.str("application.id"), version: r.str("application.version")}
	ts.act(t, c, "assign", p.tokens["officer"], nil)

	draft := func(basis []string, facts string) {
		t.Helper()
		ts.rest(t, "POST", "/v1/applications/"+c.id+"/drafts", p.tokens["officer"], map[string]any{
			"outcome": "OUTCOME_WITHHELD",
			"withheldParts": []map[string]any{{"part": "施工合同报价明细", "reason": "WITHHELD_REASON_THIRD_PARTY_RIGHTS",
				"explanation": "涉及第三方商业秘密，第三方书面表示不同意公开"}},
			"legalBasis": basis, "facts": facts,
		}).want(t, 200)
	}
	// A withholding reply without a legal basis is blocked by a check that
	// names it.
	draft(nil, "经检索，找到相关合同一份")
	blocked := ts.rest(t, "POST", "/v1/applications/"+c.id+":submitDraft", p.tokens["officer"], map[string]any{"version": c.version}).want(t, 400)
	if !strings.Contains(blocked.str("message"), "REASON_AND_BASIS") || !strings.Contains(blocked.str("message"), "法律依据") {
		t.Errorf("blocked: %s", blocked.raw)
	}
	checks := ts.rest(t, "GET", "/v1/applications/"+c.id+"/drafts:check", p.tokens["officer"], nil).want(t, 200)
	if !strings.Contains(checks.raw, `"REASON_AND_BASIS"`) {
		t.Errorf("checks: %s", checks.raw)
	}
	// Fixed, submitted; the adviser returns it with a comment.
	draft([]string{"REG_15", "REG_36_3"}, "经检索，找到相关合同一份")
	ts.act(t, c, "submitDraft", p.tokens["officer"], nil)
	queue := ts.rest(t, "GET", "/v1/reviews", p.tokens["adviser"], nil).want(t, 200)
	if !strings.Contains(queue.raw, c.id) {
		t.Errorf("the case is not in the adviser's queue: %s", queue.raw)
	}
	ts.rest(t, "POST", "/v1/applications/"+c.id+":returnDraft", p.tokens["adviser"], map[string]any{"version": c.version}).want(t, 400)
	ts.act(t, c, "returnDraft", p.tokens["adviser"], map[string]any{"comments": "请写明第三方意见的日期"})
	// The officer revises; the adviser approves; the head signs off.
	draft([]string{"REG_15", "REG_36_3"}, "经检索，找到相关合同一份；第三方于2026年11月20日书面表示不同意公开")
	ts.act(t, c, "submitDraft", p.tokens["officer"], nil)
	ts.act(t, c, "approveDraft", p.tokens["adviser"], map[string]any{"comment": "同意"})

	// A change after approval makes sign-off fail.
	draft([]string{"REG_15", "REG_36_3"}, "审核后又改了一处")
	ts.rest(t, "POST", "/v1/applications/"+c.id+":signOff", p.tokens["head"], map[string]any{"version": c.version}).want(t, 400)
	ts.act(t, c, "rejectSignOff", p.tokens["head"], map[string]any{"comments": "审核后有改动，请重新提交审核"})
	ts.act(t, c, "submitDraft", p.tokens["officer"], nil)
	ts.act(t, c, "approveDraft", p.tokens["adviser"], nil)
	r = ts.act(t, c, "signOff", p.tokens["head"], nil)
	if r.str("application.state") != "APPLICATION_STATE_REPLIED" || r.str("application.outcome") != "OUTCOME_WITHHELD" {
		t.Errorf("signed off: %s", r.raw)
	}

	drafts := ts.rest(t, "GET", "/v1/applications/"+c.id+"/drafts", p.tokens["adviser"], nil).want(t, 200)
	if !strings.Contains(drafts.raw, "请写明第三方意见的日期") || !strings.Contains(drafts.raw, `"changedFields":["facts"]`) {
		t.Errorf("drafts keep comments and show changes: %.600s", drafts.raw)
	}
	notices := ts.rest(t, "GET", "/v1/applications/"+c.id+"/notices", p.tokens["clerk"], nil).want(t, 200)
	var letter string
	for _, n := range notices.body["notices"].([]any) {
		if m := n.(map[string]any); m["kind"] == "REPLY_LETTER" {
			letter = m["id"].(string)
		}
	}
	html := ts.rest(t, "GET", "/v1/applications/"+c.id+"/notices/"+letter, p.tokens["clerk"], nil).want(t, 200)
	for _, want := range []string{"答复书", "不予公开", "先申请行政复议", "甲区人民政府", "对行政复议决定不服", "甲区人民法院"} {
		if !strings.Contains(html.raw, want) {
			t.Errorf("the reply letter lacks %q", want)
		}
	}
	// The reply letter is a link of the keyed chain: edited behind foi's
	// back (triggers off, stored digest recomputed), it is served as
	// edited, but verify names it.
	verify := ts.rest(t, "POST", "/v1/applications/"+c.id+":verifyHistory", p.tokens["head"], map[string]any{}).want(t, 200)
	if verify.str("intact") != "true" || verify.str("check") != "KEYED" || verify.str("notices") == "0" {
		t.Errorf("verify of the signed case: %s", verify.raw)
	}
	conn, err := pgx.Connect(t.Context(), ts.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	if _, err := conn.Exec(t.Context(), `ALTER TABLE notices DISABLE TRIGGER notices_append_only;
		UPDATE notices SET html = replace(html, '不予公开', '予以公开'), sha256 = sha256(convert_to(replace(html, '不予公开', '予以公开'), 'UTF8'))
		WHERE id = '`+letter+`';
		ALTER TABLE notices ENABLE TRIGGER notices_append_only`); err != nil {
		t.Fatal(err)
	}
	verify = ts.rest(t, "POST", "/v1/applications/"+c.id+":verifyHistory", p.tokens["head"], map[string]any{}).want(t, 200)
	if verify.str("intact") != "false" || !strings.Contains(verify.str("problem"), "答复书") {
		t.Errorf("verify after editing the reply letter: %s", verify.raw)
	}
	bases := ts.rest(t, "GET", "/v1/legal-bases", p.tokens["officer"], nil).want(t, 200)
	if !strings.Contains(bases.raw, "REG_36_3") || !strings.Contains(bases.raw, "属于行政查询事项") {
		t.Errorf("legal bases: %.300s", bases.raw)
	}
}
