package api

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"google.golang.org/grpc"

	foiv1 "foi/gen/foi/v1"
	"foi/services/actor"
	"foi/services/calendar"
	"foi/services/cases"
	"foi/services/clock"
	"foi/services/correction"
	"foi/services/errs"
)

// Calendars serves foi.v1.CalendarService.
type Calendars struct {
	foiv1.UnimplementedCalendarServiceServer
	calendars   *calendar.Store
	cases       *cases.Service
	corrections *correction.Service
}

// NewCalendars returns the CalendarService handlers.
func NewCalendars(calendars *calendar.Store, svc *cases.Service, corrections *correction.Service) *Calendars {
	return &Calendars{calendars: calendars, cases: svc, corrections: corrections}
}

// Register adds the service to s.
func (h *Calendars) Register(s grpc.ServiceRegistrar) { foiv1.RegisterCalendarServiceServer(s, h) }

// ListCalendarDays implements foi.v1.CalendarService.
func (h *Calendars) ListCalendarDays(ctx context.Context, req *foiv1.ListCalendarDaysRequest) (*foiv1.ListCalendarDaysResponse, error) {
	var c errs.Collector
	from := parseDate(&c, "from", req.GetFrom())
	to := parseDate(&c, "to", req.GetTo())
	region := regionOf(&c, req.GetRegion())
	if err := c.Err(); err != nil {
		return nil, err
	}
	days, err := h.calendars.Days(ctx, region, from, to)
	if err != nil {
		return nil, err
	}
	out := &foiv1.ListCalendarDaysResponse{}
	for _, d := range days {
		out.Days = append(out.Days, &foiv1.CalendarDay{
			Date:        d.Date.String(),
			Working:     d.Working,
			Kind:        foiv1.DayKind(d.Kind),
			Holiday:     d.Holiday,
			Region:      d.Region,
			Provisional: d.Provisional,
			Text:        d.Text(),
		})
	}
	return out, nil
}

var regionFormat = regexp.MustCompile(`^[A-Z]{2}(-[A-Z0-9]{1,10})?$`)

func regionOf(c *errs.Collector, s string) string {
	s = strings.TrimSpace(s)
	if !regionFormat.MatchString(s) {
		c.Add("region", "日历地区代码格式应为 CN 或 CN-XX")
	}
	return s
}

// ListCalendarYears implements foi.v1.CalendarService.
func (h *Calendars) ListCalendarYears(ctx context.Context, req *foiv1.ListCalendarYearsRequest) (*foiv1.ListCalendarYearsResponse, error) {
	var c errs.Collector
	region := regionOf(&c, req.GetRegion())
	if err := c.Err(); err != nil {
		return nil, err
	}
	years, err := h.calendars.Years(ctx, region)
	if err != nil {
		return nil, err
	}
	out := &foiv1.ListCalendarYearsResponse{}
	for _, y := range years {
		p := yearProto(y.File)
		p.Shipped, p.LoadTime, p.Load = y.Shipped, timestamp(y.LoadedAt), y.Load
		out.Years = append(out.Years, p)
	}
	if who, ok := actor.From(ctx); ok && who.Role == actor.Admin {
		problems, err := h.calendars.Problems(ctx)
		if err != nil {
			return nil, err
		}
		for _, p := range problems {
			out.Problems = append(out.Problems, &foiv1.CalendarLoadProblem{Load: p.Load, Region: p.Region, Year: int32(p.Year),
				LoadTime: timestamp(p.LoadedAt),
				Message:  fmt.Sprintf("第 %d 次加载的 %s %d 年节假日安排无法读取，已沿用此前的安排：%v", p.Load, p.Region, p.Year, p.Err)})
		}
	}
	return out, nil
}

// PutCalendarYear implements foi.v1.CalendarService: it loads the year,
// then recomputes the due dates of the open cases and correction requests.
func (h *Calendars) PutCalendarYear(ctx context.Context, req *foiv1.PutCalendarYearRequest) (*foiv1.PutCalendarYearResponse, error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var c errs.Collector
	f := &clock.YearFile{Region: strings.TrimSpace(req.GetRegion()), Year: int(req.GetYear())}
	for _, n := range req.GetNotices() {
		f.Notices = append(f.Notices, clock.Notice{Title: n.GetTitle(), Number: n.GetNumber(), Date: parseDate(&c, "notices.date", n.GetDate())})
	}
	for _, hol := range req.GetHolidays() {
		x := clock.Holiday{Name: hol.GetName()}
		for _, r := range hol.GetOff() {
			x.Off = append(x.Off, clock.DateRange{From: parseDate(&c, "holidays.off.from", r.GetFrom()), To: parseDate(&c, "holidays.off.to", r.GetTo())})
		}
		for _, w := range hol.GetWork() {
			x.Work = append(x.Work, parseDate(&c, "holidays.work", w))
		}
		f.Holidays = append(f.Holidays, x)
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	loaded, err := h.calendars.Put(ctx, who, f)
	var yfe *clock.YearFileError
	if errors.As(err, &yfe) {
		for _, p := range yfe.Problems {
			c.Add(p.Path, p.Message)
		}
		return nil, c.Err()
	}
	if err != nil {
		return nil, err
	}
	checked, moved, err := h.cases.RecomputeStale(ctx)
	if err != nil {
		return nil, err
	}
	// Correction requests are counted in the same calendar; the response
	// reports the cases.
	if _, _, err := h.corrections.RecomputeStale(ctx); err != nil {
		return nil, err
	}
	out := &foiv1.PutCalendarYearResponse{
		Year:          yearProto(loaded.File),
		Changed:       loaded.Changed,
		CasesChecked:  int32(checked),
		DueDatesMoved: int32(moved),
		Load:          loaded.Version,
	}
	if loaded.Changed {
		out.FirstChange = loaded.FirstChange.String()
	}
	return out, nil
}

func yearProto(f *clock.YearFile) *foiv1.CalendarYear {
	out := &foiv1.CalendarYear{Region: f.Region, Year: int32(f.Year)}
	for _, n := range f.Notices {
		out.Notices = append(out.Notices, &foiv1.CalendarNotice{Title: n.Title, Number: n.Number, Date: n.Date.String()})
	}
	for _, hol := range f.Holidays {
		x := &foiv1.Holiday{Name: hol.Name}
		for _, r := range hol.Off {
			x.Off = append(x.Off, &foiv1.DateRange{From: r.From.String(), To: r.To.String()})
		}
		for _, w := range hol.Work {
			x.Work = append(x.Work, w.String())
		}
		out.Holidays = append(out.Holidays, x)
	}
	return out
}

// ListCalendarMoves implements foi.v1.CalendarService.
func (h *Calendars) ListCalendarMoves(ctx context.Context, req *foiv1.ListCalendarMovesRequest) (*foiv1.ListCalendarMovesResponse, error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if req.GetLoad() <= 0 {
		return nil, errs.Field("load", "须为节假日安排载入的编号")
	}
	l, err := h.calendars.LoadOf(ctx, req.GetLoad())
	if err != nil {
		return nil, err
	}
	moves, next, err := h.cases.CalendarMoves(ctx, who, l.ID, req.GetPageSize(), req.GetPageToken())
	if err != nil {
		return nil, err
	}
	out := &foiv1.ListCalendarMovesResponse{Region: l.Region, Year: int32(l.Year), LoadTime: timestamp(l.LoadedAt), NextPageToken: next}
	for _, m := range moves {
		x := &foiv1.CalendarMove{ApplicationId: m.ApplicationID, TrackingNumber: m.TrackingNumber, AgencyId: m.AgencyID,
			PreviousDueOn: m.PreviousDueOn, DueOn: m.DueOn, Provisional: m.Provisional, MoveTime: timestamp(m.At),
			Corrected: m.Corrected, CorrectionNotice: m.CorrectionNotice}
		for _, d := range m.Others {
			x.OtherDates = append(x.OtherDates, &foiv1.MovedDate{What: d.What, From: d.From, To: d.To})
		}
		out.Moves = append(out.Moves, x)
	}
	return out, nil
}
