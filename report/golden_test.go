package report_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"parley"
	"parley/analysis"
	"parley/examples"
	"parley/report"
	"parley/scenario"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGoldenExamples checks the JSON report of every shipped example against its golden
// file. Numbers are compared with a tolerance of 1e-9, never byte for byte.
func TestGoldenExamples(t *testing.T) {
	for _, name := range examples.Names() {
		t.Run(name, func(t *testing.T) {
			data, err := examples.Get(name)
			if err != nil {
				t.Fatal(err)
			}
			s, _, err := scenario.Parse(name+".yaml", data)
			if err != nil {
				t.Fatal(err)
			}
			res, err := analysis.Analyze(s, analysis.Options{})
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(report.NewDocument(s, res), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./report -run Golden -update to create it)", err)
			}
			var g, w any
			if err := json.Unmarshal(got, &g); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(want, &w); err != nil {
				t.Fatal(err)
			}
			if diffs := compare("", g, w, nil); len(diffs) > 0 {
				if len(diffs) > 20 {
					diffs = append(diffs[:20], fmt.Sprintf("... and %d more", len(diffs)-20))
				}
				t.Errorf("report differs from %s:\n%s", path, strings.Join(diffs, "\n"))
			}
		})
	}
}

// compare lists the differences between two decoded JSON values, numbers within 1e-9.
func compare(path string, got, want any, diffs []string) []string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return append(diffs, fmt.Sprintf("%s: got %T, want an object", path, got))
		}
		keys := map[string]bool{}
		for k := range w {
			keys[k] = true
		}
		for k := range g {
			keys[k] = true
		}
		var sorted []string
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			if path == "" && k == "method" {
				continue // prose describing how, free to improve
			}
			diffs = compare(path+"."+k, g[k], w[k], diffs)
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return append(diffs, fmt.Sprintf("%s: got %s, want %d elements", path, brief(got), len(w)))
		}
		for i := range w {
			diffs = compare(fmt.Sprintf("%s[%d]", path, i), g[i], w[i], diffs)
		}
	case float64:
		g, ok := got.(float64)
		if !ok || math.Abs(g-w) > 1e-9 {
			return append(diffs, fmt.Sprintf("%s: got %v, want %v", path, got, w))
		}
	default:
		if fmt.Sprint(got) != fmt.Sprint(want) {
			return append(diffs, fmt.Sprintf("%s: got %v, want %v", path, got, want))
		}
	}
	return diffs
}

func brief(v any) string {
	if a, ok := v.([]any); ok {
		return fmt.Sprintf("%d elements", len(a))
	}
	var b bytes.Buffer
	fmt.Fprint(&b, v)
	return b.String()
}

// TestWriteJSON: the streamed document is the same bytes as the encoded NewDocument, for
// every example and for a result whose lists were cut.
func TestWriteJSON(t *testing.T) {
	check := func(t *testing.T, s *parley.Scenario, res *analysis.Result) {
		var want, got bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		if err := enc.Encode(report.NewDocument(s, res)); err != nil {
			t.Fatal(err)
		}
		if err := report.WriteJSON(&got, s, res); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			g, w := got.String(), want.String()
			i := 0
			for i < len(g) && i < len(w) && g[i] == w[i] {
				i++
			}
			t.Fatalf("streamed document differs at byte %d:\ngot  %q\nwant %q", i, g[max(0, i-80):min(len(g), i+80)], w[max(0, i-80):min(len(w), i+80)])
		}
	}
	for _, name := range examples.Names() {
		t.Run(name, func(t *testing.T) {
			data, err := examples.Get(name)
			if err != nil {
				t.Fatal(err)
			}
			s, _, err := scenario.Parse(name+".yaml", data)
			if err != nil {
				t.Fatal(err)
			}
			res, err := analysis.Analyze(s, analysis.Options{})
			if err != nil {
				t.Fatal(err)
			}
			check(t, s, res)
		})
	}
	t.Run("Cut", func(t *testing.T) {
		s, res := buffer(t)
		res.Nash = res.Nash[:0]
		res.Pareto = res.Pareto[:1]
		res.Truncated = true
		res.Ranges, res.RangesNote = nil, "not computed: a test"
		check(t, s, res)
	})
}

func TestWriteFrontierJSONL(t *testing.T) {
	data, err := examples.Get("supply-deal")
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := scenario.Parse("supply-deal.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	res, err := analysis.Analyze(s, analysis.Options{KeepFrontier: true})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	n, err := report.WriteFrontierJSONL(&b, s, res, 0)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if n != res.ParetoCount.Int64() || int64(len(lines)) != n {
		t.Fatalf("%d lines (%d said), want %v", len(lines), n, res.ParetoCount)
	}
	want := report.NewDocument(s, res).Pareto
	got := map[string]bool{}
	for _, l := range lines {
		var p report.Point
		if err := json.Unmarshal([]byte(l), &p); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		k, _ := json.Marshal(p)
		got[string(k)] = true
	}
	for _, p := range want {
		k, _ := json.Marshal(p)
		if !got[string(k)] {
			t.Errorf("point %s not streamed", k)
		}
	}
	if n, _ := report.WriteFrontierJSONL(io.Discard, s, res, 3); n != 3 {
		t.Errorf("limit 3: %d lines", n)
	}
}
