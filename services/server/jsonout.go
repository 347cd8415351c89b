package server

import (
	"bytes"
	"encoding/base64"
	"errors"
	"math/bits"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// The gateway writes every answer as JSON. protojson, which it uses, spends
// most of a list's time sorting each message's fields and walking them
// through interfaces. appendJSON writes the same JSON (the same names,
// values and field order, with unpopulated fields as protojson's
// EmitUnpopulated writes them) for the messages of foi's API: scalars,
// enums, strings, bytes, nested and repeated messages, oneofs and
// google.protobuf.Timestamp. A message that holds anything else (maps,
// floating point, other well-known types) is left to protojson, as is a
// value appendJSON cannot write (a timestamp out of range, text that is
// not UTF-8), which protojson then refuses with its own error.

// errFallback makes the caller use protojson instead.
var errFallback = errors.New("not written by appendJSON")

// jsonField is one field of a message as appendJSON writes it.
type jsonField struct {
	fd  protoreflect.FieldDescriptor
	key string // `"jsonName":`
}

// jsonShape is how appendJSON writes a message type; nil fields with ok
// false mean protojson must.
type jsonShape struct {
	ok     bool
	fields []jsonField // in declaration order, as protojson writes them
}

var jsonShapes sync.Map // protoreflect.MessageDescriptor -> *jsonShape

const timestampName = "google.protobuf.Timestamp"

// shapeOf returns the shape of md, working it out once.
func shapeOf(md protoreflect.MessageDescriptor) *jsonShape {
	if v, ok := jsonShapes.Load(md); ok {
		return v.(*jsonShape)
	}
	s := buildShape(md, map[protoreflect.FullName]bool{})
	v, _ := jsonShapes.LoadOrStore(md, s)
	return v.(*jsonShape)
}

func buildShape(md protoreflect.MessageDescriptor, visiting map[protoreflect.FullName]bool) *jsonShape {
	s := &jsonShape{ok: true}
	if md.FullName() == timestampName {
		return s
	}
	if strings.HasPrefix(string(md.FullName()), "google.protobuf.") || md.ExtensionRanges().Len() > 0 {
		return &jsonShape{}
	}
	visiting[md.FullName()] = true
	defer delete(visiting, md.FullName())
	fds := md.Fields()
	for i := range fds.Len() {
		fd := fds.Get(i)
		switch fd.Kind() {
		case protoreflect.FloatKind, protoreflect.DoubleKind, protoreflect.GroupKind:
			return &jsonShape{}
		case protoreflect.MessageKind:
			if fd.IsMap() {
				return &jsonShape{}
			}
			sub := fd.Message()
			if !visiting[sub.FullName()] {
				if v, ok := jsonShapes.Load(sub); ok {
					if !v.(*jsonShape).ok {
						return &jsonShape{}
					}
				} else if !buildShape(sub, visiting).ok {
					return &jsonShape{}
				}
			}
		}
		s.fields = append(s.fields, jsonField{fd: fd, key: strconv.Quote(fd.JSONName()) + ":"})
	}
	return s
}

// appendJSON appends m as JSON, or returns errFallback.
func appendJSON(b []byte, m protoreflect.Message) ([]byte, error) {
	s := shapeOf(m.Descriptor())
	if !s.ok {
		return b, errFallback
	}
	return appendMessage(b, m, s)
}

// jsonBuffers are the buffers marshalJSON writes in before copying out
// the answer, so that a large answer does not grow a new buffer each time.
var jsonBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// marshalJSON returns m as JSON, or errFallback.
func marshalJSON(m protoreflect.Message) ([]byte, error) {
	p := jsonBuffers.Get().(*[]byte)
	b, err := appendJSON((*p)[:0], m)
	var out []byte
	if err == nil {
		out = append(make([]byte, 0, len(b)), b...)
	}
	if cap(b) <= 1<<20 {
		*p = b
		jsonBuffers.Put(p)
	}
	return out, err
}

func appendMessage(b []byte, m protoreflect.Message, s *jsonShape) ([]byte, error) {
	if m.Descriptor().FullName() == timestampName {
		return appendTimestamp(b, m)
	}
	b = append(b, '{')
	first := true
	var err error
	for _, f := range s.fields {
		fd := f.fd
		if fd.ContainingOneof() != nil && !m.Has(fd) {
			continue // unset oneof members and proto3 optionals are left out
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, f.key...)
		switch {
		case fd.IsList():
			l := m.Get(fd).List()
			b = append(b, '[')
			for i := range l.Len() {
				if i > 0 {
					b = append(b, ',')
				}
				if b, err = appendValue(b, fd, l.Get(i)); err != nil {
					return b, err
				}
			}
			b = append(b, ']')
		case fd.Message() != nil && !m.Has(fd):
			b = append(b, "null"...)
		default:
			if b, err = appendValue(b, fd, m.Get(fd)); err != nil {
				return b, err
			}
		}
	}
	return append(b, '}'), nil
}

func appendValue(b []byte, fd protoreflect.FieldDescriptor, v protoreflect.Value) ([]byte, error) {
	switch fd.Kind() {
	case protoreflect.BoolKind:
		return strconv.AppendBool(b, v.Bool()), nil
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		return strconv.AppendInt(b, v.Int(), 10), nil
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		return strconv.AppendUint(b, v.Uint(), 10), nil
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		b = append(b, '"')
		return append(strconv.AppendInt(b, v.Int(), 10), '"'), nil
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		b = append(b, '"')
		return append(strconv.AppendUint(b, v.Uint(), 10), '"'), nil
	case protoreflect.StringKind:
		return appendString(b, v.String())
	case protoreflect.BytesKind:
		b = append(b, '"')
		b = base64.StdEncoding.AppendEncode(b, v.Bytes())
		return append(b, '"'), nil
	case protoreflect.EnumKind:
		if ev := fd.Enum().Values().ByNumber(v.Enum()); ev != nil {
			b = append(b, '"')
			b = append(b, ev.Name()...)
			return append(b, '"'), nil
		}
		return strconv.AppendInt(b, int64(v.Enum()), 10), nil
	case protoreflect.MessageKind:
		return appendMessage(b, v.Message(), shapeOf(fd.Message()))
	}
	return b, errFallback
}

// appendTimestamp writes a Timestamp as protojson does: RFC 3339 in UTC
// with 0, 3, 6 or 9 fractional digits.
func appendTimestamp(b []byte, m protoreflect.Message) ([]byte, error) {
	fds := m.Descriptor().Fields()
	secs, nanos := m.Get(fds.ByNumber(1)).Int(), m.Get(fds.ByNumber(2)).Int()
	if secs < -62135596800 || secs > 253402300799 || nanos < 0 || nanos >= 1e9 {
		return b, errFallback
	}
	b = append(b, '"')
	b = time.Unix(secs, nanos).UTC().AppendFormat(b, "2006-01-02T15:04:05.000000000")
	for _, zeros := range []string{"000", "000", ".000"} {
		if bytes.HasSuffix(b, []byte(zeros)) {
			b = b[:len(b)-len(zeros)]
		}
	}
	return append(b, 'Z', '"'), nil
}

// appendString writes s as a JSON string, escaping what protojson
// escapes; text that is not UTF-8 is protojson's to refuse.
func appendString(b []byte, s string) ([]byte, error) {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				return b, errFallback
			}
			i += n
			continue
		}
		if c >= ' ' && c != '"' && c != '\\' {
			i++
			continue
		}
		b = append(b, s[start:i]...)
		b = append(b, '\\')
		switch c {
		case '"', '\\':
			b = append(b, c)
		case '\b':
			b = append(b, 'b')
		case '\f':
			b = append(b, 'f')
		case '\n':
			b = append(b, 'n')
		case '\r':
			b = append(b, 'r')
		case '\t':
			b = append(b, 't')
		default:
			b = append(b, 'u')
			b = append(b, "0000"[1+(bits.Len32(uint32(c))-1)/4:]...)
			b = strconv.AppendUint(b, uint64(c), 16)
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"'), nil
}
