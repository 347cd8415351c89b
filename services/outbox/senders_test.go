package outbox

import (
	"bufio"
	"context"
	"net"
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
