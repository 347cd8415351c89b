package api

import (
	"slices"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	"foi/services/errs"
)

// maskedFields returns the fields of msg an update changes (AIP-134), by
// their proto names: those mask names, "*" for all, or with no mask the
// fields msg sets (the REST gateway fills the mask from the fields present
// in the body before this). Names may be proto or JSON names. known reports whether the domain can change a
// field; an unknown one, or no field at all, is a violation of updateMask.
func maskedFields(c *errs.Collector, msg proto.Message, mask *fieldmaskpb.FieldMask, known func(string) bool) []string {
	desc := msg.ProtoReflect().Descriptor()
	var fields []string
	switch paths := mask.GetPaths(); {
	case slices.Equal(paths, []string{"*"}):
		for i := range desc.Fields().Len() {
			fields = append(fields, string(desc.Fields().Get(i).Name()))
		}
	case len(paths) > 0:
		for _, p := range paths {
			// REST clients name fields in JSON (lowerCamelCase), as the
			// gateway passes a query's updateMask through unchanged.
			fd := desc.Fields().ByName(protoreflect.Name(p))
			if fd == nil {
				fd = desc.Fields().ByJSONName(p)
			}
			if fd == nil || !known(string(fd.Name())) {
				c.Add("updateMask", "没有可修改的字段 "+p)
				continue
			}
			if name := string(fd.Name()); !slices.Contains(fields, name) {
				fields = append(fields, name)
			}
		}
	default:
		msg.ProtoReflect().Range(func(fd protoreflect.FieldDescriptor, _ protoreflect.Value) bool {
			fields = append(fields, string(fd.Name()))
			return true
		})
		slices.Sort(fields)
	}
	if len(fields) == 0 && c.Err() == nil {
		c.Add("updateMask", "未指明要修改的字段")
	}
	for _, f := range fields {
		if !known(f) {
			c.Add("updateMask", "没有可修改的字段 "+f)
		}
	}
	return fields
}
