package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"slices"
	"strings"

	foiv1 "foi/gen/foi/v1"
)

// The online application asks one topic per page, then shows the answers
// to check before it is sent. Answers travel as hidden fields from page
// to page, so nothing is stored before the applicant submits.
var applySteps = []applyStep{
	{Name: "what", Title: "您要申请哪个机关的什么信息", Fields: []string{"details.agencyId", "details.information.title",
		"details.information.documentNumber", "details.information.description"}},
	{Name: "how", Title: "您希望以什么方式获取信息", Fields: []string{"details.medium", "details.mediumOther",
		"details.delivery", "details.needsAssistance", "details.note"}},
	{Name: "contact", Title: "您的联系方式", Fields: []string{"details.applicant.phone", "details.applicant.email", "details.applicant.address"}},
}

type applyStep struct {
	Name, Title string
	Fields      []string
}

// applyFields is every answer of the application, plus the retry key.
var applyFields = func() []string {
	out := []string{"requestId"}
	for _, s := range applySteps {
		out = append(out, s.Fields...)
	}
	return out
}()

// applyView is one page of the online application.
type applyView struct {
	base
	Step       string
	StepNo     int
	Heading    string
	Form       form
	Hidden     []detailRow // answers of the other pages
	Agencies   []option
	Media      []option
	Deliveries []option
	Identity   []detailRow
	Answers    []answerRow // the check-your-answers page
}

type answerRow struct {
	Key, Value, Step string
}

func (s *Site) applyStart(q *req) error {
	f := newForm()
	f.Values["requestId"] = newRequestID()
	f.Values["details.agencyId"] = q.r.URL.Query().Get("agency")
	id := q.me.GetIdentity()
	f.Values["details.applicant.phone"] = id.GetPhone()
	f.Values["details.applicant.email"] = id.GetEmail()
	f.Values["details.applicant.address"] = id.GetAddress()
	return s.renderApply(q, "what", f)
}

// applyPost moves between the pages: "go" names the page to show next,
// or "submit" to send the application.
func (s *Site) applyPost(q *req) error {
	f := q.formFrom(applyFields...)
	if f.get("requestId") == "" {
		f.Values["requestId"] = newRequestID()
	}
	switch to := q.r.PostFormValue("go"); to {
	case "submit":
		return s.submitApplication(q, f)
	case "what", "how", "contact", "check":
		return s.renderApply(q, to, f)
	default:
		return s.renderApply(q, "what", f)
	}
}

func (s *Site) submitApplication(q *req, f form) error {
	res, err := call(q, func(ctx context.Context) (*foiv1.SubmitApplicationResponse, error) {
		return s.apps.SubmitApplication(ctx, &foiv1.SubmitApplicationRequest{RequestId: f.get("requestId"), Details: detailsFrom(f, q.me.GetIdentity())})
	})
	if p := formProblems(err); p != nil {
		f.Errors = p
		q.w.WriteHeader(http.StatusBadRequest)
		return s.renderApply(q, stepOf(p), f)
	}
	if err != nil {
		return err
	}
	q.redirect("/apply/done/" + res.GetApplication().GetId())
	return nil
}

// stepOf is the first page holding a field the API named; problems of no
// field are shown on the check page.
func stepOf(p *formErrors) string {
	for _, st := range applySteps {
		for _, fld := range st.Fields {
			if p.For(fld) != "" {
				return st.Name
			}
		}
	}
	if slices.ContainsFunc(p.Items, func(it errItem) bool { return strings.HasPrefix(it.Anchor, anchor("details.applicant")) }) {
		return "contact"
	}
	return "check"
}

// detailsFrom builds the application from the answers; the applicant's
// identity is the account's own.
func detailsFrom(f form, id *foiv1.Applicant) *foiv1.ApplicationDetails {
	who := &foiv1.Applicant{Type: id.GetType(), Name: id.GetName(), IdType: id.GetIdType(), IdNumber: id.GetIdNumber(),
		ContactPerson: id.GetContactPerson(), Phone: f.get("details.applicant.phone"), Email: f.get("details.applicant.email"),
		Address: f.get("details.applicant.address")}
	return &foiv1.ApplicationDetails{
		AgencyId:  f.get("details.agencyId"),
		Applicant: who,
		Information: &foiv1.RequestedInformation{Title: f.get("details.information.title"),
			DocumentNumber: f.get("details.information.documentNumber"), Description: f.get("details.information.description")},
		Medium:          foiv1.InformationMedium(foiv1.InformationMedium_value[f.get("details.medium")]),
		MediumOther:     f.get("details.mediumOther"),
		Delivery:        foiv1.DeliveryMethod(foiv1.DeliveryMethod_value[f.get("details.delivery")]),
		NeedsAssistance: f.get("details.needsAssistance") == "yes",
		Note:            f.get("details.note"),
	}
}

func (s *Site) renderApply(q *req, step string, f form) error {
	names := s.agencyNames(q)
	v := &applyView{Step: step, Form: f, Media: media, Deliveries: deliveries}
	for id, n := range names {
		v.Agencies = append(v.Agencies, option{id, n})
	}
	slices.SortFunc(v.Agencies, func(a, b option) int { return strings.Compare(a.Label, b.Label) })
	id := q.me.GetIdentity()
	v.Identity = []detailRow{{"申请人", id.GetName()}, {"身份证明", labelOf(idTypes, id.GetIdType().String()) + " " + id.GetIdNumber()}}
	own := []string{"requestId"}
	for i, st := range applySteps {
		if st.Name == step {
			v.StepNo, v.Heading, own = i+1, st.Title, append(own, st.Fields...)
		}
	}
	if step == "check" {
		v.Heading, v.StepNo = "请核对您的申请", len(applySteps)+1
		v.Answers = answersOf(f, names)
	}
	for _, n := range applyFields {
		if !slices.Contains(own, n) || step == "check" {
			v.Hidden = append(v.Hidden, detailRow{n, f.get(n)})
		}
	}
	if step != "check" {
		v.Hidden = append(v.Hidden, detailRow{"requestId", f.get("requestId")})
	}
	v.Title = v.Heading
	q.render("apply", v)
	return nil
}

func answersOf(f form, agencies map[string]string) []answerRow {
	assist := "否"
	if f.get("details.needsAssistance") == "yes" {
		assist = "是"
	}
	return []answerRow{
		{"受理机关", agencies[f.get("details.agencyId")], "what"},
		{"所需信息名称", f.get("details.information.title"), "what"},
		{"文号", f.get("details.information.documentNumber"), "what"},
		{"信息描述", f.get("details.information.description"), "what"},
		{"获取信息的方式", labelOf(media, f.get("details.medium")) + suffix("：", f.get("details.mediumOther")), "how"},
		{"获取信息的途径", labelOf(deliveries, f.get("details.delivery")), "how"},
		{"需要协助", assist, "how"},
		{"备注", f.get("details.note"), "how"},
		{"联系电话", f.get("details.applicant.phone"), "contact"},
		{"电子邮箱", f.get("details.applicant.email"), "contact"},
		{"通信地址", f.get("details.applicant.address"), "contact"},
	}
}

func newRequestID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return "web-" + hex.EncodeToString(b)
}

// doneView is the confirmation after an online application.
type doneView struct {
	base
	TrackingNumber string
	Agency         string
	InfoTitle      string
	ID             string
}

func (s *Site) applyDone(q *req) error {
	id := q.r.PathValue("id")
	res, err := call(q, func(ctx context.Context) (*foiv1.GetApplicationResponse, error) {
		return s.apps.GetApplication(ctx, &foiv1.GetApplicationRequest{Id: id})
	})
	if err != nil {
		return err
	}
	a := res.GetApplication()
	v := &doneView{TrackingNumber: a.GetTrackingNumber(), Agency: s.agencyName(q, a.GetDetails().GetAgencyId()), InfoTitle: caseTitle(a), ID: a.GetId()}
	v.Title = "申请已提交"
	q.render("done", v)
	return nil
}
