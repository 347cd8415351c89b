package cases

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/ids"
	"foi/services/page"
)

// Filter selects applications for a list.
type Filter struct {
	AgencyID          string
	State             State
	ApplicantIDNumber string
	// Overdue keeps open cases past their due date.
	Overdue bool
	// DueWithinDays keeps open cases due from today to this many working
	// days ahead (counted with each agency's calendar).
	DueWithinDays int
	PageSize      int32
	PageToken     string
}

// MaxDueWithinDays bounds the near-due window of a worklist.
const MaxDueWithinDays = 60

// listCursor is the position after the last row of a page, in the list's
// order: due date, received date, id; undated rows sort last.
type listCursor struct {
	Due      string `json:"d"`
	Received string `json:"r"`
	ID       string `json:"i"`
}

func sortKey(d fmt.Stringer) string {
	if s := d.String(); s != "" {
		return s
	}
	return "infinity"
}

// List returns one page of the applications the actor may see, ordered by
// due date, then received date.
func (s *Service) List(ctx context.Context, who actor.Actor, f Filter) ([]Application, string, error) {
	limit, err := page.Size(f.PageSize)
	if err != nil {
		return nil, "", err
	}
	var after listCursor
	if err := page.Decode(f.PageToken, &after); err != nil {
		return nil, "", err
	}
	if !after.valid() {
		return nil, "", errs.Field("pageToken", "无效的分页标记")
	}
	cond, args := visibleTo(who, 1)
	where := []string{cond}
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if f.AgencyID != "" {
		where = append(where, "a.agency_id = "+arg(f.AgencyID)+"::uuid")
	}
	if f.State != "" {
		if !validState(f.State) {
			return nil, "", errs.Field("state", "未知的状态")
		}
		where = append(where, "a.state = "+arg(string(f.State)))
	}
	if f.ApplicantIDNumber != "" {
		where = append(where, "a.applicant_id_number = "+arg(strings.ToUpper(strings.TrimSpace(f.ApplicantIDNumber))))
	}
	// Worklists hold only dated open cases, so they order by the plain
	// columns and the worklist index serves them in order; other lists put
	// undated applications last.
	due, received := "coalesce(a.due_on, 'infinity'::date)", "coalesce(a.received_on, 'infinity'::date)"
	switch {
	case f.Overdue && f.DueWithinDays != 0:
		return nil, "", errs.Field("dueWithinDays", "不能与 overdue 同时使用")
	case f.DueWithinDays < 0 || f.DueWithinDays > MaxDueWithinDays:
		return nil, "", errs.Field("dueWithinDays", fmt.Sprintf("须为 1 至 %d 个工作日", MaxDueWithinDays))
	case f.Overdue:
		due, received = "a.due_on", "a.received_on"
		where = append(where, "a.state IN "+openStates, "a.due_on < "+arg(s.today())+"::date")
	case f.DueWithinDays > 0:
		due, received = "a.due_on", "a.received_on"
		until, err := s.dueWithin(ctx, f.AgencyID, f.DueWithinDays)
		if err != nil {
			return nil, "", err
		}
		where = append(where, "a.state IN "+openStates, "a.due_on >= "+arg(s.today())+"::date",
			"a.due_on <= "+until(arg))
	}
	if after.ID != "" {
		where = append(where, fmt.Sprintf("(%s, %s, a.id) > (%s::date, %s::date, %s::uuid)",
			due, received, arg(after.Due), arg(after.Received), arg(after.ID)))
	}
	sql := `SELECT ` + applicationColumns + ` FROM applications a WHERE ` + strings.Join(where, " AND ") + `
		ORDER BY ` + due + `, ` + received + `, a.id
		LIMIT ` + arg(limit+1)
	rows, _ := s.db.Query(ctx, sql, args...)
	list, err := pgx.CollectRows(rows, scanApplication)
	if err != nil {
		return nil, "", fmt.Errorf("list applications: %w", err)
	}
	next := ""
	if len(list) > limit {
		list = list[:limit]
		last := list[limit-1]
		next = page.Encode(listCursor{Due: sortKey(last.DueOn), Received: sortKey(last.ReceivedOn), ID: last.ID})
	}
	return list, next, nil
}

func validState(s State) bool { return slices.Contains(States, s) }

// valid reports whether a decoded cursor can be compared in SQL; a token is
// opaque to clients but still outside input.
func (c listCursor) valid() bool {
	if c.ID == "" {
		return c.Due == "" && c.Received == ""
	}
	for _, d := range []string{c.Due, c.Received} {
		if _, err := clock.ParseDate(d); err != nil && d != "infinity" {
			return false
		}
	}
	return ids.Valid(c.ID)
}

// dueWithin returns the SQL for the last due date of a near-due window of
// days working days from today. Working days depend on the agency's
// calendar region: for one agency it is a date; across agencies, a CASE
// over the regions in use.
func (s *Service) dueWithin(ctx context.Context, agencyID string, days int) (func(arg func(any) string) string, error) {
	today := s.today()
	regionsSQL, args := `SELECT DISTINCT region FROM agencies`, []any{}
	if agencyID != "" {
		regionsSQL, args = `SELECT region FROM agencies WHERE id = $1`, []any{agencyID}
	}
	rows, _ := s.db.Query(ctx, regionsSQL, args...)
	regions, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("regions: %w", err)
	}
	until := map[string]clock.Date{}
	for _, r := range regions {
		cal, err := s.calendars.Current(ctx, r)
		if err != nil {
			return nil, err
		}
		until[r], _ = cal.AddWorkingDays(today, days)
	}
	return func(arg func(any) string) string {
		switch len(regions) {
		case 0:
			return "NULL::date" // no such agency: nothing is due
		case 1:
			return arg(until[regions[0]]) + "::date"
		}
		var b strings.Builder
		b.WriteString("CASE (SELECT g.region FROM agencies g WHERE g.id = a.agency_id)")
		for _, r := range regions {
			fmt.Fprintf(&b, " WHEN %s THEN %s::date", arg(r), arg(until[r]))
		}
		b.WriteString(" END")
		return b.String()
	}, nil
}
