package server

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// openGate admits every call without a caller.
type openGate struct{}

func (openGate) Admit(ctx context.Context, _ string) (context.Context, error) { return ctx, nil }

type fakeStream struct {
	grpc.ServerStream
	ctx context.Context
}

func (s fakeStream) Context() context.Context { return s.ctx }

// TestPanicIsInternal: a panicking handler, unary or streaming, answers
// Internal with the request id to quote, logs the stack on the server, and
// still writes its access line.
func TestPanicIsInternal(t *testing.T) {
	var logs bytes.Buffer
	i := &interceptors{log: slog.New(slog.NewJSONHandler(&logs, nil)), gate: openGate{}}
	const method = "/foi.v1.Test/Panic"
	check := func(kind string, err error) {
		t.Helper()
		st := status.Convert(err)
		if st.Code() != codes.Internal || !strings.Contains(st.Message(), "请求号") {
			t.Errorf("%s: %v, want Internal naming the request id", kind, err)
		}
		out := logs.String()
		for _, want := range []string{`"msg":"panic"`, `"stack":`, `"msg":"rpc"`, `"code":"Internal"`, "handler broke"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: log lacks %s:\n%s", kind, want, out)
			}
		}
		logs.Reset()
	}
	_, err := i.unary(context.Background(), nil, &grpc.UnaryServerInfo{FullMethod: method},
		func(context.Context, any) (any, error) { panic("handler broke") })
	check("unary", err)
	err = i.stream(nil, fakeStream{ctx: context.Background()}, &grpc.StreamServerInfo{FullMethod: method},
		func(any, grpc.ServerStream) error { panic("handler broke") })
	check("stream", err)
}
