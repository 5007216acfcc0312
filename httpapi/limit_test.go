package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"parley/httpapi"
)

// TestBudget: a member whose requests spent its budget of server time gets 429 with a
// Retry-After in whole seconds, while the other members are served (issue 15's flood).
func TestBudget(t *testing.T) {
	m := startServer(t)
	f := newFixture(t, m, false)
	path := m.URL + "/api/workspaces/" + f.ws + "/versions"
	// A budget of one microsecond, refilled over about 30 years: one request spends it.
	m.API.SetBudget(httpapi.Budget{Rate: 1e-15, Burst: time.Microsecond})
	if got, b := do(t, "GET", path, f.tokens["obs"], ""); got != 200 {
		t.Fatalf("the observer's first request: status %d %s", got, b)
	}
	req, _ := http.NewRequest("GET", path, nil)
	req.Header.Set("Authorization", "Bearer "+f.tokens["obs"])
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("the observer's request past its budget: status %d, want 429", res.StatusCode)
	}
	if n, err := strconv.Atoi(res.Header.Get("Retry-After")); err != nil || n < 1 {
		t.Errorf("Retry-After %q, want whole seconds >= 1", res.Header.Get("Retry-After"))
	}
	if got, b := do(t, "GET", path, f.tokens["east"], ""); got != 200 {
		t.Errorf("another member meanwhile: status %d %s", got, b)
	}
	m.API.SetBudget(httpapi.Budget{})
	for range 3 {
		if got, b := do(t, "GET", path, f.tokens["obs"], ""); got != 200 {
			t.Fatalf("the observer with the budget off: status %d %s", got, b)
		}
	}
}

// TestHeavyLane: one member's heavy requests (diffs, analyses, ...) run one at a time,
// while another member's run beside them.
func TestHeavyLane(t *testing.T) {
	m := startServer(t)
	f := newFixture(t, m, false)
	path := m.URL + "/api/workspaces/" + f.ws + "/diff?from=" + f.published.ID + "&to=" + f.published.ID
	var entered atomic.Int64
	hold, held := make(chan struct{}), make(chan struct{})
	m.API.SetTurnHook(func() {
		if entered.Add(1) == 1 {
			close(held)
			<-hold
		}
	})
	var wg sync.WaitGroup
	codes := make([]int, 2)
	for i := range 2 {
		if i == 1 {
			<-held // the first request has its turn and is held there
		}
		wg.Go(func() { codes[i] = status(path, f.tokens["obs"]) })
	}
	if got, _ := do(t, "GET", path, f.tokens["east"], ""); got != 200 {
		t.Errorf("another member's diff while the observer's is held: status %d", got)
	}
	// Both observer requests are admitted; only the first has had its turn.
	waitFor(t, func() bool { return m.API.InFlight(f.ws, "obs") == 2 }, "both observer requests in flight")
	if n := entered.Load(); n != 2 {
		t.Errorf("%d heavy requests had their turn, want 2 (the observer's first and east's)", n)
	}
	close(hold)
	wg.Wait()
	if codes[0] != 200 || codes[1] != 200 || entered.Load() != 3 {
		t.Errorf("after the first ended: statuses %v, %d turns", codes, entered.Load())
	}
}

// TestLeftClientFreesSlot: a heavy request waiting for its member's lane whose client
// leaves is dropped at once: it no longer counts among the member's requests in flight.
func TestLeftClientFreesSlot(t *testing.T) {
	m := startServer(t)
	f := newFixture(t, m, false)
	path := m.URL + "/api/workspaces/" + f.ws + "/diff?from=" + f.published.ID + "&to=" + f.published.ID
	hold, held := make(chan struct{}), make(chan struct{})
	var entered atomic.Int64
	m.API.SetTurnHook(func() {
		if entered.Add(1) == 1 {
			close(held)
			<-hold
		}
	})
	defer close(hold)
	go status(path, f.tokens["obs"])
	<-held
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", path, nil)
	req.Header.Set("Authorization", "Bearer "+f.tokens["obs"])
	left := make(chan struct{})
	go func() {
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
		}
		close(left)
	}()
	waitFor(t, func() bool { return m.API.InFlight(f.ws, "obs") == 2 }, "the second request in flight")
	cancel()
	<-left
	waitFor(t, func() bool { return m.API.InFlight(f.ws, "obs") == 1 }, "the request whose client left to be dropped")
	if n := entered.Load(); n != 1 {
		t.Errorf("%d heavy requests had their turn, want 1", n)
	}
}

// waitFor polls cond until it holds, failing after 10 s (a safety net, not a timing
// assertion: the condition holds at once when the code is right).
func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited 10 s for %s", what)
		}
	}
}

// status GETs url with token and returns the status (0 when no answer), for goroutines.
func status(url, token string) int {
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0
	}
	res.Body.Close()
	return res.StatusCode
}

// TestAnalysisDeadline: an analysis that runs past the server's configured deadline is
// stopped, and its client gets 429 with a problem saying so (documented in the OpenAPI
// document, as every response of these tests is checked); the member's slot is free
// again for its next analysis. (The workspace's tests hold an analysis running past its
// deadline and see it stop; here a deadline of a nanosecond has always passed.)
func TestAnalysisDeadline(t *testing.T) {
	m := startServer(t)
	f := newFixture(t, m, false)
	path := m.URL + "/api/workspaces/" + f.ws + "/versions/" + f.published.ID + "/analytics"
	m.Service.SetAnalysisDeadline(time.Nanosecond)
	got, body := do(t, "GET", path, f.tokens["east"], "")
	var p httpapi.Problem
	if err := json.Unmarshal(body, &p); err != nil || got != http.StatusTooManyRequests || p.Code != "limit" ||
		!strings.Contains(p.Detail, "1ns, the server's deadline for an analysis or a diff") {
		t.Errorf("an analysis past the deadline: status %d %s, want 429, code limit, naming the deadline", got, body)
	}
	m.Service.SetAnalysisDeadline(0)
	if got, body := do(t, "GET", path, f.tokens["east"], ""); got != 200 {
		t.Errorf("the member's next analysis, with the default deadline: status %d %s", got, body)
	}
}

// TestOneAtATimeWhenSpent: a member whose budget is less than half full has its requests
// served one at a time, the next waiting for the one served, while another member's are
// served meanwhile; with a budget more than half full, its requests run side by side.
func TestOneAtATimeWhenSpent(t *testing.T) {
	for _, spent := range []bool{true, false} {
		t.Run(map[bool]string{true: "Spent", false: "Full"}[spent], func(t *testing.T) {
			m := startServer(t)
			f := newFixture(t, m, false)
			path := m.URL + "/api/workspaces/" + f.ws + "/versions"
			// No refill to speak of: the budget stays as spent.
			m.API.SetBudget(httpapi.Budget{Rate: 1e-9, Burst: time.Second})
			if spent {
				m.API.Spend(f.ws, "obs", 600*time.Millisecond)
			}
			var entered atomic.Int64
			hold, held := make(chan struct{}), make(chan struct{})
			release := sync.OnceFunc(func() { close(hold) })
			defer release()
			m.API.SetTurnHook(func() {
				if entered.Add(1) == 1 {
					close(held)
					<-hold
				}
			})
			var wg sync.WaitGroup
			codes := make([]int, 2)
			second := make(chan struct{})
			wg.Go(func() { codes[0] = status(path, f.tokens["obs"]) })
			<-held // the observer's first request has its turn and is held there
			wg.Go(func() { codes[1] = status(path, f.tokens["obs"]); close(second) })
			if spent {
				waitFor(t, func() bool { return m.API.InFlight(f.ws, "obs") == 2 }, "both observer requests in flight")
				if got, b := do(t, "GET", path, f.tokens["east"], ""); got != 200 {
					t.Errorf("another member's request while the observer's is held: status %d %s", got, b)
				}
				if n := entered.Load(); n != 2 {
					t.Errorf("%d requests had their turn, want 2 (the observer's first and east's)", n)
				}
			} else {
				select {
				case <-second: // served while the first is held
				case <-time.After(10 * time.Second): // a safety net, not a timing assertion
					t.Fatal("the observer's second request, with its budget full, waited for the first")
				}
			}
			release()
			wg.Wait()
			if codes[0] != 200 || codes[1] != 200 {
				t.Errorf("after the first ended: statuses %v", codes)
			}
		})
	}
}

// TestChargeOwnThread: a read served on its own goroutine is charged the CPU time of its
// thread, not the CPU another goroutine burns meanwhile (another member's request, say);
// a request measured on the process is charged that CPU time.
func TestChargeOwnThread(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("a thread's CPU time is read on Linux only")
	}
	m := startServer(t)
	// burn waits while another goroutine uses 50 ms of the process's CPU time.
	burn := func() {
		done := make(chan struct{})
		go func() {
			defer close(done)
			start, _ := httpapi.ProcessCPU()
			for now, _ := httpapi.ProcessCPU(); now-start < 50*time.Millisecond; now, _ = httpapi.ProcessCPU() {
			}
		}()
		<-done
	}
	if own := m.API.Measure(true, burn); own >= 10*time.Millisecond {
		t.Errorf("a request on its own thread was charged %v of another goroutine's 50 ms", own)
	}
	if shared := m.API.Measure(false, burn); shared < 50*time.Millisecond {
		t.Errorf("a request measured on the process was charged %v, want the 50 ms used meanwhile", shared)
	}
}
