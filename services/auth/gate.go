package auth

import (
	"context"
	"net"
	"net/netip"
	"strings"

	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"

	"foi/services/actor"
	"foi/services/errs"
)

// Admit authenticates a call and applies Policy to it: it returns the
// context carrying the caller, Unauthenticated without a valid token, or
// PermissionDenied for a role the method does not admit.
func (s *Service) Admit(ctx context.Context, method string) (context.Context, error) {
	rule, ok := Policy[method]
	if !ok {
		s.log.ErrorContext(ctx, "method has no access policy", "method", method)
		return ctx, errs.New(errs.PermissionDenied, "该接口未配置访问策略")
	}
	token := bearer(ctx)
	if rule.Scope == ScopePublic {
		// A public method ignores a stale or bad token, but knows a good one.
		if token != "" {
			if who, _, err := s.Authenticate(ctx, token); err == nil {
				ctx = actor.With(ctx, who)
			}
		}
		return ctx, nil
	}
	if token == "" {
		return ctx, errs.New(errs.Unauthenticated, "请先登录")
	}
	who, mustChange, err := s.Authenticate(ctx, token)
	if err != nil {
		return ctx, err
	}
	if !roleIn(who.Role, rule.Roles) {
		return ctx, errs.New(errs.PermissionDenied, who.Role.Label()+"无权执行该操作")
	}
	if mustChange && !rule.DuringPasswordChange {
		return ctx, errs.New(errs.PermissionDenied, "请先修改初始密码")
	}
	return actor.With(ctx, who), nil
}

// bearer returns the token of an "authorization: Bearer <token>" header.
func bearer(ctx context.Context) string {
	md, _ := metadata.FromIncomingContext(ctx)
	for _, v := range md.Get("authorization") {
		if len(v) > 7 && strings.EqualFold(v[:7], "bearer ") {
			return strings.TrimSpace(v[7:])
		}
	}
	return ""
}

// ClientAddr returns the caller's IP address. Calls through the REST
// gateway arrive from loopback; for them the address comes from the last
// x-forwarded-for header, to which the gateway appends the address it saw:
// read from the right, the first entry that is not a trusted proxy (a
// reverse proxy in front of foid) is the client.
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
	if err != nil || !ip.IsLoopback() {
		return host
	}
	md, _ := metadata.FromIncomingContext(ctx)
	fwd := md.Get("x-forwarded-for")
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

// ClientAddr is the package's ClientAddr with the configured trusted
// proxies.
func (s *Service) ClientAddr(ctx context.Context) string { return ClientAddr(ctx, s.trusted) }
