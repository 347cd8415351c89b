package server

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"foi/gen"
)

// TestOpenAPIDocument checks the served document as a Swagger 2.0 client
// generator reads it: named and versioned, bearer authentication declared
// and required, every reference resolvable, every operation unique and
// answering errors with the google.rpc.Status body.
func TestOpenAPIDocument(t *testing.T) {
	var doc struct {
		Swagger string `json:"swagger"`
		Info    struct {
			Title, Version string
		} `json:"info"`
		SecurityDefinitions map[string]struct {
			Type, In, Name string
		} `json:"securityDefinitions"`
		Security    []map[string][]string                 `json:"security"`
		Paths       map[string]map[string]json.RawMessage `json:"paths"`
		Definitions map[string]json.RawMessage            `json:"definitions"`
	}
	if err := json.Unmarshal(gen.OpenAPI, &doc); err != nil {
		t.Fatalf("the document is not JSON: %v", err)
	}
	if doc.Swagger != "2.0" {
		t.Errorf("swagger %q, want 2.0", doc.Swagger)
	}
	if !strings.Contains(doc.Info.Title, "foi") || strings.HasSuffix(doc.Info.Title, ".proto") {
		t.Errorf("title %q does not name the API", doc.Info.Title)
	}
	if doc.Info.Version == "" || doc.Info.Version == "version not set" {
		t.Errorf("version %q", doc.Info.Version)
	}
	b := doc.SecurityDefinitions["bearer"]
	if b.Type != "apiKey" || b.In != "header" || b.Name != "Authorization" {
		t.Errorf("bearer security definition %+v", b)
	}
	if len(doc.Security) != 1 || doc.Security[0]["bearer"] == nil {
		t.Errorf("security requirement %v, want bearer once", doc.Security)
	}

	// Every $ref names a definition.
	for _, m := range regexp.MustCompile(`"\$ref":\s*"#/definitions/([^"]+)"`).FindAllSubmatch(gen.OpenAPI, -1) {
		if _, ok := doc.Definitions[string(m[1])]; !ok {
			t.Errorf("$ref to missing definition %s", m[1])
		}
	}
	verbs := map[string]bool{"get": true, "put": true, "post": true, "delete": true, "options": true, "head": true, "patch": true}
	ids := map[string]string{}
	ops := 0
	for path, item := range doc.Paths {
		for verb, raw := range item {
			if verb == "parameters" {
				continue
			}
			if !verbs[verb] {
				t.Errorf("%s has an unknown operation %q", path, verb)
				continue
			}
			ops++
			var op struct {
				OperationID string `json:"operationId"`
				Responses   map[string]struct {
					Schema struct {
						Ref string `json:"$ref"`
					} `json:"schema"`
				} `json:"responses"`
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatalf("%s %s: %v", verb, path, err)
			}
			if other, dup := ids[op.OperationID]; dup || op.OperationID == "" {
				t.Errorf("%s %s: operationId %q not unique (also %s)", verb, path, op.OperationID, other)
			}
			ids[op.OperationID] = verb + " " + path
			if _, ok := op.Responses["200"]; !ok {
				t.Errorf("%s %s: no 200 response", verb, path)
			}
			for _, code := range []string{"400", "401", "403", "404", "409", "429", "default"} {
				if r, ok := op.Responses[code]; !ok || r.Schema.Ref != "#/definitions/rpcStatus" {
					t.Errorf("%s %s: response %s is not the error body", verb, path, code)
				}
			}
		}
	}
	if ops < 50 {
		t.Errorf("only %d operations: the check saw little", ops)
	}
}
