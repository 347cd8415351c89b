package correction

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/chain"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/pg"
)

// The SQL of correction_requests, correction_counters, correction_events
// and correction_letters.

const requestColumns = `r.id::text, r.agency_id::text, r.tracking_number, r.state, r.version, r.channel,
	r.applicant_type, r.applicant_name, r.applicant_id_type, r.applicant_id_number, r.applicant_contact_person,
	r.applicant_phone, r.applicant_email, r.applicant_address, coalesce(r.applicant_account_id::text, ''),
	r.record, r.inaccuracy, r.requested, r.evidence, r.received_on, r.period_days, r.due_on, r.calendar_version,
	coalesce(r.assignee_id::text, ''), coalesce(asg.display_name, ''),
	coalesce(r.outcome, ''), r.transfer_mode, r.transfer_agency, r.corrected_text, r.decision_reason,
	coalesce(r.decided_by::text, ''), coalesce(dec.display_name, ''), r.decided_at,
	coalesce(r.signed_by::text, ''), coalesce(sig.display_name, ''), r.signed_at, r.closed_on,
	r.created_by::text, r.created_at, r.updated_at, coalesce(r.request_hash, ''), r.history_seq, r.history_hash`

const requestFrom = ` FROM correction_requests r
	LEFT JOIN accounts asg ON asg.id = r.assignee_id
	LEFT JOIN accounts dec ON dec.id = r.decided_by
	LEFT JOIN accounts sig ON sig.id = r.signed_by`

func scanRequest(row pgx.CollectableRow) (Request, error) {
	var r Request
	var closed *clock.Date
	var decidedAt, signedAt *time.Time
	d := &r.Details
	err := row.Scan(&r.ID, &r.AgencyID, &r.TrackingNumber, &r.State, &r.Version, &r.Channel,
		&d.Applicant.Type, &d.Applicant.Name, &d.Applicant.IDType, &d.Applicant.IDNumber, &d.Applicant.ContactPerson,
		&d.Applicant.Phone, &d.Applicant.Email, &d.Applicant.Address, &r.ApplicantAccountID,
		&d.Record, &d.Inaccuracy, &d.Requested, &d.Evidence, &r.ReceivedOn, &r.PeriodDays, &r.DueOn, &r.calendarVersion,
		&r.AssigneeID, &r.AssigneeName,
		&r.Decision.Outcome, &r.Decision.TransferMode, &r.Decision.TransferAgency, &r.Decision.Corrected, &r.Decision.Reason,
		&r.DecidedByID, &r.DecidedBy, &decidedAt, &r.SignedByID, &r.SignedBy, &signedAt, &closed,
		&r.CreatedBy, &r.CreatedAt, &r.UpdatedAt, &r.requestHash, &r.historySeq, &r.historyHash)
	d.AgencyID = r.AgencyID
	if closed != nil {
		r.ClosedOn = *closed
	}
	if decidedAt != nil {
		r.DecidedAt = *decidedAt
	}
	if signedAt != nil {
		r.SignedAt = *signedAt
	}
	return r, err
}

// scope is the condition that limits a query to what who may see:
// applicants their own online requests, staff their agencies', the
// service itself (recounting due dates) all. Its one parameter is $n.
func scope(who actor.Actor, n int) (string, any) {
	switch who.Role {
	case actor.System:
		return fmt.Sprintf("$%d::boolean", n), true
	case actor.Applicant:
		return fmt.Sprintf("r.applicant_account_id = $%d", n), who.AccountID
	}
	return fmt.Sprintf("r.agency_id = ANY($%d::uuid[])", n), who.Agencies
}

// getRequest reads one request that who may see, locking it for the
// caller's transaction when forUpdate; anything else is NotFound.
func getRequest(ctx context.Context, q pg.Querier, who actor.Actor, id string, forUpdate bool) (Request, error) {
	cond, arg := scope(who, 2)
	query := `SELECT ` + requestColumns + requestFrom + ` WHERE r.id = $1 AND ` + cond
	if forUpdate {
		query += ` FOR UPDATE OF r`
	}
	rows, _ := q.Query(ctx, query, id, arg)
	r, err := pgx.CollectExactlyOneRow(rows, scanRequest)
	if errors.Is(err, pgx.ErrNoRows) || pg.IsCode(err, pg.InvalidTextRepr, "") {
		return Request{}, errs.New(errs.NotFound, "更正申请不存在")
	}
	if err != nil {
		return Request{}, fmt.Errorf("get correction request %s: %w", id, err)
	}
	return r, nil
}

// findByRequestID returns the id and content hash of the request who
// created earlier under requestID, if any.
func findByRequestID(ctx context.Context, q pg.Querier, createdBy, requestID string) (string, []byte, error) {
	var id string
	var hash []byte
	err := q.QueryRow(ctx, `SELECT id::text, coalesce(request_hash, '') FROM correction_requests WHERE created_by = $1 AND request_id = $2`,
		createdBy, requestID).Scan(&id, &hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil, nil
	}
	return id, hash, err
}

// nextTrackingNumber allocates the agency's next correction number for the
// year of receipt, CODE-GZ-YYYY-NNNNNN: 更正 (GZ) keeps it apart from the
// applications' CODE-YYYY-NNNNNN. The counter row is locked until the
// transaction ends, so numbers are gapless and never given twice.
func nextTrackingNumber(ctx context.Context, tx pgx.Tx, agencyID, code string, received clock.Date) (string, error) {
	var n int
	err := tx.QueryRow(ctx, `
		INSERT INTO correction_counters (agency_id, year, last) VALUES ($1, $2, 1)
		ON CONFLICT (agency_id, year) DO UPDATE SET last = correction_counters.last + 1
		RETURNING last`, agencyID, received.Year()).Scan(&n)
	if err != nil {
		return "", fmt.Errorf("allocate correction number: %w", pg.Translate(err))
	}
	return fmt.Sprintf("%s-GZ-%d-%06d", code, received.Year(), n), nil
}

// insertRequest stores a new request and returns its id.
func insertRequest(ctx context.Context, tx pgx.Tx, r *Request, requestID string) error {
	var rid *string
	if requestID != "" {
		rid = &requestID
	}
	var account *string
	if r.ApplicantAccountID != "" {
		account = &r.ApplicantAccountID
	}
	a := r.Details.Applicant
	err := tx.QueryRow(ctx, `
		INSERT INTO correction_requests (agency_id, tracking_number, state, version, channel,
			applicant_type, applicant_name, applicant_id_type, applicant_id_number, applicant_contact_person,
			applicant_phone, applicant_email, applicant_address, applicant_account_id,
			record, inaccuracy, requested, evidence, received_on, due_on,
			created_by, request_id, request_hash, created_at, updated_at, history_seq, history_hash, period_days, calendar_version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
			$21, $22, $23, $24, $24, 0, $25, $26, $27)
		RETURNING id::text`,
		r.AgencyID, r.TrackingNumber, r.State, r.Version, r.Channel,
		a.Type, a.Name, a.IDType, a.IDNumber, a.ContactPerson, a.Phone, a.Email, a.Address, account,
		r.Details.Record, r.Details.Inaccuracy, r.Details.Requested, r.Details.Evidence, r.ReceivedOn, r.DueOn,
		r.CreatedBy, rid, r.requestHash, r.CreatedAt, chain.Genesis, r.PeriodDays, r.calendarVersion).Scan(&r.ID)
	if pg.IsCode(err, pg.UniqueViolation, "correction_requests_created_by_request_id_key") {
		return errDuplicateRequest
	}
	if err != nil {
		return fmt.Errorf("insert correction request: %w", pg.Translate(err))
	}
	return nil
}

var errDuplicateRequest = errors.New("a concurrent request with the same request id")

// updateRequest writes what events change, if the row is still at
// readVersion (it is locked, so it is; the check is a second guard).
func updateRequest(ctx context.Context, tx pgx.Tx, r *Request, readVersion int64) error {
	var assignee, decidedBy, signedBy, outcome *string
	opt := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	assignee, decidedBy, signedBy, outcome = opt(r.AssigneeID), opt(r.DecidedByID), opt(r.SignedByID), opt(string(r.Decision.Outcome))
	var decidedAt, signedAt *time.Time
	if !r.DecidedAt.IsZero() {
		decidedAt = &r.DecidedAt
	}
	if !r.SignedAt.IsZero() {
		signedAt = &r.SignedAt
	}
	var closed *clock.Date
	if !r.ClosedOn.IsZero() {
		closed = &r.ClosedOn
	}
	tag, err := tx.Exec(ctx, `
		UPDATE correction_requests SET state = $3, version = $4, assignee_id = $5, outcome = $6, transfer_mode = $7,
			transfer_agency = $8, corrected_text = $9, decided_by = $10, decided_at = $11, signed_by = $12, signed_at = $13,
			closed_on = $14, updated_at = $15, history_seq = $16, history_hash = $17, decision_reason = $18,
			due_on = $19, calendar_version = $20
		WHERE id = $1 AND version = $2`,
		r.ID, readVersion, r.State, r.Version, assignee, outcome, r.Decision.TransferMode,
		r.Decision.TransferAgency, r.Decision.Corrected, decidedBy, decidedAt, signedBy, signedAt,
		closed, r.UpdatedAt, r.historySeq, r.historyHash, r.Decision.Reason, r.DueOn, r.calendarVersion)
	if err != nil {
		return fmt.Errorf("update correction request: %w", pg.Translate(err))
	}
	if tag.RowsAffected() != 1 {
		return errs.New(errs.Aborted, "更正申请已被他人修改，请刷新后重试")
	}
	return nil
}

// insertEvent appends a history event.
func insertEvent(ctx context.Context, tx pgx.Tx, e HistoryEvent) error {
	var actorID *string
	if e.ActorID != "" {
		actorID = &e.ActorID
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO correction_events (request_id, seq, version, event, from_state, to_state, actor_id, actor_role, actor_name,
			occurred_at, reason, payload, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		e.RequestID, e.Seq, e.Version, e.Event, e.From, e.To, actorID, e.ActorRole, e.ActorName,
		e.OccurredAt, e.Reason, e.Payload, e.PrevHash, e.Hash)
	if err != nil {
		return fmt.Errorf("append correction history: %w", pg.Translate(err))
	}
	return nil
}

func eventsOf(ctx context.Context, q pg.Querier, id string) ([]HistoryEvent, error) {
	rows, _ := q.Query(ctx, `
		SELECT request_id::text, seq, version, event, from_state, to_state, coalesce(actor_id::text, ''), actor_role, actor_name,
			occurred_at, reason, payload, prev_hash, hash
		FROM correction_events WHERE request_id = $1 ORDER BY seq`, id)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (HistoryEvent, error) {
		var e HistoryEvent
		err := row.Scan(&e.RequestID, &e.Seq, &e.Version, &e.Event, &e.From, &e.To, &e.ActorID, &e.ActorRole, &e.ActorName,
			&e.OccurredAt, &e.Reason, &e.Payload, &e.PrevHash, &e.Hash)
		return e, err
	})
}

// insertLetter stores a letter exactly as sent.
func insertLetter(ctx context.Context, tx pgx.Tx, l Letter) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO correction_letters (request_id, event_seq, kind, number, title, html, sha256, issued_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, l.RequestID, l.EventSeq, l.Kind, l.Number, l.Title, l.HTML, l.SHA256, l.IssuedAt)
	if err != nil {
		return fmt.Errorf("store correction letter: %w", pg.Translate(err))
	}
	return nil
}

func lettersOf(ctx context.Context, q pg.Querier, id string) ([]Letter, error) {
	rows, _ := q.Query(ctx, `
		SELECT id::text, request_id::text, event_seq, kind, number, title, html, sha256, issued_at
		FROM correction_letters WHERE request_id = $1 ORDER BY event_seq, number`, id)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Letter, error) {
		var l Letter
		err := row.Scan(&l.ID, &l.RequestID, &l.EventSeq, &l.Kind, &l.Number, &l.Title, &l.HTML, &l.SHA256, &l.IssuedAt)
		return l, err
	})
}

// officerName returns the name of an officer in service of the agency.
func officerName(ctx context.Context, q pg.Querier, accountID, agencyID string) (string, bool, error) {
	var name string
	err := q.QueryRow(ctx, `
		SELECT a.display_name FROM accounts a JOIN account_agencies x ON x.account_id = a.id
		WHERE a.id = $1 AND x.agency_id = $2 AND a.role = 'OFFICER' AND a.disabled_at IS NULL`,
		accountID, agencyID).Scan(&name)
	if errors.Is(err, pgx.ErrNoRows) || pg.IsCode(err, pg.InvalidTextRepr, "") {
		return "", false, nil
	}
	return name, err == nil, err
}
