package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"google.golang.org/protobuf/encoding/protojson"

	foiv1 "foi/gen/foi/v1"
)

// calendarsView lists a region's loaded years and the problems of years
// that could not be read, with the form loading a year.
type calendarsView struct {
	base
	Region   string
	Years    []calendarYearView
	Problems []string
	Form     form
	Result   string // what the last load changed
}

type calendarYearView struct {
	Year                      int32
	Holidays, Notices, Loaded string
	Shipped                   bool
	Moves                     string // the page of the cases the load moved
}

func (s *Site) adminCalendars(q *req) error {
	f := newForm()
	f.Values["region"] = q.r.URL.Query().Get("region")
	if f.Values["region"] == "" {
		f.Values["region"] = "CN"
	}
	return s.renderCalendars(q, f, "")
}

func (s *Site) renderCalendars(q *req, f form, result string) error {
	region := f.get("region")
	if region == "" {
		region = "CN"
	}
	res, err := call(q, func(ctx context.Context) (*foiv1.ListCalendarYearsResponse, error) {
		return s.calendars.ListCalendarYears(ctx, &foiv1.ListCalendarYearsRequest{Region: region})
	})
	if err != nil {
		return err
	}
	v := &calendarsView{Region: region, Form: f, Result: result}
	v.Title = "节假日安排"
	for _, y := range res.GetYears() {
		var hs, ns []string
		for _, h := range y.GetHolidays() {
			hs = append(hs, h.GetName())
		}
		for _, n := range y.GetNotices() {
			ns = append(ns, n.GetTitle()+"（"+n.GetNumber()+"）")
		}
		v.Years = append(v.Years, calendarYearView{Year: y.GetYear(), Holidays: strings.Join(hs, "、"), Notices: strings.Join(ns, "；"),
			Loaded: timeCN(y.GetLoadTime()), Shipped: y.GetShipped(), Moves: movesHref(y.GetLoad())})
	}
	for _, p := range res.GetProblems() {
		v.Problems = append(v.Problems, fmt.Sprintf("%d年（%s 载入）：%s", p.GetYear(), timeCN(p.GetLoadTime()), p.GetMessage()))
	}
	q.render("admin_calendars", v)
	return nil
}

// putCalendar loads a year: from an uploaded JSON file (the body of PUT
// /v1/calendars/{region}/years/{year}), or from the form's notice and
// holiday lines.
func (s *Site) putCalendar(q *req) error {
	f := q.formFrom("region", "year", "noticeTitle", "noticeNumber", "noticeDate", "holidays")
	year, _ := strconv.Atoi(f.get("year"))
	r := &foiv1.PutCalendarYearRequest{Region: f.get("region"), Year: int32(year)}
	if file, _, err := q.r.FormFile("file"); err == nil {
		b, rerr := io.ReadAll(io.LimitReader(file, maxUpload))
		file.Close()
		if err := protojson.Unmarshal(b, r); rerr != nil || err != nil {
			f.Errors.add("file", "文件不是有效的节假日安排 JSON，请检查文件内容")
		}
		r.Region, r.Year = f.get("region"), int32(year)
	} else {
		if f.get("noticeTitle") != "" {
			r.Notices = []*foiv1.CalendarNotice{{Title: f.get("noticeTitle"), Number: f.get("noticeNumber"), Date: f.get("noticeDate")}}
		}
		hs, problem := holidayLines(f.get("holidays"))
		if problem != "" {
			f.Errors.add("holidays", problem)
		}
		r.Holidays = hs
	}
	if !f.Errors.Any() {
		res, err := call(q, func(ctx context.Context) (*foiv1.PutCalendarYearResponse, error) {
			return s.calendars.PutCalendarYear(ctx, r)
		})
		if p := formProblems(err); p != nil {
			f.Errors = p
		} else if err != nil {
			return err
		} else {
			msg := fmt.Sprintf("已载入%d年节假日安排。", year)
			if res.GetChanged() {
				msg += fmt.Sprintf("工作日从%s起有变化；核对了 %d 件案件，%d 件的答复期限随之调整。", dateCN(res.GetFirstChange()), res.GetCasesChecked(), res.GetDueDatesMoved())
			} else {
				msg += "工作日没有变化。"
			}
			to := "/admin/calendars?region=" + url.QueryEscape(r.Region)
			if res.GetLoad() > 0 {
				to = movesHref(res.GetLoad())
			}
			q.redirectWith(to, msg)
			return nil
		}
	}
	q.w.WriteHeader(http.StatusBadRequest)
	return s.renderCalendars(q, f, "")
}

// holidayLines reads one holiday a line: its name, the first and last
// day off, then optionally 调休 and the make-up working days, e.g.
// "国庆节 2027-10-01 2027-10-07 调休 2027-09-26 2027-10-09".
func holidayLines(text string) ([]*foiv1.Holiday, string) {
	var out []*foiv1.Holiday
	for i, line := range strings.Split(text, "\n") {
		w := strings.Fields(line)
		if len(w) == 0 {
			continue
		}
		if len(w) < 3 || (len(w) > 3 && w[3] != "调休") {
			return nil, fmt.Sprintf("第%d行格式不对：应为“名称 起始日 结束日”，有调休的再写“调休”和上班日期", i+1)
		}
		h := &foiv1.Holiday{Name: w[0], Off: []*foiv1.DateRange{{From: w[1], To: w[2]}}}
		if len(w) > 4 {
			h.Work = w[4:]
		}
		out = append(out, h)
	}
	return out, ""
}

// movesHref is the page of the cases load moved.
func movesHref(load int64) string {
	if load <= 0 {
		return ""
	}
	return fmt.Sprintf("/admin/calendars/loads/%d", load)
}
