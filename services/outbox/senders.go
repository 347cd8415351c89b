package outbox

import (
	"context"
	"fmt"
	"log/slog"
	"mime"
	"net/smtp"
	"strings"
	"time"

	"foi/services/idnumber"
)

// LogSender "delivers" messages by writing them to the log, with the
// recipient masked: the default until a real channel is configured.
type LogSender struct {
	Log *slog.Logger
}

// Send implements Sender.
func (s LogSender) Send(ctx context.Context, m Message) error {
	s.Log.InfoContext(ctx, "message", "topic", m.Topic, "recipient", maskRecipient(m.Recipient),
		"application", m.ApplicationID, "subject", m.Subject)
	return nil
}

// maskRecipient hides the personal part of an address for the log.
func maskRecipient(r string) string {
	switch {
	case strings.HasPrefix(r, "mailto:"):
		return "mailto:" + idnumber.MaskEmail(strings.TrimPrefix(r, "mailto:"))
	case strings.HasPrefix(r, "sms:"):
		return "sms:" + idnumber.MaskNumber(strings.TrimPrefix(r, "sms:"))
	}
	return r
}

// SMTPSender sends "mailto:" messages by SMTP; other recipients (SMS,
// staff groups) go to Fallback.
type SMTPSender struct {
	Addr     string // host:port of the relay
	From     string
	Auth     smtp.Auth // nil for an unauthenticated relay
	Fallback Sender
}

// Send implements Sender.
func (s SMTPSender) Send(ctx context.Context, m Message) error {
	to, ok := strings.CutPrefix(m.Recipient, "mailto:")
	if !ok {
		return s.Fallback.Send(ctx, m)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMIME-Version: 1.0\r\n"+
		"Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n%s\r\n",
		s.From, to, mime.BEncoding.Encode("UTF-8", m.Subject), time.Now().Format(time.RFC1123Z),
		strings.ReplaceAll(m.Body, "\n", "\r\n"))
	return smtp.SendMail(s.Addr, s.Auth, s.From, []string{to}, []byte(b.String()))
}
