package cases

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"foi/services/actor"
	"foi/services/chain"
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
	// Chain is how Hash is computed: ChainHMAC, or ChainSHA256 for events
	// recorded before the history was keyed.
	Chain string
}

// How an event's hash is computed.
const (
	// ChainHMAC is HMAC-SHA256 under the service's history key, a secret
	// kept outside the database.
	ChainHMAC = "hmac-sha256"
	// ChainSHA256 is plain SHA-256, as events were hashed before the key:
	// anyone who can write to the database could recompute it.
	ChainSHA256 = "sha256"
)

// DueRecomputed is the history event of a due date moved by a calendar
// change; it is not a state-machine event.
const DueRecomputed = "due_recomputed"

// contentHash is HMAC-SHA256 under key (SHA-256 for an unkeyed event) over
// the previous hash and the event's content in a fixed JSON form, so that
// changing any field, reordering events or removing one breaks the chain
// from that event on, and only the holder of the key can mend it.
func (e *HistoryEvent) contentHash(key []byte) []byte {
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
		chain.Time(e.OccurredAt), e.Reason, json.RawMessage(e.Payload)})
	if e.Chain != ChainHMAC {
		key = nil
	}
	return chain.Link(key, e.PrevHash, content)
}

// nextHistoryEvent builds the event that follows app's history, whose
// fields already hold the change (state and version), and moves app's tip
// of the chain to it. The caller writes the case row with the new tip and
// inserts the event in the same transaction, which holds the row lock, so
// seqs never race.
func nextHistoryEvent(app *Application, key []byte, event string, from State, who actor.Actor,
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
		prev = chain.Genesis
	}
	e := HistoryEvent{
		ApplicationID: app.ID, Seq: app.historySeq + 1, Version: app.Version, Event: event, From: from, To: app.State,
		ActorID: who.AccountID, ActorRole: who.Role, ActorName: who.Name, OccurredAt: at.Truncate(time.Microsecond),
		Reason: reason, Payload: string(body), PrevHash: prev, Chain: ChainHMAC,
	}
	e.Hash = e.contentHash(key)
	app.historySeq, app.historyHash = e.Seq, e.Hash
	return e, nil
}

// applicantSees lists the events whose reason and data an applicant may
// read: what they did, and what was sent or told to them. Of the others
// (drafts under review and the adviser's comments, consultees and their
// opinions, internal requests) they see only that the event happened.
var applicantSees = map[string]bool{
	string(Submit): true, string(Register): true, string(Confirm): true, string(Supplement): true,
	string(Withdraw): true, string(Forward): true, string(Void): true, string(ClaimPayment): true, string(RecordPayment): true, string(ReplyOnTheSpot): true, string(RecordDelivery): true,
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
		// An issue_fee_notice that stayed in processing asked the head for
		// a reduction: an internal request until the head approves it.
		reductionRequest := events[i].Event == string(IssueFeeNotice) && events[i].To == Processing
		if !applicantSees[events[i].Event] || reductionRequest {
			events[i].Reason, events[i].Payload = "", "{}"
		}
	}
	return events, nil
}

// Verification is the result of recomputing a case's hash chain and the
// digests of the documents it issued.
type Verification struct {
	Intact bool
	Events int
	// BrokenAt is the seq of the first event that does not verify (0 when
	// intact, or when the break is in the case's record of the tip).
	BrokenAt int
	Problem  string // in Chinese
	// Check says what was checked: CheckKeyed (every event under the
	// key), CheckPartlyKeyed (events from before the key by SHA-256 only,
	// the rest under the key) or CheckUnkeyed; Method says it in Chinese.
	Check  string
	Method string
	// Notices is how many issued documents were checked against the
	// digests their events carry.
	Notices int
}

// The kinds of check VerifyHistory runs.
const (
	CheckKeyed       = "KEYED"
	CheckPartlyKeyed = "PARTLY_KEYED"
	CheckUnkeyed     = "UNKEYED"
)

// VerifyHistory recomputes a case's chain from the first event and names
// the first broken link: a changed event, a removed or reordered one, a
// document whose text no longer matches the digest its event recorded, or
// a tip on the case row that no longer matches the last event.
func (s *Service) VerifyHistory(ctx context.Context, who actor.Actor, id string) (Verification, error) {
	// One snapshot for the case row, its events and its documents, so a
	// transition committing in between is not taken for tampering.
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
	notices, err := noticesOf(ctx, tx, id)
	if err != nil {
		return Verification{}, err
	}
	return verifyChain(s.historyKey, events, notices, app.historySeq, app.historyHash), nil
}

// verifyChain checks events (ordered by seq) against each other, the
// documents against the digests in their events, and the recorded tip.
func verifyChain(key []byte, events []HistoryEvent, notices []Notice, tipSeq int, tipHash []byte) Verification {
	v := Verification{Events: len(events)}
	v.Check, v.Method = checkKind(events)
	prev, keyed := chain.Genesis, false
	bySeq := map[int][]Notice{}
	for _, n := range notices {
		bySeq[n.EventSeq] = append(bySeq[n.EventSeq], n)
	}
	for i, e := range events {
		switch {
		case e.Seq != i+1:
			v.BrokenAt, v.Problem = e.Seq, fmt.Sprintf("第 %d 条记录之前缺少记录（序号应为 %d）", e.Seq, i+1)
		case keyed && e.Chain != ChainHMAC:
			v.BrokenAt, v.Problem = e.Seq, fmt.Sprintf("第 %d 条记录未按密钥计算哈希，而此前的记录已按密钥计算，记录已被替换", e.Seq)
		case !bytes.Equal(e.PrevHash, prev):
			v.BrokenAt, v.Problem = e.Seq, fmt.Sprintf("第 %d 条记录与前一条记录的链接不符", e.Seq)
		case !hmac.Equal(e.contentHash(key), e.Hash):
			v.BrokenAt, v.Problem = e.Seq, fmt.Sprintf("第 %d 条记录的内容与其哈希值不符，记录已被改动", e.Seq)
		default:
			n, problem := verifyNotices(e, bySeq[e.Seq])
			v.Notices += n
			if problem != "" {
				v.BrokenAt, v.Problem = e.Seq, problem
			}
		}
		if v.Problem != "" {
			return v
		}
		keyed = keyed || e.Chain == ChainHMAC
		prev = e.Hash
	}
	if tipSeq != len(events) || !bytes.Equal(prev, tipHash) {
		v.Problem = fmt.Sprintf("案件记录的最后一条为第 %d 条，历史中实有 %d 条，末尾记录已被删除或替换", tipSeq, len(events))
		return v
	}
	v.Intact = true
	return v
}

// verifyNotices checks the documents stored for event e against the
// digests its hashed payload carries: each one present, none added, each
// text unchanged. Events recorded before documents joined the chain carry
// no digests; their documents are checked against the digest stored beside
// them, which shows accidental damage but not a deliberate edit.
func verifyNotices(e HistoryEvent, stored []Notice) (int, string) {
	var p struct {
		Notices []noticeDigest `json:"notices"`
	}
	_ = json.Unmarshal([]byte(e.Payload), &p)
	if e.Chain != ChainHMAC {
		for _, n := range stored {
			if sum := sha256.Sum256([]byte(n.HTML)); !bytes.Equal(sum[:], n.SHA256) {
				return 0, fmt.Sprintf("第 %d 条记录所出具的《%s》（文号 %s）内容与其存档哈希不符，文书已被改动", e.Seq, n.Title, n.Number)
			}
		}
		return len(stored), ""
	}
	byNumber := map[string]Notice{}
	for _, n := range stored {
		byNumber[n.Number] = n
	}
	for _, d := range p.Notices {
		n, ok := byNumber[d.Number]
		if !ok {
			return 0, fmt.Sprintf("第 %d 条记录所出具的文书（文号 %s）已不在存档中", e.Seq, d.Number)
		}
		delete(byNumber, d.Number)
		sum := sha256.Sum256([]byte(n.HTML))
		if hex.EncodeToString(sum[:]) != d.SHA256 {
			return 0, fmt.Sprintf("第 %d 条记录所出具的《%s》（文号 %s）内容与记录的哈希不符，文书已被改动", e.Seq, n.Title, n.Number)
		}
	}
	for _, n := range byNumber {
		return 0, fmt.Sprintf("存档中的《%s》（文号 %s）不在第 %d 条记录所出具的文书之列，系事后添加", n.Title, n.Number, e.Seq)
	}
	return len(p.Notices), ""
}

// checkKind says which check a chain of events allows.
func checkKind(events []HistoryEvent) (string, string) {
	unkeyed := 0
	for _, e := range events {
		if e.Chain != ChainHMAC {
			unkeyed++
		}
	}
	switch {
	case unkeyed == 0:
		return CheckKeyed, fmt.Sprintf("全部 %d 条记录及其出具的文书均已按密钥（HMAC-SHA256）核验", len(events))
	case unkeyed == len(events):
		return CheckUnkeyed, fmt.Sprintf("全部 %d 条记录均产生于启用密钥之前，仅按 SHA-256 核验链接与内容，无法排除掌握数据库者重算哈希", len(events))
	}
	return CheckPartlyKeyed, fmt.Sprintf("前 %d 条记录产生于启用密钥之前，仅按 SHA-256 核验；其后 %d 条记录及其出具的文书已按密钥（HMAC-SHA256）核验",
		unkeyed, len(events)-unkeyed)
}
