package clock

import (
	"strings"
	"testing"
)

// TestExplanationsSayWhatHappened: a consultation that ended in silence
// did not "receive an answer", and a new reply ordered on review is not
// "the supplemented application".
func TestExplanationsSayWhatHappened(t *testing.T) {
	cal, err := National()
	if err != nil {
		t.Fatal(err)
	}
	l := Ledger{ReceivedOn: MustParseDate("2026-11-02"), Events: []Event{
		{Kind: EventPause, On: MustParseDate("2026-11-04"), Reason: PauseConsultation},
		{Kind: EventResume, On: MustParseDate("2026-11-25"), Reason: ResumeLapsed},
		{Kind: EventRestart, On: MustParseDate("2026-12-01"), Reason: RestartOrdered},
	}}
	res, err := Compute(cal, l, MustParseDate("2026-12-02"))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(res.Explain(), "\n")
	for _, want := range []string{"2026-11-25 意见期限届满未获答复", "2026-12-01 复议决定或者判决责令重新答复，答复期限重新起算"} {
		if !strings.Contains(text, want) {
			t.Errorf("explanation lacks %q:\n%s", want, text)
		}
	}
	for _, wrong := range []string{"收到答复", "收到补正后的申请"} {
		if strings.Contains(text, wrong) {
			t.Errorf("explanation says %q:\n%s", wrong, text)
		}
	}
	l.Events[0].Reason = ResumeLapsed
	if _, err := Compute(cal, l, MustParseDate("2026-12-02")); err == nil {
		t.Error("a pause marked as lapsed was accepted")
	}
}
