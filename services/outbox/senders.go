package outbox

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
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

// SMSWebhook sends "sms:" messages (短信) through an SMS gateway: it POSTs
// {"to": number, "text": …} as JSON to URL and takes any 2xx as sent. It
// is the adapter a deployment points at its provider's gateway (or a small
// relay in front of it); other recipients go to Fallback.
type SMSWebhook struct {
	URL      string
	Client   *http.Client // nil: a client with a 10-second timeout
	Fallback Sender
}

// smsText is what a text message says: the subject, then the body, within
// the length a long SMS carries.
func smsText(m Message) string {
	text := m.Subject
	if m.Body != "" && m.Body != m.Subject {
		text += "\n" + m.Body
	}
	if r := []rune(text); len(r) > 300 {
		text = string(r[:300])
	}
	return text
}

// Send implements Sender.
func (s SMSWebhook) Send(ctx context.Context, m Message) error {
	to, ok := strings.CutPrefix(m.Recipient, "sms:")
	if !ok {
		return s.Fallback.Send(ctx, m)
	}
	body, err := json.Marshal(map[string]string{"to": to, "text": smsText(m)})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	client := s.Client
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	res, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("sms gateway: %w", err)
	}
	defer res.Body.Close()
	io.Copy(io.Discard, io.LimitReader(res.Body, 4096))
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("sms gateway answered %s", res.Status)
	}
	return nil
}
