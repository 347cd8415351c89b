package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// caseForms fills what the offered forms of consultations, fees,
// remedies and the Art. 35 date need from the case.
func (v *actionsView) caseForms(c *caseData) {
	has := func(event string) bool {
		return slices.ContainsFunc(v.List, func(a action) bool { return a.Event == event })
	}
	if has("start_consultation") {
		f := v.FormFor("start_consultation")
		for i := range consultRows(f) {
			v.ConsultRows = append(v.ConsultRows, i)
		}
		v.ConsulteeKinds = consulteeKinds
	}
	if has("record_opinion") {
		v.Pending, v.Opinions = pendingConsultees(c.consults), opinionKinds
	}
	if has("issue_fee_notice") {
		v.FeeModes, v.Pieces = feeModeOptions, c.app.GetPieces()
	}
	if has("record_remedy") || has("reopen") {
		v.RemedyKinds, v.RemedyOutcomes = remedyKinds, remedyOutcomes
		v.PendingRemedies, v.Corrective = pendingRemedies(c.remedies)
		v.Overdue = c.app.GetState() != stReplied && c.app.GetState() != stClosed
	}
	if has("set_delayed_due_date") || has("correct_delayed_due_date") {
		v.DelayLimit = delayLimit(c.deadline.GetStatutoryDueOn(), c.maxDelayDays)
	}
}

// delayLimit says in words which dates an Art. 35 reasonable due date may
// take: after the statutory due date and, by the agency's rule, at most
// maxDays calendar days after it.
func delayLimit(statutory string, maxDays int32) string {
	t, err := time.Parse(time.DateOnly, statutory)
	if err != nil {
		return "合理期限须晚于法定答复期限；申请数量、频次明显超过合理范围时适用（条例第三十五条）。"
	}
	s := fmt.Sprintf("法定答复期限为%s，合理期限须晚于该日", dateCN(statutory))
	if maxDays > 0 {
		s += fmt.Sprintf("，且按本机关规定不超过其后 %d 日（即不晚于%s）", maxDays, dateCN(t.AddDate(0, 0, int(maxDays)).Format(time.DateOnly)))
	}
	return s + "。适用于申请数量、频次明显超过合理范围的情形（条例第三十五条），申请人将收到告知书。"
}

// redraw shows an action form again at the person's asking, without
// sending it: the fee form with the calculator's quote ("计算"), the
// consultation form with one more consultee row. The version read stays
// in the form, so a change by someone else meanwhile is still caught.
func (s *Site) redraw(q *req) error {
	event := q.r.PathValue("event")
	a, ok := actionFor(event)
	if !ok || (event != "issue_fee_notice" && event != "start_consultation") {
		return status.Error(codes.NotFound, "没有这项操作")
	}
	f := q.formFrom(a.fields...)
	c, err := s.loadCase(q, q.r.PathValue("id"))
	if err != nil {
		return err
	}
	version, _ := strconv.ParseInt(q.r.PostFormValue("version"), 10, 64)
	redrawn := &failedAction{Event: event, Form: f, Version: version}
	switch event {
	case "issue_fee_notice":
		quote, err := s.quoteFee(q, c, f)
		if err != nil {
			p := formProblems(err)
			if p == nil {
				return err
			}
			redrawn.Form.Errors = p
			q.w.WriteHeader(http.StatusBadRequest)
			break
		}
		redrawn.Quote = quote
	case "start_consultation":
		f.Values["rows"] = strconv.Itoa(min(consultRows(f)+1, maxConsultees))
	}
	return s.renderCase(q, c, redrawn)
}
