package cases

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"foi/services/actor"
	"foi/services/outbox"
)

// TestDecideAssignOnlyUnassigned (issue 10, item 13): a processing case
// nobody handles (after a supplement or reopen) can be assigned; one that
// somebody handles changes hands only by reassignment.
func TestDecideAssignOnlyUnassigned(t *testing.T) {
	if _, err := Next(Processing, Assign, Always); err != nil {
		t.Errorf("assign in PROCESSING: %v", err)
	}
	app := processing()
	if _, err := decideAssign(&app, "officer", "officer", true); err != nil || app.AssigneeID != "officer" {
		t.Fatalf("an unassigned processing case: assigned %q, %v", app.AssigneeID, err)
	}
	_, err := decideAssign(&app, "officer-2", "officer-2", true)
	if diff := cmp.Diff("failed precondition: 本案已有承办人；更换承办人须由负责人改派（:reassign）", verdict(err)); diff != "" {
		t.Errorf("assigning an assigned case mismatch (-want +got):\n%s", diff)
	}
}

func TestDecideReassign(t *testing.T) {
	tests := []struct {
		name     string
		assignee string
		found    bool
		reason   string
		wantErr  string
	}{
		{name: "to another officer with a reason", assignee: "officer-2", found: true, reason: "原承办人休假"},
		{name: "no reason", assignee: "officer-2", found: true, wantErr: "invalid: reason"},
		{name: "nobody named", reason: "原承办人休假", wantErr: "invalid: assigneeId"},
		{name: "not an officer of the agency", assignee: "clerk", reason: "原承办人休假", wantErr: "invalid: assigneeId"},
		{name: "the same officer", assignee: "officer", found: true, reason: "原承办人休假", wantErr: "invalid: assigneeId"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := processing()
			app.AssigneeID = "officer"
			st, err := decideReassign(&app, tt.assignee, tt.assignee, tt.found, tt.reason)
			checkDecision(t, tt.wantErr, stepView{Reason: tt.reason}, st, err)
			if err != nil {
				return
			}
			if app.AssigneeID != tt.assignee {
				t.Errorf("assignee %q, want %q", app.AssigneeID, tt.assignee)
			}
			want := []outbox.Message{{Topic: "case.reassigned", Recipient: "account:officer-2", Subject: "申请 AAA-2026-000001 已改派由您承办",
				Body: "申请 AAA-2026-000001 已改派由您承办（当前状态：办理中）。改派理由：原承办人休假"}}
			if diff := cmp.Diff(want, st.outbox); diff != "" {
				t.Errorf("message to the new assignee mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMayDraft(t *testing.T) {
	assigned := processing()
	assigned.AssigneeID = "officer"
	tests := []struct {
		name    string
		app     Application
		who     string
		wantErr string
	}{
		{name: "the assignee", app: assigned, who: "officer"},
		{name: "the head", app: assigned, who: "head"},
		{name: "another officer", app: assigned, who: "officer-2", wantErr: "permission denied: 本案由其他承办人承办，只有承办人可以起草或提交答复"},
		{name: "nobody assigned", app: processing(), who: "officer", wantErr: "failed precondition: 本案尚未分办，请先领办或由负责人指定承办人后再起草答复"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			who := map[string]actor.Actor{"officer": anOfficer, "officer-2": anOfficer2, "head": aHead}[tt.who]
			err := mayDraft(&tt.app, who)
			if diff := cmp.Diff(tt.wantErr, verdict(err)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
