package api

import (
	"context"
	"net"
	"net/http"
	"strings"

	"google.golang.org/grpc/metadata"
)

// outgoing carries a REST request's credentials, request id and client
// address to the gRPC call an extra HTTP route makes for it, as the
// gateway does: the request's own X-Forwarded-For values, then the address
// the request came from. The gateway's connection marks the call as its
// own, so the gate believes that address only through the trusted-proxy
// rule, exactly as for the generated routes.
func outgoing(r *http.Request) context.Context {
	md := metadata.MD{}
	if a := r.Header.Get("Authorization"); a != "" {
		md.Set("authorization", a)
	}
	if id := r.Header.Get("X-Request-Id"); id != "" {
		md.Set("x-request-id", id)
	}
	fwd := r.Header.Values("X-Forwarded-For")
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		fwd = append(fwd, host)
	}
	if len(fwd) > 0 {
		md.Set("x-forwarded-for", strings.Join(fwd, ", "))
	}
	return metadata.NewOutgoingContext(r.Context(), md)
}
