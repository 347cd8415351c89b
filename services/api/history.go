package api

import (
	"context"
	"encoding/hex"
	"net/http"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"
	"google.golang.org/grpc/status"

	foiv1 "foi/gen/foi/v1"
	"foi/services/cases"
	"foi/services/errs"
	"foi/services/server"
)

// History serves foi.v1.HistoryService.
type History struct {
	foiv1.UnimplementedHistoryServiceServer
	cases *cases.Service
}

// NewHistory returns the HistoryService handlers.
func NewHistory(svc *cases.Service) *History { return &History{cases: svc} }

// Register adds the service to s.
func (h *History) Register(s grpc.ServiceRegistrar) { foiv1.RegisterHistoryServiceServer(s, h) }

// ListApplicationEvents implements foi.v1.HistoryService.
func (h *History) ListApplicationEvents(ctx context.Context, req *foiv1.ListApplicationEventsRequest) (*foiv1.ListApplicationEventsResponse, error) {
	who, id, err := callerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	events, err := h.cases.History(ctx, who, id)
	if err != nil {
		return nil, err
	}
	out := &foiv1.ListApplicationEventsResponse{}
	for _, e := range events {
		out.Events = append(out.Events, &foiv1.ApplicationEvent{
			Seq: int32(e.Seq), Version: e.Version, Event: e.Event, EventLabel: eventLabel(e),
			FromState: stateProto(e.From), ToState: stateProto(e.To),
			ActorId: e.ActorID, ActorRole: string(e.ActorRole), ActorName: e.ActorName,
			Time: timestamp(e.OccurredAt), Reason: e.Reason, Payload: e.Payload,
			PrevHash: hex.EncodeToString(e.PrevHash), Hash: hex.EncodeToString(e.Hash),
		})
	}
	return out, nil
}

// eventLabel names the event in Chinese; a fee notice that stayed in
// processing was a reduction request, which issued nothing.
func eventLabel(e cases.HistoryEvent) string {
	switch {
	case e.Event == cases.DueRecomputed:
		return "节假日安排调整后重新计算答复期限"
	case e.Event == string(cases.IssueFeeNotice) && e.To == cases.Processing:
		return "申请减收信息处理费（待负责人审批）"
	}
	return cases.Event(e.Event).Label()
}

// VerifyApplicationHistory implements foi.v1.HistoryService.
func (h *History) VerifyApplicationHistory(ctx context.Context, req *foiv1.VerifyApplicationHistoryRequest) (*foiv1.VerifyApplicationHistoryResponse, error) {
	who, id, err := callerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	v, err := h.cases.VerifyHistory(ctx, who, id)
	if err != nil {
		return nil, err
	}
	return &foiv1.VerifyApplicationHistoryResponse{Intact: v.Intact, Events: int32(v.Events), BrokenAt: int32(v.BrokenAt), Problem: v.Problem,
		Check: v.Check, Method: v.Method, Notices: int32(v.Notices)}, nil
}

// ListNotices implements foi.v1.HistoryService.
func (h *History) ListNotices(ctx context.Context, req *foiv1.ListNoticesRequest) (*foiv1.ListNoticesResponse, error) {
	who, id, err := callerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	list, err := h.cases.Notices(ctx, who, id)
	if err != nil {
		return nil, err
	}
	out := &foiv1.ListNoticesResponse{}
	for _, n := range list {
		p := noticeProto(n)
		p.Html = ""
		out.Notices = append(out.Notices, p)
	}
	return out, nil
}

// GetNotice implements foi.v1.HistoryService.
func (h *History) GetNotice(ctx context.Context, req *foiv1.GetNoticeRequest) (*foiv1.GetNoticeResponse, error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var c errs.Collector
	id := parseID(&c, "id", req.GetId(), true)
	noticeID := parseID(&c, "notice", req.GetNotice(), true)
	if err := c.Err(); err != nil {
		return nil, err
	}
	n, err := h.cases.Notice(ctx, who, id, noticeID)
	if err != nil {
		return nil, err
	}
	return &foiv1.GetNoticeResponse{Notice: noticeProto(n)}, nil
}

func noticeProto(n cases.Notice) *foiv1.Notice {
	return &foiv1.Notice{
		Id: n.ID, Kind: string(n.Kind), Number: n.Number, Title: n.Title, Recipient: n.Recipient,
		IssueTime: timestamp(n.IssuedAt), EventSeq: int32(n.EventSeq), Sha256: hex.EncodeToString(n.SHA256), Html: n.HTML,
	}
}

// NoticeHTMLRoute serves GET /v1/applications/{id}/notices/{notice} as the
// printable HTML document, by calling GetNotice through the gateway's own
// gRPC connection so the call passes every interceptor.
var NoticeHTMLRoute = server.Route{
	Method:  http.MethodGet,
	Pattern: "/v1/applications/{id}/notices/{notice}",
	Handle: func(conn grpc.ClientConnInterface) runtime.HandlerFunc {
		client := foiv1.NewHistoryServiceClient(conn)
		return func(w http.ResponseWriter, r *http.Request, params map[string]string) {
			res, err := client.GetNotice(outgoing(r), &foiv1.GetNoticeRequest{Id: params["id"], Notice: params["notice"]})
			if err != nil {
				st, _ := status.FromError(err)
				server.WriteStatus(w, st)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("X-Content-Type-Options", "nosniff")
			w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
			w.Write([]byte(res.GetNotice().GetHtml()))
		}
	},
}
