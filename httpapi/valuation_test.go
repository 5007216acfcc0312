package httpapi_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"parley"
	"parley/examples"
	"parley/httpapi/client"
	"parley/redline"
	"parley/scenario"
	"parley/workspace"
	"parley/workspace/wstest"
)

// TestOneValuation checks the one rule across its views: for random scenarios, drafts and
// profiles, and drafts of every shipped example, a party's own analytics over the API, its
// profile preview with its saved profile, the mediator's view of the party (which shares
// its profile) and brute force over the completions of the open issues give the same range
// and the same verdict.
func TestOneValuation(t *testing.T) {
	m := startServer(t)
	rng := rand.New(rand.NewPCG(9, 9))
	for n := 0; n < 12; n++ {
		t.Run(fmt.Sprintf("random%d", n), func(t *testing.T) {
			checkViews(t, m.URL, randomWorkspace(rng), rng)
		})
	}
	for _, name := range examples.Names() {
		t.Run(name, func(t *testing.T) {
			data, err := examples.Get(name)
			if err != nil {
				t.Fatal(err)
			}
			s, _, err := scenario.Parse(name+".yaml", data)
			if err != nil {
				t.Fatal(err)
			}
			checkViews(t, m.URL, workspace.FromScenario(s), rng)
		})
	}
}

// checkViews creates the workspace, every party sharing its profile, publishes three random
// versions and compares the views of each party on each.
func checkViews(t *testing.T, url string, c *parley.WorkspaceCreate, rng *rand.Rand) {
	ctx := context.Background()
	for i := range c.Parties {
		c.Parties[i].Use = parley.UseShared
	}
	w, toks, err := client.New(url, wstest.AdminToken).CreateWorkspace(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	clients := map[string]*client.Client{}
	for _, tk := range toks {
		clients[tk.MemberID] = client.New(url, tk.Token)
	}
	var med *client.Client
	for _, p := range c.Parties {
		if p.Role == parley.RoleMediator {
			med = clients[p.ID]
		}
	}
	sc := w.Scenario()
	for k := 0; k < 3; k++ {
		var points []parley.PointInput
		for _, is := range sc.Issues {
			if rng.IntN(3) == 0 {
				continue // left open
			}
			title := "On " + is.ID
			points = append(points, parley.PointInput{Title: &title,
				Bindings: map[string]string{is.ID: is.Value(rng.IntN(is.Size())).String()}})
		}
		title := "Preamble"
		points = append(points, parley.PointInput{Title: &title})
		d, err := med.CreateDraft(ctx, w.ID, &parley.DraftCreate{Title: fmt.Sprintf("v%d", k), Points: points})
		if err != nil {
			t.Fatal(err)
		}
		v, err := med.Publish(ctx, w.ID, d.ID, d.Rev)
		if err != nil {
			t.Fatal(err)
		}
		ma, err := med.Analytics(ctx, w.ID, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range w.Parties() {
			pc := clients[p.ID]
			saved, err := pc.Profile(ctx, w.ID, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			own, err := pc.Analytics(ctx, w.ID, v.ID)
			if err != nil {
				t.Fatal(err)
			}
			preview, err := pc.Preview(ctx, w.ID, v.ID, &saved.Profile)
			if err != nil {
				t.Fatal(err)
			}
			var shared *parley.PartyAnalytics
			for _, pa := range ma.Mediator.Shared {
				if pa.Party == p.ID {
					shared = pa
				}
			}
			want := bruteForce(t, sc, saved, v)
			for view, got := range map[string]*parley.PartyAnalytics{"own analytics": own.Own, "profile preview": preview, "mediator's view": shared} {
				if got == nil {
					t.Errorf("%s, %s: no %s", v.Title, p.ID, view)
					continue
				}
				if math.Abs(got.UtilityMin-want.UtilityMin) > 1e-9 || math.Abs(got.UtilityMax-want.UtilityMax) > 1e-9 ||
					got.Exact != want.Exact || got.Verdict != want.Verdict || !slices.Equal(got.Crossed, want.Crossed) {
					t.Errorf("%s, %s, %s: %+v, brute force %+v", v.Title, p.ID, view, got, want)
				}
			}
		}
	}
}

// bruteForce values version v for the party of pp by visiting every outcome that agrees
// with v's bindings.
func bruteForce(t *testing.T, sc *parley.Scenario, pp *parley.PartyProfile, v *parley.Version) *parley.PartyAnalytics {
	t.Helper()
	fixed := make([]int, len(sc.Issues))
	for i := range fixed {
		fixed[i] = -1
	}
	for _, p := range v.Points {
		for id, val := range p.Bindings {
			i := sc.Issue(id)
			for k := 0; k < sc.Issues[i].Size(); k++ {
				if sc.Issues[i].Value(k).String() == val {
					fixed[i] = k
				}
			}
		}
	}
	prof := pp.Profile.Profile()
	u, err := sc.Compile(prof)
	if err != nil {
		t.Fatal(err)
	}
	var lines []*redline.RedLine
	for _, src := range prof.RedLines {
		rl, err := redline.Parse(src, sc)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, rl)
	}
	out := &parley.PartyAnalytics{Party: pp.Party, UtilityMin: math.Inf(1), UtilityMax: math.Inf(-1), Reservation: prof.Reservation}
	respected := make([]bool, len(lines))
	some, all := false, true
	o := make(parley.Outcome, len(sc.Issues))
	var visit func(i int)
	visit = func(i int) {
		if i == len(o) {
			x := u.Utility(o)
			out.UtilityMin, out.UtilityMax = math.Min(out.UtilityMin, x), math.Max(out.UtilityMax, x)
			ok := x >= prof.Reservation-1e-9
			for j, rl := range lines {
				if rl.Allows(o) {
					respected[j] = true
				} else {
					ok = false
				}
			}
			some, all = some || ok, all && ok
			return
		}
		if fixed[i] >= 0 {
			o[i] = fixed[i]
			visit(i + 1)
			return
		}
		for k := 0; k < sc.Issues[i].Size(); k++ {
			o[i] = k
			visit(i + 1)
		}
	}
	visit(0)
	for j, rl := range lines {
		if !respected[j] {
			out.Crossed = append(out.Crossed, rl.Text)
		}
	}
	out.Exact = out.UtilityMax-out.UtilityMin <= 1e-9
	switch {
	case all:
		out.Verdict = parley.VerdictAcceptable
	case some:
		out.Verdict = parley.VerdictPossible
	default:
		out.Verdict = parley.VerdictUnacceptable
	}
	return out
}

// randomWorkspace is a small workspace: two or three parties with random weights, values,
// reservation values, red lines and now and then a rectangle term, over two to four issues.
func randomWorkspace(rng *rand.Rand) *parley.WorkspaceCreate {
	c := &parley.WorkspaceCreate{Name: "random"}
	nIssues := 2 + rng.IntN(3)
	for i := 0; i < nIssues; i++ {
		id := fmt.Sprintf("i%d", i)
		if rng.IntN(2) == 0 {
			c.Issues = append(c.Issues, &parley.Issue{ID: id, Kind: parley.KindOptions, Options: []string{"a", "b", "c"}[:2+rng.IntN(2)], Ordered: true})
		} else {
			c.Issues = append(c.Issues, &parley.Issue{ID: id, Kind: parley.KindInteger, Min: 0, Max: float64(10 * (1 + rng.IntN(4))), Step: 10})
		}
	}
	c.Parties = append(c.Parties, parley.PartySpec{ID: "med", Role: parley.RoleMediator})
	for p := 0; p < 2+rng.IntN(2); p++ {
		spec := &parley.ProfileSpec{Issues: map[string]parley.IssuePreference{}, Reservation: float64(rng.IntN(7)) / 10}
		for _, is := range c.Issues {
			ip := parley.IssuePreference{Weight: math.Round(100*rng.Float64()/float64(nIssues)) / 100}
			if is.Kind == parley.KindOptions {
				ip.Options = map[string]float64{}
				for _, o := range is.Options {
					ip.Options[o] = float64(rng.IntN(5)) / 4
				}
			} else {
				ip.Points = [][2]float64{{is.Min, float64(rng.IntN(5)) / 4}, {is.Max, float64(rng.IntN(5)) / 4}}
			}
			spec.Issues[is.ID] = ip
		}
		for n := rng.IntN(3); n > 0; n-- {
			is := c.Issues[rng.IntN(nIssues)]
			if is.Kind == parley.KindOptions {
				spec.RedLines = append(spec.RedLines, is.ID+" != "+is.Options[rng.IntN(len(is.Options))])
			} else {
				spec.RedLines = append(spec.RedLines, fmt.Sprintf("%s <= %d", is.ID, 10*rng.IntN(int(is.Max/10)+1)))
			}
		}
		if rng.IntN(3) == 0 {
			is := c.Issues[rng.IntN(nIssues)]
			b := parley.BoundSpec{Min: is.Min, Max: is.Min + 10}
			if is.Kind == parley.KindOptions {
				b = parley.BoundSpec{Options: is.Options[:1]}
			}
			spec.Rectangles = []parley.RectangleSpec{{Utility: float64(rng.IntN(5))/10 - 0.2, Bounds: map[string]parley.BoundSpec{is.ID: b}}}
		}
		c.Parties = append(c.Parties, parley.PartySpec{ID: fmt.Sprintf("p%d", p), Role: parley.RoleParty, Profile: spec})
	}
	return c
}
