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

// EnableAccount implements foi.v1.AccountService.
func (h *Accounts) EnableAccount(ctx context.Context, req *foiv1.EnableAccountRequest) (*foiv1.EnableAccountResponse, error) {
	who, id, err := callerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	acc, err := h.auth.EnableAccount(ctx, who, id)
	if err != nil {
		return nil, err
	}
	return &foiv1.EnableAccountResponse{Account: accountProto(acc, true)}, nil
}

// ResetAccountPassword implements foi.v1.AccountService.
func (h *Accounts) ResetAccountPassword(ctx context.Context, req *foiv1.ResetAccountPasswordRequest) (*foiv1.ResetAccountPasswordResponse, error) {
	who, id, err := callerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	password, err := h.auth.ResetPassword(ctx, who, id)
	if err != nil {
		return nil, err
	}
	return &foiv1.ResetAccountPasswordResponse{OneTimePassword: password}, nil
}

// UpdateAccount implements foi.v1.AccountService.
func (h *Accounts) UpdateAccount(ctx context.Context, req *foiv1.UpdateAccountRequest) (*foiv1.UpdateAccountResponse, error) {
	who, id, err := callerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	var c errs.Collector
	staffFields := func(f string) bool {
		return f == auth.FieldDisplayName || f == auth.FieldRole || f == auth.FieldAgencies
	}
	a := req.GetAccount()
	ch := auth.StaffChange{DisplayName: a.GetDisplayName(), Role: actor.Role(enumName(a.GetRole(), "ROLE_")),
		Fields: maskedFields(&c, a, req.GetUpdateMask(), staffFields)}
	for _, ag := range a.GetAgencyIds() {
		ch.Agencies = append(ch.Agencies, parseID(&c, "account.agencyIds", ag, true))
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	acc, err := h.auth.UpdateStaff(ctx, who, id, ch)
	if err != nil {
		return nil, err
	}
	return &foiv1.UpdateAccountResponse{Account: accountProto(acc, true)}, nil
}

// ListAgencyStaff implements foi.v1.AccountService.
func (h *Accounts) ListAgencyStaff(ctx context.Context, req *foiv1.ListAgencyStaffRequest) (*foiv1.ListAgencyStaffResponse, error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var c errs.Collector
	agencyID := parseID(&c, "agencyId", req.GetAgencyId(), true)
	if err := c.Err(); err != nil {
		return nil, err
	}
	list, err := h.auth.Staff(ctx, who, agencyID, actor.Role(enumName(req.GetRole(), "ROLE_")))
	if err != nil {
		return nil, err
	}
	out := &foiv1.ListAgencyStaffResponse{}
	for _, a := range list {
		out.Accounts = append(out.Accounts, accountProto(a, true))
	}
	return out, nil
}

// UpdateCurrentContact implements foi.v1.AccountService.
func (h *Accounts) UpdateCurrentContact(ctx context.Context, req *foiv1.UpdateCurrentContactRequest) (*foiv1.UpdateCurrentContactResponse, error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	var c errs.Collector
	known := func(f string) bool {
		return f == auth.FieldContactPerson || f == auth.FieldPhone || f == auth.FieldEmail || f == auth.FieldAddress
	}
	p := req.GetContact()
	ch := auth.Contact{ContactPerson: p.GetContactPerson(), Phone: p.GetPhone(), Email: p.GetEmail(), Address: p.GetAddress(),
		Fields: maskedFields(&c, p, req.GetUpdateMask(), known)}
	if err := c.Err(); err != nil {
		return nil, err
	}
	acc, err := h.auth.UpdateContact(ctx, who, ch)
	if err != nil {
		return nil, err
	}
	return &foiv1.UpdateCurrentContactResponse{Account: accountProto(acc, false)}, nil
}

// ResetApplicantPassword implements foi.v1.AccountService.
func (h *Accounts) ResetApplicantPassword(ctx context.Context, req *foiv1.ResetApplicantPasswordRequest) (*foiv1.ResetApplicantPasswordResponse, error) {
	who, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	acc, password, err := h.auth.ResetApplicantPassword(ctx, who, req.GetLogin(), req.GetIdNumber())
	if err != nil {
		return nil, err
	}
	return &foiv1.ResetApplicantPasswordResponse{Account: accountProto(acc, true), OneTimePassword: password}, nil
}

// ChangeApplicantIdentity implements foi.v1.AccountService.
func (h *Accounts) ChangeApplicantIdentity(ctx context.Context, req *foiv1.ChangeApplicantIdentityRequest) (*foiv1.ChangeApplicantIdentityResponse, error) {
	who, id, err := callerAndID(ctx, req.GetId())
	if err != nil {
		return nil, err
	}
	acc, err := h.auth.ChangeIdentity(ctx, who, id, applicantFromProto(req.GetIdentity()), req.GetProof())
	if err != nil {
		return nil, err
	}
	return &foiv1.ChangeApplicantIdentityResponse{Account: accountProto(acc, true)}, nil
}

// FindApplicantAccount implements foi.v1.AccountService.
func (h *Accounts) FindApplicantAccount(ctx context.Context, req *foiv1.FindApplicantAccountRequest) (*foiv1.FindApplicantAccountResponse, error) {
	acc, err := h.auth.FindApplicant(ctx, req.GetLogin())
	if err != nil {
		return nil, err
	}
	return &foiv1.FindApplicantAccountResponse{Account: accountProto(acc, true)}, nil
}
