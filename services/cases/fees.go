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
	"foi/services/outbox"
	"foi/services/outcome"
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
	// PayByProvisional: PayBy counted a year whose calendar is not loaded.
	PayByProvisional bool
	Status           string // PENDING, PAID, WAIVED, LAPSED
	PaidOn           clock.Date
	PaymentRef       string
	WaiveReason      string
	PausedClock      bool
	// ClaimedOn and ClaimRef are the applicant's claim to have paid, which
	// staff check against the treasury before recording the payment.
	ClaimedOn clock.Date
	ClaimRef  string
}

// maxServiceDays bounds how far after its issue a notice may be recorded
// as served (a posted notice takes days to arrive).
const maxServiceDays = 30

// serviceDay is the day a notice issued today reaches the applicant: the
// day given (from today to maxServiceDays ahead), or today.
func serviceDay(c *errs.Collector, field string, on, today clock.Date) clock.Date {
	switch {
	case on.IsZero():
		return today
	case on.Before(today):
		c.Add(field, "送达日期不能早于发出日期（今天）")
	case on.After(today.AddDays(maxServiceDays)):
		c.Add(field, fmt.Sprintf("送达日期不能晚于发出后 %d 日", maxServiceDays))
	}
	return on
}

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
// payment. An amount below the maximum is not charged yet: it is recorded
// as a request the head approves (ApproveFeeReduction) or rejects.
func (s *Service) IssueFeeNotice(ctx context.Context, who actor.Actor, id string, version int64, in FeeNoticeInput) (Application, error) {
	return s.transition(ctx, who, id, version, IssueFeeNotice, func(tx pgx.Tx, app *Application, ag agency.Agency) (step, error) {
		if in.Mode == fee.PerVolume && in.Pages == 0 {
			var err error
			if in.Pages, err = providedPages(ctx, tx, app.ID); err != nil {
				return step{}, err
			}
		}
		earlier, err := hasFeeNotice(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		order, err := checkFeeNotice(app, s.today(), in, earlier)
		if err != nil {
			return step{}, err
		}
		pending, found, err := pendingFeeReduction(ctx, tx, app.ID, true)
		if err != nil {
			return step{}, err
		}
		// The split's pieces are numbered now: what they cost depends on
		// their place in the applicant's month.
		if order.morePieces > 0 {
			if err := (morePieces{n: order.morePieces}).write(ctx, tx, app, s.now()); err != nil {
				return step{}, err
			}
		}
		ks := []int{}
		if in.Mode == fee.PerPiece {
			if ks, err = pieceNumbers(ctx, tx, app.ID); err != nil {
				return step{}, err
			}
		}
		cal, _, err := s.calendars.Calendar(ctx, tx, app.Region)
		if err != nil {
			return step{}, err
		}
		noticeID, err := drawID(ctx, tx)
		if err != nil {
			return step{}, err
		}
		var p *FeeReduction
		if found {
			p = &pending
		}
		return decideFeeNotice(app, ag, cal, who, order, ks, noticeID, p)
	})
}

// feeOrder is a fee notice input that passed checkFeeNotice.
type feeOrder struct {
	FeeNoticeInput
	issuedOn    clock.Date
	servedOn    clock.Date // defaulted to the day of issue
	morePieces  int        // pieces the split adds
	splitReason string
}

// checkFeeNotice checks what an officer decided before anything is
// charged: a known mode, pages only on a per-volume notice and a split
// only on a per-piece one, a split that only adds pieces (at most 100,
// with a reason), a service date from today to maxServiceDays ahead, and no
// earlier notice on the application: one fee per application, so that no
// piece or page is charged twice (rules.md section 4).
func checkFeeNotice(app *Application, today clock.Date, in FeeNoticeInput, earlier bool) (feeOrder, error) {
	var c errs.Collector
	if _, ok := feeModes[in.Mode]; !ok {
		c.Add("mode", "须选择按件计收（PER_PIECE）或按量计收（PER_VOLUME）")
	}
	o := feeOrder{FeeNoticeInput: in, issuedOn: today, servedOn: in.ServedOn}
	split := in.Pieces != 0 && in.Pieces != app.Pieces
	switch {
	case in.Mode == fee.PerPiece && in.Pages != 0:
		c.Add("pages", "按件计收不计页数；页数只用于按量计收")
	case in.Mode == fee.PerVolume && split:
		c.Add("pieces", "按量计收不拆分件数；拆分件数只用于按件计收")
		split = false
	}
	if split {
		checkSplit(&c, app.Pieces, in)
		o.morePieces, o.splitReason = in.Pieces-app.Pieces, strings.TrimSpace(in.SplitReason)
	}
	c.MaxLength("howToPay", in.HowToPay, 1000)
	o.servedOn = serviceDay(&c, "servedOn", in.ServedOn, today)
	if err := c.Err(); err != nil {
		return feeOrder{}, err
	}
	if earlier {
		return feeOrder{}, errs.New(errs.FailedPrecondition, "本申请已发出过收费通知，同一申请只能收费一次")
	}
	return o, nil
}

// checkSplit checks a change of the piece count from pieces to in.Pieces.
func checkSplit(c *errs.Collector, pieces int, in FeeNoticeInput) {
	switch {
	case in.Pieces < pieces:
		c.Add("pieces", fmt.Sprintf("本申请已计为 %d 件，不能减少", pieces))
	case in.Pieces > 100:
		c.Add("pieces", "拆分件数不能超过 100")
	}
	if strings.TrimSpace(in.SplitReason) == "" {
		c.Add("splitReason", "按“一事一申请”拆分时须说明理由")
	}
}

// decideFeeNotice prices the order from the tier tables (pieces ks, or its
// pages): the amount charged is the maximum unless the officer gives less
// with a reason, never more, never zero. The maximum is issued at once
// under noticeID (a reduction request still pending, p, ends as the case
// leaves processing); less waits for the head as a reduction request,
// unless one is pending already.
func decideFeeNotice(app *Application, ag agency.Agency, cal *clock.Calendar, who actor.Actor, o feeOrder, ks []int, noticeID string, p *FeeReduction) (step, error) {
	q, err := quote(o.Mode, ks, o.Pages)
	if err != nil {
		return step{}, FeeInputError(err)
	}
	amount, reason, err := feeAmount(q, o.AmountFen, o.ReductionReason)
	if err != nil {
		return step{}, err
	}
	if o.morePieces > 0 {
		app.SplitReason = o.splitReason
	}
	if amount < q.AmountFen {
		return requestFeeReduction(app, who, o, q, ks, amount, reason, p)
	}
	return issueFee(app, ag, cal, who.AccountID, o, q, ks, amount, reason, noticeID), nil
}

// issueFee issues the fee notice of the priced order o under noticeID,
// signed as issued by issuedBy: the applicant has 20 working days from
// service to pay.
func issueFee(app *Application, ag agency.Agency, cal *clock.Calendar, issuedBy string, o feeOrder, q fee.Quote, ks []int,
	amount int64, reason, noticeID string) step {
	payBy, missing := cal.FeePaymentDue(o.servedOn)
	items, _ := json.Marshal(q.Items)
	st := step{
		reason: reason,
		payload: map[string]any{"feeNoticeId": noticeID, "mode": feeModes[o.Mode], "maxFen": q.AmountFen, "amountFen": amount,
			"pieces": ks, "pages": o.Pages, "payBy": payBy.String(), "splitReason": app.SplitReason},
		writes: []rowWrite{newFeeNotice{id: noticeID, mode: feeModes[o.Mode], pieces: ks, pages: o.Pages, maxFen: q.AmountFen,
			amountFen: amount, reductionReason: reason, items: string(items), issuedBy: issuedBy,
			issuedOn: o.issuedOn, servedOn: o.servedOn, payBy: payBy, pausedClock: ag.FeePausesClock, payByProvisional: !missing.Empty()}},
		notices: []noticeOrder{{kind: notice.FeeNotice, fill: func(d *notice.Data) {
			d.Fee = feeNoticeData(q, amount, reason, o.HowToPay, cnProvisional(payBy, missing), ag.FeePausesClock)
		}}},
	}
	if ag.FeePausesClock {
		st.clock = []clock.Event{{Kind: clock.EventPause, On: o.issuedOn, Reason: clock.PauseFeeNotice}}
	}
	return st
}

// quote prices the pieces ks (PER_PIECE) or the pages (PER_VOLUME).
func quote(mode fee.Mode, ks []int, pages int) (fee.Quote, error) {
	if mode == fee.PerPiece {
		return fee.ForPieceNumbers(ks)
	}
	return fee.ForPages(pages)
}

// feeAmount is the amount charged: the quote's maximum, or the officer's
// lower amount with its reason; more than the maximum, a negative amount
// or nothing at all is refused.
func feeAmount(q fee.Quote, amountFen *int64, reductionReason string) (int64, string, error) {
	amount := q.AmountFen
	reason := strings.TrimSpace(reductionReason)
	switch {
	case amountFen != nil && *amountFen > q.AmountFen:
		return 0, "", errs.Field("amountFen", fmt.Sprintf("收费金额不得超过按标准计算的最高金额 %s", fee.Yuan(q.AmountFen)))
	case amountFen != nil && *amountFen < 0:
		return 0, "", errs.Field("amountFen", "收费金额不能为负数")
	case amountFen != nil:
		amount = *amountFen
	}
	if amount < q.AmountFen && reason == "" {
		return 0, "", errs.Field("reductionReason", "低于标准金额收费时须说明理由")
	}
	if amount == 0 {
		return 0, "", errs.New(errs.FailedPrecondition, "按标准计算或决定的收费金额为零，无需发出收费通知")
	}
	return amount, reason, nil
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

// pendingFee reads and locks a case's pending fee notice; without one the
// event cannot happen.
func pendingFee(ctx context.Context, tx pgx.Tx, appID string) (FeeNotice, error) {
	n, found, err := pendingFeeNotice(ctx, tx, appID)
	if err == nil && !found {
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
		return decidePayment(s.today(), reference, paidOn, n)
	})
}

// ClaimPayment is the applicant's word that they paid the pending fee: the
// claim is recorded and the agency's staff are told, to check it against
// the treasury and record the payment. The clock does not move and the
// fee stays pending until they do.
func (s *Service) ClaimPayment(ctx context.Context, who actor.Actor, id string, version int64, reference string, paidOn clock.Date) (Application, error) {
	return s.transition(ctx, who, id, version, ClaimPayment, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		n, err := pendingFee(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		return decideClaim(app, s.today(), reference, paidOn, n)
	})
}

// decideClaim records a claim of payment of the pending notice n and tells
// the staff who record payments.
func decideClaim(app *Application, today clock.Date, reference string, paidOn clock.Date, n FeeNotice) (step, error) {
	var c errs.Collector
	reference = required(&c, "paymentReference", reference, 100)
	on := eventDay(&c, "paidOn", paidOn, today, n.IssuedOn, "收费通知发出日期")
	if err := c.Err(); err != nil {
		return step{}, err
	}
	subject := fmt.Sprintf("申请 %s 的申请人称已于 %s 缴纳信息处理费 %s，请核对缴款凭证后登记缴费", app.TrackingNumber, on, yuan(n.AmountFen))
	return step{
		payload: map[string]any{"feeNoticeId": n.ID, "amountFen": n.AmountFen, "paidOn": on.String(), "paymentReference": reference},
		writes:  []rowWrite{feeClaimed{id: n.ID, on: on, reference: reference}},
		outbox: []outbox.Message{
			{Topic: "payment.claimed", Recipient: "staff:" + app.AgencyID + ":" + string(actor.Clerk), Subject: subject,
				Body: subject + "（申请人所报凭证号：" + reference + "）。"},
			{Topic: "payment.claimed", Recipient: "staff:" + app.AgencyID + ":" + string(actor.Officer), Subject: subject,
				Body: subject + "（申请人所报凭证号：" + reference + "）。"},
		},
	}, nil
}

// yuan formats fen as 元 with two decimals.
func yuan(fen int64) string { return fmt.Sprintf("%d.%02d 元", fen/100, fen%100) }

// decidePayment records the payment of the pending notice n, as staff
// find it on the treasury receipt: its reference, paid no earlier than the
// notice and by its last day to pay. Only this resumes the clock.
func decidePayment(today clock.Date, reference string, paidOn clock.Date, n FeeNotice) (step, error) {
	var c errs.Collector
	reference = required(&c, "paymentReference", reference, 100)
	on := eventDay(&c, "paidOn", paidOn, today, n.IssuedOn, "收费通知发出日期")
	if err := c.Err(); err != nil {
		return step{}, err
	}
	if on.After(n.PayBy) {
		return step{}, errs.New(errs.FailedPrecondition, fmt.Sprintf("缴费期限已于 %s 届满", n.PayBy))
	}
	st := step{
		payload: map[string]any{"feeNoticeId": n.ID, "amountFen": n.AmountFen, "paidOn": on.String(), "paymentReference": reference},
		writes:  []rowWrite{feePaid{id: n.ID, paidOn: on, reference: reference}},
	}
	if n.PausedClock {
		st.clock = []clock.Event{{Kind: clock.EventResume, On: on}}
	}
	return st, nil
}

// WaiveFee is the head's waiver of a pending fee, with a reason; the
// officer who issued the notice cannot waive it.
func (s *Service) WaiveFee(ctx context.Context, who actor.Actor, id string, version int64, reason string) (Application, error) {
	return s.transition(ctx, who, id, version, WaiveFee, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		n, err := pendingFee(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		return decideWaiver(who, s.today(), reason, n)
	})
}

// decideWaiver waives the pending notice n, with a reason, by someone
// other than its issuer.
func decideWaiver(who actor.Actor, today clock.Date, reason string, n FeeNotice) (step, error) {
	var c errs.Collector
	reason = required(&c, "reason", reason, 1000)
	if err := c.Err(); err != nil {
		return step{}, err
	}
	if n.IssuedBy == who.AccountID {
		return step{}, errs.New(errs.PermissionDenied, "发出收费通知的人员不能决定减免")
	}
	st := step{
		reason:  reason,
		payload: map[string]any{"feeNoticeId": n.ID, "amountFen": n.AmountFen},
		writes:  []rowWrite{feeWaived{id: n.ID, by: who.AccountID, reason: reason, on: today}},
	}
	if n.PausedClock {
		st.clock = []clock.Event{{Kind: clock.EventResume, On: today}}
	}
	return st, nil
}

// lapseFee closes a case whose fee was not paid in time.
func (s *Service) lapseFee(ctx context.Context) applyFunc {
	return func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		n, err := pendingFee(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		return decideFeeLapse(app, s.today(), n), nil
	}
}

// decideFeeLapse closes the case as abandoned (rules.md section 3) and the
// notice n as lapsed, telling the applicant why.
func decideFeeLapse(app *Application, today clock.Date, n FeeNotice) step {
	app.Outcome, app.ClosedOn = outcome.AbandonedFeeUnpaid, today
	return step{
		reason:  fmt.Sprintf("申请人未在缴费期限（%s 届满）内缴纳信息处理费，视为放弃申请", n.PayBy),
		payload: map[string]any{"feeNoticeId": n.ID, "payBy": n.PayBy.String(), "amountFen": n.AmountFen},
		writes:  []rowWrite{feeLapsed{id: n.ID, on: today}},
		notices: []noticeOrder{{kind: notice.Closure, fill: func(d *notice.Data) {
			d.ClosureKind, d.Fee.PayBy, d.Fee.Amount = "FEE_UNPAID", cn(n.PayBy), fee.Yuan(n.AmountFen)
			d.Reason = fmt.Sprintf("您未在缴费期限（%s届满）内缴纳信息处理费%s", cn(n.PayBy), fee.Yuan(n.AmountFen))
		}}},
	}
}

// FeeNotices lists a case's fee notices.
func (s *Service) FeeNotices(ctx context.Context, who actor.Actor, id string) ([]FeeNotice, error) {
	if _, err := getApplication(ctx, s.db, who, id, false); err != nil {
		return nil, err
	}
	return feeNoticesOf(ctx, s.db, id)
}

// FeeStatistics are an agency's fee figures for a year, for the annual
// report's closing section. Every notice ends in one bucket: for the
// notices issued and settled within the year, ChargedFen = PaidFen +
// WaivedFen + LapsedFen + CancelledFen + OutstandingFen.
type FeeStatistics struct {
	NoticesIssued  int
	ChargedFen     int64 // amounts of the notices issued in the year
	PaidFen        int64 // amounts paid in the year
	Waivers        int
	WaivedFen      int64
	Lapses         int
	LapsedFen      int64
	Cancellations  int   // notices cancelled in the year by a withdrawal
	CancelledFen   int64 // their amounts
	OutstandingFen int64 // notices issued in the year and still unpaid
}

// FeeStatisticsFor returns an agency's fee figures for a year.
func (s *Service) FeeStatisticsFor(ctx context.Context, who actor.Actor, agencyID string, year int) (FeeStatistics, error) {
	if !who.InAgency(agencyID) {
		return FeeStatistics{}, errs.New(errs.NotFound, "机构不存在")
	}
	return feeStatistics(ctx, s.db, agencyID, year)
}
