package main

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
)

// openLoop calls op rate times per second for d, each call in its own goroutine at its
// scheduled time whatever the previous calls are doing, and measures each call's latency
// from its scheduled time, not from when it actually started: a server (or client) that
// falls behind shows as queueing in the latencies instead of quietly lowering the rate
// (coordinated omission). The achieved rate is the completed calls over the time from the
// start to the last completion. At most inflight calls run at once (each holds a
// connection, two file descriptors in this process); the others wait, and their wait counts.
func openLoop(rate float64, d time.Duration, inflight int, op func() error) *result {
	return openLoopAt(rate, d, inflight, func(time.Time) error { return op() })
}

// openLoopAt is openLoop calling op with each call's scheduled time.
func openLoopAt(rate float64, d time.Duration, inflight int, op func(at time.Time) error) *result {
	n := int(rate * d.Seconds())
	out := &result{lat: make([]time.Duration, 0, n)}
	sem := make(chan struct{}, inflight)
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	var last time.Time
	for k := range n {
		at := start.Add(time.Duration(float64(k) / rate * float64(time.Second)))
		if wait := time.Until(at); wait > 0 {
			time.Sleep(wait)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			err := op(at)
			<-sem
			done := time.Now()
			mu.Lock()
			defer mu.Unlock()
			if done.After(last) {
				last = done
			}
			if err != nil {
				out.errs++
				if out.firstErr == nil {
					out.firstErr = err
				}
				return
			}
			out.n++
			out.lat = append(out.lat, done.Sub(at))
			out.at = append(out.at, at.Sub(start))
		}()
	}
	wg.Wait()
	// The schedule spans d; a server that keeps up finishes just after it.
	out.elapsed = max(last.Sub(start), d)
	return out
}

// target is the speed the workspace API must reach on 2 cores: rates sustained together,
// each kind's p99 latency (from the scheduled send) under p99.
type target struct {
	readRate, writeRate float64
	p99                 time.Duration
}

// slack is how far below the target rate an achieved rate may fall and still pass: the
// schedule's last calls complete a little after it ends.
const slack = 0.02

// verdict compares open-loop results with t; it returns whether they pass and why.
func verdict(t target, reads, writes *result) (bool, string) {
	var fails []string
	check := func(kind string, r *result, rate float64) {
		if r.errs > 0 {
			fails = append(fails, fmt.Sprintf("%d %s failed (first: %v)", r.errs, kind, r.firstErr))
		}
		if got := r.rate(); got < rate*(1-slack) {
			fails = append(fails, fmt.Sprintf("%s reached %.0f/s, below %.0f/s", kind, got, rate))
		}
		if p := r.quantile(0.99); p >= t.p99 {
			fails = append(fails, fmt.Sprintf("%s p99 %.1f ms is not under %.0f ms", kind, ms(p), ms(t.p99)))
		}
	}
	check("reads", reads, t.readRate)
	check("writes", writes, t.writeRate)
	if len(fails) > 0 {
		return false, "FAIL: " + strings.Join(fails, "; ")
	}
	return true, fmt.Sprintf("PASS: %.0f reads/s and %.0f stance writes/s together, p99 %.1f ms and %.1f ms, under %.0f ms",
		reads.rate(), writes.rate(), ms(reads.quantile(0.99)), ms(writes.quantile(0.99)), ms(t.p99))
}

// result is what a phase measured.
type result struct {
	n, errs  int64
	firstErr error
	lat      []time.Duration // of the successful calls
	at       []time.Duration // open loop: when each of lat was scheduled, from the start, until lat is sorted
	elapsed  time.Duration
	sorted   bool
}

// since returns the calls of an open loop scheduled from t after its start on, as a result
// of their own; r must not have been sorted.
func (r *result) since(t time.Duration) *result { return r.window(t, math.MaxInt64) }

// window returns the calls of an open loop scheduled from t0 (included) to t1 (excluded)
// after its start, as a result of their own; r must not have been sorted.
func (r *result) window(t0, t1 time.Duration) *result {
	out := &result{}
	for i, at := range r.at {
		if at >= t0 && at < t1 {
			out.lat = append(out.lat, r.lat[i])
			out.n++
		}
	}
	return out
}

func (r *result) rate() float64 {
	if r.elapsed <= 0 {
		return 0
	}
	return float64(r.n) / r.elapsed.Seconds()
}

// quantile returns the latency below which a fraction p of the successful calls fall.
func (r *result) quantile(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	if !r.sorted {
		sort.Slice(r.lat, func(i, j int) bool { return r.lat[i] < r.lat[j] })
		r.sorted = true
	}
	return r.lat[min(len(r.lat)-1, int(p*float64(len(r.lat))))]
}

func (r *result) report(name string) {
	fmt.Printf("%-14s %8.0f/s  (%d ok, %d errors in %s)  p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms\n", name,
		r.rate(), r.n, r.errs, r.elapsed.Round(time.Millisecond), ms(r.quantile(0.5)), ms(r.quantile(0.99)), ms(r.quantile(1)))
	if r.firstErr != nil {
		fmt.Printf("%-14s first error: %v\n", "", r.firstErr)
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// cpuTime returns the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU prints the process's CPU use over a phase of n requests: server and load
// generator together, since they share the machine.
func reportCPU(cpu, elapsed time.Duration, n int64) {
	if cpu <= 0 || n <= 0 {
		return
	}
	fmt.Printf("%-14s process CPU (server and load generator) %.2f cores, %.0f µs per request\n", "",
		cpu.Seconds()/elapsed.Seconds(), float64(cpu.Microseconds())/float64(n))
}
