// Package gen holds the code and documents generated from proto/ by
// `go tool buf generate`: the Go API in gen/foi/v1 and the OpenAPI document
// in gen/openapiv2. This file is the one hand-written piece: buf.gen.yaml
// cleans only those two folders, so it survives regeneration.
package gen

import _ "embed"

// OpenAPI is the generated OpenAPI v2 document of the REST API.
//
//go:embed openapiv2/foi.swagger.json
var OpenAPI []byte
