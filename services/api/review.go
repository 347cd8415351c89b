package api

import (
	"context"
	"encoding/hex"

	"google.golang.org/grpc"

	foiv1 "foi/gen/foi/v1"
	"foi/services/actor"
	"foi/services/cases"
	"foi/services/legalbasis"
	"foi/services/outcome"
	"foi/services/review"
)

// Reviews serves foi.v1.ReviewService.
type Reviews struct {
	foiv1.UnimplementedReviewServiceServer
	cases *cases.Service
	bases *legalbasis.Store
}

// NewReviews returns the ReviewService handlers.
func NewReviews(svc *cases.Service, bases *legalbasis.Store) *Reviews {
	return &Reviews{cases: svc, bases: bases}
}

// Register adds the service to s.
func (h *Reviews) Register(s grpc.ServiceRegistrar) { foiv1.RegisterReviewServiceServer(s, h) }

// CreateDraft implements foi.v1.ReviewService.
func (h *Reviews) CreateDraft(ctx context.Context, req *foiv1.CreateDraftRequest) (*foiv1.CreateDraftResponse, error) {
	who, id, err := callerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	d, err := h.cases.CreateDraft(ctx, who, id, draftFromProto(req.GetContent()))
	if err != nil {
		return nil, err
	}
	return &foiv1.CreateDraftResponse{Draft: draftProto(d)}, nil
}

// ListDrafts implements foi.v1.ReviewService.
func (h *Reviews) ListDrafts(ctx context.Context, req *foiv1.ListDraftsRequest) (*foiv1.ListDraftsResponse, error) {
	who, id, err := callerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	list, err := h.cases.Drafts(ctx, who, id)
	if err != nil {
		return nil, err
	}
	out := &foiv1.ListDraftsResponse{}
	for _, d := range list {
		out.Drafts = append(out.Drafts, draftProto(d))
	}
	return out, nil
}

// CheckDraft implements foi.v1.ReviewService.
func (h *Reviews) CheckDraft(ctx context.Context, req *foiv1.CheckDraftRequest) (*foiv1.CheckDraftResponse, error) {
	who, id, err := callerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	results, err := h.cases.CheckDraft(ctx, who, id)
	if err != nil {
		return nil, err
	}
	return &foiv1.CheckDraftResponse{Checks: checksProto(results)}, nil
}

// ListReviews implements foi.v1.ReviewService.
func (h *Reviews) ListReviews(ctx context.Context, req *foiv1.ListReviewsRequest) (*foiv1.ListReviewsResponse, error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	items, next, err := h.cases.ReviewQueue(ctx, who, req.GetPageSize(), req.GetPageToken())
	if err != nil {
		return nil, err
	}
	out := &foiv1.ListReviewsResponse{NextPageToken: next}
	for _, it := range items {
		r := &foiv1.Review{Application: applicationProto(it.Application, true)}
		if it.Draft.ID != "" {
			r.Draft = draftProto(it.Draft)
		}
		out.Reviews = append(out.Reviews, r)
	}
	return out, nil
}

// ListLegalBases implements foi.v1.ReviewService.
func (h *Reviews) ListLegalBases(ctx context.Context, req *foiv1.ListLegalBasesRequest) (*foiv1.ListLegalBasesResponse, error) {
	list, err := h.bases.List(ctx, req.GetIncludeRetired())
	if err != nil {
		return nil, err
	}
	out := &foiv1.ListLegalBasesResponse{}
	for _, b := range list {
		out.Bases = append(out.Bases, basisProto(b))
	}
	for _, r := range review.WithheldReasons {
		out.WithheldReasons = append(out.WithheldReasons, &foiv1.WithheldReasonInfo{
			Reason: withheldProto(r), Label: r.Label(), ReportRow: int32(r.ReportRow()),
		})
	}
	return out, nil
}

// CreateLegalBasis implements foi.v1.ReviewService.
func (h *Reviews) CreateLegalBasis(ctx context.Context, req *foiv1.CreateLegalBasisRequest) (*foiv1.CreateLegalBasisResponse, error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	b, err := h.bases.Create(ctx, req.GetCode(), req.GetText(), who.AccountID)
	if err != nil {
		return nil, err
	}
	return &foiv1.CreateLegalBasisResponse{Basis: basisProto(b)}, nil
}

// RetireLegalBasis implements foi.v1.ReviewService.
func (h *Reviews) RetireLegalBasis(ctx context.Context, req *foiv1.RetireLegalBasisRequest) (*foiv1.RetireLegalBasisResponse, error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	b, err := h.bases.Retire(ctx, req.GetCode(), who.AccountID)
	if err != nil {
		return nil, err
	}
	return &foiv1.RetireLegalBasisResponse{Basis: basisProto(b)}, nil
}

func basisProto(b review.Basis) *foiv1.LegalBasis {
	return &foiv1.LegalBasis{Code: b.Code, Text: b.Text, Retired: b.Retired}
}

func withheldProto(r review.WithheldReason) foiv1.WithheldReason {
	return foiv1.WithheldReason(enumValue(foiv1.WithheldReason_value, "WITHHELD_REASON_", string(r)))
}

func draftFromProto(p *foiv1.DraftContent) review.Draft {
	d := review.Draft{
		Outcome: outcome.Outcome(enumName(p.GetOutcome(), "OUTCOME_")), Reasons: p.GetReasons(), LegalBasis: p.GetLegalBasis(),
		Facts: p.GetFacts(), RedirectAgency: p.GetRedirectAgency(), RedirectContact: p.GetRedirectContact(),
		RedirectUnknown: p.GetRedirectUnknown(), DeliveryForm: p.GetDeliveryForm(), Remedies: p.GetRemedies(), Body: p.GetBody(),
	}
	for _, w := range p.GetWithheldParts() {
		d.WithheldParts = append(d.WithheldParts, review.WithheldPart{
			Part: w.GetPart(), Reason: review.WithheldReason(enumName(w.GetReason(), "WITHHELD_REASON_")), Explanation: w.GetExplanation(),
		})
	}
	for _, a := range p.GetAttachments() {
		d.Attachments = append(d.Attachments, review.Attachment{DocumentID: a.GetDocumentId(), Title: a.GetTitle(), Pages: int(a.GetPages())})
	}
	return d
}

func draftContentProto(d review.Draft) *foiv1.DraftContent {
	out := &foiv1.DraftContent{
		Outcome: foiv1.Outcome(enumValue(foiv1.Outcome_value, "OUTCOME_", string(d.Outcome))), Reasons: d.Reasons, LegalBasis: d.LegalBasis,
		Facts: d.Facts, RedirectAgency: d.RedirectAgency, RedirectContact: d.RedirectContact, RedirectUnknown: d.RedirectUnknown,
		DeliveryForm: d.DeliveryForm, Remedies: d.Remedies, Body: d.Body,
	}
	for _, w := range d.WithheldParts {
		out.WithheldParts = append(out.WithheldParts, &foiv1.WithheldPart{Part: w.Part, Reason: withheldProto(w.Reason), Explanation: w.Explanation})
	}
	for _, a := range d.Attachments {
		out.Attachments = append(out.Attachments, &foiv1.Attachment{DocumentId: a.DocumentID, Title: a.Title, Pages: int32(a.Pages)})
	}
	return out
}

func checksProto(rs []review.Result) []*foiv1.CheckResult {
	out := make([]*foiv1.CheckResult, len(rs))
	for i, r := range rs {
		out[i] = &foiv1.CheckResult{Id: r.ID, Passed: r.Passed, Message: r.Message}
	}
	return out
}

func draftProto(d cases.Draft) *foiv1.Draft {
	out := &foiv1.Draft{
		Id: d.ID, Version: int32(d.Version), Content: draftContentProto(d.Content), Sha256: hex.EncodeToString(d.SHA256),
		AuthorId: d.AuthorID, CreateTime: timestamp(d.CreatedAt), ChangedFields: d.Changed,
	}
	for _, r := range d.Reviews {
		p := &foiv1.DraftReview{Kind: r.Kind, ActorId: r.ActorID, ActorName: r.ActorName, Time: timestamp(r.At), Comments: r.Comments,
			Checks: checksProto(r.Checks)}
		for _, o := range r.Overrides {
			p.Overrides = append(p.Overrides, &foiv1.CheckOverride{Check: o.Check, Reason: o.Reason})
		}
		out.Reviews = append(out.Reviews, p)
	}
	return out
}

// SubmitDraft implements foi.v1.WorkflowService.
func (h *Workflow) SubmitDraft(ctx context.Context, req *foiv1.SubmitDraftRequest) (*foiv1.SubmitDraftResponse, error) {
	var overrides []cases.Override
	for _, o := range req.GetOverrides() {
		overrides = append(overrides, cases.Override{Check: o.GetCheck(), Reason: o.GetReason()})
	}
	app, err := transit(ctx, req, nil, func(who actor.Actor, id string, v int64) (cases.Application, error) {
		return h.cases.SubmitDraft(ctx, who, id, v, overrides)
	})
	return &foiv1.SubmitDraftResponse{Application: app}, err
}

// ReturnDraft implements foi.v1.WorkflowService.
func (h *Workflow) ReturnDraft(ctx context.Context, req *foiv1.ReturnDraftRequest) (*foiv1.ReturnDraftResponse, error) {
	app, err := transit(ctx, req, nil, func(who actor.Actor, id string, v int64) (cases.Application, error) {
		return h.cases.ReturnDraft(ctx, who, id, v, req.GetComments())
	})
	return &foiv1.ReturnDraftResponse{Application: app}, err
}

// ApproveDraft implements foi.v1.WorkflowService.
func (h *Workflow) ApproveDraft(ctx context.Context, req *foiv1.ApproveDraftRequest) (*foiv1.ApproveDraftResponse, error) {
	app, err := transit(ctx, req, nil, func(who actor.Actor, id string, v int64) (cases.Application, error) {
		return h.cases.ApproveDraft(ctx, who, id, v, req.GetComment())
	})
	return &foiv1.ApproveDraftResponse{Application: app}, err
}

// RejectSignOff implements foi.v1.WorkflowService.
func (h *Workflow) RejectSignOff(ctx context.Context, req *foiv1.RejectSignOffRequest) (*foiv1.RejectSignOffResponse, error) {
	app, err := transit(ctx, req, nil, func(who actor.Actor, id string, v int64) (cases.Application, error) {
		return h.cases.RejectSignOff(ctx, who, id, v, req.GetComments())
	})
	return &foiv1.RejectSignOffResponse{Application: app}, err
}

// SignOff implements foi.v1.WorkflowService.
func (h *Workflow) SignOff(ctx context.Context, req *foiv1.SignOffRequest) (*foiv1.SignOffResponse, error) {
	app, err := transit(ctx, req, nil, func(who actor.Actor, id string, v int64) (cases.Application, error) {
		return h.cases.SignOff(ctx, who, id, v)
	})
	return &foiv1.SignOffResponse{Application: app}, err
}
