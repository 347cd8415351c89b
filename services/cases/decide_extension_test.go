package cases

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"foi/services/clock"
	"foi/services/outbox"
)

func TestDecideExtensionRequest(t *testing.T) {
	tests := []struct {
		name       string
		regime     clock.Regime
		r          ExtensionRequest
		approvedOn string
		today      string
		pending    *extension
		wantErr    string
	}{
		{name: "20 working days", regime: clock.Regime2019, r: ExtensionRequest{Days: 20, Reason: "数量大"}},
		{name: "more than 20", regime: clock.Regime2019, r: ExtensionRequest{Days: 21, Reason: "数量大"}, wantErr: "invalid: days"},
		{name: "15 under the 2007 regulation", regime: clock.Regime2007, r: ExtensionRequest{Days: 15, Reason: "数量大"}},
		{name: "more than 15 under the 2007 regulation", regime: clock.Regime2007, r: ExtensionRequest{Days: 16, Reason: "数量大"},
			wantErr: "invalid: days"},
		{name: "no days, no reason", regime: clock.Regime2019, wantErr: "invalid: days reason"},
		{name: "one extension per period", regime: clock.Regime2019, r: ExtensionRequest{Days: 5, Reason: "数量大"}, approvedOn: "2026-11-16",
			wantErr: "failed precondition: 本案已于 2026-11-16 延期一次，答复期限只能延长一次"},

		{name: "after the due date", regime: clock.Regime2019, r: ExtensionRequest{Days: 5, Reason: "数量大"}, today: "2026-12-01",
			wantErr: "failed precondition: 答复期限已于 2026-11-30 届满，不能再申请延期；逾期答复须在答复中说明"},
		{name: "on the due date", regime: clock.Regime2019, r: ExtensionRequest{Days: 5, Reason: "数量大"}, today: "2026-11-30"},
		{name: "a second request while one is pending", regime: clock.Regime2019, r: ExtensionRequest{Days: 5, Reason: "数量大"},
			pending: &extension{id: "x", days: 10, reason: "数量大", requestedBy: "officer", requestedOn: day("2026-11-18")},
			wantErr: "failed precondition: 本案已有 2026-11-18 提出的延期申请（10 个工作日）待负责人审批，请等待批准或驳回后再申请"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := processing()
			app.Regime = tt.regime
			var approved clock.Date
			if tt.approvedOn != "" {
				approved = day(tt.approvedOn)
			}
			today := day("2026-11-20")
			if tt.today != "" {
				today = day(tt.today)
			}
			st, err := decideExtensionRequest(&app, anOfficer, today, tt.r, approved, tt.pending)
			checkDecision(t, tt.wantErr, stepView{Reason: tt.r.Reason, Writes: []rowWrite{
				extensionRequest{days: tt.r.Days, reason: tt.r.Reason, requestedBy: "officer", requestedOn: today}}}, st, err)
		})
	}
}

func TestDecideExtensionApproval(t *testing.T) {
	pending := &extension{id: "x", days: 10, reason: "数量大", requestedBy: "officer"}
	statutory := clock.Result{DueOn: day("2026-11-30"), StatutoryDueOn: day("2026-11-30")}
	tests := []struct {
		name       string
		who        string
		today      string
		approvedOn string
		pending    *extension
		res        clock.Result
		wantErr    string
	}{
		{name: "the head approves before the due date", today: "2026-11-30", pending: pending, res: statutory},
		{name: "the requester never approves", who: "officer", today: "2026-11-20", pending: pending, res: statutory,
			wantErr: "permission denied: 延期申请人不能批准自己的申请"},
		{name: "nothing pending", today: "2026-11-20", res: statutory, wantErr: "failed precondition: 本案没有待批准的延期申请"},
		{name: "after the due date", today: "2026-12-01", pending: pending, res: statutory,
			wantErr: "failed precondition: 答复期限已于 2026-11-30 届满，不能再批准延期"},
		{name: "once per period", today: "2026-11-20", approvedOn: "2026-11-10", pending: pending, res: statutory,
			wantErr: "failed precondition: 本案已于 2026-11-10 延期一次，答复期限只能延长一次"},
		{name: "not after an Art. 35 date", today: "2026-11-20", pending: pending,
			res:     clock.Result{DueOn: day("2027-01-15"), StatutoryDueOn: day("2026-11-30")},
			wantErr: "failed precondition: 本案已确定合理答复期限 2027-01-15，不再延期"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := processing()
			who := aHead
			if tt.who != "" {
				who.AccountID = tt.who
			}
			var approved clock.Date
			if tt.approvedOn != "" {
				approved = day(tt.approvedOn)
			}
			st, err := decideExtensionApproval(&app, who, day(tt.today), " 同意 ", approved, tt.pending, tt.res)
			checkDecision(t, tt.wantErr, stepView{Reason: "同意",
				Clock:   []clock.Event{{Kind: clock.EventExtend, On: day(tt.today), Days: 10}},
				Notices: []string{"EXTENSION "},
				Writes:  []rowWrite{extensionApproval{id: "x", approvedBy: "head", approvedOn: day(tt.today)}}}, st, err)
		})
	}
}

func TestDecideDelayedDueDate(t *testing.T) {
	statutory := clock.Result{DueOn: day("2026-11-30"), StatutoryDueOn: day("2026-11-30")}
	tests := []struct {
		name, due, reason string
		res               clock.Result
		wantErr           string
	}{
		{name: "a later date, with a reason", due: "2027-01-15", reason: "需逐卷调阅档案", res: statutory},
		{name: "not later than the statutory date", due: "2026-11-30", reason: "需逐卷调阅档案", res: statutory, wantErr: "invalid: dueOn"},
		{name: "no date, no reason", res: statutory, wantErr: "invalid: reason dueOn"},
		{name: "a mistyped year (issue 10, item 11)", due: "2036-03-31", reason: "需逐卷调阅档案", res: statutory, wantErr: "invalid: dueOn"},
		{name: "on the agency's limit", due: "2027-02-28", reason: "需逐卷调阅档案", res: statutory},
		{name: "a day past it", due: "2027-03-01", reason: "需逐卷调阅档案", res: statutory, wantErr: "invalid: dueOn"},
		{name: "once per period", due: "2027-02-15", reason: "需逐卷调阅档案",
			res:     clock.Result{DueOn: day("2027-01-15"), StatutoryDueOn: day("2026-11-30")},
			wantErr: "failed precondition: 本案已确定合理答复期限 2027-01-15"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := processing()
			var due clock.Date
			if tt.due != "" {
				due = day(tt.due)
			}
			st, err := decideDelayedDueDate(&app, day("2026-11-20"), due, tt.reason, tt.res, 90)
			checkDecision(t, tt.wantErr, stepView{Reason: tt.reason,
				Clock:   []clock.Event{{Kind: clock.EventDelayTo, On: day("2026-11-20"), Due: due}},
				Notices: []string{"DELAYED_DUE_DATE "}}, st, err)
		})
	}
}

func TestDecideExtensionRejection(t *testing.T) {
	pending := &extension{id: "x", days: 10, reason: "数量大", requestedBy: "officer", requestedOn: day("2026-11-18")}
	tests := []struct {
		name    string
		reason  string
		pending *extension
		wantErr string
	}{
		{name: "the head rejects with a reason", reason: "检索量不大，可按期答复", pending: pending},
		{name: "no reason", pending: pending, wantErr: "invalid: reason"},
		{name: "nothing pending", reason: "检索量不大", wantErr: "failed precondition: 本案没有待审批的延期申请"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := processing()
			st, err := decideExtensionRejection(&app, aHead, day("2026-11-20"), tt.reason, tt.pending)
			checkDecision(t, tt.wantErr, stepView{Reason: tt.reason,
				Writes: []rowWrite{extensionRejection{id: "x", rejectedBy: "head", rejectedOn: day("2026-11-20"), reason: tt.reason}}}, st, err)
			if err != nil {
				return
			}
			want := []outbox.Message{{Topic: "extension.rejected", Recipient: "account:officer",
				Subject: "申请 AAA-2026-000001 的延期申请（10 个工作日）未获批准",
				Body:    "申请 AAA-2026-000001 的延期申请（10 个工作日）未获批准，答复期限不变。驳回理由：检索量不大，可按期答复"}}
			if diff := cmp.Diff(want, st.outbox); diff != "" {
				t.Errorf("message to the officer mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDecideDelayCorrection (issue 10, item 11): the head corrects the
// reasonable date set in the period, with a reason, within the same bounds.
func TestDecideDelayCorrection(t *testing.T) {
	set := clock.Result{DueOn: day("2036-03-31"), StatutoryDueOn: day("2026-11-30")}
	tests := []struct {
		name, due, reason string
		res               clock.Result
		wantErr           string
	}{
		{name: "the intended date, with a reason", due: "2027-01-29", reason: "原日期年份录入错误", res: set},
		{name: "no reason", due: "2027-01-29", res: set, wantErr: "invalid: reason"},
		{name: "no date set", due: "2027-01-29", reason: "录入错误", res: clock.Result{DueOn: day("2026-11-30"), StatutoryDueOn: day("2026-11-30")},
			wantErr: "failed precondition: 本案本答复期限内尚未确定合理答复期限，无需更正"},
		{name: "the same date", due: "2036-03-31", reason: "录入错误", res: set, wantErr: "invalid: dueOn"},
		{name: "past the limit again", due: "2027-03-31", reason: "录入错误", res: set, wantErr: "invalid: dueOn"},
		{name: "not after the statutory date", due: "2026-11-27", reason: "录入错误", res: set, wantErr: "invalid: dueOn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := processing()
			app.DueOn = tt.res.DueOn
			st, err := decideDelayCorrection(&app, day("2026-11-20"), day(tt.due), tt.reason, tt.res, 90)
			checkDecision(t, tt.wantErr, stepView{Reason: tt.reason,
				Clock:   []clock.Event{{Kind: clock.EventDelayTo, On: day("2026-11-20"), Due: day(tt.due), Reason: clock.DelayCorrected}},
				Notices: []string{"DELAYED_DUE_DATE "}}, st, err)
		})
	}
}
