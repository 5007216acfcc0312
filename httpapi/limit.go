package httpapi

import (
	"context"
	"math"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"parley"
)

// Budget is how much server time one member's requests may take: Rate seconds of it per
// second on average, and up to Burst at once. The time a request takes is charged to its
// member once it is served (a costly request is not refused for what it will cost, but it
// makes the next ones wait); a member whose budget is spent gets 429 with a Retry-After
// saying when it is refilled. A member that has spent more than half its burst is served
// as spent until its budget is full again: one request at a time, after the others', and
// its budget refilling at 0.4 of Rate (SpentRefill). A zero Rate turns the budget off.
//
// A request's server time is its CPU time: measured on its thread for the reads served on
// their own goroutine once its member has spent half its budget, and otherwise estimated as
// the CPU time the process used while it ran, shared among the requests being served (see
// Server.measure). So a member whose requests wait because another floods the server, or
// because the machine is busy with other programs, is not charged for the wait: at most
// for a share of the CPU time used meanwhile.
type Budget struct {
	Rate  float64
	Burst time.Duration
}

// DefaultBudget lets one member use a quarter of a core on average, and 1 s of server time
// at once: more than a person's use of the API (a request is always served once admitted,
// however long it runs), while a member that floods the server leaves the other cores, and
// most of its own, to the others.
var DefaultBudget = Budget{Rate: 0.25, Burst: time.Second}

// SetBudget replaces the budget of every member's token (the zero Budget turns it off),
// starting each member afresh with a full burst. It may be called while serving.
func (s *Server) SetBudget(b Budget) {
	s.budget.Store(&b)
	s.members.Range(func(k, _ any) bool { s.members.Delete(k); return true })
}

// heavyRoutes are the routes whose cost grows with the workspace's content (diffs,
// analyses, the matrix, the audit list): one member's run one at a time, in its lane, so
// that a member asking for many at once takes one core at most, never all of them. Version
// lists are not among them: they read stored summaries, bounded by the quotas, and a
// member's page loads several at once.
var heavyRoutes = map[string]bool{
	"GET " + wsPath + "/diff":                         true,
	"GET " + wsPath + "/progress":                     true,
	"GET " + wsPath + "/versions/{version}/analytics": true,
	"POST " + wsPath + "/versions/{version}/preview":  true,
	"GET " + wsPath + "/versions/{version}/matrix":    true,
	"GET " + wsPath + "/audit":                        true,
}

// memberLimits is what one member's token is counted against.
type memberLimits struct {
	inFlight atomic.Int64
	lane     chan struct{} // one heavy request at a time
	single   chan struct{} // one request at a time, while served as spent (see spentNow)
	spent    *rate.Limiter // nil when the budget is off; tokens are microseconds
	budget   *Budget       // the budget spent was made for
	mu       sync.Mutex    // held while slow and spent's rate change together
	slow     bool          // served as spent until the budget is full again (see spentNow)
	next     time.Time     // when its next request served as spent may start (see paceAt)
}

// SpentRefill is the fraction of its Rate at which the budget of a member served as spent
// refills: a member that floods the server keeps a tenth of a core of it by default, not a
// quarter.
const SpentRefill = 0.4

// spentNow reports whether m's member is served as spent: one request at a time, giving way
// to the others', and its budget refilling at SpentRefill of its Rate. A member becomes so
// once less than half its burst is left (singleBelow), and stays so until its budget is
// full again: a member that keeps spending what is refilled never gets back the full
// Rate, nor its requests side by side. A member using the API at a person's pace never
// comes near half its burst.
func (m *memberLimits) spentNow() bool { return m.spentAt(time.Now()) }

func (m *memberLimits) spentAt(now time.Time) bool {
	if m.spent == nil {
		return false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	tokens, burst := m.spent.TokensAt(now), float64(m.spent.Burst())
	switch {
	case !m.slow && tokens < burst*singleBelow:
		m.slow = true
		m.spent.SetLimitAt(now, rate.Limit(m.budget.Rate*1e6*SpentRefill))
	case m.slow && tokens >= burst-1: // full, to the microsecond
		m.slow = false
		m.spent.SetLimitAt(now, rate.Limit(m.budget.Rate*1e6))
	}
	return m.slow
}

func (s *Server) limitsOf(c *parley.Caller) *memberLimits {
	key := c.WorkspaceID + "/" + c.MemberID
	v, ok := s.members.Load(key)
	if !ok {
		m := &memberLimits{lane: make(chan struct{}, 1), single: make(chan struct{}, 1)}
		if b := s.budget.Load(); b != nil && b.Rate > 0 {
			burst := int(b.Burst / time.Microsecond)
			m.spent = rate.NewLimiter(rate.Limit(b.Rate*1e6), burst)
			m.budget = b
		}
		v, _ = s.members.LoadOrStore(key, m)
	}
	return v.(*memberLimits)
}

// admit counts a request of caller c in flight and checks its member's budget; it returns
// the function that ends the count, or the error to answer with, having set Retry-After.
func (s *Server) admit(w http.ResponseWriter, c *parley.Caller) (func(), error) {
	m := s.limitsOf(c)
	if m.inFlight.Add(1) > MaxInFlight {
		m.inFlight.Add(-1)
		w.Header().Set("Retry-After", "1")
		return nil, parley.Errorf(parley.ELIMIT, "more than %d requests at once with one member's token; wait for the answers", MaxInFlight)
	}
	if m.spent != nil {
		now := time.Now()
		if tokens := m.spent.TokensAt(now); tokens < 1 { // less than a microsecond left
			m.inFlight.Add(-1)
			wait := math.Ceil((1 - tokens) / float64(m.spent.Limit())) // seconds until the budget is positive
			w.Header().Set("Retry-After", strconv.Itoa(max(1, int(wait))))
			return nil, parley.Errorf(parley.ELIMIT, "this member's requests used more than their share of the server (%.2g s of server time a second); try again in %d s", float64(m.spent.Limit())/1e6, max(1, int(wait)))
		}
	}
	return func() { m.inFlight.Add(-1) }, nil
}

// charge runs serve, a request of caller c: in the member's lane when the route is heavy,
// one at a time while the member is served as spent (see spentNow), and charging the time it
// took (after its turn came) to the member's budget.
//
// A member that has used much of its budget is served one request at a time: a member
// that floods the server keeps at most one of its requests running, the others waiting
// their turn (at most MaxInFlight), so the cores, and the scheduler's queues, stay free for
// the other members' requests. Its request also gives way to theirs: it starts once the
// requests being served for members within their budget have ended, and a diff waits for
// them again between its steps (each wait at most DefaultGiveWay), so that it runs on the cores
// they leave idle instead of beside them; and its requests are paced to SpentShare of a
// core (see paceAt). A member using the API at a person's pace keeps
// its budget nearly full and its requests run side by side.
func (s *Server) charge(ctx context.Context, c *parley.Caller, heavy, ownThread bool, serve func(context.Context)) {
	m := s.limitsOf(c)
	if heavy && !take(ctx, m.lane) {
		return // the client left while waiting for its turn
	}
	if heavy {
		defer func() { <-m.lane }()
	}
	spent := m.spentNow()
	if spent {
		if !take(ctx, m.single) {
			return
		}
		defer func() { <-m.single }()
		if !m.waitTurn(ctx) {
			return
		}
	}
	if f := s.turnHook.Load(); f != nil {
		(*f)()
	}
	if spent {
		// The others' requests first: this one starts once they are served, and a diff gives
		// way again between its steps.
		last := time.Now()
		giveWay := func(ctx context.Context) {
			s.others.wait(ctx, s.giveWay)
			if now := time.Now(); now.Sub(last) >= schedEvery {
				last = now
				runtime.Gosched()
			}
		}
		giveWay(ctx)
		ctx = parley.NewContextWithYield(ctx, giveWay)
	} else {
		defer s.others.enter()()
	}
	// Only a spent member's requests are measured on their thread: locking a goroutine to
	// its thread makes each of its waits hand the thread's processor to another thread and
	// back, which delays the requests beside it; a member within its budget is charged its
	// share of the process's CPU time instead, close enough while far from its limit.
	cost := s.measure(ownThread && spent, func() { serve(ctx) })
	if spent {
		m.paceAt(time.Now(), min(cost, m.budget.Burst)) // as the charge below, at most the burst
	}
	if m.spent != nil {
		us := int(cost / time.Microsecond)
		m.spent.ReserveN(time.Now(), min(max(us, 1), m.spent.Burst()))
	}
}

// measure runs serve and returns its server time. A request measured on its own thread
// (ownThread: served wholly on its goroutine, and its member's budget less than half
// full) runs locked to its thread, whose CPU time is its cost exactly, so that a member
// near its limit is never charged for another's requests running beside its own. Other
// requests are charged the CPU time the process used while they ran, shared among the
// requests being served (those on their own thread included); where CPU time cannot be
// read, their wall time times their share of the cores.
func (s *Server) measure(ownThread bool, serve func()) time.Duration {
	k0 := s.serving.Add(1) // counted either way, so that the others' shares leave its time out
	defer s.serving.Add(-1)
	if ownThread {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if t0, ok := threadCPU(); ok {
			serve()
			t1, _ := threadCPU()
			return t1 - t0
		}
	}
	t0 := time.Now()
	cpu0, haveCPU := processCPU()
	serve()
	cpu1, _ := processCPU()
	k := float64(max(k0, s.serving.Load()))
	if haveCPU {
		return time.Duration(float64(cpu1-cpu0) / k)
	}
	return time.Duration(min(1, float64(s.procs)/k) * float64(time.Since(t0)))
}

// ownThreadRoutes are the routes served wholly on the request's goroutine (reads that
// neither write nor analyse): their cost is measured on their thread once their member
// has spent half its budget.
var ownThreadRoutes = map[string]bool{
	"GET /api/me":                                   true,
	"GET " + wsPath:                                 true,
	"GET " + wsPath + "/versions":                   true,
	"GET " + wsPath + "/versions/{version}":         true,
	"GET " + wsPath + "/versions/{version}/stances": true,
	"GET " + wsPath + "/sessions":                   true,
	"GET " + wsPath + "/ratifications":              true,
	"GET " + wsPath + "/profiles/{party}":           true,
	"GET " + wsPath + "/diff":                       true,
}

// schedEvery is how often, at most, a spent member's diff lets the goroutines waiting for
// its processor run (runtime.Gosched) between its steps: often enough that none waits
// long behind it, and seldom enough that the cost is small (a request measured on its own
// thread hands the thread's processor to another thread and back at each Gosched).
const schedEvery = time.Millisecond

// singleBelow is the fraction of its burst under which a member's budget has its requests
// served one at a time.
const singleBelow = 0.5

// take waits for a place in ch; false means ctx ended first.
func take(ctx context.Context, ch chan struct{}) bool {
	select {
	case ch <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

// tooManyRequests is the OpenAPI response of 429: a problem of code limit, with
// Retry-After when waiting helps.
func tooManyRequests() map[string]any {
	return map[string]any{
		"description": "Too many requests (code `limit`): more than " + strconv.Itoa(MaxInFlight) + " requests at once with one member's token, " +
			"the member's budget of server time spent (see docs/api.md, Limits), a bounded resource (event streams, drafts, versions) used up, " +
			"or an analysis or diff that ran past the server's deadline (waiting for a slot, or computing: then it was stopped). " +
			"Retry-After, when present, says in how many seconds to try again; without it, waiting does not help.",
		"headers": map[string]any{"Retry-After": map[string]any{
			"description": "Seconds to wait before sending the request again.",
			"schema":      map[string]any{"type": "integer", "minimum": 1},
			"example":     1,
		}},
		"content": map[string]any{"application/problem+json": map[string]any{
			"schema": map[string]any{"$ref": "#/components/schemas/Problem"},
			"example": exampleJSON(Problem{Type: ProblemType("limit"), Title: "Too Many Requests", Status: 429, Code: "limit",
				Detail: "this member's requests used more than their share of the server (0.5 s of server time a second); try again in 3 s"}),
		}},
	}
}

// RefusalHold is how long a refusal for a member's limits (429) is held before it is
// written: the second its Retry-After asks for at least. A member that ignores Retry-After
// then gets one cheap answer a second per connection, instead of keeping a core busy with
// refusals that the other members' requests queue behind.
const RefusalHold = time.Second

// holdRefusal waits RefusalHold, or until the client leaves.
func holdRefusal(ctx context.Context) {
	t := time.NewTimer(RefusalHold)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
