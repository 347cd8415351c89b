package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	foiv1 "foi/gen/foi/v1"
)

// reportView is an agency's (or the district's) annual report for a
// year: table 三 and table 四 with each figure linking to its cases, the
// fees, the publication, and the exports.
type reportView struct {
	base
	Agency, Year  string // as the address carries them; Agency "" is the district
	Agencies      []option
	Name          string
	Columns       []string
	Rows          []reportRowView
	Remedies      []remedyRowView
	RemedyColumns []string
	Fees          []detailRow
	Published     *detailRowsView
	Differences   []detailRow
	Problem       string
	CanPublish    bool
	Exports       []link
}

type detailRowsView struct{ Rows []detailRow }

type reportRowView struct {
	Key, Label string
	Level      int32
	Heading    bool
	Cells      []reportCell
}

type reportCell struct {
	Count int64
	Href  string
}

type remedyRowView struct {
	Label string
	Cells []reportCell
}

var remedyGroups = []option{
	{"RECONSIDERATION", "行政复议"},
	{"LAWSUIT", "行政诉讼（未经复议直接起诉）"},
	{"LAWSUIT_AFTER_RECONSIDERATION", "行政诉讼（复议后起诉）"},
}

var remedyResults = []option{{"UPHELD", "结果维持"}, {"CORRECTED", "结果纠正"}, {"OTHER", "其他结果"}, {"PENDING", "尚未审结"}, {"TOTAL", "总计"}}

// reportParams reads the agency and year a report page is about: the
// address's, else the signed-in person's first agency and this year.
func (s *Site) reportParams(q *req) (agency string, year int32) {
	agency = q.r.URL.Query().Get("agency")
	if _, set := q.r.URL.Query()["agency"]; !set && len(q.me.GetAgencyIds()) > 0 {
		agency = q.me.GetAgencyIds()[0]
	}
	y, err := strconv.Atoi(q.r.URL.Query().Get("year"))
	if err != nil {
		y = s.now().In(china).Year()
	}
	return agency, int32(y)
}

func (s *Site) reportPage(q *req) error {
	agency, year := s.reportParams(q)
	res, err := call(q, func(ctx context.Context) (*foiv1.GetAnnualReportResponse, error) {
		return s.reports.GetAnnualReport(ctx, &foiv1.GetAnnualReportRequest{AgencyId: agency, Year: year})
	})
	if err != nil {
		return err
	}
	r := res.GetReport()
	v := &reportView{Agency: agency, Year: strconv.Itoa(int(year)), Name: r.GetAgencyName(), Columns: r.GetReceived().GetColumns(),
		Problem: r.GetCurrentProblem(), CanPublish: r.GetPublication() == nil && (q.role() == foiv1.Role_ROLE_ADMIN || agency != "" && q.role() == rHead)}
	v.Title = fmt.Sprintf("%s%d年度政府信息公开工作年度报告", r.GetAgencyName(), year)
	for _, a := range s.agencyList(q) {
		v.Agencies = append(v.Agencies, option{a.ID, a.Name})
	}
	cell := func(key string, n int64) reportCell {
		c := reportCell{Count: n}
		if n > 0 {
			c.Href = "/reports/cases?" + url.Values{"agency": {agency}, "year": {v.Year}, "cell": {key}}.Encode()
		}
		return c
	}
	keys := r.GetReceived().GetColumnKeys()
	for _, row := range r.GetReceived().GetRows() {
		rv := reportRowView{Key: row.GetKey(), Label: row.GetLabel(), Level: row.GetLevel(), Heading: row.GetHeading()}
		for i, n := range row.GetCounts() {
			if i < len(keys) {
				rv.Cells = append(rv.Cells, cell(row.GetKey()+"-"+keys[i], n))
			}
		}
		v.Rows = append(v.Rows, rv)
	}
	for _, rc := range remedyResults {
		v.RemedyColumns = append(v.RemedyColumns, rc.Label)
	}
	rem := r.GetRemedies()
	for i, g := range []*foiv1.RemedyFigures{rem.GetReconsideration(), rem.GetLawsuit(), rem.GetLawsuitAfterReconsideration()} {
		rv := remedyRowView{Label: remedyGroups[i].Label}
		for j, n := range []int64{g.GetUpheld(), g.GetCorrected(), g.GetOther(), g.GetPending(), g.GetTotal()} {
			rv.Cells = append(rv.Cells, cell("remedy."+remedyGroups[i].Value+"-"+remedyResults[j].Value, n))
		}
		v.Remedies = append(v.Remedies, rv)
	}
	f := r.GetFees()
	v.Fees = []detailRow{{Key: "发出收费通知", Value: fmt.Sprintf("%d 件", f.GetNoticesIssued())},
		{Key: "通知收费金额", Value: yuan(f.GetChargedFen())}, {Key: "实际收取金额", Value: yuan(f.GetPaidFen())}}
	if p := r.GetPublication(); p != nil {
		v.Published = &detailRowsView{Rows: []detailRow{{Key: "发布人", Value: p.GetPublishedByName()},
			{Key: "发布时间", Value: timeCN(p.GetPublishTime())}, {Key: "SHA-256", Value: p.GetSha256()}}}
	}
	for _, d := range r.GetDifferences() {
		v.Differences = append(v.Differences, detailRow{Key: d.GetLabel(), Value: fmt.Sprintf("发布时 %d，现在 %d", d.GetPublished(), d.GetCurrent())})
	}
	for _, e := range []struct{ f, name string }{{"html", "打印版（HTML）"}, {"xlsx", "报送表格（XLSX）"}, {"csv", "CSV"}} {
		v.Exports = append(v.Exports, link{Href: "/reports/export?" + url.Values{"agency": {agency}, "year": {v.Year}, "format": {e.f}}.Encode(), Text: e.name})
	}
	q.render("report", v)
	return nil
}

// reportCasesView lists the cases behind one figure.
type reportCasesView struct {
	base
	Back, Cell string
	Rows       []reportCaseRow
	Next       string
}

type reportCaseRow struct {
	Href, TrackingNumber, Title, ReceivedOn, ResolvedOn, Outcome, State string
}

func (s *Site) reportCases(q *req) error {
	agency, year := s.reportParams(q)
	c := q.r.URL.Query().Get("cell")
	res, err := call(q, func(ctx context.Context) (*foiv1.ListReportCellCasesResponse, error) {
		return s.reports.ListReportCellCases(ctx, &foiv1.ListReportCellCasesRequest{AgencyId: agency, Year: year, Cell: c,
			PageSize: 50, PageToken: q.r.URL.Query().Get("page")})
	})
	if err != nil {
		return err
	}
	base := url.Values{"agency": {agency}, "year": {strconv.Itoa(int(year))}}
	v := &reportCasesView{Back: "/reports?" + base.Encode(), Cell: c}
	v.Title = "统计数字涉及的案件"
	for _, rc := range res.GetCases() {
		v.Rows = append(v.Rows, reportCaseRow{Href: "/cases/" + url.PathEscape(rc.GetId()), TrackingNumber: rc.GetTrackingNumber(), Title: rc.GetTitle(),
			ReceivedOn: dateCN(rc.GetReceivedOn()), ResolvedOn: dateCN(rc.GetResolvedOn()), Outcome: rc.GetOutcome(), State: rc.GetState()})
	}
	if t := res.GetNextPageToken(); t != "" {
		base.Set("cell", c)
		base.Set("page", t)
		v.Next = "/reports/cases?" + base.Encode()
	}
	q.render("report_cases", v)
	return nil
}

// publishReport freezes an agency's report, or the district's (agency
// ""); the API decides who may.
func (s *Site) publishReport(q *req) error {
	agency := q.r.PostFormValue("agency")
	year, _ := strconv.Atoi(q.r.PostFormValue("year"))
	var err error
	if agency == "" {
		_, err = call(q, func(ctx context.Context) (*foiv1.PublishDistrictReportResponse, error) {
			return s.reports.PublishDistrictReport(ctx, &foiv1.PublishDistrictReportRequest{Year: int32(year)})
		})
	} else {
		_, err = call(q, func(ctx context.Context) (*foiv1.PublishAnnualReportResponse, error) {
			return s.reports.PublishAnnualReport(ctx, &foiv1.PublishAnnualReportRequest{AgencyId: agency, Year: int32(year)})
		})
	}
	if err != nil {
		return err
	}
	q.redirectWith("/reports?"+url.Values{"agency": {agency}, "year": {strconv.Itoa(year)}}.Encode(), "年度报告已发布，数字已固定")
	return nil
}

var reportFormats = map[string]foiv1.ReportFormat{"html": foiv1.ReportFormat_REPORT_FORMAT_HTML,
	"xlsx": foiv1.ReportFormat_REPORT_FORMAT_XLSX, "csv": foiv1.ReportFormat_REPORT_FORMAT_CSV}

// exportReport sends the API's export as a download (HTML to print, a
// workbook, CSV).
func (s *Site) exportReport(q *req) error {
	agency, year := s.reportParams(q)
	format, ok := reportFormats[q.r.URL.Query().Get("format")]
	if !ok {
		return q.fail(http.StatusNotFound, "页面不存在", "没有这种导出格式。")
	}
	res, err := call(q, func(ctx context.Context) (*foiv1.ExportAnnualReportResponse, error) {
		return s.reports.ExportAnnualReport(ctx, &foiv1.ExportAnnualReportRequest{AgencyId: agency, Year: year, Format: format})
	})
	if err != nil {
		return err
	}
	h := q.w.Header()
	h.Set("Content-Type", res.GetContentType())
	h.Set("Cache-Control", "no-store")
	if format == foiv1.ReportFormat_REPORT_FORMAT_HTML {
		// The printable report carries its own styles and no script.
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'")
	} else {
		h.Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(res.GetFileName()))
	}
	q.w.Write(res.GetContent())
	return nil
}
