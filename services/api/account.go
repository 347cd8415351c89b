package api

import (
	"context"

	"google.golang.org/grpc"

	foiv1 "foi/gen/foi/v1"
	"foi/services/actor"
	"foi/services/auth"
	"foi/services/errs"
	"foi/services/idnumber"
)

// Accounts serves foi.v1.AccountService.
type Accounts struct {
	foiv1.UnimplementedAccountServiceServer
	auth *auth.Service
}

// NewAccounts returns the AccountService handlers.
func NewAccounts(a *auth.Service) *Accounts { return &Accounts{auth: a} }

// Register adds the service to s.
func (h *Accounts) Register(s grpc.ServiceRegistrar) { foiv1.RegisterAccountServiceServer(s, h) }

// RegisterApplicant implements foi.v1.AccountService.
func (h *Accounts) RegisterApplicant(ctx context.Context, req *foiv1.RegisterApplicantRequest) (*foiv1.RegisterApplicantResponse, error) {
	acc, err := h.auth.RegisterApplicant(ctx, req.GetLogin(), req.GetPassword(), applicantFromProto(req.GetIdentity()), clientAddr(ctx))
	if err != nil {
		return nil, err
	}
	return &foiv1.RegisterApplicantResponse{Account: accountProto(acc, false)}, nil
}

// GetCurrentAccount implements foi.v1.AccountService.
func (h *Accounts) GetCurrentAccount(ctx context.Context, _ *foiv1.GetCurrentAccountRequest) (*foiv1.GetCurrentAccountResponse, error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	acc, err := h.auth.Account(ctx, who.AccountID)
	if err != nil {
		return nil, err
	}
	return &foiv1.GetCurrentAccountResponse{Account: accountProto(acc, false)}, nil
}

// ChangePassword implements foi.v1.AccountService.
func (h *Accounts) ChangePassword(ctx context.Context, req *foiv1.ChangePasswordRequest) (*foiv1.ChangePasswordResponse, error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if err := h.auth.ChangePassword(ctx, who, req.GetCurrentPassword(), req.GetNewPassword()); err != nil {
		return nil, err
	}
	return &foiv1.ChangePasswordResponse{}, nil
}

// CreateAccount implements foi.v1.AccountService.
func (h *Accounts) CreateAccount(ctx context.Context, req *foiv1.CreateAccountRequest) (*foiv1.CreateAccountResponse, error) {
	var c errs.Collector
	agencies := make([]string, 0, len(req.GetAgencyIds()))
	for _, id := range req.GetAgencyIds() {
		agencies = append(agencies, parseID(&c, "agencyIds", id, true))
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	role := actor.Role(enumName(req.GetRole(), "ROLE_"))
	acc, err := h.auth.CreateAccount(ctx, req.GetLogin(), req.GetPassword(), role, req.GetDisplayName(), agencies)
	if err != nil {
		return nil, err
	}
	return &foiv1.CreateAccountResponse{Account: accountProto(acc, false)}, nil
}

// ListAccounts implements foi.v1.AccountService.
func (h *Accounts) ListAccounts(ctx context.Context, req *foiv1.ListAccountsRequest) (*foiv1.ListAccountsResponse, error) {
	var c errs.Collector
	f := auth.AccountFilter{
		Role:      actor.Role(enumName(req.GetRole(), "ROLE_")),
		AgencyID:  parseID(&c, "agencyId", req.GetAgencyId(), false),
		PageSize:  req.GetPageSize(),
		PageToken: req.GetPageToken(),
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	list, next, err := h.auth.ListAccounts(ctx, f)
	if err != nil {
		return nil, err
	}
	out := &foiv1.ListAccountsResponse{NextPageToken: next}
	for _, a := range list {
		out.Accounts = append(out.Accounts, accountProto(a, true))
	}
	return out, nil
}

// DisableAccount implements foi.v1.AccountService.
func (h *Accounts) DisableAccount(ctx context.Context, req *foiv1.DisableAccountRequest) (*foiv1.DisableAccountResponse, error) {
	who, id, err := callerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	acc, err := h.auth.DisableAccount(ctx, who, id)
	if err != nil {
		return nil, err
	}
	return &foiv1.DisableAccountResponse{Account: accountProto(acc, true)}, nil
}

// accountProto converts an account; masked hides phone-number logins and
// the identity's numbers, for lists and for anyone but the account holder.
func accountProto(a auth.Account, masked bool) *foiv1.Account {
	login := a.Login
	if masked {
		if _, err := idnumber.Mobile(login); err == nil {
			login = idnumber.MaskNumber(login)
		} else if _, err := idnumber.Email(login); err == nil {
			login = idnumber.MaskEmail(login)
		}
	}
	out := &foiv1.Account{
		Id:                 a.ID,
		Login:              login,
		Role:               foiv1.Role(enumValue(foiv1.Role_value, "ROLE_", string(a.Role))),
		DisplayName:        a.DisplayName,
		AgencyIds:          a.Agencies,
		Disabled:           a.Disabled,
		MustChangePassword: a.MustChangePassword,
		CreateTime:         timestamp(a.CreatedAt),
	}
	if a.Role == actor.Applicant {
		out.Identity = applicantProto(a.Identity, masked)
	}
	return out
}
