package workspace

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"parley"
	"parley/analysis"
	"parley/internal/synth"
)

// largeScenario returns a seeded scenario of parties x issues option issues of values
// values, random additive profiles and a binding reservation value: its frontier has
// thousands of points.
func largeScenario(seed uint64, parties, issues, values int) *parley.Scenario {
	s := synth.Additive(rand.New(rand.NewPCG(seed, 7)), parties, synth.Sizes(issues, values), 0.3, nil)
	s.Name = "large"
	for _, p := range s.Parties {
		p.Name = p.ID
	}
	return s
}

// heapInUse returns the bytes of live heap objects after a full collection.
func heapInUse() int64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

// TestResultSizeOnSafeSide checks resultSize against the heap an analysis really holds:
// never less (the cache's bound would not hold), and not wildly more (the cache would keep
// needlessly few).
func TestResultSizeOnSafeSide(t *testing.T) {
	for _, tc := range []struct{ parties, issues, values int }{{3, 10, 6}, {4, 8, 5}, {5, 6, 5}} {
		t.Run(fmt.Sprintf("%dx%dx%d", tc.parties, tc.issues, tc.values), func(t *testing.T) {
			sc := largeScenario(1, tc.parties, tc.issues, tc.values)
			before := heapInUse()
			r, err := analysis.Analyze(sc, analysisOptions)
			if err != nil {
				t.Fatal(err)
			}
			held := heapInUse() - before
			got := resultSize(r)
			t.Logf("%d frontier points: estimate %d bytes, heap held %d", len(r.Pareto), got, held)
			if len(r.Pareto) < 500 {
				t.Fatalf("only %d frontier points: not a large analysis", len(r.Pareto))
			}
			if got < held || got > 3*held {
				t.Errorf("estimate %d bytes for %d held", got, held)
			}
			runtime.KeepAlive(r)
		})
	}
}

// TestZoneCacheBoundedByBytes fills the zone cache with large analyses of many workspaces
// and checks that the bytes it counts never pass its budget, that the least recently used
// analyses go first, that an analysis larger than the budget is served but not kept, and
// that what comes back after eviction is the same analysis.
func TestZoneCacheBoundedByBytes(t *testing.T) {
	s := &Service{}
	const n = 12
	var scs []*parley.Scenario
	var sizes []int64
	for i := range n {
		sc := largeScenario(uint64(i), 3+i%3, 6, 5)
		r, err := analysis.Analyze(sc, analysisOptions)
		if err != nil {
			t.Fatal(err)
		}
		scs, sizes = append(scs, sc), append(sizes, resultSize(r))
	}
	s.zones.limit = 3 * sizes[0]
	pps := func(i int) []*parley.PartyProfile {
		return []*parley.PartyProfile{{Party: "p0", Rev: int64(i)}}
	}
	zone := func(i int) *analysis.Result {
		t.Helper()
		r, err := s.zone(fmt.Sprint("ws", i), scs[i], pps(i))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	first := zone(0)
	for round := range 3 {
		for i := range n {
			r := zone(i)
			if got := resultSize(r); got != sizes[i] {
				t.Fatalf("round %d, workspace %d: an analysis of %d bytes, first %d", round, i, got, sizes[i])
			}
			if k, b := s.zones.kept(); b > s.zones.limit || (sizes[i] <= s.zones.limit && k == 0) {
				t.Fatalf("round %d, workspace %d: %d analyses of %d bytes kept, budget %d", round, i, k, b, s.zones.limit)
			}
			zone(0) // the most recently used: kept whatever else comes
		}
	}
	if r := zone(0); r != first {
		t.Error("the analysis used most often was dropped")
	}
	want, err := analysis.Analyze(scs[n-2], analysisOptions)
	if err != nil {
		t.Fatal(err)
	}
	got := zone(n - 2) // long dropped, analysed again
	if got.ParetoCount.Cmp(want.ParetoCount) != 0 || len(got.Nash) != len(want.Nash) || got.Nash[0].Utility[0] != want.Nash[0].Utility[0] {
		t.Errorf("after eviction: %v frontier points, Nash %v; want %v, %v", got.ParetoCount, got.Nash, want.ParetoCount, want.Nash)
	}
	s.zones.limit = sizes[1] - 1
	if r, err := s.zone("big", scs[1], pps(1)); err != nil || r == nil {
		t.Fatalf("an analysis larger than the budget: %v, %v", r, err)
	}
	if _, ok := s.zones.get("big/p0@1"); ok {
		t.Error("an analysis larger than the budget was kept")
	}
}

// TestMemSizeOnSafeSide checks memSize against the heap a mediator's analytics of a
// workspace of many issues hold (200 frontier points of 100 issues), and that the
// analytics cache keeps within its bound whatever it is given.
func TestMemSizeOnSafeSide(t *testing.T) {
	build := func(seed int) *parley.Analytics {
		z := &parley.Zone{Exists: true, Ranges: map[string]string{}, Nash: map[string]string{}}
		for p := range 200 {
			fp := parley.FrontierPoint{Outcome: map[string]string{}, Acceptable: p%2 == 0, Utility: map[string]float64{"east": 0.5, "west": 0.25}}
			for i := range 100 {
				fp.Outcome[fmt.Sprint("issue", i)] = fmt.Sprint("value", (p+i+seed)%10)
			}
			z.Frontier = append(z.Frontier, fp)
		}
		for i := range 100 {
			z.Ranges[fmt.Sprint("issue", i)] = "value1-value7"
			z.Nash[fmt.Sprint("issue", i)] = fmt.Sprint("value", i%10)
		}
		return &parley.Analytics{Version: "v1", Outcome: map[string]string{"issue0": "value1"}, Mediator: &parley.MediatorAnalytics{Zone: z, Shared: []*parley.PartyAnalytics{{Party: "east"}, {Party: "west"}}}}
	}
	before := heapInUse()
	a := build(0)
	held := heapInUse() - before
	got := memSize(a)
	t.Logf("estimate %d bytes, heap held %d", got, held)
	if got < held || got > 3*held {
		t.Errorf("estimate %d bytes for %d held", got, held)
	}
	runtime.KeepAlive(a)

	c := &analyticsCache{}
	c.lru.limit = 8 * got
	for i := range 40 {
		key := fmt.Sprint("ws\x00v", i)
		c.put(key, build(i))
		if _, b := c.lru.kept(); b > c.lru.limit {
			t.Fatalf("after %d analytics %d bytes kept, limit %d", i+1, b, c.lru.limit)
		}
		if c.get(key) == nil {
			t.Fatalf("the analytics just kept, %d, are not", i)
		}
	}
	if n, _ := c.lru.kept(); n < 4 || n > 8 {
		t.Errorf("%d analytics kept of about %d bytes each, limit %d", n, got, c.lru.limit)
	}
	if c.get("ws\x00v0") != nil {
		t.Error("the first analytics, least recently used, are still kept")
	}
}

// TestUncertainSizeOnSafeSide checks uncertainSize against the heap an uncertain analysis
// really holds, as TestResultSizeOnSafeSide does for resultSize: two parties whose weights
// are unknown (their value functions and reservation values are given).
func TestUncertainSizeOnSafeSide(t *testing.T) {
	for _, tc := range []struct{ parties, issues, values int }{{2, 5, 5}, {3, 4, 6}} {
		t.Run(fmt.Sprintf("%dx%dx%d", tc.parties, tc.issues, tc.values), func(t *testing.T) {
			sc := largeScenario(2, tc.parties, tc.issues, tc.values)
			for _, p := range sc.Parties {
				p.Profile.Partial = true
				p.Profile.Weights = nil
			}
			before := heapInUse()
			r, err := analysis.AnalyzeUncertain(sc, analysisOptions)
			if err != nil {
				t.Fatal(err)
			}
			held := heapInUse() - before
			got := uncertainSize(r)
			t.Logf("%d possible, %d listed: estimate %d bytes, heap held %d", r.PossibleCount, len(r.Possible), got, held)
			if len(r.Possible) < 100 || r.Estimate == nil {
				t.Fatalf("%d packages listed, estimate %v: not a large uncertain analysis", len(r.Possible), r.Estimate != nil)
			}
			if got < held || got > 4*held {
				t.Errorf("estimate %d bytes for %d held", got, held)
			}
			runtime.KeepAlive(r)
		})
	}
}
