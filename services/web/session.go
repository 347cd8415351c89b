package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	foiv1 "foi/gen/foi/v1"
)

// The cookies the pages keep. The session cookie holds the API's token
// pair; the CSRF cookie holds a per-browser secret whose HMAC every form
// carries; the others hold preferences and a one-time message.
const (
	sessionCookie = "foi_session"
	csrfCookie    = "foi_csrf"
	textCookie    = "foi_text"
	flashCookie   = "foi_flash"
	csrfField     = "csrf"
)

// access says whether a page needs a signed-in account.
type access int

const (
	public access = iota
	signedIn
)

// tokens is the API's token pair as the session cookie holds it.
type tokens struct {
	Access  string `json:"a"`
	Refresh string `json:"r"`
}

// req is one page request: the HTTP exchange, the session, and the
// signed-in account as the API reports it.
type req struct {
	s         *Site
	w         http.ResponseWriter
	r         *http.Request
	tok       tokens
	me        *foiv1.Account
	csrf      string // the secret from the CSRF cookie
	large     bool
	flash     string
	refreshed bool
	// done is what an action did, for the banner after it, when that is
	// not its label (a fee notice below the maximum waits for the head).
	done string
}

// page wraps a page handler: it reads the session, checks the CSRF token
// of a POST, loads the signed-in account (sending a signed-out visitor of
// a signed-in page to sign in, and an account that must change its
// initial password to do so first), and turns a returned error into a
// page.
func (s *Site) page(a access, h func(q *req) error) http.HandlerFunc {
	return s.pageWith(a, false, h)
}

// streamedPage is a signed-in page whose posted body its handler reads
// as a stream (a document upload, larger than any form): the handler
// checks the CSRF field, which the form sends before the file, itself
// (csrfFirst).
func (s *Site) streamedPage(h func(q *req) error) http.HandlerFunc {
	return s.pageWith(signedIn, true, h)
}

func (s *Site) pageWith(a access, streamed bool, h func(q *req) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := s.newReq(w, r)
		if r.Method == http.MethodPost && !streamed {
			if err := parseBody(w, r); err != nil || !q.csrfValid(r.PostFormValue(csrfField)) {
				q.fail(http.StatusForbidden, "表单已失效", "为保护您的账户安全，本次提交未被接受：表单已过期或不是从本网站提交的。请返回上一页，刷新后重新提交。")
				return
			}
		}
		if q.tok.Access != "" || a == signedIn {
			if err := q.loadMe(); err != nil && a == signedIn {
				q.handle(err)
				return
			}
		}
		if a == signedIn && q.me == nil {
			q.toSignIn()
			return
		}
		if q.me != nil && q.me.GetMustChangePassword() && r.URL.Path != "/account/password" && r.URL.Path != "/signout" {
			q.redirect("/account/password")
			return
		}
		q.handle(h(q))
	}
}

// maxUpload bounds a multipart form (a calendar year file is a few KB).
const maxUpload = 1 << 20

// parseBody reads a posted form, URL-encoded or multipart.
func parseBody(w http.ResponseWriter, r *http.Request) error {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
		return r.ParseMultipartForm(maxUpload)
	}
	return r.ParseForm()
}

func (s *Site) newReq(w http.ResponseWriter, r *http.Request) *req {
	q := &req{s: s, w: w, r: r}
	if c, err := r.Cookie(sessionCookie); err == nil {
		if b, err := base64.RawURLEncoding.DecodeString(c.Value); err == nil {
			_ = json.Unmarshal(b, &q.tok)
		}
	}
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 40 {
		q.csrf = c.Value
	} else {
		b := make([]byte, 32)
		rand.Read(b)
		q.csrf = base64.RawURLEncoding.EncodeToString(b)
		q.setCookie(csrfCookie, q.csrf, 0)
	}
	if c, err := r.Cookie(textCookie); err == nil && c.Value == "large" {
		q.large = true
	}
	if c, err := r.Cookie(flashCookie); err == nil {
		q.flash, _ = url.QueryUnescape(c.Value)
		q.setCookie(flashCookie, "", -1)
	}
	return q
}

// setCookie sets an HttpOnly, SameSite=Lax cookie on the whole site,
// Secure when the request came over TLS. maxAge 0 is a browser-session
// cookie, negative deletes it.
func (q *req) setCookie(name, value string, maxAge int) {
	http.SetCookie(q.w, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: q.r.TLS != nil,
	})
}

// csrfToken is the value forms carry: an HMAC of the browser's secret, so
// a page of another site, which cannot read the cookie, cannot forge it.
func (q *req) csrfToken() string {
	m := hmac.New(sha256.New, []byte(q.csrf))
	m.Write([]byte("foi-form"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func (q *req) csrfValid(got string) bool {
	c, err := q.r.Cookie(csrfCookie)
	if err != nil || c.Value != q.csrf || got == "" {
		return false
	}
	return hmac.Equal([]byte(got), []byte(q.csrfToken()))
}

// keepSession stores the token pair in the session cookie.
func (q *req) keepSession(t *foiv1.Tokens) {
	q.tok = tokens{Access: t.GetAccessToken(), Refresh: t.GetRefreshToken()}
	b, _ := json.Marshal(q.tok)
	maxAge := 0
	if exp := t.GetRefreshTokenExpireTime(); exp != nil && t.GetAccessTokenExpireTime() != nil {
		// The cookie lives as long as the refresh token, by the server's clock.
		if d := exp.AsTime().Sub(t.GetAccessTokenExpireTime().AsTime()); d > 0 {
			maxAge = int(d.Seconds())
		}
	}
	q.setCookie(sessionCookie, base64.RawURLEncoding.EncodeToString(b), maxAge)
}

func (q *req) dropSession() {
	q.tok = tokens{}
	q.me = nil
	q.setCookie(sessionCookie, "", -1)
}

// ctx returns the context of an API call made for this request: the
// access token, the request id, and the HTTP client's address as
// grpc-gateway forwards it (the X-Forwarded-For values received, then the
// remote address), so sign-in throttling sees the real client.
func (q *req) ctx() context.Context {
	md := metadata.MD{}
	if q.tok.Access != "" {
		md.Set("authorization", "Bearer "+q.tok.Access)
	}
	if id := q.r.Header.Get("X-Request-Id"); id != "" {
		md.Set("x-request-id", id)
	}
	if xff := forwardedFor(q.r); xff != "" {
		md.Set("x-forwarded-for", xff)
	}
	return metadata.NewOutgoingContext(q.r.Context(), md)
}

// forwardedFor builds x-forwarded-for exactly as grpc-gateway's
// AnnotateContext does.
func forwardedFor(r *http.Request) string {
	var xff []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
		if printable(v) {
			xff = append(xff, v)
		}
	}
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil && printable(host) {
		xff = append(xff, host)
	}
	return strings.Join(xff, ", ")
}

func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// call makes one API call for q. When the access token has expired it
// refreshes the session once, transparently, and calls again.
func call[T any](q *req, f func(ctx context.Context) (T, error)) (T, error) {
	res, err := f(q.ctx())
	if status.Code(err) == codes.Unauthenticated && q.tok.Refresh != "" && !q.refreshed {
		q.refreshed = true
		rr, rerr := q.s.sessions.RefreshSession(q.ctx(), &foiv1.RefreshSessionRequest{RefreshToken: q.tok.Refresh})
		if rerr != nil {
			q.dropSession()
			return res, err
		}
		q.keepSession(rr.GetTokens())
		res, err = f(q.ctx())
	}
	return res, err
}

// loadMe asks the API who is signed in.
func (q *req) loadMe() error {
	if q.tok.Access == "" && q.tok.Refresh == "" {
		return status.Error(codes.Unauthenticated, "请先登录")
	}
	res, err := call(q, func(ctx context.Context) (*foiv1.GetCurrentAccountResponse, error) {
		return q.s.accounts.GetCurrentAccount(ctx, &foiv1.GetCurrentAccountRequest{})
	})
	if err != nil {
		if status.Code(err) == codes.Unauthenticated {
			q.dropSession()
		}
		return err
	}
	q.me = res.GetAccount()
	return nil
}

func (q *req) role() foiv1.Role { return q.me.GetRole() }

// redirect answers a POST (or a GET) with 303 See Other.
func (q *req) redirect(to string) {
	http.Redirect(q.w, q.r, to, http.StatusSeeOther)
}

// redirectWith redirects and shows msg once on the next page.
func (q *req) redirectWith(to, msg string) {
	q.setCookie(flashCookie, url.QueryEscape(msg), 60)
	q.redirect(to)
}

func (q *req) toSignIn() {
	next := q.r.URL.Path
	if q.r.Method != http.MethodGet {
		next = "/"
	}
	q.redirect("/signin?next=" + url.QueryEscape(next))
}

// localPath returns p when it is a path on this site, else "/".
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return "/"
	}
	return p
}

var errHandled = errors.New("response written")
