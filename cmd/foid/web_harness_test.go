package main

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// webUser is one person using the web pages: a cookie jar and the page
// they last saw, as a browser without JavaScript would.
type webUser struct {
	t      testing.TB
	ts     *testServer
	client *http.Client
	page   string // the last page's HTML
	status int
	url    string // the last page's address
}

func (ts *testServer) webUser(t testing.TB) *webUser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	return &webUser{t: t, ts: ts, client: &http.Client{Jar: jar}}
}

func (u *webUser) base() string { return "http://" + u.ts.httpAddr }

// get opens a page, following redirects.
func (u *webUser) get(path string) *webUser {
	u.t.Helper()
	res, err := u.client.Get(u.base() + path)
	if err != nil {
		u.t.Fatal(err)
	}
	u.read(res)
	return u
}

// post submits a form with the CSRF token of the page last seen,
// following the redirect that answers it.
func (u *webUser) post(path string, values url.Values) *webUser {
	u.t.Helper()
	if values == nil {
		values = url.Values{}
	}
	if _, ok := values["csrf"]; !ok {
		values.Set("csrf", u.csrf())
	}
	res, err := u.client.PostForm(u.base()+path, values)
	if err != nil {
		u.t.Fatal(err)
	}
	u.read(res)
	return u
}

func (u *webUser) read(res *http.Response) {
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	u.page, u.status, u.url = string(b), res.StatusCode, res.Request.URL.Path
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (u *webUser) csrf() string {
	u.t.Helper()
	m := csrfInput.FindStringSubmatch(u.page)
	if m == nil {
		u.get("/")
		m = csrfInput.FindStringSubmatch(u.page)
	}
	if m == nil {
		u.t.Fatalf("no CSRF token on %s", u.url)
	}
	return m[1]
}

// signIn signs in through the sign-in page.
func (u *webUser) signIn(login, password string) *webUser {
	u.t.Helper()
	u.get("/signin")
	u.post("/signin", url.Values{"login": {login}, "password": {password}})
	if u.status != http.StatusOK || u.url == "/signin" {
		u.t.Fatalf("sign in as %s: HTTP %d at %s: %s", login, u.status, u.url, mainOf(u.page))
	}
	return u
}

// want checks that the page holds every text.
func (u *webUser) want(texts ...string) *webUser {
	u.t.Helper()
	for _, s := range texts {
		if !strings.Contains(u.page, s) {
			u.t.Errorf("%s (HTTP %d) lacks %q:\n%s", u.url, u.status, s, mainOf(u.page))
		}
	}
	return u
}

// wantNot checks that the page holds none of texts.
func (u *webUser) wantNot(texts ...string) *webUser {
	u.t.Helper()
	for _, s := range texts {
		if strings.Contains(u.page, s) {
			u.t.Errorf("%s holds %q, which it must not", u.url, s)
		}
	}
	return u
}

func (u *webUser) wantStatus(code int) *webUser {
	u.t.Helper()
	if u.status != code {
		u.t.Errorf("%s: HTTP %d, want %d:\n%s", u.url, u.status, code, mainOf(u.page))
	}
	return u
}

// version reads the case version an action form carries.
func (u *webUser) version() string {
	u.t.Helper()
	m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(u.page)
	if m == nil {
		u.t.Fatalf("no version on %s:\n%s", u.url, mainOf(u.page))
	}
	return m[1]
}

// mainOf is the page's main part, for failure messages.
func mainOf(page string) string {
	if i := strings.Index(page, "<main"); i >= 0 {
		page = page[i:]
	}
	if len(page) > 3000 {
		page = page[:3000]
	}
	return page
}

var caseLink = regexp.MustCompile(`href="/(?:my|cases)/([0-9a-f-]{36})"`)

// caseID is the first case the page links to.
func (u *webUser) caseID() string {
	u.t.Helper()
	m := caseLink.FindStringSubmatch(u.page)
	if m == nil {
		u.t.Fatalf("no case link on %s:\n%s", u.url, mainOf(u.page))
	}
	return m[1]
}
