package cases

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
)

// HistoryEvent is one entry of a case's history.
type HistoryEvent struct {
	ApplicationID string
	Seq           int
	Version       int64
	Event         string
	From, To      State
	ActorID       string
	ActorRole     actor.Role
	ActorName     string
	OccurredAt    time.Time
	Reason        string
	Payload       string // JSON, exactly as hashed
	PrevHash      []byte
	Hash          []byte
}

// DueRecomputed is the history event of a due date moved by a calendar
// change; it is not a state-machine event.
const DueRecomputed = "due_recomputed"

// genesis is the previous hash of a case's first event.
var genesis = make([]byte, sha256.Size)

// timeLayout fixes how an event's time enters the hash: UTC, microseconds,
// the precision PostgreSQL keeps.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// contentHash is SHA-256 over the previous hash and the event's content in
// a fixed JSON form, so that changing any field, reordering events or
// removing one breaks the chain from that event on.
func (e *HistoryEvent) contentHash() []byte {
	content, _ := json.Marshal(struct {
		ApplicationID string          `json:"application_id"`
		Seq           int             `json:"seq"`
		Version       int64           `json:"version"`
		Event         string          `json:"event"`
		From          State           `json:"from"`
		To            State           `json:"to"`
		ActorID       string          `json:"actor_id"`
		ActorRole     actor.Role      `json:"actor_role"`
		ActorName     string          `json:"actor_name"`
		OccurredAt    string          `json:"occurred_at"`
		Reason        string          `json:"reason"`
		Payload       json.RawMessage `json:"payload"`
	}{e.ApplicationID, e.Seq, e.Version, e.Event, e.From, e.To, e.ActorID, e.ActorRole, e.ActorName,
		e.OccurredAt.UTC().Format(timeLayout), e.Reason, json.RawMessage(e.Payload)})
	h := sha256.New()
	h.Write(e.PrevHash)
	h.Write(content)
	return h.Sum(nil)
}

// nextHistoryEvent builds the event that follows app's history, whose
// fields already hold the change (state and version), and moves app's tip
// of the chain to it. The caller writes the case row with the new tip and
// inserts the event in the same transaction, which holds the row lock, so
// seqs never race.
func nextHistoryEvent(app *Application, event string, from State, who actor.Actor,
	at time.Time, reason string, payload any) (HistoryEvent, error) {
	body := []byte("{}")
	if payload != nil {
		var err error
		if body, err = json.Marshal(payload); err != nil {
			return HistoryEvent{}, fmt.Errorf("history payload: %w", err)
		}
	}
	prev := app.historyHash
	if len(prev) == 0 {
		prev = genesis
	}
	e := HistoryEvent{
		ApplicationID: app.ID, Seq: app.historySeq + 1, Version: app.Version, Event: event, From: from, To: app.State,
		ActorID: who.AccountID, ActorRole: who.Role, ActorName: who.Name, OccurredAt: at.Truncate(time.Microsecond),
		Reason: reason, Payload: string(body), PrevHash: prev,
	}
	e.Hash = e.contentHash()
	app.historySeq, app.historyHash = e.Seq, e.Hash
	return e, nil
}

// applicantSees lists the events whose reason and data an applicant may
// read: what they did, and what was sent or told to them. Of the others
// (drafts under review and the adviser's comments, consultees and their
// opinions, internal requests) they see only that the event happened.
var applicantSees = map[string]bool{
	string(Submit): true, string(Register): true, string(Confirm): true, string(Supplement): true,
	string(Withdraw): true, string(RecordPayment): true, string(ReplyOnTheSpot): true, string(RecordDelivery): true,
	string(ClarificationLapsed): true, string(FeeLapsed): true, string(IssueFeeNotice): true,
}

// History returns a case's events in order, to anyone who may see the case;
// for an applicant, internal deliberations are left out of each event.
func (s *Service) History(ctx context.Context, who actor.Actor, id string) ([]HistoryEvent, error) {
	if _, err := getApplication(ctx, s.db, who, id, false); err != nil {
		return nil, err
	}
	events, err := historyOf(ctx, s.db, id)
	if err != nil || who.Role != actor.Applicant {
		return events, err
	}
	for i := range events {
		if !applicantSees[events[i].Event] {
			events[i].Reason, events[i].Payload = "", "{}"
		}
	}
	return events, nil
}

// Verification is the result of recomputing a case's hash chain.
type Verification struct {
	Intact bool
	Events int
	// BrokenAt is the seq of the first event that does not verify (0 when
	// intact, or when the break is in the case's record of the tip).
	BrokenAt int
	Problem  string // in Chinese
}

// VerifyHistory recomputes a case's chain from the first event and names
// the first broken link: a changed event, a removed or reordered one, or a
// tip on the case row that no longer matches the last event.
func (s *Service) VerifyHistory(ctx context.Context, who actor.Actor, id string) (Verification, error) {
	// One snapshot for the case row and its events, so a transition
	// committing in between is not taken for tampering.
	tx, err := s.db.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return Verification{}, err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	app, err := getApplication(ctx, tx, who, id, false)
	if err != nil {
		return Verification{}, err
	}
	events, err := historyOf(ctx, tx, id)
	if err != nil {
		return Verification{}, err
	}
	return verifyChain(events, app.historySeq, app.historyHash), nil
}

// verifyChain checks events (ordered by seq) against each other and the
// recorded tip.
func verifyChain(events []HistoryEvent, tipSeq int, tipHash []byte) Verification {
	v := Verification{Events: len(events)}
	prev := genesis
	for i, e := range events {
		switch {
		case e.Seq != i+1:
			v.BrokenAt, v.Problem = e.Seq, fmt.Sprintf("第 %d 条记录之前缺少记录（序号应为 %d）", e.Seq, i+1)
		case !bytes.Equal(e.PrevHash, prev):
			v.BrokenAt, v.Problem = e.Seq, fmt.Sprintf("第 %d 条记录与前一条记录的链接不符", e.Seq)
		case !bytes.Equal(e.contentHash(), e.Hash):
			v.BrokenAt, v.Problem = e.Seq, fmt.Sprintf("第 %d 条记录的内容与其哈希值不符，记录已被改动", e.Seq)
		}
		if v.Problem != "" {
			return v
		}
		prev = e.Hash
	}
	if tipSeq != len(events) || !bytes.Equal(prev, tipHash) {
		v.Problem = fmt.Sprintf("案件记录的最后一条为第 %d 条，历史中实有 %d 条，末尾记录已被删除或替换", tipSeq, len(events))
		return v
	}
	v.Intact = true
	return v
}
