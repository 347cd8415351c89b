package web

import (
	"context"
	"net/http"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	foiv1 "foi/gen/foi/v1"
)

// The window's help for applicants' accounts: a one-time password against
// the identity document the clerk has seen, and a change of the account's
// identity on proof the clerk describes. The API decides who may do either
// (clerks); these pages only ask and show.

func (s *Site) deskAccountRoutes() {
	s.mux.HandleFunc("GET /desk/accounts", s.page(signedIn, s.deskAccounts))
	s.mux.HandleFunc("POST /desk/accounts/reset", s.page(signedIn, s.deskResetPassword))
	s.mux.HandleFunc("POST /desk/accounts/find", s.page(signedIn, s.deskFindAccount))
	s.mux.HandleFunc("POST /desk/accounts/{id}/identity", s.page(signedIn, s.deskChangeIdentity))
}

// deskAccountsView holds the two forms: reset a password, find an account
// whose identity is to change.
type deskAccountsView struct {
	base
	Reset form
	Find  form
}

func (s *Site) deskAccounts(q *req) error {
	return s.renderDeskAccounts(q, newForm(), newForm())
}

func (s *Site) renderDeskAccounts(q *req, reset, find form) error {
	v := &deskAccountsView{Reset: reset.prefixed("reset-"), Find: find.prefixed("find-")}
	v.Title = "申请人账号"
	q.render("desk_accounts", v)
	return nil
}

// deskPasswordView is the one-time password, shown once and printable
// for the applicant to take away.
type deskPasswordView struct {
	base
	Login, Name, Password, IssuedAt string
}

func (s *Site) deskResetPassword(q *req) error {
	f := q.formFrom("login", "idNumber")
	res, err := call(q, func(ctx context.Context) (*foiv1.ResetApplicantPasswordResponse, error) {
		return s.accounts.ResetApplicantPassword(ctx, &foiv1.ResetApplicantPasswordRequest{Login: f.get("login"), IdNumber: f.get("idNumber")})
	})
	if p := formProblems(err); p != nil {
		f.Errors = p
		q.w.WriteHeader(http.StatusBadRequest)
		return s.renderDeskAccounts(q, f, newForm())
	}
	if err != nil {
		return err
	}
	a := res.GetAccount()
	v := &deskPasswordView{Login: a.GetLogin(), Name: a.GetDisplayName(), Password: res.GetOneTimePassword(), IssuedAt: timeCN(timestamppb.New(s.now()))}
	v.Title = "一次性密码"
	q.render("desk_password", v)
	return nil
}

// identityView is the identity change form of a found account.
type identityView struct {
	base
	Account        accountSummary
	Form           form
	ApplicantTypes []option
	IDTypes        []option
}

// accountSummary is an applicant's account as the window sees it: masked.
type accountSummary struct {
	ID, Login, Name, Type, IDType, IDNumber string
}

func summaryOf(a *foiv1.Account) accountSummary {
	id := a.GetIdentity()
	return accountSummary{ID: a.GetId(), Login: a.GetLogin(), Name: a.GetDisplayName(), Type: labelOf(applicantTypes, id.GetType().String()),
		IDType: labelOf(idTypes, id.GetIdType().String()), IDNumber: id.GetIdNumber()}
}

func (s *Site) deskFindAccount(q *req) error {
	f := q.formFrom("login")
	res, err := call(q, func(ctx context.Context) (*foiv1.FindApplicantAccountResponse, error) {
		return s.accounts.FindApplicantAccount(ctx, &foiv1.FindApplicantAccountRequest{Login: f.get("login")})
	})
	if status.Code(err) == codes.NotFound {
		f.Errors.add("login", status.Convert(err).Message())
		q.w.WriteHeader(http.StatusBadRequest)
		return s.renderDeskAccounts(q, newForm(), f)
	}
	if p := formProblems(err); p != nil {
		f.Errors = p
		q.w.WriteHeader(http.StatusBadRequest)
		return s.renderDeskAccounts(q, newForm(), f)
	}
	if err != nil {
		return err
	}
	a := res.GetAccount()
	g := newForm()
	g.Values["identity.type"] = a.GetIdentity().GetType().String()
	g.Values["identity.name"] = a.GetDisplayName()
	g.Values["identity.idType"] = a.GetIdentity().GetIdType().String()
	return s.renderIdentity(q, summaryOf(a), g)
}

func (s *Site) renderIdentity(q *req, a accountSummary, f form) error {
	v := &identityView{Account: a, Form: f, ApplicantTypes: applicantTypes, IDTypes: idTypes}
	v.Title = "变更申请人身份信息"
	q.render("desk_identity", v)
	return nil
}

// identityDoneView confirms a change, printable for the file.
type identityDoneView struct {
	base
	Before, After accountSummary
	Proof, At     string
}

var identityFields = []string{"identity.type", "identity.name", "identity.idType", "identity.idNumber", "proof",
	"was.login", "was.name", "was.type", "was.idType", "was.idNumber"}

func (s *Site) deskChangeIdentity(q *req) error {
	f := q.formFrom(identityFields...)
	before := accountSummary{ID: q.r.PathValue("id"), Login: f.get("was.login"), Name: f.get("was.name"), Type: f.get("was.type"),
		IDType: f.get("was.idType"), IDNumber: f.get("was.idNumber")}
	res, err := call(q, func(ctx context.Context) (*foiv1.ChangeApplicantIdentityResponse, error) {
		return s.accounts.ChangeApplicantIdentity(ctx, &foiv1.ChangeApplicantIdentityRequest{Id: before.ID,
			Identity: applicantFrom(f, "identity."), Proof: f.get("proof")})
	})
	if p := formProblems(err); p != nil {
		f.Errors = p
		q.w.WriteHeader(http.StatusBadRequest)
		return s.renderIdentity(q, before, f)
	}
	if err != nil {
		return err
	}
	v := &identityDoneView{Before: before, After: summaryOf(res.GetAccount()), Proof: f.get("proof"), At: timeCN(timestamppb.New(s.now()))}
	v.Title = "身份信息已变更"
	q.render("desk_identity_done", v)
	return nil
}
