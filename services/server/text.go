package server

import (
	"fmt"
	"unicode/utf8"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"foi/services/errs"
)

// checkText refuses control characters in any string of a request (NUL
// included, which PostgreSQL cannot store); tab, line feed and carriage
// return are text. It names each bad field by its JSON path.
func checkText(req any) error {
	m, ok := req.(proto.Message)
	if !ok {
		return nil
	}
	var c errs.Collector
	walkStrings(m.ProtoReflect(), "", func(path, s string) {
		if !utf8.ValidString(s) {
			c.Add(path, invalidUTF8Reason)
			return
		}
		for _, r := range s {
			if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f {
				c.Add(path, "含有不允许的控制字符")
				return
			}
		}
	})
	return c.Err()
}

// checkUTF8 refuses strings of a request that are not valid UTF-8, which
// protobuf cannot encode. It names each bad field by its JSON path.
func checkUTF8(req any) error {
	m, ok := req.(proto.Message)
	if !ok {
		return nil
	}
	var c errs.Collector
	walkStrings(m.ProtoReflect(), "", func(path, s string) {
		if !utf8.ValidString(s) {
			c.Add(path, invalidUTF8Reason)
		}
	})
	return c.Err()
}

// walkStrings calls visit with every string in m and its JSON path.
func walkStrings(m protoreflect.Message, prefix string, visit func(path, s string)) {
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		path := fieldPath(prefix, fd.JSONName())
		switch {
		case fd.IsList():
			l := v.List()
			for i := range l.Len() {
				visitValue(fd, l.Get(i), fmt.Sprintf("%s[%d]", path, i), visit)
			}
		case fd.IsMap():
			v.Map().Range(func(k protoreflect.MapKey, mv protoreflect.Value) bool {
				if fd.MapKey().Kind() == protoreflect.StringKind {
					visit(path, k.String())
				}
				visitValue(fd.MapValue(), mv, path+"."+k.String(), visit)
				return true
			})
		default:
			visitValue(fd, v, path, visit)
		}
		return true
	})
}

func visitValue(fd protoreflect.FieldDescriptor, v protoreflect.Value, path string, visit func(path, s string)) {
	switch fd.Kind() {
	case protoreflect.StringKind:
		visit(path, v.String())
	case protoreflect.MessageKind, protoreflect.GroupKind:
		walkStrings(v.Message(), path, visit)
	}
}
