package chain

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"testing"
	"time"
)

func TestLink(t *testing.T) {
	prev, content := bytes.Repeat([]byte{7}, sha256.Size), []byte(`{"seq":1}`)
	plain := sha256.Sum256(append(append([]byte{}, prev...), content...))
	if got := Link(nil, prev, content); !bytes.Equal(got, plain[:]) {
		t.Errorf("unkeyed link %x, want SHA-256 %x", got, plain)
	}
	m := hmac.New(sha256.New, []byte("key"))
	m.Write(prev)
	m.Write(content)
	if got := Link([]byte("key"), prev, content); !bytes.Equal(got, m.Sum(nil)) {
		t.Errorf("keyed link %x, want HMAC-SHA256", got)
	}
	if bytes.Equal(Link([]byte("key"), prev, content), Link([]byte("other"), prev, content)) {
		t.Error("another key gives the same link")
	}
	if bytes.Equal(Link(nil, Genesis, content), Link(nil, prev, content)) {
		t.Error("another previous hash gives the same link")
	}
}

func TestTimeIsUTCMicroseconds(t *testing.T) {
	at := time.Date(2026, 12, 2, 9, 30, 15, 123456789, time.FixedZone("CST", 8*3600))
	if got, want := Time(at), "2026-12-02T01:30:15.123456Z"; got != want {
		t.Errorf("Time = %s, want %s", got, want)
	}
}
