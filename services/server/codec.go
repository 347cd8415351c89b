package server

import (
	"fmt"
	"sync"
	"unicode/utf8"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"foi/services/errs"
)

// codec is the server's protobuf codec. grpc-go answers a request message it
// cannot decode (invalid UTF-8 in a string field, broken wire format) with
// Internal before any interceptor runs, so the client is blamed for nothing
// and the access log never sees the call. This codec instead decodes such a
// message as empty and remembers why, keyed by the message it was given; the
// interceptors take the reason and answer InvalidArgument naming the field,
// after writing their access line as for any other call.
type codec struct {
	malformed sync.Map // proto.Message -> error (*errs.Invalid or errs.Message)
}

func (*codec) Name() string { return "proto" }

func (*codec) Marshal(v any) ([]byte, error) {
	m, ok := v.(proto.Message)
	if !ok {
		return nil, fmt.Errorf("codec: %T is not a protobuf message", v)
	}
	return proto.Marshal(m)
}

func (c *codec) Unmarshal(data []byte, v any) error {
	m, ok := v.(proto.Message)
	if !ok {
		return fmt.Errorf("codec: %T is not a protobuf message", v)
	}
	err := proto.Unmarshal(data, m)
	if err == nil {
		return nil
	}
	proto.Reset(m)
	c.malformed.Store(m, malformedMessage(data, m.ProtoReflect().Descriptor()))
	return nil
}

// take returns why req could not be decoded, or nil, and forgets it.
func (c *codec) take(req any) error {
	if c == nil || req == nil {
		return nil
	}
	if _, ok := req.(proto.Message); !ok {
		return nil
	}
	if v, ok := c.malformed.LoadAndDelete(req); ok {
		return v.(error)
	}
	return nil
}

// malformedMessage says what is wrong with wire bytes that failed to decode
// as md: each string field holding invalid UTF-8 by its JSON path, or the
// message as a whole.
func malformedMessage(b []byte, md protoreflect.MessageDescriptor) error {
	var c errs.Collector
	if ok := findInvalidUTF8(b, md, "", &c); ok {
		if err := c.Err(); err != nil {
			return err
		}
	}
	return errs.New(errs.InvalidArgument, "请求消息格式有误，无法解析")
}

// invalidUTF8Reason is the violation for text that is not UTF-8.
const invalidUTF8Reason = "含有无效的 UTF-8 字节，文字须以 UTF-8 编码"

// findInvalidUTF8 walks wire bytes of md, recording each string field that
// is not valid UTF-8. It reports false when the bytes are not well-formed.
func findInvalidUTF8(b []byte, md protoreflect.MessageDescriptor, prefix string, c *errs.Collector) bool {
	seen := map[protowire.Number]int{}
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		if typ != protowire.BytesType {
			n = protowire.ConsumeFieldValue(num, typ, b)
			if n < 0 {
				return false
			}
			b = b[n:]
			continue
		}
		v, n := protowire.ConsumeBytes(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		fd := md.Fields().ByNumber(num)
		if fd == nil {
			continue
		}
		path := fieldPath(prefix, fd.JSONName())
		if fd.IsList() {
			path = fmt.Sprintf("%s[%d]", path, seen[num])
			seen[num]++
		}
		switch {
		case fd.Kind() == protoreflect.StringKind:
			if !utf8.Valid(v) {
				c.Add(path, invalidUTF8Reason)
			}
		case fd.IsMap():
			if !findInvalidUTF8(v, fd.Message(), path, c) {
				return false
			}
		case fd.Message() != nil:
			if !findInvalidUTF8(v, fd.Message(), path, c) {
				return false
			}
		}
	}
	return true
}

func fieldPath(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}
