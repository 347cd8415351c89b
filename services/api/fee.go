package api

import (
	"context"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/timestamppb"

	foiv1 "foi/gen/foi/v1"
	"foi/services/actor"
	"foi/services/cases"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/fee"
)

// Fees serves foi.v1.FeeService.
type Fees struct {
	foiv1.UnimplementedFeeServiceServer
	cases *cases.Service
	now   func() time.Time
}

// NewFees returns the FeeService handlers.
func NewFees(svc *cases.Service, now func() time.Time) *Fees { return &Fees{cases: svc, now: now} }

// Register adds the service to s.
func (h *Fees) Register(s grpc.ServiceRegistrar) { foiv1.RegisterFeeServiceServer(s, h) }

var feeModes = map[foiv1.FeeMode]fee.Mode{foiv1.FeeMode_FEE_MODE_PER_PIECE: fee.PerPiece, foiv1.FeeMode_FEE_MODE_PER_VOLUME: fee.PerVolume}

// QuoteFee implements foi.v1.FeeService.
func (h *Fees) QuoteFee(ctx context.Context, req *foiv1.QuoteFeeRequest) (*foiv1.QuoteFeeResponse, error) {
	q, err := fee.Calculate(fee.Input{
		Mode: feeModes[req.GetMode()], PiecesBeforeThisMonth: int(req.GetPiecesBeforeThisMonth()),
		Pieces: int(req.GetPieces()), Pages: int(req.GetPages()),
	})
	if err != nil {
		return nil, cases.FeeInputError(err)
	}
	return &foiv1.QuoteFeeResponse{AmountFen: q.AmountFen, Items: feeItems(q.Items), Standard: q.Standard()}, nil
}

// QuoteApplicationFee implements foi.v1.FeeService.
func (h *Fees) QuoteApplicationFee(ctx context.Context, req *foiv1.QuoteApplicationFeeRequest) (*foiv1.QuoteApplicationFeeResponse, error) {
	who, id, err := callerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	q, err := h.cases.QuoteFee(ctx, who, id, cases.FeeNoticeInput{Mode: feeModes[req.GetMode()], Pages: int(req.GetPages()), Pieces: int(req.GetPieces())})
	if err != nil {
		return nil, err
	}
	return &foiv1.QuoteApplicationFeeResponse{AmountFen: q.AmountFen, Items: feeItems(q.Items), Standard: q.Standard(),
		Pieces: int32s(q.Pieces), Pages: int32(q.Pages)}, nil
}

func feeItems(items []fee.Item) []*foiv1.FeeItem {
	out := make([]*foiv1.FeeItem, len(items))
	for i, it := range items {
		out[i] = &foiv1.FeeItem{From: int32(it.From), To: int32(it.To), Count: int32(it.Count), UnitFen: it.UnitFen, AmountFen: it.AmountFen, Label: it.Label}
	}
	return out
}

// ListFeeNotices implements foi.v1.FeeService.
func (h *Fees) ListFeeNotices(ctx context.Context, req *foiv1.ListFeeNoticesRequest) (*foiv1.ListFeeNoticesResponse, error) {
	who, id, err := callerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	list, err := h.cases.FeeNotices(ctx, who, id)
	if err != nil {
		return nil, err
	}
	out := &foiv1.ListFeeNoticesResponse{}
	for _, n := range list {
		out.FeeNotices = append(out.FeeNotices, &foiv1.FeeNotice{
			Id: n.ID, Mode: feeModeOf(n.Mode), Pieces: int32s(n.Pieces), Pages: int32(n.Pages),
			MaxFen: n.MaxFen, AmountFen: n.AmountFen, ReductionReason: n.ReductionReason, Items: feeItems(n.Items),
			IssuedOn: n.IssuedOn.String(), ServedOn: n.ServedOn.String(), PayBy: n.PayBy.String(), PayByProvisional: n.PayByProvisional,
			Status: foiv1.FeeNoticeStatus(enumValue(foiv1.FeeNoticeStatus_value, "FEE_NOTICE_STATUS_", n.Status)),
			PaidOn: n.PaidOn.String(), PaymentReference: n.PaymentRef, WaiveReason: n.WaiveReason,
			ClaimedOn: n.ClaimedOn.String(), ClaimReference: n.ClaimRef,
		})
	}
	if who.Role == actor.Applicant {
		return out, nil // the request is the agency's deliberation until approved
	}
	r, found, err := h.cases.PendingFeeReduction(ctx, who, id)
	if err != nil {
		return nil, err
	}
	if found {
		out.PendingReduction = &foiv1.FeeReduction{Mode: feeModeOf(r.Mode), Pages: int32(r.Pages), MaxFen: r.MaxFen, AmountFen: r.AmountFen,
			Reason: r.Reason, RequestedBy: r.RequestedBy, RequestedOn: r.RequestedOn.String()}
	}
	return out, nil
}

func feeModeOf(m fee.Mode) foiv1.FeeMode {
	if m == fee.PerVolume {
		return foiv1.FeeMode_FEE_MODE_PER_VOLUME
	}
	return foiv1.FeeMode_FEE_MODE_PER_PIECE
}

// GetFeeStatistics implements foi.v1.FeeService.
func (h *Fees) GetFeeStatistics(ctx context.Context, req *foiv1.GetFeeStatisticsRequest) (*foiv1.GetFeeStatisticsResponse, error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var c errs.Collector
	agencyID := parseID(&c, "agencyId", req.GetAgencyId(), true)
	if req.GetYear() < 2008 || req.GetYear() > 2100 {
		c.Add("year", "年份须在 2008 至 2100 之间")
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	st, err := h.cases.FeeStatisticsFor(ctx, who, agencyID, int(req.GetYear()))
	if err != nil {
		return nil, err
	}
	return &foiv1.GetFeeStatisticsResponse{
		NoticesIssued: int32(st.NoticesIssued), ChargedFen: st.ChargedFen, PaidFen: st.PaidFen,
		Waivers: int32(st.Waivers), WaivedFen: st.WaivedFen, Lapses: int32(st.Lapses), ReadTime: timestamppb.New(h.now()),
		LapsedFen: st.LapsedFen, Cancellations: int32(st.Cancellations), CancelledFen: st.CancelledFen, OutstandingFen: st.OutstandingFen,
	}, nil
}

// IssueFeeNotice implements foi.v1.WorkflowService.
func (h *Workflow) IssueFeeNotice(ctx context.Context, req *foiv1.IssueFeeNoticeRequest) (*foiv1.IssueFeeNoticeResponse, error) {
	var in cases.FeeNoticeInput
	app, err := transit(ctx, req, func(c *errs.Collector) {
		in = cases.FeeNoticeInput{
			Mode: feeModes[req.GetMode()], Pages: int(req.GetPages()), Pieces: int(req.GetPieces()), SplitReason: req.GetSplitReason(),
			AmountFen: req.AmountFen, ReductionReason: req.GetReductionReason(),
			ServedOn: parseDate(c, "servedOn", req.GetServedOn()), HowToPay: req.GetHowToPay(),
		}
	}, func(who actor.Actor, id string, v int64) (cases.Application, error) {
		return h.cases.IssueFeeNotice(ctx, who, id, v, in)
	})
	requested := err == nil && app.GetState() == foiv1.ApplicationState_APPLICATION_STATE_PROCESSING
	return &foiv1.IssueFeeNoticeResponse{Application: app, ReductionRequested: requested}, err
}

// ApproveFeeReduction implements foi.v1.WorkflowService.
func (h *Workflow) ApproveFeeReduction(ctx context.Context, req *foiv1.ApproveFeeReductionRequest) (*foiv1.ApproveFeeReductionResponse, error) {
	app, err := transit(ctx, req, nil, func(who actor.Actor, id string, v int64) (cases.Application, error) {
		return h.cases.ApproveFeeReduction(ctx, who, id, v, req.GetComment())
	})
	return &foiv1.ApproveFeeReductionResponse{Application: app}, err
}

// RejectFeeReduction implements foi.v1.WorkflowService.
func (h *Workflow) RejectFeeReduction(ctx context.Context, req *foiv1.RejectFeeReductionRequest) (*foiv1.RejectFeeReductionResponse, error) {
	app, err := transit(ctx, req, nil, func(who actor.Actor, id string, v int64) (cases.Application, error) {
		return h.cases.RejectFeeReduction(ctx, who, id, v, req.GetReason())
	})
	return &foiv1.RejectFeeReductionResponse{Application: app}, err
}

// ClaimPayment implements foi.v1.WorkflowService.
func (h *Workflow) ClaimPayment(ctx context.Context, req *foiv1.ClaimPaymentRequest) (*foiv1.ClaimPaymentResponse, error) {
	var on clock.Date
	app, err := transit(ctx, req, func(c *errs.Collector) { on = parseDate(c, "paidOn", req.GetPaidOn()) },
		func(who actor.Actor, id string, v int64) (cases.Application, error) {
			return h.cases.ClaimPayment(ctx, who, id, v, req.GetPaymentReference(), on)
		})
	return &foiv1.ClaimPaymentResponse{Application: app}, err
}

// RecordPayment implements foi.v1.WorkflowService.
func (h *Workflow) RecordPayment(ctx context.Context, req *foiv1.RecordPaymentRequest) (*foiv1.RecordPaymentResponse, error) {
	var on clock.Date
	app, err := transit(ctx, req, func(c *errs.Collector) { on = parseDate(c, "paidOn", req.GetPaidOn()) },
		func(who actor.Actor, id string, v int64) (cases.Application, error) {
			return h.cases.RecordPayment(ctx, who, id, v, req.GetPaymentReference(), on)
		})
	return &foiv1.RecordPaymentResponse{Application: app}, err
}

// WaiveFee implements foi.v1.WorkflowService.
func (h *Workflow) WaiveFee(ctx context.Context, req *foiv1.WaiveFeeRequest) (*foiv1.WaiveFeeResponse, error) {
	app, err := transit(ctx, req, nil, func(who actor.Actor, id string, v int64) (cases.Application, error) {
		return h.cases.WaiveFee(ctx, who, id, v, req.GetReason())
	})
	return &foiv1.WaiveFeeResponse{Application: app}, err
}

// RecordRefund implements foi.v1.WorkflowService.
func (h *Workflow) RecordRefund(ctx context.Context, req *foiv1.RecordRefundRequest) (*foiv1.RecordRefundResponse, error) {
	app, err := transit(ctx, req, nil, func(who actor.Actor, id string, v int64) (cases.Application, error) {
		return h.cases.RecordRefund(ctx, who, id, v, req.GetReason())
	})
	return &foiv1.RecordRefundResponse{Application: app}, err
}
