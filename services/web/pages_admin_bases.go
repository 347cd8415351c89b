package web

import (
	"context"
	"net/http"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	foiv1 "foi/gen/foi/v1"
)

// basesView lists the maintained legal bases, retired ones included, with
// the form adding one.
type basesView struct {
	base
	Bases []basisRow
	Form  form
}

type basisRow struct {
	Code, Text string
	Retired    bool
}

// retireView asks the administrator to confirm a basis's retirement.
type retireView struct {
	base
	Basis basisRow
}

// adminOnly refuses the pages of the list to anyone but administrators:
// staff read the list through the draft form, and only administrators
// change it (the API refuses others' changes too).
func adminOnly(q *req) error {
	if q.role() != foiv1.Role_ROLE_ADMIN {
		return status.Error(codes.PermissionDenied, "只有系统管理员可以维护法律依据")
	}
	return nil
}

func (s *Site) adminBases(q *req) error {
	if err := adminOnly(q); err != nil {
		return err
	}
	return s.renderBases(q, newForm())
}

func (s *Site) renderBases(q *req, f form) error {
	list, err := s.basisList(q)
	if err != nil {
		return err
	}
	v := &basesView{Bases: list, Form: f}
	v.Title = "法律依据"
	q.render("admin_bases", v)
	return nil
}

// basisList is the maintained list, retired bases included.
func (s *Site) basisList(q *req) ([]basisRow, error) {
	res, err := call(q, func(ctx context.Context) (*foiv1.ListLegalBasesResponse, error) {
		return s.reviews.ListLegalBases(ctx, &foiv1.ListLegalBasesRequest{IncludeRetired: true})
	})
	if err != nil {
		return nil, err
	}
	out := make([]basisRow, 0, len(res.GetBases()))
	for _, b := range res.GetBases() {
		out = append(out, basisRow{Code: b.GetCode(), Text: b.GetText(), Retired: b.GetRetired()})
	}
	return out, nil
}

func (s *Site) createBasis(q *req) error {
	f := q.formFrom("code", "text")
	_, err := call(q, func(ctx context.Context) (*foiv1.CreateLegalBasisResponse, error) {
		return s.reviews.CreateLegalBasis(ctx, &foiv1.CreateLegalBasisRequest{Code: f.get("code"), Text: f.get("text")})
	})
	if p := formProblems(err); p != nil {
		f.Errors = p
		q.w.WriteHeader(http.StatusBadRequest)
		return s.renderBases(q, f)
	}
	if err != nil {
		return err
	}
	q.redirectWith("/admin/legal-bases", "已新增法律依据："+f.get("code"))
	return nil
}

// retireForm shows the basis and asks to confirm: a retired basis can no
// longer be cited in a new draft, and retiring cannot be undone here.
func (s *Site) retireForm(q *req) error {
	if err := adminOnly(q); err != nil {
		return err
	}
	code := q.r.PathValue("code")
	list, err := s.basisList(q)
	if err != nil {
		return err
	}
	for _, b := range list {
		if b.Code == code {
			v := &retireView{Basis: b}
			v.Title = "停用法律依据"
			q.render("admin_basis_retire", v)
			return nil
		}
	}
	f := newForm()
	f.Errors.add("", "没有代码为 "+code+" 的法律依据")
	q.w.WriteHeader(http.StatusNotFound)
	return s.renderBases(q, f)
}

func (s *Site) retireBasis(q *req) error {
	code := q.r.PathValue("code")
	_, err := call(q, func(ctx context.Context) (*foiv1.RetireLegalBasisResponse, error) {
		return s.reviews.RetireLegalBasis(ctx, &foiv1.RetireLegalBasisRequest{Code: code})
	})
	p := formProblems(err)
	if st, ok := status.FromError(err); ok && st.Code() == codes.NotFound {
		p = &formErrors{}
		p.add("", st.Message())
	}
	if p != nil {
		q.w.WriteHeader(http.StatusBadRequest)
		return s.renderBases(q, form{Values: map[string]string{}, Errors: p})
	}
	if err != nil {
		return err
	}
	q.redirectWith("/admin/legal-bases", "已停用法律依据："+code)
	return nil
}
