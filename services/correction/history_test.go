package correction

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"foi/services/actor"
	"foi/services/notice"
)

// TestChainBreaks: the chain verifies as written, and each kind of
// tampering is named.
func TestChainBreaks(t *testing.T) {
	key := []byte(strings.Repeat("k", 32))
	build := func() ([]HistoryEvent, []Letter, *Request) {
		r := &Request{ID: "r1", State: Received, Version: 1}
		html := "<p>受理</p>"
		sum := sha256.Sum256([]byte(html))
		letters := []Letter{{Number: "JIA-GZ-2026-000001-1", Kind: notice.CorrectionReceipt, Title: "更正申请受理告知书", HTML: html, SHA256: sum[:]}}
		at := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
		e1, _ := nextEvent(r, key, Submit, New, actor.Actor{AccountID: "a", Role: actor.Applicant, Name: "张三"}, at, "",
			historyPayload{Letters: []letterDigest{{Number: letters[0].Number, Kind: string(letters[0].Kind), SHA256: hex.EncodeToString(sum[:])}}})
		r.State, r.Version = Processing, 2
		e2, _ := nextEvent(r, key, Assign, Received, actor.Actor{AccountID: "h", Role: actor.Head, Name: "李四"}, at.Add(time.Hour), "", historyPayload{})
		return []HistoryEvent{e1, e2}, letters, r
	}
	events, letters, r := build()
	if p := verify(key, events, letters, r.historySeq, r.historyHash); p != "" {
		t.Fatalf("an untouched history: %s", p)
	}
	tests := []struct {
		name   string
		tamper func(events []HistoryEvent, letters []Letter, r *Request) ([]HistoryEvent, []Letter)
		want   string
	}{
		{"a reason changed", func(e []HistoryEvent, l []Letter, _ *Request) ([]HistoryEvent, []Letter) {
			e[1].Reason = "补记"
			return e, l
		}, "第 2 条记录的内容与其哈希值不符"},
		{"the first event removed", func(e []HistoryEvent, l []Letter, _ *Request) ([]HistoryEvent, []Letter) { return e[1:], l }, "第 2 条记录之前缺少记录"},
		{"the last event removed", func(e []HistoryEvent, l []Letter, _ *Request) ([]HistoryEvent, []Letter) { return e[:1], l }, "末尾记录已被删除或替换"},
		{"a letter edited", func(e []HistoryEvent, l []Letter, _ *Request) ([]HistoryEvent, []Letter) {
			l[0].HTML = "<p>不予受理</p>"
			return e, l
		}, "文书已被改动"},
		{"a letter removed", func(e []HistoryEvent, _ []Letter, _ *Request) ([]HistoryEvent, []Letter) { return e, nil }, "已不在存档中"},
		{"a letter added", func(e []HistoryEvent, l []Letter, _ *Request) ([]HistoryEvent, []Letter) {
			return e, append(l, Letter{Number: "JIA-GZ-2026-000001-9", Title: "更正申请答复书"})
		}, "不在任何记录所发出的文书之列"},
		{"rehashed without the key", func(e []HistoryEvent, l []Letter, r *Request) ([]HistoryEvent, []Letter) {
			e[1].Reason = "补记"
			e[1].Hash = e[1].contentHash([]byte(strings.Repeat("x", 32)))
			r.historyHash = e[1].Hash
			return e, l
		}, "第 2 条记录的内容与其哈希值不符"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, letters, r := build()
			events, letters = tt.tamper(events, letters, r)
			if p := verify(key, events, letters, r.historySeq, r.historyHash); !strings.Contains(p, tt.want) {
				t.Errorf("problem %q, want %q", p, tt.want)
			}
		})
	}
}
