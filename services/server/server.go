// Package server runs foi's network side: the gRPC server with its
// interceptors, the REST gateway (a client of the same server that calls
// its handlers in process through the same interceptor chain, so every
// interceptor applies to REST too), health and readiness, the OpenAPI
// document, and graceful stop.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/reflection"
)

// MaxBodyBytes bounds a request body, on REST and gRPC alike.
const MaxBodyBytes = 1 << 20

// Service is a gRPC service implementation that can register itself.
type Service interface {
	Register(s grpc.ServiceRegistrar)
}

// GatewayHandler registers a service's REST routes on the gateway mux,
// calling the service through conn.
type GatewayHandler func(ctx context.Context, mux *runtime.ServeMux, conn grpc.ClientConnInterface) error

// Config is what the server needs from its wiring.
type Config struct {
	GRPCAddr string // host:port; port 0 picks a free one
	HTTPAddr string
	Logger   *slog.Logger
	Gate     Gate
	Services []Service
	Gateways []GatewayHandler
	// Routes are extra REST routes served through the gateway's client
	// connection (for responses that are not JSON, such as HTML notices).
	Routes []Route
	// Pages, when set, serves the web application under "/" through the
	// gateway's client connection, so every page's calls pass every
	// interceptor as the REST API's do.
	Pages func(conn grpc.ClientConnInterface) http.Handler
	// Ready reports whether the server can serve (the database answers).
	Ready func(ctx context.Context) error
	// Interceptors run around foi's own chain on every unary RPC, outermost
	// first, and see the status the client gets (metrics).
	Interceptors []grpc.UnaryServerInterceptor
	// ObserveHTTP, when set, is told of every HTTP request (metrics).
	ObserveHTTP HTTPObserver
	// MaxInFlight bounds the RPCs served at once (REST calls included);
	// beyond it a call is refused with ResourceExhausted. 0: no bound.
	MaxInFlight int
	// Timeout bounds each RPC within the client's own deadline. 0: none.
	Timeout time.Duration
}

// Route is a hand-written REST route; Handle gets the gateway's gRPC client
// connection so the call still passes every interceptor.
type Route struct {
	Method  string
	Pattern string // grpc-gateway path pattern, e.g. /v1/applications/{id}/notices/{notice}
	Handle  func(conn grpc.ClientConnInterface) runtime.HandlerFunc
	// StreamedBody marks a route that reads a large body as a stream
	// (uploads): it is exempt from MaxBodyBytes and bounds the body
	// itself. Its pattern must also be a net/http pattern.
	StreamedBody bool
}

// Server is a running foi server.
type Server struct {
	cfg     Config
	grpc    *grpc.Server
	health  *health.Server
	grpcLis net.Listener
	httpLis net.Listener
	http    *http.Server
	// gwConn is the gateway's client connection: in-process for unary
	// calls, over loopback for streams (see inProcess).
	gwConn *inProcess
	// loopback is the gRPC client connection to the server's own port.
	loopback *grpc.ClientConn
	// gatewayKey marks the gateway's own calls (see ViaGateway).
	gatewayKey string
	serveErr   chan error
}

// New builds the gRPC server and registers the services, health and
// reflection.
func New(cfg Config) *Server {
	ic := &interceptors{log: cfg.Logger, gate: cfg.Gate, codec: &codec{}, gatewayKey: newGatewayKey()}
	// One chain serves the gRPC port and the in-process gateway alike.
	chain := chainUnary(slices.Concat(cfg.Interceptors,
		[]grpc.UnaryServerInterceptor{newLimiter(cfg.MaxInFlight, cfg.Timeout).unary, ic.unary}))
	gs := grpc.NewServer(
		grpc.ForceServerCodec(ic.codec),
		grpc.UnaryInterceptor(chain),
		grpc.ChainStreamInterceptor(ic.stream),
		grpc.MaxRecvMsgSize(MaxBodyBytes),
	)
	reg := &registrar{gs: gs, methods: map[string]unaryMethod{}}
	for _, svc := range cfg.Services {
		svc.Register(reg)
	}
	hs := health.NewServer()
	healthpb.RegisterHealthServer(reg, hs)
	reflection.Register(gs)
	s := &Server{cfg: cfg, grpc: gs, health: hs, gatewayKey: ic.gatewayKey, serveErr: make(chan error, 2)}
	s.gwConn = &inProcess{methods: reg.methods, chain: chain,
		client: []grpc.UnaryClientInterceptor{s.markGatewayCall, s.checkGatewayCall}}
	return s
}

// GRPCServer returns the gRPC server, for tests that walk its services.
func (s *Server) GRPCServer() *grpc.Server { return s.grpc }

// Listen binds both ports and connects the gateway's streaming calls to
// the gRPC port.
func (s *Server) Listen(ctx context.Context) error {
	var err error
	if s.grpcLis, err = net.Listen("tcp", s.cfg.GRPCAddr); err != nil {
		return fmt.Errorf("listen for gRPC on %s: %w", s.cfg.GRPCAddr, err)
	}
	if s.httpLis, err = net.Listen("tcp", s.cfg.HTTPAddr); err != nil {
		s.grpcLis.Close()
		return fmt.Errorf("listen for HTTP on %s: %w", s.cfg.HTTPAddr, err)
	}
	s.loopback, err = grpc.NewClient("passthrough:///"+dialAddr(s.grpcLis.Addr()),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithChainUnaryInterceptor(s.markGatewayCall, s.checkGatewayCall),
		grpc.WithStreamInterceptor(func(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
			return streamer(metadata.AppendToOutgoingContext(ctx, gatewayHeader, s.gatewayKey), desc, cc, method, opts...)
		}))
	if err != nil {
		return fmt.Errorf("gateway client: %w", err)
	}
	s.gwConn.loopback = s.loopback
	handler, err := s.gateway(ctx)
	if err != nil {
		return err
	}
	s.http = &http.Server{
		Handler:           s.observeHTTP(handler),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.cfg.Logger.Handler(), slog.LevelWarn),
	}
	return nil
}

// markGatewayCall adds the process's gateway key to a call of the gateway
// (see ViaGateway).
func (s *Server) markGatewayCall(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	return invoker(metadata.AppendToOutgoingContext(ctx, gatewayHeader, s.gatewayKey), method, req, reply, cc, opts...)
}

// dialAddr turns a listener address into one the gateway can dial: a
// wildcard host becomes loopback.
func dialAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || tcp.IP == nil || tcp.IP.IsUnspecified() {
		port := 0
		if ok {
			port = tcp.Port
		}
		return fmt.Sprintf("127.0.0.1:%d", port)
	}
	return tcp.String()
}

// GRPCAddr returns the bound gRPC address.
func (s *Server) GRPCAddr() string { return s.grpcLis.Addr().String() }

// HTTPAddr returns the bound REST address.
func (s *Server) HTTPAddr() string { return s.httpLis.Addr().String() }

// Serve serves until ctx ends, then stops gracefully: health turns
// NOT_SERVING, the HTTP server shuts down, then the gRPC server drains.
func (s *Server) Serve(ctx context.Context) error {
	s.health.SetServingStatus("", healthpb.HealthCheckResponse_SERVING)
	go func() { s.serveErr <- s.grpc.Serve(s.grpcLis) }()
	go func() {
		if err := s.http.Serve(s.httpLis); !errors.Is(err, http.ErrServerClosed) {
			s.serveErr <- err
		}
	}()
	s.cfg.Logger.Info("serving", "grpc", s.GRPCAddr(), "http", s.HTTPAddr())
	var err error
	select {
	case <-ctx.Done():
	case err = <-s.serveErr:
		err = fmt.Errorf("server failed: %w", err)
	}
	s.stop()
	return err
}

func (s *Server) stop() {
	s.health.Shutdown()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := s.http.Shutdown(ctx); err != nil {
		s.cfg.Logger.Warn("HTTP shutdown", "err", err)
	}
	s.loopback.Close()
	stopped := make(chan struct{})
	go func() { s.grpc.GracefulStop(); close(stopped) }()
	select {
	case <-stopped:
	case <-ctx.Done():
		s.grpc.Stop()
	}
	s.cfg.Logger.Info("stopped")
}
