package correction

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"foi/services/actor"
	"foi/services/chain"
)

// HistoryEvent is one entry of a request's history. Entries are chained as
// a case's are: each hash is HMAC-SHA256, under the service's history key,
// of the previous hash and the entry's content, and the digests of the
// letters an event sent are part of its payload, so changing, removing or
// reordering an entry, or a letter, breaks the chain from there on.
type HistoryEvent struct {
	RequestID  string
	Seq        int
	Version    int64
	Event      string
	From, To   State
	ActorID    string
	ActorRole  actor.Role
	ActorName  string
	OccurredAt time.Time
	Reason     string
	Payload    string // JSON, exactly as hashed
	PrevHash   []byte
	Hash       []byte
}

func (e *HistoryEvent) contentHash(key []byte) []byte {
	content, _ := json.Marshal(struct {
		RequestID  string          `json:"request_id"`
		Seq        int             `json:"seq"`
		Version    int64           `json:"version"`
		Event      string          `json:"event"`
		From       State           `json:"from"`
		To         State           `json:"to"`
		ActorID    string          `json:"actor_id"`
		ActorRole  actor.Role      `json:"actor_role"`
		ActorName  string          `json:"actor_name"`
		OccurredAt string          `json:"occurred_at"`
		Reason     string          `json:"reason"`
		Payload    json.RawMessage `json:"payload"`
	}{e.RequestID, e.Seq, e.Version, e.Event, e.From, e.To, e.ActorID, e.ActorRole, e.ActorName,
		chain.Time(e.OccurredAt), e.Reason, json.RawMessage(e.Payload)})
	return chain.Link(key, e.PrevHash, content)
}

// historyPayload wraps an event's data with the digests of the letters it
// sent.
type historyPayload struct {
	Data    any            `json:"data,omitempty"`
	DueOn   string         `json:"dueOn,omitempty"`
	Letters []letterDigest `json:"letters,omitempty"`
}

type letterDigest struct {
	Number string `json:"number"`
	Kind   string `json:"kind"`
	SHA256 string `json:"sha256"` // hex
}

// nextEvent builds the event that follows r's history (r already holds
// the change) and moves r's tip of the chain to it; the caller writes both
// in the transaction that holds the row lock.
func nextEvent(r *Request, key []byte, e Event, from State, who actor.Actor, at time.Time, reason string, p historyPayload) (HistoryEvent, error) {
	body, err := json.Marshal(p)
	if err != nil {
		return HistoryEvent{}, fmt.Errorf("history payload: %w", err)
	}
	prev := r.historyHash
	if len(prev) == 0 {
		prev = chain.Genesis
	}
	h := HistoryEvent{
		RequestID: r.ID, Seq: r.historySeq + 1, Version: r.Version, Event: string(e), From: from, To: r.State,
		ActorID: who.AccountID, ActorRole: who.Role, ActorName: who.Name, OccurredAt: at.Truncate(time.Microsecond),
		Reason: reason, Payload: string(body), PrevHash: prev,
	}
	h.Hash = h.contentHash(key)
	r.historySeq, r.historyHash = h.Seq, h.Hash
	return h, nil
}

// verify recomputes the chain of events (ordered by seq) and the letters'
// digests, and checks the tip recorded on the request; it returns "" when
// all of it holds, else the first problem, in Chinese.
func verify(key []byte, events []HistoryEvent, letters []Letter, tipSeq int, tipHash []byte) string {
	byNumber := map[string]Letter{}
	for _, l := range letters {
		byNumber[l.Number] = l
	}
	prev := chain.Genesis
	for i, e := range events {
		switch {
		case e.Seq != i+1:
			return fmt.Sprintf("第 %d 条记录之前缺少记录", e.Seq)
		case !bytes.Equal(e.PrevHash, prev):
			return fmt.Sprintf("第 %d 条记录与前一条记录的链接不符", e.Seq)
		case !hmac.Equal(e.contentHash(key), e.Hash):
			return fmt.Sprintf("第 %d 条记录的内容与其哈希值不符，记录已被改动", e.Seq)
		}
		var p historyPayload
		_ = json.Unmarshal([]byte(e.Payload), &p)
		for _, d := range p.Letters {
			l, ok := byNumber[d.Number]
			if !ok {
				return fmt.Sprintf("第 %d 条记录所发出的文书（编号 %s）已不在存档中", e.Seq, d.Number)
			}
			delete(byNumber, d.Number)
			if sum := sha256.Sum256([]byte(l.HTML)); hex.EncodeToString(sum[:]) != d.SHA256 {
				return fmt.Sprintf("《%s》（编号 %s）的内容与记录的哈希不符，文书已被改动", l.Title, l.Number)
			}
		}
		prev = e.Hash
	}
	for _, l := range byNumber {
		return fmt.Sprintf("存档中的《%s》（编号 %s）不在任何记录所发出的文书之列", l.Title, l.Number)
	}
	if tipSeq != len(events) || !bytes.Equal(prev, tipHash) {
		return fmt.Sprintf("更正申请记录的最后一条为第 %d 条，历史中实有 %d 条，末尾记录已被删除或替换", tipSeq, len(events))
	}
	return ""
}
