package negotiate_test

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"parley"
	"parley/negotiate"
)

// TestGeniusReplay replays negotiations measured in GENIUS 10.4 itself (testdata/genius:
// GENIUS's own TimeDependentAgent and negotiator.parties time-dependent parties, its
// SortedOutcomeSpace and DiscreteTimeline, run through its stacked alternating offers as its
// SessionManager does) and compares every action, offer by offer, and the agreement round.
func TestGeniusReplay(t *testing.T) {
	files, err := filepath.Glob("testdata/genius/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no recorded GENIUS negotiations: %v", err)
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".txt"), func(t *testing.T) {
			fact := readFact(t, f)
			s := sharedDomain(t, fact.domain)
			d := mustDomain(t, s)
			var as []negotiate.Agent
			for _, sp := range fact.agents {
				a, err := negotiate.ParseAgent(sp)
				if err != nil {
					t.Fatal(err)
				}
				as = append(as, a.NewRules(negotiate.RulesGenius))
			}
			res, err := negotiate.NewSession(d).Run(as, negotiate.Config{Rounds: fact.rounds, Rules: negotiate.RulesGenius, Trace: true})
			if err != nil {
				t.Fatal(err)
			}
			got := geniusLines(s, res)
			for i := range max(len(got), len(fact.lines)) {
				var g, w string
				if i < len(got) {
					g = got[i]
				}
				if i < len(fact.lines) {
					w = fact.lines[i]
				}
				if g != w {
					t.Fatalf("line %d: got %q, GENIUS did %q", i+1, g, w)
				}
			}
		})
	}
}

type geniusFact struct {
	domain string
	rounds int
	agents []string
	lines  []string
}

func readFact(t *testing.T, path string) geniusFact {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var fact geniusFact
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "domain: "):
			fact.domain = strings.TrimPrefix(line, "domain: ")
		case strings.HasPrefix(line, "rounds: "):
			fact.rounds, err = strconv.Atoi(strings.TrimPrefix(line, "rounds: "))
			if err != nil {
				t.Fatal(err)
			}
		case strings.HasPrefix(line, "agents: "):
			fact.agents = strings.Fields(strings.TrimPrefix(line, "agents: "))
		default:
			fact.lines = append(fact.lines, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return fact
}

// geniusLines writes a result's trace as the recordings do: "round party offer values",
// "round party accept", then "agreement round" or "deadline".
func geniusLines(s *parley.Scenario, res negotiate.Result) []string {
	var lines []string
	for _, ev := range res.Trace.Events {
		switch ev.Kind {
		case "offer":
			var vs []string
			for i, is := range s.Issues {
				vs = append(vs, is.Value(ev.Outcome[i]).String())
			}
			lines = append(lines, fmt.Sprintf("%d %d offer %s", ev.Round, ev.Party, strings.Join(vs, ",")))
		default:
			lines = append(lines, fmt.Sprintf("%d %d %s", ev.Round, ev.Party, ev.Kind))
		}
	}
	if res.Agreement != nil {
		return append(lines, fmt.Sprintf("agreement %d", res.Rounds))
	}
	return append(lines, "deadline")
}

// clockAgent records the times of its turns and always offers its best bid.
type clockAgent struct {
	s     *negotiate.Setup
	times []float64
}

func (a *clockAgent) Init(s *negotiate.Setup) error { a.s = s; return nil }
func (a *clockAgent) Act(t negotiate.Turn) negotiate.Action {
	a.times = append(a.times, t.T)
	return negotiate.Action{Kind: negotiate.Offer, Outcome: a.s.Bids.At(0)}
}
func (a *clockAgent) Receive(int, negotiate.Action) {}

// TestGeniusClock: under GENIUS rules every turn of round r of N is at r/(N+1); under
// parley's, time runs per turn from 0 to 1.
func TestGeniusClock(t *testing.T) {
	d := mustDomain(t, synthetic(t, 3, 2, 2, 3))
	for _, tt := range []struct {
		rules negotiate.Rules
		want  []float64 // party 0's times, then party 1's
	}{
		{negotiate.RulesGenius, []float64{0.25, 0.5, 0.75, 0.25, 0.5, 0.75}},
		{negotiate.RulesParley, []float64{0, 0.4, 0.8, 0.2, 0.6, 1}},
	} {
		a, b := &clockAgent{}, &clockAgent{}
		res, err := negotiate.NewSession(d).Run([]negotiate.Agent{a, b}, negotiate.Config{Rounds: 3, Rules: tt.rules})
		if err != nil {
			t.Fatal(err)
		}
		got := append(a.times, b.times...)
		if len(got) != len(tt.want) {
			t.Fatalf("%v: times %v, want %v", tt.rules, got, tt.want)
		}
		for i := range got {
			if math.Abs(got[i]-tt.want[i]) > 1e-15 {
				t.Errorf("%v: times %v, want %v", tt.rules, got, tt.want)
				break
			}
		}
		if res.Rounds != 3 || res.Agreement != nil {
			t.Errorf("%v: %d rounds, agreement %v; want 3 rounds, none", tt.rules, res.Rounds, res.Agreement)
		}
	}
}

// TestGeniusNear checks GENIUS's getBidNearUtility on its own: the nearer of the bids
// around the target, even below it; on an exact match, wherever the binary search lands in
// a run of equal utilities.
func TestGeniusNear(t *testing.T) {
	util := []float64{1, 0.8, 0.6, 0.4, 0.2}
	ties := []float64{1, 0.5, 0.5, 0.5, 0.5, 0.5, 0}
	for _, tt := range []struct {
		name string
		util []float64
		u    float64
		want int
	}{
		{"Above", util, 0.75, 1},
		{"BelowTarget", util, 0.62, 2}, // parley's rules offer 0.8, the worst bid worth 0.62
		{"Exact", util, 0.4, 3},
		{"AboveBest", util, 1.5, 0},
		{"BelowWorst", util, 0.1, 4},
		{"MidTie", ties, 0.5, 3}, // not the first of the equal bids (1)
		{"EqualDistance", []float64{1, 0.75, 0.5, 0.25}, 0.625, 1},
		{"One", []float64{0.3}, 0.9, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := negotiate.GeniusNear(tt.util, tt.u); got != tt.want {
				t.Errorf("near(%v) = %d, want %d", tt.u, got, tt.want)
			}
		})
	}
}

// TestJavaStringHash checks against values printed by Java 17's String.hashCode.
func TestJavaStringHash(t *testing.T) {
	for s, want := range map[string]int32{"": 0, "a": 97, "abc": 96354, "hello": 99162322, "Macintosh": 593603236, "été": 227742, "20'' LCD": 2045257259} {
		if got := negotiate.JavaStringHash(s); got != want {
			t.Errorf("hash(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestGeniusTies: outcomes of equal utility are ordered as Java's stable sort with
// BidDetailsSorterUtility leaves them: by BidDetails hash, then in BidIterator order.
func TestGeniusTies(t *testing.T) {
	s := &parley.Scenario{Name: "ties", Issues: []*parley.Issue{
		{ID: "x", Kind: parley.KindOptions, Options: []string{"b", "a", "c"}},
		{ID: "n", Kind: parley.KindInteger, Min: 1, Max: 2, Step: 1},
	}}
	flat := &parley.Profile{Weights: map[string]float64{"x": 1}, Values: map[string]*parley.ValueFunc{"x": {Options: map[string]float64{"a": 0.5, "b": 0.5, "c": 0.5}}}}
	s.Parties = []*parley.Party{{ID: "p", Role: parley.RoleParty, Profile: flat}, {ID: "q", Role: parley.RoleParty, Profile: flat}}
	d := mustDomain(t, s)
	os, util, err := negotiate.GeniusOrder(d, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Bid hashes: "a" 97 < "b" 98 < "c" 99 (integers hash to 0), and the BidDetails hash
	// 31*(31*(31+h)+u)+t keeps that order here; equal hashes keep BidIterator order
	// (the first issue varies fastest: n = 1 before n = 2).
	want := [][]int{{1, 0}, {1, 1}, {0, 0}, {0, 1}, {2, 0}, {2, 1}}
	if fmt.Sprint(os) != fmt.Sprint(want) {
		t.Errorf("order %v, want %v", os, want)
	}
	for _, u := range util {
		if u != 0.5 {
			t.Errorf("utility %v, want 0.5", u)
		}
	}
}

func TestGeniusRulesErrors(t *testing.T) {
	two := mustDomain(t, synthetic(t, 1, 2, 2, 3))
	three := mustDomain(t, synthetic(t, 2, 3, 2, 3))
	agents := func(rules negotiate.Rules, specs ...string) []negotiate.Agent {
		var as []negotiate.Agent
		for _, sp := range specs {
			a, err := negotiate.ParseAgent(sp)
			if err != nil {
				t.Fatal(err)
			}
			as = append(as, a.NewRules(rules))
		}
		return as
	}
	g := negotiate.RulesGenius
	for _, tt := range []struct {
		name   string
		d      *negotiate.Domain
		agents []negotiate.Agent
		cfg    negotiate.Config
		substr string
	}{
		{"ErrTimeDeadline", two, agents(g, "boulware", "linear"), negotiate.Config{Rounds: 10, Time: 1e9, Rules: g}, "in rounds"},
		{"ErrTimeDependentMultilateral", three, agents(g, "boulware", "linear", "conceder"), negotiate.Config{Rounds: 10, Rules: g}, "bilaterally"},
		{"ErrPartyUnderParleyRules", two, agents(negotiate.RulesParley, "party-boulware", "linear"), negotiate.Config{Rounds: 10}, "GENIUS rules only"},
		{"ErrUnknownRules", two, agents(g, "linear", "linear"), negotiate.Config{Rounds: 10, Rules: 7}, "unknown rules"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := negotiate.NewSession(tt.d).Run(tt.agents, tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.substr) {
				t.Errorf("got %v, want an error containing %q", err, tt.substr)
			}
		})
	}
	if _, err := negotiate.NewSession(two).RunMediated(agents(g, "linear", "linear"), negotiate.Config{Rounds: 10, Rules: g}); err == nil || !strings.Contains(err.Error(), "SAOP only") {
		t.Errorf("mediated under GENIUS rules: got %v, want an error", err)
	}
	if _, err := negotiate.ParseRules("anac"); err == nil || !strings.Contains(err.Error(), "parley, genius") {
		t.Errorf("ParseRules: got %v", err)
	}
}

// TestGeniusSession checks GENIUS's session metrics against values worked by hand.
func TestGeniusSession(t *testing.T) {
	m := &negotiate.Metrics{Pareto: [][]float64{{1, 0}, {0.6, 0.6}, {0, 1}}}
	for _, tt := range []struct {
		name                string
		u                   []float64
		agreed              bool
		res, disc           []float64
		t                   float64
		pareto, nash, wfare float64
	}{
		{"Agreed", []float64{0.6, 0.6}, true, []float64{0, 0}, []float64{1, 1}, 0.5, 0, 0, 1.2},
		{"Discounted", []float64{0.6, 0.6}, true, []float64{0, 0}, []float64{0.5, 1}, 1, 0, 0, 0.9},
		// Without agreement GENIUS measures from the point 0, not the reservation values.
		{"NoAgreement", []float64{0.2, 0.3}, false, []float64{0.2, 0.3}, []float64{1, 1}, 1, 0.6 * math.Sqrt2, 0.6 * math.Sqrt2, 0},
		{"NoAgreementDiscounted", []float64{0, 0}, false, []float64{0, 0}, []float64{0.5, 1}, 1, 0.5, math.Sqrt(0.09 + 0.36), 0},
		// The Nash point maximises the product of discounted utility minus reservation.
		{"NashAboveReservation", []float64{1, 0}, true, []float64{0.7, 0.7}, []float64{1, 1}, 0, 0, math.Sqrt(0.16 + 0.36), 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, n, w := m.GeniusSession(tt.u, tt.agreed, tt.res, tt.disc, tt.t)
			if math.Abs(p-tt.pareto) > 1e-12 || math.Abs(n-tt.nash) > 1e-12 || math.Abs(w-tt.wfare) > 1e-12 {
				t.Errorf("got Pareto %v, Nash %v, welfare %v; want %v, %v, %v", p, n, w, tt.pareto, tt.nash, tt.wfare)
			}
		})
	}
	if p, n, _ := (&negotiate.Metrics{}).GeniusSession([]float64{1, 1}, true, []float64{0, 0}, []float64{1, 1}, 0.5); !math.IsNaN(p) || !math.IsNaN(n) {
		t.Errorf("no frontier: got %v, %v; want NaN", p, n)
	}
}

func TestGeniusTournamentBilateralAgent(t *testing.T) {
	tn := &negotiate.Tournament{
		Scenarios: []negotiate.Entry{{Name: "three", Domain: mustDomain(t, synthetic(t, 8, 3, 3, 4))}},
		Agents:    specs(t, "boulware", "party-conceder"),
		Reps:      1,
		Config:    negotiate.Config{Rounds: 10, Rules: negotiate.RulesGenius},
	}
	if _, err := tn.Size(); err == nil || !strings.Contains(err.Error(), `agent "boulware" is GENIUS's TimeDependentAgent, which negotiates bilaterally, but scenario "three" has 3 parties`) {
		t.Errorf("got %v", err)
	}
	tn.Agents = specs(t, "party-boulware", "party-conceder")
	if _, err := tn.Size(); err != nil {
		t.Error(err)
	}
}
