package api

import (
	"context"
	"log/slog"
	"net"
	"net/netip"
	"slices"
	"strings"

	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"

	"foi/services/actor"
	"foi/services/auth"
	"foi/services/errs"
	"foi/services/server"
)

// Gate is the one access check of foi: every call on every surface (gRPC,
// REST through the gateway, the web pages through the same client) passes
// it in the server's interceptors. It authenticates the bearer token with
// auth, applies Policy, and records the caller's address for sign-in
// throttling.
type Gate struct {
	auth    *auth.Service
	trusted []netip.Prefix
	log     *slog.Logger
}

// NewGate returns the gate over a's sessions. trusted are the reverse
// proxies in front of foid whose x-forwarded-for entries are believed.
func NewGate(a *auth.Service, trusted []netip.Prefix, log *slog.Logger) *Gate {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Gate{auth: a, trusted: trusted, log: log}
}

// Admit authenticates a call and applies Policy to it: it returns the
// context carrying the caller, Unauthenticated without a valid token, or
// PermissionDenied for a role the method does not admit.
func (g *Gate) Admit(ctx context.Context, method string) (context.Context, error) {
	ctx = context.WithValue(ctx, clientAddrKey{}, ClientAddr(ctx, g.trusted))
	rule, ok := Policy[method]
	if !ok {
		g.log.ErrorContext(ctx, "method has no access policy", "method", method)
		return ctx, errs.New(errs.PermissionDenied, "该接口未配置访问策略")
	}
	token := bearer(ctx)
	if rule.Scope == ScopePublic {
		// A public method ignores a stale or bad token, but knows a good one.
		if token != "" {
			if who, _, err := g.auth.Authenticate(ctx, token); err == nil {
				ctx = actor.With(ctx, who)
			}
		}
		return ctx, nil
	}
	if token == "" {
		return ctx, errs.New(errs.Unauthenticated, "请先登录")
	}
	who, mustChange, err := g.auth.Authenticate(ctx, token)
	if err != nil {
		return ctx, err
	}
	if !slices.Contains(rule.Roles, who.Role) {
		return ctx, errs.New(errs.PermissionDenied, onlyRoles(rule.Roles))
	}
	if mustChange && !rule.DuringPasswordChange {
		return ctx, errs.New(errs.PermissionDenied, "请先修改初始密码")
	}
	return actor.With(ctx, who), nil
}

// onlyRoles says who may act: "仅负责人可以执行该操作", or with several
// roles "仅承办人或负责人可以执行该操作".
func onlyRoles(roles []actor.Role) string {
	if len(roles) == 0 {
		return "无权执行该操作"
	}
	labels := make([]string, len(roles))
	for i, r := range roles {
		labels[i] = r.Label()
	}
	who := labels[0]
	if n := len(labels); n > 1 {
		who = strings.Join(labels[:n-1], "、") + "或" + labels[n-1]
	}
	return "仅" + who + "可以执行该操作"
}

// bearer returns the token of an "authorization: Bearer <token>" header.
func bearer(ctx context.Context) string {
	for _, v := range metadata.ValueFromIncomingContext(ctx, "authorization") {
		if len(v) > 7 && strings.EqualFold(v[:7], "bearer ") {
			return strings.TrimSpace(v[7:])
		}
	}
	return ""
}

// ClientAddr returns the caller's IP address: the peer's, unless the call
// came through this process's REST gateway or from a trusted proxy (one of
// -trusted-proxies), whose last x-forwarded-for entry names who they heard
// from. Read from the right, the first entry that is not a trusted proxy
// is the client. Any other caller's x-forwarded-for, loopback included, is
// ignored: it is the caller's own word.
func ClientAddr(ctx context.Context, trusted []netip.Prefix) string {
	p, ok := peer.FromContext(ctx)
	if !ok {
		return "unknown"
	}
	host, _, err := net.SplitHostPort(p.Addr.String())
	if err != nil {
		host = p.Addr.String()
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || !(server.ViaGateway(ctx) || trustedProxy(ip, trusted)) {
		return host
	}
	fwd := metadata.ValueFromIncomingContext(ctx, "x-forwarded-for")
	if len(fwd) == 0 {
		return host
	}
	parts := strings.Split(fwd[len(fwd)-1], ",")
	client := ""
	for i := len(parts) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(parts[i]))
		if err != nil {
			break
		}
		client = a.String()
		if !trustedProxy(a, trusted) {
			return client
		}
	}
	if client == "" {
		return host
	}
	return client
}

func trustedProxy(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a.Unmap()) {
			return true
		}
	}
	return false
}

type clientAddrKey struct{}

// clientAddr is the caller's address as the gate found it.
func clientAddr(ctx context.Context) string {
	if a, ok := ctx.Value(clientAddrKey{}).(string); ok {
		return a
	}
	return "unknown"
}
