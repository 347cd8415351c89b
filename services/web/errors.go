package web

import (
	"errors"
	"net/http"
	"strings"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// staleMessage is what a person sees when someone else changed the case
// between their reading it and their sending a form (409, Aborted).
const staleMessage = "该申请已被他人修改，请刷新后重试"

// formErrors are the problems of one submitted form: the error summary's
// items, in order, and the message beside each field.
type formErrors struct {
	Items   []errItem
	byField map[string]string
}

// errItem is one line of the error summary; Anchor is empty for a
// problem that belongs to no field.
type errItem struct {
	Anchor string
	Text   string
}

// For returns the message beside field name (its JSON path in the API).
func (e *formErrors) For(name string) string {
	if e == nil {
		return ""
	}
	return e.byField[name]
}

// Any reports whether there is anything to show.
func (e *formErrors) Any() bool { return e != nil && len(e.Items) > 0 }

// fieldAliases send a problem of a group of inputs to its first input.
var fieldAliases = map[string]string{
	"details.information": "details.information.title",
	"information":         "information.title",
	"amountFen":           "amount", // the fee form takes 元
	"consultees":          "consultees[0].name",
	// An upload's header, as the document API names it, is the upload
	// form's kind and file.
	"header.kind":      "kind",
	"header.fileName":  "file",
	"header.mediaType": "file",
	"header.size":      "file",
}

// add records a problem; field "" belongs to the whole form.
func (e *formErrors) add(field, text string) {
	if e.byField == nil {
		e.byField = map[string]string{}
	}
	if to, ok := fieldAliases[field]; ok {
		field = to
	}
	if field == "" {
		e.Items = append(e.Items, errItem{Text: text})
		return
	}
	if _, dup := e.byField[field]; dup {
		return
	}
	e.byField[field] = text
	e.Items = append(e.Items, errItem{Anchor: anchor(field), Text: text})
}

// formProblems turns an API error a person can fix into the form's
// errors: the field violations of an InvalidArgument status, matched by
// their JSON path, or the status message alone (FailedPrecondition, a
// refused check, a stale version). It returns nil for errors that are not
// about the form (not found, no permission, the server's own failures).
func formProblems(err error) *formErrors {
	st, ok := status.FromError(err)
	if !ok {
		return nil
	}
	e := &formErrors{}
	switch st.Code() {
	case codes.InvalidArgument:
		for _, d := range st.Details() {
			if br, ok := d.(*errdetails.BadRequest); ok {
				for _, v := range br.GetFieldViolations() {
					e.add(v.GetField(), v.GetDescription())
				}
			}
		}
		if len(e.Items) == 0 {
			e.add("", st.Message())
		}
	case codes.FailedPrecondition, codes.AlreadyExists, codes.ResourceExhausted, codes.OutOfRange:
		e.add("", st.Message())
	case codes.Aborted:
		e.add("", staleMessage)
	default:
		return nil
	}
	return e
}

// anchor is the HTML id of the input for the API field path name.
func anchor(name string) string {
	return "f-" + strings.NewReplacer(".", "-", "[", "-", "]", "").Replace(name)
}

// failView is the page shown when something cannot be done.
type failView struct {
	base
	Heading string
	Message string
}

// fail writes an error page with the given status.
func (q *req) fail(code int, heading, msg string) error {
	v := &failView{Heading: heading, Message: msg}
	v.Title = heading
	q.w.WriteHeader(code)
	q.render("error", v)
	return errHandled
}

// handle turns what a page handler returned into a response: nothing for
// success, a sign-in redirect for an expired session, or an error page
// naming the problem in the API's own words.
func (q *req) handle(err error) {
	if err == nil || errors.Is(err, errHandled) {
		return
	}
	st, ok := status.FromError(err)
	if !ok {
		q.s.log.ErrorContext(q.r.Context(), "page failed", "path", q.r.URL.Path, "err", err)
		q.fail(http.StatusInternalServerError, "系统出错", "服务器暂时无法处理您的请求，请稍后重试。")
		return
	}
	switch st.Code() {
	case codes.Unauthenticated:
		q.dropSession()
		q.toSignIn()
	case codes.NotFound:
		q.fail(http.StatusNotFound, "没有找到", st.Message())
	case codes.PermissionDenied:
		q.fail(http.StatusForbidden, "无权访问", st.Message())
	case codes.InvalidArgument, codes.FailedPrecondition:
		q.fail(http.StatusBadRequest, "无法办理", st.Message())
	case codes.Aborted:
		q.fail(http.StatusConflict, "数据已变化", staleMessage)
	case codes.ResourceExhausted:
		q.fail(http.StatusTooManyRequests, "操作过于频繁", st.Message())
	default:
		q.fail(http.StatusInternalServerError, "系统出错", st.Message())
	}
}

// fieldError is a problem the page finds in an input before asking the
// API (an amount it cannot read, say), shaped as the API's own
// InvalidArgument so the form shows it the same way.
func fieldError(field, text string) error {
	st, err := status.New(codes.InvalidArgument, text).WithDetails(&errdetails.BadRequest{
		FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: field, Description: text}},
	})
	if err != nil {
		return status.Error(codes.InvalidArgument, text)
	}
	return st.Err()
}
