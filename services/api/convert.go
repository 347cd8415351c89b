// Package api holds the gRPC handlers of foi: each validates the request's
// shape, converts it to domain types, calls the domain and converts back.
// Nothing here decides anything about a case.
package api

import (
	"context"
	"strings"
	"time"

	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/timestamppb"

	"foi/services/actor"
	"foi/services/clock"
	"foi/services/errs"
	"foi/services/ids"
)

// caller returns the actor the authentication interceptor put in ctx.
func caller(ctx context.Context) (actor.Actor, error) {
	a, ok := actor.From(ctx)
	if !ok {
		return actor.Actor{}, errs.New(errs.Unauthenticated, "请先登录")
	}
	return a, nil
}

// callerAndID returns the caller and the record id (field "id") a request
// names: the preamble of every handler that reads or acts on one record.
func callerAndID(ctx context.Context, rawID string) (actor.Actor, string, error) {
	who, err := caller(ctx)
	if err != nil {
		return actor.Actor{}, "", err
	}
	var c errs.Collector
	id := parseID(&c, "id", rawID, true)
	return who, id, c.Err()
}

// parseID checks an opaque id; empty is allowed unless required.
func parseID(c *errs.Collector, field, s string, required bool) string {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			c.Add(field, "不能为空")
		}
		return ""
	}
	id, ok := ids.Canonical(s)
	if !ok {
		c.Add(field, "不是有效的标识符")
		return strings.ToLower(s)
	}
	return id
}

// parseDate reads an optional "YYYY-MM-DD" date.
func parseDate(c *errs.Collector, field, s string) clock.Date {
	s = strings.TrimSpace(s)
	if s == "" {
		return clock.Date{}
	}
	d, err := clock.ParseDate(s)
	if err != nil {
		c.Add(field, "日期格式应为 YYYY-MM-DD 且为真实日期")
	}
	return d
}

// enumName returns the domain name of a proto enum value: its proto name
// without the enum's prefix ("APPLICANT_TYPE_NATURAL_PERSON" gives
// "NATURAL_PERSON"), and "" for the zero value. An unknown number gives a
// name no domain value has, so domain validation rejects it.
func enumName(v protoreflect.Enum, prefix string) string {
	if v.Number() == 0 {
		return ""
	}
	d := v.Descriptor().Values().ByNumber(v.Number())
	if d == nil {
		return "?"
	}
	return strings.TrimPrefix(string(d.Name()), prefix)
}

// enumValue returns the proto enum number of a domain name.
func enumValue(values map[string]int32, prefix, name string) int32 {
	if name == "" {
		return 0
	}
	return values[prefix+name]
}

func timestamp(t time.Time) *timestamppb.Timestamp {
	if t.IsZero() {
		return nil
	}
	return timestamppb.New(t)
}

// mustVersion checks the case version a transition request carries.
func mustVersion(c *errs.Collector, v int64) {
	if v <= 0 {
		c.Add("version", "须提供读取申请时的版本号")
	}
}

// typed converts strings from a request to a domain string type; the domain
// validates them.
func typed[S ~string](xs []string) []S {
	out := make([]S, len(xs))
	for i, x := range xs {
		out[i] = S(x)
	}
	return out
}

// untyped converts a domain string type back to the API's strings.
func untyped[S ~string](xs []S) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// requireEnum adds a violation naming the values one may send when a
// required enum field is unset or not one of its values.
func requireEnum(c *errs.Collector, field string, v protoreflect.Enum) {
	d := v.Descriptor().Values()
	if v.Number() != 0 && d.ByNumber(v.Number()) != nil {
		return
	}
	var names []string
	for i := range d.Len() {
		if d.Get(i).Number() != 0 {
			names = append(names, string(d.Get(i).Name()))
		}
	}
	c.Add(field, "须选择一项，可填："+strings.Join(names, "、"))
}
