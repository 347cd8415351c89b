package cases

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"foi/services/actor"
	"foi/services/agency"
	"foi/services/clock"
	"foi/services/errs"
)

// The decide_*_test.go files check the rules of workflow.md on the pure
// decision functions, with hand-built cases and the shipped national
// calendar: no database.

var day = clock.MustParseDate

// national is the shipped national calendar, as a server without any
// loaded calendar counts.
func national(t *testing.T) *clock.Calendar {
	t.Helper()
	cal, err := clock.National()
	if err != nil {
		t.Fatal(err)
	}
	return cal
}

// processing is a case received on 2026-11-02 (a Monday) and being
// handled, under the 2019 regulation.
func processing() Application {
	return Application{ID: "case", AgencyID: "agency", TrackingNumber: "AAA-2026-000001", State: Processing,
		Regime: clock.Regime2019, ReceivedOn: day("2026-11-02"), DueOn: day("2026-11-30"), Pieces: 1}
}

var (
	anOfficer   = actor.Actor{AccountID: "officer", Name: "officer", Role: actor.Officer}
	anOfficer2  = actor.Actor{AccountID: "officer-2", Name: "officer-2", Role: actor.Officer}
	aHead       = actor.Actor{AccountID: "head", Name: "head", Role: actor.Head}
	aClerk      = actor.Actor{AccountID: "clerk", Name: "clerk", Role: actor.Clerk}
	anApplicant = actor.Actor{AccountID: "applicant", Name: "applicant", Role: actor.Applicant}
)

// verdict names what a decision's error says: the bad fields of an
// InvalidArgument, or the category and text of any other; "" for none.
func verdict(err error) string {
	if err == nil {
		return ""
	}
	var inv *errs.Invalid
	if errors.As(err, &inv) {
		var fields []string
		for _, v := range inv.Violations {
			fields = append(fields, v.Field)
		}
		return "invalid: " + strings.Join(fields, " ")
	}
	for _, c := range []struct {
		name     string
		category error
	}{{"failed precondition", errs.FailedPrecondition}, {"permission denied", errs.PermissionDenied}} {
		if errors.Is(err, c.category) {
			text, _ := errs.UserText(err)
			return c.name + ": " + text
		}
	}
	return "error: " + err.Error()
}

// stepView is what a step does, in comparable form.
type stepView struct {
	Guard   Guard
	Reason  string
	Clock   []clock.Event
	Notices []string
	Writes  []rowWrite
}

func viewStep(st step) stepView {
	v := stepView{Guard: st.guard, Reason: st.reason, Clock: st.clock, Writes: st.writes}
	for _, n := range st.notices {
		v.Notices = append(v.Notices, string(n.kind)+" "+n.recipient)
	}
	return v
}

// allUnexported lets cmp see into the write values and dates.
var allUnexported = cmp.Exporter(func(reflect.Type) bool { return true })

// checkDecision compares a decision's error and, when it succeeded, its
// step.
func checkDecision(t *testing.T, wantErr string, want stepView, st step, err error) {
	t.Helper()
	if diff := cmp.Diff(wantErr, verdict(err)); diff != "" {
		t.Fatalf("error mismatch (-want +got):\n%s", diff)
	}
	if err != nil {
		return
	}
	if diff := cmp.Diff(want, viewStep(st), allUnexported); diff != "" {
		t.Errorf("step mismatch (-want +got):\n%s", diff)
	}
}

func TestDecideClarification(t *testing.T) {
	cal := national(t)
	ag := agency.Agency{SupplementDays: 15, MinSupplementDays: 15}
	pause := func(on string) []clock.Event {
		return []clock.Event{{Kind: clock.EventPause, On: day(on), Reason: clock.PauseClarification}}
	}
	tests := []struct {
		name    string
		app     func(*Application)
		today   string
		r       ClarificationRequest
		wantErr string
		want    stepView
		// the case afterwards
		wantSupplementDue, wantLate string
	}{
		{name: "within 7 working days, the agency's period", today: "2026-11-11",
			r: ClarificationRequest{Items: []string{"年份"}},
			want: stepView{Clock: pause("2026-11-11"), Notices: []string{"CLARIFICATION "},
				Writes: []rowWrite{supplementPeriod{servedOn: day("2026-11-11"), days: 15}}}, wantSupplementDue: "2026-12-02"},
		{name: "counted from the day the applicant receives it", today: "2026-11-11",
			r: ClarificationRequest{Items: []string{"年份"}, ServedOn: day("2026-11-16")},
			want: stepView{Clock: pause("2026-11-11"), Notices: []string{"CLARIFICATION "},
				Writes: []rowWrite{supplementPeriod{servedOn: day("2026-11-16"), days: 15}}}, wantSupplementDue: "2026-12-07"},
		{name: "served before it was issued", today: "2026-11-11",
			r: ClarificationRequest{Items: []string{"年份"}, ServedOn: day("2026-11-10")}, wantErr: "invalid: servedOn"},
		{name: "a period of its own", today: "2026-11-11",
			r: ClarificationRequest{Items: []string{"年份"}, Days: 20},
			want: stepView{Clock: pause("2026-11-11"), Notices: []string{"CLARIFICATION "},
				Writes: []rowWrite{supplementPeriod{servedOn: day("2026-11-11"), days: 20}}}, wantSupplementDue: "2026-12-09"},
		{name: "below the agency's floor (issue 10, item 3)", today: "2026-11-11",
			r: ClarificationRequest{Items: []string{"年份"}, Days: 1}, wantErr: "invalid: days"},
		{name: "late without a reason", today: "2026-11-12",
			r: ClarificationRequest{Items: []string{"年份"}}, wantErr: "invalid: lateReason"},
		{name: "late with a reason, recorded", today: "2026-11-12",
			r: ClarificationRequest{Items: []string{"年份"}, LateReason: " 承办人病假 "},
			want: stepView{Reason: "承办人病假", Clock: pause("2026-11-12"), Notices: []string{"CLARIFICATION "},
				Writes: []rowWrite{supplementPeriod{servedOn: day("2026-11-12"), days: 15}}},
			wantSupplementDue: "2026-12-03", wantLate: "承办人病假"},
		{name: "once per case", today: "2026-11-11", app: func(a *Application) { a.ClarificationOn = day("2026-11-05") },
			r:       ClarificationRequest{Items: []string{"年份"}},
			wantErr: "failed precondition: 本案已于 2026-11-05 告知补正；补正告知应一次性告知全部内容，不能再次告知"},
		{name: "every item listed", today: "2026-11-11",
			r: ClarificationRequest{Items: []string{"年份", " "}}, wantErr: "invalid: items[1]"},
		{name: "no items", today: "2026-11-11", wantErr: "invalid: items"},
		{name: "too many items", today: "2026-11-11",
			r: ClarificationRequest{Items: strings.Split(strings.Repeat("x,", 20)+"x", ",")}, wantErr: "invalid: items"},
		{name: "supplement days above 60", today: "2026-11-11",
			r: ClarificationRequest{Items: []string{"年份"}, Days: 61}, wantErr: "invalid: days"},
		{name: "supplement days below 1", today: "2026-11-11",
			r: ClarificationRequest{Items: []string{"年份"}, Days: -1}, wantErr: "invalid: days"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := processing()
			if tt.app != nil {
				tt.app(&app)
			}
			st, err := decideClarification(&app, ag, cal, day(tt.today), tt.r)
			checkDecision(t, tt.wantErr, tt.want, st, err)
			if err != nil {
				return
			}
			got := [3]string{app.ClarificationOn.String(), app.SupplementDueOn.String(), app.LateClarification}
			if diff := cmp.Diff([3]string{tt.today, tt.wantSupplementDue, tt.wantLate}, got); diff != "" {
				t.Errorf("case mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecideSupplement(t *testing.T) {
	clarified := func() Application {
		a := processing()
		a.State, a.ClarificationOn, a.SupplementDueOn = Clarification, day("2026-11-05"), day("2026-11-26")
		return a
	}
	restart := func(on string) []clock.Event { return []clock.Event{{Kind: clock.EventRestart, On: day(on)}} }
	tests := []struct {
		name    string
		role    actor.Role
		in      SupplementInput
		wantErr string
		want    stepView
	}{
		{name: "online, today", role: actor.Applicant, in: SupplementInput{Text: "2025 年"}, want: stepView{Clock: restart("2026-11-20")}},
		{name: "online, another day", role: actor.Applicant, in: SupplementInput{Text: "2025 年", ReceivedOn: day("2026-11-19")},
			wantErr: "invalid: receivedOn"},
		{name: "at the window, an earlier day", role: actor.Clerk, in: SupplementInput{Text: "2025 年", ReceivedOn: day("2026-11-19")},
			want: stepView{Clock: restart("2026-11-19")}},
		{name: "before the notice", role: actor.Clerk, in: SupplementInput{Text: "2025 年", ReceivedOn: day("2026-11-04")},
			wantErr: "invalid: receivedOn"},
		{name: "in the future", role: actor.Clerk, in: SupplementInput{Text: "2025 年", ReceivedOn: day("2026-11-21")},
			wantErr: "invalid: receivedOn"},
		{name: "empty", role: actor.Clerk, wantErr: "invalid: text"},
		{name: "a corrected description needs a title or description", role: actor.Clerk,
			in: SupplementInput{Text: "见附件", Information: &Information{DocumentNumber: "1 号"}}, wantErr: "invalid: information"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := clarified()
			st, err := decideSupplement(&app, tt.role, day("2026-11-20"), tt.in)
			checkDecision(t, tt.wantErr, tt.want, st, err)
		})
	}
	t.Run("after the period", func(t *testing.T) {
		app := clarified()
		_, err := decideSupplement(&app, actor.Applicant, day("2026-11-27"), SupplementInput{Text: "2025 年"})
		if diff := cmp.Diff("failed precondition: 补正期限已于 2026-11-26 届满，申请视为放弃", verdict(err)); diff != "" {
			t.Errorf("mismatch (-want +got):\n%s", diff)
		}
	})
}

func TestDecideConfirm(t *testing.T) {
	ag := agency.Agency{Code: "AAA"}
	tests := []struct {
		name, confirmedOn, wantErr, wantReceived string
	}{
		{name: "today by default", wantReceived: "2026-11-27"},
		{name: "an earlier day", confirmedOn: "2026-11-25", wantReceived: "2026-11-25"},
		{name: "not in the future", confirmedOn: "2026-11-28", wantErr: "invalid: confirmedOn"},
		{name: "not before the submission", confirmedOn: "2026-11-23", wantErr: "invalid: confirmedOn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := Application{State: Submitted, Intake: Intake{Channel: ChannelOnline, SubmittedAt: day("2026-11-24").Time()}}
			var on clock.Date
			if tt.confirmedOn != "" {
				on = day(tt.confirmedOn)
			}
			st, err := decideConfirm(&app, ag, day("2026-11-27"), on)
			want := stepView{Notices: []string{"RECEIPT "}}
			if tt.wantErr == "" {
				want.Writes = []rowWrite{newTrackingNumber{agencyCode: "AAA", on: day(tt.wantReceived)}, morePieces{n: 1}}
			}
			checkDecision(t, tt.wantErr, want, st, err)
			if err == nil && app.ReceivedOn.String() != tt.wantReceived {
				t.Errorf("received on %s, want %s", app.ReceivedOn, tt.wantReceived)
			}
		})
	}
}

func TestDecideAssign(t *testing.T) {
	t.Run("an officer takes the case", func(t *testing.T) {
		id, err := assignee(anOfficer, "")
		if err != nil || id != "officer" {
			t.Errorf("assignee = %q, %v", id, err)
		}
	})
	t.Run("a head must name the officer", func(t *testing.T) {
		_, err := assignee(aHead, "")
		if diff := cmp.Diff("invalid: assigneeId", verdict(err)); diff != "" {
			t.Errorf("mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("only an officer of the agency in service", func(t *testing.T) {
		app := processing()
		_, err := decideAssign(&app, "someone", "", false)
		if diff := cmp.Diff("invalid: assigneeId", verdict(err)); diff != "" {
			t.Errorf("mismatch (-want +got):\n%s", diff)
		}
		if _, err := decideAssign(&app, "officer", "officer", true); err != nil || app.AssigneeID != "officer" {
			t.Errorf("assigned %q, %v", app.AssigneeID, err)
		}
	})
}
