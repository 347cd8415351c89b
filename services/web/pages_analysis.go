package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	foiv1 "foi/gen/foi/v1"
)

// analysisView is the analysis (分析研判) of an agency or the district over
// a period: the key figures, charts with their tables, repeat applicants,
// the most-requested topics with the suggestion to publish them
// proactively, and the topics marked so.
type analysisView struct {
	base
	Agency      string // as the address carries it; "" is the district
	Agencies    []option
	Form        form
	Name        string
	Period      string
	Figures     []detailRow
	Charts      []chartTable
	Repeat      []detailRow
	RepeatBy    chartTable
	Topics      []topicView
	CanMark     bool
	Marks       []markView
	From, To    string // the period analysed, for the mark forms
	Provisional string
}

// chartTable is a chart and the table of its numbers.
type chartTable struct {
	Chart  chart
	Column string // the table's label column
	Unit   string
	Rows   []datum
}

type topicView struct {
	Key, Label, Count, Suggestion string
	Samples                       []string
	Marked                        string // who marked it and when, once marked
}

type markView struct {
	Label, Agency, Count, Period, By, At, Note string
	Samples                                    []string
}

// pct is n of d as a percentage with one decimal, "—" when d is 0.
func pct(n, d int64) string {
	if d == 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", float64(n)*100/float64(d))
}

func data(list []*foiv1.AnalysisCount, skipZero bool) []datum {
	var out []datum
	for _, c := range list {
		if skipZero && c.GetCount() == 0 {
			continue
		}
		out = append(out, datum{Label: c.GetLabel(), Count: c.GetCount()})
	}
	return out
}

// monthData labels each month by its number under the bar, the year
// under January and the first month.
func monthData(list []*foiv1.AnalysisCount) []datum {
	var out []datum
	for i, c := range list {
		label := c.GetLabel()
		short := label[strings.Index(label, "年")+len("年"):]
		if i == 0 || strings.HasSuffix(c.GetKey(), "-01") {
			short = c.GetKey()[2:4] + "/" + strings.TrimSuffix(short, "月")
		}
		out = append(out, datum{Label: short, Tip: label, Count: c.GetCount()})
	}
	return out
}

func (s *Site) analysisPage(q *req) error {
	qs := q.r.URL.Query()
	agency := qs.Get("agency")
	if _, set := qs["agency"]; !set && len(q.me.GetAgencyIds()) > 0 {
		agency = q.me.GetAgencyIds()[0]
	}
	v := &analysisView{Agency: agency, Form: newForm()}
	v.Form.Values["periodFrom"], v.Form.Values["periodTo"] = qs.Get("from"), qs.Get("to")
	v.Title = "依申请公开分析研判"
	for _, a := range s.agencyList(q) {
		v.Agencies = append(v.Agencies, option{a.ID, a.Name})
	}
	an, err := call(q, func(ctx context.Context) (*foiv1.Analysis, error) {
		if agency == "" {
			res, err := s.reports.GetDistrictAnalysis(ctx, &foiv1.GetDistrictAnalysisRequest{PeriodFrom: qs.Get("from"), PeriodTo: qs.Get("to")})
			return res.GetAnalysis(), err
		}
		res, err := s.reports.GetAnalysis(ctx, &foiv1.GetAnalysisRequest{AgencyId: agency, PeriodFrom: qs.Get("from"), PeriodTo: qs.Get("to")})
		return res.GetAnalysis(), err
	})
	if p := formProblems(err); p != nil {
		v.Form.Errors = p
		q.render("analysis", v)
		return nil
	}
	if err != nil {
		return err
	}
	v.fill(an)
	v.CanMark = agency != "" && (q.role() == rHead || q.role() == foiv1.Role_ROLE_OFFICER)
	v.Title = an.GetAgencyName() + "依申请公开分析研判"
	if agency == "" || v.CanMark || len(an.GetTopics()) > 0 {
		marks, err := call(q, func(ctx context.Context) ([]*foiv1.TopicMark, error) {
			if agency == "" {
				res, err := s.reports.ListDistrictTopicMarks(ctx, &foiv1.ListDistrictTopicMarksRequest{})
				return res.GetMarks(), err
			}
			res, err := s.reports.ListTopicMarks(ctx, &foiv1.ListTopicMarksRequest{AgencyId: agency})
			return res.GetMarks(), err
		})
		if err != nil {
			return err
		}
		for _, m := range marks {
			v.Marks = append(v.Marks, markView{Label: m.GetLabel(), Agency: m.GetAgencyName(), Count: fmt.Sprintf("%d 件", m.GetCount()),
				Period: dateCN(m.GetPeriodFrom()) + "至" + dateCN(m.GetPeriodTo()), By: m.GetMarkedByName(), At: timeCN(m.GetMarkTime()),
				Note: m.GetNote(), Samples: m.GetSampleTitles()})
		}
	}
	q.render("analysis", v)
	return nil
}

// fill lays out the analysis's figures, charts and topics.
func (v *analysisView) fill(an *foiv1.Analysis) {
	v.Name, v.From, v.To = an.GetAgencyName(), an.GetPeriodFrom(), an.GetPeriodTo()
	v.Form.Values["periodFrom"], v.Form.Values["periodTo"] = v.From, v.To
	v.Period = dateCN(v.From) + "至" + dateCN(v.To)
	rt, rem, rep := an.GetReplyTimes(), an.GetRemedies(), an.GetRepeatApplicants()
	late := an.GetRepliedLate() + an.GetOpenLate()
	f := an.GetFees()
	v.Figures = []detailRow{
		{Key: "收到申请", Value: fmt.Sprintf("%d 件", an.GetReceived())},
		{Key: "办结（答复或终止）", Value: fmt.Sprintf("%d 件", an.GetResolved())},
		{Key: "答复用时", Value: fmt.Sprintf("共答复 %d 件；中位数 %d 个工作日，90%% 在 %d 个工作日内", rt.GetReplied(), rt.GetMedianWorkingDays(), rt.GetP90WorkingDays())},
		{Key: "逾期率", Value: fmt.Sprintf("%s（逾期答复 %d 件，超期未办结 %d 件，截至%s）", pct(late, an.GetReceived()), an.GetRepliedLate(), an.GetOpenLate(), dateCN(an.GetAsOf()))},
		{Key: "延期率", Value: fmt.Sprintf("%s（经批准延期 %d 件）", pct(an.GetExtended(), an.GetReceived()), an.GetExtended())},
		{Key: "征求意见", Value: fmt.Sprintf("%d 件，征求 %d 个对象（占收到申请的 %s）", an.GetConsulted(), an.GetConsultees(), pct(an.GetConsulted(), an.GetReceived()))},
		{Key: "信息处理费", Value: fmt.Sprintf("发出收费通知 %d 件，金额 %s，实际收取 %s", f.GetNoticesIssued(), yuan(f.GetChargedFen()), yuan(f.GetPaidFen()))},
		{Key: "行政复议、行政诉讼", Value: fmt.Sprintf("%d 件（其中针对逾期未答复 %d 件）；已审结 %d 件，结果纠正 %d 件，纠错率 %s", remedyTotal(rem.GetTable()),
			rem.GetAgainstFailureToReply(), rem.GetDecided(), rem.GetCorrected(), pct(rem.GetCorrected(), rem.GetDecided()))},
	}
	if ys := rt.GetMissingYears(); len(ys) > 0 {
		v.Provisional = fmt.Sprintf("%v 年的节假日安排尚未载入，这些年度的工作日只按周末计算。", ys)
	}
	add := func(c chart, column, unit string, rows []datum) {
		v.Charts = append(v.Charts, chartTable{Chart: c, Column: column, Unit: unit, Rows: rows})
	}
	months := monthData(an.GetByMonth())
	add(vbars("chart-months", "按月收到的申请", "件", months), "月份", "件", withTips(months))
	channels := data(an.GetByChannel(), false)
	add(hbars("chart-channels", "按提交渠道", "件", channels), "渠道", "件", channels)
	types := data(an.GetByApplicantType(), false)
	add(hbars("chart-types", "按申请人类型", "件", types), "申请人类型", "件", types)
	outcomes := data(an.GetOutcomes(), true)
	add(hbars("chart-outcomes", "办理结果（本期办结）", "件", outcomes), "办理结果", "件", outcomes)
	bands := data(rt.GetBands(), false)
	add(hbars("chart-reply-times", "答复用时分布（工作日）", "件", bands), "用时", "件", bands)

	v.Repeat = []detailRow{
		{Key: "申请人", Value: fmt.Sprintf("%d 个（按身份证件号码或统一社会信用代码识别）", rep.GetApplicants())},
		{Key: "多次申请的申请人", Value: fmt.Sprintf("%d 个，共提出 %d 件申请（占收到申请的 %s）", rep.GetRepeaters(), rep.GetRequests(), pct(rep.GetRequests(), an.GetReceived()))},
	}
	if top := rep.GetTop(); len(top) > 0 {
		var parts []string
		for _, n := range top {
			parts = append(parts, fmt.Sprint(n))
		}
		v.Repeat = append(v.Repeat, detailRow{Key: "申请最多的申请人", Value: strings.Join(parts, "、") + " 件（只列件数，不列身份）"})
	}
	repeatBands := data(rep.GetBands(), false)
	v.RepeatBy = chartTable{Chart: hbars("chart-repeat", "多次申请的申请人（按申请件数）", "个", repeatBands), Column: "申请件数", Unit: "个", Rows: repeatBands}

	for _, t := range an.GetTopics() {
		tv := topicView{Key: t.GetClusterKey(), Label: t.GetLabel(), Count: fmt.Sprintf("%d 件", t.GetCount()), Suggestion: t.GetSuggestion(), Samples: t.GetSampleTitles()}
		if m := t.GetMark(); m != nil {
			tv.Marked = fmt.Sprintf("%s于%s标记为转主动公开", m.GetMarkedByName(), timeCN(m.GetMarkTime()))
			if v.Agency == "" {
				tv.Marked = m.GetAgencyName() + tv.Marked
			}
		}
		v.Topics = append(v.Topics, tv)
	}
}

// withTips shows a row's full label in the table.
func withTips(list []datum) []datum {
	out := make([]datum, len(list))
	for i, d := range list {
		out[i] = datum{Label: d.Tip, Count: d.Count}
	}
	return out
}

func remedyTotal(t *foiv1.RemedyTable) int64 {
	return t.GetReconsideration().GetTotal() + t.GetLawsuit().GetTotal() + t.GetLawsuitAfterReconsideration().GetTotal()
}

// markTopic records that the agency will publish a topic proactively; the
// API decides who may.
func (s *Site) markTopic(q *req) error {
	agency, from, to := q.r.PostFormValue("agency"), q.r.PostFormValue("from"), q.r.PostFormValue("to")
	back := "/analysis?" + url.Values{"agency": {agency}, "from": {from}, "to": {to}}.Encode()
	if _, err := call(q, func(ctx context.Context) (*foiv1.MarkTopicForPublicationResponse, error) {
		return s.reports.MarkTopicForPublication(ctx, &foiv1.MarkTopicForPublicationRequest{AgencyId: agency, PeriodFrom: from, PeriodTo: to,
			ClusterKey: q.r.PostFormValue("key"), Note: q.r.PostFormValue("note")})
	}); err != nil {
		return err
	}
	q.redirectWith(back+"#topics", "已标记为依申请公开转主动公开，记录了标记人和时间")
	return nil
}
