package cases

import (
	"testing"

	"foi/services/clock"
)

func TestDecideExtensionRequest(t *testing.T) {
	tests := []struct {
		name       string
		regime     clock.Regime
		r          ExtensionRequest
		approvedOn string
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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := processing()
			app.Regime = tt.regime
			var approved clock.Date
			if tt.approvedOn != "" {
				approved = day(tt.approvedOn)
			}
			st, err := decideExtensionRequest(&app, anOfficer, day("2026-11-20"), tt.r, approved)
			checkDecision(t, tt.wantErr, stepView{Reason: tt.r.Reason, Writes: []rowWrite{
				extensionRequest{days: tt.r.Days, reason: tt.r.Reason, requestedBy: "officer", requestedOn: day("2026-11-20")}}}, st, err)
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
			st, err := decideDelayedDueDate(&app, day("2026-11-20"), due, tt.reason, tt.res)
			checkDecision(t, tt.wantErr, stepView{Reason: tt.reason,
				Clock:   []clock.Event{{Kind: clock.EventDelayTo, On: day("2026-11-20"), Due: due}},
				Notices: []string{"DELAYED_DUE_DATE "}}, st, err)
		})
	}
}
