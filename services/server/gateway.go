package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"

	"foi/gen"
)

// OpenAPIPath is where the OpenAPI document of the REST API is served.
const OpenAPIPath = "/openapi.json"

// gateway builds the HTTP handler: the REST API under /v1/, health and
// readiness probes, the OpenAPI document, and the web pages under / when
// configured.
func (s *Server) gateway(ctx context.Context) (http.Handler, error) {
	mux := runtime.NewServeMux(
		runtime.WithMarshalerOption(runtime.MIMEWildcard, jsonBody{&runtime.JSONPb{
			MarshalOptions:   protojson.MarshalOptions{EmitUnpopulated: true},
			UnmarshalOptions: protojson.UnmarshalOptions{DiscardUnknown: false},
		}}),
		runtime.WithIncomingHeaderMatcher(incomingHeader),
		runtime.WithOutgoingHeaderMatcher(outgoingHeader),
		runtime.WithErrorHandler(s.errorHandler),
		runtime.WithRoutingErrorHandler(routingErrorHandler),
		runtime.WithMiddlewares(withQuery, noteRoute),
		runtime.SetQueryParameterParser(strictQuery{}),
	)
	// The generated handlers only write the response as JSON: they may
	// take the handler's messages over rather than copies of them.
	rest := s.gwConn.handingOver()
	for _, register := range s.cfg.Gateways {
		if err := register(ctx, mux, rest); err != nil {
			return nil, fmt.Errorf("register gateway: %w", err)
		}
	}
	top := http.NewServeMux()
	for _, r := range s.cfg.Routes {
		if r.StreamedBody {
			top.Handle(r.Method+" "+r.Pattern, streamedRoute(r.Pattern, r.Handle(s.gwConn)))
			continue
		}
		if err := mux.HandlePath(r.Method, r.Pattern, r.Handle(s.gwConn)); err != nil {
			return nil, fmt.Errorf("route %s %s: %w", r.Method, r.Pattern, err)
		}
	}
	top.Handle("/v1/", limitBody(mux))
	top.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	top.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if s.cfg.Ready != nil {
			if err := s.cfg.Ready(r.Context()); err != nil {
				s.cfg.Logger.Warn("not ready", "err", err)
				w.WriteHeader(http.StatusServiceUnavailable)
				fmt.Fprintln(w, "not ready")
				return
			}
		}
		fmt.Fprintln(w, "ready")
	})
	if s.cfg.Pages != nil {
		top.Handle("/", pagesHandler(s.cfg.Pages(s.gwConn)))
	}
	top.HandleFunc("GET "+OpenAPIPath, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(gen.OpenAPI)
	})
	return top, nil
}

// StreamingPages is a pages handler with routes that read a large body
// as a stream (a document upload); those requests skip the 1 MiB limit,
// and the handler bounds them itself.
type StreamingPages interface {
	StreamsBody(r *http.Request) bool
}

// pagesHandler limits the pages' bodies, but those the pages stream.
func pagesHandler(pages http.Handler) http.Handler {
	limited := limitBody(pages)
	sp, ok := pages.(StreamingPages)
	if !ok {
		return limited
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if sp.StreamsBody(r) {
			pages.ServeHTTP(w, r)
			return
		}
		limited.ServeHTTP(w, r)
	})
}

var patternParam = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// streamedRoute serves a StreamedBody route from the top mux, handing it
// its path parameters as the gateway would.
func streamedRoute(pattern string, h runtime.HandlerFunc) http.Handler {
	names := patternParam.FindAllStringSubmatch(pattern, -1)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		params := make(map[string]string, len(names))
		for _, m := range names {
			params[m[1]] = r.PathValue(m[1])
		}
		h(w, r, params)
	})
}

// limitBody refuses bodies over MaxBodyBytes with 413 before the gateway
// reads them, and caps bodies of unknown length while they are read.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > MaxBodyBytes {
			writeError(w, http.StatusRequestEntityTooLarge, codes.InvalidArgument, "请求体超过 1 MiB 上限")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
		next.ServeHTTP(w, r)
		// A request refused before its body was read (a bad path or
		// query) still has the body coming: read what is left, within the
		// limit, so the client gets the answer instead of a reset
		// connection (net/http itself reads only 256 KiB).
		io.Copy(io.Discard, r.Body)
	})
}

// incomingHeader forwards the request id besides grpc-gateway's defaults
// (Authorization always passes as "authorization").
func incomingHeader(key string) (string, bool) {
	if textproto.CanonicalMIMEHeaderKey(key) == "X-Request-Id" {
		return "x-request-id", true
	}
	return runtime.DefaultHeaderMatcher(key)
}

// outgoingHeader returns the request id as a plain X-Request-Id header.
func outgoingHeader(key string) (string, bool) {
	if key == "x-request-id" {
		return "X-Request-Id", true
	}
	return fmt.Sprintf("%s%s", runtime.MetadataHeaderPrefix, key), true
}

// errorHandler writes gRPC statuses as JSON with grpc-gateway's mapping
// (InvalidArgument and FailedPrecondition 400, Aborted 409, …). Errors the
// gateway itself raises while decoding a request (malformed JSON, unknown
// fields, a body over the limit) are client mistakes: 400 with a Chinese
// message, and the field violations the body decoder found.
func (s *Server) errorHandler(ctx context.Context, mux *runtime.ServeMux, m runtime.Marshaler, w http.ResponseWriter, r *http.Request, err error) {
	st, ok := status.FromError(err)
	if ok && st.Code() == codes.InvalidArgument {
		if parked, found := takeDeferred(st.Message()); found {
			err = toStatus(ctx, s.cfg.Logger, parked)
			st, ok = status.FromError(err)
		}
	}
	if ok && st.Code() == codes.InvalidArgument && len(st.Details()) == 0 && !isChinese(st.Message()) {
		err = status.Error(codes.InvalidArgument, "请求格式有误："+st.Message())
	}
	if ok && (st.Code() == codes.Unavailable || st.Code() == codes.ResourceExhausted) {
		w.Header().Set("Retry-After", strconv.Itoa(int(RetryAfter.Seconds())))
	}
	if strings.Contains(err.Error(), "http: request body too large") {
		writeError(w, http.StatusRequestEntityTooLarge, codes.InvalidArgument, "请求体超过 1 MiB 上限")
		return
	}
	runtime.DefaultHTTPErrorHandler(ctx, mux, m, w, r, err)
}

func routingErrorHandler(ctx context.Context, mux *runtime.ServeMux, m runtime.Marshaler, w http.ResponseWriter, r *http.Request, httpStatus int) {
	switch httpStatus {
	case http.StatusNotFound:
		writeError(w, http.StatusNotFound, codes.NotFound, "没有这个接口："+r.Method+" "+r.URL.Path)
	case http.StatusMethodNotAllowed:
		if verb, ok := customVerb(r.URL.Path); ok && !knownVerbs()[verb] {
			writeError(w, http.StatusNotFound, codes.NotFound, "没有这个接口："+r.Method+" "+r.URL.Path)
			return
		}
		writeError(w, http.StatusMethodNotAllowed, codes.Unimplemented, "该接口不支持 "+r.Method+" 方法")
	default:
		runtime.DefaultRoutingErrorHandler(ctx, mux, m, w, r, httpStatus)
	}
}

// customVerb returns the ":verb" that ends path, if any.
func customVerb(path string) (string, bool) {
	last := path[strings.LastIndex(path, "/")+1:]
	i := strings.LastIndex(last, ":")
	if i < 0 {
		return "", false
	}
	return last[i+1:], true
}

// knownVerbs are the custom verbs of the REST API, from its OpenAPI
// document. A path ending in another verb names no route: 404, even when
// the rest of it matches a route of another method.
var knownVerbs = sync.OnceValue(func() map[string]bool {
	var doc struct {
		Paths map[string]json.RawMessage `json:"paths"`
	}
	_ = json.Unmarshal(gen.OpenAPI, &doc)
	verbs := map[string]bool{}
	for p := range doc.Paths {
		if v, ok := customVerb(p); ok {
			verbs[v] = true
		}
	}
	return verbs
})

func isChinese(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

// WriteStatus writes a gRPC status as the gateway would: JSON with the
// HTTP code grpc-gateway maps the status code to.
func WriteStatus(w http.ResponseWriter, st *status.Status) {
	body, _ := protojson.Marshal(st.Proto())
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(runtime.HTTPStatusFromCode(st.Code()))
	w.Write(body)
}

// writeError writes a status-shaped JSON error like the gateway's own.
func writeError(w http.ResponseWriter, httpStatus int, code codes.Code, msg string) {
	body, _ := protojson.Marshal(status.New(code, msg).Proto())
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(httpStatus)
	w.Write(body)
}
