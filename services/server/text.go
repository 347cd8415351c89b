package server

import (
	"fmt"

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
	walkStrings(m.ProtoReflect(), "", &c)
	return c.Err()
}

func walkStrings(m protoreflect.Message, prefix string, c *errs.Collector) {
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		path := fd.JSONName()
		if prefix != "" {
			path = prefix + "." + path
		}
		switch {
		case fd.IsList():
			l := v.List()
			for i := range l.Len() {
				check(fd, l.Get(i), fmt.Sprintf("%s[%d]", path, i), c)
			}
		case fd.IsMap():
			v.Map().Range(func(k protoreflect.MapKey, mv protoreflect.Value) bool {
				check(fd.MapValue(), mv, path+"."+k.String(), c)
				return true
			})
		default:
			check(fd, v, path, c)
		}
		return true
	})
}

func check(fd protoreflect.FieldDescriptor, v protoreflect.Value, path string, c *errs.Collector) {
	switch fd.Kind() {
	case protoreflect.StringKind:
		for _, r := range v.String() {
			if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f {
				c.Add(path, "含有不允许的控制字符")
				return
			}
		}
	case protoreflect.MessageKind, protoreflect.GroupKind:
		walkStrings(v.Message(), path, c)
	}
}
