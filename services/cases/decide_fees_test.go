package cases

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"foi/services/actor"
	"foi/services/agency"
	"foi/services/clock"
	"foi/services/fee"
)

func TestCheckFeeNotice(t *testing.T) {
	type order struct {
		ServedOn    string
		MorePieces  int
		SplitReason string
	}
	tests := []struct {
		name    string
		in      FeeNoticeInput
		earlier bool
		wantErr string
		want    order
	}{
		{name: "served today by default", in: FeeNoticeInput{Mode: fee.PerVolume, Pages: 300}, want: order{ServedOn: "2026-11-20"}},
		{name: "a posted notice, served later", in: FeeNoticeInput{Mode: fee.PerVolume, Pages: 300, ServedOn: day("2026-12-20")},
			want: order{ServedOn: "2026-12-20"}},
		{name: "served more than 30 days after", in: FeeNoticeInput{Mode: fee.PerVolume, ServedOn: day("2026-12-21")},
			wantErr: "invalid: servedOn"},
		{name: "served before issue", in: FeeNoticeInput{Mode: fee.PerVolume, ServedOn: day("2026-11-19")}, wantErr: "invalid: servedOn"},
		{name: "an unknown mode", wantErr: "invalid: mode"},
		{name: "a split adds pieces, with a reason", in: FeeNoticeInput{Mode: fee.PerPiece, Pieces: 12, SplitReason: " 十二个事项 "},
			want: order{ServedOn: "2026-11-20", MorePieces: 11, SplitReason: "十二个事项"}},
		{name: "the current count is no split", in: FeeNoticeInput{Mode: fee.PerPiece, Pieces: 1}, want: order{ServedOn: "2026-11-20"}},
		{name: "a split without a reason", in: FeeNoticeInput{Mode: fee.PerPiece, Pieces: 12}, wantErr: "invalid: splitReason"},
		{name: "never fewer pieces", in: FeeNoticeInput{Mode: fee.PerPiece, Pieces: -1, SplitReason: "x"}, wantErr: "invalid: pieces"},
		{name: "at most 100 pieces", in: FeeNoticeInput{Mode: fee.PerPiece, Pieces: 101, SplitReason: "x"}, wantErr: "invalid: pieces"},
		{name: "pages on a per-piece notice (issue 10, item 9)", in: FeeNoticeInput{Mode: fee.PerPiece, Pages: 300}, wantErr: "invalid: pages"},
		{name: "a split on a per-volume notice", in: FeeNoticeInput{Mode: fee.PerVolume, Pages: 300, Pieces: 3, SplitReason: "x"},
			wantErr: "invalid: pieces"},
		{name: "the current count on a per-volume notice", in: FeeNoticeInput{Mode: fee.PerVolume, Pages: 300, Pieces: 1},
			want: order{ServedOn: "2026-11-20"}},
		{name: "one notice per application", in: FeeNoticeInput{Mode: fee.PerVolume, Pages: 300}, earlier: true,
			wantErr: "failed precondition: 本申请已发出过收费通知，同一申请只能收费一次"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := processing()
			o, err := checkFeeNotice(&app, day("2026-11-20"), tt.in, tt.earlier)
			if diff := cmp.Diff(tt.wantErr, verdict(err)); diff != "" {
				t.Fatalf("error mismatch (-want +got):\n%s", diff)
			}
			if err != nil {
				return
			}
			got := order{ServedOn: o.servedOn.String(), MorePieces: o.morePieces, SplitReason: o.splitReason}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("order mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecideFeeNotice(t *testing.T) {
	cal := national(t)
	top, err := fee.ForPages(300)
	if err != nil {
		t.Fatal(err)
	}
	fen := func(n int64) *int64 { return &n }
	tests := []struct {
		name       string
		in         FeeNoticeInput
		pauses     bool
		ks         []int
		wantErr    string
		wantAmount int64
		wantReason string
		wantClock  []clock.Event
	}{
		{name: "the calculator's maximum, clock paused", in: FeeNoticeInput{Mode: fee.PerVolume, Pages: 300}, pauses: true,
			wantAmount: top.AmountFen, wantClock: []clock.Event{{Kind: clock.EventPause, On: day("2026-11-20"), Reason: clock.PauseFeeNotice}}},
		{name: "the clock runs by the agency's policy", in: FeeNoticeInput{Mode: fee.PerVolume, Pages: 300}, wantAmount: top.AmountFen},
		{name: "the maximum asked for, no approval needed", in: FeeNoticeInput{Mode: fee.PerVolume, Pages: 300, AmountFen: fen(top.AmountFen)},
			wantAmount: top.AmountFen},
		{name: "less without a reason", in: FeeNoticeInput{Mode: fee.PerVolume, Pages: 300, AmountFen: fen(top.AmountFen - 100)},
			wantErr: "invalid: reductionReason"},
		{name: "never more than the maximum", in: FeeNoticeInput{Mode: fee.PerVolume, Pages: 300, AmountFen: fen(top.AmountFen + 1)},
			wantErr: "invalid: amountFen"},
		{name: "never negative", in: FeeNoticeInput{Mode: fee.PerVolume, Pages: 300, AmountFen: fen(-1), ReductionReason: "x"},
			wantErr: "invalid: amountFen"},
		{name: "nothing to charge", in: FeeNoticeInput{Mode: fee.PerVolume, Pages: 300, AmountFen: fen(0), ReductionReason: "免收"},
			wantErr: "failed precondition: 按标准计算或决定的收费金额为零，无需发出收费通知"},
		{name: "free pieces charge nothing", in: FeeNoticeInput{Mode: fee.PerPiece}, ks: []int{1},
			wantErr: "failed precondition: 按标准计算或决定的收费金额为零，无需发出收费通知"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := processing()
			ag := agency.Agency{FeePausesClock: tt.pauses}
			ks := tt.ks
			if ks == nil {
				ks = []int{}
			}
			o := feeOrder{FeeNoticeInput: tt.in, issuedOn: day("2026-11-20"), servedOn: day("2026-11-20")}
			st, err := decideFeeNotice(&app, ag, cal, anOfficer, o, ks, "notice", nil)
			if diff := cmp.Diff(tt.wantErr, verdict(err)); diff != "" {
				t.Fatalf("error mismatch (-want +got):\n%s", diff)
			}
			if err != nil {
				return
			}
			n := st.writes[0].(newFeeNotice)
			got := []any{n.amountFen, n.maxFen, n.reductionReason, n.payBy.String(), n.pausedClock, st.reason, st.clock}
			want := []any{tt.wantAmount, top.AmountFen, tt.wantReason, "2026-12-18", tt.pauses, tt.wantReason, tt.wantClock}
			if diff := cmp.Diff(want, got, allUnexported); diff != "" {
				t.Errorf("notice mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecidePaymentAndWaiver(t *testing.T) {
	n := FeeNotice{ID: "notice", IssuedBy: "officer", IssuedOn: day("2026-11-10"), PayBy: day("2026-12-08"), AmountFen: 1000, PausedClock: true}
	payments := []struct {
		name, paidOn, today, wantErr string
	}{
		{name: "by the last day", paidOn: "2026-12-08", today: "2026-12-09"},
		{name: "after the last day", paidOn: "2026-12-09", today: "2026-12-09", wantErr: "failed precondition: 缴费期限已于 2026-12-08 届满"},
		{name: "before the notice", paidOn: "2026-11-09", today: "2026-12-01", wantErr: "invalid: paidOn"},
		{name: "in the future", paidOn: "2026-12-02", today: "2026-12-01", wantErr: "invalid: paidOn"},
	}
	for _, tt := range payments {
		t.Run(tt.name, func(t *testing.T) {
			st, err := decidePayment(day(tt.today), "REF-1", day(tt.paidOn), n)
			checkDecision(t, tt.wantErr, stepView{Clock: []clock.Event{{Kind: clock.EventResume, On: day(tt.paidOn)}},
				Writes: []rowWrite{feePaid{id: "notice", reference: "REF-1", paidOn: day(tt.paidOn)}}}, st, err)
		})
	}
	t.Run("a claim tells staff and leaves the clock", func(t *testing.T) {
		app := Application{ID: "app", AgencyID: "ag", TrackingNumber: "SFQ-2026-000001"}
		st, err := decideClaim(&app, day("2026-12-01"), " 缴款码 123 ", day("2026-11-30"), n)
		if err != nil {
			t.Fatal(err)
		}
		if len(st.clock) != 0 || st.guard != Always {
			t.Errorf("a claim moves the clock or the state: %+v", st)
		}
		if diff := cmp.Diff([]rowWrite{feeClaimed{id: "notice", reference: "缴款码 123", on: day("2026-11-30")}}, st.writes, allUnexported); diff != "" {
			t.Errorf("writes mismatch (-want +got):\n%s", diff)
		}
		var to []string
		for _, m := range st.outbox {
			to = append(to, m.Recipient)
			if !strings.Contains(m.Body, "10.00 元") || !strings.Contains(m.Body, "缴款码 123") {
				t.Errorf("the message to staff: %q", m.Body)
			}
		}
		if diff := cmp.Diff([]string{"staff:ag:CLERK", "staff:ag:OFFICER"}, to); diff != "" {
			t.Errorf("recipients mismatch (-want +got):\n%s", diff)
		}
		if _, err := decideClaim(&app, day("2026-12-01"), "", day("2026-11-30"), n); verdict(err) != "invalid: paymentReference" {
			t.Errorf("a claim without a reference: %v", err)
		}
	})
	t.Run("the issuer cannot waive", func(t *testing.T) {
		_, err := decideWaiver(anOfficer, day("2026-11-20"), "困难", n)
		if diff := cmp.Diff("permission denied: 发出收费通知的人员不能决定减免", verdict(err)); diff != "" {
			t.Errorf("mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("the head waives, with a reason", func(t *testing.T) {
		st, err := decideWaiver(aHead, day("2026-11-20"), " 困难 ", n)
		checkDecision(t, "", stepView{Reason: "困难", Clock: []clock.Event{{Kind: clock.EventResume, On: day("2026-11-20")}},
			Writes: []rowWrite{feeWaived{id: "notice", by: "head", reason: "困难", on: day("2026-11-20")}}}, st, err)
		_, err = decideWaiver(aHead, day("2026-11-20"), "", n)
		if diff := cmp.Diff("invalid: reason", verdict(err)); diff != "" {
			t.Errorf("mismatch (-want +got):\n%s", diff)
		}
	})
}

// TestDecideRefund (issue 10, item 9): a paid fee is returned in two
// steps, the officer's record with a reason and the head's approval by
// someone else.
func TestDecideRefund(t *testing.T) {
	paid := &FeeNotice{ID: "fee", AmountFen: 170000}
	pending := &feeRefund{id: "r", feeNoticeID: "fee", amountFen: 170000, recordedBy: "officer"}
	tests := []struct {
		name    string
		who     string
		reason  string
		paid    *FeeNotice
		pending *feeRefund
		want    []rowWrite
		wantErr string
	}{
		{name: "the officer records", who: "officer", reason: "答复未提供信息", paid: paid,
			want: []rowWrite{newFeeRefund{feeNoticeID: "fee", amountFen: 170000, reason: "答复未提供信息", recordedBy: "officer", recordedOn: day("2026-12-10")}}},
		{name: "without a reason", who: "officer", paid: paid, wantErr: "invalid: reason"},
		{name: "nothing paid", who: "officer", reason: "x", wantErr: "failed precondition: 本案没有已缴纳且未退还的信息处理费"},
		{name: "one already waits", who: "officer", reason: "x", pending: pending, wantErr: "failed precondition: 本案已登记退费，待负责人批准"},
		{name: "the head approves", who: "head", pending: pending,
			want: []rowWrite{feeRefundApproval{id: "r", approvedBy: "head", approvedOn: day("2026-12-10")}}},
		{name: "nothing to approve", who: "head", paid: paid, wantErr: "failed precondition: 本案没有待批准的退费"},
		{name: "never one's own record", who: "head-officer", pending: &feeRefund{id: "r", recordedBy: "head"},
			wantErr: "permission denied: 登记退费的人不能批准自己的登记"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := processing()
			app.State = Closed
			who := map[string]actor.Actor{"officer": anOfficer, "head": aHead, "head-officer": aHead}[tt.who]
			st, err := decideRefund(&app, who, day("2026-12-10"), tt.reason, tt.paid, tt.pending)
			checkDecision(t, tt.wantErr, stepView{Reason: tt.reason, Writes: tt.want}, st, err)
		})
	}
}

// TestDecideFeeReduction: an amount below the maximum is not charged but
// asked of the head (rules.md section 4), one request at a time; the head,
// never the requester, issues it at the amount asked or rejects it with a
// reason the officer is told.
func TestDecideFeeReduction(t *testing.T) {
	cal := national(t)
	top, err := fee.ForPages(300)
	if err != nil {
		t.Fatal(err)
	}
	less := top.AmountFen - 100
	o := feeOrder{FeeNoticeInput: FeeNoticeInput{Mode: fee.PerVolume, Pages: 300, AmountFen: &less, ReductionReason: " 困难 ", HowToPay: "现场缴纳"},
		issuedOn: day("2026-11-20"), servedOn: day("2026-11-20")}
	pending := &FeeReduction{ID: "r", Mode: fee.PerVolume, Pages: 300, MaxFen: top.AmountFen, AmountFen: less, Reason: "困难",
		HowToPay: "现场缴纳", RequestedBy: "officer", RequestedOn: day("2026-11-20")}

	t.Run("the officer asks; nothing is issued", func(t *testing.T) {
		app := processing()
		st, err := decideFeeNotice(&app, agency.Agency{FeePausesClock: true}, cal, anOfficer, o, []int{}, "notice", nil)
		if err != nil {
			t.Fatal(err)
		}
		want := stepView{Guard: ReductionRequested, Reason: "困难", Writes: []rowWrite{newFeeReduction{FeeReduction{Mode: fee.PerVolume, Pages: 300,
			MaxFen: top.AmountFen, AmountFen: less, Reason: "困难", HowToPay: "现场缴纳", RequestedBy: "officer", RequestedOn: day("2026-11-20")}}}}
		checkDecision(t, "", want, st, err)
		if len(st.notices) != 0 || len(st.clock) != 0 {
			t.Errorf("a request issued %d notices and %d clock facts, want none", len(st.notices), len(st.clock))
		}
		if len(st.outbox) != 1 || st.outbox[0].Recipient != "staff:"+app.AgencyID+":HEAD" || !strings.Contains(st.outbox[0].Body, "困难") {
			t.Errorf("the head is not told: %+v", st.outbox)
		}
	})
	t.Run("a second request while one waits", func(t *testing.T) {
		app := processing()
		_, err := decideFeeNotice(&app, agency.Agency{}, cal, anOfficer, o, []int{}, "notice", pending)
		if got := verdict(err); !strings.HasPrefix(got, "failed precondition: 本案已有 2026-11-20 提出的减收申请") {
			t.Errorf("verdict = %q", got)
		}
	})
	t.Run("the full amount while one waits is issued", func(t *testing.T) {
		app := processing()
		full := o
		full.AmountFen = nil
		st, err := decideFeeNotice(&app, agency.Agency{}, cal, anOfficer, full, []int{}, "notice", pending)
		if err != nil || st.guard != Always || st.writes[0].(newFeeNotice).amountFen != top.AmountFen {
			t.Errorf("full amount while pending: guard %q, err %v", st.guard, err)
		}
	})

	approvals := []struct {
		name    string
		who     actor.Actor
		p       *FeeReduction
		earlier bool
		wantErr string
	}{
		{name: "the head issues it", who: aHead, p: pending},
		{name: "nothing waits", who: aHead, wantErr: "failed precondition: 本案没有待审批的减收申请"},
		{name: "never one's own request", who: aHead, p: &FeeReduction{ID: "r", Mode: fee.PerVolume, Pages: 300, MaxFen: top.AmountFen,
			AmountFen: less, Reason: "困难", RequestedBy: "head"}, wantErr: "permission denied: 提出减收申请的人不能批准自己的申请"},
		{name: "the maximum moved", who: aHead, p: &FeeReduction{ID: "r", Mode: fee.PerVolume, Pages: 300, MaxFen: top.AmountFen + 1,
			AmountFen: less, Reason: "困难", RequestedBy: "officer"}, wantErr: "failed precondition: 按标准计算的金额已由申请时的"},
		{name: "a notice already issued", who: aHead, p: pending, earlier: true,
			wantErr: "failed precondition: 本申请已发出过收费通知，同一申请只能收费一次"},
	}
	for _, tt := range approvals {
		t.Run(tt.name, func(t *testing.T) {
			app := processing()
			st, err := decideFeeReductionApproval(&app, agency.Agency{FeePausesClock: true}, cal, tt.who, day("2026-11-23"), " 同意 ", tt.p, tt.earlier, []int{}, "notice")
			if got := verdict(err); tt.wantErr == "" && got != "" || !strings.HasPrefix(got, tt.wantErr) {
				t.Fatalf("verdict = %q, want %q", got, tt.wantErr)
			}
			if err != nil {
				return
			}
			n := st.writes[0].(newFeeNotice)
			got := []any{st.guard, st.reason, n.amountFen, n.maxFen, n.reductionReason, n.issuedBy, n.issuedOn.String(), n.payBy.String(), len(st.notices), st.writes[1]}
			want := []any{Always, "同意", less, top.AmountFen, "困难", "officer", "2026-11-23", "2026-12-21", 1,
				rowWrite(feeReductionDecision{id: "r", status: "APPROVED", by: "head", reason: "同意", on: day("2026-11-23")})}
			if diff := cmp.Diff(want, got, allUnexported); diff != "" {
				t.Errorf("approval mismatch (-want +got):\n%s", diff)
			}
		})
	}

	t.Run("the head rejects, with a reason the officer is told", func(t *testing.T) {
		app := processing()
		if _, err := decideFeeReductionRejection(&app, aHead, day("2026-11-23"), " ", pending); verdict(err) != "invalid: reason" {
			t.Errorf("no reason: %v", err)
		}
		if _, err := decideFeeReductionRejection(&app, aHead, day("2026-11-23"), "无依据", nil); verdict(err) != "failed precondition: 本案没有待审批的减收申请" {
			t.Errorf("nothing pending: %v", err)
		}
		st, err := decideFeeReductionRejection(&app, aHead, day("2026-11-23"), "无依据", pending)
		checkDecision(t, "", stepView{Reason: "无依据", Writes: []rowWrite{feeReductionDecision{id: "r", status: "REJECTED", by: "head", reason: "无依据", on: day("2026-11-23")}}}, st, err)
		if len(st.outbox) != 1 || st.outbox[0].Recipient != "account:officer" || !strings.Contains(st.outbox[0].Body, "无依据") {
			t.Errorf("the officer is not told: %+v", st.outbox)
		}
	})
}
