package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"foi/services/errs"
)

// jsonBody is the gateway's JSON marshaler: grpc-gateway's, with a decoder
// that explains a body protojson refuses in Chinese, naming the field.
type jsonBody struct {
	*runtime.JSONPb
}

// Marshal writes a message with appendJSON, or protojson when appendJSON
// leaves it to protojson.
func (j jsonBody) Marshal(v any) ([]byte, error) {
	if m, ok := v.(proto.Message); ok && m.ProtoReflect().IsValid() && j.EmitUnpopulated && !j.UseProtoNames && !j.UseEnumNumbers &&
		!j.EmitDefaultValues && j.Indent == "" && !j.Multiline {
		if b, err := marshalJSON(m.ProtoReflect()); err == nil {
			return b, nil
		}
	}
	return j.JSONPb.Marshal(v)
}

func (j jsonBody) NewDecoder(r io.Reader) runtime.Decoder {
	return runtime.DecoderFunc(func(v any) error {
		body, err := io.ReadAll(r)
		if err != nil {
			return err
		}
		err = j.JSONPb.NewDecoder(bytes.NewReader(body)).Decode(v)
		if err == nil || errors.Is(err, io.EOF) {
			return err
		}
		m, ok := v.(proto.Message)
		if !ok {
			return err
		}
		if explained := explainBody(body, m.ProtoReflect().Descriptor()); explained != nil {
			return deferredError(explained)
		}
		return err
	})
}

// explainBody says what is wrong with a JSON body that protojson refused
// as md: text that is not UTF-8, unknown fields, values of the wrong type,
// enum values that do not exist. It returns nil when it finds none of
// these (then protojson's own message is the best there is).
func explainBody(body []byte, md protoreflect.MessageDescriptor) error {
	var c errs.Collector
	if !utf8.Valid(body) {
		if path, ok := invalidUTF8Path(body); ok {
			c.Add(path, invalidUTF8Reason)
			return c.Err()
		}
	}
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return errs.New(errs.InvalidArgument, "请求体不是有效的 JSON")
	}
	checkJSONMessage(v, md, "", &c)
	return c.Err()
}

// jsonFrame is one open object or array while a JSON text is tokenised.
type jsonFrame struct {
	object  bool
	key     string
	wantKey bool
	index   int
}

func jsonPath(stack []jsonFrame) string {
	var b strings.Builder
	for _, f := range stack {
		if f.object {
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(f.key)
		} else {
			fmt.Fprintf(&b, "[%d]", f.index)
		}
	}
	return b.String()
}

// invalidUTF8Path returns the JSON path of the string that holds the first
// byte of body that is not UTF-8.
func invalidUTF8Path(body []byte) (string, bool) {
	bad := 0
	for bad < len(body) {
		r, size := utf8.DecodeRune(body[bad:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		bad += size
	}
	d := json.NewDecoder(bytes.NewReader(body))
	var stack []jsonFrame
	for {
		start := d.InputOffset()
		tok, err := d.Token()
		if err != nil {
			return "", false
		}
		end := d.InputOffset()
		isKey := len(stack) > 0 && stack[len(stack)-1].object && stack[len(stack)-1].wantKey
		if _, isString := tok.(string); isString && int(start) <= bad && bad < int(end) {
			if isKey {
				stack[len(stack)-1].key = strings.ToValidUTF8(tok.(string), "?")
			}
			return jsonPath(stack), true
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, jsonFrame{object: true, wantKey: true})
			continue
		case json.Delim('['):
			stack = append(stack, jsonFrame{})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		default:
			if isKey {
				stack[len(stack)-1].key, stack[len(stack)-1].wantKey = tok.(string), false
				continue
			}
		}
		if len(stack) == 0 {
			return "", false
		}
		if top := &stack[len(stack)-1]; top.object {
			top.wantKey = true
		} else {
			top.index++
		}
	}
}

// checkJSONMessage compares a decoded JSON value with the message it should
// be, recording each field it cannot be.
func checkJSONMessage(v any, md protoreflect.MessageDescriptor, path string, c *errs.Collector) {
	if strings.HasPrefix(string(md.FullName()), "google.protobuf.") {
		return // well-known types have JSON forms of their own; protojson judges them
	}
	obj, ok := v.(map[string]any)
	if !ok {
		c.Add(orBody(path), "应为 JSON 对象")
		return
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		p := fieldPath(path, k)
		fd := md.Fields().ByJSONName(k)
		if fd == nil {
			fd = md.Fields().ByTextName(k)
		}
		if fd == nil {
			c.Add(p, "没有这个字段")
			continue
		}
		val := obj[k]
		if val == nil {
			continue
		}
		switch {
		case fd.IsMap():
			m, ok := val.(map[string]any)
			if !ok {
				c.Add(p, "应为 JSON 对象")
				continue
			}
			for mk, mv := range m {
				checkJSONValue(fd.MapValue(), mv, p+"."+mk, c)
			}
		case fd.IsList():
			l, ok := val.([]any)
			if !ok {
				c.Add(p, "应为数组")
				continue
			}
			for i, e := range l {
				checkJSONValue(fd, e, fmt.Sprintf("%s[%d]", p, i), c)
			}
		default:
			checkJSONValue(fd, val, p, c)
		}
	}
}

func orBody(path string) string {
	if path == "" {
		return "（请求体）"
	}
	return path
}

// checkJSONValue checks one value of field fd.
func checkJSONValue(fd protoreflect.FieldDescriptor, v any, path string, c *errs.Collector) {
	ok := true
	switch fd.Kind() {
	case protoreflect.MessageKind, protoreflect.GroupKind:
		checkJSONMessage(v, fd.Message(), path, c)
		return
	case protoreflect.EnumKind:
		if fd.Enum().FullName() == "google.protobuf.NullValue" {
			return
		}
		switch x := v.(type) {
		case string:
			if fd.Enum().Values().ByName(protoreflect.Name(x)) == nil {
				c.Add(path, enumReason(fd.Enum(), x))
			}
		case json.Number:
			if _, err := strconv.ParseInt(string(x), 10, 32); err != nil {
				c.Add(path, enumReason(fd.Enum(), string(x)))
			}
		default:
			c.Add(path, enumReason(fd.Enum(), fmt.Sprint(x)))
		}
		return
	case protoreflect.StringKind, protoreflect.BytesKind:
		_, ok = v.(string)
	case protoreflect.BoolKind:
		_, ok = v.(bool)
	case protoreflect.FloatKind, protoreflect.DoubleKind:
		switch x := v.(type) {
		case json.Number:
		case string:
			_, err := strconv.ParseFloat(x, 64)
			ok = err == nil || x == "NaN" || x == "Infinity" || x == "-Infinity"
		default:
			ok = false
		}
	default: // integers
		var s string
		switch x := v.(type) {
		case json.Number:
			s = string(x)
		case string:
			s = x
		default:
			ok = false
		}
		if ok {
			ok = integerFits(fd.Kind(), s)
		}
	}
	if !ok {
		c.Add(path, kindReason(fd))
	}
}

// integerFits reports whether s is an integer (protojson also takes an
// exponent form such as 1e3) that fits a field of kind k.
func integerFits(k protoreflect.Kind, s string) bool {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != float64(int64(f)) && f < 1<<63 {
		return false
	}
	switch k {
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		return f >= -1<<31 && f < 1<<31
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		return f >= 0 && f < 1<<32
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return f >= 0
	}
	return true
}
