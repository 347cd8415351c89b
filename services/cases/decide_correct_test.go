package cases

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"foi/services/actor"
	"foi/services/applicant"
	"foi/services/clock"
)

// registered is processing() with normalised details, as stored on intake.
func registered(t *testing.T) Application {
	t.Helper()
	app := processing()
	app.Details = validDetails("agency")
	if err := app.Details.normalise(day("2026-11-02")); err != nil {
		t.Fatal(err)
	}
	return app
}

func TestDecideCorrection(t *testing.T) {
	today := day("2026-11-10")
	tests := []struct {
		name    string
		who     actor.Actor
		c       Correction
		reason  string
		wantErr string
		want    correctionPayload
		writes  []rowWrite
		check   func(t *testing.T, app Application)
	}{{
		name: "a typo in the title", who: aClerk, reason: "登记时录入错误",
		c: Correction{Fields: []string{CorrectTitle}, Title: " 示范区2025年财政预算执行情况报告 "},
		want: correctionPayload{Reason: "登记时录入错误", Fields: []string{CorrectTitle},
			Before: map[string]string{CorrectTitle: "示范区2025年财政预算执行情况"},
			After:  map[string]string{CorrectTitle: "示范区2025年财政预算执行情况报告"}},
		check: func(t *testing.T, app Application) {
			if app.Details.Information.Title != "示范区2025年财政预算执行情况报告" {
				t.Errorf("title = %q", app.Details.Information.Title)
			}
		},
	}, {
		name: "the applicant's name and address; only what changed is recorded", who: aClerk, reason: "核对身份证件",
		c: Correction{Fields: []string{CorrectApplicantName, CorrectApplicantAddress, CorrectApplicantPhone},
			ApplicantName: "张山", Address: "示范区人民路2号", Phone: "13812345678"},
		want: correctionPayload{Reason: "核对身份证件", Fields: []string{CorrectApplicantName, CorrectApplicantAddress},
			Before: map[string]string{CorrectApplicantName: "张三", CorrectApplicantAddress: "示范区人民路1号"},
			After:  map[string]string{CorrectApplicantName: "张山", CorrectApplicantAddress: "示范区人民路2号"}},
		writes: []rowWrite{applicantCorrected{to: applicant.Identity{Type: applicant.NaturalPerson, Name: "张山",
			IDType: applicant.ResidentIDCard, IDNumber: "11010519491231002X", Phone: "13812345678", Address: "示范区人民路2号"}}},
	}, {
		name: "validated as on intake", who: aClerk, reason: "更正",
		c:       Correction{Fields: []string{CorrectApplicantName, CorrectTitle}, ApplicantName: " "},
		wantErr: "invalid: correction.details.applicant.name correction.details.information",
	}, {
		name: "the identity document is not corrected here", who: aClerk, reason: "证件号码录错",
		c:       Correction{Fields: []string{CorrectApplicantIDNumber}, IDNumber: "440524198001010013"},
		wantErr: "invalid: correction.applicantIdNumber",
	}, {
		name: "the clerk does not move received-on", who: aClerk, reason: "实为11月3日收到",
		c:       Correction{Fields: []string{CorrectReceivedOn}, ReceivedOn: day("2026-11-03")},
		wantErr: "invalid: correction.receivedOn",
	}, {
		name: "the head moves received-on; the due date follows", who: aHead, reason: "实为11月3日收到",
		c: Correction{Fields: []string{CorrectReceivedOn}, ReceivedOn: day("2026-11-03")},
		want: correctionPayload{Reason: "实为11月3日收到", Fields: []string{CorrectReceivedOn},
			Before: map[string]string{CorrectReceivedOn: "2026-11-02"}, After: map[string]string{CorrectReceivedOn: "2026-11-03"}},
		check: func(t *testing.T, app Application) {
			if app.ReceivedOn != day("2026-11-03") || app.Regime != clock.Regime2019 {
				t.Errorf("received-on %s regime %s", app.ReceivedOn, app.Regime)
			}
		},
	}, {
		name: "received-on not in the future", who: aHead, reason: "更正",
		c:       Correction{Fields: []string{CorrectReceivedOn}, ReceivedOn: day("2026-11-11")},
		wantErr: "invalid: correction.receivedOn",
	}, {
		name: "nothing changes", who: aClerk, reason: "更正",
		c:       Correction{Fields: []string{CorrectApplicantName}, ApplicantName: "张三"},
		wantErr: "invalid: correction",
	}, {
		name: "a reason is required", who: aClerk,
		c:       Correction{Fields: []string{CorrectTitle}, Title: "另一标题"},
		wantErr: "invalid: reason",
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			app := registered(t)
			st, err := decideCorrection(&app, tc.who, tc.c, tc.reason, today)
			if diff := cmp.Diff(tc.wantErr, verdict(err)); diff != "" {
				t.Fatalf("error mismatch (-want +got):\n%s", diff)
			}
			if err != nil {
				return
			}
			if diff := cmp.Diff(tc.want, st.payload); diff != "" {
				t.Errorf("payload mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.writes, st.writes, allUnexported); diff != "" {
				t.Errorf("writes mismatch (-want +got):\n%s", diff)
			}
			if tc.check != nil {
				tc.check(t, app)
			}
		})
	}
}

func TestDecideCorrectionOfAnUnconfirmedSubmission(t *testing.T) {
	app := registered(t)
	app.State, app.ReceivedOn, app.DueOn = Submitted, clock.Date{}, clock.Date{}
	_, err := decideCorrection(&app, aHead, Correction{Fields: []string{CorrectReceivedOn}, ReceivedOn: day("2026-11-03")}, "更正", day("2026-11-10"))
	if diff := cmp.Diff("invalid: correction.receivedOn", verdict(err)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
