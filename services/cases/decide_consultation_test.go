package cases

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"foi/services/clock"
)

func TestDecideConsultation(t *testing.T) {
	cal := national(t)
	pause := []clock.Event{{Kind: clock.EventPause, On: day("2026-11-10"), Reason: clock.PauseConsultation}}
	third := Consultee{Kind: "THIRD_PARTY", Name: "某公司", Contact: " 010-1 ", Question: "是否同意公开"}
	tests := []struct {
		name       string
		sentOn     string
		consultees []Consultee
		wantErr    string
		want       stepView
	}{
		{name: "15 working days from delivery, each", sentOn: "2026-11-10",
			consultees: []Consultee{third, {Kind: "AGENCY", Name: "乙局", Question: "意见", DeliveredOn: day("2026-11-12")}},
			want: stepView{Clock: pause, Notices: []string{"CONSULTATION_LETTER 某公司", "CONSULTATION_LETTER 乙局"}, Writes: []rowWrite{
				newConsultation{round: 2, sentOn: day("2026-11-10"), dueOn: day("2026-12-01"),
					consultee: Consultee{Kind: "THIRD_PARTY", Name: "某公司", Contact: "010-1", Question: "是否同意公开", DeliveredOn: day("2026-11-10")}},
				newConsultation{round: 2, sentOn: day("2026-11-10"), dueOn: day("2026-12-03"),
					consultee: Consultee{Kind: "AGENCY", Name: "乙局", Question: "意见", DeliveredOn: day("2026-11-12")}},
			}}},
		{name: "nobody to consult", sentOn: "2026-11-10", wantErr: "invalid: consultees"},
		{name: "an unknown kind and no question", sentOn: "2026-11-10",
			consultees: []Consultee{{Kind: "PERSON", Name: "某人"}}, wantErr: "invalid: consultees[0].kind consultees[0].question"},
		{name: "delivered before it was sent", sentOn: "2026-11-10",
			consultees: []Consultee{{Kind: "AGENCY", Name: "乙局", Question: "意见", DeliveredOn: day("2026-11-09")}},
			wantErr:    "invalid: consultees[0].deliveredOn"},
		{name: "sent before the application was received", sentOn: "2026-10-30",
			consultees: []Consultee{third}, wantErr: "invalid: sentOn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := processing()
			st, err := decideConsultation(&app, cal, day("2026-11-20"), day(tt.sentOn), tt.consultees, 2)
			checkDecision(t, tt.wantErr, tt.want, st, err)
		})
	}
}

func TestNextRound(t *testing.T) {
	if got := nextRound(nil); got != 1 {
		t.Errorf("first round %d, want 1", got)
	}
	if got := nextRound([]ConsultationRecord{{Round: 1}, {Round: 2}, {Round: 2}}); got != 3 {
		t.Errorf("after round 2: %d, want 3", got)
	}
}

// consultations is a case's second round: two consultees, one answered.
func consultations() []ConsultationRecord {
	return []ConsultationRecord{
		{ID: "00000000-0000-0000-0000-000000000001", Round: 1, Consultee: Consultee{Kind: "AGENCY", Name: "丙局"},
			SentOn: day("2026-11-03"), DueOn: day("2026-11-24"), AnsweredOn: day("2026-11-05"), Opinion: "CONSENT"},
		{ID: "00000000-0000-0000-0000-000000000002", Round: 2, Consultee: Consultee{Kind: "THIRD_PARTY", Name: "某公司"},
			SentOn: day("2026-11-10"), DueOn: day("2026-12-01")},
		{ID: "00000000-0000-0000-0000-000000000003", Round: 2, Consultee: Consultee{Kind: "AGENCY", Name: "乙局"},
			SentOn: day("2026-11-10"), DueOn: day("2026-12-01"), AnsweredOn: day("2026-11-16"), Opinion: "OBJECTION"},
	}
}

func TestDecideOpinion(t *testing.T) {
	resume := func(on string) []clock.Event { return []clock.Event{{Kind: clock.EventResume, On: day(on)}} }
	tests := []struct {
		name    string
		o       Opinion
		list    func([]ConsultationRecord) []ConsultationRecord
		wantErr string
		want    stepView
	}{
		{name: "the last answer of the round resumes the clock",
			o: Opinion{ConsultationID: "00000000-0000-0000-0000-000000000002", ReceivedOn: day("2026-11-18"), Opinion: "CONSENT", Text: " 同意 "},
			want: stepView{Guard: AllAnswered, Clock: resume("2026-11-18"), Writes: []rowWrite{
				consultationAnswer{id: "00000000-0000-0000-0000-000000000002", receivedOn: day("2026-11-18"), opinion: "CONSENT", text: "同意"}}}},
		{name: "received today by default",
			o: Opinion{ConsultationID: "00000000-0000-0000-0000-000000000002", Opinion: "NO_OPINION"},
			want: stepView{Guard: AllAnswered, Clock: resume("2026-11-20"), Writes: []rowWrite{
				consultationAnswer{id: "00000000-0000-0000-0000-000000000002", receivedOn: day("2026-11-20"), opinion: "NO_OPINION"}}}},
		{name: "others still waiting",
			o: Opinion{ConsultationID: "00000000-0000-0000-0000-000000000002", Opinion: "CONSENT"},
			list: func(l []ConsultationRecord) []ConsultationRecord {
				l[2].AnsweredOn, l[2].Opinion = clock.Date{}, ""
				return l
			},
			want: stepView{Writes: []rowWrite{
				consultationAnswer{id: "00000000-0000-0000-0000-000000000002", receivedOn: day("2026-11-20"), opinion: "CONSENT"}}}},
		{name: "already answered", o: Opinion{ConsultationID: "00000000-0000-0000-0000-000000000003", Opinion: "CONSENT"},
			wantErr: "invalid: consultationId"},
		{name: "not this case's", o: Opinion{ConsultationID: "00000000-0000-0000-0000-000000000009", Opinion: "CONSENT"},
			wantErr: "invalid: consultationId"},
		{name: "an unknown opinion, received before sent",
			o:       Opinion{ConsultationID: "00000000-0000-0000-0000-000000000002", Opinion: "MAYBE", ReceivedOn: day("2026-11-09")},
			wantErr: "invalid: receivedOn opinion"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list := consultations()
			if tt.list != nil {
				list = tt.list(list)
			}
			st, err := decideOpinion(day("2026-11-20"), tt.o, list)
			checkDecision(t, tt.wantErr, tt.want, st, err)
		})
	}
}

func TestDecideConsultationLapse(t *testing.T) {
	tests := []struct {
		name, today string
		want        stepView
		wantLapsed  []string
	}{
		{name: "the window's last day: nothing lapses", today: "2026-12-01",
			want: stepView{Writes: []rowWrite{consultationLapses{}}}},
		{name: "the day after: lapsed on the due date, the clock resumes", today: "2026-12-02",
			want: stepView{Guard: AllAnswered, Clock: []clock.Event{{Kind: clock.EventResume, On: day("2026-12-01"), Reason: clock.ResumeLapsed}},
				Writes: []rowWrite{consultationLapses{ids: []string{"00000000-0000-0000-0000-000000000002"}}}},
			wantLapsed: []string{"某公司 THIRD_PARTY 2026-12-01 第三方逾期未提出意见，由本机关依照《政府信息公开条例》第三十二条决定是否公开"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := decideConsultationLapse(day(tt.today), consultations())
			checkDecision(t, "", tt.want, st, nil)
			var lapsed []string
			for _, l := range st.payload.(map[string]any)["lapsed"].([]lapsedConsultation) {
				lapsed = append(lapsed, l.Name+" "+l.Kind+" "+l.DueOn+" "+l.Effect)
			}
			if diff := cmp.Diff(tt.wantLapsed, lapsed); diff != "" {
				t.Errorf("lapsed mismatch (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("another agency's silence is consent", func(t *testing.T) {
		list := consultations()
		list[2].AnsweredOn, list[2].Opinion = clock.Date{}, ""
		st := decideConsultationLapse(day("2026-12-02"), list)
		got := st.payload.(map[string]any)["lapsed"].([]lapsedConsultation)
		if len(got) != 2 || got[1].Effect != "被征求意见机关逾期未提出意见，依照《政府信息公开条例》第三十四条视为同意公开" {
			t.Errorf("lapsed: %+v", got)
		}
	})
}
