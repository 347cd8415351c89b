package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"google.golang.org/protobuf/types/known/fieldmaskpb"

	foiv1 "foi/gen/foi/v1"
)

var staffRoles = []option{
	{"ROLE_CLERK", "窗口工作人员"}, {"ROLE_OFFICER", "承办人"}, {"ROLE_LEGAL_ADVISER", "法律顾问"},
	{"ROLE_HEAD", "负责人"}, {"ROLE_ADMIN", "系统管理员"},
}

// accountsView is the administrator's list of accounts; a refused edit
// comes back with its form open and its messages.
type accountsView struct {
	base
	Rows     []accountRow
	Agencies []agencyView
	Roles    []option
	Filter   string // the role listed
	Next     string
	Open     string // the account whose edit failed
	Form     form
	// StaffRoles are the roles an edit may give.
	StaffRoles []option
}

type accountRow struct {
	ID, Login, Name, Role, RoleValue, Agencies string
	AgencyIDs                                  []string
	Disabled, Staff, MustChange                bool
}

// Has reports whether the account works for agency id, for the edit
// form's checkboxes.
func (r accountRow) Has(id string) bool { return slices.Contains(r.AgencyIDs, id) }

func (s *Site) adminAccounts(q *req) error { return s.renderAccounts(q, "", newForm()) }

func (s *Site) renderAccounts(q *req, open string, f form) error {
	role := q.r.URL.Query().Get("role")
	res, err := call(q, func(ctx context.Context) (*foiv1.ListAccountsResponse, error) {
		return s.accounts.ListAccounts(ctx, &foiv1.ListAccountsRequest{Role: foiv1.Role(foiv1.Role_value[role]),
			PageSize: 100, PageToken: q.r.URL.Query().Get("page")})
	})
	if err != nil {
		return err
	}
	v := &accountsView{Roles: append(slices.Clone(staffRoles), option{"ROLE_APPLICANT", "申请人"}), Filter: role, Open: open, Form: f, StaffRoles: staffRoles}
	v.Title = "账户管理"
	names := s.agencyNames(q)
	v.Agencies = s.agencyList(q)
	for _, a := range res.GetAccounts() {
		r := accountRow{ID: a.GetId(), Login: a.GetLogin(), Name: a.GetDisplayName(), Role: roleLabel(a.GetRole()), RoleValue: a.GetRole().String(),
			AgencyIDs: a.GetAgencyIds(), Disabled: a.GetDisabled(), Staff: a.GetRole() != foiv1.Role_ROLE_APPLICANT, MustChange: a.GetMustChangePassword()}
		var an []string
		for _, id := range a.GetAgencyIds() {
			an = append(an, names[id])
		}
		r.Agencies = strings.Join(an, "、")
		v.Rows = append(v.Rows, r)
	}
	if t := res.GetNextPageToken(); t != "" {
		v.Next = "/admin/accounts?role=" + url.QueryEscape(role) + "&page=" + url.QueryEscape(t)
	}
	q.render("admin_accounts", v)
	return nil
}

// agencyList is every agency, for forms that choose among them.
func (s *Site) agencyList(q *req) []agencyView {
	res, err := call(q, func(ctx context.Context) (*foiv1.ListAgenciesResponse, error) {
		return s.agencies.ListAgencies(ctx, &foiv1.ListAgenciesRequest{PageSize: 500})
	})
	if err != nil {
		return nil
	}
	var out []agencyView
	for _, a := range res.GetAgencies() {
		out = append(out, agencyView{ID: a.GetId(), Name: a.GetName(), Code: a.GetCode(), Region: a.GetRegion()})
	}
	return out
}

// newAccountView is the form creating a staff account.
type newAccountView struct {
	base
	Form     form
	Roles    []option
	Agencies []agencyView
	Chosen   []string
}

// Has reports whether agency id is ticked.
func (v *newAccountView) Has(id string) bool { return slices.Contains(v.Chosen, id) }

func (s *Site) newAccountForm(q *req) error {
	return s.renderNewAccount(q, newForm(), nil)
}

func (s *Site) renderNewAccount(q *req, f form, chosen []string) error {
	v := &newAccountView{Form: f, Roles: staffRoles, Agencies: s.agencyList(q), Chosen: chosen}
	v.Title = "新建工作人员账户"
	q.render("admin_account_new", v)
	return nil
}

func (s *Site) createAccount(q *req) error {
	f := q.formFrom("login", "displayName", "role")
	chosen := q.r.PostForm["agencyIds"]
	_, err := call(q, func(ctx context.Context) (*foiv1.CreateAccountResponse, error) {
		return s.accounts.CreateAccount(ctx, &foiv1.CreateAccountRequest{Login: f.get("login"), Password: q.r.PostFormValue("password"),
			Role: foiv1.Role(foiv1.Role_value[f.get("role")]), DisplayName: f.get("displayName"), AgencyIds: chosen})
	})
	if p := formProblems(err); p != nil {
		f.Errors = p
		q.w.WriteHeader(http.StatusBadRequest)
		return s.renderNewAccount(q, f, chosen)
	}
	if err != nil {
		return err
	}
	q.redirectWith("/admin/accounts", "已新建账户 "+f.get("login")+"，首次登录时须修改初始密码")
	return nil
}

// accountAction disables or enables an account.
func (s *Site) accountAction(q *req) error {
	id := q.r.PathValue("id")
	var err error
	msg := "账户已停用"
	switch q.r.PathValue("verb") {
	case "enable", "disable":
	default:
		return q.fail(http.StatusNotFound, "页面不存在", "没有这项操作。")
	}
	if q.r.PathValue("verb") == "enable" {
		msg = "账户已启用"
		_, err = call(q, func(ctx context.Context) (*foiv1.EnableAccountResponse, error) {
			return s.accounts.EnableAccount(ctx, &foiv1.EnableAccountRequest{Id: id})
		})
	} else {
		_, err = call(q, func(ctx context.Context) (*foiv1.DisableAccountResponse, error) {
			return s.accounts.DisableAccount(ctx, &foiv1.DisableAccountRequest{Id: id})
		})
	}
	if err != nil {
		return err
	}
	q.redirectWith("/admin/accounts", msg)
	return nil
}

// oneTimeView shows a reset password once: the page is not cached and
// the password is never stored or shown again.
type oneTimeView struct {
	base
	Login, Password string
}

func (s *Site) resetAccountPassword(q *req) error {
	res, err := call(q, func(ctx context.Context) (*foiv1.ResetAccountPasswordResponse, error) {
		return s.accounts.ResetAccountPassword(ctx, &foiv1.ResetAccountPasswordRequest{Id: q.r.PathValue("id")})
	})
	if err != nil {
		return err
	}
	v := &oneTimeView{Login: q.r.PostFormValue("login"), Password: res.GetOneTimePassword()}
	v.Title = "一次性密码"
	q.render("admin_password", v)
	return nil
}

// updateAccount changes a staff account's name, role and agencies,
// sending only the fields changed against the values the form was shown
// with.
func (s *Site) updateAccount(q *req) error {
	id := q.r.PathValue("id")
	f := q.formFrom("account.displayName", "account.role", "was.displayName", "was.role", "was.agencyIds")
	chosen := q.r.PostForm["account.agencyIds"]
	slices.Sort(chosen)
	acc := &foiv1.Account{DisplayName: f.get("account.displayName"), Role: foiv1.Role(foiv1.Role_value[f.get("account.role")]), AgencyIds: chosen}
	mask := &fieldmaskpb.FieldMask{}
	if f.get("account.displayName") != f.get("was.displayName") {
		mask.Paths = append(mask.Paths, "display_name")
	}
	if f.get("account.role") != f.get("was.role") {
		mask.Paths = append(mask.Paths, "role")
	}
	if strings.Join(chosen, ",") != f.get("was.agencyIds") {
		mask.Paths = append(mask.Paths, "agency_ids")
	}
	if len(mask.Paths) == 0 {
		q.redirectWith("/admin/accounts", "账户没有改动")
		return nil
	}
	_, err := call(q, func(ctx context.Context) (*foiv1.UpdateAccountResponse, error) {
		return s.accounts.UpdateAccount(ctx, &foiv1.UpdateAccountRequest{Id: id, Account: acc, UpdateMask: mask})
	})
	if p := formProblems(err); p != nil {
		f.Errors = p
		q.w.WriteHeader(http.StatusBadRequest)
		return s.renderAccounts(q, id, f.prefixed("acct-"+id+"-"))
	}
	if err != nil {
		return err
	}
	q.redirectWith("/admin/accounts", "账户已更新")
	return nil
}

// EditForm is the edit form of row: the refused one with its values and
// messages, or one holding the account's values.
func (v *accountsView) EditForm(r accountRow) form {
	if r.ID == v.Open {
		return v.Form
	}
	f := newForm()
	f.Values["account.displayName"], f.Values["account.role"] = r.Name, r.RoleValue
	return f.prefixed("acct-" + r.ID + "-")
}

// Joined is the sorted agency ids as the edit form carries them.
func (r accountRow) Joined() string {
	ids := slices.Clone(r.AgencyIDs)
	slices.Sort(ids)
	return strings.Join(ids, ",")
}
