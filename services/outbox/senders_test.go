package outbox

import (
	"bufio"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// smtpServer accepts one message the way a relay would and hands back
// what it received.
func smtpServer(t *testing.T) (addr string, got <-chan string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	out := make(chan string, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		r, w := bufio.NewReader(conn), conn
		reply := func(s string) { w.Write([]byte(s + "\r\n")) }
		reply("220 relay ready")
		var msg strings.Builder
		inData := false
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				out <- msg.String()
				return
			}
			switch {
			case inData && line == ".\r\n":
				inData = false
				reply("250 queued")
			case inData:
				msg.WriteString(line)
			case strings.HasPrefix(line, "EHLO"), strings.HasPrefix(line, "HELO"):
				reply("250 relay")
			case strings.HasPrefix(line, "MAIL FROM:"), strings.HasPrefix(line, "RCPT TO:"):
				msg.WriteString(line)
				reply("250 ok")
			case strings.HasPrefix(line, "DATA"):
				inData = true
				reply("354 go on")
			case strings.HasPrefix(line, "QUIT"):
				reply("221 bye")
				out <- msg.String()
				return
			default:
				reply("250 ok")
			}
		}
	}()
	return ln.Addr().String(), out
}

type counting struct{ n int }

func (c *counting) Send(context.Context, Message) error { c.n++; return nil }

func TestSMTPSender(t *testing.T) {
	addr, got := smtpServer(t)
	fallback := &counting{}
	s := SMTPSender{Addr: addr, From: "foi@example.gov.cn", Fallback: fallback}
	err := s.Send(context.Background(), Message{Recipient: "mailto:zhangsan@example.com", Subject: "补正告知书", Body: "第一行\n第二行"})
	if err != nil {
		t.Fatal(err)
	}
	msg := <-got
	for _, want := range []string{"MAIL FROM:<foi@example.gov.cn>", "RCPT TO:<zhangsan@example.com>", "=?UTF-8?b?", "第一行\r\n第二行"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the relay did not get %q:\n%s", want, msg)
		}
	}
	// Messages that are not e-mail go to the fallback.
	if err := s.Send(context.Background(), Message{Recipient: "staff:x:OFFICER"}); err != nil || fallback.n != 1 {
		t.Errorf("a staff message: %v, fallback used %d times", err, fallback.n)
	}
}

// TestSMSWebhook: text messages go to the gateway as JSON, and a refusal
// is an error the dispatcher retries; other recipients pass to the
// fallback.
func TestSMSWebhook(t *testing.T) {
	var got []map[string]string
	status := http.StatusOK
	gw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m map[string]string
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil || r.Method != http.MethodPost {
			t.Errorf("gateway got %s: %v", r.Method, err)
		}
		got = append(got, m)
		w.WriteHeader(status)
	}))
	defer gw.Close()
	var fell []string
	s := SMSWebhook{URL: gw.URL, Fallback: senderFunc(func(_ context.Context, m Message) error { fell = append(fell, m.Recipient); return nil })}
	ctx := context.Background()
	if err := s.Send(ctx, Message{Recipient: "sms:13812345678", Subject: "您的申请已受理", Body: "编号 SFQ-2026-000001"}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0]["to"] != "13812345678" || got[0]["text"] != "您的申请已受理\n编号 SFQ-2026-000001" {
		t.Errorf("the gateway got %v", got)
	}
	status = http.StatusServiceUnavailable
	if err := s.Send(ctx, Message{Recipient: "sms:13812345678", Subject: "x"}); err == nil {
		t.Error("a refusal by the gateway was taken as sent")
	}
	if err := s.Send(ctx, Message{Recipient: "mailto:a@example.com", Subject: "x"}); err != nil || len(fell) != 1 {
		t.Errorf("an e-mail did not go to the fallback: %v %v", fell, err)
	}
}

type senderFunc func(context.Context, Message) error

func (f senderFunc) Send(ctx context.Context, m Message) error { return f(ctx, m) }
