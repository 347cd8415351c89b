package cases

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/agency"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/fee"
	"foi/services/notice"
	"foi/services/outcome"
	"foi/services/pg"
)

// FeeNoticeInput is what an officer decides when charging a fee.
type FeeNoticeInput struct {
	Mode fee.Mode
	// Pages of the information provided (PER_VOLUME), paper pages or the
	// page-equivalent the officer records for electronic copies.
	Pages int
	// Pieces splits the application under the "one matter, one
	// application" rule (0 keeps the current count); SplitReason is
	// required when it changes.
	Pieces      int
	SplitReason string
	// AmountFen is the fee charged; nil charges the lawful maximum. Less
	// than the maximum needs ReductionReason; more is refused.
	AmountFen       *int64
	ReductionReason string
	// ServedOn is the day the applicant receives the notice (default
	// today; a posted notice's expected delivery day, at most
	// maxServiceDays after today); the 20 working days to pay run from it.
	ServedOn clock.Date
	// HowToPay tells the applicant how to pay the non-tax revenue.
	HowToPay string
}

// FeeNotice is a fee notice and what became of it.
type FeeNotice struct {
	ID              string
	ApplicationID   string
	Mode            fee.Mode
	Pieces          []int // PER_PIECE: the k of each piece charged
	Pages           int
	MaxFen          int64
	AmountFen       int64
	ReductionReason string
	Items           []fee.Item
	IssuedBy        string
	IssuedOn        clock.Date
	ServedOn        clock.Date
	PayBy           clock.Date
	Status          string // PENDING, PAID, WAIVED, LAPSED
	PaidOn          clock.Date
	PaymentRef      string
	WaiveReason     string
	PausedClock     bool
}

// maxServiceDays bounds how far after its issue a fee notice may be
// recorded as served (a posted notice takes days to arrive).
const maxServiceDays = 30

var feeModes = map[fee.Mode]string{fee.PerPiece: "PER_PIECE", fee.PerVolume: "PER_VOLUME"}

// FeeInputError turns a fee calculator input error into a field violation
// naming the input.
func FeeInputError(err error) error {
	var ie *fee.InputError
	if errors.As(err, &ie) {
		return errs.Field(ie.Field, ie.Reason)
	}
	return err
}

// IssueFeeNotice charges a processing fee: the amount is computed from the
// tier tables (never more), the notice states the basis, standard, amount
// and how to pay, and, by the agency's policy, the clock stops until
// payment.
func (s *Service) IssueFeeNotice(ctx context.Context, who actor.Actor, id string, version int64, in FeeNoticeInput) (Application, error) {
	return s.transition(ctx, who, id, version, IssueFeeNotice, func(tx pgx.Tx, app *Application, ag agency.Agency) (step, error) {
		var c errs.Collector
		if _, ok := feeModes[in.Mode]; !ok {
			c.Add("mode", "须选择按件计收（PER_PIECE）或按量计收（PER_VOLUME）")
		}
		split := in.Pieces != 0 && in.Pieces != app.Pieces
		if split {
			switch {
			case in.Pieces < app.Pieces:
				c.Add("pieces", fmt.Sprintf("本申请已计为 %d 件，不能减少", app.Pieces))
			case in.Pieces > 100:
				c.Add("pieces", "拆分件数不能超过 100")
			}
			in.SplitReason = strings.TrimSpace(in.SplitReason)
			if in.SplitReason == "" {
				c.Add("splitReason", "按“一事一申请”拆分时须说明理由")
			}
		}
		c.MaxLength("howToPay", in.HowToPay, 1000)
		today := s.today()
		served := in.ServedOn
		switch {
		case served.IsZero():
			served = today
		case served.Before(today):
			c.Add("servedOn", "送达日期不能早于发出日期（今天）")
		case served.After(today.AddDays(maxServiceDays)):
			c.Add("servedOn", fmt.Sprintf("送达日期不能晚于发出后 %d 日", maxServiceDays))
		}
		if err := c.Err(); err != nil {
			return step{}, err
		}
		// One fee per application: one mode, and no piece or page charged
		// twice (rules.md section 4).
		var earlier string
		err := tx.QueryRow(ctx, `SELECT status FROM fee_notices WHERE application_id = $1 AND status <> 'CANCELLED' LIMIT 1`, app.ID).Scan(&earlier)
		switch {
		case err == nil:
			return step{}, errs.New(errs.FailedPrecondition, "本申请已发出过收费通知，同一申请只能收费一次")
		case !errors.Is(err, pgx.ErrNoRows):
			return step{}, err
		}
		if split {
			if _, err := allocatePieces(ctx, tx, app, in.Pieces-app.Pieces); err != nil {
				return step{}, err
			}
			app.SplitReason = in.SplitReason
		}
		var q fee.Quote
		ks := []int{}
		if in.Mode == fee.PerPiece {
			if ks, err = pieceNumbers(ctx, tx, app.ID); err != nil {
				return step{}, err
			}
			q, err = fee.ForPieceNumbers(ks)
		} else {
			q, err = fee.ForPages(in.Pages)
		}
		if err != nil {
			return step{}, FeeInputError(err)
		}
		amount := q.AmountFen
		reason := strings.TrimSpace(in.ReductionReason)
		switch {
		case in.AmountFen != nil && *in.AmountFen > q.AmountFen:
			return step{}, errs.Field("amountFen", fmt.Sprintf("收费金额不得超过按标准计算的最高金额 %s", fee.Yuan(q.AmountFen)))
		case in.AmountFen != nil && *in.AmountFen < 0:
			return step{}, errs.Field("amountFen", "收费金额不能为负数")
		case in.AmountFen != nil:
			amount = *in.AmountFen
		}
		if amount < q.AmountFen && reason == "" {
			return step{}, errs.Field("reductionReason", "低于标准金额收费时须说明理由")
		}
		if amount == 0 {
			return step{}, errs.New(errs.FailedPrecondition, "按标准计算或决定的收费金额为零，无需发出收费通知")
		}
		cal, _, err := s.calendars.Calendar(ctx, tx, app.Region)
		if err != nil {
			return step{}, err
		}
		payBy, _ := cal.FeePaymentDue(served)
		items, _ := json.Marshal(q.Items)
		var noticeID string
		if err := tx.QueryRow(ctx, `
			INSERT INTO fee_notices (application_id, mode, pieces, pages, max_fen, amount_fen, reduction_reason,
				items, issued_by, issued_on, served_on, pay_by, paused_clock)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
			app.ID, feeModes[in.Mode], ks, in.Pages, q.AmountFen, amount, reason, string(items),
			who.AccountID, today, served, payBy, ag.FeePausesClock).Scan(&noticeID); err != nil {
			return step{}, fmt.Errorf("store fee notice: %w", pg.Translate(err))
		}
		st := step{
			reason: reason,
			payload: map[string]any{"feeNoticeId": noticeID, "mode": feeModes[in.Mode], "maxFen": q.AmountFen, "amountFen": amount,
				"pieces": ks, "pages": in.Pages, "payBy": payBy.String(), "splitReason": app.SplitReason},
			notices: []noticeOrder{{kind: notice.FeeNotice, fill: func(d *notice.Data) {
				d.Fee = feeNoticeData(q, amount, reason, in.HowToPay, cn(payBy), ag.FeePausesClock)
			}}},
		}
		if ag.FeePausesClock {
			st.clock = []clock.Event{{Kind: clock.EventPause, On: today, Reason: clock.PauseFeeNotice}}
		}
		return st, nil
	})
}

func feeNoticeData(q fee.Quote, amount int64, reason, howToPay, payBy string, pauses bool) notice.Fee {
	f := notice.Fee{Mode: q.Mode.String(), Standard: q.Standard(), Amount: fee.Yuan(amount), HowToPay: strings.TrimSpace(howToPay), PayBy: payBy}
	for _, it := range q.Items {
		f.Items = append(f.Items, it.Label)
	}
	if amount < q.AmountFen {
		f.Reduced = fmt.Sprintf("按标准计算的金额为%s，本机关决定收取%s，理由：%s", fee.Yuan(q.AmountFen), fee.Yuan(amount), reason)
	}
	if f.HowToPay == "" {
		f.HowToPay = "请按本通知所列金额，通过非税收入收缴系统缴入国库，并在缴费后向本机关提供缴款凭证号码。"
	}
	if pauses {
		f.Policy = "依照本机关政策，自本通知发出之日至收到费用之日，不计入答复期限。"
	} else {
		f.Policy = "依照本机关政策，缴费期间仍计入答复期限。"
	}
	return f
}

// pendingFee reads and locks a case's pending fee notice.
func pendingFee(ctx context.Context, tx pgx.Tx, appID string) (FeeNotice, error) {
	rows, _ := tx.Query(ctx, `SELECT `+feeColumns+` FROM fee_notices WHERE application_id = $1 AND status = 'PENDING' FOR UPDATE`, appID)
	n, err := pgx.CollectExactlyOneRow(rows, scanFeeNotice)
	if errors.Is(err, pgx.ErrNoRows) {
		return FeeNotice{}, errs.New(errs.FailedPrecondition, "本案没有待缴的收费通知")
	}
	return n, err
}

// RecordPayment records the payment of a pending fee, with the treasury
// payment reference; the clock resumes after the day it was paid.
func (s *Service) RecordPayment(ctx context.Context, who actor.Actor, id string, version int64, reference string, paidOn clock.Date) (Application, error) {
	return s.transition(ctx, who, id, version, RecordPayment, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		n, err := pendingFee(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		var c errs.Collector
		reference = required(&c, "paymentReference", reference, 100)
		if who.Role == actor.Applicant && !paidOn.IsZero() && paidOn != s.today() {
			c.Add("paidOn", "网上登记缴费以当日为缴费日期")
		}
		on := eventDay(&c, "paidOn", paidOn, s.today(), n.IssuedOn, "收费通知发出日期")
		if err := c.Err(); err != nil {
			return step{}, err
		}
		if on.After(n.PayBy) {
			return step{}, errs.New(errs.FailedPrecondition, fmt.Sprintf("缴费期限已于 %s 届满", n.PayBy))
		}
		if _, err := tx.Exec(ctx, `UPDATE fee_notices SET status = 'PAID', paid_on = $2, payment_ref = $3 WHERE id = $1`, n.ID, on, reference); err != nil {
			return step{}, err
		}
		st := step{payload: map[string]any{"feeNoticeId": n.ID, "amountFen": n.AmountFen, "paidOn": on.String(), "paymentReference": reference}}
		if n.PausedClock {
			st.clock = []clock.Event{{Kind: clock.EventResume, On: on}}
		}
		return st, nil
	})
}

// WaiveFee is the head's waiver of a pending fee, with a reason; the
// officer who issued the notice cannot waive it.
func (s *Service) WaiveFee(ctx context.Context, who actor.Actor, id string, version int64, reason string) (Application, error) {
	return s.transition(ctx, who, id, version, WaiveFee, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		n, err := pendingFee(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		var c errs.Collector
		reason = required(&c, "reason", reason, 1000)
		if err := c.Err(); err != nil {
			return step{}, err
		}
		if n.IssuedBy == who.AccountID {
			return step{}, errs.New(errs.PermissionDenied, "发出收费通知的人员不能决定减免")
		}
		today := s.today()
		if _, err := tx.Exec(ctx, `UPDATE fee_notices SET status = 'WAIVED', waived_by = $2, waive_reason = $3, closed_on = $4 WHERE id = $1`,
			n.ID, who.AccountID, reason, today); err != nil {
			return step{}, err
		}
		st := step{reason: reason, payload: map[string]any{"feeNoticeId": n.ID, "amountFen": n.AmountFen}}
		if n.PausedClock {
			st.clock = []clock.Event{{Kind: clock.EventResume, On: today}}
		}
		return st, nil
	})
}

// lapseFee closes a case whose fee was not paid in time: the application
// is deemed abandoned (rules.md section 3).
func (s *Service) lapseFee(ctx context.Context) applyFunc {
	return func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		n, err := pendingFee(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		if _, err := tx.Exec(ctx, `UPDATE fee_notices SET status = 'LAPSED', closed_on = $2 WHERE id = $1`, n.ID, s.today()); err != nil {
			return step{}, err
		}
		app.Outcome, app.ClosedOn = outcome.AbandonedFeeUnpaid, s.today()
		return step{
			reason:  fmt.Sprintf("申请人未在缴费期限（%s 届满）内缴纳信息处理费，视为放弃申请", n.PayBy),
			payload: map[string]any{"feeNoticeId": n.ID, "payBy": n.PayBy.String(), "amountFen": n.AmountFen},
			notices: []noticeOrder{{kind: notice.Closure, fill: func(d *notice.Data) {
				d.ClosureKind, d.Fee.PayBy, d.Fee.Amount = "FEE_UNPAID", cn(n.PayBy), fee.Yuan(n.AmountFen)
				d.Reason = fmt.Sprintf("您未在缴费期限（%s届满）内缴纳信息处理费%s", cn(n.PayBy), fee.Yuan(n.AmountFen))
			}}},
		}, nil
	}
}

const feeColumns = `id, application_id, mode, pieces, pages, max_fen, amount_fen, reduction_reason, items,
	issued_by, issued_on, served_on, pay_by, status, paid_on, payment_ref, waive_reason, paused_clock`

func scanFeeNotice(row pgx.CollectableRow) (FeeNotice, error) {
	var n FeeNotice
	var mode, items string
	err := row.Scan(&n.ID, &n.ApplicationID, &mode, &n.Pieces, &n.Pages, &n.MaxFen, &n.AmountFen, &n.ReductionReason,
		&items, &n.IssuedBy, &n.IssuedOn, &n.ServedOn, &n.PayBy, &n.Status, &n.PaidOn, &n.PaymentRef, &n.WaiveReason, &n.PausedClock)
	if err != nil {
		return n, err
	}
	for m, name := range feeModes {
		if name == mode {
			n.Mode = m
		}
	}
	return n, json.Unmarshal([]byte(items), &n.Items)
}

// FeeNotices lists a case's fee notices.
func (s *Service) FeeNotices(ctx context.Context, who actor.Actor, id string) ([]FeeNotice, error) {
	if _, err := getApplication(ctx, s.db, who, id, false); err != nil {
		return nil, err
	}
	rows, _ := s.db.Query(ctx, `SELECT `+feeColumns+` FROM fee_notices WHERE application_id = $1 ORDER BY issued_on, id`, id)
	return pgx.CollectRows(rows, scanFeeNotice)
}

// FeeStatistics are an agency's fee figures for a year, for the annual
// report's closing section.
type FeeStatistics struct {
	NoticesIssued int
	ChargedFen    int64 // amounts of the notices issued in the year
	PaidFen       int64 // amounts paid in the year
	Waivers       int
	WaivedFen     int64
	Lapses        int
}

// FeeStatisticsFor returns an agency's fee figures for a year.
func (s *Service) FeeStatisticsFor(ctx context.Context, who actor.Actor, agencyID string, year int) (FeeStatistics, error) {
	if !who.InAgency(agencyID) {
		return FeeStatistics{}, errs.New(errs.NotFound, "机构不存在")
	}
	first, next := clock.NewDate(year, 1, 1), clock.NewDate(year+1, 1, 1)
	var st FeeStatistics
	err := s.db.QueryRow(ctx, `
		SELECT count(*) FILTER (WHERE f.issued_on >= $2 AND f.issued_on < $3),
			coalesce(sum(f.amount_fen) FILTER (WHERE f.issued_on >= $2 AND f.issued_on < $3), 0),
			coalesce(sum(f.amount_fen) FILTER (WHERE f.status = 'PAID' AND f.paid_on >= $2 AND f.paid_on < $3), 0),
			count(*) FILTER (WHERE f.status = 'WAIVED' AND f.closed_on >= $2 AND f.closed_on < $3),
			coalesce(sum(f.amount_fen) FILTER (WHERE f.status = 'WAIVED' AND f.closed_on >= $2 AND f.closed_on < $3), 0),
			count(*) FILTER (WHERE f.status = 'LAPSED' AND f.closed_on >= $2 AND f.closed_on < $3)
		FROM fee_notices f JOIN applications a ON a.id = f.application_id
		WHERE a.agency_id = $1`, agencyID, first, next).Scan(&st.NoticesIssued, &st.ChargedFen, &st.PaidFen, &st.Waivers, &st.WaivedFen, &st.Lapses)
	if pg.IsCode(err, pg.InvalidTextRepr, "") {
		return FeeStatistics{}, errs.New(errs.NotFound, "机构不存在")
	}
	return st, err
}
