package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptrace"
	"os"
	"path"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"parley"
	"parley/app"
	"parley/httpapi"
)

// flood is the phase of issue 15: the observer floods the server (event streams held
// open, drafts of 500 points up to its quotas, version lists and diffs of its largest
// versions from 32 connections at once, ignoring every 429) while the other members read;
// it prints the other members' latencies before the bloat, after it and during the flood,
// and PASS when their p99 during the flood is at most c.floodRatio times their p99 before.
//
// The other members read on an open-loop schedule (c.othersRate requests a second, the
// 22-point version and the version list in turn, as four members), latency counted from
// the scheduled send: members using the API at a person's pace, whose latency is what
// the flood must leave unchanged. (Closed-loop readers would be a flood themselves: they
// keep the CPU busy, so any work beside them shows in their latency.)
//
// With spans set (a server process of its own), each phase also prints where the others'
// latency went: the server's own timing of their requests joined with the client's (see
// breakdown), and the flooder's requests as the server saw them.
func (b *bench) flood(c config, base string, profile func() func(), spans func() []span) bool {
	cs := &calls{}
	split := func(name string) {
		if spans != nil {
			ss := spans()
			breakdownOf(cs, ss).report(name)
			reportFlooder(name, ss)
		}
	}
	split("")
	before := b.floodOthers(c, base, cs)
	fmt.Printf("flood: the other members alone (%.0f requests/s on a schedule: the 22-point version and the version list)\n", c.othersRate)
	before.report("others alone")
	split("others alone")

	f, closeFlooder, err := newAttacker(b, base, c.flooder, c.duration)
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		return false
	}
	defer closeFlooder()
	fmt.Printf("flood: the flooder runs %s\n", map[string]string{flooderNice: "in a process of its own at nice 19",
		flooderProcess: "in a process of its own", flooderInprocess: "in the load generator's process"}[c.flooder])
	f.bloat()
	split("")
	bloated := b.floodOthers(c, base, cs)
	bloated.report("others, bloat")
	split("others, bloat")
	stopProfile := profile()
	cpu0 := cpuTime()
	stop := f.start()
	during := b.floodOthers(c, base, cs)
	stop()
	stopProfile()
	fmt.Printf("flood: the load generator's process (the others' client, and the flooder inprocess) used %.2f cores during the flood\n",
		(cpuTime()-cpu0).Seconds()/c.duration.Seconds())
	after := during.since(time.Second)
	var perSecond []string
	for t := time.Duration(0); t < c.duration; t += time.Second {
		perSecond = append(perSecond, fmt.Sprintf("%.2f", ms(during.window(t, t+time.Second).quantile(0.99))))
	}
	during.report("others, flood")
	fmt.Printf("%-14s p99 by second of the flood (ms): %s\n", "", strings.Join(perSecond, " "))
	split("others, flood")
	fmt.Println("flood: the other members' latency (ms)  alone -> after the bloat, no flood -> during the flood (ratio to alone)")
	for _, q := range []float64{0.5, 0.99} {
		a, m, d := before.quantile(q), bloated.quantile(q), during.quantile(q)
		fmt.Printf("flood: p%-2.0f %7.2f -> %7.2f (x%.2f) -> %7.2f (x%.2f)\n", q*100, ms(a), ms(m), ratio(m, a), ms(d), ratio(d, a))
	}
	fmt.Printf("flood: p99 %7.2f (x%.2f) from the flood's second second on (after the burst its budget allows)\n",
		ms(after.quantile(0.99)), ratio(after.quantile(0.99), before.quantile(0.99)))
	r := ratio(during.quantile(0.99), before.quantile(0.99))
	if during.errs > 0 || r > c.floodRatio {
		fmt.Printf("FAIL: during the flood the others' p99 is x%.2f their p99 alone (at most x%.2f), %d of their requests failed\n", r, c.floodRatio, during.errs)
		return false
	}
	fmt.Printf("PASS: during the flood the others' p99 is x%.2f their p99 alone (at most x%.2f)\n", r, c.floodRatio)
	return true
}

// floodPhase runs the flood phase against a server process of its own, or with
// --flood-server inprocess against m, the capacity phases' server, with its budgets on.
func floodPhase(c config, m *app.Main, b *bench) (bool, error) {
	if c.floodServer == "inprocess" {
		m.API.SetBudget(httpapi.DefaultBudget)
		defer m.API.SetBudget(httpapi.Budget{})
		fmt.Println("flood: the server runs in the load generator's process")
		base := strings.TrimSuffix(b.url, "/versions/"+path.Base(b.url))
		return b.flood(c, base, func() func() { return startProfile(c.floodProfile) }, nil), nil
	}
	dir, err := os.MkdirTemp("", "parley-load-flood-")
	if err != nil {
		return false, err
	}
	defer os.RemoveAll(dir)
	ch, err := startChild(dir, c.sync)
	if err != nil {
		return false, err
	}
	defer ch.close()
	fmt.Printf("flood: the server runs in a process of its own (pid %d, GOMAXPROCS %d)\n", ch.cmd.Process.Pid, ch.info.Procs)
	profile := func() func() {
		cpu0 := ch.cpu()
		if c.floodProfile != "" {
			if err := ch.do("profile " + c.floodProfile); err != nil {
				fmt.Fprintln(os.Stderr, "load:", err)
			}
		}
		return func() {
			if c.floodProfile != "" {
				if err := ch.do("stop"); err != nil {
					fmt.Fprintln(os.Stderr, "load:", err)
				}
			}
			fmt.Printf("flood: the server process used %.2f cores during the flood\n", (ch.cpu()-cpu0).Seconds()/c.duration.Seconds())
		}
	}
	n := 0
	spans := func() []span {
		n++
		file := fmt.Sprintf("%s/spans%d.jsonl", dir, n)
		if err := ch.do("timings " + file); err != nil {
			fmt.Fprintln(os.Stderr, "load:", err)
			return nil
		}
		ss, err := readSpans(file)
		if err != nil {
			fmt.Fprintln(os.Stderr, "load:", err)
		}
		return ss
	}
	fb := newBench(&ch.info)
	return fb.flood(c, ch.info.URL+"/api/workspaces/"+ch.info.Workspace, profile, spans), nil
}

func ratio(x, y time.Duration) float64 { return float64(x) / float64(max(y, 1)) }

// startProfile writes a CPU profile to prefix+".cpu" and an execution trace to
// prefix+".trace" until the returned function is
// called, which also writes the allocations made meanwhile to prefix+".allocs" (compare
// with go tool pprof -sample_index=alloc_space -base). An empty prefix profiles nothing.
func startProfile(prefix string) func() {
	if prefix == "" {
		return func() {}
	}
	write := func(name string) {
		f, err := os.Create(prefix + name)
		if err != nil {
			fmt.Fprintln(os.Stderr, "load:", err)
			return
		}
		defer f.Close()
		runtime.GC()
		pprof.Lookup("allocs").WriteTo(f, 0)
	}
	write(".allocs0")
	f, err := os.Create(prefix + ".cpu")
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		return func() {}
	}
	pprof.StartCPUProfile(f)
	tf, err := os.Create(prefix + ".trace")
	if err == nil {
		trace.Start(tf)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
		if tf != nil {
			trace.Stop()
			tf.Close()
		}
		write(".allocs")
	}
}

// floodOthers measures the other members' requests, on an open-loop schedule.
// Each request carries its number (idHeader), and its times are recorded in cs.
func (b *bench) floodOthers(c config, base string, cs *calls) *result {
	return openLoopAt(c.othersRate, c.duration, 64, func(at time.Time) error {
		id := callID.Add(1)
		i := id % 4
		m := []string{"russia", "ukraine", "united_states", "russia"}[i]
		url := base + "/versions"
		if i%2 == 0 {
			url = b.url
		}
		req, _ := http.NewRequest("GET", url, nil)
		req.Header.Set("Authorization", "Bearer "+b.tokens[m])
		req.Header.Set(idHeader, strconv.FormatInt(id, 10))
		k := call{at: at.UnixNano(), sent: time.Now().UnixNano()}
		req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
			WroteRequest: func(httptrace.WroteRequestInfo) { k.wrote = time.Now().UnixNano() },
		}))
		err := b.send(req, 200)
		k.done = time.Now().UnixNano()
		cs.add(id, k)
		return err
	})
}

// callID numbers the other members' requests.
var callID atomic.Int64

// reportFlooder prints how the server served the flooder's requests among spans.
func reportFlooder(name string, spans []span) {
	var ok, limited, other int
	var dur []time.Duration
	for _, s := range spans {
		if s.Member != "europe" {
			continue
		}
		switch s.Status {
		case 200, 201:
			ok++
			dur = append(dur, time.Duration(s.Finish-s.Arrive))
		case http.StatusTooManyRequests:
			limited++
		default:
			other++
		}
	}
	if ok+limited+other == 0 {
		return
	}
	sort.Slice(dur, func(i, k int) bool { return dur[i] < dur[k] })
	fmt.Printf("%-14s the flooder: %d answered (server side p50 %.2f ms, p99 %.2f ms), %d refused (429), %d other\n",
		"", ok, ms(q(dur, 0.5)), ms(q(dur, 0.99)), limited, other)
}

// flooder is the member flooding the server.
type flooder struct {
	b         *bench
	base, tok string
	ids       []string // its published versions of 500 points
}

// patient sends one request like call, waiting out refusals for the member's budget.
func (f *flooder) patient(method, path string, body any) (int, []byte) {
	for {
		st, b, retry := f.send(method, path, body)
		if st != http.StatusTooManyRequests || retry == "" {
			return st, b
		}
		n, _ := strconv.Atoi(retry)
		time.Sleep(time.Duration(max(n, 1)) * time.Second)
	}
}

// call sends one request with the flooder's token; it returns 0 when none was answered.
func (f *flooder) call(method, path string, body any) (int, []byte) {
	st, b, _ := f.send(method, path, body)
	return st, b
}

func (f *flooder) send(method, path string, body any) (int, []byte, string) {
	var rd *bytes.Reader
	if body != nil {
		bb, _ := json.Marshal(body)
		rd = bytes.NewReader(bb)
	}
	var req *http.Request
	if rd != nil {
		req, _ = http.NewRequest(method, f.base+path, rd)
		req.Header.Set("Content-Type", "application/json")
	} else {
		req, _ = http.NewRequest(method, f.base+path, nil)
	}
	req.Header.Set("Authorization", "Bearer "+f.tok)
	resp, err := f.b.hc.Do(req)
	if err != nil {
		return 0, nil, ""
	}
	defer resp.Body.Close()
	var out bytes.Buffer
	out.ReadFrom(resp.Body)
	return resp.StatusCode, out.Bytes(), resp.Header.Get("Retry-After")
}

// bloat writes versions of 500 points up to the quotas, published two by two as rivals.
// A refusal for the member's budget (429 with Retry-After) is waited out: the flooder gets
// its versions written, as a patient attacker would.
func (f *flooder) bloat() {
	text := strings.Repeat("The parties undertake to respect the line of contact. ", 18) // ~1 KB
	points := make([]parley.PointInput, 500)
	for i := range points {
		t := fmt.Sprint(i, " ", text)
		points[i] = parley.PointInput{Text: &t}
	}
	made := 0
	for i := 0; i < 200; i++ {
		st, body := f.patient("POST", "/versions", parley.DraftCreate{Title: fmt.Sprint("bloat ", i), Points: points})
		if st != 201 {
			break
		}
		var v parley.Version
		json.Unmarshal(body, &v)
		made++
		if st, _ := f.patient("POST", "/versions/"+v.ID+"/publish", httpapi.Publish{Rev: v.Rev}); st == 200 {
			f.ids = append(f.ids, v.ID)
		}
	}
	fmt.Printf("flood: europe made %d versions of 500 points before the quota refused one\n", made)
}

// start holds event streams open and sends lists and diffs of the largest versions from
// 32 connections, each sending its next request as soon as the last is answered, 429 or
// not; it returns the function that stops the flood and prints what it got.
func (f *flooder) start() func() {
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var ok, limited, streams atomic.Int64
	var held []*http.Response
	var hmu sync.Mutex
	wg.Go(func() {
		for range 200 {
			req, _ := http.NewRequest("GET", f.base+"/events", nil)
			req.Header.Set("Authorization", "Bearer "+f.tok)
			resp, err := f.b.hc.Do(req)
			if err != nil {
				continue
			}
			if resp.StatusCode != 200 {
				resp.Body.Close()
				continue
			}
			streams.Add(1)
			hmu.Lock()
			held = append(held, resp)
			hmu.Unlock()
		}
	})
	for g := range 32 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				path := "/versions"
				if os.Getenv("FLOOD_NODIFF") == "" && g%2 == 1 && len(f.ids) >= 2 {
					path = "/diff?from=" + f.ids[(g+i)%len(f.ids)] + "&to=" + f.ids[(g+i+1)%len(f.ids)]
				}
				switch st, _ := f.call("GET", path, nil); st {
				case 200:
					ok.Add(1)
				case http.StatusTooManyRequests:
					limited.Add(1)
				}
			}
		})
	}
	return func() {
		close(stop)
		wg.Wait()
		for _, r := range held {
			r.Body.Close()
		}
		fmt.Printf("flood: europe held %d of 200 event streams; its 32 connections got %d answers and %d refusals (429)\n",
			streams.Load(), ok.Load(), limited.Load())
	}
}
