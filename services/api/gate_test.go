package api

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	_ "foi/gen/foi/v1" // registers the foi.v1 services
	foiv1 "foi/gen/foi/v1"
	"foi/services/actor"
	"foi/services/auth"
	"foi/services/errs"
	"foi/services/server"
)

func withToken(ctx context.Context, header string) context.Context {
	return metadata.NewIncomingContext(ctx, metadata.Pairs("authorization", header))
}

func TestAdmit(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ag := f.agency("AONE")
	root := f.staff("root", "initial password", actor.Admin)
	f.passwordChanged(root.ID)
	clerk := f.staff("clerk", "initial password", actor.Clerk, ag) // must still change its password
	applicant := f.applicant("13800138000", "a good password")
	rootTok := f.signIn("root", "initial password")
	clerkTok := f.signIn("clerk", "initial password")
	applicantTok := f.signIn("13800138000", "a good password")
	signedOut := f.signIn("13800138000", "a good password")
	if err := f.auth.SignOut(f.ctx, f.actor(signedOut)); err != nil {
		t.Fatal(err)
	}

	const (
		listAgencies   = "/foi.v1.AgencyService/ListAgencies"
		listAccounts   = "/foi.v1.AccountService/ListAccounts"
		getApplication = "/foi.v1.ApplicationService/GetApplication"
		submit         = "/foi.v1.ApplicationService/SubmitApplication"
		changePassword = "/foi.v1.AccountService/ChangePassword"
		current        = "/foi.v1.AccountService/GetCurrentAccount"
		signOut        = "/foi.v1.SessionService/DeleteCurrentSession"
	)
	bearer := func(tok auth.Tokens) string { return "Bearer " + tok.Access }
	tests := []struct {
		name, method, header string
		wantErr              error  // category, or nil
		wantActor            string // account id in the returned context; "" for none
	}{
		{"unlisted method", "/foi.v1.AccountService/DeleteEverything", bearer(rootTok), errs.PermissionDenied, ""},
		{"unlisted service", "/other.Service/Method", "", errs.PermissionDenied, ""},
		{"public, no token", listAgencies, "", nil, ""},
		{"public, bad token", listAgencies, "Bearer garbage", nil, ""},
		{"public, signed out", listAgencies, bearer(signedOut), nil, ""},
		{"public, good token", listAgencies, bearer(applicantTok), nil, applicant.ID},
		{"public, must change", listAgencies, bearer(clerkTok), nil, clerk.ID},
		{"no token", listAccounts, "", errs.Unauthenticated, ""},
		{"empty bearer", listAccounts, "Bearer ", errs.Unauthenticated, ""},
		{"basic auth", listAccounts, "Basic cm9vdDpwYXNzd29yZA==", errs.Unauthenticated, ""},
		{"bad token", listAccounts, "Bearer garbage", errs.Unauthenticated, ""},
		{"signed out", current, bearer(signedOut), errs.Unauthenticated, ""},
		{"admin", listAccounts, bearer(rootTok), nil, root.ID},
		{"lower-case scheme", listAccounts, "bearer " + rootTok.Access, nil, root.ID},
		{"applicant on admin method", listAccounts, bearer(applicantTok), errs.PermissionDenied, ""},
		{"applicant submits", submit, bearer(applicantTok), nil, applicant.ID},
		{"admin submits", submit, bearer(rootTok), errs.PermissionDenied, ""},
		{"applicant reads cases", getApplication, bearer(applicantTok), nil, applicant.ID},
		{"must change, reads cases", getApplication, bearer(clerkTok), errs.PermissionDenied, ""},
		{"must change, admin method", listAccounts, bearer(clerkTok), errs.PermissionDenied, ""},
		{"must change, changes password", changePassword, bearer(clerkTok), nil, clerk.ID},
		{"must change, reads itself", current, bearer(clerkTok), nil, clerk.ID},
		{"must change, signs out", signOut, bearer(clerkTok), nil, clerk.ID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := f.ctx
			if tt.header != "" {
				ctx = withToken(ctx, tt.header)
			}
			got, err := f.gate.Admit(ctx, tt.method)
			if tt.wantErr == nil && err != nil {
				t.Fatalf("Admit(%s): %v, want admitted", tt.method, err)
			}
			if tt.wantErr != nil {
				wantCategory(t, err, tt.wantErr)
			}
			who, ok := actor.From(got)
			if diff := cmp.Diff(tt.wantActor, who.AccountID); diff != "" || ok != (tt.wantActor != "") {
				t.Errorf("actor in context (present %v) mismatch (-want +got):\n%s", ok, diff)
			}
		})
	}

	// Once the password is changed, the clerk reaches its work.
	if err := f.auth.ChangePassword(f.ctx, f.actor(clerkTok), "initial password", "a new password"); err != nil {
		t.Fatal(err)
	}
	ctx, err := f.gate.Admit(withToken(f.ctx, bearer(clerkTok)), getApplication)
	if err != nil {
		t.Fatalf("clerk after changing the password: %v", err)
	}
	who, _ := actor.From(ctx)
	want := actor.Actor{AccountID: clerk.ID, SessionID: clerkTok.SessionID, Name: "工作人员clerk", Role: actor.Clerk, Agencies: []string{ag}}
	if diff := cmp.Diff(want, who); diff != "" {
		t.Errorf("admitted actor mismatch (-want +got):\n%s", diff)
	}
}

// TestPolicyCoversEveryMethod checks the policy against the generated API:
// every foi.v1 RPC has a rule, every rule names an RPC that exists, and every
// non-public rule admits someone.
func TestPolicyCoversEveryMethod(t *testing.T) {
	declared := map[string]bool{}
	protoregistry.GlobalFiles.RangeFilesByPackage("foi.v1", func(fd protoreflect.FileDescriptor) bool {
		for i := range fd.Services().Len() {
			sd := fd.Services().Get(i)
			for j := range sd.Methods().Len() {
				declared[fmt.Sprintf("/%s/%s", sd.FullName(), sd.Methods().Get(j).Name())] = true
			}
		}
		return true
	})
	if len(declared) == 0 {
		t.Fatal("no foi.v1 services registered")
	}
	for m := range declared {
		if _, ok := Policy[m]; !ok {
			t.Errorf("%s has no access policy", m)
		}
	}
	for m, rule := range Policy {
		if strings.HasPrefix(m, "/foi.v1.") && !declared[m] {
			t.Errorf("policy names %s, which the API does not declare", m)
		}
		if rule.Scope == ScopePublic {
			if len(rule.Roles) != 0 {
				t.Errorf("%s is public but lists roles %v", m, rule.Roles)
			}
			continue
		}
		if len(rule.Roles) == 0 {
			t.Errorf("%s admits nobody", m)
		}
		for _, r := range rule.Roles {
			if !slices.Contains(actor.Roles, r) {
				t.Errorf("%s admits %q, which no account can hold", m, r)
			}
		}
	}
}

type fakeAddr string

func (a fakeAddr) Network() string { return "fake" }
func (a fakeAddr) String() string  { return string(a) }

func TestClientAddr(t *testing.T) {
	tcp := func(ip string) net.Addr { return &net.TCPAddr{IP: net.ParseIP(ip), Port: 43210} }
	tests := []struct {
		name    string
		addr    net.Addr // nil: no peer
		xff     []string
		trusted string
		want    string
		gateway bool // the call came through the in-process gateway
	}{
		{"no peer", nil, nil, "", "unknown", false},
		{"direct", tcp("203.0.113.5"), nil, "", "203.0.113.5", false},
		{"direct ignores forwarded", tcp("203.0.113.5"), []string{"1.2.3.4, 5.6.7.8"}, "", "203.0.113.5", false},
		{"private ignores forwarded", tcp("10.0.0.2"), []string{"5.6.7.8"}, "", "10.0.0.2", false},
		{"ipv6 direct", tcp("2001:db8::1"), []string{"5.6.7.8"}, "", "2001:db8::1", false},
		{"loopback alone", tcp("127.0.0.1"), nil, "", "127.0.0.1", false},
		{"a loopback gRPC caller's own x-forwarded-for", tcp("127.0.0.1"), []string{"5.6.7.8"}, "", "127.0.0.1", false},
		{"an untrusted proxy's x-forwarded-for", tcp("198.51.100.7"), []string{"5.6.7.8"}, "127.0.0.0/8", "198.51.100.7", false},
		{"gateway", tcp("127.0.0.1"), []string{"1.2.3.4, 5.6.7.8"}, "", "5.6.7.8", true},
		{"gateway one hop", tcp("127.0.0.1"), []string{"5.6.7.8"}, "", "5.6.7.8", true},
		{"gateway ipv6 loopback", tcp("::1"), []string{"1.2.3.4,2001:db8::7"}, "", "2001:db8::7", true},
		{"other loopback", tcp("127.0.0.53"), []string{"5.6.7.8"}, "", "5.6.7.8", true},
		{"last header counts", tcp("127.0.0.1"), []string{"9.9.9.9", "1.2.3.4, 5.6.7.8"}, "", "5.6.7.8", true},
		{"gateway garbage", tcp("127.0.0.1"), []string{"1.2.3.4, not-an-ip"}, "", "127.0.0.1", true},
		{"gateway empty", tcp("127.0.0.1"), []string{""}, "", "127.0.0.1", true},
		{"no port", fakeAddr("198.51.100.3"), nil, "", "198.51.100.3", false},
		{"unix socket", &net.UnixAddr{Name: "/run/foi.sock", Net: "unix"}, []string{"5.6.7.8"}, "", "/run/foi.sock", false},
		{"behind a trusted proxy", tcp("127.0.0.1"), []string{"203.0.113.9, 127.0.0.1"}, "127.0.0.0/8", "203.0.113.9", false},
		{"a spoofed entry left of an untrusted hop", tcp("127.0.0.1"), []string{"1.1.1.1, 203.0.113.9, 127.0.0.1"}, "127.0.0.0/8", "203.0.113.9", false},
		{"only trusted hops", tcp("127.0.0.1"), []string{"10.0.0.1, 127.0.0.1"}, "10.0.0.0/8,127.0.0.0/8", "10.0.0.1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			if tt.addr != nil {
				ctx = peer.NewContext(ctx, &peer.Peer{Addr: tt.addr})
			}
			if tt.gateway {
				ctx = server.WithViaGateway(ctx)
			}
			if tt.xff != nil {
				md := metadata.MD{}
				for _, v := range tt.xff {
					md.Append("x-forwarded-for", v)
				}
				ctx = metadata.NewIncomingContext(ctx, md)
			}
			var trusted []netip.Prefix
			for _, p := range strings.Split(tt.trusted, ",") {
				if p != "" {
					trusted = append(trusted, netip.MustParsePrefix(p))
				}
			}
			if diff := cmp.Diff(tt.want, ClientAddr(ctx, trusted)); diff != "" {
				t.Errorf("ClientAddr mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAdmitRecordsClientAddr: the handlers that throttle by address read
// the one the gate found, through the same trusted-proxy rule.
func TestAdmitRecordsClientAddr(t *testing.T) {
	g := NewGate(nil, []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}, nil)
	ctx := peer.NewContext(context.Background(), &peer.Peer{Addr: &net.TCPAddr{IP: net.ParseIP("127.0.0.1"), Port: 1}})
	ctx = metadata.NewIncomingContext(ctx, metadata.Pairs("x-forwarded-for", "203.0.113.9, 127.0.0.1"))
	if got := clientAddr(context.Background()); got != "unknown" {
		t.Errorf("clientAddr before the gate: %q, want unknown", got)
	}
	got, err := g.Admit(ctx, foiv1.AgencyService_ListAgencies_FullMethodName)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff("203.0.113.9", clientAddr(got)); diff != "" {
		t.Errorf("clientAddr mismatch (-want +got):\n%s", diff)
	}
}

func TestOnlyRolesNamesWhoMayAct(t *testing.T) {
	tests := []struct {
		rule Rule
		want string
	}{
		{Policy[foiv1.WorkflowService_ApproveExtension_FullMethodName], "仅负责人可以执行该操作"},
		{Policy[foiv1.WorkflowService_AssignApplication_FullMethodName], "仅承办人或负责人可以执行该操作"},
		{Policy[foiv1.FeeService_GetFeeStatistics_FullMethodName], "仅负责人或系统管理员可以执行该操作"},
		{Policy[foiv1.ReviewService_ListReviews_FullMethodName], "仅法律顾问、负责人或系统管理员可以执行该操作"},
	}
	for _, tt := range tests {
		if got := onlyRoles(tt.rule.Roles); got != tt.want {
			t.Errorf("onlyRoles(%v) = %q, want %q", tt.rule.Roles, got, tt.want)
		}
	}
}
