package web

import (
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	foiv1 "foi/gen/foi/v1"
	"foi/services/actor"
	"foi/services/cases"
	"foi/services/correction"
	"foi/services/notice"
)

// TestActionsFollowTheWorkflowTable: for every state and role, the pages
// offer an action exactly when services/cases' table allows the event in
// that state to that role. (The test imports cases; the package does not,
// so the pages never reach the domain or its store.)
func TestActionsFollowTheWorkflowTable(t *testing.T) {
	roleOf := map[foiv1.Role]actor.Role{rApplicant: actor.Applicant, rClerk: actor.Clerk, rOfficer: actor.Officer,
		rAdviser: actor.LegalAdviser, rHead: actor.Head, foiv1.Role_ROLE_ADMIN: actor.Admin}
	for _, a := range actions {
		e := cases.Event(a.Event)
		if e.Label() == "" {
			t.Errorf("action %s is no event of the workflow", a.Event)
			continue
		}
		for _, st := range cases.States {
			pst := foiv1.ApplicationState(foiv1.ApplicationState_value["APPLICATION_STATE_"+string(st)])
			for pr, r := range roleOf {
				want := slices.Contains(cases.Allowed(st), e) && slices.Contains(cases.RolesFor(e), r)
				got := slices.Contains(a.From, pst) && slices.Contains(a.Roles, pr)
				if got != want {
					t.Errorf("%s in %s for %s: pages offer %v, the workflow allows %v", a.Event, st, r, got, want)
				}
			}
		}
		if a.Label != e.Label() && !strings.HasPrefix(a.Label, e.Label()) {
			t.Logf("action %s is labelled %q, the workflow calls it %q", a.Event, a.Label, e.Label())
		}
	}
	// Every event a person causes has its action on the case page, but
	// those done on pages of their own.
	for _, tr := range cases.Table {
		e := tr.Event
		if slices.Equal(tr.Roles, []actor.Role{actor.System}) || slices.ContainsFunc(actions, func(a action) bool { return a.Event == string(e) }) {
			continue
		}
		if _, ok := elsewhere[string(e)]; !ok {
			t.Errorf("event %s (%s) is caused by %v, and no page offers it", e, e.Label(), tr.Roles)
		}
	}
	for e := range elsewhere {
		if cases.Event(e).Label() == "" || slices.ContainsFunc(actions, func(a action) bool { return a.Event == e }) {
			t.Errorf("%s is listed as done elsewhere, but it is no event or the case page offers it", e)
		}
	}
}

// elsewhere are the person-caused events done on pages other than the
// case page's action block, and where.
var elsewhere = map[string]string{
	// A case begins on the application pages: the applicant's online
	// form and the clerk's window registration.
	"submit":   "/apply",
	"register": "/desk/register",
	// Documents are the case page's material block (uploadKinds), which
	// posts a file or a removal rather than an action form.
	"attach_document": "/cases/{id}/documents, /my/{id}/documents",
	"remove_document": "/cases/{id}/documents/{doc}/remove, /my/{id}/documents/{doc}/remove",
}

func TestStateLabelsAreTheServers(t *testing.T) {
	for _, st := range cases.States {
		pst := foiv1.ApplicationState(foiv1.ApplicationState_value["APPLICATION_STATE_"+string(st)])
		if got := stateLabel(pst); got != st.Label() {
			t.Errorf("%s: pages say %q, the server %q", st, got, st.Label())
		}
	}
}

func TestForwardedForAsTheGatewayDoes(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "192.0.2.7:41000"
	if got := forwardedFor(r); got != "192.0.2.7" {
		t.Errorf("no header: %q", got)
	}
	r.Header.Add("X-Forwarded-For", "203.0.113.1, 198.51.100.2")
	r.Header.Add("X-Forwarded-For", "198.51.100.3")
	if got, want := forwardedFor(r), "203.0.113.1, 198.51.100.2, 198.51.100.3, 192.0.2.7"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestFormats(t *testing.T) {
	for in, want := range map[string]string{"2026-12-02": "2026年12月2日", "2027-01-10": "2027年1月10日", "": "", "bad": "bad"} {
		if got := dateCN(in); got != want {
			t.Errorf("dateCN(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[int64]string{0: "0.00 元", 5: "0.05 元", 170000: "1700.00 元", -250: "-2.50 元"} {
		if got := yuan(in); got != want {
			t.Errorf("yuan(%d) = %q, want %q", in, got, want)
		}
	}
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{"/my": "/my", "//evil.example/": "/", "https://evil.example/": "/", "/\\evil": "/", "": "/"} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTemplatesParse(t *testing.T) {
	pages := parsePages()
	for _, name := range []string{"home", "signin", "register", "password", "apply", "done", "mine", "mine_case", "case",
		"worklist", "queue", "desk_register", "desk_done", "draft", "error", "status", "inbox", "find", "account", "admin_accounts", "admin_account_new", "admin_password", "admin_agencies", "admin_policy", "admin_calendars", "admin_bases", "admin_basis_retire", "guide", "report", "report_cases",
		"correction_form", "corrections", "correction",
		"desk_accounts", "desk_password", "desk_identity", "desk_identity_done", "admin_templates", "admin_template", "admin_moves"} {
		if pages[name] == nil {
			t.Errorf("no template %s", name)
		}
	}
}

// TestKindTitlesAreTheNotices: the template pages name each notice kind
// as the documents print it.
func TestKindTitlesAreTheNotices(t *testing.T) {
	if len(kindTitles) != len(notice.Kinds) {
		t.Errorf("the pages name %d kinds, notice has %d", len(kindTitles), len(notice.Kinds))
	}
	for _, k := range notice.Kinds {
		if got := kindTitle(string(k)); got != k.Title() {
			t.Errorf("%s: pages say %q, the notice %q", k, got, k.Title())
		}
	}
}

// TestOpenStatesAreTheWorkflows: the states whose due dates are coloured
// overdue are the states the workflow counts as open (the API's overdue
// list).
func TestOpenStatesAreTheWorkflows(t *testing.T) {
	var want []foiv1.ApplicationState
	for _, st := range cases.States {
		if st.Open() {
			want = append(want, foiv1.ApplicationState(foiv1.ApplicationState_value["APPLICATION_STATE_"+string(st)]))
		}
	}
	got := slices.Clone(clockStates)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("pages count %v open, the workflow %v", got, want)
	}
}

// TestCorrectionPagesFollowTheWorkflow: every event of a correction
// request has its action and form on the request page, every action is an
// event, and the states read as the server names them.
func TestCorrectionPagesFollowTheWorkflow(t *testing.T) {
	for _, e := range correction.Events {
		pe := foiv1.CorrectionEvent(foiv1.CorrectionEvent_value["CORRECTION_EVENT_"+strings.ToUpper(string(e))])
		a, ok := correctionActionLabels[pe]
		if !ok || a.Event != string(e) {
			t.Errorf("event %s: the pages offer %+v", e, a)
		}
		if _, ok := correctionActionFields[string(e)]; !ok {
			t.Errorf("event %s has no form", e)
		}
	}
	if len(correctionActionLabels) != len(correction.Events) || len(correctionActionFields) != len(correction.Events) {
		t.Errorf("%d actions and %d forms for %d events", len(correctionActionLabels), len(correctionActionFields), len(correction.Events))
	}
	for _, st := range correction.States {
		pst := foiv1.CorrectionState(foiv1.CorrectionState_value["CORRECTION_STATE_"+string(st)])
		if got := correctionStates[pst]; got != st.Label() {
			t.Errorf("%s: pages say %q, the server %q", st, got, st.Label())
		}
	}
}

// TestStreamsBodyOnlyUploads: only the upload routes skip the server's
// limit on form bodies.
func TestStreamsBodyOnlyUploads(t *testing.T) {
	s := &Site{}
	for path, want := range map[string]bool{"/cases/x/documents": true, "/my/x/documents": true, "/cases/x/act/void": false,
		"/cases/x/documents/d/remove": false, "/admin/calendars": false, "/documents": false} {
		if got := s.StreamsBody(httptest.NewRequest("POST", path, nil)); got != want {
			t.Errorf("POST %s: %v", path, got)
		}
	}
	if s.StreamsBody(httptest.NewRequest("GET", "/cases/x/documents", nil)) {
		t.Error("GET streams")
	}
}
