package server

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/testing/protocmp"

	"foi/services/errs"
)

// probe is a unary service that reports what its handler saw of the call.
type probe struct {
	mu      sync.Mutex
	seen    seen
	waiting chan struct{} // told when a "wait" call is in the handler
}

type seen struct {
	method     string
	md         metadata.MD
	peer       string
	viaGateway bool
	deadline   time.Time
	leaked     bool
}

type leakKey struct{}

const probeMethod = "/foi.test.Probe/Check"

var probeDesc = grpc.ServiceDesc{
	ServiceName: "foi.test.Probe",
	HandlerType: (*any)(nil),
	Methods: []grpc.MethodDesc{{
		MethodName: "Check",
		Handler: func(srv any, ctx context.Context, dec func(any) error, interceptor grpc.UnaryServerInterceptor) (any, error) {
			in := new(healthpb.HealthCheckRequest)
			if err := dec(in); err != nil {
				return nil, err
			}
			h := func(ctx context.Context, req any) (any, error) {
				return srv.(*probe).check(ctx, req.(*healthpb.HealthCheckRequest))
			}
			return interceptor(ctx, in, &grpc.UnaryServerInfo{Server: srv, FullMethod: probeMethod}, h)
		},
	}},
}

func (p *probe) Register(s grpc.ServiceRegistrar) { s.RegisterService(&probeDesc, p) }

func (p *probe) check(ctx context.Context, req *healthpb.HealthCheckRequest) (*healthpb.HealthCheckResponse, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	pr, _ := peer.FromContext(ctx)
	dl, _ := ctx.Deadline()
	method, _ := grpc.Method(ctx)
	p.mu.Lock()
	p.seen = seen{method: method, md: md, peer: pr.Addr.String(), viaGateway: ViaGateway(ctx), deadline: dl,
		leaked: ctx.Value(leakKey{}) != nil}
	p.mu.Unlock()
	_ = grpc.SetHeader(ctx, metadata.Pairs("x-probe", "header"))
	_ = grpc.SetTrailer(ctx, metadata.Pairs("x-probe-trailer", "trailer"))
	switch req.Service {
	case "refuse":
		return nil, errs.New(errs.FailedPrecondition, "案件当前状态不允许该操作")
	case "invalid":
		var c errs.Collector
		c.Add("details.title", "不能为空")
		return nil, c.Err()
	case "wait":
		p.waiting <- struct{}{}
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return &healthpb.HealthCheckResponse{Status: healthpb.HealthCheckResponse_SERVING}, nil
}

func (p *probe) last() seen {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.seen
}

// TestInProcessCall: the gateway's in-process connection gives a handler
// what a call over the gRPC port gives it (metadata, the gateway mark, the
// deadline, headers and trailers, statuses with their details), through
// the same interceptors, which write the access line.
func TestInProcessCall(t *testing.T) {
	var logs syncBuffer
	p := &probe{waiting: make(chan struct{}, 1)}
	s := New(Config{GRPCAddr: "127.0.0.1:0", HTTPAddr: "127.0.0.1:0",
		Logger: slog.New(slog.NewJSONHandler(&logs, nil)), Gate: openGate{}, Services: []Service{p}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := s.Listen(ctx); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	defer func() { cancel(); <-done }()

	type result struct {
		seen    seen
		header  metadata.MD
		trailer metadata.MD
		status  *status.Status
		reply   *healthpb.HealthCheckResponse
	}
	call := func(conn grpc.ClientConnInterface, service string) result {
		t.Helper()
		cctx := metadata.AppendToOutgoingContext(context.WithValue(ctx, leakKey{}, true),
			"authorization", "Bearer t0ken", "x-forwarded-for", "203.0.113.7", "x-request-id", "req-1")
		cctx, stop := context.WithTimeout(cctx, time.Minute)
		defer stop()
		dl, _ := cctx.Deadline()
		var r result
		r.reply = new(healthpb.HealthCheckResponse)
		err := conn.Invoke(cctx, probeMethod, &healthpb.HealthCheckRequest{Service: service}, r.reply,
			grpc.Header(&r.header), grpc.Trailer(&r.trailer))
		r.status = status.Convert(err)
		r.seen = p.last()
		if d := r.seen.deadline.Sub(dl); d > time.Second || d < -time.Second {
			t.Errorf("%s: handler's deadline %v, the caller's %v", service, r.seen.deadline, dl)
		}
		r.seen.deadline = time.Time{}
		return r
	}
	// The connection the REST gateway uses hands the messages over
	// instead of copying them; a handler sees the same.
	for _, conn := range []*inProcess{s.gwConn, s.gwConn.handingOver()} {
		for _, service := range []string{"", "refuse", "invalid"} {
			local := call(conn, service)
			remote := call(s.loopback, service)
			if !local.seen.viaGateway || local.seen.leaked || local.seen.method != probeMethod {
				t.Errorf("%q: handler saw %+v: want the gateway mark, the method and none of the caller's values", service, local.seen)
			}
			for _, k := range []string{"authorization", "x-forwarded-for", "x-request-id"} {
				if got, want := local.seen.md.Get(k), remote.seen.md.Get(k); !cmp.Equal(got, want) || len(got) == 0 {
					t.Errorf("%q: incoming %s in process %q, over gRPC %q", service, k, got, want)
				}
			}
			if !strings.HasPrefix(local.seen.peer, "127.0.0.1:") {
				t.Errorf("%q: peer %q, want loopback", service, local.seen.peer)
			}
			for _, k := range []string{"x-request-id", "x-probe"} {
				if got, want := local.header.Get(k), remote.header.Get(k); !cmp.Equal(got, want) || len(got) == 0 {
					t.Errorf("%q: header %s in process %q, over gRPC %q", service, k, got, want)
				}
			}
			if got, want := local.trailer.Get("x-probe-trailer"), remote.trailer.Get("x-probe-trailer"); !cmp.Equal(got, want) || len(got) == 0 {
				t.Errorf("%q: trailer in process %q, over gRPC %q", service, got, want)
			}
			if diff := cmp.Diff(remote.status.Proto(), local.status.Proto(), protocmp.Transform()); diff != "" {
				t.Errorf("%q: status differs in process (-gRPC +in process):\n%s", service, diff)
			}
			if diff := cmp.Diff(remote.reply, local.reply, protocmp.Transform()); diff != "" {
				t.Errorf("%q: reply differs (-gRPC +in process):\n%s", service, diff)
			}
		}
	}
	if n := strings.Count(logs.String(), `"method":"`+probeMethod+`"`); n != 12 {
		t.Errorf("%d access lines for 12 calls:\n%s", n, logs.String())
	}

	// Cancelling the caller's context ends the handler's.
	cctx, stop := context.WithCancel(ctx)
	errc := make(chan error, 1)
	go func() {
		errc <- s.gwConn.Invoke(cctx, probeMethod, &healthpb.HealthCheckRequest{Service: "wait"}, new(healthpb.HealthCheckResponse))
	}()
	<-p.waiting
	stop()
	if err := <-errc; status.Code(err) != codes.Canceled {
		t.Errorf("cancelled call: %v, want Canceled", err)
	}
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// BenchmarkGatewayCall is one unary call of the gateway through the whole
// interceptor chain: in process (copying the messages, as the pages'
// connection does, and handing them over, as the REST gateway's does), and
// over the loopback gRPC connection the gateway used before.
func BenchmarkGatewayCall(b *testing.B) {
	p := &probe{waiting: make(chan struct{}, 1)}
	s := New(Config{GRPCAddr: "127.0.0.1:0", HTTPAddr: "127.0.0.1:0",
		Logger: slog.New(slog.DiscardHandler), Gate: openGate{}, Services: []Service{p}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := s.Listen(ctx); err != nil {
		b.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	defer func() { cancel(); <-done }()
	req := &healthpb.HealthCheckRequest{Service: "示范区住房和城乡建设局"}
	for _, conn := range []struct {
		name string
		cc   grpc.ClientConnInterface
	}{{"inProcess", s.gwConn}, {"inProcessHandOver", s.gwConn.handingOver()}, {"loopback", s.loopback}} {
		b.Run(conn.name, func(b *testing.B) {
			b.ReportAllocs()
			cctx := metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer t0ken", "x-forwarded-for", "203.0.113.7")
			for b.Loop() {
				var header metadata.MD
				if err := conn.cc.Invoke(cctx, probeMethod, req, new(healthpb.HealthCheckResponse), grpc.Header(&header)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
