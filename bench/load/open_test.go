package main

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestOpenLoopCountsQueueingFromTheSchedule(t *testing.T) {
	// 20 calls scheduled over 20 ms against a server that does one at a time in 10 ms: the
	// last call answers at least 200 ms after the start, about 180 ms after its scheduled
	// send, though its service time is 10 ms.
	var mu sync.Mutex
	r := openLoop(1000, 20*time.Millisecond, 100, func() error {
		mu.Lock()
		defer mu.Unlock()
		time.Sleep(10 * time.Millisecond)
		return nil
	})
	if got, want := r.n, int64(20); got != want {
		t.Fatalf("calls = %d, want %d", got, want)
	}
	if got, least := r.quantile(1), 170*time.Millisecond; got < least {
		t.Errorf("max latency = %s, want at least %s (queueing behind the slow calls)", got, least)
	}
	if got, most := r.rate(), 110.0; got > most {
		t.Errorf("achieved rate = %.0f/s, want at most %.0f/s (the server does 100/s)", got, most)
	}
}

func TestOpenLoopBoundsCallsInFlight(t *testing.T) {
	var mu sync.Mutex
	now, most := 0, 0
	r := openLoop(2000, 20*time.Millisecond, 3, func() error {
		mu.Lock()
		now++
		most = max(most, now)
		mu.Unlock()
		time.Sleep(2 * time.Millisecond)
		mu.Lock()
		now--
		mu.Unlock()
		return nil
	})
	if got, want := r.n, int64(40); got != want {
		t.Fatalf("calls = %d, want %d", got, want)
	}
	if most > 3 {
		t.Errorf("%d calls ran at once, want at most 3", most)
	}
	// 40 calls, 3 at a time, 2 ms each, take at least 26 ms: the last, scheduled at 19.5 ms,
	// answers at least 6 ms late.
	if got, least := r.quantile(1), 6*time.Millisecond; got < least {
		t.Errorf("max latency = %s, want at least %s (waiting for a free call counts)", got, least)
	}
}

func TestOpenLoopCountsErrors(t *testing.T) {
	var mu sync.Mutex
	k := 0
	r := openLoop(1000, 10*time.Millisecond, 100, func() error {
		mu.Lock()
		defer mu.Unlock()
		k++
		if k%2 == 0 {
			return errors.New("refused")
		}
		return nil
	})
	if got, want := r.n+r.errs, int64(10); got != want {
		t.Fatalf("calls = %d, want %d", got, want)
	}
	if got, want := r.errs, int64(5); got != want {
		t.Errorf("errors = %d, want %d", got, want)
	}
	if got, want := len(r.lat), 5; got != want {
		t.Errorf("latencies = %d, want %d (only the successful calls)", got, want)
	}
}

func TestVerdict(t *testing.T) {
	tg := target{readRate: 2000, writeRate: 500, p99: 50 * time.Millisecond}
	// res makes a result of n calls in 10 s, one of every 100 taking slow and the rest 1 ms.
	res := func(n int, slow time.Duration, errs int64) *result {
		r := &result{n: int64(n), errs: errs, elapsed: 10 * time.Second}
		if errs > 0 {
			r.firstErr = errors.New("status 500")
		}
		for i := range n {
			d := time.Millisecond
			if i%100 == 0 {
				d = slow
			}
			r.lat = append(r.lat, d)
		}
		return r
	}
	tests := []struct {
		name          string
		reads, writes *result
		pass          bool
		why           string
	}{
		{"meets", res(20000, 40*time.Millisecond, 0), res(5000, 40*time.Millisecond, 0), true, "PASS"},
		{"slow writes", res(20000, 40*time.Millisecond, 0), res(5000, 60*time.Millisecond, 0), false, "writes p99 60.0 ms"},
		{"slow reads", res(20000, 50*time.Millisecond, 0), res(5000, time.Millisecond, 0), false, "reads p99 50.0 ms"},
		{"rate short", res(19000, time.Millisecond, 0), res(5000, time.Millisecond, 0), false, "reads reached 1900/s"},
		{"errors", res(20000, time.Millisecond, 0), res(5000, time.Millisecond, 3), false, "3 writes failed (first: status 500)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pass, why := verdict(tg, tt.reads, tt.writes)
			if pass != tt.pass || !strings.Contains(why, tt.why) {
				t.Errorf("verdict = %v %q, want %v containing %q", pass, why, tt.pass, tt.why)
			}
		})
	}
}

func TestBreakdownSplitsTheTail(t *testing.T) {
	// 100 calls of 1 ms, all in the handler, and one of 10 ms, 8 of them before the
	// handler (the server's goroutine woken late): the slowest 1% is that one.
	cs := &calls{}
	var spans []span
	for id := int64(1); id <= 101; id++ {
		at := id * 1e9
		wait, srv := int64(0), int64(1e6)
		if id == 101 {
			wait, srv = 8e6, 2e6
		}
		cs.add(id, call{at: at, sent: at, wrote: at, done: at + wait + srv})
		spans = append(spans, span{ID: id, Arrive: at + wait, Finish: at + wait + srv})
	}
	spans = append(spans, span{Member: "europe", Arrive: 1, Finish: 2}) // not one of the others'
	b := breakdownOf(cs, spans)
	if got, want := b.n, 101; got != want {
		t.Fatalf("joined %d requests, want %d", got, want)
	}
	if got, want := b.tailIn, 8*time.Millisecond; got != want {
		t.Errorf("the tail's time to the handler = %s, want %s", got, want)
	}
	if got, want := b.tailSrv, 2*time.Millisecond; got != want {
		t.Errorf("the tail's handler time = %s, want %s", got, want)
	}
	if got, want := q(b.server, 1), 2*time.Millisecond; got != want {
		t.Errorf("the slowest handler = %s, want %s", got, want)
	}
}
