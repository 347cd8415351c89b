package cases

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"foi/services/actor"
	"foi/services/agency"
	"foi/services/clock"
	"foi/services/outcome"
)

func TestDecideOnTheSpotReply(t *testing.T) {
	ag := agency.Agency{OnTheSpotOutcomes: []outcome.Outcome{outcome.Disclosed, outcome.AlreadyPublic}}
	tests := []struct {
		name    string
		out     outcome.Outcome
		summary string
		wantErr string
	}{
		{name: "an allowed outcome", out: outcome.AlreadyPublic, summary: "已在政府网站公开"},
		{name: "an outcome the agency does not allow", out: outcome.Withheld, summary: "x", wantErr: "invalid: outcome"},
		{name: "an unknown outcome, no summary", out: "MAYBE", wantErr: "invalid: outcome summary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := processing()
			app.State = Accepted
			st, err := decideOnTheSpotReply(&app, ag, day("2026-11-03"), tt.out, tt.summary)
			checkDecision(t, tt.wantErr, stepView{Notices: []string{"REPLY_LETTER "}}, st, err)
			if err == nil && (app.Outcome != tt.out || app.RepliedOn != day("2026-11-03")) {
				t.Errorf("replied %s on %s", app.Outcome, app.RepliedOn)
			}
		})
	}
}

func TestDecideDelivery(t *testing.T) {
	tests := []struct {
		name, method, on, wantErr string
	}{
		{name: "by post, after the reply", method: "POST", on: "2026-11-26"},
		{name: "an unknown method", method: "PIGEON", on: "2026-11-26", wantErr: "invalid: method"},
		{name: "before the reply", method: "POST", on: "2026-11-24", wantErr: "invalid: deliveredOn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := processing()
			app.State, app.RepliedOn = Replied, day("2026-11-25")
			st, err := decideDelivery(&app, day("2026-11-27"), DeliveryRecord{Method: tt.method, DeliveredOn: day(tt.on)})
			checkDecision(t, tt.wantErr, stepView{Notices: []string{"DELIVERY_RECORD "}}, st, err)
			if err == nil && app.ClosedOn != day("2026-11-27") {
				t.Errorf("closed on %s", app.ClosedOn)
			}
		})
	}
}

func TestDecideWithdrawal(t *testing.T) {
	tests := []struct {
		name     string
		role     actor.Role
		written  bool
		tracking string
		wantErr  string
		notices  []string
	}{
		{name: "by the applicant", role: actor.Applicant, tracking: "AAA-2026-000001", notices: []string{"CLOSURE "}},
		{name: "by a clerk with the written request", role: actor.Clerk, written: true, tracking: "AAA-2026-000001", notices: []string{"CLOSURE "}},
		{name: "by a clerk without it", role: actor.Clerk, wantErr: "invalid: writtenRequest"},
		{name: "before confirmation: no notice", role: actor.Applicant},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := processing()
			app.TrackingNumber = tt.tracking
			st, err := decideWithdrawal(&app, tt.role, day("2026-11-20"), " 不再需要 ", tt.written)
			checkDecision(t, tt.wantErr, stepView{Reason: "不再需要", Notices: tt.notices,
				Writes: []rowWrite{pendingFeesCancelled{on: day("2026-11-20")}}}, st, err)
			if err == nil && (app.Outcome != outcome.Withdrawn || app.ClosedOn != day("2026-11-20")) {
				t.Errorf("closed %s on %s", app.Outcome, app.ClosedOn)
			}
		})
	}
}

func TestDecideRemedy(t *testing.T) {
	closed := func() Application {
		a := processing()
		a.State, a.Outcome, a.RepliedOn, a.ClosedOn = Closed, outcome.Withheld, day("2026-11-25"), day("2026-11-26")
		return a
	}
	t.Run("filed", func(t *testing.T) {
		app := closed()
		st, err := decideNewRemedy(&app, day("2027-01-10"), Remedy{Kind: "RECONSIDERATION", FiledOn: day("2027-01-05"),
			Authority: " 区政府 ", CaseNumber: " 复 1 号 "}, "remedy", 0)
		checkDecision(t, "", stepView{Writes: []rowWrite{newRemedy{id: "remedy", kind: "RECONSIDERATION", authority: "区政府",
			caseNumber: "复 1 号", filedOn: day("2027-01-05")}}}, st, err)
	})
	t.Run("filed before the reply, of an unknown kind", func(t *testing.T) {
		app := closed()
		_, err := decideNewRemedy(&app, day("2027-01-10"), Remedy{Kind: "PETITION", FiledOn: day("2026-11-24"), Authority: "x"}, "remedy", 0)
		if diff := cmp.Diff("invalid: kind filedOn", verdict(err)); diff != "" {
			t.Errorf("mismatch (-want +got):\n%s", diff)
		}
	})
	// Issue 10, item 12.
	newOne := func(app Application, today string, r Remedy, reconsiderations int) string {
		_, err := decideNewRemedy(&app, day(today), r, "remedy", reconsiderations)
		return verdict(err)
	}
	replied := closed()
	replied.State = Replied
	open := processing() // due 2026-11-30
	for _, tt := range []struct {
		name, got, want string
	}{
		{"against the reply once issued, before delivery", newOne(replied, "2026-11-27", Remedy{Kind: "RECONSIDERATION", FiledOn: day("2026-11-26"), Authority: "区政府"}, 0), ""},
		{"against the failure to reply, after the due date", newOne(open, "2026-12-03", Remedy{Kind: "RECONSIDERATION", FiledOn: day("2026-12-01"), Authority: "区政府"}, 0), ""},
		{"not before the due date has passed", newOne(open, "2026-11-30", Remedy{Kind: "RECONSIDERATION", Authority: "区政府"}, 0),
			"failed precondition: 本案尚未答复，答复期限（2026-11-30）尚未届满，不能登记针对逾期未答复的复议或诉讼"},
		{"filed on the due date itself", newOne(open, "2026-12-03", Remedy{Kind: "LAWSUIT", FiledOn: day("2026-11-30"), Authority: "区法院"}, 0), "invalid: filedOn"},
		{"a lawsuit after reconsideration without one", newOne(closed(), "2027-01-10", Remedy{Kind: "LAWSUIT_AFTER_RECONSIDERATION", Authority: "区法院"}, 0), "invalid: kind"},
		{"a lawsuit after a recorded reconsideration", newOne(closed(), "2027-01-10", Remedy{Kind: "LAWSUIT_AFTER_RECONSIDERATION", Authority: "区法院"}, 1), ""},
	} {
		if diff := cmp.Diff(tt.want, tt.got); diff != "" {
			t.Errorf("%s: mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
	t.Run("the failure to reply is marked", func(t *testing.T) {
		app := processing()
		st, err := decideNewRemedy(&app, day("2026-12-03"), Remedy{Kind: "LAWSUIT", FiledOn: day("2026-12-02"), Authority: "区法院"}, "remedy", 0)
		checkDecision(t, "", stepView{Writes: []rowWrite{newRemedy{id: "remedy", kind: "LAWSUIT", authority: "区法院",
			filedOn: day("2026-12-02"), againstFailureToReply: true}}}, st, err)
	})
	filed := Remedy{ID: "remedy", Kind: "RECONSIDERATION", FiledOn: day("2027-01-05")}
	results := []struct {
		name    string
		r       Remedy
		stored  Remedy
		found   bool
		wantErr string
	}{
		{name: "decided", r: Remedy{ID: "remedy", Result: "CORRECTED", DecidedOn: day("2027-03-01")}, stored: filed, found: true},
		{name: "not this case's", r: Remedy{ID: "remedy", Result: "CORRECTED"}, wantErr: "invalid: remedyId"},
		{name: "decided already", r: Remedy{ID: "remedy", Result: "UPHELD"}, stored: Remedy{ID: "remedy", Result: "UPHELD"}, found: true,
			wantErr: "invalid: remedyId"},
		{name: "decided before filed, unknown result", r: Remedy{ID: "remedy", Result: "WON", DecidedOn: day("2027-01-04")}, stored: filed,
			found: true, wantErr: "invalid: result decidedOn"},
	}
	for _, tt := range results {
		t.Run(tt.name, func(t *testing.T) {
			st, err := decideRemedyResult(day("2027-03-10"), tt.r, tt.stored, tt.found)
			checkDecision(t, tt.wantErr, stepView{Writes: []rowWrite{remedyResult{id: "remedy", result: "CORRECTED",
				decidedOn: day("2027-03-01")}}}, st, err)
		})
	}
}

func TestDecideReopen(t *testing.T) {
	corrected := Remedy{ID: "remedy", Result: "CORRECTED", DecidedOn: day("2027-03-01")}
	tests := []struct {
		name      string
		stored    Remedy
		found     bool
		orderedOn string
		wantErr   string
		wantOn    string
	}{
		{name: "on a corrected decision, from its day", stored: corrected, found: true, wantOn: "2027-03-01"},
		{name: "from a later order", stored: corrected, found: true, orderedOn: "2027-03-05", wantOn: "2027-03-05"},
		{name: "an order before the decision", stored: corrected, found: true, orderedOn: "2027-02-28", wantErr: "invalid: orderedOn"},
		{name: "an upheld decision", stored: Remedy{ID: "remedy", Result: "UPHELD", DecidedOn: day("2027-03-01")}, found: true,
			wantErr: "invalid: remedyId"},
		{name: "a remedy not decided", stored: Remedy{ID: "remedy"}, found: true, wantErr: "invalid: remedyId"},
		{name: "no such remedy", wantErr: "invalid: remedyId"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := processing()
			app.State, app.Outcome, app.RepliedOn, app.ClosedOn = Closed, outcome.Withheld, day("2026-11-25"), day("2026-11-26")
			var ordered clock.Date
			if tt.orderedOn != "" {
				ordered = day(tt.orderedOn)
			}
			st, err := decideReopen(&app, day("2027-03-10"), "remedy", ordered, "复议决定责令重新答复", tt.stored, tt.found)
			var restart []clock.Event
			if tt.wantOn != "" {
				restart = []clock.Event{{Kind: clock.EventRestart, On: day(tt.wantOn), Reason: clock.RestartOrdered}}
			}
			checkDecision(t, tt.wantErr, stepView{Reason: "复议决定责令重新答复", Clock: restart}, st, err)
			if err == nil && (app.Outcome != "" || !app.RepliedOn.IsZero() || !app.ClosedOn.IsZero()) {
				t.Errorf("reopened with outcome %q, replied %s, closed %s", app.Outcome, app.RepliedOn, app.ClosedOn)
			}
		})
	}
}

func TestDecideLapses(t *testing.T) {
	t.Run("clarification", func(t *testing.T) {
		app := processing()
		app.State, app.SupplementDueOn = Clarification, day("2026-11-26")
		st := decideClarificationLapse(&app, day("2026-11-27"))
		checkDecision(t, "", stepView{Reason: "申请人未在补正期限（2026-11-26 届满）内补正，视为放弃申请", Notices: []string{"CLOSURE "}}, st, nil)
		if app.Outcome != outcome.AbandonedNoClarification || app.ClosedOn != day("2026-11-27") {
			t.Errorf("closed %s on %s", app.Outcome, app.ClosedOn)
		}
	})
	t.Run("fee", func(t *testing.T) {
		app := processing()
		app.State = AwaitingFee
		st := decideFeeLapse(&app, day("2026-12-09"), FeeNotice{ID: "notice", PayBy: day("2026-12-08"), AmountFen: 1000})
		checkDecision(t, "", stepView{Reason: "申请人未在缴费期限（2026-12-08 届满）内缴纳信息处理费，视为放弃申请",
			Notices: []string{"CLOSURE "}, Writes: []rowWrite{feeLapsed{id: "notice", on: day("2026-12-09")}}}, st, nil)
		if app.Outcome != outcome.AbandonedFeeUnpaid || app.ClosedOn != day("2026-12-09") {
			t.Errorf("closed %s on %s", app.Outcome, app.ClosedOn)
		}
	})
}
