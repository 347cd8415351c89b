package cases

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"foi/services/clock"
	"foi/services/notice"
	"foi/services/pg"
)

// A calendar load that moves a date foi already gave the applicant in a
// document (the receipt's or an extension's due date, a clarification's
// last day to supplement, a fee notice's last day to pay) issues a
// corrected notice, 日期更正告知书, in the recount's transaction, and its
// history event carries the notice's digest. Dates never told to the
// applicant move silently (the history still records them); consultees'
// deadlines went to the consultees, not the applicant.

// toldDate is a date a recount moved, with the kinds of document that
// print it.
type toldDate struct {
	what        string
	from, to    clock.Date
	provisional bool
	kinds       []notice.Kind
}

// dueKinds print the reply due date; every kind lists DateCorrection too,
// as an earlier correction printed the date it corrected to.
var (
	dueKinds    = []notice.Kind{notice.Receipt, notice.Extension, notice.DelayedDueDate, notice.DateCorrection}
	supplyKinds = []notice.Kind{notice.Clarification, notice.DateCorrection}
	payKinds    = []notice.Kind{notice.FeeNotice, notice.DateCorrection}
)

// movedDates lists what a recount of a moved: the due date from previous
// to res (when both are known) and the derived dates.
func movedDates(previous clock.Date, res clock.Result, derived []derivedMove) []toldDate {
	var out []toldDate
	if !previous.IsZero() && !res.DueOn.IsZero() && previous != res.DueOn {
		out = append(out, toldDate{"答复期限截止日", previous, res.DueOn, res.Provisional, dueKinds})
	}
	for _, m := range derived {
		from, _ := clock.ParseDate(m.From)
		to, _ := clock.ParseDate(m.To)
		switch m.What {
		case "supplementDueOn":
			out = append(out, toldDate{"补正期限截止日", from, to, m.Provisional, supplyKinds})
		case "payBy":
			out = append(out, toldDate{"缴费截止日", from, to, m.Provisional, payKinds})
		}
	}
	return out
}

// correctionOrder is the corrected notice for the dates moved on a, or
// nil when none of them was printed in a document the applicant received
// (the date as printed, in a document of a kind that prints it). cal is
// the calendar in force; since is the calendar version a's dates were
// last counted under, so the loads after it are the cause.
func (s *Service) correctionOrder(ctx context.Context, tx pgx.Tx, a *Application, moved []toldDate, cal *clock.Calendar, since int64) (*noticeOrder, []string, error) {
	if len(moved) == 0 {
		return nil, nil, nil
	}
	issued, err := noticesOf(ctx, tx, a.ID)
	if err != nil {
		return nil, nil, err
	}
	var rows []notice.CorrectedDate
	var what []string
	for _, m := range moved {
		var in []string
		for _, n := range issued {
			if n.Kind.Internal() || !slices.Contains(m.kinds, n.Kind) || !strings.Contains(n.HTML, cn(m.from)) {
				continue
			}
			in = append(in, fmt.Sprintf("%s（%s）", n.Title, n.Number))
		}
		if len(in) == 0 {
			continue // never told to the applicant
		}
		to := cn(m.to)
		if m.provisional {
			to += "（暂定，遇法定节假日顺延）"
		}
		rows = append(rows, notice.CorrectedDate{Notice: strings.Join(in, "、"), What: m.what, From: cn(m.from), To: to})
		what = append(what, m.what)
	}
	if len(rows) == 0 {
		return nil, nil, nil
	}
	years, err := loadedSince(ctx, tx, a.Region, since)
	if err != nil {
		return nil, nil, err
	}
	arrangement := calendarArrangement(cal, years)
	return &noticeOrder{kind: notice.DateCorrection, fill: func(d *notice.Data) {
		d.Corrections, d.Calendar = rows, arrangement
	}}, what, nil
}

// loadedSince lists the years of the national calendar or region's
// overlay loaded after calendar version since, in order.
func loadedSince(ctx context.Context, q pg.Querier, region string, since int64) ([]int, error) {
	rows, _ := q.Query(ctx, `SELECT DISTINCT year FROM calendar_loads WHERE id > $1 AND region IN ('CN', $2) ORDER BY year`, since, region)
	years, err := pgx.CollectRows(rows, pgx.RowTo[int])
	if err != nil {
		return nil, fmt.Errorf("calendar loads since %d: %w", since, pg.Translate(err))
	}
	return years, nil
}

// calendarArrangement names the holiday arrangements of years as the
// corrected notice cites them: 2027年法定节假日安排（《…通知》，国办发明电〔2026〕1号）.
func calendarArrangement(cal *clock.Calendar, years []int) string {
	if len(years) == 0 {
		return "新的法定节假日安排"
	}
	var parts []string
	for _, y := range years {
		var cites []string
		for _, f := range cal.Files() {
			if f.Year != y {
				continue
			}
			for _, n := range f.Notices {
				c := "《" + strings.Trim(n.Title, "《》") + "》"
				if n.Number != "" {
					c += "，" + n.Number
				}
				cites = append(cites, c)
			}
		}
		p := fmt.Sprintf("%d年法定节假日安排", y)
		if len(cites) > 0 {
			p += "（" + strings.Join(cites, "；") + "）"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "、")
}
