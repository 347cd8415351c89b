package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	foiv1 "foi/gen/foi/v1"
)

// tokens is a JSON text as the sequence of its tokens: the values, and the
// keys in their order.
func tokens(t *testing.T, b []byte) []any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var out []any
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("invalid JSON %s: %v", b, err)
		}
		if delim, ok := tok.(json.Delim); ok {
			tok = string(delim)
		}
		out = append(out, tok)
	}
}

var texts = []string{"", "张三", `a"b\c/`, "\x00\x01\x1f\x7f", "\t\n\r\b\f", "<>&'", "\u2028\u2029", "😀 示范区人民路1号", "plain"}

// fill populates some of m's fields at random, as deep as depth.
func fill(r *rand.Rand, m protoreflect.Message, depth int) {
	md := m.Descriptor()
	if md.FullName() == timestampName {
		secs := r.Int64N(253402300799+62135596800) - 62135596800
		nanos := [...]int64{0, r.Int64N(1000) * 1e6, r.Int64N(1e6) * 1e3, r.Int64N(1e9)}[r.IntN(4)]
		m.Set(md.Fields().ByNumber(1), protoreflect.ValueOfInt64(secs))
		m.Set(md.Fields().ByNumber(2), protoreflect.ValueOfInt32(int32(nanos)))
		return
	}
	fds := md.Fields()
	for i := range fds.Len() {
		fd := fds.Get(i)
		if r.IntN(4) == 0 {
			continue
		}
		if od := fd.ContainingOneof(); od != nil && m.WhichOneof(od) != nil {
			continue
		}
		switch {
		case fd.IsList():
			l := m.Mutable(fd).List()
			for range r.IntN(3) {
				if fd.Message() != nil {
					if depth > 0 {
						fill(r, l.AppendMutable().Message(), depth-1)
					}
					continue
				}
				l.Append(scalar(r, fd))
			}
		case fd.Message() != nil:
			if depth > 0 {
				fill(r, m.Mutable(fd).Message(), depth-1)
			}
		default:
			m.Set(fd, scalar(r, fd))
		}
	}
}

func scalar(r *rand.Rand, fd protoreflect.FieldDescriptor) protoreflect.Value {
	zero := r.IntN(5) == 0
	switch fd.Kind() {
	case protoreflect.BoolKind:
		return protoreflect.ValueOfBool(!zero && r.IntN(2) == 0)
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		return protoreflect.ValueOfInt32([...]int32{0, -1, 7, math.MaxInt32, math.MinInt32}[r.IntN(5)])
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		return protoreflect.ValueOfUint32([...]uint32{0, 7, math.MaxUint32}[r.IntN(3)])
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return protoreflect.ValueOfInt64([...]int64{0, -1, 1234567, math.MaxInt64, math.MinInt64}[r.IntN(5)])
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return protoreflect.ValueOfUint64([...]uint64{0, 7, math.MaxUint64}[r.IntN(3)])
	case protoreflect.StringKind:
		return protoreflect.ValueOfString(texts[r.IntN(len(texts))])
	case protoreflect.BytesKind:
		b := make([]byte, r.IntN(8))
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		return protoreflect.ValueOfBytes(b)
	case protoreflect.EnumKind:
		vals := fd.Enum().Values()
		if r.IntN(8) == 0 {
			return protoreflect.ValueOfEnum(999) // a number the enum does not name
		}
		return protoreflect.ValueOfEnum(vals.Get(r.IntN(vals.Len())).Number())
	}
	panic("no scalar of kind " + fd.Kind().String())
}

// TestAppendJSONIsProtojson: for every message of the API, filled at
// random, the gateway's JSON has the tokens protojson (EmitUnpopulated)
// writes, in the same order; and the answers the benchmark lists are
// written by appendJSON, not left to protojson.
func TestAppendJSONIsProtojson(t *testing.T) {
	var types []protoreflect.MessageType
	protoregistry.GlobalTypes.RangeMessages(func(mt protoreflect.MessageType) bool {
		if mt.Descriptor().ParentFile().Package() == "foi.v1" {
			types = append(types, mt)
		}
		return true
	})
	if len(types) < 50 {
		t.Fatalf("only %d message types of foi.v1", len(types))
	}
	r := rand.New(rand.NewPCG(1, 2))
	written := 0
	for _, mt := range types {
		for i := range 30 {
			m := mt.New()
			if i > 0 {
				fill(r, m, 3)
			}
			want, wantErr := protojson.MarshalOptions{EmitUnpopulated: true}.Marshal(m.Interface())
			got, err := marshalJSON(m)
			if errors.Is(err, errFallback) {
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", mt.Descriptor().FullName(), err)
			}
			if wantErr != nil {
				t.Fatalf("%s: appendJSON wrote %s, which protojson refuses: %v", mt.Descriptor().FullName(), got, wantErr)
			}
			written++
			if diff := cmp.Diff(tokens(t, want), tokens(t, got)); diff != "" {
				t.Fatalf("%s: JSON differs from protojson's (-protojson +appendJSON):\n%s\nprotojson: %s\nappendJSON: %s",
					mt.Descriptor().FullName(), diff, want, got)
			}
		}
	}
	t.Logf("appendJSON wrote %d of %d messages", written, 30*len(types))
	if written < 30*len(types)/2 {
		t.Errorf("appendJSON wrote %d of %d messages", written, 30*len(types))
	}
	for _, m := range []protoreflect.ProtoMessage{&foiv1.ListApplicationsResponse{}, &foiv1.RegisterApplicationResponse{}, &foiv1.AssignApplicationResponse{}} {
		if !shapeOf(m.ProtoReflect().Descriptor()).ok {
			t.Errorf("%T is left to protojson", m)
		}
	}
}

// TestAppendJSONLeavesBadTextToProtojson: text that is not UTF-8 is
// protojson's to refuse.
func TestAppendJSONLeavesBadTextToProtojson(t *testing.T) {
	m := &foiv1.Applicant{Name: "\xff"}
	if _, err := appendJSON(nil, m.ProtoReflect()); !errors.Is(err, errFallback) {
		t.Errorf("appendJSON of invalid UTF-8: %v, want errFallback", err)
	}
}

// BenchmarkListJSON writes a page of 20 applications, filled at random,
// with protojson and with appendJSON.
func BenchmarkListJSON(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	page := &foiv1.ListApplicationsResponse{}
	for range 20 {
		app := &foiv1.Application{}
		fill(r, app.ProtoReflect(), 4)
		page.Applications = append(page.Applications, app)
	}
	b.Run("protojson", func(b *testing.B) {
		for b.Loop() {
			if _, err := (protojson.MarshalOptions{EmitUnpopulated: true}).Marshal(page); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("appendJSON", func(b *testing.B) {
		for b.Loop() {
			if _, err := marshalJSON(page.ProtoReflect()); err != nil {
				b.Fatal(err)
			}
		}
	})
}
