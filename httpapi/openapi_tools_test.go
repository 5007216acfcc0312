package httpapi_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"parley/workspace/wstest"
)

// The tests below check the served document with tools nobody here wrote: Redocly CLI,
// oapi-codegen, openapi-typescript and tsc. test.sh installs them (the npm packages pinned
// in tools/api/package-lock.json, the Go modules pinned in testdata/genclient/go.sum);
// without them the tests skip, except under CI (CI set), where a missing tool is a failure.

// missing skips the test, or fails it under CI.
func missing(t *testing.T, what string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("%s; run ./test.sh, which installs it; CI requires it", what)
	}
	t.Skipf("%s; run ./test.sh, which installs it (set CI=true to make this a failure)", what)
}

// npmTool returns the path of an installed tool of tools/api.
func npmTool(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "tools", "api", "node_modules", ".bin", name))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		missing(t, name+" is not installed in tools/api/node_modules")
	}
	if _, err := exec.LookPath("node"); err != nil {
		missing(t, "node is not installed")
	}
	return p
}

// servedDocument fetches the document from a real server into dir/openapi.json.
func servedDocument(t *testing.T, dir string) (string, string) {
	t.Helper()
	m := startServer(t)
	status, b := do(t, "GET", m.URL+"/api/openapi.json", "", "")
	if status != 200 {
		t.Fatalf("GET /api/openapi.json: %d", status)
	}
	path := filepath.Join(dir, "openapi.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, m.URL
}

func run(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestOpenAPIRedocly lints the served document with Redocly CLI's recommended rules, as
// configured in redocly.yaml at the repository's root: no error and no warning.
func TestOpenAPIRedocly(t *testing.T) {
	redocly := npmTool(t, "redocly")
	dir := t.TempDir()
	doc, _ := servedDocument(t, dir)
	cfg, _ := filepath.Abs(filepath.Join("..", "redocly.yaml"))
	cmd := exec.Command(redocly, "lint", "--config", cfg, "--format", "json", doc)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true")
	out, err := cmd.Output()
	var report struct {
		Totals   struct{ Errors, Warnings, Ignored int } `json:"totals"`
		Problems []struct {
			RuleID   string `json:"ruleId"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
			Location []struct {
				Pointer string `json:"pointer"`
			} `json:"location"`
		} `json:"problems"`
	}
	if jerr := json.Unmarshal(out, &report); jerr != nil {
		t.Fatalf("redocly lint: %v (%v):\n%s", err, jerr, out)
	}
	for _, p := range report.Problems {
		where := ""
		if len(p.Location) > 0 {
			where = p.Location[0].Pointer
		}
		t.Errorf("redocly %s %s at %s: %s", p.Severity, p.RuleID, where, p.Message)
	}
	if err != nil && len(report.Problems) == 0 {
		t.Errorf("redocly lint: %v:\n%s", err, out)
	}
}

// TestGeneratedGoClient generates a Go client from the served document with oapi-codegen
// (pinned in testdata/genclient/go.mod), builds it with testdata/genclient/workflow.go and
// runs a whole negotiation with it against a real server: workspace, draft, publish,
// stances, matrix, proposal, signatures.
func TestGeneratedGoClient(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		missing(t, "the go command is not on PATH")
	}
	dir := t.TempDir()
	for _, f := range []string{"go.mod", "go.sum", "workflow.go"} {
		b, err := os.ReadFile(filepath.Join("testdata", "genclient", f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, f), b, 0o644)
	}
	// No network at test time: the modules come from the module cache, filled by test.sh.
	env := []string{"GOPROXY=off", "GOWORK=off", "GOFLAGS=-mod=readonly"}
	download := exec.Command(goBin, "mod", "download")
	download.Dir, download.Env = dir, append(os.Environ(), env...)
	if out, err := download.CombinedOutput(); err != nil {
		t.Logf("%s", out)
		missing(t, "oapi-codegen's modules are not in the module cache (cd httpapi/testdata/genclient && go mod download)")
	}
	_, url := servedDocument(t, dir)
	run(t, dir, env, goBin, "tool", "oapi-codegen", "-generate", "types,client", "-package", "main", "-o", "client.gen.go", "openapi.json")
	run(t, dir, env, goBin, "build", "-o", "genclient", ".")
	if out := run(t, dir, nil, filepath.Join(dir, "genclient"), url, wstest.AdminToken); strings.TrimSpace(out) != "agreed" {
		t.Errorf("the generated client's workflow printed %q, want agreed", out)
	}
}

// TestGeneratedTypeScript generates TypeScript types from the served document with
// openapi-typescript and compiles a use of them with tsc in strict mode.
func TestGeneratedTypeScript(t *testing.T) {
	gen, tsc := npmTool(t, "openapi-typescript"), npmTool(t, "tsc")
	dir := t.TempDir()
	servedDocument(t, dir)
	run(t, dir, nil, gen, "openapi.json", "--output", "api.d.ts")
	b, err := os.ReadFile(filepath.Join("testdata", "genclient", "use.ts"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "use.ts"), b, 0o644)
	run(t, dir, nil, tsc, "--strict", "--noEmit", "--target", "es2022", "--module", "es2022", "--moduleResolution", "bundler", "use.ts")
}
