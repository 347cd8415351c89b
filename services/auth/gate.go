package auth

import (
	"context"
	"net"
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
// gateway arrive from loopback; for them the address the gateway saw is the
// last entry of x-forwarded-for, which the gateway appends itself.
func ClientAddr(ctx context.Context) string {
	p, ok := peer.FromContext(ctx)
	if !ok {
		return "unknown"
	}
	host, _, err := net.SplitHostPort(p.Addr.String())
	if err != nil {
		host = p.Addr.String()
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		md, _ := metadata.FromIncomingContext(ctx)
		if fwd := md.Get("x-forwarded-for"); len(fwd) > 0 {
			parts := strings.Split(fwd[len(fwd)-1], ",")
			if last := strings.TrimSpace(parts[len(parts)-1]); net.ParseIP(last) != nil {
				return last
			}
		}
	}
	return host
}
