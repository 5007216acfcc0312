package funclen_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
)

// maxLines is the longest a function's body may be, in lines from its opening brace to its
// closing one.
const maxLines = 100

// TestFunctionLength fails for every function or method, outside tests and generated code,
// whose body is longer than maxLines: a long function is split where it helps reading.
func TestFunctionLength(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	long, n, err := longFuncs(root)
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Fatalf("read only %d files under %s", n, root)
	}
	for _, l := range long {
		t.Errorf("%s", l)
	}
	if len(long) > 0 {
		t.Logf("%d functions over %d lines; split them", len(long), maxLines)
	}
}

// longFuncs returns "file:line name length" for each function over maxLines in the
// non-test, non-generated Go files under root, and how many files it read.
func longFuncs(root string) ([]string, int, error) {
	var out []string
	n := 0
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(fset, path, src, parser.ParseComments)
		if err != nil {
			return err
		}
		if ast.IsGenerated(f) {
			return nil
		}
		n++
		rel, _ := filepath.Rel(root, path)
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			start, end := fset.Position(fn.Body.Lbrace).Line, fset.Position(fn.Body.Rbrace).Line
			if lines := end - start + 1; lines > maxLines {
				out = append(out, fmt.Sprintf("%s:%d %s %d", filepath.ToSlash(rel), fset.Position(fn.Pos()).Line, name(fn), lines))
			}
		}
		return nil
	})
	sort.Strings(out)
	return out, n, err
}

// name is fn's name, with its receiver's type for a method.
func name(fn *ast.FuncDecl) string {
	if fn.Recv == nil || len(fn.Recv.List) == 0 {
		return fn.Name.Name
	}
	t := fn.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if ix, ok := t.(*ast.IndexExpr); ok {
		t = ix.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return "(" + id.Name + ")." + fn.Name.Name
	}
	return fn.Name.Name
}
