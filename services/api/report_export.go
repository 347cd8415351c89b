package api

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"strconv"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"
	"google.golang.org/grpc/status"

	foiv1 "foi/gen/foi/v1"
	"foi/services/errs"
	"foi/services/report"
	"foi/services/server"
)

var reportFormats = map[foiv1.ReportFormat]struct {
	ext, contentType string
	render           func(report.Built) ([]byte, error)
}{
	foiv1.ReportFormat_REPORT_FORMAT_HTML: {"html", "text/html; charset=utf-8", report.HTML},
	foiv1.ReportFormat_REPORT_FORMAT_XLSX: {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", report.XLSX},
	foiv1.ReportFormat_REPORT_FORMAT_CSV:  {"csv", "text/csv; charset=utf-8", report.CSV},
}

// ExportAnnualReport implements foi.v1.ReportService.
func (h *Reports) ExportAnnualReport(ctx context.Context, req *foiv1.ExportAnnualReportRequest) (*foiv1.ExportAnnualReportResponse, error) {
	who, id, year, err := reportScope(ctx, req.GetAgencyId(), req.GetYear())
	if err != nil {
		return nil, err
	}
	format, ok := reportFormats[req.GetFormat()]
	if !ok {
		return nil, errs.Field("format", "须为 HTML、XLSX 或 CSV")
	}
	b, err := h.reports.Get(ctx, who, id, year)
	if err != nil {
		return nil, err
	}
	doc, err := format.render(b)
	if err != nil {
		return nil, fmt.Errorf("render the report: %w", err)
	}
	name := fmt.Sprintf("%s%d年政府信息公开工作年度报告.%s", b.AgencyName, year, format.ext)
	return &foiv1.ExportAnnualReportResponse{ContentType: format.contentType, FileName: name, Content: doc}, nil
}

var formatNames = map[string]foiv1.ReportFormat{
	"html": foiv1.ReportFormat_REPORT_FORMAT_HTML, "xlsx": foiv1.ReportFormat_REPORT_FORMAT_XLSX, "csv": foiv1.ReportFormat_REPORT_FORMAT_CSV,
}

// ReportDocumentRoutes serve an annual report as a document,
// GET /v1/agencies/{agency_id}/reports/{year}/document/{format} (html,
// xlsx, csv) and the same under /v1/district, by calling
// ExportAnnualReport through the gateway's own gRPC connection so the call
// passes every interceptor and the policy.
var ReportDocumentRoutes = []server.Route{
	documentRoute("/v1/agencies/{agency_id}/reports/{year}/document/{format}"),
	documentRoute("/v1/district/reports/{year}/document/{format}"),
}

func documentRoute(pattern string) server.Route {
	return server.Route{Method: http.MethodGet, Pattern: pattern, Handle: func(conn grpc.ClientConnInterface) runtime.HandlerFunc {
		client := foiv1.NewReportServiceClient(conn)
		return func(w http.ResponseWriter, r *http.Request, params map[string]string) {
			year, _ := strconv.ParseInt(params["year"], 10, 32)
			res, err := client.ExportAnnualReport(outgoing(r), &foiv1.ExportAnnualReportRequest{
				AgencyId: params["agency_id"], Year: int32(year), Format: formatNames[params["format"]],
			})
			if err != nil {
				st, _ := status.FromError(err)
				server.WriteStatus(w, st)
				return
			}
			writeDocument(w, res.GetContentType(), res.GetFileName(), res.GetContent())
		}
	}}
}

// writeDocument sends a rendered document; HTML may use only inline
// styles and SVG, nothing from elsewhere.
func writeDocument(w http.ResponseWriter, contentType, fileName string, content []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
	if fileName != "" {
		disposition := "inline"
		if ct, _, _ := mime.ParseMediaType(contentType); ct != "text/html" {
			disposition = "attachment"
		}
		w.Header().Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": fileName}))
	}
	w.Write(content)
}
