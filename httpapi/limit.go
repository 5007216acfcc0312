package httpapi

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"parley"
)

// Budget is how much server time one member's requests may take: Rate seconds of it per
// second on average, and up to Burst at once. The time a request takes is charged to its
// member once it is served (a costly request is not refused for what it will cost, but it
// makes the next ones wait); a member whose budget is spent gets 429 with a Retry-After
// saying when it is refilled. A zero Rate turns the budget off.
//
// A request's server time is its wall time times its share of the cores while it ran
// (GOMAXPROCS over the requests being served, at most 1): an estimate of its CPU time, so
// that a member whose requests are slow because another floods the server is not charged
// for the flood.
type Budget struct {
	Rate  float64
	Burst time.Duration
}

// DefaultBudget lets one member use half a core on average, and 5 s of server time at
// once: far more than a person's use of the API, while a member that floods the server
// leaves the other half of a core and the other cores to the others.
var DefaultBudget = Budget{Rate: 0.5, Burst: 5 * time.Second}

// SetBudget replaces the budget of every member's token (the zero Budget turns it off),
// starting each member afresh with a full burst. It may be called while serving.
func (s *Server) SetBudget(b Budget) {
	s.budget.Store(&b)
	s.members.Range(func(k, _ any) bool { s.members.Delete(k); return true })
}

// heavyRoutes are the routes whose cost grows with the workspace (lists of every version,
// diffs, analyses): one member's run one at a time, in its lane, so that a member asking
// for many at once takes one core at most, never all of them.
var heavyRoutes = map[string]bool{
	"GET " + wsPath + "/versions":                     true,
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
	spent    *rate.Limiter // nil when the budget is off; tokens are microseconds
	budget   *Budget       // the budget spent was made for
}

func (s *Server) limitsOf(c *parley.Caller) *memberLimits {
	key := c.WorkspaceID + "/" + c.MemberID
	v, ok := s.members.Load(key)
	if !ok {
		m := &memberLimits{lane: make(chan struct{}, 1)}
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
			return nil, parley.Errorf(parley.ELIMIT, "this member's requests used more than their share of the server (%.2g s of server time a second); try again in %d s", m.budget.Rate, max(1, int(wait)))
		}
	}
	return func() { m.inFlight.Add(-1) }, nil
}

// charge runs serve, a request of caller c: in the member's lane when the route is heavy, and
// charging the time it took (after its turn came) to the member's budget.
func (s *Server) charge(ctx context.Context, c *parley.Caller, heavy bool, serve func()) {
	m := s.limitsOf(c)
	if heavy {
		select {
		case m.lane <- struct{}{}:
			defer func() { <-m.lane }()
		case <-ctx.Done():
			return // the client left while waiting for its turn
		}
	}
	k0 := s.serving.Add(1)
	if f := s.laneHook.Load(); heavy && f != nil {
		(*f)()
	}
	t0 := time.Now()
	serve()
	k := max(k0, s.serving.Load())
	s.serving.Add(-1)
	if m.spent != nil {
		share := min(1, float64(s.procs)/float64(k))
		us := int(share * float64(time.Since(t0)/time.Microsecond))
		m.spent.ReserveN(time.Now(), min(max(us, 1), m.spent.Burst()))
	}
}

// tooManyRequests is the OpenAPI response of 429: a problem of code limit, with
// Retry-After when waiting helps.
func tooManyRequests() map[string]any {
	return map[string]any{
		"description": "Too many requests (code `limit`): more than " + strconv.Itoa(MaxInFlight) + " requests at once with one member's token, " +
			"the member's budget of server time spent (see docs/api.md, Limits), or a bounded resource (event streams, drafts, versions) used up. " +
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
