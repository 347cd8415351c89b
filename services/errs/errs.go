// Package errs holds the error categories that domain code wraps and that one
// interceptor maps to gRPC status codes. Domain code says what went wrong in
// the category's terms (fmt.Errorf("...: %w", errs.NotFound)); it never builds
// gRPC statuses itself.
package errs

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The categories. Wrap them with context; test them with errors.Is.
var (
	NotFound           = errors.New("not found")
	InvalidArgument    = errors.New("invalid argument")
	FailedPrecondition = errors.New("failed precondition")
	Aborted            = errors.New("aborted")
	AlreadyExists      = errors.New("already exists")
	PermissionDenied   = errors.New("permission denied")
	Unauthenticated    = errors.New("unauthenticated")
	ResourceExhausted  = errors.New("resource exhausted")
)

// Violation names one bad field of a request and why it is bad. Field is the
// lowerCamelCase JSON path a REST client sent (for example
// "details.applicant.idNumber"); Reason is user-facing, in Chinese.
type Violation struct {
	Field  string
	Reason string
}

// Invalid is an InvalidArgument error that lists every bad field of a request.
type Invalid struct {
	Violations []Violation
}

func (e *Invalid) Error() string {
	parts := make([]string, len(e.Violations))
	for i, v := range e.Violations {
		parts[i] = v.Field + "：" + v.Reason
	}
	return "请求参数有误：" + strings.Join(parts, "；")
}

// Is makes errors.Is(err, InvalidArgument) true for *Invalid.
func (e *Invalid) Is(target error) bool { return target == InvalidArgument }

// Field returns an InvalidArgument error for one field.
func Field(field, reason string) error {
	return &Invalid{Violations: []Violation{{Field: field, Reason: reason}}}
}

// Collector gathers field violations while a request is validated, so the
// caller learns about every bad field at once.
type Collector struct {
	violations []Violation
}

// Add records that field is bad for reason.
func (c *Collector) Add(field, reason string) {
	c.violations = append(c.violations, Violation{Field: field, Reason: reason})
}

// Merge adds the violations of err, if it is an *Invalid, under prefix
// (joined with a dot). Any other non-nil error is recorded against prefix.
func (c *Collector) Merge(prefix string, err error) {
	if err == nil {
		return
	}
	var inv *Invalid
	if !errors.As(err, &inv) {
		c.Add(prefix, err.Error())
		return
	}
	for _, v := range inv.Violations {
		f := v.Field
		if prefix != "" {
			f = prefix + "." + f
		}
		c.Add(f, v.Reason)
	}
}

// MaxLength records a violation when value is longer than max characters
// (characters, not bytes: most text is Chinese).
func (c *Collector) MaxLength(field, value string, max int) {
	if utf8.RuneCountInString(value) > max {
		c.Add(field, "不能超过 "+strconv.Itoa(max)+" 个字")
	}
}

// Err returns nil when no violation was recorded, else an *Invalid.
func (c *Collector) Err() error {
	if len(c.violations) == 0 {
		return nil
	}
	return &Invalid{Violations: append([]Violation(nil), c.violations...)}
}

// Message is a user-facing message carried by an error of any category,
// so that the status sent to the client says what went wrong in Chinese
// while the wrapped chain keeps the technical context for the log.
type Message struct {
	Category error  // one of the categories above
	Text     string // user-facing, Chinese
}

func (e *Message) Error() string { return e.Text }

// Is makes errors.Is(err, category) true.
func (e *Message) Is(target error) bool { return target == e.Category }

// New returns an error in category with a user-facing text.
func New(category error, text string) error {
	return &Message{Category: category, Text: text}
}

// UserText returns the user-facing text in err's chain, if any.
func UserText(err error) (string, bool) {
	var inv *Invalid
	if errors.As(err, &inv) {
		return inv.Error(), true
	}
	var m *Message
	if errors.As(err, &m) {
		return m.Text, true
	}
	return "", false
}
