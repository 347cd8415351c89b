package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	foiv1 "foi/gen/foi/v1"
)

// Which cases a calendar load moved: the history's recorded moves of that
// load, with the old and new dates, each linking to its case. The page
// follows a load at once and stays reachable from the calendars page.

func (s *Site) calendarMoveRoutes() {
	s.mux.HandleFunc("GET /admin/calendars/loads/{load}", s.page(signedIn, s.calendarMoves))
}

// movesView is one page of a load's moves.
type movesView struct {
	base
	Load     int64
	Heading  string
	Rows     []moveRow
	Next     string
	Calendar string
}

type moveRow struct {
	Href, TrackingNumber, Agency, From, To, Others, At, Told string
	Provisional                                              bool
}

// movesPage is how many moves one page lists.
const movesPage = 100

func (s *Site) calendarMoves(q *req) error {
	load, err := strconv.ParseInt(q.r.PathValue("load"), 10, 64)
	if err != nil || load <= 0 {
		return q.fail(http.StatusNotFound, "页面不存在", "没有这次节假日安排的载入。")
	}
	res, err := call(q, func(ctx context.Context) (*foiv1.ListCalendarMovesResponse, error) {
		return s.calendars.ListCalendarMoves(ctx, &foiv1.ListCalendarMovesRequest{Load: load, PageSize: movesPage, PageToken: q.r.URL.Query().Get("page")})
	})
	if err != nil {
		return err
	}
	v := &movesView{Load: load, Calendar: "/admin/calendars?region=" + url.QueryEscape(res.GetRegion()),
		Heading: fmt.Sprintf("%s %d年节假日安排（%s 载入）：期限变动的案件", res.GetRegion(), res.GetYear(), timeCN(res.GetLoadTime()))}
	v.Title = "期限变动的案件"
	names := s.agencyNames(q)
	for _, m := range res.GetMoves() {
		r := moveRow{Href: "/cases/" + m.GetApplicationId(), TrackingNumber: m.GetTrackingNumber(), Agency: names[m.GetAgencyId()],
			From: dateCN(m.GetPreviousDueOn()), To: dateCN(m.GetDueOn()), At: timeCN(m.GetMoveTime()), Provisional: m.GetProvisional()}
		var others []string
		for _, d := range m.GetOtherDates() {
			others = append(others, fmt.Sprintf("%s：%s → %s", movedDateLabel(d.GetWhat()), dateCN(d.GetFrom()), dateCN(d.GetTo())))
		}
		r.Others = strings.Join(others, "；")
		r.Told = "无需更正（移动的日期未印在已送达的文书上）"
		if n := m.GetCorrectionNotice(); n != "" {
			r.Told = fmt.Sprintf("已发出日期更正告知书（%s），更正%s", n, strings.Join(m.GetCorrected(), "、"))
		}
		v.Rows = append(v.Rows, r)
	}
	if t := res.GetNextPageToken(); t != "" {
		v.Next = fmt.Sprintf("/admin/calendars/loads/%d?page=%s", load, url.QueryEscape(t))
	}
	q.render("admin_moves", v)
	return nil
}

// movedDateLabel names a date other than the due date that a load moved.
func movedDateLabel(what string) string {
	switch {
	case what == "supplementDueOn":
		return "补正期限"
	case what == "payBy":
		return "缴费期限"
	case strings.HasPrefix(what, "consultation:"):
		return "征求意见期限"
	}
	return what
}
