package api

import (
	"context"

	foiv1 "foi/gen/foi/v1"
	"foi/services/errs"
	"foi/services/report"
)

// PublishDistrictReport implements foi.v1.ReportService.
func (h *Reports) PublishDistrictReport(ctx context.Context, req *foiv1.PublishDistrictReportRequest) (*foiv1.PublishDistrictReportResponse, error) {
	who, _, year, err := reportScope(ctx, "", req.GetYear())
	if err != nil {
		return nil, err
	}
	b, err := h.reports.PublishDistrict(ctx, who, year)
	if err != nil {
		return nil, err
	}
	return &foiv1.PublishDistrictReportResponse{Report: annualReportProto(b)}, nil
}

// GetAnalysis implements foi.v1.ReportService.
func (h *Reports) GetAnalysis(ctx context.Context, req *foiv1.GetAnalysisRequest) (*foiv1.GetAnalysisResponse, error) {
	an, err := h.analysis(ctx, req.GetAgencyId(), true, req.GetPeriodFrom(), req.GetPeriodTo())
	if err != nil {
		return nil, err
	}
	return &foiv1.GetAnalysisResponse{Analysis: an}, nil
}

// GetDistrictAnalysis implements foi.v1.ReportService.
func (h *Reports) GetDistrictAnalysis(ctx context.Context, req *foiv1.GetDistrictAnalysisRequest) (*foiv1.GetDistrictAnalysisResponse, error) {
	an, err := h.analysis(ctx, "", false, req.GetPeriodFrom(), req.GetPeriodTo())
	if err != nil {
		return nil, err
	}
	return &foiv1.GetDistrictAnalysisResponse{Analysis: an}, nil
}

// analysis validates an analysis request (an agency, or the district for
// agency "" when not required) and builds it.
func (h *Reports) analysis(ctx context.Context, agency string, required bool, rawFrom, rawTo string) (*foiv1.Analysis, error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var c errs.Collector
	id := parseID(&c, "agencyId", agency, required)
	from := parseDate(&c, "periodFrom", rawFrom)
	to := parseDate(&c, "periodTo", rawTo)
	if err := c.Err(); err != nil {
		return nil, err
	}
	an, err := h.reports.Analysis(ctx, who, id, from, to)
	if err != nil {
		return nil, err
	}
	return analysisProto(an), nil
}

// MarkTopicForPublication implements foi.v1.ReportService.
func (h *Reports) MarkTopicForPublication(ctx context.Context, req *foiv1.MarkTopicForPublicationRequest) (*foiv1.MarkTopicForPublicationResponse, error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var c errs.Collector
	id := parseID(&c, "agencyId", req.GetAgencyId(), true)
	from := parseDate(&c, "periodFrom", req.GetPeriodFrom())
	to := parseDate(&c, "periodTo", req.GetPeriodTo())
	if err := c.Err(); err != nil {
		return nil, err
	}
	m, err := h.reports.MarkTopic(ctx, who, id, from, to, req.GetClusterKey(), req.GetNote())
	if err != nil {
		return nil, err
	}
	return &foiv1.MarkTopicForPublicationResponse{Mark: topicMarkProto(m)}, nil
}

// ListTopicMarks implements foi.v1.ReportService.
func (h *Reports) ListTopicMarks(ctx context.Context, req *foiv1.ListTopicMarksRequest) (*foiv1.ListTopicMarksResponse, error) {
	list, err := h.topicMarks(ctx, req.GetAgencyId(), true)
	if err != nil {
		return nil, err
	}
	return &foiv1.ListTopicMarksResponse{Marks: list}, nil
}

// ListDistrictTopicMarks implements foi.v1.ReportService.
func (h *Reports) ListDistrictTopicMarks(ctx context.Context, _ *foiv1.ListDistrictTopicMarksRequest) (*foiv1.ListDistrictTopicMarksResponse, error) {
	list, err := h.topicMarks(ctx, "", false)
	if err != nil {
		return nil, err
	}
	return &foiv1.ListDistrictTopicMarksResponse{Marks: list}, nil
}

func (h *Reports) topicMarks(ctx context.Context, agency string, required bool) ([]*foiv1.TopicMark, error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var c errs.Collector
	id := parseID(&c, "agencyId", agency, required)
	if err := c.Err(); err != nil {
		return nil, err
	}
	list, err := h.reports.TopicMarks(ctx, who, id)
	if err != nil {
		return nil, err
	}
	var out []*foiv1.TopicMark
	for _, m := range list {
		out = append(out, topicMarkProto(m))
	}
	return out, nil
}

func countsProto(list []report.Count) []*foiv1.AnalysisCount {
	out := make([]*foiv1.AnalysisCount, 0, len(list))
	for _, c := range list {
		out = append(out, &foiv1.AnalysisCount{Key: c.Key, Label: c.Label, Count: c.Count})
	}
	return out
}

func analysisProto(an report.Analysis) *foiv1.Analysis {
	r := an.Replies
	replies := &foiv1.ReplyTimes{Replied: r.Replied, MedianWorkingDays: int32(r.Median), P90WorkingDays: int32(r.P90), Bands: countsProto(r.Bands)}
	for _, y := range r.MissingYears {
		replies.MissingYears = append(replies.MissingYears, int32(y))
	}
	rep := an.Repeat
	out := &foiv1.Analysis{
		AgencyId: an.AgencyID, AgencyName: an.AgencyName, PeriodFrom: an.From.String(), PeriodTo: an.To.String(), AsOf: an.AsOf.String(),
		Received: an.Received, ByMonth: countsProto(an.ByMonth), ByChannel: countsProto(an.ByChannel), ByApplicantType: countsProto(an.ByApplicantType),
		Resolved: an.Resolved, Outcomes: countsProto(an.Outcomes), ReplyTimes: replies,
		RepliedLate: an.Overdue.RepliedLate, OpenLate: an.Overdue.OpenLate, Extended: an.Extended, Consulted: an.Consulted, Consultees: an.Consultees,
		Fees: &foiv1.ReportFees{NoticesIssued: an.Fees.NoticesIssued, ChargedFen: an.Fees.ChargedFen, PaidFen: an.Fees.PaidFen},
		Remedies: &foiv1.AnalysisRemedies{Table: remediesProto(an.Remedies.Remedies), AgainstFailureToReply: an.Remedies.AgainstFailureToReply,
			Decided: an.Remedies.Decided(), Corrected: an.Remedies.Corrected()},
		RepeatApplicants: &foiv1.RepeatApplicants{Applicants: rep.Applicants, Repeaters: rep.Repeaters, Requests: rep.Requests,
			Bands: countsProto(rep.Bands), Top: rep.Top},
	}
	for _, t := range an.Topics {
		tp := &foiv1.Topic{ClusterKey: t.Key, Label: t.Label, Count: t.Count, SampleTitles: t.Samples, Suggestion: report.Suggestion}
		if t.Mark != nil {
			tp.Mark = topicMarkProto(*t.Mark)
		}
		out.Topics = append(out.Topics, tp)
	}
	return out
}

func topicMarkProto(m report.TopicMark) *foiv1.TopicMark {
	return &foiv1.TopicMark{
		Id: m.ID, AgencyId: m.AgencyID, AgencyName: m.AgencyName, ClusterKey: m.Key, Label: m.Label, SampleTitles: m.Samples, Count: m.Count,
		PeriodFrom: m.From.String(), PeriodTo: m.To.String(), Note: m.Note, MarkedBy: m.By, MarkedByName: m.ByName, MarkTime: timestamp(m.At),
	}
}
