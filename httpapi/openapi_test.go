package httpapi_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"parley/httpapi"
	"parley/httpapi/openapitest"
)

// TestOpenAPIComplete requires a description for every schema, field and parameter, the
// values of every typed string, and an example for every operation.
func TestOpenAPIComplete(t *testing.T) {
	for _, gap := range httpapi.OpenAPIGaps() {
		t.Error(gap)
	}
}

// TestOpenAPIValid validates the served document against the OpenAPI 3.1 specification's
// schema with libopenapi.
func TestOpenAPIValid(t *testing.T) {
	m := startServer(t)
	_, b := do(t, "GET", m.URL+"/api/openapi.json", "", "")
	if !bytes.Equal(bytes.TrimSpace(b), openapitest.Document()) {
		t.Fatal("the served document is not httpapi.OpenAPI()")
	}
	doc, err := libopenapi.NewDocument(b)
	if err != nil {
		t.Fatal(err)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		for _, e := range verrs {
			t.Errorf("%s: %s", e.Message, e.Reason)
			for _, s := range e.SchemaValidationErrors {
				t.Errorf("\tat %s: %s", s.FieldPath, s.Reason)
			}
		}
	}
	var d map[string]any
	json.Unmarshal(b, &d)
	if d["openapi"] != "3.1.0" || len(d["servers"].([]any)) == 0 {
		t.Errorf("openapi %v, servers %v", d["openapi"], d["servers"])
	}
	// No schema is a bare reference to itself.
	for name, s := range d["components"].(map[string]any)["schemas"].(map[string]any) {
		if ref, _ := s.(map[string]any)["$ref"].(string); ref != "" {
			t.Errorf("schema %s is only a reference (%s)", name, ref)
		}
	}
}

// TestOpenAPIExamples validates every example of the document against its schema.
func TestOpenAPIExamples(t *testing.T) {
	b := openapitest.Document()
	var d map[string]any
	json.Unmarshal(b, &d)
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	doc, _ := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err := c.AddResource("openapi.json", doc); err != nil {
		t.Fatal(err)
	}
	n := 0
	check := func(where string, ptr string, mt map[string]any) {
		ex, ok := mt["example"]
		if !ok || strings.HasPrefix(where, "GET /api/openapi.json") {
			return
		}
		if _, isJSON := mt["schema"].(map[string]any)["type"]; isJSON && mt["schema"].(map[string]any)["type"] == "string" {
			return // the event stream's text
		}
		s, err := c.Compile("openapi.json#" + ptr + "/schema")
		if err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		// Round-trip so numbers are what a client decodes.
		eb, _ := json.Marshal(ex)
		v, _ := jsonschema.UnmarshalJSON(bytes.NewReader(eb))
		if err := s.Validate(v); err != nil {
			t.Errorf("%s: the example does not match the schema: %v", where, err)
		}
		n++
	}
	esc := func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1") }
	for path, item := range d["paths"].(map[string]any) {
		for method, op := range item.(map[string]any) {
			ptr := "/paths/" + esc(path) + "/" + method
			o := op.(map[string]any)
			if rb, ok := o["requestBody"].(map[string]any); ok {
				check(method+" "+path+" request", ptr+"/requestBody/content/application~1json", rb["content"].(map[string]any)["application/json"].(map[string]any))
			}
			for st, r := range o["responses"].(map[string]any) {
				if content, ok := r.(map[string]any)["content"].(map[string]any); ok {
					for ct, mt := range content {
						check(method+" "+path+" "+st, ptr+"/responses/"+st+"/content/"+esc(ct), mt.(map[string]any))
					}
				}
			}
		}
	}
	check("Problem", "/components/responses/Problem/content/application~1problem+json",
		d["components"].(map[string]any)["responses"].(map[string]any)["Problem"].(map[string]any)["content"].(map[string]any)["application/problem+json"].(map[string]any))
	if n < 40 {
		t.Errorf("only %d examples checked", n)
	}
}
