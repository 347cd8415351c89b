package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	foiv1 "foi/gen/foi/v1"
)

// An agency's notice templates: the list of kinds with the one in force,
// an editor that previews a template rendered with sample case data before
// it is saved, and each template's versions. The API checks a template
// (PutNoticeTemplate and PreviewNoticeTemplate refuse one that does not
// render, with the reason on the field body) and says who may do what.

func (s *Site) adminTemplateRoutes() {
	s.mux.HandleFunc("GET /admin/agencies/{id}/templates", s.page(signedIn, s.adminTemplates))
	s.mux.HandleFunc("GET /admin/agencies/{id}/templates/{kind}", s.page(signedIn, s.templateForm))
	s.mux.HandleFunc("POST /admin/agencies/{id}/templates/{kind}", s.page(signedIn, s.templateAction))
}

// templatesView lists an agency's notice kinds.
type templatesView struct {
	base
	Agency agencyView
	Rows   []templateRow
}

type templateRow struct {
	Kind, Title, Href, By, At string
	Shipped                   bool
	Version                   int32
}

func (s *Site) adminTemplates(q *req) error {
	a, err := s.findAgency(q, q.r.PathValue("id"))
	if err != nil {
		return err
	}
	res, err := call(q, func(ctx context.Context) (*foiv1.ListNoticeTemplatesResponse, error) {
		return s.agencies.ListNoticeTemplates(ctx, &foiv1.ListNoticeTemplatesRequest{AgencyId: a.GetId()})
	})
	if err != nil {
		return err
	}
	v := &templatesView{Agency: agencyView{ID: a.GetId(), Name: a.GetName(), Code: a.GetCode(), Region: a.GetRegion()}}
	v.Title = a.GetName() + "：文书模板"
	for _, t := range res.GetTemplates() {
		v.Rows = append(v.Rows, templateRow{Kind: t.GetKind(), Title: t.GetTitle(), Shipped: t.GetShipped(), Version: t.GetVersion(),
			By: t.GetUpdatedBy(), At: timeCN(t.GetUpdateTime()), Href: "/admin/agencies/" + a.GetId() + "/templates/" + url.PathEscape(t.GetKind())})
	}
	q.render("admin_templates", v)
	return nil
}

// templateView is the editor of one template: its text, the preview of
// the text last tried, and its versions.
type templateView struct {
	base
	Agency     agencyView
	Kind       string
	KindTitle  string
	Action     string
	Form       form
	Shipped    bool  // the shipped template is in force
	Version    int32 // the version in force (0: never changed)
	Showing    int32 // the version whose text the form holds, when not the one in force
	Preview    string
	Sample     string
	Versions   []versionRow
	ListHref   string
	Unverified bool // the text shown has not been previewed since it was last edited
}

type versionRow struct {
	Version int32
	By, At  string
	Shipped bool
	Href    string
	Current bool
}

func (s *Site) templateForm(q *req) error {
	f := newForm()
	v, err := s.loadTemplate(q, f)
	if err != nil {
		return err
	}
	if n, _ := strconv.Atoi(q.r.URL.Query().Get("version")); n > 0 {
		body, found, err := s.templateVersion(q, v.Agency.ID, v.Kind, int32(n))
		if err != nil {
			return err
		}
		if !found {
			return q.fail(http.StatusNotFound, "没有找到", fmt.Sprintf("该模板没有第%d版。", n))
		}
		v.Showing = int32(n)
		f.Values["body"] = body
	}
	v.Form = f
	q.render("admin_template", v)
	return nil
}

// loadTemplate reads the agency, the template in force (into f, unless f
// already holds a text) and its versions.
func (s *Site) loadTemplate(q *req, f form) (*templateView, error) {
	a, err := s.findAgency(q, q.r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	kind := q.r.PathValue("kind")
	cur, err := call(q, func(ctx context.Context) (*foiv1.GetNoticeTemplateResponse, error) {
		return s.agencies.GetNoticeTemplate(ctx, &foiv1.GetNoticeTemplateRequest{AgencyId: a.GetId(), Kind: kind})
	})
	if status.Code(err) == codes.InvalidArgument {
		return nil, status.Error(codes.NotFound, "没有这种文书")
	}
	if err != nil {
		return nil, err
	}
	vs, err := call(q, func(ctx context.Context) (*foiv1.ListNoticeTemplateVersionsResponse, error) {
		return s.agencies.ListNoticeTemplateVersions(ctx, &foiv1.ListNoticeTemplateVersionsRequest{AgencyId: a.GetId(), Kind: kind})
	})
	if err != nil {
		return nil, err
	}
	base := "/admin/agencies/" + a.GetId() + "/templates/"
	v := &templateView{Agency: agencyView{ID: a.GetId(), Name: a.GetName()}, Kind: kind, KindTitle: kindTitle(kind),
		Action: base + url.PathEscape(kind), Shipped: cur.GetShipped(), Version: cur.GetVersion(), ListHref: "/admin/agencies/" + a.GetId() + "/templates"}
	v.Title = a.GetName() + "：" + v.KindTitle + "模板"
	for _, x := range vs.GetVersions() {
		v.Versions = append(v.Versions, versionRow{Version: x.GetVersion(), By: x.GetUpdatedBy(), At: timeCN(x.GetUpdateTime()), Shipped: x.GetShipped(),
			Href: base + url.PathEscape(kind) + "?version=" + strconv.Itoa(int(x.GetVersion())), Current: x.GetVersion() == cur.GetVersion()})
	}
	if _, ok := f.Values["body"]; !ok {
		f.Values["body"] = cur.GetBody()
	}
	v.Form = f
	return v, nil
}

// templateVersion is the text of version n.
func (s *Site) templateVersion(q *req, agencyID, kind string, n int32) (string, bool, error) {
	vs, err := call(q, func(ctx context.Context) (*foiv1.ListNoticeTemplateVersionsResponse, error) {
		return s.agencies.ListNoticeTemplateVersions(ctx, &foiv1.ListNoticeTemplateVersionsRequest{AgencyId: agencyID, Kind: kind})
	})
	if err != nil {
		return "", false, err
	}
	for _, x := range vs.GetVersions() {
		if x.GetVersion() == n {
			return x.GetBody(), true, nil
		}
	}
	return "", false, nil
}

// templateAction previews, saves, or restores the shipped template.
func (s *Site) templateAction(q *req) error {
	id, kind := q.r.PathValue("id"), q.r.PathValue("kind")
	body := q.r.PostFormValue("body")
	f := newForm()
	f.Values["body"] = body
	here := "/admin/agencies/" + id + "/templates/" + url.PathEscape(kind)
	switch q.r.PostFormValue("do") {
	case "preview":
		res, err := call(q, func(ctx context.Context) (*foiv1.PreviewNoticeTemplateResponse, error) {
			return s.agencies.PreviewNoticeTemplate(ctx, &foiv1.PreviewNoticeTemplateRequest{AgencyId: id, Kind: kind, Body: body})
		})
		if p := formProblems(err); p != nil {
			return s.refuseTemplate(q, f, p)
		}
		if err != nil {
			return err
		}
		v, err := s.loadTemplate(q, f)
		if err != nil {
			return err
		}
		v.Preview, v.Sample = res.GetHtml(), res.GetSample()
		// The preview is the letter itself in a sandboxed frame (no
		// script, no origin), with its own inline print styles.
		q.w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
		q.render("admin_template", v)
		return nil
	case "save", "restore":
		if q.r.PostFormValue("do") == "restore" {
			body = ""
		}
		res, err := call(q, func(ctx context.Context) (*foiv1.PutNoticeTemplateResponse, error) {
			return s.agencies.PutNoticeTemplate(ctx, &foiv1.PutNoticeTemplateRequest{AgencyId: id, Kind: kind, Body: body})
		})
		if p := formProblems(err); p != nil {
			return s.refuseTemplate(q, f, p)
		}
		if err != nil {
			return err
		}
		msg := fmt.Sprintf("已保存为第%d版。此后出具的%s使用新模板；已出具的文书保持原样。", res.GetVersion(), kindTitle(kind))
		if body == "" {
			msg = "已恢复为默认模板。已出具的文书保持原样。"
		}
		q.redirectWith(here, msg)
		return nil
	}
	return q.fail(http.StatusBadRequest, "无法办理", "请选择预览、保存或恢复默认模板。")
}

// refuseTemplate shows the editor again with the API's reasons.
func (s *Site) refuseTemplate(q *req, f form, p *formErrors) error {
	v, err := s.loadTemplate(q, f)
	if err != nil {
		return err
	}
	f.Errors = p
	v.Form = f
	q.w.WriteHeader(http.StatusBadRequest)
	q.render("admin_template", v)
	return nil
}

// kindTitles are the notice kinds' titles, as services/notice prints them.
var kindTitles = map[string]string{
	"RECEIPT": "受理回执", "CLARIFICATION": "补正告知书", "EXTENSION": "延期答复告知书", "DELAYED_DUE_DATE": "延迟答复告知书",
	"CONSULTATION_LETTER": "征求意见函", "DELIVERY_RECORD": "送达回证", "CLOSURE": "办结告知书", "FEE_NOTICE": "收费通知书",
	"REPLY_LETTER": "政府信息公开申请答复书", "DATE_CORRECTION": "日期更正告知书", "CORRECTION_RECEIPT": "更正申请受理告知书",
	"CORRECTION_DECISION": "更正申请答复书",
}

func kindTitle(k string) string {
	if t, ok := kindTitles[k]; ok {
		return t
	}
	return k
}
