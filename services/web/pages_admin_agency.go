package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	foiv1 "foi/gen/foi/v1"
)

// policyFields are the policy form's fields: the API's JSON path, the
// mask's proto name.
var policyFields = []struct{ Path, Mask string }{
	{"policy.autoConfirmOnline", "auto_confirm_online"},
	{"policy.onTheSpotOutcomes", "on_the_spot_outcomes"},
	{"policy.supplementDays", "supplement_days"},
	{"policy.feePausesClock", "fee_pauses_clock"},
	{"policy.skipReviewOutcomes", "skip_review_outcomes"},
	{"policy.reconsiderationAuthority", "reconsideration_authority"},
	{"policy.court", "court"},
	{"policy.correctionDays", "correction_days"},
}

// outcomeNames are the outcomes by the names agency policy uses
// (DISCLOSED), labelled in Chinese.
var outcomeNames = func() []option {
	var out []option
	for _, o := range replyOutcomes {
		out = append(out, option{strings.TrimPrefix(o.Value, "OUTCOME_"), o.Label})
	}
	return out
}()

// agenciesView lists the agencies, with the form creating one.
type agenciesView struct {
	base
	Agencies []agencyView
	Form     form
}

func (s *Site) adminAgencies(q *req) error { return s.renderAgencies(q, newForm()) }

func (s *Site) renderAgencies(q *req, f form) error {
	v := &agenciesView{Agencies: s.agencyList(q), Form: f}
	v.Title = "机关管理"
	q.render("admin_agencies", v)
	return nil
}

func (s *Site) createAgency(q *req) error {
	f := q.formFrom("code", "name", "region")
	_, err := call(q, func(ctx context.Context) (*foiv1.CreateAgencyResponse, error) {
		return s.agencies.CreateAgency(ctx, &foiv1.CreateAgencyRequest{Code: f.get("code"), Name: f.get("name"), Region: f.get("region")})
	})
	if p := formProblems(err); p != nil {
		f.Errors = p
		q.w.WriteHeader(http.StatusBadRequest)
		return s.renderAgencies(q, f)
	}
	if err != nil {
		return err
	}
	q.redirectWith("/admin/agencies", "已新建机关："+f.get("name"))
	return nil
}

// policyView is one agency's policy form; it carries the values it was
// shown with, so that only the fields changed are sent.
type policyView struct {
	base
	Agency   agencyView
	Form     form
	Outcomes []option
	Was      []option
}

// Ticked reports whether value is chosen in the multi-valued field name.
func (v *policyView) Ticked(name, value string) bool {
	return slices.Contains(strings.Split(v.Form.Values[name], ","), value)
}

func (s *Site) findAgency(q *req, id string) (*foiv1.Agency, error) {
	res, err := call(q, func(ctx context.Context) (*foiv1.ListAgenciesResponse, error) {
		return s.agencies.ListAgencies(ctx, &foiv1.ListAgenciesRequest{PageSize: 500})
	})
	if err != nil {
		return nil, err
	}
	for _, a := range res.GetAgencies() {
		if a.GetId() == id {
			return a, nil
		}
	}
	return nil, status.Error(codes.NotFound, "没有这个机关")
}

func policyValues(a *foiv1.Agency) map[string]string {
	b := func(x bool) string {
		if x {
			return "true"
		}
		return ""
	}
	sorted := func(l []string) string {
		l = slices.Clone(l)
		slices.Sort(l)
		return strings.Join(l, ",")
	}
	return map[string]string{
		"policy.autoConfirmOnline": b(a.GetAutoConfirmOnline()), "policy.onTheSpotOutcomes": sorted(a.GetOnTheSpotOutcomes()),
		"policy.supplementDays": strconv.Itoa(int(a.GetSupplementDays())), "policy.feePausesClock": b(a.GetFeePausesClock()),
		"policy.skipReviewOutcomes": sorted(a.GetSkipReviewOutcomes()), "policy.reconsiderationAuthority": a.GetReconsiderationAuthority(),
		"policy.court": a.GetCourt(), "policy.correctionDays": strconv.Itoa(int(a.GetCorrectionDays())),
	}
}

func (s *Site) policyForm(q *req) error {
	a, err := s.findAgency(q, q.r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm()
	for k, v := range policyValues(a) {
		f.Values[k], f.Values["was."+k] = v, v
	}
	return s.renderPolicy(q, a, f)
}

func (s *Site) renderPolicy(q *req, a *foiv1.Agency, f form) error {
	v := &policyView{Agency: agencyView{ID: a.GetId(), Name: a.GetName(), Code: a.GetCode(), Region: a.GetRegion()}, Form: f, Outcomes: outcomeNames}
	for _, p := range policyFields {
		v.Was = append(v.Was, option{"was." + p.Path, f.Values["was."+p.Path]})
	}
	v.Title = a.GetName() + "：办理规则"
	q.render("admin_policy", v)
	return nil
}

// updatePolicy sends the fields changed on the form, and only those.
func (s *Site) updatePolicy(q *req) error {
	id := q.r.PathValue("id")
	f := newForm()
	mask := &fieldmaskpb.FieldMask{}
	for _, p := range policyFields {
		vals := q.r.PostForm[p.Path]
		slices.Sort(vals)
		f.Values[p.Path] = strings.TrimSpace(strings.Join(vals, ","))
		f.Values["was."+p.Path] = q.r.PostFormValue("was." + p.Path)
		if f.Values[p.Path] != f.Values["was."+p.Path] {
			mask.Paths = append(mask.Paths, p.Mask)
		}
	}
	if len(mask.Paths) == 0 {
		q.redirectWith("/admin/agencies/"+id, "办理规则没有改动")
		return nil
	}
	split := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(s, ",")
	}
	days, _ := strconv.Atoi(f.get("policy.supplementDays"))
	correctionDays, _ := strconv.Atoi(f.get("policy.correctionDays"))
	pol := &foiv1.AgencyPolicy{
		AutoConfirmOnline: f.get("policy.autoConfirmOnline") == "true", OnTheSpotOutcomes: split(f.get("policy.onTheSpotOutcomes")),
		SupplementDays: int32(days), FeePausesClock: f.get("policy.feePausesClock") == "true",
		SkipReviewOutcomes: split(f.get("policy.skipReviewOutcomes")), ReconsiderationAuthority: f.get("policy.reconsiderationAuthority"),
		Court: f.get("policy.court"), CorrectionDays: int32(correctionDays),
	}
	_, err := call(q, func(ctx context.Context) (*foiv1.UpdateAgencyPolicyResponse, error) {
		return s.agencies.UpdateAgencyPolicy(ctx, &foiv1.UpdateAgencyPolicyRequest{Id: id, Policy: pol, UpdateMask: mask})
	})
	if p := formProblems(err); p != nil {
		f.Errors = p
		a, aerr := s.findAgency(q, id)
		if aerr != nil {
			return aerr
		}
		q.w.WriteHeader(http.StatusBadRequest)
		return s.renderPolicy(q, a, f)
	}
	if err != nil {
		return err
	}
	q.redirectWith("/admin/agencies/"+id, "办理规则已更新")
	return nil
}
