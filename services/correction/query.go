package correction

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/errs"
	"foi/services/page"
)

// View is a request with its history and letters, as one person may see
// them.
type View struct {
	Request Request
	History []HistoryEvent
	Letters []Letter // without their HTML
	// Intact reports whether the history's hash chain, the letters'
	// digests and the tip recorded on the request all verify.
	Intact bool
	// Problem names the first break when not intact, in Chinese.
	Problem string
}

// applicantSees are the events whose reason and data an applicant reads
// (what they did, what they were sent, their due date moving);
// of the others (assignment, the officer's decision before it is signed,
// the head's return) they see only that the step happened.
var applicantSees = map[string]bool{string(Submit): true, string(Register): true, string(Sign): true, string(Withdraw): true,
	string(DueRecomputed): true}

// Get returns one request that who may see, with its history and letters
// read in one snapshot. An applicant sees the decision once it is signed,
// and members of staff by their role, not their names.
func (s *Service) Get(ctx context.Context, who actor.Actor, id string) (View, error) {
	tx, err := s.db.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return View{}, err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	r, err := getRequest(ctx, tx, who, id, false)
	if err != nil {
		return View{}, err
	}
	events, err := eventsOf(ctx, tx, id)
	if err != nil {
		return View{}, err
	}
	letters, err := lettersOf(ctx, tx, id)
	if err != nil {
		return View{}, err
	}
	v := View{Request: r, History: events, Letters: letters}
	v.Problem = verify(s.historyKey, events, letters, r.historySeq, r.historyHash)
	v.Intact = v.Problem == ""
	for i := range v.Letters {
		v.Letters[i].HTML = ""
	}
	if who.Role == actor.Applicant {
		v.Request = ForApplicant(v.Request)
		for i := range v.History {
			e := &v.History[i]
			if !applicantSees[e.Event] {
				e.Reason, e.Payload = "", "{}"
			}
			if e.ActorRole.Staff() {
				e.ActorID, e.ActorName = "", e.ActorRole.Label() // the office acts, not a named person
			}
		}
	}
	return v, nil
}

// ForApplicant leaves out what the applicant does not see: the decision
// before the head has signed it, and which members of staff handle it.
func ForApplicant(r Request) Request {
	if !r.Decided() {
		r.Decision, r.DecidedAt = Decision{}, time.Time{}
	}
	r.AssigneeID, r.AssigneeName, r.DecidedByID, r.DecidedBy, r.SignedByID, r.SignedBy = "", "", "", "", "", ""
	return r
}

// Letter returns one letter of a request who may see, with its HTML.
func (s *Service) Letter(ctx context.Context, who actor.Actor, id, letterID string) (Letter, error) {
	if _, err := getRequest(ctx, s.db, who, id, false); err != nil {
		return Letter{}, err
	}
	letters, err := lettersOf(ctx, s.db, id)
	if err != nil {
		return Letter{}, err
	}
	for _, l := range letters {
		if l.ID == letterID {
			return l, nil
		}
	}
	return Letter{}, errs.New(errs.NotFound, "文书不存在")
}

// Filter narrows a list.
type Filter struct {
	AgencyID  string // staff: one of their agencies
	State     State
	Open      bool // received, processing or sign-off
	PageSize  int32
	PageToken string
}

type cursor struct {
	Due    string `json:"d"`
	Number string `json:"n"`
}

// List returns a page of the requests who may see, by due date then
// tracking number: staff their agencies' (the worklist), applicants their
// own.
func (s *Service) List(ctx context.Context, who actor.Actor, f Filter) ([]Request, string, error) {
	limit, err := page.Size(f.PageSize)
	if err != nil {
		return nil, "", err
	}
	var after cursor
	if err := page.Decode(f.PageToken, &after); err != nil {
		return nil, "", err
	}
	if f.State != "" && !slices.Contains(States, f.State) {
		return nil, "", errs.Field("state", "未知的状态")
	}
	if f.AgencyID != "" && who.Role != actor.Applicant && !who.InAgency(f.AgencyID) {
		return nil, "", errs.New(errs.PermissionDenied, "您不是该机关的工作人员，不能查看其更正申请")
	}
	cond, arg := scope(who, 1)
	args := []any{arg}
	where := cond
	add := func(sql string, v any) {
		args = append(args, v)
		where += fmt.Sprintf(" AND "+sql, len(args))
	}
	if f.AgencyID != "" {
		add("r.agency_id = $%d", f.AgencyID)
	}
	if f.State != "" {
		add("r.state = $%d", string(f.State))
	}
	if f.Open {
		where += " AND r.state IN ('RECEIVED', 'PROCESSING', 'SIGN_OFF')"
	}
	if after.Number != "" {
		args = append(args, after.Due, after.Number)
		where += fmt.Sprintf(" AND (r.due_on, r.tracking_number) > ($%d::date, $%d)", len(args)-1, len(args))
	}
	args = append(args, limit+1)
	rows, _ := s.db.Query(ctx, `SELECT `+requestColumns+requestFrom+` WHERE `+where+
		fmt.Sprintf(` ORDER BY r.due_on, r.tracking_number LIMIT $%d`, len(args)), args...)
	list, err := pgx.CollectRows(rows, scanRequest)
	if err != nil {
		return nil, "", fmt.Errorf("list correction requests: %w", err)
	}
	next := ""
	if len(list) > limit {
		list = list[:limit]
		last := list[limit-1]
		next = page.Encode(cursor{Due: last.DueOn.String(), Number: last.TrackingNumber})
	}
	if who.Role == actor.Applicant {
		for i := range list {
			list[i] = ForApplicant(list[i])
		}
	}
	return list, next, nil
}
