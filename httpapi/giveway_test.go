package httpapi_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"parley/app"
	"parley/httpapi"
)

// TestSpentGivesWay: a member that has spent half its budget has its request wait, before
// it is served, for the request being served for another member (within its budget) to
// end; with the wait bounded, it is served while the other's request still runs.
func TestSpentGivesWay(t *testing.T) {
	for _, bounded := range []bool{false, true} {
		t.Run(map[bool]string{false: "Waits", true: "Bounded"}[bounded], func(t *testing.T) {
			m := startServer(t)
			f := newFixture(t, m, false)
			path := m.URL + "/api/workspaces/" + f.ws + "/versions"
			m.API.SetBudget(httpapi.Budget{Rate: 1e-9, Burst: time.Second}) // no refill to speak of
			m.API.Spend(f.ws, "obs", 600*time.Millisecond)
			m.API.SetGiveWay(time.Hour)
			if bounded {
				m.API.SetGiveWay(time.Millisecond)
			}
			held, release, served := holdFirstServed(t, m)
			var wg sync.WaitGroup
			codes := make([]int, 2)
			wg.Go(func() { codes[0] = status(path, f.tokens["east"]) })
			<-held
			obsDone := make(chan struct{})
			wg.Go(func() { codes[1] = status(path, f.tokens["obs"]); close(obsDone) })
			if bounded {
				select {
				case <-obsDone: // served while east's request is held
				case <-time.After(10 * time.Second): // a safety net, not a timing assertion
					t.Fatal("the spent observer's request waited past its bound for east's")
				}
			} else {
				waitFor(t, func() bool { return m.API.GivingWay() == 1 }, "the observer's request giving way")
				if n := served.Load(); n != 1 {
					t.Errorf("%d requests served while east's is held, want 1 (the observer's gives way)", n)
				}
			}
			release()
			wg.Wait()
			if codes[0] != 200 || codes[1] != 200 {
				t.Errorf("statuses %v, want 200 for both", codes)
			}
			if n := served.Load(); n != 2 {
				t.Errorf("%d requests served, want 2", n)
			}
		})
	}
}

// TestWithinBudgetDoesNotGiveWay: a member within its budget is served beside another
// member's request, never waiting for it.
func TestWithinBudgetDoesNotGiveWay(t *testing.T) {
	m := startServer(t)
	f := newFixture(t, m, false)
	path := m.URL + "/api/workspaces/" + f.ws + "/versions"
	m.API.SetBudget(httpapi.Budget{Rate: 1e-9, Burst: time.Second})
	m.API.SetGiveWay(time.Hour)
	held, release, _ := holdFirstServed(t, m)
	var wg sync.WaitGroup
	wg.Go(func() { status(path, f.tokens["east"]) })
	<-held
	if got, b := do(t, "GET", path, f.tokens["obs"], ""); got != 200 {
		t.Errorf("the observer, within its budget, beside east's held request: status %d %s", got, b)
	}
	release()
	wg.Wait()
}

// holdFirstServed makes the first counted request m serves wait, once it is counted, until
// release is called (at the latest when the test ends); held is closed when it waits, and
// served counts the requests served.
func holdFirstServed(t *testing.T, m *app.Main) (held <-chan struct{}, release func(), served *atomic.Int64) {
	served = new(atomic.Int64)
	hold, h := make(chan struct{}), make(chan struct{})
	release = sync.OnceFunc(func() { close(hold) })
	t.Cleanup(release)
	m.API.SetServeHook(func() {
		if served.Add(1) == 1 {
			close(h)
			<-hold
		}
	})
	return h, release, served
}
