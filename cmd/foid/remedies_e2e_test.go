package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRemediesOverREST (issue 10, item 12): a challenge to the failure to
// reply is recorded on an open case once its due date has passed; one to
// a reply once it is issued, before delivery; a lawsuit after
// reconsideration needs a reconsideration; a case's remedies are listed
// in the order filed, same-day ones in the order recorded.
func TestRemediesOverREST(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	p := ts.bootstrap(t)
	ts.day(t, p, "2026-11-02")
	late, replied := ts.registerAssigned(t, p, "2026-11-02"), ts.registerAssigned(t, p, "2026-11-02")

	remedy := func(kind, filed, authority string) map[string]any {
		return map[string]any{"kind": "REMEDY_KIND_" + kind, "filedOn": filed, "authority": authority}
	}
	ts.day(t, p, "2026-11-30") // the due date
	early := remedy("RECONSIDERATION", "2026-11-30", "示范区人民政府")
	early["version"] = late.version
	if r := ts.rest(t, "POST", "/v1/applications/"+late.id+":recordRemedy", p.tokens["officer"], early).want(t, 400); !strings.Contains(r.str("message"), "尚未届满") {
		t.Errorf("before the due date passed: %s", r.raw)
	}
	ts.day(t, p, "2026-12-02")
	authorities := []string{"示范区人民政府", "甲市人民政府", "乙市人民政府", "丙市人民政府"}
	for _, a := range authorities {
		ts.act(t, late, "recordRemedy", p.tokens["officer"], remedy("RECONSIDERATION", "2026-12-01", a))
	}
	var list struct {
		Remedies []struct {
			Authority             string `json:"authority"`
			AgainstFailureToReply bool   `json:"againstFailureToReply"`
		} `json:"remedies"`
	}
	raw := ts.rest(t, "GET", "/v1/applications/"+late.id+"/remedies", p.tokens["officer"], nil).want(t, 200).raw
	if err := json.Unmarshal([]byte(raw), &list); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range list.Remedies {
		got = append(got, r.Authority)
		if !r.AgainstFailureToReply {
			t.Errorf("a remedy on an open case is not against the failure to reply: %s", raw)
		}
	}
	if diff := cmp.Diff(authorities, got); diff != "" {
		t.Errorf("same-day remedies out of the order recorded (-want +got):\n%s", diff)
	}

	ts.rest(t, "POST", "/v1/applications/"+replied.id+"/drafts", p.tokens["officer"], map[string]any{
		"outcome": "OUTCOME_DISCLOSED", "facts": "经检索，找到清单一份"}).want(t, 200)
	ts.act(t, replied, "submitDraft", p.tokens["officer"], map[string]any{
		"overrides": []map[string]any{{"check": "WITHIN_DUE_DATE", "reason": "系统迁移延误"}}})
	if r := ts.act(t, replied, "approveDraft", p.tokens["adviser"], nil); r.str("application.state") != "APPLICATION_STATE_SIGN_OFF" {
		t.Fatalf("not at sign-off: %s", r.raw)
	}
	ts.act(t, replied, "signOff", p.tokens["head"], nil)
	after := remedy("LAWSUIT_AFTER_RECONSIDERATION", "2026-12-02", "示范区人民法院")
	after["version"] = replied.version
	if v := ts.rest(t, "POST", "/v1/applications/"+replied.id+":recordRemedy", p.tokens["officer"], after).want(t, 400).fieldViolations(); len(v) != 1 || v[0] != "kind" {
		t.Errorf("a lawsuit after no reconsideration: violations %v", v)
	}
	ts.act(t, replied, "recordRemedy", p.tokens["officer"], remedy("RECONSIDERATION", "2026-12-02", "示范区人民政府"))
	ts.act(t, replied, "recordRemedy", p.tokens["officer"], remedy("LAWSUIT_AFTER_RECONSIDERATION", "2026-12-02", "示范区人民法院"))
}
