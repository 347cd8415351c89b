package cases

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/agency"
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
		if strings.TrimSpace(a.Title) == "" {
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

// remediesFor composes the remedies paragraph of an adverse reply.
func remediesFor(app *Application, ag agency.Agency, o outcome.Outcome) string {
	if !o.Adverse() {
		return ""
	}
	r := review.Remedies{Reconsideration: ag.ReconsiderationAuthority, Court: ag.Court}
	return r.Paragraph(review.ReconsiderationFirst(o, app.ReceivedOn))
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
		if !slices.Contains(draftable, app.State) {
			return errs.New(errs.FailedPrecondition, fmt.Sprintf("案件当前状态为「%s」，不能起草答复", app.State.Label()))
		}
		ag, err := agency.Lookup(ctx, tx, app.AgencyID)
		if err != nil {
			return err
		}
		if strings.TrimSpace(d.Remedies) == "" {
			d.Remedies = remediesFor(&app, ag, d.Outcome)
		}
		content := encodeDraft(d)
		sum := sha256.Sum256(content)
		out = Draft{Content: d, SHA256: sum[:], AuthorID: who.AccountID, CreatedAt: s.now()}
		return tx.QueryRow(ctx, `
			INSERT INTO drafts (application_id, version, content, sha256, author_id, created_at)
			VALUES ($1, (SELECT coalesce(max(version), 0) + 1 FROM drafts WHERE application_id = $1), $2, $3, $4, $5)
			RETURNING id, version`, app.ID, string(content), sum[:], who.AccountID, out.CreatedAt).Scan(&out.ID, &out.Version)
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

func loadDrafts(ctx context.Context, q pg.Querier, appID string) ([]Draft, error) {
	rows, _ := q.Query(ctx, `SELECT id, version, content, sha256, author_id, created_at FROM drafts WHERE application_id = $1 ORDER BY version`, appID)
	var list []Draft
	var raw []string
	var d Draft
	var content string
	if _, err := pgx.ForEachRow(rows, []any{&d.ID, &d.Version, &content, &d.SHA256, &d.AuthorID, &d.CreatedAt}, func() error {
		c, err := decodeDraft([]byte(content))
		if err != nil {
			return err
		}
		x := d
		x.Content = c
		list = append(list, x)
		raw = append(raw, content)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("read drafts: %w", err)
	}
	for i := range list {
		if i > 0 {
			list[i].Changed = changedFields(raw[i-1], raw[i])
		}
	}
	rows, _ = q.Query(ctx, `
		SELECT r.draft_id, r.kind, coalesce(r.actor_id::text, ''), r.actor_name, r.at, r.comments, r.checks, r.overrides
		FROM draft_reviews r JOIN drafts d ON d.id = r.draft_id WHERE d.application_id = $1 ORDER BY r.id`, appID)
	var draftID, checks, overrides string
	var r DraftReview
	_, err := pgx.ForEachRow(rows, []any{&draftID, &r.Kind, &r.ActorID, &r.ActorName, &r.At, &r.Comments, &checks, &overrides}, func() error {
		x := r
		if err := json.Unmarshal([]byte(checks), &x.Checks); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(overrides), &x.Overrides); err != nil {
			return err
		}
		for i := range list {
			if list[i].ID == draftID {
				list[i].Reviews = append(list[i].Reviews, x)
			}
		}
		return nil
	})
	return list, err
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

// latestDraft returns the newest version of a case's draft, with the hash
// of its content as stored now.
func latestDraft(ctx context.Context, tx pgx.Tx, appID string) (Draft, []byte, error) {
	var d Draft
	var content string
	err := tx.QueryRow(ctx, `SELECT id, version, content, sha256, author_id, created_at FROM drafts
		WHERE application_id = $1 ORDER BY version DESC LIMIT 1`, appID).Scan(&d.ID, &d.Version, &content, &d.SHA256, &d.AuthorID, &d.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return Draft{}, nil, errs.New(errs.FailedPrecondition, "本案尚未起草答复")
	}
	if err != nil {
		return Draft{}, nil, err
	}
	if d.Content, err = decodeDraft([]byte(content)); err != nil {
		return Draft{}, nil, err
	}
	sum := sha256.Sum256([]byte(content))
	return d, sum[:], nil
}

func (s *Service) addReview(ctx context.Context, tx pgx.Tx, draftID, kind string, who actor.Actor, comments string, checks []review.Result, overrides []Override) error {
	if checks == nil {
		checks = []review.Result{}
	}
	if overrides == nil {
		overrides = []Override{}
	}
	c, _ := json.Marshal(checks)
	o, _ := json.Marshal(overrides)
	var actorID *string
	if who.AccountID != "" {
		actorID = &who.AccountID
	}
	_, err := tx.Exec(ctx, `INSERT INTO draft_reviews (draft_id, kind, actor_id, actor_name, at, comments, checks, overrides)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, draftID, kind, actorID, who.Name, s.now(), comments, string(c), string(o))
	return err
}

// reviewCase gathers what the checks need to know about a case.
func (s *Service) reviewCase(ctx context.Context, tx pgx.Tx, app *Application) (review.Case, error) {
	c := review.Case{ReceivedOn: app.ReceivedOn, DueOn: app.DueOn, ReplyOn: s.today(),
		Clarified: !app.ClarificationOn.IsZero(), LateClarification: app.LateClarification}
	rows, _ := tx.Query(ctx, `SELECT mode = 'PER_PIECE', pieces, pages, max_fen, amount_fen FROM fee_notices WHERE application_id = $1 ORDER BY issued_on, id`, app.ID)
	var f review.Fee
	_, err := pgx.ForEachRow(rows, []any{&f.PerPiece, &f.Pieces, &f.Pages, &f.MaxFen, &f.AmountFen}, func() error {
		c.Fees = append(c.Fees, f)
		return nil
	})
	return c, err
}

// CheckDraft runs the checks on a case's newest draft as they would run
// on submission now.
func (s *Service) CheckDraft(ctx context.Context, who actor.Actor, id string) ([]review.Result, error) {
	var out []review.Result
	err := pg.InTx(ctx, s.db, func(tx pgx.Tx) error {
		app, err := getApplication(ctx, tx, who, id, false)
		if err != nil {
			return err
		}
		d, _, err := latestDraft(ctx, tx, app.ID)
		if err != nil {
			return err
		}
		c, err := s.reviewCase(ctx, tx, &app)
		if err != nil {
			return err
		}
		out = review.Check(d.Content, c)
		return nil
	})
	return out, err
}

// SubmitDraft submits the newest draft for legal review after running the
// checks: a failed check blocks it unless the officer overrides that check
// with a reason. Outcomes the agency replies without review go straight to
// the head's sign-off.
func (s *Service) SubmitDraft(ctx context.Context, who actor.Actor, id string, version int64, overrides []Override) (Application, error) {
	return s.transition(ctx, who, id, version, SubmitDraft, func(tx pgx.Tx, app *Application, ag agency.Agency) (step, error) {
		d, sum, err := latestDraft(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		facts, err := s.reviewCase(ctx, tx, app)
		if err != nil {
			return step{}, err
		}
		results := review.Check(d.Content, facts)
		failed := review.Failed(results)
		var c errs.Collector
		overridden := map[string]bool{}
		for i, o := range overrides {
			f := fmt.Sprintf("overrides[%d]", i)
			switch {
			case !slices.Contains(failed, o.Check):
				c.Add(f+".check", "该项检查已通过或不存在，无需说明")
			case strings.TrimSpace(o.Reason) == "":
				c.Add(f+".reason", "须说明不予纠正而坚持提交的理由")
			default:
				overridden[o.Check] = true
			}
		}
		if err := c.Err(); err != nil {
			return step{}, err
		}
		var blocking []string
		for _, r := range results {
			if !r.Passed && !overridden[r.ID] {
				blocking = append(blocking, r.ID+"（"+r.Message+"）")
			}
		}
		if len(blocking) > 0 {
			return step{}, errs.New(errs.FailedPrecondition, "答复稿未通过以下检查："+strings.Join(blocking, "；")+
				"。请修改后重新提交，或逐项说明理由后提交")
		}
		if err := s.addReview(ctx, tx, d.ID, "SUBMITTED", who, "", results, overrides); err != nil {
			return step{}, err
		}
		st := step{payload: map[string]any{"draftVersion": d.Version, "sha256": fmt.Sprintf("%x", sum), "outcome": d.Content.Outcome,
			"failedChecks": failed, "overrides": overrides}}
		app.approvedDraftID, app.approvedDraftHash = "", nil
		if !d.Content.Outcome.Adverse() && slices.Contains(ag.SkipReviewOutcomes, d.Content.Outcome) {
			// The agency replies this outcome without review: the head signs
			// off the version submitted.
			st.guard = ReviewSkipped
			app.approvedDraftID, app.approvedDraftHash = d.ID, sum
		}
		return st, nil
	})
}

// submittedDraft is the draft version under review: the newest, which must
// be the one last submitted.
func submittedDraft(ctx context.Context, tx pgx.Tx, appID string) (Draft, []byte, error) {
	d, sum, err := latestDraft(ctx, tx, appID)
	if err != nil {
		return Draft{}, nil, err
	}
	var kind string
	err = tx.QueryRow(ctx, `SELECT kind FROM draft_reviews WHERE draft_id = $1 ORDER BY id DESC LIMIT 1`, d.ID).Scan(&kind)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && kind != "SUBMITTED") {
		return Draft{}, nil, errs.New(errs.FailedPrecondition, fmt.Sprintf("第 %d 版答复稿尚未提交审核", d.Version))
	}
	return d, sum, err
}

// ReturnDraft sends the draft back to the officer with the legal adviser's
// comments, which the draft keeps.
func (s *Service) ReturnDraft(ctx context.Context, who actor.Actor, id string, version int64, comments string) (Application, error) {
	return s.transition(ctx, who, id, version, ReturnDraft, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		var c errs.Collector
		comments = required(&c, "comments", comments, 5000)
		if err := c.Err(); err != nil {
			return step{}, err
		}
		d, _, err := submittedDraft(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		if err := s.addReview(ctx, tx, d.ID, "RETURNED", who, comments, nil, nil); err != nil {
			return step{}, err
		}
		return step{reason: comments, payload: map[string]int{"draftVersion": d.Version}}, nil
	})
}

// ApproveDraft is the legal adviser's approval; it records the SHA-256 of
// the version approved, which is what the head may sign off.
func (s *Service) ApproveDraft(ctx context.Context, who actor.Actor, id string, version int64, comment string) (Application, error) {
	return s.transition(ctx, who, id, version, ApproveDraft, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		d, sum, err := submittedDraft(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		if !bytes.Equal(sum, d.SHA256) {
			return step{}, errs.New(errs.FailedPrecondition, fmt.Sprintf("第 %d 版答复稿的内容与提交时不一致，不能批准", d.Version))
		}
		comment = strings.TrimSpace(comment)
		if err := s.addReview(ctx, tx, d.ID, "APPROVED", who, comment, nil, nil); err != nil {
			return step{}, err
		}
		app.approvedDraftID, app.approvedDraftHash = d.ID, sum
		return step{reason: comment, payload: map[string]any{"draftVersion": d.Version, "sha256": fmt.Sprintf("%x", sum)}}, nil
	})
}

// RejectSignOff is the head sending the reviewed draft back to the officer.
func (s *Service) RejectSignOff(ctx context.Context, who actor.Actor, id string, version int64, comments string) (Application, error) {
	return s.transition(ctx, who, id, version, RejectSignOff, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		var c errs.Collector
		comments = required(&c, "comments", comments, 5000)
		if err := c.Err(); err != nil {
			return step{}, err
		}
		d, _, err := latestDraft(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		if err := s.addReview(ctx, tx, d.ID, "SIGN_OFF_REJECTED", who, comments, nil, nil); err != nil {
			return step{}, err
		}
		app.approvedDraftID, app.approvedDraftHash = "", nil
		return step{reason: comments, payload: map[string]int{"draftVersion": d.Version}}, nil
	})
}

// SignOff issues the reply: only the draft version approved, unchanged
// since (its content is hashed again), dated today, which is the date the
// deadline is judged on. The reply letter is stored exactly as signed.
func (s *Service) SignOff(ctx context.Context, who actor.Actor, id string, version int64) (Application, error) {
	return s.transition(ctx, who, id, version, SignOffReply, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		d, sum, err := latestDraft(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		if d.ID != app.approvedDraftID || !bytes.Equal(sum, app.approvedDraftHash) {
			return step{}, errs.New(errs.FailedPrecondition, fmt.Sprintf(
				"答复稿在审核通过后已被修改（现为第 %d 版），不能签发；请退回承办人重新提交审核", d.Version))
		}
		if err := s.addReview(ctx, tx, d.ID, "SIGNED", who, "", nil, nil); err != nil {
			return step{}, err
		}
		app.Outcome, app.RepliedOn = d.Content.Outcome, s.today()
		content := d.Content
		return step{
			payload: map[string]any{"draftVersion": d.Version, "sha256": fmt.Sprintf("%x", sum), "outcome": content.Outcome},
			notices: []noticeOrder{{kind: notice.ReplyLetter, fill: func(n *notice.Data) { n.Reply = replyData(content) }}},
		}, nil
	})
}

// replyData is what the reply letter says, from the signed draft.
func replyData(d review.Draft) notice.Reply {
	r := notice.Reply{
		Outcome: string(d.Outcome), OutcomeLabel: d.Outcome.Label(), Facts: d.Facts, Reasons: d.Reasons,
		HowProvided: d.DeliveryForm, Remedies: d.Remedies, Body: d.Body,
	}
	for _, p := range d.WithheldParts {
		r.Reasons = append(r.Reasons, fmt.Sprintf("%s：%s。%s", p.Part, p.Reason.Label(), p.Explanation))
	}
	for _, code := range d.LegalBasis {
		if text, ok := review.BasisText(code); ok {
			r.LegalBasis = append(r.LegalBasis, text)
		}
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
	return r
}

// ReviewItem is a case waiting for its legal adviser, with the draft under
// review.
type ReviewItem struct {
	Application Application
	Draft       Draft
}

// ReviewQueue is a legal adviser's work: the cases in legal review in the
// agencies they serve (every agency for an administrator), oldest due
// first.
func (s *Service) ReviewQueue(ctx context.Context, who actor.Actor, size int32, token string) ([]ReviewItem, string, error) {
	apps, next, err := s.List(ctx, who, Filter{State: LegalReview, PageSize: size, PageToken: token})
	if err != nil {
		return nil, "", err
	}
	out := make([]ReviewItem, 0, len(apps))
	for _, a := range apps {
		drafts, err := loadDrafts(ctx, s.db, a.ID)
		if err != nil {
			return nil, "", err
		}
		item := ReviewItem{Application: a}
		if len(drafts) > 0 {
			item.Draft = drafts[len(drafts)-1]
		}
		out = append(out, item)
	}
	return out, next, nil
}
