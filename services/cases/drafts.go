package cases

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/agency"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/notice"
	"foi/services/outcome"
	"foi/services/pg"
	"foi/services/review"
)

// Draft is one version of a draft reply.
type Draft struct {
	ID        string
	Version   int
	Content   review.Draft
	SHA256    []byte
	AuthorID  string
	CreatedAt time.Time
	Reviews   []DraftReview
	// Changed lists the fields that differ from the previous version.
	Changed []string
}

// DraftReview is something that happened to a draft version.
type DraftReview struct {
	Kind      string // SUBMITTED, RETURNED, APPROVED, SIGN_OFF_REJECTED, SIGNED
	ActorID   string
	ActorName string
	At        time.Time
	Comments  string
	Checks    []review.Result
	Overrides []Override
}

// Override is an officer's reason to submit despite a failed check; the
// legal adviser sees it.
type Override struct {
	Check  string `json:"check"`
	Reason string `json:"reason"`
}

// draftJSON is the stored, hashed form of a draft's content. Its field
// names also name the changes between versions.
type draftJSON struct {
	Outcome         outcome.Outcome       `json:"outcome"`
	WithheldParts   []review.WithheldPart `json:"withheldParts"`
	Reasons         []string              `json:"reasons"`
	LegalBasis      []string              `json:"legalBasis"`
	Facts           string                `json:"facts"`
	RedirectAgency  string                `json:"redirectAgency"`
	RedirectContact string                `json:"redirectContact"`
	RedirectUnknown bool                  `json:"redirectUnknown"`
	DeliveryForm    string                `json:"deliveryForm"`
	Attachments     []review.Attachment   `json:"attachments"`
	Remedies        string                `json:"remedies"`
	Body            string                `json:"body"`
}

func encodeDraft(d review.Draft) []byte {
	b, _ := json.Marshal(draftJSON(d))
	return b
}

func decodeDraft(b []byte) (review.Draft, error) {
	var j draftJSON
	err := json.Unmarshal(b, &j)
	return review.Draft(j), err
}

// validateDraft checks a draft's shape; whether it is a lawful reply is
// for the checks to say.
func validateDraft(d *review.Draft) error {
	var c errs.Collector
	d.Outcome = outcome.Outcome(strings.TrimSpace(string(d.Outcome)))
	if !d.Outcome.Valid() {
		c.Add("outcome", "须选择答复结果")
	}
	for i, p := range d.WithheldParts {
		f := fmt.Sprintf("withheldParts[%d]", i)
		c.MaxLength(f+".part", p.Part, 500)
		c.MaxLength(f+".explanation", p.Explanation, 2000)
		if p.Reason != "" && !p.Reason.Valid() {
			c.Add(f+".reason", "须为八类不予公开理由之一")
		}
	}
	for i, r := range d.Reasons {
		c.MaxLength(fmt.Sprintf("reasons[%d]", i), r, 2000)
	}
	for i, a := range d.Attachments {
		f := fmt.Sprintf("attachments[%d]", i)
		if strings.TrimSpace(a.Title) == "" && a.DocumentID == "" {
			c.Add(f+".title", "须写明所提供文件的名称")
		}
		if a.Pages < 0 || a.Pages > 100000 {
			c.Add(f+".pages", "页数须为 0 至 100000")
		}
	}
	for f, v := range map[string]string{"facts": d.Facts, "redirectAgency": d.RedirectAgency, "redirectContact": d.RedirectContact,
		"deliveryForm": d.DeliveryForm, "remedies": d.Remedies} {
		c.MaxLength(f, v, 2000)
	}
	if utf8.RuneCountInString(d.Body) > 20000 {
		c.Add("body", "正文不能超过 20000 个字")
	}
	if len(d.WithheldParts) > 50 || len(d.Reasons) > 50 || len(d.LegalBasis) > 50 || len(d.Attachments) > 200 {
		c.Add("draft", "条目过多")
	}
	return c.Err()
}

// remediesFor composes the remedies paragraph of an adverse reply made on
// replyOn.
func remediesFor(ag agency.Agency, o outcome.Outcome, replyOn clock.Date) string {
	if !o.Adverse() {
		return ""
	}
	r := review.Remedies{Reconsideration: ag.ReconsiderationAuthority, Court: ag.Court}
	return r.Paragraph(review.ReconsiderationFirst(o, replyOn))
}

// draftable are the states in which an officer may write a new version:
// while processing, and after approval (which then no longer matches, so
// the head cannot sign off until it is reviewed again).
var draftable = []State{Processing, SignOff}

// CreateDraft stores a new version of a case's draft reply. An empty
// remedies paragraph is composed from the agency's remedies bodies.
func (s *Service) CreateDraft(ctx context.Context, who actor.Actor, id string, d review.Draft) (Draft, error) {
	if who.Role != actor.Officer {
		return Draft{}, errs.New(errs.PermissionDenied, who.Role.Label()+"不能起草答复")
	}
	if err := validateDraft(&d); err != nil {
		return Draft{}, err
	}
	var out Draft
	err := pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		app, err := getApplication(ctx, tx, who, id, true)
		if err != nil {
			return err
		}
		if err := mayDraft(&app, who); err != nil {
			return err
		}
		if !slices.Contains(draftable, app.State) {
			return errs.New(errs.FailedPrecondition, fmt.Sprintf("案件当前状态为「%s」，不能起草答复", app.State.Label()))
		}
		ag, err := agency.Lookup(ctx, tx, app.AgencyID)
		if err != nil {
			return err
		}
		if strings.TrimSpace(d.Remedies) == "" {
			d.Remedies = remediesFor(ag, d.Outcome, s.today())
		}
		if err := resolveAttachments(ctx, tx, app.ID, &d); err != nil {
			return err
		}
		content := encodeDraft(d)
		sum := sha256.Sum256(content)
		out = Draft{Content: d, SHA256: sum[:], AuthorID: who.AccountID, CreatedAt: s.now()}
		out.ID, out.Version, err = insertDraft(ctx, tx, app.ID, content, out)
		return err
	})
	return out, err
}

// Drafts lists every version of a case's draft reply with what happened to
// it and what changed from the version before.
func (s *Service) Drafts(ctx context.Context, who actor.Actor, id string) ([]Draft, error) {
	if _, err := getApplication(ctx, s.db, who, id, false); err != nil {
		return nil, err
	}
	return loadDrafts(ctx, s.db, id)
}

// loadDrafts reads a case's draft versions with their reviews and what
// each changed.
func loadDrafts(ctx context.Context, q pg.Querier, appID string) ([]Draft, error) {
	list, raw, err := draftsOf(ctx, q, appID)
	if err != nil {
		return nil, err
	}
	for i := range list {
		if i > 0 {
			list[i].Changed = changedFields(raw[i-1], raw[i])
		}
	}
	reviews, err := draftReviewsOf(ctx, q, appID)
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i].Reviews = reviews[list[i].ID]
	}
	return list, nil
}

// changedFields names the fields whose values differ between two stored
// versions.
func changedFields(a, b string) []string {
	var x, y map[string]json.RawMessage
	_ = json.Unmarshal([]byte(a), &x)
	_ = json.Unmarshal([]byte(b), &y)
	var out []string
	for _, f := range []string{"outcome", "withheldParts", "reasons", "legalBasis", "facts", "redirectAgency", "redirectContact",
		"redirectUnknown", "deliveryForm", "attachments", "remedies", "body"} {
		if !bytes.Equal(x[f], y[f]) {
			out = append(out, f)
		}
	}
	return out
}

// replyData is what the reply letter says, from the signed draft. A legal
// basis the maintained list cannot print refuses the letter: the letter
// says exactly what was approved, or nothing. bases is the maintained
// list, retired entries included: a basis retired after the draft cited it
// still prints (nil: the shipped list).
func replyData(d review.Draft, bases []review.Basis) (notice.Reply, error) {
	if bases == nil {
		bases = review.Bases
	}
	r := notice.Reply{
		Outcome: string(d.Outcome), OutcomeLabel: d.Outcome.Label(), Facts: d.Facts, Reasons: d.Reasons,
		HowProvided: d.DeliveryForm, Remedies: d.Remedies, Body: d.Body,
	}
	for _, p := range d.WithheldParts {
		r.Reasons = append(r.Reasons, fmt.Sprintf("%s：%s。%s", p.Part, p.Reason.Label(), p.Explanation))
	}
	for _, code := range d.LegalBasis {
		b, ok := review.Find(bases, code)
		if !ok {
			return notice.Reply{}, errs.New(errs.FailedPrecondition, fmt.Sprintf(
				"答复稿引用的法律依据 %s 不在法律依据清单中，答复书无法载明；请退回承办人修改后重新审核", code))
		}
		r.LegalBasis = append(r.LegalBasis, b.Text)
	}
	for _, a := range d.Attachments {
		item := "《" + a.Title + "》"
		if a.Pages > 0 {
			item += fmt.Sprintf("（%d页）", a.Pages)
		}
		r.Provided = append(r.Provided, item)
	}
	if d.RedirectAgency != "" {
		r.RedirectAgency = d.RedirectAgency
		if d.RedirectContact != "" {
			r.RedirectAgency += "（联系方式：" + d.RedirectContact + "）"
		}
	}
	return r, nil
}
