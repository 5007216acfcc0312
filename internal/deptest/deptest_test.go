package deptest_test

import (
	"errors"
	"go/build"
	"io/fs"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// module is the module path of the repository (go.mod's first line).
const module = "parley"

// rule is what one package's doc.go says about its imports. only, when set, lists every
// import allowed beside the standard library (module packages and third-party modules, by
// path prefix); deny lists imports forbidden anywhere in the package's transitive closure of
// module packages (module packages and standard-library packages, by exact path).
type rule struct {
	only []string
	deny []string
}

var (
	storage   = []string{"parley/sqlite", "parley/postgres", "database/sql"}
	transport = []string{"net/http", "parley/httpapi", "parley/web"}
	cli       = []string{"parley/cmd/parley", "parley/app"}
)

func join(lists ...[]string) []string { return slices.Concat(lists...) }

// rules mirrors the doc.go of every package it names; the test fails for a package of the
// module that has no rule, so a new package must state its rule here and in its doc.go.
var rules = map[string]rule{
	"parley":                     {only: []string{}},
	"parley/redline":             {only: []string{"parley"}},
	"parley/analysis":            {only: []string{"parley", "parley/redline", "gonum.org/v1/gonum"}},
	"parley/genius":              {only: []string{"parley"}},
	"parley/negotiate":           {only: []string{"parley", "parley/redline", "parley/internal/jsonfloat"}},
	"parley/examples":            {only: []string{"parley"}},
	"parley/scenario":            {only: []string{"parley", "parley/redline", "go.yaml.in/yaml/v3"}},
	"parley/textdiff":            {only: []string{"parley", "github.com/sergi/go-diff"}},
	"parley/httpapi/client":      {only: []string{"parley", "parley/httpapi"}},
	"parley/internal/httpstatus": {only: []string{"parley"}},
	"parley/internal/jsonfloat":  {only: []string{}},
	"parley/internal/svgchart":   {only: []string{}},
	"parley/internal/synth":      {only: []string{"parley"}},
	"parley/internal/sqlstore":   {only: []string{"parley"}},
	"parley/demo":                {deny: join(storage, []string{"net/http"}, cli)},
	"parley/report":              {deny: join(storage, transport, cli)},
	"parley/negotiate/traceplot": {deny: join(storage, transport, cli)},
	"parley/workspace":           {deny: join(storage, transport, cli)},
	"parley/httpapi":             {deny: join(storage, []string{"parley/web"}, cli)},
	"parley/web":                 {deny: join(storage, []string{"parley/httpapi", "parley/workspace"}, cli)},
	"parley/sqlite":              {deny: join([]string{"parley/postgres"}, transport, cli)},
	"parley/postgres":            {deny: join([]string{"parley/sqlite"}, transport, cli)},
	"parley/app":                 {deny: []string{"parley/cmd/parley", "parley/web/frontend"}},
	"parley/cmd/parley":          {},
	"parley/bench/load":          {},
	"parley/bench/merge":         {},
	"parley/bench/scale":         {deny: join(storage, transport, cli)},
	"parley/bench/elicit":        {},
	"parley/bench/mediated":      {},
	"parley/docs/schemas":        {only: []string{}},
	// Imported by tests only: no non-test file of any package may import these (checked below).
	"parley/internal/shared":     {},
	"parley/internal/anactest":   {},
	"parley/internal/deptest":    {},
	"parley/internal/funclen":    {},
	"parley/workspace/wstest":    {deny: transport},
	"parley/workspace/storetest": {deny: transport},
	"parley/postgres/pgtest":     {deny: join(transport, cli)},
	"parley/httpapi/openapitest": {deny: join(storage, []string{"parley/web"}, cli)},
	"parley/httpapi/ssetest":     {deny: join(storage, []string{"parley/web"}, cli)},
}

// testOnly are the packages that only tests may import.
var testOnly = []string{"parley/internal/shared", "parley/internal/anactest", "parley/internal/deptest", "parley/internal/funclen", "parley/workspace/wstest", "parley/workspace/storetest", "parley/postgres/pgtest", "parley/httpapi/openapitest", "parley/httpapi/ssetest"}

func TestImportRules(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	pkgs := load(t, root)
	if len(pkgs) < 10 {
		t.Fatalf("found only %d packages under %s", len(pkgs), root)
	}
	for path, imports := range pkgs {
		r, ok := rules[path]
		if !ok {
			t.Errorf("%s: no import rule; state one in its doc.go and in internal/deptest", path)
			continue
		}
		for _, imp := range imports {
			// A test-only package may build on another; nothing else may import them.
			if slices.Contains(testOnly, imp) && !slices.Contains(testOnly, path) {
				t.Errorf("%s imports %s, which only tests may import", path, imp)
			}
			if r.only != nil && !isStd(imp) && !allowed(imp, r.only) {
				t.Errorf("%s imports %s; its doc.go allows only the standard library and %v", path, imp, r.only)
			}
		}
		for _, dep := range closure(pkgs, path) {
			if slices.Contains(r.deny, dep.path) {
				t.Errorf("%s depends on %s (via %s), which its doc.go forbids", path, dep.path, dep.via)
			}
		}
	}
	for path := range rules {
		if _, ok := pkgs[path]; !ok {
			t.Errorf("rule for %s, which no longer exists", path)
		}
	}
}

func allowed(imp string, only []string) bool {
	for _, p := range only {
		if imp == p || strings.HasPrefix(imp, p+"/") && p != module {
			return true
		}
	}
	return false
}

func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return first != module && !strings.Contains(first, ".")
}

type dep struct{ path, via string }

// closure returns the module packages and standard-library packages that path imports
// directly or through module packages, each with the module package that imports it.
func closure(pkgs map[string][]string, path string) []dep {
	seen := map[string]bool{path: true}
	var out []dep
	queue := []string{path}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, imp := range pkgs[p] {
			if seen[imp] {
				continue
			}
			seen[imp] = true
			out = append(out, dep{imp, p})
			if _, ok := pkgs[imp]; ok {
				queue = append(queue, imp)
			}
		}
	}
	return out
}

// load returns the non-test imports of every package of the module under root.
func load(t *testing.T, root string) map[string][]string {
	t.Helper()
	pkgs := map[string][]string{}
	err := filepath.WalkDir(root, func(dir string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		name := d.Name()
		if dir != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "node_modules") {
			return filepath.SkipDir
		}
		pkg, err := build.ImportDir(dir, 0)
		if err != nil {
			var none *build.NoGoError
			if errors.As(err, &none) {
				return nil
			}
			return err
		}
		rel, err := filepath.Rel(root, dir)
		if err != nil {
			return err
		}
		path := module
		if rel != "." {
			path += "/" + filepath.ToSlash(rel)
		}
		pkgs[path] = pkg.Imports
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}
