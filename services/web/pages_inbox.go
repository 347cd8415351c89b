package web

import (
	"context"
	"net/url"
	"strconv"

	foiv1 "foi/gen/foi/v1"
)

const inboxPage = 50

// inboxView is a member of staff's inbox, newest first.
type inboxView struct {
	base
	Items  []inboxItemView
	Unread int32
	Next   string
}

type inboxItemView struct {
	ID            int64
	Href          string // the case, if the item is about one
	Subject, Body string
	Time          string
	Unread        bool
}

// unread is the number of unread inbox items the staff header shows; it
// is 0 for an applicant, and when the API will not say.
func (q *req) unread() int32 {
	if q.me == nil || q.role() == foiv1.Role_ROLE_APPLICANT {
		return 0
	}
	res, err := call(q, func(ctx context.Context) (*foiv1.ListInboxItemsResponse, error) {
		return q.s.inbox.ListInboxItems(ctx, &foiv1.ListInboxItemsRequest{UnreadOnly: true, PageSize: 1})
	})
	if err != nil {
		return 0
	}
	return res.GetUnread()
}

// inboxList lists the caller's inbox items, each linking to its case.
func (s *Site) inboxList(q *req) error {
	res, err := call(q, func(ctx context.Context) (*foiv1.ListInboxItemsResponse, error) {
		return s.inbox.ListInboxItems(ctx, &foiv1.ListInboxItemsRequest{PageSize: inboxPage, PageToken: q.r.URL.Query().Get("page")})
	})
	if err != nil {
		return err
	}
	v := &inboxView{Unread: res.GetUnread()}
	v.Title = "收件箱"
	for _, it := range res.GetItems() {
		iv := inboxItemView{ID: it.GetId(), Subject: it.GetSubject(), Body: it.GetBody(), Time: timeCN(it.GetCreateTime()), Unread: it.GetReadTime() == nil}
		if it.GetApplicationId() != "" {
			iv.Href = "/cases/" + url.PathEscape(it.GetApplicationId())
		}
		v.Items = append(v.Items, iv)
	}
	if t := res.GetNextPageToken(); t != "" {
		v.Next = "/inbox?page=" + url.QueryEscape(t)
	}
	q.render("inbox", v)
	return nil
}

// markRead marks one item read (id posted) or every unread item.
func (s *Site) markRead(q *req) error {
	r := &foiv1.MarkInboxItemsReadRequest{}
	msg := "已全部标为已读"
	if id, err := strconv.ParseInt(q.r.PostFormValue("id"), 10, 64); err == nil {
		r.Ids, msg = []int64{id}, "已标为已读"
	}
	if _, err := call(q, func(ctx context.Context) (*foiv1.MarkInboxItemsReadResponse, error) {
		return s.inbox.MarkInboxItemsRead(ctx, r)
	}); err != nil {
		return err
	}
	q.redirectWith("/inbox", msg)
	return nil
}
