package api

import (
	"context"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/timestamppb"

	foiv1 "foi/gen/foi/v1"
	"foi/services/outbox"
)

// Inbox serves foi.v1.InboxService: the caller's own in-app inbox.
type Inbox struct {
	foiv1.UnimplementedInboxServiceServer
	inbox *outbox.Inbox
}

// NewInbox returns the InboxService handlers.
func NewInbox(inbox *outbox.Inbox) *Inbox { return &Inbox{inbox: inbox} }

// Register implements server.Service.
func (h *Inbox) Register(s grpc.ServiceRegistrar) { foiv1.RegisterInboxServiceServer(s, h) }

// ListInboxItems implements foi.v1.InboxService.
func (h *Inbox) ListInboxItems(ctx context.Context, req *foiv1.ListInboxItemsRequest) (*foiv1.ListInboxItemsResponse, error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	items, next, unread, err := h.inbox.List(ctx, who.AccountID, req.GetUnreadOnly(), req.GetPageSize(), req.GetPageToken())
	if err != nil {
		return nil, err
	}
	out := &foiv1.ListInboxItemsResponse{NextPageToken: next, Unread: int32(unread)}
	for _, it := range items {
		p := &foiv1.InboxItem{Id: it.ID, ApplicationId: it.ApplicationID, Topic: it.Topic, Subject: it.Subject, Body: it.Body,
			CreateTime: timestamppb.New(it.CreatedAt)}
		if !it.ReadAt.IsZero() {
			p.ReadTime = timestamppb.New(it.ReadAt)
		}
		out.Items = append(out.Items, p)
	}
	return out, nil
}

// MarkInboxItemsRead implements foi.v1.InboxService.
func (h *Inbox) MarkInboxItemsRead(ctx context.Context, req *foiv1.MarkInboxItemsReadRequest) (*foiv1.MarkInboxItemsReadResponse, error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	n, err := h.inbox.MarkRead(ctx, who.AccountID, req.GetIds())
	if err != nil {
		return nil, err
	}
	return &foiv1.MarkInboxItemsReadResponse{Marked: int32(n)}, nil
}
