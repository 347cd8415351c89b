package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	foiv1 "foi/gen/foi/v1"
)

// withheldRows is how many withheld parts the draft editor offers.
const withheldRows = 3

var draftFields = func() []string {
	out := []string{"outcome", "reasons", "facts", "redirectAgency", "deliveryForm", "remedies", "body"}
	for i := range withheldRows {
		p := fmt.Sprintf("withheldParts[%d].", i)
		out = append(out, p+"part", p+"reason", p+"explanation")
	}
	return out
}()

// draftEditView is the officer's draft editor: the reply's parts, the
// checks the service runs on the saved version, and the submission with
// a reason for each failed check the officer stands by.
type draftEditView struct {
	base
	ID        string
	Version   int64
	Header    headerView
	Form      form
	Outcomes  []option
	Reasons   []option
	Bases     []baseOption
	Parts     []int
	Saved     int32        // the latest saved version, 0 for none
	Reviews   []reviewView // what happened to the latest version: returns and their comments
	Checks    []checkView
	Failed    bool
	Submit    form
	Overrides map[string]string
}

type baseOption struct {
	Code, Text, ID string
	Checked        bool
}

func (s *Site) draftForm(q *req) error {
	return s.renderDraft(q, q.r.PathValue("id"), nil, nil)
}

// renderDraft shows the editor: edited is the refused form to show again
// (nil: the latest saved draft), submit the refused submission.
func (s *Site) renderDraft(q *req, id string, edited *form, submit *form) error {
	c, err := s.loadCase(q, id)
	if err != nil {
		return err
	}
	drafts, err := call(q, func(ctx context.Context) (*foiv1.ListDraftsResponse, error) {
		return s.reviews.ListDrafts(ctx, &foiv1.ListDraftsRequest{Id: id})
	})
	if err != nil {
		return err
	}
	bases, err := call(q, func(ctx context.Context) (*foiv1.ListLegalBasesResponse, error) {
		return s.reviews.ListLegalBases(ctx, &foiv1.ListLegalBasesRequest{})
	})
	if err != nil {
		return err
	}
	v := &draftEditView{ID: id, Version: c.app.GetVersion(), Header: headerOf(c), Outcomes: replyOutcomes, Parts: []int{0, 1, 2}, Submit: newForm()}
	for _, r := range bases.GetWithheldReasons() {
		v.Reasons = append(v.Reasons, option{r.GetReason().String(), r.GetLabel()})
	}
	var chosen []string
	if ds := drafts.GetDrafts(); len(ds) > 0 {
		latest := ds[len(ds)-1]
		v.Saved = latest.GetVersion()
		v.Reviews = draftOf(latest, nil, nil).Reviews
		v.Form, chosen = formOfDraft(latest.GetContent()), latest.GetContent().GetLegalBasis()
		checks, err := call(q, func(ctx context.Context) (*foiv1.CheckDraftResponse, error) {
			return s.reviews.CheckDraft(ctx, &foiv1.CheckDraftRequest{Id: id})
		})
		if err != nil {
			return err
		}
		for _, ch := range checks.GetChecks() {
			v.Checks = append(v.Checks, checkView{ID: ch.GetId(), Message: ch.GetMessage(), Passed: ch.GetPassed()})
			v.Failed = v.Failed || !ch.GetPassed()
		}
	} else {
		v.Form = newForm()
	}
	if edited != nil {
		v.Form, chosen = *edited, q.r.PostForm["legalBasis"]
	}
	if submit != nil {
		v.Submit = *submit
	}
	for _, b := range bases.GetBases() {
		v.Bases = append(v.Bases, baseOption{Code: b.GetCode(), Text: b.GetText(), ID: anchor("legalBasis-" + b.GetCode()), Checked: slices.Contains(chosen, b.GetCode())})
	}
	v.Title = "答复稿"
	q.render("draft", v)
	return nil
}

func formOfDraft(c *foiv1.DraftContent) form {
	f := newForm()
	f.Values["outcome"] = c.GetOutcome().String()
	for _, k := range []struct{ name, value string }{{"facts", c.GetFacts()}, {"redirectAgency", c.GetRedirectAgency()},
		{"deliveryForm", c.GetDeliveryForm()}, {"remedies", c.GetRemedies()}, {"body", c.GetBody()}} {
		f.Values[k.name] = k.value
	}
	for _, r := range c.GetReasons() {
		f.Values["reasons"] += r + "\n"
	}
	for i, w := range c.GetWithheldParts() {
		p := fmt.Sprintf("withheldParts[%d].", i)
		f.Values[p+"part"], f.Values[p+"reason"], f.Values[p+"explanation"] = w.GetPart(), w.GetReason().String(), w.GetExplanation()
	}
	return f
}

func contentOf(f form, bases []string) *foiv1.DraftContent {
	c := &foiv1.DraftContent{
		Outcome: foiv1.Outcome(foiv1.Outcome_value[f.get("outcome")]), Reasons: lines(f.get("reasons")), LegalBasis: bases,
		Facts: f.get("facts"), RedirectAgency: f.get("redirectAgency"), DeliveryForm: f.get("deliveryForm"),
		Remedies: f.get("remedies"), Body: f.get("body"),
	}
	for i := range withheldRows {
		p := fmt.Sprintf("withheldParts[%d].", i)
		if f.get(p+"part") == "" && f.get(p+"explanation") == "" && f.get(p+"reason") == "" {
			continue
		}
		c.WithheldParts = append(c.WithheldParts, &foiv1.WithheldPart{Part: f.get(p + "part"),
			Reason: foiv1.WithheldReason(foiv1.WithheldReason_value[f.get(p+"reason")]), Explanation: f.get(p + "explanation")})
	}
	return c
}

// saveDraft stores a new version of the draft; the editor then shows the
// checks run on it.
func (s *Site) saveDraft(q *req) error {
	id := q.r.PathValue("id")
	f := q.formFrom(draftFields...)
	res, err := call(q, func(ctx context.Context) (*foiv1.CreateDraftResponse, error) {
		return s.reviews.CreateDraft(ctx, &foiv1.CreateDraftRequest{Id: id, Content: contentOf(f, q.r.PostForm["legalBasis"])})
	})
	if p := formProblems(err); p != nil {
		f.Errors = p
		q.w.WriteHeader(http.StatusBadRequest)
		return s.renderDraft(q, id, &f, nil)
	}
	if err != nil {
		return err
	}
	q.redirectWith("/cases/"+id+"/draft", fmt.Sprintf("已保存答复稿第 %d 版，检查结果见下方", res.GetDraft().GetVersion()))
	return nil
}

// submitDraft sends the saved draft to legal review, with the officer's
// reason for each failed check they stand by.
func (s *Site) submitDraft(q *req) error {
	id := q.r.PathValue("id")
	version, _ := strconv.ParseInt(q.r.PostFormValue("version"), 10, 64)
	sub := newForm()
	var overrides []*foiv1.CheckOverride
	for _, check := range q.r.PostForm["check"] {
		name := "override." + check
		sub.Values[name] = q.r.PostFormValue(name)
		if r := sub.Values[name]; r != "" {
			overrides = append(overrides, &foiv1.CheckOverride{Check: check, Reason: r})
		}
	}
	_, err := call(q, func(ctx context.Context) (*foiv1.SubmitDraftResponse, error) {
		return s.workflow.SubmitDraft(ctx, &foiv1.SubmitDraftRequest{Id: id, Version: version, Overrides: overrides})
	})
	switch {
	case err == nil:
		q.redirectWith("/cases/"+id, "答复稿已提交")
		return nil
	case status.Code(err) == codes.Aborted:
		q.redirectWith("/cases/"+id+"/draft", staleMessage)
		return nil
	}
	p := formProblems(err)
	if p == nil {
		return err
	}
	sub.Errors = p
	q.w.WriteHeader(http.StatusBadRequest)
	return s.renderDraft(q, id, nil, &sub)
}
