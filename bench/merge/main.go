// Command merge measures parley tournament merge at scale: it runs a tournament of
// --negotiations negotiations (Boulware, Conceder, linear and tit-for-tat on the
// peace-talks example, 100 rounds) as --shards shard files in a temporary folder, then
// merges them into CSV and JSON lines and reports the merge's time, throughput, bytes
// written and peak memory: the process's peak RSS over the merge alone (reset before it
// through /proc/self/clear_refs) and the Go heap in use, sampled every 100 ms.
//
// Usage:
//
//	go run ./bench/merge [--negotiations 10000000] [--shards 100] [--dir DIR] [--keep]
//	    [--out DIR]
//
// With --out, the merged CSV and JSON lines are written into DIR (about 1 KB a
// negotiation); otherwise they are counted and discarded. The shards take about 400 bytes
// a negotiation on disk.
//
// Like every command, it may import any package of parley.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"parley/examples"
	"parley/negotiate"
	"parley/scenario"
)

func main() {
	n := flag.Int("negotiations", 10_000_000, "negotiations in the tournament")
	shards := flag.Int("shards", 100, "shard files")
	dir := flag.String("dir", "", "folder for the shards (default: a temporary folder)")
	keep := flag.Bool("keep", false, "keep the shards")
	out := flag.String("out", "", "write the merged CSV and JSON lines into this folder")
	flag.Parse()
	if err := run(*n, *shards, *dir, *keep, *out); err != nil {
		log.Fatal(err)
	}
}

type counter struct{ n atomic.Int64 }

func (c *counter) Write(p []byte) (int, error) { c.n.Add(int64(len(p))); return len(p), nil }

func run(n, shards int, dir string, keep bool, out string) error {
	t, err := tournament(n)
	if err != nil {
		return err
	}
	total, err := t.Size()
	if err != nil {
		return err
	}
	if dir == "" {
		if dir, err = os.MkdirTemp("", "parley-merge-"); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if !keep {
		defer os.RemoveAll(dir)
	}
	fmt.Printf("tournament: %d negotiations in %d shards, in %s\n", total, shards, dir)
	start := time.Now()
	files, shardBytes, err := writeShards(t, dir, shards)
	if err != nil {
		return err
	}
	fmt.Printf("shards written in %v: %.1f MB\n", time.Since(start).Round(time.Millisecond), float64(shardBytes)/1e6)

	runtime.GC()
	resetPeakRSS()
	var peakHeap atomic.Uint64
	stop := make(chan struct{})
	go sampleHeap(&peakHeap, stop)
	var csvc, jsonc counter
	csvw, jsonw, closers, err := outputs(out, &csvc, &jsonc)
	if err != nil {
		return err
	}
	start = time.Now()
	sum, _, err := negotiate.MergeShards(files, csvw, jsonw)
	for _, c := range closers {
		if cerr := c(); err == nil {
			err = cerr
		}
	}
	el := time.Since(start)
	close(stop)
	if err != nil {
		return err
	}
	fmt.Printf("merged %d negotiations in %v: %.0f negotiations/s; CSV %.1f MB, JSON lines %.1f MB\n",
		sum.Negotiations, el.Round(time.Millisecond), float64(sum.Negotiations)/el.Seconds(), float64(csvc.n.Load())/1e6, float64(jsonc.n.Load())/1e6)
	fmt.Printf("merge peak RSS %.1f MiB, peak Go heap in use %.1f MiB\n", peakRSS()/(1<<20), float64(peakHeap.Load())/(1<<20))
	return nil
}

// tournament returns the tournament of about n negotiations: Boulware, Conceder, linear and
// tit-for-tat on the peace-talks example, 100 rounds.
func tournament(n int) (*negotiate.Tournament, error) {
	data, err := examples.Get("peace-talks")
	if err != nil {
		return nil, err
	}
	s, _, err := scenario.Parse("example:peace-talks", data)
	if err != nil {
		return nil, err
	}
	d, err := negotiate.NewDomain(s, negotiate.DomainOptions{})
	if err != nil {
		return nil, err
	}
	var agents []*negotiate.AgentSpec
	for _, a := range []string{"boulware", "conceder", "linear", "tft"} {
		sp, err := negotiate.ParseAgent(a)
		if err != nil {
			return nil, err
		}
		agents = append(agents, sp)
	}
	pairs := len(agents) * (len(agents) - 1)
	return &negotiate.Tournament{
		Scenarios: []negotiate.Entry{{Name: "peace-talks", Domain: d, Metrics: &negotiate.Metrics{Pareto: [][]float64{{1, 0}, {0.6, 0.6}, {0, 1}}, Nash: [][]float64{{0.6, 0.6}}}}},
		Agents:    agents,
		Reps:      (n + pairs - 1) / pairs,
		Config:    negotiate.Config{Rounds: 100, Seed: 1},
	}, nil
}

// writeShards writes the tournament's shards into dir, except those already there, and
// returns them with their total size.
func writeShards(t *negotiate.Tournament, dir string, shards int) ([]negotiate.ShardFile, int64, error) {
	var files []negotiate.ShardFile
	var shardBytes int64
	for i := range shards {
		path := filepath.Join(dir, fmt.Sprintf("shard-%05d-of-%05d.jsonl", i, shards))
		if _, err := os.Stat(path); err != nil {
			if err := writeShard(t, path, i, shards); err != nil {
				return nil, 0, err
			}
		}
		fi, _ := os.Stat(path)
		shardBytes += fi.Size()
		files = append(files, negotiate.ShardFile{Name: path, Open: func() (io.ReadCloser, error) { return os.Open(path) }})
	}
	return files, shardBytes, nil
}

// writeShard writes shard i of shards into the file path.
func writeShard(t *negotiate.Tournament, path string, i, shards int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	if _, err := t.WriteShard(context.Background(), bw, "sha256:bench", "bench", i, shards, nil); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// sampleHeap records the Go heap in use, every 100 ms, in peak until stop is closed.
func sampleHeap(peak *atomic.Uint64, stop chan struct{}) {
	var ms runtime.MemStats
	for {
		runtime.ReadMemStats(&ms)
		if ms.HeapInuse > peak.Load() {
			peak.Store(ms.HeapInuse)
		}
		select {
		case <-stop:
			return
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// outputs returns the writers of the merged CSV and JSON lines: with out, files in that
// folder (closers flush and close them); otherwise only the counters.
func outputs(out string, csvc, jsonc *counter) (csvw, jsonw io.Writer, closers []func() error, err error) {
	csvw, jsonw = csvc, jsonc
	if out == "" {
		return csvw, jsonw, nil, nil
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, nil, nil, err
	}
	for _, o := range []struct {
		name string
		w    *io.Writer
		c    *counter
	}{{"merged.csv", &csvw, csvc}, {"merged.jsonl", &jsonw, jsonc}} {
		f, err := os.Create(filepath.Join(out, o.name))
		if err != nil {
			return nil, nil, nil, err
		}
		bw := bufio.NewWriterSize(io.MultiWriter(f, o.c), 1<<16)
		*o.w = bw
		closers = append(closers, bw.Flush, f.Close)
	}
	return csvw, jsonw, closers, nil
}

// resetPeakRSS resets the kernel's peak RSS of this process (Linux 4.0 and later).
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

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
