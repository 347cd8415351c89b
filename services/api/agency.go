package api

import (
	"context"
	"errors"
	"slices"

	"google.golang.org/grpc"

	foiv1 "foi/gen/foi/v1"
	"foi/services/agency"
	"foi/services/errs"
	"foi/services/notice"
	"foi/services/outcome"
)

// Agencies serves foi.v1.AgencyService.
type Agencies struct {
	foiv1.UnimplementedAgencyServiceServer
	store *agency.Store
}

// NewAgencies returns the AgencyService handlers.
func NewAgencies(store *agency.Store) *Agencies { return &Agencies{store: store} }

// Register adds the service to s.
func (h *Agencies) Register(s grpc.ServiceRegistrar) { foiv1.RegisterAgencyServiceServer(s, h) }

// CreateAgency implements foi.v1.AgencyService.
func (h *Agencies) CreateAgency(ctx context.Context, req *foiv1.CreateAgencyRequest) (*foiv1.CreateAgencyResponse, error) {
	a, err := h.store.Create(ctx, agency.Agency{
		Code:              req.GetCode(),
		Name:              req.GetName(),
		Region:            req.GetRegion(),
		AutoConfirmOnline: req.GetAutoConfirmOnline(),
	})
	if err != nil {
		return nil, err
	}
	return &foiv1.CreateAgencyResponse{Agency: agencyProto(a)}, nil
}

// ListAgencies implements foi.v1.AgencyService.
func (h *Agencies) ListAgencies(ctx context.Context, req *foiv1.ListAgenciesRequest) (*foiv1.ListAgenciesResponse, error) {
	list, next, err := h.store.List(ctx, req.GetPageSize(), req.GetPageToken())
	if err != nil {
		return nil, err
	}
	out := &foiv1.ListAgenciesResponse{NextPageToken: next}
	for _, a := range list {
		out.Agencies = append(out.Agencies, agencyProto(a))
	}
	return out, nil
}

// UpdateAgencyPolicy implements foi.v1.AgencyService: only the fields the
// update mask names change (AIP-134).
func (h *Agencies) UpdateAgencyPolicy(ctx context.Context, req *foiv1.UpdateAgencyPolicyRequest) (*foiv1.UpdateAgencyPolicyResponse, error) {
	var c errs.Collector
	id := parseID(&c, "id", req.GetId(), true)
	fields := maskedFields(&c, req.GetPolicy(), req.GetUpdateMask(), agency.IsPolicyField)
	if err := c.Err(); err != nil {
		return nil, err
	}
	p := req.GetPolicy()
	a, err := h.store.UpdatePolicy(ctx, id, agency.Policy{
		AutoConfirmOnline:        p.GetAutoConfirmOnline(),
		OnTheSpotOutcomes:        typed[outcome.Outcome](p.GetOnTheSpotOutcomes()),
		SupplementDays:           int(p.GetSupplementDays()),
		FeePausesClock:           p.GetFeePausesClock(),
		SkipReviewOutcomes:       typed[outcome.Outcome](p.GetSkipReviewOutcomes()),
		ReconsiderationAuthority: p.GetReconsiderationAuthority(),
		Court:                    p.GetCourt(),
		MaxDelayDays:             int(p.GetMaxDelayDays()),
		MinSupplementDays:        int(p.GetMinSupplementDays()),
		MaxBackdateDays:          int(p.GetMaxBackdateDays()),
		CorrectionDays:           int(p.GetCorrectionDays()),
	}, fields)
	var c2 errs.Collector
	c2.Merge("policy", err)
	if errors.Is(err, errs.InvalidArgument) {
		return nil, c2.Err()
	}
	if err != nil {
		return nil, err
	}
	return &foiv1.UpdateAgencyPolicyResponse{Agency: agencyProto(a)}, nil
}

func noticeKind(c *errs.Collector, s string) notice.Kind {
	k := notice.Kind(s)
	if !slices.Contains(notice.Kinds, k) {
		c.Add("kind", "未知的文书类型")
	}
	return k
}

// maxTemplate bounds a notice template, in characters: a notice is a page
// or two.
const maxTemplate = 20000

// PutNoticeTemplate implements foi.v1.AgencyService.
func (h *Agencies) PutNoticeTemplate(ctx context.Context, req *foiv1.PutNoticeTemplateRequest) (*foiv1.PutNoticeTemplateResponse, error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var c errs.Collector
	id := parseID(&c, "agencyId", req.GetAgencyId(), true)
	kind := noticeKind(&c, req.GetKind())
	c.MaxLength("body", req.GetBody(), maxTemplate)
	if err := c.Err(); err != nil {
		return nil, err
	}
	version, err := h.store.PutTemplate(ctx, id, string(kind), req.GetBody(), who.AccountID, func(body string) error {
		return notice.Validate(kind, body)
	})
	if err != nil {
		return nil, err
	}
	body := req.GetBody()
	if body == "" {
		body = notice.Default(kind)
	}
	return &foiv1.PutNoticeTemplateResponse{Body: body, Version: int32(version)}, nil
}

// GetNoticeTemplate implements foi.v1.AgencyService.
func (h *Agencies) GetNoticeTemplate(ctx context.Context, req *foiv1.GetNoticeTemplateRequest) (*foiv1.GetNoticeTemplateResponse, error) {
	var c errs.Collector
	id := parseID(&c, "agencyId", req.GetAgencyId(), true)
	kind := noticeKind(&c, req.GetKind())
	if err := c.Err(); err != nil {
		return nil, err
	}
	if _, err := h.store.Get(ctx, id); err != nil {
		return nil, err
	}
	body, ok, err := h.store.Template(ctx, id, string(kind))
	if err != nil {
		return nil, err
	}
	latest, err := h.store.LatestTemplates(ctx, id)
	if err != nil {
		return nil, err
	}
	version := int32(latest[string(kind)].Version)
	if !ok {
		return &foiv1.GetNoticeTemplateResponse{Body: notice.Default(kind), Shipped: true, Version: version}, nil
	}
	return &foiv1.GetNoticeTemplateResponse{Body: body, Version: version}, nil
}

// ListNoticeTemplates implements foi.v1.AgencyService.
func (h *Agencies) ListNoticeTemplates(ctx context.Context, req *foiv1.ListNoticeTemplatesRequest) (*foiv1.ListNoticeTemplatesResponse, error) {
	var c errs.Collector
	id := parseID(&c, "agencyId", req.GetAgencyId(), true)
	if err := c.Err(); err != nil {
		return nil, err
	}
	latest, err := h.store.LatestTemplates(ctx, id)
	if err != nil {
		return nil, err
	}
	out := &foiv1.ListNoticeTemplatesResponse{}
	for _, k := range notice.Kinds {
		t := &foiv1.NoticeTemplateSummary{Kind: string(k), Title: k.Title(), Shipped: true}
		if v, ok := latest[string(k)]; ok {
			t.Shipped, t.Version, t.UpdateTime, t.UpdatedBy = v.Body == "", int32(v.Version), timestamp(v.ChangedAt), v.ChangedByName
		}
		out.Templates = append(out.Templates, t)
	}
	return out, nil
}

// ListNoticeTemplateVersions implements foi.v1.AgencyService.
func (h *Agencies) ListNoticeTemplateVersions(ctx context.Context, req *foiv1.ListNoticeTemplateVersionsRequest) (*foiv1.ListNoticeTemplateVersionsResponse, error) {
	var c errs.Collector
	id := parseID(&c, "agencyId", req.GetAgencyId(), true)
	kind := noticeKind(&c, req.GetKind())
	if err := c.Err(); err != nil {
		return nil, err
	}
	list, err := h.store.TemplateVersions(ctx, id, string(kind))
	if err != nil {
		return nil, err
	}
	out := &foiv1.ListNoticeTemplateVersionsResponse{}
	for _, v := range list {
		body := v.Body
		if body == "" {
			body = notice.Default(kind)
		}
		out.Versions = append(out.Versions, &foiv1.NoticeTemplateVersion{Version: int32(v.Version), Body: body, Shipped: v.Body == "",
			UpdateTime: timestamp(v.ChangedAt), UpdatedBy: v.ChangedByName, UpdatedById: v.ChangedBy})
	}
	return out, nil
}

// PreviewNoticeTemplate implements foi.v1.AgencyService: the template is
// checked as PutNoticeTemplate checks it, then rendered with the kind's
// sample data under the agency's name. Nothing is stored.
func (h *Agencies) PreviewNoticeTemplate(ctx context.Context, req *foiv1.PreviewNoticeTemplateRequest) (*foiv1.PreviewNoticeTemplateResponse, error) {
	var c errs.Collector
	id := parseID(&c, "agencyId", req.GetAgencyId(), true)
	kind := noticeKind(&c, req.GetKind())
	c.MaxLength("body", req.GetBody(), maxTemplate)
	if err := c.Err(); err != nil {
		return nil, err
	}
	ag, err := h.store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if req.GetBody() != "" {
		if err := notice.Validate(kind, req.GetBody()); err != nil {
			return nil, errs.Field("body", err.Error())
		}
	}
	d := notice.Sample(kind)
	d.Agency = ag.Name
	html, err := notice.Render(kind, req.GetBody(), d)
	if err != nil {
		return nil, errs.Field("body", err.Error())
	}
	return &foiv1.PreviewNoticeTemplateResponse{Html: html, Sample: kind.Title()}, nil
}

func agencyProto(a agency.Agency) *foiv1.Agency {
	return &foiv1.Agency{
		Id:                       a.ID,
		Code:                     a.Code,
		Name:                     a.Name,
		Region:                   a.Region,
		AutoConfirmOnline:        a.AutoConfirmOnline,
		Demo:                     a.Demo,
		CreateTime:               timestamp(a.CreatedAt),
		OnTheSpotOutcomes:        untyped(a.OnTheSpotOutcomes),
		SupplementDays:           int32(a.SupplementDays),
		FeePausesClock:           a.FeePausesClock,
		SkipReviewOutcomes:       untyped(a.SkipReviewOutcomes),
		ReconsiderationAuthority: a.ReconsiderationAuthority,
		Court:                    a.Court,
		MaxDelayDays:             int32(a.MaxDelayDays),
		MinSupplementDays:        int32(a.MinSupplementDays),
		MaxBackdateDays:          int32(a.MaxBackdateDays),
		CorrectionDays:           int32(a.CorrectionDays),
	}
}
