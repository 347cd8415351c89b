package cases

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/pg"
)

// applicationColumns is the SELECT list that scanApplication reads.
const applicationColumns = `
	id, agency_id, coalesce(tracking_number, ''), state, version, regime,
	applicant_type, applicant_name, applicant_id_type, applicant_id_number, applicant_contact_person,
	applicant_phone, applicant_email, applicant_address, coalesce(applicant_account_id::text, ''),
	info_title, info_document_number, info_description, medium, medium_other, delivery,
	needs_assistance, note,
	channel, submitted_at, handed_in_on, signed_on, arrived_on, confirmed_on, received_on, due_on,
	due_provisional, clock_version, (SELECT g.region FROM agencies g WHERE g.id = a.agency_id),
	coalesce(assignee_id::text, ''), coalesce(outcome, ''), replied_on, closed_on, clarification_on,
	supplement_due_on, supplement_due_provisional, late_clarification_reason, history_seq, history_hash,
	(SELECT count(*) FROM fee_pieces p WHERE p.application_id = a.id), split_reason,
	coalesce(approved_draft_id::text, ''), approved_draft_hash,
	created_by, created_at, updated_at`

func scanApplication(row pgx.CollectableRow) (Application, error) {
	var a Application
	var submittedAt *time.Time
	var regime string
	d, ap, in := &a.Details, &a.Details.Applicant, &a.Intake
	err := row.Scan(
		&a.ID, &a.AgencyID, &a.TrackingNumber, &a.State, &a.Version, &regime,
		&ap.Type, &ap.Name, &ap.IDType, &ap.IDNumber, &ap.ContactPerson,
		&ap.Phone, &ap.Email, &ap.Address, &a.ApplicantAccountID,
		&d.Information.Title, &d.Information.DocumentNumber, &d.Information.Description, &d.Medium, &d.MediumOther, &d.Delivery,
		&d.NeedsAssistance, &d.Note,
		&in.Channel, &submittedAt, &in.HandedInOn, &in.SignedOn, &in.ArrivedOn, &in.ConfirmedOn, &a.ReceivedOn, &a.DueOn,
		&a.DueProvisional, &a.ClockVersion, &a.Region,
		&a.AssigneeID, &a.Outcome, &a.RepliedOn, &a.ClosedOn, &a.ClarificationOn,
		&a.SupplementDueOn, &a.SupplementDueProvisional, &a.LateClarification, &a.historySeq, &a.historyHash, &a.Pieces, &a.SplitReason,
		&a.approvedDraftID, &a.approvedDraftHash,
		&a.CreatedBy, &a.CreatedAt, &a.UpdatedAt)
	a.Regime = clock.Regime2019
	if regime == clock.Regime2007.String() {
		a.Regime = clock.Regime2007
	}
	if submittedAt != nil {
		in.SubmittedAt = *submittedAt
	}
	d.AgencyID = a.AgencyID
	return a, err
}

// requestHash fingerprints what a create request asked for, so that a retry
// with the same request id but different content is told apart from a true
// retry.
func requestHash(d Details, in Intake) []byte {
	in.SubmittedAt = time.Time{} // the moment of a retry is not part of what it asks

	b, _ := json.Marshal(struct {
		D  Details
		In Intake
	}{d, in})
	sum := sha256.Sum256(b)
	return sum[:]
}

// errDuplicateRequest means a concurrent create with the same request id won.
var errDuplicateRequest = errors.New("duplicate request id")

// findByRequest returns the id and request hash of the application the
// account created earlier with the same request id; id is "" when none.
func findByRequest(ctx context.Context, q pg.Querier, createdBy, requestID string) (id string, hash []byte, err error) {
	err = q.QueryRow(ctx, `SELECT id, request_hash FROM applications WHERE created_by = $1 AND request_id = $2`,
		createdBy, requestID).Scan(&id, &hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil, nil
	}
	return id, hash, err
}

// drawID has PostgreSQL draw a new row id, so that a history event can
// name a row before the row is written (ids are PostgreSQL's to issue).
func drawID(ctx context.Context, q pg.Querier) (string, error) {
	var id string
	if err := q.QueryRow(ctx, `SELECT gen_random_uuid()::text`).Scan(&id); err != nil {
		return "", fmt.Errorf("draw id: %w", pg.Translate(err))
	}
	return id, nil
}

// insertApplication stores a new application under the id drawn for it,
// with the tip of its history chain. With a request id it inserts
// nothing when the same account already used that id, and reports
// errDuplicateRequest so that the caller can return the first result.
func insertApplication(ctx context.Context, tx pgx.Tx, a *Application, requestID string, hash []byte) error {
	d, ap, in := a.Details, a.Details.Applicant, a.Intake
	var reqID *string
	if requestID != "" {
		reqID = &requestID
	}
	var submittedAt *time.Time
	if !in.SubmittedAt.IsZero() {
		submittedAt = &in.SubmittedAt
	}
	var accountID *string
	if a.ApplicantAccountID != "" {
		accountID = &a.ApplicantAccountID
	}
	rows, _ := tx.Query(ctx, `
		INSERT INTO applications AS a (
			id, history_seq, history_hash, agency_id, tracking_number, state, version, regime,
			applicant_type, applicant_name, applicant_id_type, applicant_id_number, applicant_contact_person,
			applicant_phone, applicant_email, applicant_address, applicant_account_id,
			info_title, info_document_number, info_description, medium, medium_other, delivery,
			needs_assistance, note,
			channel, submitted_at, handed_in_on, signed_on, arrived_on, confirmed_on, received_on, due_on,
			due_provisional, clock_version, created_by, request_id, request_hash, created_at, updated_at)
		VALUES ($36, $37, $38, $1, nullif($2, ''), $3, 1, $4,
			$5, $6, $7, $8, $9,
			$10, $11, $12, $13,
			$14, $15, $16, $17, $18, $19,
			$20, $21,
			$22, $23, $24, $25, $26, $27, $28, $29,
			$30, $31, $32, $33, $34, $35, $35)
		ON CONFLICT (created_by, request_id) DO NOTHING
		RETURNING `+applicationColumns,
		d.AgencyID, a.TrackingNumber, a.State, a.Regime.String(),
		ap.Type, ap.Name, ap.IDType, ap.IDNumber, ap.ContactPerson,
		ap.Phone, ap.Email, ap.Address, accountID,
		d.Information.Title, d.Information.DocumentNumber, d.Information.Description, d.Medium, d.MediumOther, d.Delivery,
		d.NeedsAssistance, d.Note,
		in.Channel, submittedAt, in.HandedInOn, in.SignedOn, in.ArrivedOn, in.ConfirmedOn, a.ReceivedOn, a.DueOn,
		a.DueProvisional, a.ClockVersion, a.CreatedBy, reqID, hash, a.CreatedAt,
		a.ID, a.historySeq, a.historyHash)
	stored, err := pgx.CollectExactlyOneRow(rows, scanApplication)
	if errors.Is(err, pgx.ErrNoRows) {
		return errDuplicateRequest
	}
	if err != nil {
		return fmt.Errorf("insert application: %w", pg.Translate(err))
	}
	*a = stored
	return nil
}

// visibleTo is the SQL condition (on table alias a) under which the actor
// may see an application, with its arguments starting at $n. Applicants see
// their own; staff their agencies'; administrators and the system all.
func visibleTo(who actor.Actor, n int) (string, []any) {
	switch {
	case who.Role == actor.Admin || who.Role == actor.System:
		return "true", nil
	case who.Role == actor.Applicant:
		return fmt.Sprintf("a.applicant_account_id = $%d", n), []any{who.AccountID}
	case who.Role.Staff() && len(who.Agencies) == 1:
		// Equality, not ANY: the planner then walks an agency's index in
		// the list's order.
		return fmt.Sprintf("a.agency_id = $%d::uuid", n), []any{who.Agencies[0]}
	case who.Role.Staff():
		return fmt.Sprintf("a.agency_id = ANY($%d::uuid[])", n), []any{who.Agencies}
	}
	return "false", nil
}

// notFound is the one answer for an id that does not exist and for one the
// caller may not see, so that nobody learns which applications exist.
var notFound = errs.New(errs.NotFound, "申请不存在")

// getApplication reads one application the actor may see; lock takes the
// row lock for a transition.
func getApplication(ctx context.Context, q pg.Querier, who actor.Actor, id string, lock bool) (Application, error) {
	cond, args := visibleTo(who, 2)
	sql := `SELECT ` + applicationColumns + ` FROM applications a WHERE a.id = $1 AND ` + cond
	if lock {
		sql += ` FOR UPDATE`
	}
	rows, _ := q.Query(ctx, sql, append([]any{id}, args...)...)
	a, err := pgx.CollectExactlyOneRow(rows, scanApplication)
	if errors.Is(err, pgx.ErrNoRows) || pg.IsCode(err, pg.InvalidTextRepr, "") {
		return Application{}, notFound
	}
	if err != nil {
		return Application{}, fmt.Errorf("read application %s: %w", id, pg.Translate(err))
	}
	return a, nil
}

// updateApplication writes the fields a transition may change, the tip of
// the history chain among them, and bumps the version. The WHERE clause repeats the version check the caller made
// under the row lock, so a write can never land on a newer version.
func updateApplication(ctx context.Context, tx pgx.Tx, a *Application, readVersion int64) error {
	tag, err := tx.Exec(ctx, `
		UPDATE applications SET
			state = $3, version = version + 1, regime = $4, tracking_number = nullif($5, ''),
			info_title = $6, info_document_number = $7, info_description = $8,
			confirmed_on = $9, received_on = $10, due_on = $11, due_provisional = $12, clock_version = $13,
			updated_at = $14, assignee_id = nullif($15, '')::uuid, outcome = nullif($16, ''), replied_on = $17,
			closed_on = $18, clarification_on = $19, supplement_due_on = $20, late_clarification_reason = $21,
			split_reason = $22, approved_draft_id = nullif($23, '')::uuid, approved_draft_hash = $24,
			history_seq = $25, history_hash = $26, supplement_due_provisional = $27
		WHERE id = $1 AND version = $2`,
		a.ID, readVersion, a.State, a.Regime.String(), a.TrackingNumber,
		a.Details.Information.Title, a.Details.Information.DocumentNumber, a.Details.Information.Description,
		a.Intake.ConfirmedOn, a.ReceivedOn, a.DueOn, a.DueProvisional, a.ClockVersion, a.UpdatedAt,
		a.AssigneeID, string(a.Outcome), a.RepliedOn, a.ClosedOn, a.ClarificationOn, a.SupplementDueOn,
		a.LateClarification, a.SplitReason, a.approvedDraftID, a.approvedDraftHash, a.historySeq, a.historyHash, a.SupplementDueProvisional)
	if err != nil {
		return fmt.Errorf("update application %s: %w", a.ID, pg.Translate(err))
	}
	if tag.RowsAffected() != 1 {
		return fmt.Errorf("update application %s: version %d: %w", a.ID, readVersion, errs.Aborted)
	}
	a.Version = readVersion + 1
	return nil
}

// updateDue writes a due date recomputed under calendar version cv. A
// moved due date is a change to the case: it bumps the version and moves
// the tip of the history chain to the event the caller built for it.
func updateDue(ctx context.Context, tx pgx.Tx, a *Application, cv int64, moved bool, now time.Time) error {
	_, err := tx.Exec(ctx, `
		UPDATE applications SET due_on = $2, due_provisional = $3, clock_version = $4,
			version = version + CASE WHEN $5 THEN 1 ELSE 0 END,
			updated_at = CASE WHEN $5 THEN $6 ELSE updated_at END,
			history_seq = $7, history_hash = $8
		WHERE id = $1`, a.ID, a.DueOn, a.DueProvisional, cv, moved, now, a.historySeq, a.historyHash)
	if err != nil {
		return fmt.Errorf("update due date of %s: %w", a.ID, pg.Translate(err))
	}
	return nil
}

// staleDue locks up to limit open cases whose due date was computed under
// a calendar older than cv, skipping rows a transition holds.
func staleDue(ctx context.Context, tx pgx.Tx, cv int64, limit int) ([]Application, error) {
	rows, _ := tx.Query(ctx, `SELECT `+applicationColumns+` FROM applications a
		WHERE a.state IN `+openStates+` AND a.clock_version < $1
		ORDER BY a.id LIMIT $2 FOR UPDATE OF a SKIP LOCKED`, cv, limit)
	return pgx.CollectRows(rows, scanApplication)
}

// dueBy reads the open cases due on or before day, for the warnings.
func dueBy(ctx context.Context, q pg.Querier, day clock.Date) ([]Application, error) {
	rows, _ := q.Query(ctx, `SELECT `+applicationColumns+` FROM applications a
		WHERE a.state IN `+openStates+` AND a.due_on IS NOT NULL AND a.due_on <= $1::date`, day)
	return pgx.CollectRows(rows, scanApplication)
}

// The sweeper's selections: cases whose time-driven event is due on
// today, at most limit of them, leaving out the ids in skip (cases whose
// event failed earlier in the sweep), locked with SKIP LOCKED so that
// replicas sweeping at once take different cases.
// A case whose dates were counted under an older calendar is left out
// until the recount catches up with it (it may be locked by a transition
// now): it never lapses on a date the calendar in force has moved.
const (
	lapsedClarifications = `
		SELECT ` + applicationColumns + ` FROM applications a
		WHERE a.state = 'CLARIFICATION' AND a.supplement_due_on < $1 AND a.id <> ALL($3::uuid[]) AND a.clock_version >= (SELECT coalesce(max(id), 0) FROM calendar_loads)
		ORDER BY a.supplement_due_on, a.id LIMIT $2 FOR UPDATE OF a SKIP LOCKED`
	lapsedConsultations = `
		SELECT ` + applicationColumns + ` FROM applications a
		WHERE a.state = 'CONSULTATION' AND EXISTS (SELECT 1 FROM consultations c WHERE c.application_id = a.id
			AND c.answered_on IS NULL AND c.lapsed_on IS NULL AND c.due_on < $1) AND a.id <> ALL($3::uuid[]) AND a.clock_version >= (SELECT coalesce(max(id), 0) FROM calendar_loads)
		ORDER BY a.id LIMIT $2 FOR UPDATE OF a SKIP LOCKED`
	lapsedFees = `
		SELECT ` + applicationColumns + ` FROM applications a
		WHERE a.state = 'AWAITING_FEE' AND EXISTS (SELECT 1 FROM fee_notices f WHERE f.application_id = a.id
			AND f.status = 'PENDING' AND f.pay_by < $1) AND a.id <> ALL($3::uuid[]) AND a.clock_version >= (SELECT coalesce(max(id), 0) FROM calendar_loads)
		ORDER BY a.id LIMIT $2 FOR UPDATE OF a SKIP LOCKED`
)

// lockDue runs one of the sweeper's selections.
func lockDue(ctx context.Context, tx pgx.Tx, selection string, today clock.Date, limit int, skip []string) ([]Application, error) {
	rows, _ := tx.Query(ctx, selection, today, limit, skip)
	return pgx.CollectRows(rows, scanApplication)
}

// staleCase is an open case whose due date a calendar load left behind.
type staleCase struct{ id, tracking string }

// staleCases are the open cases whose due date was computed under an older
// calendar than the one in force.
func staleCases(ctx context.Context, q pg.Querier, limit int) ([]staleCase, error) {
	rows, _ := q.Query(ctx, `
		SELECT a.id, coalesce(a.tracking_number, '') FROM applications a
		WHERE a.state IN `+openStates+` AND a.clock_version < (SELECT coalesce(max(id), 0) FROM calendar_loads)
		ORDER BY a.id LIMIT $1`, limit)
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (staleCase, error) {
		var c staleCase
		return c, r.Scan(&c.id, &c.tracking)
	})
}

// unconfirmedSince lists the online submissions still waiting for a clerk
// that were submitted before t.
func unconfirmedSince(ctx context.Context, q pg.Querier, t time.Time) ([]Application, error) {
	rows, _ := q.Query(ctx, `SELECT `+applicationColumns+` FROM applications a
		WHERE a.state = 'SUBMITTED' AND a.submitted_at < $1 ORDER BY a.submitted_at LIMIT 1000`, t)
	return pgx.CollectRows(rows, scanApplication)
}

// agencyMoved moves a case to another agency (a forwarded submission).
type agencyMoved struct{ to string }

func (w agencyMoved) write(ctx context.Context, tx pgx.Tx, app *Application, _ time.Time) error {
	if _, err := tx.Exec(ctx, `UPDATE applications SET agency_id = $2 WHERE id = $1`, app.ID, w.to); err != nil {
		return fmt.Errorf("forward %s: %w", app.ID, pg.Translate(err))
	}
	return nil
}
