package schemas_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"parley/docs/schemas"
)

func compile(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	b, ok := schemas.Lookup(name)
	if !ok {
		t.Fatalf("no schema %q", name)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(name+".schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(name + ".schema.json")
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

// TestSchemasCompile checks every schema against the 2020-12 meta-schema.
func TestSchemasCompile(t *testing.T) {
	names := schemas.Names()
	if strings.Join(names, " ") != "analyze negotiate scenario tournament" {
		t.Errorf("schemas %v", names)
	}
	for _, n := range names {
		compile(t, n)
	}
	if _, ok := schemas.Lookup("../schemas/analyze"); ok {
		t.Error("Lookup accepts a path")
	}
}

// jsonValue turns decoded YAML into the values the validator takes (JSON's).
func jsonValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range v {
			out[k] = jsonValue(e)
		}
		return out
	case map[any]any:
		out := map[string]any{}
		for k, e := range v {
			out[fmt.Sprint(k)] = jsonValue(e)
		}
		return out
	case []any:
		for i, e := range v {
			v[i] = jsonValue(e)
		}
		return v
	case int:
		return json.Number(fmt.Sprint(v))
	}
	return v
}

func loadYAML(t *testing.T, path string) any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := yaml.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return jsonValue(v)
}

// TestScenarioSchema validates every shipped example scenario, and rejects a misspelt key.
func TestScenarioSchema(t *testing.T) {
	s := compile(t, "scenario")
	files, _ := filepath.Glob("../../examples/*.yaml")
	if len(files) < 4 {
		t.Fatalf("examples: %v", files)
	}
	for _, f := range files {
		if err := s.Validate(loadYAML(t, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	bad := map[string]string{
		"misspelt key":   "issues: [{id: a, options: [x, y], orderd: true}]\nparties: [{id: p}]\n",
		"no issues":      "parties: [{id: p}]\n",
		"options+range":  "issues: [{id: a, options: [x], range: {min: 0, max: 1}}]\nparties: [{id: p}]\n",
		"role":           "issues: [{id: a, options: [x]}]\nparties: [{id: p, role: judge}]\n",
		"value function": "issues: [{id: a, options: [x]}]\nparties: [{id: p, profile: {values: {a: rising}}}]\n",
	}
	for name, y := range bad {
		var v any
		yaml.Unmarshal([]byte(y), &v)
		if err := s.Validate(jsonValue(v)); err == nil {
			t.Errorf("%s: accepted %q", name, y)
		}
	}
}

// TestAnalyzeGoldens validates the golden analyze documents of the shipped examples
// (report/testdata/golden), which `parley analyze --json` prints.
func TestAnalyzeGoldens(t *testing.T) {
	s := compile(t, "analyze")
	files, _ := filepath.Glob("../../report/testdata/golden/*.json")
	if len(files) < 4 {
		t.Fatalf("goldens: %v", files)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err == nil {
			err = s.Validate(v)
		}
		if err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	// A document missing a required field fails.
	v, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"parties": []}`))
	if s.Validate(v) == nil {
		t.Error("an analyze document without issues was accepted")
	}
}
