package web

import (
	"context"
	"net/http"

	"google.golang.org/grpc/status"

	foiv1 "foi/gen/foi/v1"
)

// homeView is the home page: the district's agencies.
type homeView struct {
	base
	Agencies []agencyView
	Start    string // the signed-in person's own start page
	Form     form   // the status lookup
}

type agencyView struct {
	ID, Name, Code, Region string
}

func (s *Site) home(q *req) error {
	res, err := call(q, func(ctx context.Context) (*foiv1.ListAgenciesResponse, error) {
		return s.agencies.ListAgencies(ctx, &foiv1.ListAgenciesRequest{PageSize: 500})
	})
	if err != nil {
		return err
	}
	v := &homeView{Form: newForm()}
	v.Title = "首页"
	for _, a := range res.GetAgencies() {
		v.Agencies = append(v.Agencies, agencyView{ID: a.GetId(), Name: a.GetName(), Code: a.GetCode(), Region: a.GetRegion()})
	}
	if q.me != nil {
		v.Start = startPage(q.role())
	}
	q.render("home", v)
	return nil
}

// startPage is where a role's work begins.
func startPage(r foiv1.Role) string {
	switch r {
	case foiv1.Role_ROLE_APPLICANT:
		return "/my"
	case foiv1.Role_ROLE_CLERK:
		return "/desk"
	case foiv1.Role_ROLE_OFFICER:
		return "/work"
	case foiv1.Role_ROLE_LEGAL_ADVISER:
		return "/reviews"
	case foiv1.Role_ROLE_HEAD:
		return "/signoff"
	case foiv1.Role_ROLE_ADMIN:
		return "/admin/accounts"
	}
	return "/cases"
}

// formView is a page with one form.
type formView struct {
	base
	Form form
	Next string
}

func (s *Site) signInForm(q *req) error {
	v := &formView{Form: newForm(), Next: localPath(q.r.URL.Query().Get("next"))}
	v.Title = "登录"
	q.render("signin", v)
	return nil
}

func (s *Site) signIn(q *req) error {
	f := q.formFrom("login")
	next := localPath(q.r.PostFormValue("next"))
	res, err := s.sessions.CreateSession(q.ctx(), &foiv1.CreateSessionRequest{Login: f.get("login"), Password: q.r.PostFormValue("password")})
	if err != nil {
		if st, ok := status.FromError(err); ok {
			f.Errors = formProblems(err)
			if f.Errors == nil {
				f.Errors = &formErrors{}
				f.Errors.add("", st.Message())
			}
			v := &formView{Form: f, Next: next}
			v.Title = "登录"
			q.w.WriteHeader(http.StatusBadRequest)
			q.render("signin", v)
			return nil
		}
		return err
	}
	q.keepSession(res.GetTokens())
	acc := res.GetAccount()
	switch {
	case acc.GetMustChangePassword():
		q.redirect("/account/password")
	case next != "/":
		q.redirect(next)
	default:
		q.redirect(startPage(acc.GetRole()))
	}
	return nil
}

var registerFields = []string{"login", "identity.type", "identity.name", "identity.idType", "identity.idNumber",
	"identity.contactPerson", "identity.phone", "identity.email", "identity.address"}

// registerView is the applicant registration form.
type registerView struct {
	base
	Form           form
	ApplicantTypes []option
	IDTypes        []option
}

func (s *Site) registerForm(q *req) error {
	f := newForm()
	f.Values["identity.type"] = "APPLICANT_TYPE_NATURAL_PERSON"
	f.Values["identity.idType"] = "ID_DOCUMENT_TYPE_RESIDENT_ID_CARD"
	return s.renderRegister(q, f)
}

func (s *Site) renderRegister(q *req, f form) error {
	v := &registerView{Form: f, ApplicantTypes: applicantTypes, IDTypes: idTypes}
	v.Title = "注册"
	q.render("register", v)
	return nil
}

func (s *Site) register(q *req) error {
	f := q.formFrom(registerFields...)
	password := q.r.PostFormValue("password")
	if password != q.r.PostFormValue("passwordAgain") {
		f.Errors.add("passwordAgain", "两次输入的密码不一致")
		q.w.WriteHeader(http.StatusBadRequest)
		return s.renderRegister(q, f)
	}
	_, err := s.accounts.RegisterApplicant(q.ctx(), &foiv1.RegisterApplicantRequest{
		Login: f.get("login"), Password: password, Identity: applicantFrom(f, "identity."),
	})
	if p := formProblems(err); p != nil {
		f.Errors = p
		q.w.WriteHeader(http.StatusBadRequest)
		return s.renderRegister(q, f)
	}
	if err != nil {
		return err
	}
	res, err := s.sessions.CreateSession(q.ctx(), &foiv1.CreateSessionRequest{Login: f.get("login"), Password: password})
	if err != nil {
		q.redirectWith("/signin", "注册成功，请登录")
		return nil
	}
	q.keepSession(res.GetTokens())
	q.redirectWith("/my", "注册成功，您已登录")
	return nil
}

// applicantFrom reads an Applicant from the form fields under prefix.
func applicantFrom(f form, prefix string) *foiv1.Applicant {
	return &foiv1.Applicant{
		Type:          foiv1.ApplicantType(foiv1.ApplicantType_value[f.get(prefix+"type")]),
		Name:          f.get(prefix + "name"),
		IdType:        foiv1.IdDocumentType(foiv1.IdDocumentType_value[f.get(prefix+"idType")]),
		IdNumber:      f.get(prefix + "idNumber"),
		ContactPerson: f.get(prefix + "contactPerson"),
		Phone:         f.get(prefix + "phone"),
		Email:         f.get(prefix + "email"),
		Address:       f.get(prefix + "address"),
	}
}

func (s *Site) signOut(q *req) error {
	if q.tok.Access != "" {
		// Ending the session on the server; the cookie goes either way.
		_, _ = call(q, func(ctx context.Context) (*foiv1.DeleteCurrentSessionResponse, error) {
			return s.sessions.DeleteCurrentSession(ctx, &foiv1.DeleteCurrentSessionRequest{})
		})
	}
	q.dropSession()
	q.redirectWith("/", "您已退出登录")
	return nil
}

func (s *Site) textSize(q *req) error {
	if q.large {
		q.setCookie(textCookie, "", -1)
	} else {
		q.setCookie(textCookie, "large", 365*24*60*60)
	}
	q.redirect(localPath(q.r.PostFormValue("next")))
	return nil
}

// passwordView is the change-password form.
type passwordView struct {
	base
	Form  form
	First bool // the account still has its initial password
}

func (s *Site) passwordForm(q *req) error {
	return s.renderPassword(q, newForm())
}

func (s *Site) renderPassword(q *req, f form) error {
	v := &passwordView{Form: f, First: q.me.GetMustChangePassword()}
	v.Title = "修改密码"
	q.render("password", v)
	return nil
}

func (s *Site) changePassword(q *req) error {
	f := newForm()
	current, next := q.r.PostFormValue("currentPassword"), q.r.PostFormValue("newPassword")
	if next != q.r.PostFormValue("newPasswordAgain") {
		f.Errors.add("newPasswordAgain", "两次输入的新密码不一致")
		q.w.WriteHeader(http.StatusBadRequest)
		return s.renderPassword(q, f)
	}
	_, err := call(q, func(ctx context.Context) (*foiv1.ChangePasswordResponse, error) {
		return s.accounts.ChangePassword(ctx, &foiv1.ChangePasswordRequest{CurrentPassword: current, NewPassword: next})
	})
	if p := formProblems(err); p != nil {
		f.Errors = p
		q.w.WriteHeader(http.StatusBadRequest)
		return s.renderPassword(q, f)
	}
	if err != nil {
		return err
	}
	// A new password may end the account's other sessions: open a fresh one.
	if res, err := s.sessions.CreateSession(q.ctx(), &foiv1.CreateSessionRequest{Login: q.me.GetLogin(), Password: next}); err == nil {
		q.keepSession(res.GetTokens())
	}
	q.redirectWith(startPage(q.role()), "密码已修改")
	return nil
}
