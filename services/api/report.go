package api

import (
	"context"

	"google.golang.org/grpc"

	foiv1 "foi/gen/foi/v1"
	"foi/services/actor"
	"foi/services/errs"
	"foi/services/page"
	"foi/services/report"
)

// Reports serves foi.v1.ReportService.
type Reports struct {
	foiv1.UnimplementedReportServiceServer
	reports *report.Service
}

// NewReports returns the ReportService handlers.
func NewReports(svc *report.Service) *Reports { return &Reports{reports: svc} }

// Register adds the service to s.
func (h *Reports) Register(s grpc.ServiceRegistrar) { foiv1.RegisterReportServiceServer(s, h) }

// reportScope reads the caller, the agency (optional: the district) and
// the year of a report request.
func reportScope(ctx context.Context, agencyID string, year int32) (actor.Actor, string, int, error) {
	who, err := caller(ctx)
	if err != nil {
		return actor.Actor{}, "", 0, err
	}
	var c errs.Collector
	id := parseID(&c, "agencyId", agencyID, false)
	if year < 2008 || year > 2100 {
		c.Add("year", "年份须在 2008 至 2100 之间")
	}
	return who, id, int(year), c.Err()
}

// GetAnnualReport implements foi.v1.ReportService.
func (h *Reports) GetAnnualReport(ctx context.Context, req *foiv1.GetAnnualReportRequest) (*foiv1.GetAnnualReportResponse, error) {
	who, id, year, err := reportScope(ctx, req.GetAgencyId(), req.GetYear())
	if err != nil {
		return nil, err
	}
	b, err := h.reports.Get(ctx, who, id, year)
	if err != nil {
		return nil, err
	}
	return &foiv1.GetAnnualReportResponse{Report: annualReportProto(b)}, nil
}

// PublishAnnualReport implements foi.v1.ReportService.
func (h *Reports) PublishAnnualReport(ctx context.Context, req *foiv1.PublishAnnualReportRequest) (*foiv1.PublishAnnualReportResponse, error) {
	who, id, year, err := reportScope(ctx, req.GetAgencyId(), req.GetYear())
	if err != nil {
		return nil, err
	}
	b, err := h.reports.Publish(ctx, who, id, year)
	if err != nil {
		return nil, err
	}
	return &foiv1.PublishAnnualReportResponse{Report: annualReportProto(b)}, nil
}

// ListReportCellCases implements foi.v1.ReportService.
func (h *Reports) ListReportCellCases(ctx context.Context, req *foiv1.ListReportCellCasesRequest) (*foiv1.ListReportCellCasesResponse, error) {
	who, id, year, err := reportScope(ctx, req.GetAgencyId(), req.GetYear())
	if err != nil {
		return nil, err
	}
	size, err := page.Size(req.GetPageSize())
	if err != nil {
		return nil, err
	}
	list, next, err := h.reports.CellCases(ctx, who, id, year, req.GetCell(), size, req.GetPageToken())
	if err != nil {
		return nil, err
	}
	out := &foiv1.ListReportCellCasesResponse{NextPageToken: next}
	for _, c := range list {
		out.Cases = append(out.Cases, &foiv1.ReportCase{
			Id: c.ID, TrackingNumber: c.TrackingNumber, AgencyId: c.AgencyID, ReceivedOn: c.ReceivedOn.String(),
			ResolvedOn: c.ResolvedOn.String(), Outcome: c.Outcome.Label(), State: c.State, Title: c.Title,
		})
	}
	return out, nil
}

func annualReportProto(b report.Built) *foiv1.AnnualReport {
	r := b.Report
	out := &foiv1.AnnualReport{
		AgencyId: r.AgencyID, AgencyName: r.AgencyName, Year: int32(r.Year),
		Received: receivedProto(r.Received), Remedies: remediesProto(r.Remedies),
		Fees:           &foiv1.ReportFees{NoticesIssued: r.Fees.NoticesIssued, ChargedFen: r.Fees.ChargedFen, PaidFen: r.Fees.PaidFen},
		CurrentProblem: b.CurrentProblem,
	}
	if p := b.Publication; p != nil {
		out.Publication = &foiv1.Publication{Id: p.ID, PublishedBy: p.By, PublishedByName: p.ByName, PublishTime: timestamp(p.At), Sha256: p.SHA256Hex()}
	}
	for _, d := range b.Differences {
		out.Differences = append(out.Differences, &foiv1.ReportDifference{Cell: d.Cell, Label: d.Label, Published: d.Published, Current: d.Current})
	}
	return out
}

func receivedProto(t report.Table) *foiv1.ReceivedTable {
	out := &foiv1.ReceivedTable{Columns: report.ColumnLabels, ColumnKeys: report.ColumnKeys()}
	for _, r := range report.Rows {
		out.Rows = append(out.Rows, &foiv1.ReportRow{Key: r.Key, Label: r.Label, Level: int32(r.Level), Heading: r.Heading, Counts: t.Counts[r.Key]})
	}
	return out
}

func remediesProto(r report.Remedies) *foiv1.RemedyTable {
	f := func(g report.RemedyFigures) *foiv1.RemedyFigures {
		return &foiv1.RemedyFigures{Upheld: g.Upheld, Corrected: g.Corrected, Other: g.Other, Pending: g.Pending, Total: g.Total()}
	}
	return &foiv1.RemedyTable{Reconsideration: f(r.Reconsideration), Lawsuit: f(r.Lawsuit), LawsuitAfterReconsideration: f(r.LawsuitAfterReconsideration)}
}
