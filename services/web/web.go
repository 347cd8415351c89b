// Package web is foi's web application: server-rendered pages for
// applicants, window clerks, officers, legal advisers and heads, in
// Chinese. The pages are views over the API: every page calls the gRPC
// services through the client connection the REST gateway uses, so the
// access policy, the error table and the access log apply to a page exactly
// as to a REST call, and the page itself authorises nothing.
package web

import (
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"google.golang.org/grpc"

	foiv1 "foi/gen/foi/v1"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Site serves the pages. It holds the API clients and the parsed
// templates, nothing else: no database, no second access check.
type Site struct {
	log       *slog.Logger
	now       func() time.Time // the server's clock, for how long a submission has waited
	pages     map[string]*template.Template
	agencies  foiv1.AgencyServiceClient
	apps      foiv1.ApplicationServiceClient
	accounts  foiv1.AccountServiceClient
	sessions  foiv1.SessionServiceClient
	workflow  foiv1.WorkflowServiceClient
	history   foiv1.HistoryServiceClient
	reviews   foiv1.ReviewServiceClient
	inbox     foiv1.InboxServiceClient
	fees      foiv1.FeeServiceClient
	calendars foiv1.CalendarServiceClient
	reports   foiv1.ReportServiceClient
	docs      foiv1.DocumentServiceClient
	// corrections are the correction requests (Art. 41).
	corrections foiv1.CorrectionServiceClient
	mux         *http.ServeMux
	staticSrv   http.Handler
}

// New returns the web application over conn, the in-process gateway's
// client connection. It panics if the embedded templates do not parse,
// which a test catches before any release.
func New(conn grpc.ClientConnInterface, log *slog.Logger, now func() time.Time) *Site {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if now == nil {
		now = time.Now
	}
	static, _ := fs.Sub(staticFS, "static")
	s := &Site{
		log:         log,
		now:         now,
		pages:       parsePages(),
		agencies:    foiv1.NewAgencyServiceClient(conn),
		apps:        foiv1.NewApplicationServiceClient(conn),
		accounts:    foiv1.NewAccountServiceClient(conn),
		sessions:    foiv1.NewSessionServiceClient(conn),
		workflow:    foiv1.NewWorkflowServiceClient(conn),
		history:     foiv1.NewHistoryServiceClient(conn),
		reviews:     foiv1.NewReviewServiceClient(conn),
		inbox:       foiv1.NewInboxServiceClient(conn),
		fees:        foiv1.NewFeeServiceClient(conn),
		calendars:   foiv1.NewCalendarServiceClient(conn),
		reports:     foiv1.NewReportServiceClient(conn),
		corrections: foiv1.NewCorrectionServiceClient(conn),
		docs:        foiv1.NewDocumentServiceClient(conn),
		mux:         http.NewServeMux(),
		staticSrv:   http.StripPrefix("/static/", http.FileServerFS(static)),
	}
	s.routes()
	return s
}

// Handler adapts New to server.Config.Pages.
func Handler(log *slog.Logger, now func() time.Time) func(conn grpc.ClientConnInterface) http.Handler {
	return func(conn grpc.ClientConnInterface) http.Handler { return New(conn, log, now) }
}

// ServeHTTP serves a page with the security headers every page carries.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	s.mux.ServeHTTP(w, r)
}

// routes lists every page. Public pages need no session; the others send
// a signed-out visitor to sign in.
func (s *Site) routes() {
	s.mux.Handle("GET /static/", cacheStatic(s.staticSrv))
	s.mux.HandleFunc("GET /{$}", s.page(public, s.home))
	s.mux.HandleFunc("GET /signin", s.page(public, s.signInForm))
	s.mux.HandleFunc("POST /signin", s.page(public, s.signIn))
	s.mux.HandleFunc("GET /register", s.page(public, s.registerForm))
	s.mux.HandleFunc("POST /register", s.page(public, s.register))
	s.mux.HandleFunc("POST /signout", s.page(public, s.signOut))
	s.mux.HandleFunc("POST /text-size", s.page(public, s.textSize))
	s.mux.HandleFunc("GET /status", s.page(public, s.statusForm))
	s.mux.HandleFunc("POST /status", s.page(public, s.lookupStatus))
	s.mux.HandleFunc("GET /account/password", s.page(signedIn, s.passwordForm))
	s.mux.HandleFunc("POST /account/password", s.page(signedIn, s.changePassword))
	s.mux.HandleFunc("GET /account", s.page(signedIn, s.accountPage))
	s.mux.HandleFunc("POST /account", s.page(signedIn, s.updateContact))
	s.applicantRoutes()
	s.staffRoutes()
	s.correctionRoutes()
	s.deskAccountRoutes()
	s.adminTemplateRoutes()
	s.calendarMoveRoutes()
	s.mux.HandleFunc("/", s.page(public, s.notFound))
}

func cacheStatic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		next.ServeHTTP(w, r)
	})
}

func (s *Site) notFound(q *req) error {
	return q.fail(http.StatusNotFound, "页面不存在", "没有找到您要访问的页面，请检查网址是否正确。")
}
