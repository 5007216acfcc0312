package genius

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"parley"
)

// webPlan says how each issue is written to GeniusWeb: asValues turns a number issue into
// a list of its values (as strings), for value functions numberutils cannot hold.
type webPlan struct{ asValues []bool }

// numberUtils returns the numberutils of f over is: the line from the first to the last
// value, or ok=false when f is not that line on every value of is.
func numberUtils(is *parley.Issue, f *parley.ValueFunc) (lu, hu float64, ok bool) {
	xs, ys := issueValues(is, f)
	n := len(xs)
	lu, hu = ys[0], ys[n-1]
	for k, x := range xs {
		want := lu
		if n > 1 {
			want = lu + (hu-lu)*(x-xs[0])/(xs[n-1]-xs[0])
		}
		if math.Abs(want-ys[k]) > 1e-12 || ys[k] < 0 || ys[k] > 1 {
			return 0, 0, false
		}
	}
	return lu, hu, true
}

func planWeb(s *parley.Scenario, ps []*parley.Party) (webPlan, []parley.Warning) {
	pl := webPlan{asValues: make([]bool, len(s.Issues))}
	var ws []parley.Warning
	for i, is := range s.Issues {
		if is.Kind == parley.KindOptions {
			continue
		}
		if is.Unit != "" {
			ws = append(ws, dropped("issues."+is.ID+".unit", "the unit %q", is.Unit))
		}
		for _, p := range ps {
			f := p.Profile.Values[is.ID]
			if f == nil || p.Profile.Weights[is.ID] == 0 {
				continue
			}
			if _, _, ok := numberUtils(is, f); !ok {
				pl.asValues[i] = true
				ws = append(ws, parley.Warning{Field: "issues." + is.ID,
					Message: fmt.Sprintf("written as a list of its %d values: %s's value function is not a line over the whole range, the only function GeniusWeb's numberutils hold", is.Size(), p.ID)})
				break
			}
		}
		if !pl.asValues[i] && is.Kind == parley.KindReal && is.Min == math.Trunc(is.Min) && is.Max == math.Trunc(is.Max) && is.Step == math.Trunc(is.Step) {
			ws = append(ws, parley.Warning{Field: "issues." + is.ID + ".kind",
				Message: "a real issue with whole-number bounds and step: GeniusWeb does not tell integers from reals, so it reads back as an integer issue"})
		}
	}
	return pl, ws
}

// WriteWebDir writes s as a GeniusWeb folder: a domain file named after the scenario and
// one profile per party named after its id (the profile's name is the party's name). A
// profile with rectangle terms becomes a SumOfGroupsUtilitySpace when its rectangles are
// combinations of single values over disjoint groups of issues; a reservation value
// becomes a reservationBid worth it. It returns a warning for everything GeniusWeb cannot
// hold, and fails when a profile cannot be written without changing its utilities.
func WriteWebDir(dir string, s *parley.Scenario) ([]parley.Warning, error) {
	warns := commonDrops(s, true)
	if err := checkIssues(s); err != nil {
		return warns, err
	}
	ps := exported(s)
	if len(ps) == 0 {
		return warns, parley.Errorf(parley.EINVALID, "no party with a profile: a GeniusWeb folder needs at least one profile")
	}
	pl, w := planWeb(s, ps)
	warns = append(warns, w...)
	name := s.Name
	if name == "" {
		name = "domain"
	}
	name = fileName(name)
	files, err := fileNames(name, ps, ".json")
	if err != nil {
		return warns, err
	}
	var dom strings.Builder
	writeWebDomain(&dom, s, pl, "\t")
	bodies := make([][]byte, len(ps))
	for k, p := range ps {
		var b strings.Builder
		w, err := writeWebProfile(&b, s, pl, p, dom.String())
		warns = append(warns, w...)
		if err != nil {
			return warns, err
		}
		bodies[k] = []byte(b.String())
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return warns, err
	}
	var top strings.Builder
	writeWebDomain(&top, s, pl, "")
	if err := os.WriteFile(filepath.Join(dir, name+".json"), []byte(top.String()+"\n"), 0o644); err != nil {
		return warns, err
	}
	for k := range ps {
		if err := os.WriteFile(filepath.Join(dir, files[k]), bodies[k], 0o644); err != nil {
			return warns, err
		}
	}
	return warns, nil
}

// webValue renders value k of issue i as GeniusWeb writes it.
func webValue(is *parley.Issue, asValues bool, k int) string {
	v := is.Value(k)
	if is.Kind == parley.KindOptions || asValues {
		return jsonString(v.String())
	}
	return num(v.Float())
}

func writeWebDomain(w io.Writer, s *parley.Scenario, pl webPlan, ind string) {
	fmt.Fprintf(w, "{\n%s\t\"name\": %s,\n%s\t\"issuesValues\": {\n", ind, jsonString(s.Name), ind)
	for i, is := range s.Issues {
		fmt.Fprintf(w, "%s\t\t%s: ", ind, jsonString(is.ID))
		if is.Kind == parley.KindOptions || pl.asValues[i] {
			vals := make([]string, is.Size())
			for k := range vals {
				vals[k] = webValue(is, true, k)
			}
			fmt.Fprintf(w, "{\"values\": [%s]}", strings.Join(vals, ", "))
		} else {
			fmt.Fprintf(w, "{\"range\": {\"low\": %s, \"high\": %s, \"step\": %s}}", num(is.Min), num(is.Max), num(is.Step))
		}
		fmt.Fprintln(w, comma(i, len(s.Issues)))
	}
	fmt.Fprintf(w, "%s\t}\n%s}", ind, ind)
}

func comma(i, n int) string {
	if i < n-1 {
		return ","
	}
	return ""
}

func writeWebProfile(w io.Writer, s *parley.Scenario, pl webPlan, p *parley.Party, domain string) ([]parley.Warning, error) {
	pr := p.Profile
	u, err := s.Compile(pr)
	if err != nil {
		return nil, fmt.Errorf("profile of %q: %w", p.ID, err)
	}
	var warns []parley.Warning
	if pr.Discount != 0 {
		warns = append(warns, dropped("parties."+p.ID+".discount", "the discount factor %s", num(pr.Discount)))
	}
	name := p.Name
	if name == "" {
		name = p.ID
	}
	kind := LinearAdditive
	var groups strings.Builder
	if len(pr.Rectangles) > 0 {
		kind = SumOfGroups
		if err := writeGroups(&groups, s, pl, p, u); err != nil {
			if !weighted(pr) {
				return warns, err
			}
			// Keep the additive part: the rectangles go, each with a warning.
			why := err.Error()
			var pe *parley.Error
			if errors.As(err, &pe) {
				why = pe.Message
			}
			var w []parley.Warning
			pr, w = dropRects(s, p, why)
			warns = append(warns, w...)
			if u, err = s.Compile(pr); err != nil {
				return warns, err
			}
			kind = LinearAdditive
		}
	}
	fmt.Fprintf(w, "{\n\t%s: {\n\t\t\"name\": %s,\n", jsonString(kind), jsonString(name))
	if kind == LinearAdditive {
		writeLinearAdditive(w, s, pl, pr)
	} else {
		fmt.Fprint(w, groups.String())
	}
	fmt.Fprintf(w, "\t\t\"domain\": %s", domain)
	if pr.Reservation > 0 {
		bid, got, ok := reservationBid(s, u, pr.Reservation)
		if !ok {
			warns = append(warns, parley.Warning{Field: "parties." + p.ID + ".reservation",
				Message: fmt.Sprintf("reservation value %s written as the best reservationBid found, worth %s: no bid is worth as much, so the acceptable outcomes change (GeniusWeb stores a reservation as a bid)", num(pr.Reservation), num(got))})
		}
		var kv []string
		for i, k := range bid {
			if k >= 0 {
				kv = append(kv, fmt.Sprintf("%s: %s", jsonString(s.Issues[i].ID), webValue(s.Issues[i], pl.asValues[i], k)))
			}
		}
		fmt.Fprintf(w, ",\n\t\t\"reservationBid\": {\"issuevalues\": {%s}}", strings.Join(kv, ", "))
	}
	fmt.Fprint(w, "\n\t}\n}\n")
	return warns, nil
}

func writeLinearAdditive(w io.Writer, s *parley.Scenario, pl webPlan, pr *parley.Profile) {
	fmt.Fprintln(w, "\t\t\"issueUtilities\": {")
	for i, is := range s.Issues {
		f := pr.Values[is.ID]
		if f == nil {
			f = &parley.ValueFunc{}
		}
		fmt.Fprintf(w, "\t\t\t%s: ", jsonString(is.ID))
		if is.Kind == parley.KindOptions || pl.asValues[i] {
			kv := make([]string, is.Size())
			for k := range kv {
				kv[k] = fmt.Sprintf("%s: %s", webValue(is, true, k), num(f.Eval(is.Value(k))))
			}
			fmt.Fprintf(w, "{\"discreteutils\": {\"valueUtilities\": {%s}}}", strings.Join(kv, ", "))
		} else {
			lu, hu, ok := numberUtils(is, f)
			if !ok { // weight 0: the function does not matter
				lu, hu = 0, 0
			}
			fmt.Fprintf(w, "{\"numberutils\": {\"lowValue\": %s, \"lowUtility\": %s, \"highValue\": %s, \"highUtility\": %s}}", num(is.Min), num(lu), num(is.Max), num(hu))
		}
		fmt.Fprintln(w, comma(i, len(s.Issues)))
	}
	fmt.Fprintln(w, "\t\t},")
	fmt.Fprintln(w, "\t\t\"issueWeights\": {")
	for i, is := range s.Issues {
		fmt.Fprintf(w, "\t\t\t%s: %s%s\n", jsonString(is.ID), num(pr.Weights[is.ID]), comma(i, len(s.Issues)))
	}
	fmt.Fprintln(w, "\t\t},")
}

// writeGroups writes a profile with rectangles as a SumOfGroupsUtilitySpace: one group per
// set of issues the rectangles bound (the sets must be disjoint, and each bound a single
// value), plus a one-issue group for every weighted issue.
func writeGroups(w io.Writer, s *parley.Scenario, pl webPlan, p *parley.Party, u *parley.UtilityFunc) error {
	field := "parties." + p.ID + ".rectangles"
	type group struct {
		issues []int
		utils  map[string]float64 // by the combination's values, rendered
		order  []string
	}
	var groups []*group
	byKey := map[string]*group{}
	owner := map[int]*group{}
	for ri, r := range u.Rects {
		idx := append([]int(nil), r.Issues...)
		vals := make(map[int]int, len(idx))
		for j, i := range r.Issues {
			lo, hi := r.Lo[j], r.Hi[j]
			if a := r.Allowed[j]; a != nil {
				lo, hi = -1, -1
				for k, ok := range a {
					if ok {
						if lo >= 0 {
							return parley.FieldErrorf(fmt.Sprintf("%s[%d]", field, ri), "bounds issue %q to several values; GeniusWeb groups hold combinations of single values", s.Issues[i].ID)
						}
						lo, hi = k, k
					}
				}
			}
			if lo != hi || lo < 0 {
				return parley.FieldErrorf(fmt.Sprintf("%s[%d]", field, ri), "bounds issue %q to a range; GeniusWeb groups hold combinations of single values", s.Issues[i].ID)
			}
			vals[i] = lo
		}
		sort.Ints(idx)
		key := fmt.Sprint(idx)
		g := byKey[key]
		if g == nil {
			g = &group{issues: idx, utils: map[string]float64{}}
			for _, i := range idx {
				if owner[i] != nil {
					return parley.FieldErrorf(fmt.Sprintf("%s[%d]", field, ri), "issue %q is in two groups of rectangles; GeniusWeb groups must not share issues", s.Issues[i].ID)
				}
				owner[i] = g
			}
			byKey[key] = g
			groups = append(groups, g)
		}
		parts := make([]string, len(idx))
		for m, i := range idx {
			parts[m] = webValue(s.Issues[i], pl.asValues[i], vals[i])
		}
		c := strings.Join(parts, ", ")
		if _, ok := g.utils[c]; !ok {
			g.order = append(g.order, c)
		}
		g.utils[c] += r.Utility
	}
	for i, t := range u.Tables {
		nonzero := false
		for _, x := range t {
			nonzero = nonzero || x != 0
		}
		if !nonzero {
			continue
		}
		if owner[i] != nil {
			return parley.FieldErrorf(field, "issue %q is both weighted and in a group of rectangles; GeniusWeb cannot hold that", s.Issues[i].ID)
		}
		g := &group{issues: []int{i}, utils: map[string]float64{}}
		for k, x := range t {
			c := webValue(s.Issues[i], pl.asValues[i], k)
			g.order = append(g.order, c)
			g.utils[c] = x
		}
		groups = append(groups, g)
	}
	fmt.Fprintln(w, "\t\t\"partUtilities\": {")
	for gi, g := range groups {
		ids := make([]string, len(g.issues))
		for m, i := range g.issues {
			ids[m] = jsonString(s.Issues[i].ID)
		}
		fmt.Fprintf(w, "\t\t\t%s: {\"partsutils\": {\"issues\": [%s], \"utilslist\": [", jsonString(fmt.Sprintf("group%d", gi+1)), strings.Join(ids, ", "))
		for ci, c := range g.order {
			x := g.utils[c]
			if x < 0 || x > 1 {
				return parley.FieldErrorf(field, "combination [%s] is worth %s; GeniusWeb group utilities lie in [0, 1]", c, num(x))
			}
			fmt.Fprintf(w, "\n\t\t\t\t{\"values\": [%s], \"util\": %s}%s", c, num(x), comma(ci, len(g.order)))
		}
		fmt.Fprintf(w, "]}}%s\n", comma(gi, len(groups)))
	}
	fmt.Fprintln(w, "\t\t},")
	return nil
}

// reservationBid searches for the least (possibly partial) bid worth at least r, issues
// left out counting 0. Read back, its utility is the reservation value, and no outcome
// worth at least r is worth less than it, so the acceptable outcomes stay the same
// (GeniusWeb's "closest bid" could fall just below r and let one more outcome in). It
// returns the bid (-1 for a left-out issue), its utility and true; when no bid is worth r,
// or a large space's bounded search finds none, the best bid found and false. The search
// is exhaustive for small spaces and bounded for large ones.
func reservationBid(s *parley.Scenario, u *parley.UtilityFunc, r float64) ([]int, float64, bool) {
	n := len(s.Issues)
	bid := make([]int, n)
	best := make([]int, n)
	bestU := math.Inf(1) // the least utility found at least r
	top := make([]int, n)
	topU := math.Inf(-1) // the best utility found, for when none reaches r
	additive := u.Additive()
	rest := make([]float64, n+1) // the most the issues from i on can add
	for i := n - 1; i >= 0; i-- {
		m := 0.0
		for _, x := range u.Tables[i] {
			m = math.Max(m, x)
		}
		rest[i] = rest[i+1] + m
	}
	const tol = 1e-12 // parley's tolerance on reservation values
	nodes := 0
	var walk func(i int, sum float64) bool
	walk = func(i int, sum float64) bool {
		if nodes++; nodes > 2000000 {
			return true
		}
		if additive && sum+rest[i] < r-tol {
			// Nothing in this branch reaches r: remember its best, in case nothing does.
			if x := sum + rest[i]; x > topU {
				copy(top, bid)
				for j := i; j < n; j++ {
					top[j] = argmax(u.Tables[j])
				}
				topU = x
			}
			return false
		}
		if additive && sum >= bestU {
			return false // tables are not negative: nothing below can be less
		}
		if i == n || (additive && sum >= r-tol) {
			// With additive tables the least bid of a branch already worth r leaves the
			// remaining issues out.
			x := parley.Clamp01(sum)
			if !additive {
				x = partialUtility(u, bid)
			}
			for j := i; j < n; j++ {
				bid[j] = -1
			}
			if x >= r-tol && x < bestU {
				bestU = x
				copy(best, bid)
			}
			if x < r-tol && x > topU {
				topU = x
				copy(top, bid)
			}
			return bestU <= r+tol
		}
		bid[i] = -1
		if walk(i+1, sum) {
			return true
		}
		for k, x := range u.Tables[i] {
			bid[i] = k
			if walk(i+1, sum+x) {
				return true
			}
		}
		bid[i] = -1
		return false
	}
	walk(0, 0)
	if math.IsInf(bestU, 1) {
		return top, parley.Clamp01(topU), false
	}
	return best, bestU, true
}

func argmax(t []float64) int {
	b := 0
	for k, x := range t {
		if x > t[b] {
			b = k
		}
	}
	return b
}

// partialUtility is the utility of a partial outcome under a compiled profile.
func partialUtility(u *parley.UtilityFunc, bid []int) float64 {
	sum := 0.0
	for i, k := range bid {
		if k >= 0 {
			sum += u.Tables[i][k]
		}
	}
	for _, r := range u.Rects {
		in := true
		for j, i := range r.Issues {
			k := bid[i]
			if k < 0 || (r.Allowed[j] != nil && !r.Allowed[j][k]) || (r.Allowed[j] == nil && (k < r.Lo[j] || k > r.Hi[j])) {
				in = false
				break
			}
		}
		if in {
			sum += r.Utility
		}
	}
	return parley.Clamp01(sum)
}
