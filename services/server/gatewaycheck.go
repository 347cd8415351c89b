package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"github.com/grpc-ecosystem/grpc-gateway/v2/utilities"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"foi/services/errs"
)

// The gateway turns a REST request into a request message in generated code
// that we do not edit, and that reduces any error it meets to a bare
// InvalidArgument text. The checks here sit at the three points it offers —
// the query parser, the body decoder and the gRPC client call — and make every
// mistake a client can make in a REST request an InvalidArgument naming the
// field, as the server's own validation does:
//
//   - a query parameter the request message has no field for (grpc-gateway
//     would ignore it, so ?trackingNumber=X listed every case);
//   - any query parameter on a route that takes none (the body is the whole
//     message);
//   - text that is not UTF-8, which protobuf cannot encode (grpc-go would
//     fail to marshal it: a 500);
//   - a body with an unknown field, a wrong type or an enum value that does
//     not exist (explained in Chinese, listing the values one may send).

// queryKey carries a REST request's query parameters to the gateway's
// client interceptor.
type queryKey struct{}

// withQuery is gateway middleware that remembers the request's query
// parameters for checkGatewayCall.
func withQuery(next runtime.HandlerFunc) runtime.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, params map[string]string) {
		if r.URL.RawQuery != "" {
			r = r.WithContext(context.WithValue(r.Context(), queryKey{}, r.URL.Query()))
		}
		next(w, r, params)
	}
}

// queryChecked holds, for each request message whose query parameters
// strictQuery parsed, the violations it found (nil for none). The gateway's
// client interceptor takes the entry for the message it forwards; a
// message with query parameters and no entry belongs to a route that reads
// no query at all.
var queryChecked sync.Map

// strictQuery is the gateway's query parser: grpc-gateway's own, after
// checking that each parameter names a field the route reads from the query.
type strictQuery struct{}

var mapKeySyntax = regexp.MustCompile(`^(.*)\[(.*)\]$`)

func (strictQuery) Parse(msg proto.Message, values url.Values, filter *utilities.DoubleArray) error {
	var c errs.Collector
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, key := range keys {
		shown := queryKeyText(key)
		name, isMapKey := key, false
		if m := mapKeySyntax.FindStringSubmatch(key); m != nil {
			name, isMapKey = m[1], true
		}
		fd, protoPath := resolveQueryField(msg.ProtoReflect().Descriptor(), name)
		switch {
		case fd == nil || isMapKey != fd.IsMap():
			c.Add(shown, "该接口没有这个查询参数")
			continue
		case filter.HasCommonPrefix(protoPath):
			c.Add(shown, "该参数已由路径或请求体给出，不能再作为查询参数")
			continue
		}
		if fd.Enum() != nil && !isMapKey {
			if bad := badEnumValue(fd.Enum(), values[key]); bad != "" {
				c.Add(shown, enumReason(fd.Enum(), bad))
				continue
			}
		}
		one := url.Values{key: values[key]}
		if err := (&runtime.DefaultQueryParser{}).Parse(msg, one, filter); err != nil {
			c.Add(shown, kindReason(fd))
		}
	}
	queryChecked.Store(msg, c.Err())
	return nil
}

// queryKeyText is a query key as a violation may name it: UTF-8 (a status
// message must be) and not endless.
func queryKeyText(key string) string {
	return truncateRunes(strings.ToValidUTF8(key, "\uFFFD"), 64)
}

// resolveQueryField finds the field a dotted query key names (by JSON or
// proto name, through singular message fields), with its path in proto
// names as grpc-gateway's filter spells it.
func resolveQueryField(md protoreflect.MessageDescriptor, key string) (protoreflect.FieldDescriptor, []string) {
	var fd protoreflect.FieldDescriptor
	var path []string
	for i, part := range strings.Split(key, ".") {
		if i > 0 {
			if fd.Message() == nil || fd.IsList() || fd.IsMap() {
				return nil, nil
			}
			md = fd.Message()
		}
		fd = md.Fields().ByJSONName(part)
		if fd == nil {
			fd = md.Fields().ByTextName(part)
		}
		if fd == nil {
			return nil, nil
		}
		path = append(path, string(fd.Name()))
	}
	return fd, path
}

// badEnumValue returns the first of values that is neither a name nor a
// number of ed, or "".
func badEnumValue(ed protoreflect.EnumDescriptor, values []string) string {
	for _, v := range values {
		if ed.Values().ByName(protoreflect.Name(v)) == nil && !isInteger(v) {
			return v
		}
	}
	return ""
}

func isInteger(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// enumReason explains a bad enum value and lists the values one may send
// (the zero value, "not specified", is never one of them).
func enumReason(ed protoreflect.EnumDescriptor, bad string) string {
	return fmt.Sprintf("取值 %q 无效，可选值：%s", truncateRunes(strings.ToValidUTF8(bad, "\uFFFD"), 40), strings.Join(EnumChoices(ed), "、"))
}

// EnumChoices lists the names of ed a client may send: every value but
// the zero one.
func EnumChoices(ed protoreflect.EnumDescriptor) []string {
	var names []string
	for i := range ed.Values().Len() {
		if v := ed.Values().Get(i); v.Number() != 0 {
			names = append(names, string(v.Name()))
		}
	}
	return names
}

// kindReason says what a field of fd's kind must look like.
func kindReason(fd protoreflect.FieldDescriptor) string {
	switch fd.Kind() {
	case protoreflect.BoolKind:
		return "应为 true 或 false"
	case protoreflect.StringKind:
		return "应为字符串"
	case protoreflect.BytesKind:
		return "应为 base64 编码的字符串"
	case protoreflect.FloatKind, protoreflect.DoubleKind:
		return "应为数字"
	case protoreflect.EnumKind:
		return enumReason(fd.Enum(), "")
	case protoreflect.MessageKind, protoreflect.GroupKind:
		switch fd.Message().FullName() {
		case "google.protobuf.Timestamp":
			return "应为 RFC 3339 时间，如 2026-01-02T15:04:05+08:00"
		case "google.protobuf.Duration":
			return "应为时长，如 3600s"
		}
		return "应为 JSON 对象"
	default:
		return "应为整数"
	}
}

// truncateRunes cuts s to at most n characters, never inside one.
func truncateRunes(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j] + "…"
		}
		i++
	}
	return s
}

// checkGatewayCall is the gateway's client interceptor: it refuses, before
// the request is marshalled, what checkQuery found and text that is not
// UTF-8.
func (s *Server) checkGatewayCall(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	var c errs.Collector
	if m, ok := req.(proto.Message); ok {
		v, parsed := queryChecked.LoadAndDelete(m)
		switch {
		case parsed && v != nil:
			c.Merge("", v.(error))
		case !parsed:
			query, _ := ctx.Value(queryKey{}).(url.Values)
			keys := make([]string, 0, len(query))
			for k := range query {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				c.Add(queryKeyText(k), "该接口不接受查询参数")
			}
		}
		c.Merge("", checkUTF8(m))
	}
	if err := c.Err(); err != nil {
		return toStatus(ctx, s.cfg.Logger, err)
	}
	return invoker(ctx, method, req, reply, cc, opts...)
}

// gatewayErrors holds errors raised by the body decoder until the error
// handler writes them. The generated code flattens a decoder error into a
// status text; the text is a key to this map, so the handler can still
// send the field violations.
var (
	gatewayErrors   sync.Map // string -> error
	gatewayErrorSeq atomic.Uint64
)

// deferredError parks err and returns an error whose text finds it again.
func deferredError(err error) error {
	key := fmt.Sprintf("foi-gateway-error-%d", gatewayErrorSeq.Add(1))
	gatewayErrors.Store(key, err)
	return fmt.Errorf("%s", key)
}

// takeDeferred returns the error parked under msg, if any.
func takeDeferred(msg string) (error, bool) {
	if !strings.HasPrefix(msg, "foi-gateway-error-") {
		return nil, false
	}
	v, ok := gatewayErrors.LoadAndDelete(msg)
	if !ok {
		return nil, false
	}
	return v.(error), true
}
