package api

import (
	"context"

	"google.golang.org/grpc"

	foiv1 "foi/gen/foi/v1"
	"foi/services/agency"
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

func agencyProto(a agency.Agency) *foiv1.Agency {
	return &foiv1.Agency{
		Id:                a.ID,
		Code:              a.Code,
		Name:              a.Name,
		Region:            a.Region,
		AutoConfirmOnline: a.AutoConfirmOnline,
		Demo:              a.Demo,
		CreateTime:        timestamp(a.CreatedAt),
	}
}
