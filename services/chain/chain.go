// Package chain links the events of an append-only history into a hash
// chain: each event's hash covers the previous event's hash and the event's
// content in a fixed form, so changing any event, reordering events or
// removing one breaks the chain from that event on. Keyed with HMAC, only
// the holder of the key can mend it. Case histories and the histories of
// correction requests are chained the same way.
package chain

import (
	"crypto/hmac"
	"crypto/sha256"
	"time"
)

// Genesis is the previous hash of a history's first event.
var Genesis = make([]byte, sha256.Size)

// timeLayout fixes how an event's time enters its content: UTC,
// microseconds, the precision PostgreSQL keeps.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// Time is t as it enters an event's content.
func Time(t time.Time) string { return t.UTC().Format(timeLayout) }

// Link is the hash of the event with content that follows the event
// hashed prev: HMAC-SHA256 under key, or plain SHA-256 when key is nil
// (histories written before keys).
func Link(key, prev, content []byte) []byte {
	h := sha256.New()
	if key != nil {
		h = hmac.New(sha256.New, key)
	}
	h.Write(prev)
	h.Write(content)
	return h.Sum(nil)
}
