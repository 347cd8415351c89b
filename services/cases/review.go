package cases

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/agency"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/legalbasis"
	"foi/services/notice"
	"foi/services/pg"
	"foi/services/review"
)

// The review of a draft reply: submission with the automatic checks, the
// legal adviser's return or approval, and the head's sign-off or
// rejection.

// draftFacts is what the review events need to know about a case's draft.
type draftFacts struct {
	latest     *Draft // the newest version; nil before the first
	sum        []byte // SHA-256 of the newest version's content as stored now
	lastReview string // the kind of the newest version's last review; "" for none
}

// draftFactsOf loads the draft facts of a case.
func draftFactsOf(ctx context.Context, q pg.Querier, appID string) (draftFacts, error) {
	d, sum, found, err := newestDraft(ctx, q, appID)
	if err != nil || !found {
		return draftFacts{}, err
	}
	kind, err := lastReviewKind(ctx, q, d.ID)
	return draftFacts{latest: &d, sum: sum, lastReview: kind}, err
}

// newest is the newest draft version; there must be one.
func (f draftFacts) newest() (Draft, error) {
	if f.latest == nil {
		return Draft{}, errs.New(errs.FailedPrecondition, "本案尚未起草答复")
	}
	return *f.latest, nil
}

// underReview is the draft version under review: the newest, which must
// be the one last submitted.
func (f draftFacts) underReview() (Draft, error) {
	d, err := f.newest()
	if err == nil && f.lastReview != "SUBMITTED" {
		return Draft{}, errs.New(errs.FailedPrecondition, fmt.Sprintf("第 %d 版答复稿尚未提交审核", d.Version))
	}
	return d, err
}

// reviewFacts is what the checks need to know about a case replied to
// on today, with its fee notices.
func reviewFacts(app *Application, today clock.Date, fees []review.Fee) review.Case {
	return review.Case{ReceivedOn: app.ReceivedOn, DueOn: app.DueOn, ReplyOn: today,
		Clarified: !app.ClarificationOn.IsZero(), LateClarification: app.LateClarification, Fees: fees}
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
		facts, err := draftFactsOf(ctx, tx, app.ID)
		if err != nil {
			return err
		}
		d, err := facts.newest()
		if err != nil {
			return err
		}
		fees, err := reviewFees(ctx, tx, app.ID)
		if err != nil {
			return err
		}
		c := reviewFacts(&app, s.today(), fees)
		if c.Bases, err = legalbasis.All(ctx, tx); err != nil {
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
		if err := mayDraft(app, who); err != nil {
			return step{}, err
		}
		facts, err := draftFactsOf(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		fees, err := reviewFees(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		c := reviewFacts(app, s.today(), fees)
		if c.Bases, err = legalbasis.All(ctx, tx); err != nil {
			return step{}, err
		}
		return decideSubmitDraft(app, ag, who, facts, c, overrides)
	})
}

// decideSubmitDraft submits the newest draft: every override must name a
// failed check and give a reason, and every failed check must be
// overridden. An outcome the agency replies without review (never an
// adverse one) is approved as submitted, unless a check was overridden:
// the override then reaches the legal adviser.
func decideSubmitDraft(app *Application, ag agency.Agency, who actor.Actor, f draftFacts, c review.Case, overrides []Override) (step, error) {
	d, err := f.newest()
	if err != nil {
		return step{}, err
	}
	results := review.Check(d.Content, c)
	failed := review.Failed(results)
	overridden, err := checkOverrides(failed, overrides)
	if err != nil {
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
	st := step{
		payload: map[string]any{"draftVersion": d.Version, "sha256": fmt.Sprintf("%x", f.sum), "outcome": d.Content.Outcome,
			"failedChecks": failed, "overrides": overrides},
		writes: []rowWrite{draftReview{draftID: d.ID, kind: "SUBMITTED", who: who, checks: results, overrides: overrides}},
	}
	app.approvedDraftID, app.approvedDraftHash = "", nil
	if !d.Content.Outcome.Adverse() && slices.Contains(ag.SkipReviewOutcomes, d.Content.Outcome) && len(overrides) == 0 {
		// The agency replies this outcome without review: the head signs
		// off the version submitted. An override of a failed check (a
		// late disclosure, say) always goes to the legal adviser.
		st.guard = ReviewSkipped
		app.approvedDraftID, app.approvedDraftHash = d.ID, f.sum
	}
	return st, nil
}

// checkOverrides returns the failed checks the overrides set aside; an
// override of a check that did not fail, or without a reason, is refused,
// and so is any override of REASON_AND_BASIS: an adverse reply always
// states its reason and legal basis (rules.md section 5).
func checkOverrides(failed []string, overrides []Override) (map[string]bool, error) {
	var c errs.Collector
	overridden := map[string]bool{}
	for i, o := range overrides {
		f := fmt.Sprintf("overrides[%d]", i)
		switch {
		case !slices.Contains(failed, o.Check):
			c.Add(f+".check", "该项检查已通过或不存在，无需说明")
		case o.Check == review.CheckReasonAndBasis:
			c.Add(f+".check", "不利于申请人的答复必须写明理由和法律依据，不能以说明理由代替")
		case strings.TrimSpace(o.Reason) == "":
			c.Add(f+".reason", "须说明不予纠正而坚持提交的理由")
		default:
			overridden[o.Check] = true
		}
	}
	return overridden, c.Err()
}

// ReturnDraft sends the draft back to the officer with the legal adviser's
// comments, which the draft keeps.
func (s *Service) ReturnDraft(ctx context.Context, who actor.Actor, id string, version int64, comments string) (Application, error) {
	return s.transition(ctx, who, id, version, ReturnDraft, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		facts, err := draftFactsOf(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		return decideReturnDraft(who, comments, facts)
	})
}

// decideReturnDraft returns the version under review, with comments.
func decideReturnDraft(who actor.Actor, comments string, f draftFacts) (step, error) {
	var c errs.Collector
	comments = required(&c, "comments", comments, 5000)
	if err := c.Err(); err != nil {
		return step{}, err
	}
	d, err := f.underReview()
	if err != nil {
		return step{}, err
	}
	return step{
		reason:  comments,
		payload: map[string]int{"draftVersion": d.Version},
		writes:  []rowWrite{draftReview{draftID: d.ID, kind: "RETURNED", who: who, comments: comments}},
	}, nil
}

// ApproveDraft is the legal adviser's approval; it records the SHA-256 of
// the version approved, which is what the head may sign off.
func (s *Service) ApproveDraft(ctx context.Context, who actor.Actor, id string, version int64, comment string) (Application, error) {
	return s.transition(ctx, who, id, version, ApproveDraft, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		facts, err := draftFactsOf(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		return decideApproveDraft(app, who, comment, facts)
	})
}

// decideApproveDraft approves the version under review, if its content is
// still what was submitted, and makes it the one the head may sign off.
func decideApproveDraft(app *Application, who actor.Actor, comment string, f draftFacts) (step, error) {
	d, err := f.underReview()
	if err != nil {
		return step{}, err
	}
	if !bytes.Equal(f.sum, d.SHA256) {
		return step{}, errs.New(errs.FailedPrecondition, fmt.Sprintf("第 %d 版答复稿的内容与提交时不一致，不能批准", d.Version))
	}
	comment = strings.TrimSpace(comment)
	app.approvedDraftID, app.approvedDraftHash = d.ID, f.sum
	return step{
		reason:  comment,
		payload: map[string]any{"draftVersion": d.Version, "sha256": fmt.Sprintf("%x", f.sum)},
		writes:  []rowWrite{draftReview{draftID: d.ID, kind: "APPROVED", who: who, comments: comment}},
	}, nil
}

// RejectSignOff is the head sending the reviewed draft back to the officer.
func (s *Service) RejectSignOff(ctx context.Context, who actor.Actor, id string, version int64, comments string) (Application, error) {
	return s.transition(ctx, who, id, version, RejectSignOff, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		facts, err := draftFactsOf(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		return decideRejectSignOff(app, who, comments, facts)
	})
}

// decideRejectSignOff sends the newest version back with comments; the
// approval no longer stands.
func decideRejectSignOff(app *Application, who actor.Actor, comments string, f draftFacts) (step, error) {
	var c errs.Collector
	comments = required(&c, "comments", comments, 5000)
	if err := c.Err(); err != nil {
		return step{}, err
	}
	d, err := f.newest()
	if err != nil {
		return step{}, err
	}
	app.approvedDraftID, app.approvedDraftHash = "", nil
	return step{
		reason:  comments,
		payload: map[string]int{"draftVersion": d.Version},
		writes:  []rowWrite{draftReview{draftID: d.ID, kind: "SIGN_OFF_REJECTED", who: who, comments: comments}},
	}, nil
}

// SignOff issues the reply: only the draft version approved, unchanged
// since (its content is hashed again), dated today, which is the date the
// deadline is judged on. The reply letter is stored exactly as signed.
func (s *Service) SignOff(ctx context.Context, who actor.Actor, id string, version int64) (Application, error) {
	return s.transition(ctx, who, id, version, SignOffReply, func(tx pgx.Tx, app *Application, _ agency.Agency) (step, error) {
		facts, err := draftFactsOf(ctx, tx, app.ID)
		if err != nil {
			return step{}, err
		}
		bases, err := legalbasis.All(ctx, tx)
		if err != nil {
			return step{}, err
		}
		return decideSignOff(app, who, s.today(), facts, bases)
	})
}

// decideSignOff issues the reply from the newest version, which must be
// the approved one with the content it was approved with. bases is the
// maintained list, retired entries included (nil: the shipped list).
func decideSignOff(app *Application, who actor.Actor, today clock.Date, f draftFacts, bases []review.Basis) (step, error) {
	d, err := f.newest()
	if err != nil {
		return step{}, err
	}
	if d.ID != app.approvedDraftID || !bytes.Equal(f.sum, app.approvedDraftHash) {
		return step{}, errs.New(errs.FailedPrecondition, fmt.Sprintf(
			"答复稿在审核通过后已被修改（现为第 %d 版），不能签发；请退回承办人重新提交审核", d.Version))
	}
	reply, err := replyData(d.Content, bases)
	if err != nil {
		return step{}, err
	}
	app.Outcome, app.RepliedOn = d.Content.Outcome, today
	return step{
		payload: map[string]any{"draftVersion": d.Version, "sha256": fmt.Sprintf("%x", f.sum), "outcome": d.Content.Outcome},
		writes:  []rowWrite{draftReview{draftID: d.ID, kind: "SIGNED", who: who}},
		notices: []noticeOrder{{kind: notice.ReplyLetter, fill: func(n *notice.Data) { n.Reply = reply }}},
	}, nil
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
