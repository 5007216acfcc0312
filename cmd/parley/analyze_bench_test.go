package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"parley/internal/shared"
)

// BenchmarkAnalyzeProcess measures the whole `parley analyze --json` process, start to exit,
// as a user sees it: one b.Run per scenario. It reports the peak resident memory too.
//
//	go test ./cmd/parley -run '^$' -bench AnalyzeProcess -benchtime 20x
func BenchmarkAnalyzeProcess(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "parley")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	domains := shared.Dir(b, "domains")
	cases := []struct{ name, path string }{
		{"additive-2p-10x10", writeSynthetic(b, dir, "p2i10v10", 2, repeat(10, 10), 0)},
		{"additive-2p-10x10-reservation-0.5", writeSynthetic(b, dir, "p2i10v10r", 2, repeat(10, 10), 0.5)},
		{"additive-3p-8x7", writeSynthetic(b, dir, "p3i8v7", 3, repeat(8, 7), 0)},
		{"additive-3p-8x7-reservation-0.4", writeSynthetic(b, dir, "p3i8v7r", 3, repeat(8, 7), 0.4)},
		{"AMPOvsCity", filepath.Join(domains, "AMPOvsCity")},
		{"example-peace-talks", "example:peace-talks"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			var peak int64
			for b.Loop() {
				cmd := exec.Command(bin, "analyze", "--json", c.path)
				cmd.Stdout = nil
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("parley analyze %s: %v\n%s", c.path, err, out)
				}
				if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
					peak = max(peak, ru.Maxrss)
				}
			}
			b.ReportMetric(float64(peak)/1024, "peak-MiB")
		})
	}
}

func repeat(n, v int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = v
	}
	return s
}

// writeSynthetic writes a seeded random additive scenario with the given parties, issue
// sizes and reservation value as parley YAML.
func writeSynthetic(tb testing.TB, dir, name string, parties int, sizes []int, reservation float64) string {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, uint64(parties*100+len(sizes))))
	var b strings.Builder
	fmt.Fprintf(&b, "name: %s\nissues:\n", name)
	for i, n := range sizes {
		fmt.Fprintf(&b, "  - {id: i%d, range: {min: 1, max: %d}}\n", i, n)
	}
	b.WriteString("parties:\n")
	for p := 0; p < parties; p++ {
		fmt.Fprintf(&b, "  - id: p%d\n    profile:\n      reservation: %g\n      weights: {", p, reservation)
		for i := range sizes {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "i%d: %.6f", i, 1.0/float64(len(sizes)))
		}
		b.WriteString("}\n      values:\n")
		for i, n := range sizes {
			fmt.Fprintf(&b, "        i%d: {", i)
			for v := 1; v <= n; v++ {
				if v > 1 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "%d: %.6f", v, rng.Float64())
			}
			b.WriteString("}\n")
		}
	}
	path := filepath.Join(dir, name+".yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}
