package server

import (
	"context"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"
)

// RetryAfter is the wait a client is told to leave before trying again
// when the server is overloaded or its database unreachable.
const RetryAfter = time.Second

// limiter bounds the RPCs in progress and the time each may take. Beyond
// the bound a call is refused at once with ResourceExhausted, instead of
// joining a queue that grows while the database is the bottleneck.
type limiter struct {
	slots   chan struct{} // nil: no bound
	timeout time.Duration // 0: only the client's deadline
}

func newLimiter(maxInFlight int, timeout time.Duration) *limiter {
	l := &limiter{timeout: timeout}
	if maxInFlight > 0 {
		l.slots = make(chan struct{}, maxInFlight)
	}
	return l
}

// exempt are the methods served however busy the server is: probes must
// tell a busy server from a dead one.
var exempt = map[string]bool{
	"/grpc.health.v1.Health/Check": true,
}

// unary is the outermost interceptor of foi's own chain. The client's
// deadline, carried by gRPC (and by the gateway from REST), is already in
// ctx; the server's own timeout can only shorten it. Handlers pass ctx to
// every statement, so SQL is cancelled when the deadline passes.
func (l *limiter) unary(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	if l.slots != nil && !exempt[info.FullMethod] {
		select {
		case l.slots <- struct{}{}:
			defer func() { <-l.slots }()
		default:
			return nil, retryable(codes.ResourceExhausted, "服务器繁忙，请稍后重试")
		}
	}
	if l.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, l.timeout)
		defer cancel()
	}
	return handler(ctx, req)
}

// retryable is a status telling the client to try again after RetryAfter.
func retryable(code codes.Code, msg string) error {
	st := status.New(code, msg)
	if d, err := st.WithDetails(&errdetails.RetryInfo{RetryDelay: durationpb.New(RetryAfter)}); err == nil {
		st = d
	}
	return st.Err()
}
