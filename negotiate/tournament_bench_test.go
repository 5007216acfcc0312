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

// BenchmarkTournament runs a tournament of about 100,000 bilateral 100-round negotiations
// on EnglandZimbabwe (6 agents, 30 ordered pairs, 3,334 repetitions) over every core,
// writing CSV to io.Discard, and reports negotiations per second, the peak heap in use
// (sampled after every batch) and the process's peak RSS.
func BenchmarkTournament(b *testing.B) {
	d := mustDomain(b, sharedDomain(b, "EnglandZimbabwe"))
	for _, size := range []int{100000} {
		b.Run(strconv.Itoa(size), func(b *testing.B) {
			tn := &negotiate.Tournament{
				Scenarios: []negotiate.Entry{{Name: "EnglandZimbabwe", Domain: d, Metrics: &negotiate.Metrics{Pareto: [][]float64{{1, 0}, {0, 1}}, Nash: [][]float64{{0.5, 0.5}}}}},
				Agents:    specs(b, "boulware", "conceder", "linear", "hardliner", "random", "tft"),
				Reps:      (size + 29) / 30,
				Config:    negotiate.Config{Rounds: 100, Seed: 1},
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
