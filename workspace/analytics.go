package workspace

import (
	"context"
	"math"
	"sort"

	"parley"
	"parley/redline"
)

// enumLimit bounds the outcomes enumerated for one question; beyond it analytics fall
// back to bounds that need no enumeration.
const enumLimit = 1 << 20

// frontierLimit bounds the outcome spaces whose frontier is found here by enumeration.
const frontierLimit = 1 << 17

// judge is a party's compiled profile.
type judge struct {
	party   string
	profile *parley.Profile
	res     float64
	u       *parley.UtilityFunc
	lines   []*redline.RedLine
	trust   bool
}

func compileJudge(sc *parley.Scenario, pp *parley.PartyProfile) (*judge, error) {
	p := pp.Profile.Profile()
	u, err := sc.Compile(p)
	if err != nil {
		return nil, err
	}
	j := &judge{party: pp.Party, profile: p, res: p.Reservation, u: u, trust: pp.TrustMediator}
	for _, src := range p.RedLines {
		rl, err := redline.Parse(src, sc)
		if err != nil {
			return nil, err
		}
		j.lines = append(j.lines, rl)
	}
	return j, nil
}

func (j *judge) ok(o parley.Outcome) bool {
	for _, rl := range j.lines {
		if !rl.Allows(o) {
			return false
		}
	}
	return true
}

// completions calls fn with every outcome agreeing with fixed (-1 = open), or returns
// false without calling it when there are more than enumLimit.
func completions(sc *parley.Scenario, fixed []int, fn func(parley.Outcome)) bool {
	n := 1
	var open []int
	for i, k := range fixed {
		if k < 0 {
			open = append(open, i)
			n *= sc.Issues[i].Size()
			if n > enumLimit {
				return false
			}
		}
	}
	o := make(parley.Outcome, len(fixed))
	copy(o, fixed)
	for _, i := range open {
		o[i] = 0
	}
	for {
		fn(o)
		k := 0
		for ; k < len(open); k++ {
			i := open[k]
			o[i]++
			if o[i] < sc.Issues[i].Size() {
				break
			}
			o[i] = 0
		}
		if k == len(open) {
			return true
		}
	}
}

// assess evaluates a version's fixed values for one party.
func assess(sc *parley.Scenario, j *judge, fixed []int) *parley.PartyAnalytics {
	pa := &parley.PartyAnalytics{Party: j.party, Reservation: j.res, UtilityMin: math.Inf(1), UtilityMax: math.Inf(-1), Exact: true}
	for _, k := range fixed {
		pa.Exact = pa.Exact && k >= 0
	}
	respected := make([]bool, len(j.lines))
	enumerated := completions(sc, fixed, func(o parley.Outcome) {
		u := j.u.Utility(o)
		pa.UtilityMin = math.Min(pa.UtilityMin, u)
		pa.UtilityMax = math.Max(pa.UtilityMax, u)
		for k, rl := range j.lines {
			if !respected[k] && rl.Allows(o) {
				respected[k] = true
			}
		}
	})
	if !enumerated {
		// Bounds without enumeration: each open issue at its worst and best, each rectangle
		// that the fixed values leave possible at its worst and best; red lines over open
		// issues are not judged.
		lo, hi := rectBounds(j.u, fixed)
		for i, t := range j.u.Tables {
			if fixed[i] >= 0 {
				lo += t[fixed[i]]
				hi += t[fixed[i]]
				continue
			}
			mn, mx := math.Inf(1), math.Inf(-1)
			for _, x := range t {
				mn, mx = math.Min(mn, x), math.Max(mx, x)
			}
			lo, hi = lo+mn, hi+mx
		}
		pa.UtilityMin, pa.UtilityMax = parley.Clamp01(lo), parley.Clamp01(hi)
		for k, rl := range j.lines {
			respected[k] = true
			all := true
			for _, i := range rl.Issues {
				all = all && fixed[i] >= 0
			}
			if all {
				respected[k] = rl.Allows(parley.Outcome(fixed))
			}
		}
	}
	for k, rl := range j.lines {
		if !respected[k] {
			pa.Crossed = append(pa.Crossed, rl.Text)
		}
	}
	pa.RedLinesOK = len(pa.Crossed) == 0
	pa.Utility = pa.UtilityMax
	if pa.Exact {
		pa.Utility = pa.UtilityMin
	}
	pa.BeatsReservation = pa.UtilityMax >= j.res
	return pa
}

// bindings returns the value index per issue implied by the version's visible points
// (-1 when open), the outcome in words and the issues bound twice to different values.
func bindings(sc *parley.Scenario, v *parley.Version) (fixed []int, words map[string]string, conflicts []string) {
	fixed = make([]int, len(sc.Issues))
	for i := range fixed {
		fixed[i] = -1
	}
	words = map[string]string{}
	seen := map[string]bool{}
	for _, p := range v.Points {
		if p.Hidden {
			continue
		}
		ids := make([]string, 0, len(p.Bindings))
		for id := range p.Bindings {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			i := sc.Issue(id)
			if i < 0 {
				continue
			}
			k, ok := bindIndex(sc.Issues[i], p.Bindings[id])
			if !ok {
				continue
			}
			if fixed[i] >= 0 && fixed[i] != k {
				if !seen[id] {
					conflicts = append(conflicts, id)
					seen[id] = true
				}
				continue
			}
			fixed[i] = k
			words[id] = sc.Issues[i].Value(k).String()
		}
	}
	return fixed, words, conflicts
}

// Analytics implements parley.PlanService.
func (s *Service) Analytics(ctx context.Context, ws, id string) (*parley.Analytics, error) {
	var (
		w        *parley.Workspace
		c        *parley.Caller
		v        *parley.Version
		profiles = map[string]*parley.PartyProfile{}
	)
	err := s.store.Read(ctx, func(tx Tx) error {
		var err error
		if w, c, err = member(ctx, tx, ws); err != nil {
			return err
		}
		if v, err = visibleVersion(tx, ws, id, c); err != nil {
			return err
		}
		for _, p := range w.Parties() {
			if c.Role != parley.RoleMediator && c.MemberID != p.ID {
				continue
			}
			pp, err := tx.Profile(ws, p.ID)
			if err == nil {
				profiles[p.ID] = pp
			} else if parley.ErrorCode(err) != parley.ENOTFOUND {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sc := w.Scenario()
	fixed, words, conflicts := bindings(sc, v)
	a := &parley.Analytics{Version: v.ID, Outcome: words, Conflicts: conflicts}
	for i, k := range fixed {
		if k < 0 {
			a.Open = append(a.Open, sc.Issues[i].ID)
		}
	}
	judges := map[string]*judge{}
	for id, pp := range profiles {
		j, err := compileJudge(sc, pp)
		if err != nil {
			return nil, err
		}
		judges[id] = j
	}
	if j := judges[c.MemberID]; j != nil {
		a.Own = assess(sc, j, fixed)
	}
	if c.Role == parley.RoleMediator {
		a.Mediator = mediatorView(sc, w, judges, fixed)
	}
	return a, nil
}

func mediatorView(sc *parley.Scenario, w *parley.Workspace, judges map[string]*judge, fixed []int) *parley.MediatorAnalytics {
	m := &parley.MediatorAnalytics{AcceptableToAll: "yes", FrontierDistance: -1}
	exact := true
	for _, k := range fixed {
		exact = exact && k >= 0
	}
	var js []*judge
	for _, p := range w.Parties() {
		j := judges[p.ID]
		if j == nil {
			m.Missing = append(m.Missing, p.ID)
			continue
		}
		js = append(js, j)
		pa := assess(sc, j, fixed)
		if j.trust {
			m.Trusted = append(m.Trusted, pa)
		}
		fails := !pa.RedLinesOK || !pa.BeatsReservation
		if fails {
			m.Unacceptable = append(m.Unacceptable, p.ID)
		}
	}
	switch {
	case len(m.Unacceptable) > 0:
		m.AcceptableToAll = "no"
	case len(m.Missing) > 0 || !exact:
		m.AcceptableToAll = "unknown"
	}
	if len(m.Missing) > 0 || len(js) == 0 {
		return m
	}
	enumerated := exact && frontier(sc, js, parley.Outcome(fixed), m)
	profiles := map[string]*parley.Profile{}
	for _, j := range js {
		profiles[j.party] = j.profile
	}
	r, s2, err := analyse(sc, js, profiles)
	if err != nil {
		m.Zone = &parley.Zone{Note: "the zone of agreement could not be computed: " + parley.ErrorMessage(err)}
		return m
	}
	m.Zone = zone(r, s2, js)
	if exact && !enumerated {
		frontierFromAnalysis(r, sc, js, parley.Outcome(fixed), m)
	}
	return m
}

// frontier fills the distance to the Pareto frontier and the Pareto improvements of draft,
// by enumeration when the outcome space is small enough; it reports whether it was.
func frontier(sc *parley.Scenario, js []*judge, draft parley.Outcome, m *parley.MediatorAnalytics) bool {
	if n := sc.Size(); !n.IsInt64() || n.Int64() > frontierLimit {
		return false // package analysis computes the frontier of larger spaces
	}
	all := make([]int, len(sc.Issues))
	for i := range all {
		all[i] = -1
	}
	base := make([]float64, len(js))
	for k, j := range js {
		base[k] = j.u.Utility(draft)
	}
	type cand struct {
		o       parley.Outcome
		u       []float64
		changes int
		gain    float64
	}
	var front [][]float64
	var better []cand
	dominates := func(a, b []float64) bool {
		strict := false
		for k := range a {
			if a[k] < b[k]-1e-12 {
				return false
			}
			if a[k] > b[k]+1e-12 {
				strict = true
			}
		}
		return strict
	}
	ok := completions(sc, all, func(o parley.Outcome) {
		u := make([]float64, len(js))
		for k, j := range js {
			u[k] = j.u.Utility(o)
		}
		// Maintain the non-dominated set.
		keep := front[:0]
		dominated := false
		for _, f := range front {
			if dominates(f, u) || equal(f, u) {
				dominated = true
			}
			if !dominates(u, f) {
				keep = append(keep, f)
			}
		}
		front = keep
		if !dominated {
			front = append(front, u)
		}
		if dominates(u, base) {
			acceptable := true
			for k, j := range js {
				acceptable = acceptable && j.ok(o) && u[k] >= j.res
			}
			if acceptable || len(better) < 1000 {
				changes, gain := 0, 0.0
				for i := range o {
					if o[i] != draft[i] {
						changes++
					}
				}
				for k := range u {
					gain += u[k] - base[k]
				}
				better = append(better, cand{append(parley.Outcome(nil), o...), u, changes, gain})
			}
		}
	})
	if !ok {
		return false
	}
	best := math.Inf(1)
	for _, f := range front {
		d := 0.0
		for k := range f {
			d += (f[k] - base[k]) * (f[k] - base[k])
		}
		best = math.Min(best, math.Sqrt(d))
	}
	m.FrontierDistance = best
	sort.Slice(better, func(a, b int) bool {
		if better[a].changes != better[b].changes {
			return better[a].changes < better[b].changes
		}
		return better[a].gain > better[b].gain
	})
	for _, cd := range better[:min(3, len(better))] {
		im := &parley.Improvement{Changes: map[string]string{}}
		for i := range cd.o {
			if cd.o[i] != draft[i] {
				im.Changes[sc.Issues[i].ID] = sc.Issues[i].Value(cd.o[i]).String()
			}
		}
		for k, j := range js {
			if j.trust {
				if im.Gains == nil {
					im.Gains = map[string]float64{}
				}
				im.Gains[j.party] = cd.u[k] - base[k]
			}
		}
		m.Improvements = append(m.Improvements, im)
	}
	return true
}

func equal(a, b []float64) bool {
	for k := range a {
		if math.Abs(a[k]-b[k]) > 1e-12 {
			return false
		}
	}
	return true
}

// Progress implements parley.PlanService.
func (s *Service) Progress(ctx context.Context, ws string) ([]*parley.ProgressPoint, error) {
	var (
		w        *parley.Workspace
		versions []*parley.Version
		stances  = map[string][]*parley.Stance{}
		profiles = map[string]*parley.PartyProfile{}
	)
	err := s.store.Read(ctx, func(tx Tx) error {
		var c *parley.Caller
		var err error
		if w, c, err = member(ctx, tx, ws); err != nil {
			return err
		}
		if err := mediatorOnly(c); err != nil {
			return err
		}
		vs, err := tx.Versions(ws)
		if err != nil {
			return err
		}
		for _, v := range vs {
			if v.Kind == parley.KindPlan && v.Status == parley.StatusPublished {
				versions = append(versions, filterVersion(v, c.MemberID))
				if stances[v.ID], err = tx.Stances(ws, v.ID); err != nil {
					return err
				}
			}
		}
		for _, p := range w.Parties() {
			if pp, err := tx.Profile(ws, p.ID); err == nil {
				profiles[p.ID] = pp
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(versions, func(i, j int) bool { return versions[i].Number < versions[j].Number })
	sc := w.Scenario()
	parties := w.Parties()
	var js []*judge
	for _, p := range parties {
		if pp := profiles[p.ID]; pp != nil {
			if j, err := compileJudge(sc, pp); err == nil {
				js = append(js, j)
			}
		}
	}
	out := []*parley.ProgressPoint{}
	for _, v := range versions {
		pp := &parley.ProgressPoint{Version: v.ID, Number: v.Number, Points: len(v.Points)}
		if v.PublishedAt != nil {
			pp.PublishedAt = *v.PublishedAt
		}
		accepts := map[string]int{}
		for _, st := range stances[v.ID] {
			if st.Mark == parley.MarkAccept {
				accepts[st.Point]++
			}
		}
		for _, p := range v.Points {
			if accepts[p.ID] == len(parties) {
				pp.AcceptedByAll++
			}
		}
		fixed, _, _ := bindings(sc, v)
		if len(js) == len(parties) {
			g := math.Inf(1)
			for _, j := range js {
				pa := assess(sc, j, fixed)
				g = math.Min(g, pa.Utility-j.res)
			}
			pp.MinGain = &g
		}
		out = append(out, pp)
	}
	return out, nil
}

// rectBounds returns the least and the most the rectangle terms of u can add to an outcome
// that takes the fixed values (-1: open): a rectangle the fixed values exclude adds nothing,
// one they satisfy entirely adds its utility, and any other may add it or not.
func rectBounds(u *parley.UtilityFunc, fixed []int) (lo, hi float64) {
	for _, r := range u.Rects {
		possible, certain := true, true
		for k, i := range r.Issues {
			v := fixed[i]
			if v < 0 {
				certain = false
				continue
			}
			in := v >= r.Lo[k] && v <= r.Hi[k]
			if r.Allowed[k] != nil {
				in = r.Allowed[k][v]
			}
			possible = possible && in
		}
		switch {
		case !possible:
		case certain:
			lo, hi = lo+r.Utility, hi+r.Utility
		case r.Utility > 0:
			hi += r.Utility
		default:
			lo += r.Utility
		}
	}
	return lo, hi
}
