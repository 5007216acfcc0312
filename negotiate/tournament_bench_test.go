package negotiate_test

import (
	"context"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"parley/negotiate"
)

// peakRSS returns the process's peak resident set size in bytes (Linux), or 0.
func peakRSS() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb * 1024
		}
	}
	return 0
}

// BenchmarkTournament runs tournaments of about 100,000 bilateral 100-round negotiations
// on EnglandZimbabwe over every core, writing CSV to io.Discard, and reports negotiations
// per second, the peak heap in use (sampled now and then between batches) and the
// process's peak RSS. "boulware-conceder" plays the two agents of the speed target (2
// ordered pairs); "six-agents" plays boulware, conceder, linear, hardliner, random and tft
// (30 ordered pairs); "genius-boulware-conceder" plays GENIUS's TimeDependentAgent pair
// under GENIUS rules.
func BenchmarkTournament(b *testing.B) {
	d := mustDomain(b, sharedDomain(b, "EnglandZimbabwe"))
	cases := []struct {
		name   string
		agents []string
		rules  negotiate.Rules
	}{
		{"boulware-conceder", []string{"boulware", "conceder"}, negotiate.RulesParley},
		{"six-agents", []string{"boulware", "conceder", "linear", "hardliner", "random", "tft"}, negotiate.RulesParley},
		{"genius-boulware-conceder", []string{"boulware", "conceder"}, negotiate.RulesGenius},
	}
	for _, c := range cases {
		size := 100000
		b.Run(c.name+"/"+strconv.Itoa(size), func(b *testing.B) {
			pairs := len(c.agents) * (len(c.agents) - 1)
			tn := &negotiate.Tournament{
				Scenarios: []negotiate.Entry{{Name: "EnglandZimbabwe", Domain: d, Metrics: &negotiate.Metrics{Pareto: [][]float64{{1, 0}, {0, 1}}, Nash: [][]float64{{0.5, 0.5}}}}},
				Agents:    specs(b, c.agents...),
				Reps:      (size + pairs - 1) / pairs,
				Config:    negotiate.Config{Rounds: 100, Seed: 1, Rules: c.rules},
			}
			n, _ := tn.Size()
			var peakHeap uint64
			var ms runtime.MemStats
			b.ReportAllocs()
			for b.Loop() {
				w := negotiate.NewCSVWriter(io.Discard, tn)
				_, err := tn.Run(context.Background(), w.Write, func(done, total int) {
					if done%(64*1024) < 1024 {
						runtime.ReadMemStats(&ms)
						peakHeap = max(peakHeap, ms.HeapInuse)
					}
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "negotiations/s")
			b.ReportMetric(float64(peakHeap)/(1<<20), "peak-heap-MiB")
			b.ReportMetric(peakRSS()/(1<<20), "peak-RSS-MiB")
		})
	}
}
