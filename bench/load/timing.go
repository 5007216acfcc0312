package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// idHeader carries the number the load generator gives each of the other members'
// requests, so that the server process's timing of a request can be joined with the
// client's.
const idHeader = "X-Load-Id"

// span is the server's side of one request: when its handler was called (its headers
// read) and when it returned (its response written to the connection's buffer), in Unix
// nanoseconds of the wall clock, which the bench's processes share.
type span struct {
	ID     int64  `json:"id,omitempty"` // the load generator's number; 0 for the flooder's
	Member string `json:"member"`
	Route  string `json:"route"`
	Status int    `json:"status"`
	Arrive int64  `json:"arrive"`
	Finish int64  `json:"finish"`
}

// timings records a span for every request a server process serves (event streams apart).
type timings struct {
	member map[string]string // bearer token -> member
	mu     sync.Mutex
	spans  []span
}

// wrap returns h timing each request.
func (t *timings) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/events") {
			h.ServeHTTP(w, r)
			return
		}
		arrive := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: 200}
		h.ServeHTTP(sw, r)
		finish := time.Now()
		id, _ := strconv.ParseInt(r.Header.Get(idHeader), 10, 64)
		route := "version"
		switch {
		case strings.HasSuffix(r.URL.Path, "/versions"):
			route = "list"
		case strings.HasSuffix(r.URL.Path, "/diff"):
			route = "diff"
		}
		s := span{ID: id, Member: t.member[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")],
			Route: route, Status: sw.status, Arrive: arrive.UnixNano(), Finish: finish.UnixNano()}
		t.mu.Lock()
		t.spans = append(t.spans, s)
		t.mu.Unlock()
	})
}

// dump writes the spans recorded since the last dump to file, one JSON object a line.
func (t *timings) dump(file string) error {
	t.mu.Lock()
	spans := t.spans
	t.spans = nil
	t.mu.Unlock()
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(f)
	for _, s := range spans {
		enc.Encode(s)
	}
	return f.Close()
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) { w.status = code; w.ResponseWriter.WriteHeader(code) }
func (w *statusWriter) Unwrap() http.ResponseWriter {
	return w.ResponseWriter
}

// call is the client's side of one of the other members' requests, in Unix nanoseconds:
// scheduled, sent (the goroutine started its request), wrote (the request written to the
// connection) and done (the response's body read).
type call struct {
	at, sent, wrote, done int64
}

// calls records the client's side of the other members' requests by number.
type calls struct {
	mu sync.Mutex
	by map[int64]call
}

func (c *calls) add(id int64, k call) {
	c.mu.Lock()
	if c.by == nil {
		c.by = map[int64]call{}
	}
	c.by[id] = k
	c.mu.Unlock()
}

// readSpans reads a file timings.dump wrote.
func readSpans(file string) ([]span, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var out []span
	dec := json.NewDecoder(strings.NewReader(string(b)))
	for dec.More() {
		var s span
		if err := dec.Decode(&s); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		out = append(out, s)
	}
	return out, nil
}

// breakdown is where the other members' latency went: each joined request's latency
// from its scheduled send split into the load generator's lag before sending (its
// goroutine's start, on the machine's busy cores), the way in (the request's write, the
// kernel, the server's reading of it), the server (its handler: queueing inside the
// server and the work), and the way out (the rest of the write, the kernel, the load
// generator's reading).
type breakdown struct {
	n      int
	server []time.Duration // handler times, sorted
	lat    []time.Duration // client latencies, sorted
	// Means over the slowest 1% by client latency: the client's lag before sending, its
	// writing of the request, the time from the request written to the handler called (the
	// kernel, the server's goroutine scheduled and reading it), the handler, and the time
	// from the handler's return to the body read (the server's flush, the kernel, the
	// client's goroutine woken and reading).
	tailLag, tailWrite, tailIn, tailSrv, tailOut, tailLat time.Duration
}

// breakdownOf joins the client's calls with the server's spans of the same numbers.
func breakdownOf(cs *calls, spans []span) *breakdown {
	type joined struct {
		c call
		s span
	}
	var js []joined
	cs.mu.Lock()
	for _, s := range spans {
		if c, ok := cs.by[s.ID]; ok && s.ID != 0 {
			js = append(js, joined{c, s})
		}
	}
	cs.mu.Unlock()
	b := &breakdown{n: len(js)}
	if len(js) == 0 {
		return b
	}
	for _, j := range js {
		b.server = append(b.server, time.Duration(j.s.Finish-j.s.Arrive))
		b.lat = append(b.lat, time.Duration(j.c.done-j.c.at))
	}
	sort.Slice(b.server, func(i, k int) bool { return b.server[i] < b.server[k] })
	sort.Slice(b.lat, func(i, k int) bool { return b.lat[i] < b.lat[k] })
	sort.Slice(js, func(i, k int) bool { return js[i].c.done-js[i].c.at > js[k].c.done-js[k].c.at })
	tail := js[:max(1, len(js)/100)]
	var sum [5]int64
	for _, j := range tail {
		for i, d := range []int64{j.c.sent - j.c.at, j.c.wrote - j.c.sent, j.s.Arrive - j.c.wrote,
			j.s.Finish - j.s.Arrive, j.c.done - j.s.Finish} {
			sum[i] += d
		}
	}
	k := int64(len(tail))
	mean := func(i int) time.Duration { return time.Duration(sum[i] / k) }
	b.tailLag, b.tailWrite, b.tailIn, b.tailSrv, b.tailOut = mean(0), mean(1), mean(2), mean(3), mean(4)
	b.tailLat = b.tailLag + b.tailWrite + b.tailIn + b.tailSrv + b.tailOut
	return b
}

func q(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	return d[min(len(d)-1, int(p*float64(len(d))))]
}

// report prints b under name.
func (b *breakdown) report(name string) {
	if b.n == 0 {
		fmt.Printf("%-14s server side: no requests joined\n", name)
		return
	}
	fmt.Printf("%-14s server side (handler): p50 %6.2f ms  p99 %6.2f ms; client side p99 %6.2f ms\n",
		name, ms(q(b.server, 0.5)), ms(q(b.server, 0.99)), ms(q(b.lat, 0.99)))
	fmt.Printf("%-14s slowest 1%% (mean %.2f ms): client lag %.2f + write %.2f, to the handler %.2f, handler %.2f, after the handler %.2f ms\n",
		"", ms(b.tailLat), ms(b.tailLag), ms(b.tailWrite), ms(b.tailIn), ms(b.tailSrv), ms(b.tailOut))
}
