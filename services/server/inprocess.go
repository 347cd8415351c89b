package server

import (
	"context"
	"fmt"
	"net"
	"reflect"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// The REST gateway and the web pages call the API through inProcess, a
// client connection that hands a unary call straight to the registered
// handler, through the very interceptor chain the gRPC server runs (policy
// gate, authentication, recovery, access log, metrics, in-flight bound,
// deadline). Nothing is marshalled and no socket is crossed: the request
// message is copied into the handler's and the response back into the
// caller's, so neither side can change what the other holds. (The REST
// gateway's own connection hands them over instead of copying them; see
// handOver.) The handler sees what a network call would give it: the
// caller's metadata as incoming metadata, a peer, the caller's deadline
// and cancellation, and a server transport stream that collects the
// headers and trailers it sets for the grpc.Header and grpc.Trailer call
// options. It sees none of the caller's context values, as over the
// network. Streaming calls (uploads, downloads, exports) still go over the
// loopback connection.

// registrar registers each service on the gRPC server and keeps its unary
// methods for inProcess.
type registrar struct {
	gs      *grpc.Server
	methods map[string]unaryMethod
}

type unaryMethod struct {
	impl    any
	handler grpc.MethodHandler
}

func (r *registrar) RegisterService(sd *grpc.ServiceDesc, impl any) {
	r.gs.RegisterService(sd, impl)
	for _, m := range sd.Methods {
		r.methods["/"+sd.ServiceName+"/"+m.MethodName] = unaryMethod{impl: impl, handler: m.Handler}
	}
}

// inProcessPeer is the peer of an in-process call: loopback, as the
// gateway's calls over the loopback connection were. The gate believes
// the gateway's x-forwarded-for only because the call carries the
// gateway key (see ViaGateway).
var inProcessPeer = &peer.Peer{
	Addr:      &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)},
	LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)},
}

// inProcess is the gateway's client connection (see above).
type inProcess struct {
	methods map[string]unaryMethod
	// chain is the server's unary interceptor chain, outermost first.
	chain grpc.UnaryServerInterceptor
	// client are the gateway's client interceptors, outermost first.
	client []grpc.UnaryClientInterceptor
	// loopback carries streaming calls, and unary ones of services
	// registered elsewhere.
	loopback *grpc.ClientConn
	// handOver moves the request into the handler's message and the
	// response into the caller's instead of copying them: for callers
	// that neither keep nor change either once the call returns, as the
	// generated REST gateway (which only writes the response as JSON).
	handOver bool
}

// handingOver returns a copy of c that hands messages over (see handOver).
func (c *inProcess) handingOver() *inProcess {
	h := *c
	h.handOver = true
	return &h
}

// move makes dst hold what src holds, sharing its lists and nested
// messages, when both are of the same Go type; otherwise it copies src
// into dst. dst is reset first.
func move(dst, src proto.Message) {
	proto.Reset(dst)
	if reflect.TypeOf(dst) != reflect.TypeOf(src) {
		proto.Merge(dst, src)
		return
	}
	d, s := dst.ProtoReflect(), src.ProtoReflect()
	s.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		d.Set(fd, v)
		return true
	})
	if u := s.GetUnknown(); len(u) > 0 {
		d.SetUnknown(u)
	}
}

var _ grpc.ClientConnInterface = (*inProcess)(nil)

func (c *inProcess) Invoke(ctx context.Context, method string, args, reply any, opts ...grpc.CallOption) error {
	m, ok := c.methods[method]
	if !ok {
		return c.loopback.Invoke(ctx, method, args, reply, opts...)
	}
	return c.invokeFrom(0, m, ctx, method, args, reply, opts...)
}

// invokeFrom runs the client interceptors from the i-th on, then the call.
func (c *inProcess) invokeFrom(i int, m unaryMethod, ctx context.Context, method string, args, reply any, opts ...grpc.CallOption) error {
	if i < len(c.client) {
		next := func(ctx context.Context, method string, args, reply any, _ *grpc.ClientConn, opts ...grpc.CallOption) error {
			return c.invokeFrom(i+1, m, ctx, method, args, reply, opts...)
		}
		return c.client[i](ctx, method, args, reply, c.loopback, next, opts...)
	}
	in, ok := args.(proto.Message)
	if !ok {
		return status.Errorf(codes.Internal, "in-process call %s: %T is not a protobuf message", method, args)
	}
	out, ok := reply.(proto.Message)
	if !ok {
		return status.Errorf(codes.Internal, "in-process call %s: %T is not a protobuf message", method, reply)
	}
	if err := ctx.Err(); err != nil {
		return status.FromContextError(err).Err()
	}
	md, ok := metadata.FromOutgoingContext(ctx) // a copy already
	if !ok {
		md = metadata.MD{}
	}
	stream := &transportStream{method: method}
	sctx := metadata.NewIncomingContext(valueless{ctx}, md)
	sctx = peer.NewContext(sctx, inProcessPeer)
	sctx = grpc.NewContextWithServerTransportStream(sctx, stream)
	dec := func(v any) error {
		m, ok := v.(proto.Message)
		if !ok {
			return fmt.Errorf("in-process call %s: %T is not a protobuf message", method, v)
		}
		if c.handOver {
			move(m, in)
			return nil
		}
		proto.Merge(m, in)
		return nil
	}
	resp, err := m.handler(m.impl, sctx, dec, c.chain)
	stream.deliver(opts)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil && status.Code(err) == codes.Unknown {
			return status.FromContextError(ctxErr).Err()
		}
		return status.Convert(err).Err()
	}
	r, ok := resp.(proto.Message)
	if !ok || r == nil {
		return status.Errorf(codes.Internal, "in-process call %s: handler answered %T", method, resp)
	}
	if c.handOver {
		move(out, r)
		return nil
	}
	proto.Reset(out)
	proto.Merge(out, r)
	return nil
}

func (c *inProcess) NewStream(ctx context.Context, desc *grpc.StreamDesc, method string, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	return c.loopback.NewStream(ctx, desc, method, opts...)
}

// valueless is a call's context as the handler sees it: the caller's
// deadline and cancellation without the caller's values.
type valueless struct{ parent context.Context }

func (v valueless) Deadline() (time.Time, bool)    { return v.parent.Deadline() }
func (v valueless) Done() <-chan struct{}          { return v.parent.Done() }
func (v valueless) Err() error                     { return v.parent.Err() }
func (valueless) Value(any) any                    { return nil }
func (v valueless) String() string                 { return "in-process call" }
func (v valueless) AfterFunc(f func()) func() bool { return context.AfterFunc(v.parent, f) }

// transportStream collects what a handler and the interceptors set with
// grpc.SetHeader, grpc.SendHeader and grpc.SetTrailer.
type transportStream struct {
	method  string
	mu      sync.Mutex
	header  metadata.MD
	trailer metadata.MD
	sent    bool
}

func (s *transportStream) Method() string { return s.method }

func (s *transportStream) SetHeader(md metadata.MD) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sent {
		return status.Error(codes.Internal, "transport: the stream is done or WriteHeader was already called")
	}
	s.header = metadata.Join(s.header, md)
	return nil
}

func (s *transportStream) SendHeader(md metadata.MD) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sent {
		return status.Error(codes.Internal, "transport: the stream is done or WriteHeader was already called")
	}
	s.header = metadata.Join(s.header, md)
	s.sent = true
	return nil
}

func (s *transportStream) SetTrailer(md metadata.MD) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.trailer = metadata.Join(s.trailer, md)
	return nil
}

// deliver hands the headers and trailers to the call options that asked
// for them.
func (s *transportStream) deliver(opts []grpc.CallOption) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = true
	for _, o := range opts {
		switch o := o.(type) {
		case grpc.HeaderCallOption:
			*o.HeaderAddr = s.header.Copy()
		case grpc.TrailerCallOption:
			*o.TrailerAddr = s.trailer.Copy()
		}
	}
}

// chainUnary makes one interceptor of several, the first outermost, as
// grpc.ChainUnaryInterceptor does.
func chainUnary(ics []grpc.UnaryServerInterceptor) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		return chainFrom(ics, 0, ctx, req, info, handler)
	}
}

func chainFrom(ics []grpc.UnaryServerInterceptor, i int, ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	if i == len(ics) {
		return handler(ctx, req)
	}
	return ics[i](ctx, req, info, func(ctx context.Context, req any) (any, error) {
		return chainFrom(ics, i+1, ctx, req, info, handler)
	})
}
