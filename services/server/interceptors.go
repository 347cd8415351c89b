package server

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"log/slog"
	"regexp"
	"runtime/debug"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"

	"foi/services/actor"
)

// Gate authenticates a call and applies the access policy for its method.
// It returns the context carrying the caller's actor, or an error in the
// Unauthenticated or PermissionDenied category.
type Gate interface {
	Admit(ctx context.Context, method string) (context.Context, error)
}

// call is what the access log learns about one RPC as it passes inward.
type call struct {
	requestID string
	actor     actor.Actor
}

type callKey struct{}

// RequestID returns the request id of the call in ctx.
func RequestID(ctx context.Context) string {
	if c, ok := ctx.Value(callKey{}).(*call); ok {
		return c.requestID
	}
	return ""
}

var requestIDFormat = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// requestIDFrom takes the client's x-request-id when it is sane, or makes one.
func requestIDFrom(ctx context.Context) string {
	if v := metadata.ValueFromIncomingContext(ctx, "x-request-id"); len(v) > 0 && requestIDFormat.MatchString(v[0]) {
		return v[0]
	}
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// interceptors holds what the unary and stream chains share.
type interceptors struct {
	log        *slog.Logger
	gate       Gate
	codec      *codec // nil in tests that call the chain directly
	gatewayKey string
}

// gatewayHeader carries the process's gateway key on the gateway's calls.
const gatewayHeader = "x-foi-gateway"

// newGatewayKey makes the secret by which the in-process gateway's calls
// are told from any other caller on loopback.
func newGatewayKey() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}

type viaGatewayKey struct{}

// ViaGateway reports whether the call came through this process's own
// REST gateway, whose x-forwarded-for metadata names the HTTP client. For
// any other caller, loopback included, that metadata is the caller's own
// word.
func ViaGateway(ctx context.Context) bool {
	v, _ := ctx.Value(viaGatewayKey{}).(bool)
	return v
}

// WithViaGateway marks ctx as a call of the in-process gateway, for code
// in this process that speaks for an HTTP client as the gateway does.
func WithViaGateway(ctx context.Context) context.Context {
	return context.WithValue(ctx, viaGatewayKey{}, true)
}

// markGateway records in ctx whether the call carries this process's
// gateway key.
func (i *interceptors) markGateway(ctx context.Context) context.Context {
	for _, v := range metadata.ValueFromIncomingContext(ctx, gatewayHeader) {
		if subtle.ConstantTimeCompare([]byte(v), []byte(i.gatewayKey)) == 1 {
			return WithViaGateway(ctx)
		}
	}
	return ctx
}

// unary is the whole chain for unary RPCs, outermost first: request id and
// access log, panic recovery, error mapping, authentication and policy.
func (i *interceptors) unary(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (resp any, err error) {
	c := &call{requestID: requestIDFrom(ctx)}
	ctx = context.WithValue(ctx, callKey{}, c)
	_ = grpc.SetHeader(ctx, metadata.Pairs("x-request-id", c.requestID))
	start := time.Now()
	defer func() { i.access(ctx, info.FullMethod, c, start, err) }()
	defer i.recoverPanic(ctx, info.FullMethod, c, &err)
	malformed := i.codec.take(req)
	ctx, err = i.admit(ctx, info.FullMethod, c)
	if err == nil {
		err = malformed
	}
	if err == nil {
		err = checkText(req)
	}
	if err == nil {
		resp, err = handler(ctx, req)
	}
	return resp, toStatus(ctx, i.log, err)
}

// recoverPanic turns a panic in a handler into Internal, logging the stack
// on the server; the client sees only the request id to quote. It must be
// deferred directly, for recover to see the panic.
func (i *interceptors) recoverPanic(ctx context.Context, method string, c *call, err *error) {
	if p := recover(); p != nil {
		i.log.ErrorContext(ctx, "panic", "request_id", c.requestID, "method", method,
			"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		*err = status.Error(codes.Internal, fmt.Sprintf("服务器内部错误，请稍后重试（请求号 %s）", c.requestID))
	}
}

func (i *interceptors) admit(ctx context.Context, method string, c *call) (context.Context, error) {
	ctx, err := i.gate.Admit(i.markGateway(ctx), method)
	if err != nil {
		return ctx, err
	}
	if a, ok := actor.From(ctx); ok {
		c.actor = a
	}
	return ctx, nil
}

// stream applies the same chain to streaming RPCs (health watch,
// reflection).
func (i *interceptors) stream(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) (err error) {
	c := &call{requestID: requestIDFrom(ss.Context())}
	ctx := context.WithValue(ss.Context(), callKey{}, c)
	start := time.Now()
	defer func() { i.access(ctx, info.FullMethod, c, start, err) }()
	defer i.recoverPanic(ctx, info.FullMethod, c, &err)
	ctx, err = i.admit(ctx, info.FullMethod, c)
	if err == nil {
		err = handler(srv, &wrappedStream{ServerStream: ss, ctx: ctx, codec: i.codec})
	}
	return toStatus(ctx, i.log, err)
}

type wrappedStream struct {
	grpc.ServerStream
	ctx   context.Context
	codec *codec
}

func (w *wrappedStream) Context() context.Context { return w.ctx }

// RecvMsg refuses a message the codec could not decode.
func (w *wrappedStream) RecvMsg(m any) error {
	if err := w.ServerStream.RecvMsg(m); err != nil {
		return err
	}
	return w.codec.take(m)
}

// access writes one log line per RPC. It names the caller's account and
// role but never the request's content, which holds personal data.
func (i *interceptors) access(ctx context.Context, method string, c *call, start time.Time, err error) {
	code := status.Code(err)
	attrs := []any{
		"method", method,
		"code", code.String(),
		"duration_ms", float64(time.Since(start).Microseconds()) / 1000,
		"request_id", c.requestID,
	}
	if c.actor.Role != "" {
		attrs = append(attrs, "account", c.actor.AccountID, "role", string(c.actor.Role))
	}
	if p, ok := peer.FromContext(ctx); ok {
		attrs = append(attrs, "peer", p.Addr.String())
	}
	level := slog.LevelInfo
	if code == codes.Internal || code == codes.Unknown {
		level = slog.LevelError
	}
	i.log.Log(ctx, level, "rpc", attrs...)
}
