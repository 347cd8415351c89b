// Package page holds the paging rules shared by list RPCs: the page size
// limits and opaque page tokens.
package page

import (
	"encoding/base64"
	"encoding/json"

	"foi/services/errs"
)

// Default and Max bound page sizes.
const (
	Default = 50
	Max     = 500
)

// Size returns the page size for a requested size: Default for 0, an
// InvalidArgument error for a negative size, Max at most.
func Size(requested int32) (int, error) {
	switch {
	case requested < 0:
		return 0, errs.Field("pageSize", "不能为负数")
	case requested == 0:
		return Default, nil
	case requested > Max:
		return Max, nil
	}
	return int(requested), nil
}

// Encode turns a cursor value into an opaque token.
func Encode(cursor any) string {
	b, err := json.Marshal(cursor)
	if err != nil {
		panic(err) // cursors are plain structs of our own
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Decode reads a token made by Encode into cursor; "" leaves it unchanged.
func Decode(token string, cursor any) error {
	if token == "" {
		return nil
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || json.Unmarshal(b, cursor) != nil {
		return errs.Field("pageToken", "无效的分页标记")
	}
	return nil
}
