// Command load measures the workspace API under load: authorised reads per second, stance
// writes per second and their latency percentiles, against a real server on loopback with
// SQLite (started in-process on a temporary directory unless --server is given).
//
// Usage:
//
//	go run ./bench/load [--duration 10s] [--readers 16] [--writers 16] [--synchronous FULL]
//
// The server is loaded with the peace-talks demo workspace; readers fetch the 22-point
// version as a party (filtered for that party), writers mark stances, each on its own
// point and party so every write is a real update at the current revision.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"parley"
	"parley/app"
	"parley/demo"
	"parley/httpapi"
)

func main() {
	duration := flag.Duration("duration", 10*time.Second, "length of each phase")
	readers := flag.Int("readers", 16, "concurrent readers")
	writers := flag.Int("writers", 16, "concurrent stance writers (at most 2 x the points)")
	sync := flag.String("synchronous", "FULL", "SQLite synchronous mode of the in-process server")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "load:", err)
			os.Exit(1)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	if err := run(*duration, *readers, *writers, *sync); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

type result struct {
	n    int64
	errs int64
	lat  []time.Duration
}

func (r *result) report(name string, d time.Duration) {
	sort.Slice(r.lat, func(i, j int) bool { return r.lat[i] < r.lat[j] })
	q := func(p float64) time.Duration {
		if len(r.lat) == 0 {
			return 0
		}
		return r.lat[min(len(r.lat)-1, int(p*float64(len(r.lat))))]
	}
	fmt.Printf("%-14s %8.0f/s  (%d ok, %d errors in %s)  p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms\n", name,
		float64(r.n)/d.Seconds(), r.n, r.errs, d.Round(time.Millisecond), ms(q(0.5)), ms(q(0.99)), ms(q(1)))
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func run(duration time.Duration, readers, writers int, syncMode string) error {
	dir, err := os.MkdirTemp("", "parley-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	m, err := app.Open(app.Config{Addr: "127.0.0.1:0", DataDir: dir, Synchronous: syncMode,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go m.Run(ctx)
	defer m.Close()
	res, err := demo.Load(parley.NewContextWithCaller(context.Background(), &parley.Caller{Admin: true}), m.Service)
	if err != nil {
		return err
	}
	tokens := map[string]string{}
	for _, t := range res.Tokens {
		tokens[t.MemberID] = t.Token
	}
	ws, v2 := res.Workspace.ID, res.V2
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: readers + writers + 4}}
	fmt.Printf("parley load: %d CPUs (GOMAXPROCS %d), SQLite synchronous=%s, %s per phase, server %s\n",
		runtime.NumCPU(), runtime.GOMAXPROCS(0), syncMode, duration, m.URL)

	// Reads: the 22-point version as Russia sees it (authenticated and filtered).
	url := m.URL + "/api/workspaces/" + ws + "/versions/" + v2.ID
	r := phase(readers, duration, func(i int) error {
		req, _ := http.NewRequest("GET", url, nil)
		req.Header.Set("Authorization", "Bearer "+tokens[[]string{"russia", "ukraine", "europe", "united_states"}[i%4]])
		return send(hc, req, 200)
	})
	r.report("reads", duration)

	// Stance writes: writer i owns (point, party) and tracks its revision.
	var visible []string
	for _, p := range v2.Points {
		if len(p.VisibleTo) == 0 {
			visible = append(visible, p.ID)
		}
	}
	if writers > 2*len(visible) {
		writers = 2 * len(visible)
	}
	revs := make([]int64, writers)
	// Start after the demo's stances: each writer first reads its current revision.
	stanceURL := func(i int) string {
		return m.URL + "/api/workspaces/" + ws + "/versions/" + v2.ID + "/points/" + visible[i/2] + "/stance"
	}
	party := func(i int) string { return []string{"russia", "ukraine"}[i%2] }
	for i := range revs {
		req, _ := http.NewRequest("GET", m.URL+"/api/workspaces/"+ws+"/versions/"+v2.ID+"/stances", nil)
		req.Header.Set("Authorization", "Bearer "+tokens[party(i)])
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		var sts []parley.Stance
		json.NewDecoder(resp.Body).Decode(&sts)
		resp.Body.Close()
		for _, s := range sts {
			if s.Point == visible[i/2] && s.Party == party(i) {
				revs[i] = s.Rev
			}
		}
	}
	w := phase(writers, duration, func(i int) error {
		body, _ := json.Marshal(httpapi.StancePut{Rev: revs[i], Mark: parley.MarkReserve, Comment: "load"})
		req, _ := http.NewRequest("PUT", stanceURL(i), bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tokens[party(i)])
		req.Header.Set("Content-Type", "application/json")
		if err := send(hc, req, 200); err != nil {
			return err
		}
		revs[i]++
		return nil
	})
	w.report("stance writes", duration)

	// Mixed: readers and writers at once.
	var mixedW *result
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		mixedW = phase(writers, duration, func(i int) error {
			body, _ := json.Marshal(httpapi.StancePut{Rev: revs[i], Mark: parley.MarkAccept})
			req, _ := http.NewRequest("PUT", stanceURL(i), bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+tokens[party(i)])
			if err := send(hc, req, 200); err != nil {
				return err
			}
			revs[i]++
			return nil
		})
	}()
	mr := phase(readers, duration, func(i int) error {
		req, _ := http.NewRequest("GET", url, nil)
		req.Header.Set("Authorization", "Bearer "+tokens["russia"])
		return send(hc, req, 200)
	})
	wg.Wait()
	mr.report("mixed reads", duration)
	mixedW.report("mixed writes", duration)
	return nil
}

func send(hc *http.Client, req *http.Request, want int) error {
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: status %d", req.Method, req.URL.Path, resp.StatusCode)
	}
	return nil
}

// phase runs n workers calling op in a loop for d and collects latencies.
func phase(n int, d time.Duration, op func(i int) error) *result {
	var mu sync.Mutex
	out := &result{}
	var ok, bad atomic.Int64
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			var lat []time.Duration
			for time.Now().Before(deadline) {
				t0 := time.Now()
				if err := op(i); err != nil {
					bad.Add(1)
					continue
				}
				lat = append(lat, time.Since(t0))
				ok.Add(1)
			}
			mu.Lock()
			out.lat = append(out.lat, lat...)
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	out.n, out.errs = ok.Load(), bad.Load()
	return out
}
