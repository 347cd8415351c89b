package cases

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/idnumber"
	"foi/services/ids"
	"foi/services/outcome"
	"foi/services/page"
	"foi/services/pg"
)

// Filter selects applications for a list. Empty fields select everything.
type Filter struct {
	AgencyID       string
	State          State
	States         []State
	TrackingNumber string // exact
	// Text is words of the title or description: a substring, in Chinese
	// or not.
	Text string
	// The applicant: staff only.
	ApplicantIDNumber string
	ApplicantName     string // the name, or its beginning
	ApplicantPhone    string
	// Assignee is AssigneeMe, AssigneeNone or an officer's account id.
	Assignee     string
	Channel      Channel
	Outcome      outcome.Outcome
	ReceivedFrom clock.Date
	ReceivedTo   clock.Date
	DueFrom      clock.Date
	DueTo        clock.Date
	Order        Order
	// Overdue keeps open cases past their due date.
	Overdue bool
	// DueWithinDays keeps open cases due from today to this many working
	// days ahead (counted with each agency's calendar).
	DueWithinDays int
	PageSize      int32
	PageToken     string
}

// The assignee filters that name no one.
const (
	AssigneeMe   = "me"
	AssigneeNone = "unassigned"
)

// Order is a list's sort order.
type Order string

// The orders.
const (
	// ByDueDate: the earliest due first, then the earliest received;
	// undated cases last. The worklists' order, and the default.
	ByDueDate Order = ""
	// ByReceivedNewest: the latest received first; unreceived (online
	// submissions not yet confirmed) first of all.
	ByReceivedNewest Order = "RECEIVED_NEWEST"
	// ByReceivedOldest: the earliest received first; unreceived last.
	ByReceivedOldest Order = "RECEIVED_OLDEST"
	// BySubmittedOldest: the earliest submitted online first, then
	// applications never submitted online (registered at the window) in
	// the order of their ids. The window's queue of submissions to
	// confirm: such a submission has no received date yet, so the orders
	// by received date tie them all.
	BySubmittedOldest Order = "SUBMITTED_OLDEST"
)

// MaxDueWithinDays bounds the near-due window of a worklist.
const MaxDueWithinDays = 60

// listCursor is the position after the last row of a page, in the list's
// order: due date, received date, id; undated rows sort last. A list by
// submission time carries that time (RFC 3339, or "infinity") alone.
type listCursor struct {
	Due       string `json:"d"`
	Received  string `json:"r"`
	Submitted string `json:"s,omitempty"`
	ID        string `json:"i"`
}

func sortKey(d fmt.Stringer) string {
	if s := d.String(); s != "" {
		return s
	}
	return "infinity"
}

// List returns one page of the applications the actor may see, in the
// filter's order (by due date, then received date, unless it says
// otherwise).
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
	q := &listQuery{where: []string{cond}, args: args}
	if err := q.filter(who, f); err != nil {
		return nil, "", err
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
	case (f.Overdue || f.DueWithinDays > 0) && f.Order != ByDueDate:
		return nil, "", errs.Field("orderBy", "待办清单按到期日排序")
	case f.Overdue:
		due, received = "a.due_on", "a.received_on"
		q.where = append(q.where, "a.state IN "+openStates, "a.due_on < "+q.arg(s.today())+"::date")
	case f.DueWithinDays > 0:
		due, received = "a.due_on", "a.received_on"
		until, err := s.dueWithin(ctx, f.AgencyID, f.DueWithinDays)
		if err != nil {
			return nil, "", err
		}
		q.where = append(q.where, "a.state IN "+openStates, "a.due_on >= "+q.arg(s.today())+"::date",
			"a.due_on <= "+until(q.arg))
	}
	var keys []string // the order's columns, the last one a.id
	desc := false
	switch f.Order {
	case ByDueDate:
		keys = []string{due, received, "a.id"}
	case ByReceivedNewest:
		keys, desc = []string{received, "a.id"}, true
	case ByReceivedOldest:
		keys = []string{received, "a.id"}
	case BySubmittedOldest:
		keys = []string{submittedKey, "a.id"}
	default:
		return nil, "", errs.Field("orderBy", "未知的排序方式")
	}
	if after.ID != "" {
		bySubmitted := f.Order == BySubmittedOldest
		if (after.Due == "") == (len(keys) == 3) || (after.Submitted != "") != bySubmitted { // a token of another order
			return nil, "", errs.Field("pageToken", "无效的分页标记")
		}
		q.where = append(q.where, after.condition(q, keys, desc))
	}
	order := strings.Join(keys, ", ")
	if desc {
		order = strings.Join(keys, " DESC, ") + " DESC"
	}
	where := strings.Join(q.where, " AND ")
	sql := `SELECT ` + applicationColumns + ` FROM applications a WHERE ` + where + `
		ORDER BY ` + order + ` LIMIT ` + q.arg(limit+1)
	list, err := s.listPage(ctx, sql, where, q.args, searchText(f.Text) != "")
	if err != nil {
		return nil, "", fmt.Errorf("list applications: %w", err)
	}
	next := ""
	if len(list) > limit {
		list = list[:limit]
		last := list[limit-1]
		c := listCursor{Received: sortKey(last.ReceivedOn), ID: last.ID}
		switch f.Order {
		case ByDueDate:
			c.Due = sortKey(last.DueOn)
		case BySubmittedOldest:
			c.Received, c.Submitted = "", "infinity"
			if !last.Intake.SubmittedAt.IsZero() {
				c.Submitted = last.Intake.SubmittedAt.UTC().Format(time.RFC3339Nano)
			}
		}
		next = page.Encode(c)
	}
	return list, next, nil
}

// submittedKey is the sort key of a list by submission time: applications
// never submitted online sort last. The index applications_by_submitted
// holds it.
const submittedKey = "coalesce(a.submitted_at, 'infinity'::timestamptz)"

// manyMatches is how many matches of a text search make walking the list's
// order cheaper than sorting every match.
const manyMatches = 2000

// listPage runs a list's page query. A text search is planned by how many
// cases it matches, which the planner cannot estimate (the character pairs
// of a phrase are not independent): a few are found through the text index
// and sorted; many, by walking the order's index until the page is full.
func (s *Service) listPage(ctx context.Context, sql, where string, args []any, text bool) ([]Application, error) {
	if !text {
		rows, _ := s.db.Query(ctx, sql, args...)
		return pgx.CollectRows(rows, scanApplication)
	}
	var list []Application
	err := pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		var n int
		// The count's arguments are the page query's without its LIMIT,
		// the last one.
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM applications a WHERE `+where+` LIMIT `+
			strconv.Itoa(manyMatches+1)+`) x`, args[:len(args)-1]...).Scan(&n); err != nil {
			return err
		}
		if n > manyMatches {
			for _, set := range []string{`SET LOCAL enable_bitmapscan = off`, `SET LOCAL enable_seqscan = off`} {
				if _, err := tx.Exec(ctx, set); err != nil {
					return err
				}
			}
		}
		rows, _ := tx.Query(ctx, sql, args...)
		var err error
		list, err = pgx.CollectRows(rows, scanApplication)
		return err
	})
	return list, err
}

// listQuery is the WHERE clause of a list as it is built, with its
// arguments.
type listQuery struct {
	where []string
	args  []any
}

// arg adds an argument and returns its placeholder.
func (q *listQuery) arg(v any) string {
	q.args = append(q.args, v)
	return fmt.Sprintf("$%d", len(q.args))
}

// filter adds the conditions of f, refusing what the actor may not ask.
func (q *listQuery) filter(who actor.Actor, f Filter) error {
	var c errs.Collector
	if who.Role == actor.Applicant {
		for field, v := range map[string]string{"applicantName": f.ApplicantName, "applicantPhone": f.ApplicantPhone} {
			if v != "" {
				c.Add(field, "仅工作人员可以按申请人查询")
			}
		}
	}
	add := func(cond string) { q.where = append(q.where, cond) }
	if f.AgencyID != "" {
		add("a.agency_id = " + q.arg(f.AgencyID) + "::uuid")
	}
	states := f.States
	if f.State != "" {
		states = append(states, f.State)
	}
	for i, st := range states {
		if !validState(st) {
			c.Add(fmt.Sprintf("states[%d]", i), "未知的状态")
		}
	}
	switch {
	case len(states) == 1:
		// Equality, not ANY: the planner then walks the index of an
		// agency's cases in one state in the list's order.
		add("a.state = " + q.arg(string(states[0])))
	case len(states) > 1:
		add("a.state = ANY(" + q.arg(statesText(states)) + "::text[])")
	}
	if t := strings.TrimSpace(f.TrackingNumber); t != "" {
		add("a.tracking_number = " + q.arg(strings.ToUpper(t)))
	}
	if f.ApplicantIDNumber != "" {
		add("a.applicant_id_number = " + q.arg(strings.ToUpper(strings.TrimSpace(f.ApplicantIDNumber))))
	}
	if n := strings.TrimSpace(f.ApplicantName); n != "" {
		add("a.applicant_name LIKE " + q.arg(likePrefix(n)))
	}
	if p := strings.TrimSpace(f.ApplicantPhone); p != "" {
		if norm, err := idnumber.Phone(p); err != nil {
			c.Add("applicantPhone", err.Error())
		} else {
			add("a.applicant_phone = " + q.arg(norm))
		}
	}
	if t := searchText(f.Text); t != "" {
		c.MaxLength("text", t, 100)
		add("a.search_grams @@ " + q.arg(gramQuery(t)) + "::tsquery")
		add("strpos(a.search_text, " + q.arg(t) + ") > 0")
	}
	switch f.Assignee {
	case "":
	case AssigneeMe:
		add("a.assignee_id = " + q.arg(who.AccountID) + "::uuid")
	case AssigneeNone:
		add("a.assignee_id IS NULL")
	default:
		if !ids.Valid(f.Assignee) {
			c.Add("assignee", "须为 me、unassigned 或承办人的账号标识")
		}
		add("a.assignee_id = " + q.arg(f.Assignee) + "::uuid")
	}
	if f.Channel != "" {
		add("a.channel = " + q.arg(string(f.Channel)))
	}
	if f.Outcome != "" {
		if !f.Outcome.Valid() {
			c.Add("outcome", "未知的办理结果")
		}
		add("a.outcome = " + q.arg(string(f.Outcome)))
	}
	q.dateRange(&c, "a.received_on", "receivedFrom", "receivedTo", f.ReceivedFrom, f.ReceivedTo)
	q.dateRange(&c, "a.due_on", "dueFrom", "dueTo", f.DueFrom, f.DueTo)
	return c.Err()
}

// dateRange adds from <= column <= to, either end open.
func (q *listQuery) dateRange(c *errs.Collector, column, fromField, toField string, from, to clock.Date) {
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		c.Add(toField, "截止日期不能早于起始日期")
	}
	if !from.IsZero() {
		q.where = append(q.where, column+" >= "+q.arg(from)+"::date")
	}
	if !to.IsZero() {
		q.where = append(q.where, column+" <= "+q.arg(to)+"::date")
	}
}

// condition is the keyset condition of the rows after the cursor, for an
// order by keys (whose last one is a.id), descending when desc.
func (c listCursor) condition(q *listQuery, keys []string, desc bool) string {
	var first string
	if c.Submitted != "" {
		first = q.arg(c.Submitted) + "::timestamptz"
	} else {
		first = q.arg(c.Received) + "::date"
	}
	vals := []string{first, q.arg(c.ID) + "::uuid"}
	if len(keys) == 3 {
		vals = append([]string{q.arg(c.Due) + "::date"}, vals...)
	}
	op := ">"
	if desc {
		op = "<"
	}
	return "(" + strings.Join(keys, ", ") + ") " + op + " (" + strings.Join(vals, ", ") + ")"
}

func statesText(states []State) []string {
	out := make([]string, len(states))
	for i, s := range states {
		out[i] = string(s)
	}
	return out
}

// likePrefix is a LIKE pattern matching strings that begin with s.
func likePrefix(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s) + "%"
}

// searchText is a search phrase as the index holds text: whitespace
// removed, ASCII letters lower-cased (as PostgreSQL's lower does under the
// C locale).
func searchText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
		case 'A' <= r && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// gramQuery is the tsquery asking for every character pair of t (or its
// one character), each a quoted lexeme as foi_grams makes them.
func gramQuery(t string) string {
	rs := []rune(t)
	quote := func(g string) string {
		return "'" + strings.ReplaceAll(strings.ReplaceAll(g, `\`, `\\`), "'", "''") + "'"
	}
	if len(rs) == 1 {
		return quote(t)
	}
	seen := map[string]bool{}
	var parts []string
	for i := 0; i+1 < len(rs); i++ {
		g := string(rs[i : i+2])
		if !seen[g] {
			seen[g] = true
			parts = append(parts, quote(g))
		}
	}
	return strings.Join(parts, " & ")
}

func validState(s State) bool { return slices.Contains(States, s) }

// valid reports whether a decoded cursor can be compared in SQL; a token is
// opaque to clients but still outside input. Orders by received date carry
// no due date.
func (c listCursor) valid() bool {
	if c.ID == "" {
		return c.Due == "" && c.Received == "" && c.Submitted == ""
	}
	if c.Submitted != "" {
		if _, err := time.Parse(time.RFC3339Nano, c.Submitted); (err != nil && c.Submitted != "infinity") || c.Due != "" || c.Received != "" {
			return false
		}
		return ids.Valid(c.ID)
	}
	for i, d := range []string{c.Due, c.Received} {
		if _, err := clock.ParseDate(d); err != nil && d != "infinity" && (d != "" || i == 1) {
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
