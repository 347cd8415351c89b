package server

import (
	"math/rand/v2"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/dynamicpb"

	foiv1 "foi/gen/foi/v1"
)

// TestMoveIsCopy: a message handed over holds what a copy would, for every
// message type of the API filled at random, unknown fields included, and
// nothing of what dst held before.
func TestMoveIsCopy(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	types := apiTypes()
	if len(types) < 50 {
		t.Fatalf("only %d message types of foi.v1", len(types))
	}
	for _, mt := range types {
		for range 20 {
			src := mt.New()
			fill(r, src, 4)
			src.SetUnknown([]byte{0xf8, 0xff, 0x07, 0x01}) // field 16383, varint 1
			want := proto.Clone(src.Interface())
			dst := mt.New()
			fill(r, dst, 2)
			move(dst.Interface(), src.Interface())
			if !proto.Equal(dst.Interface(), want) {
				t.Fatalf("%s: moved\n%v\nwant\n%v", mt.Descriptor().FullName(), dst.Interface(), want)
			}
		}
	}
	// A dynamic message of the same type is copied, as proto.Merge does.
	dst := &foiv1.Application{Id: "old"}
	move(dst, dynamicpb.NewMessage(dst.ProtoReflect().Descriptor()))
	if dst.GetId() != "" {
		t.Errorf("moved %v, want it empty", dst)
	}
}

// apiTypes are the message types of foi.v1.
func apiTypes() []protoreflect.MessageType {
	var types []protoreflect.MessageType
	protoregistry.GlobalTypes.RangeMessages(func(mt protoreflect.MessageType) bool {
		if mt.Descriptor().ParentFile().Package() == "foi.v1" {
			types = append(types, mt)
		}
		return true
	})
	return types
}

// BenchmarkReplyHandover gives the caller a page of 20 applications: a
// copy, as the pages' connection does, and handed over, as the REST
// gateway's does.
func BenchmarkReplyHandover(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	page := &foiv1.ListApplicationsResponse{}
	for range 20 {
		app := &foiv1.Application{}
		fill(r, app.ProtoReflect(), 4)
		page.Applications = append(page.Applications, app)
	}
	b.Run("copy", func(b *testing.B) {
		for b.Loop() {
			out := new(foiv1.ListApplicationsResponse)
			proto.Reset(out)
			proto.Merge(out, page)
		}
	})
	b.Run("handOver", func(b *testing.B) {
		for b.Loop() {
			move(new(foiv1.ListApplicationsResponse), page)
		}
	})
}
