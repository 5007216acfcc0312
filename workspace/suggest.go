package workspace

import (
	"context"
	"fmt"
	"strings"

	"parley"
)

// Suggestion implements parley.Suggester: Suggest over the published versions of the plan
// and the stances on them, as the mediator sees them. Only the mediator may have it.
func (s *Service) Suggestion(ctx context.Context, ws string) (*parley.Suggestion, error) {
	var w *parley.Workspace
	err := s.store.Read(ctx, func(tx Tx) error {
		var c *parley.Caller
		var err error
		if w, c, err = member(ctx, tx, ws); err != nil {
			return err
		}
		if c.Role != parley.RoleMediator {
			return parley.Errorf(parley.EFORBIDDEN, "only the mediator sees the suggested next text")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	vs, err := s.Versions(ctx, ws)
	if err != nil {
		return nil, err
	}
	var rounds []Round
	for _, v := range vs { // plan versions come first, by number
		if v.Kind != parley.KindPlan || v.Status != parley.StatusPublished {
			continue
		}
		full, err := s.Version(ctx, ws, v.ID)
		if err != nil {
			return nil, err
		}
		m, err := s.Matrix(ctx, ws, v.ID)
		if err != nil {
			return nil, err
		}
		rounds = append(rounds, Round{Version: full, Matrix: m})
	}
	return Suggest(w.Issues, w.Parties(), rounds), nil
}

// Round is one published version of the plan with the stances on it, as the mediator sees
// them: the material Suggest learns from.
type Round struct {
	Version *parley.Version
	Matrix  *parley.Matrix
}

// tally is one party's record on one value of an issue.
type tally struct {
	last     int8 // 1 accepted last, -1 rejected last, 0 never marked
	acc, rej int  // how often it accepted and rejected it
}

// Suggest proposes the mediator's next text from the stances the parties gave on the
// published versions (rounds, oldest first), never from a profile: the idea of the
// simulation's learning mediator (negotiate.Learn: estimate from the votes what each party
// could live with) at the desk, where parties mark points rather than vote on whole texts,
// so its model works per issue. For each party and issue it keeps what the party
// accepted and rejected (its latest mark on each value; an amendment counts as a rejection
// of the value the point binds; a reservation says nothing), estimates from that the values
// it could live with, and suggests, per issue, the value most likely acceptable to every
// party; among equals, the one the latest version binds, then the middle of the values that
// tie. parties are the ids and names of the negotiating parties, in the order reasons name
// them. A suggestion is the mediator's to adopt, edit or ignore; it decides nothing.
//
// It reveals every party's stances, private ones included, so only the mediator may see it.
func Suggest(issues []*parley.Issue, parties []*parley.Member, rounds []Round) *parley.Suggestion {
	// marks[p][i][k] is party p's record on value k of issue i.
	marks := make([][][]tally, len(parties))
	for p := range parties {
		marks[p] = make([][]tally, len(issues))
		for i, is := range issues {
			marks[p][i] = make([]tally, is.Size())
		}
	}
	index := map[string]int{}
	for p, m := range parties {
		index[m.ID] = p
	}
	sug := &parley.Suggestion{}
	current := make([]int, len(issues))
	for i := range current {
		current[i] = -1
	}
	for _, r := range rounds {
		if r.Version == nil || r.Matrix == nil {
			continue
		}
		points := map[string]*parley.PlanPoint{}
		for _, pt := range r.Version.Points {
			points[pt.ID] = pt
		}
		for i := range current {
			current[i] = -1
		}
		for _, pt := range r.Version.Points {
			for i, is := range issues {
				if v, ok := pt.Bindings[is.ID]; ok {
					if k, ok := bindIndex(is, v); ok {
						current[i] = k
					}
				}
			}
		}
		for row, pid := range r.Matrix.Points {
			pt := points[pid]
			if pt == nil || len(pt.Bindings) == 0 {
				continue
			}
			for col, party := range r.Matrix.Parties {
				p, ok := index[party]
				st := r.Matrix.Cells[row][col]
				if !ok || st == nil || st.Mark == parley.MarkReserve {
					continue
				}
				sug.Heard++
				for i, is := range issues {
					v, ok := pt.Bindings[is.ID]
					if !ok {
						continue
					}
					k, ok := bindIndex(is, v)
					if !ok {
						continue
					}
					t := &marks[p][i][k]
					if st.Mark == parley.MarkAccept {
						t.last = 1
						t.acc++
					} else {
						t.last = -1
						t.rej++
					}
				}
			}
		}
	}
	for i, is := range issues {
		n := is.Size()
		ordered := is.Kind != parley.KindOptions || is.Ordered
		// chance[k] is the estimated probability that every party accepts value k.
		chance := make([]float64, n)
		for k := range chance {
			chance[k] = 1
		}
		for p := range parties {
			for k := range n {
				chance[k] *= estimate(marks[p][i], k, ordered)
			}
		}
		best := 0.0
		for _, c := range chance {
			best = max(best, c)
		}
		pick := -1
		if cur := current[i]; cur >= 0 && chance[cur] >= best-1e-9 {
			pick = cur
		} else {
			var tied []int
			for k, c := range chance {
				if c >= best-1e-9 {
					tied = append(tied, k)
				}
			}
			pick = tied[len(tied)/2]
		}
		si := parley.SuggestedIssue{Issue: is, Suggested: valueText(is, pick), Chance: chance[pick]}
		if current[i] >= 0 {
			si.Current = valueText(is, current[i])
		}
		var said []string
		for p, m := range parties {
			if s := stanceWords(is, marks[p][i]); s != "" {
				said = append(said, m.Name+" "+s)
			}
		}
		switch {
		case len(said) == 0:
			si.Reason = "no party has marked a point that binds this issue"
		case si.Chance >= 1-1e-9:
			si.Reason = strings.Join(said, "; ") + ": every party has accepted " + si.Suggested
		default:
			si.Reason = strings.Join(said, "; ") + fmt.Sprintf(": no value is accepted by every party yet; %s is the likeliest (%.0f%%)", si.Suggested, 100*si.Chance)
		}
		sug.Issues = append(sug.Issues, si)
	}
	return sug
}

// estimate returns the estimated probability that the party accepts value k of an issue,
// from its latest marks: 1 for a value it accepted last, 0 for one it rejected last; on an
// ordered issue, a value it did not mark between two marked values is a linear mix of
// theirs, and one beyond every marked value is estimated by beyond; 1/2 when nothing bears
// on it.
func estimate(ts []tally, k int, ordered bool) float64 {
	last := func(t tally) int8 { return t.last }
	if m := last(ts[k]); m != 0 {
		return float64(m+1) / 2
	}
	if !ordered {
		return 0.5
	}
	lo, hi := -1, -1
	for j := k - 1; j >= 0; j-- {
		if last(ts[j]) != 0 {
			lo = j
			break
		}
	}
	for j := k + 1; j < len(ts); j++ {
		if last(ts[j]) != 0 {
			hi = j
			break
		}
	}
	switch {
	case lo < 0 && hi < 0:
		return 0.5
	case lo < 0:
		return beyond(ts, hi, 1)
	case hi < 0:
		return beyond(ts, lo, -1)
	}
	a, b := float64(last(ts[lo])+1)/2, float64(last(ts[hi])+1)/2
	f := float64(k-lo) / float64(hi-lo)
	return a + (b-a)*f
}

// beyond estimates a value that lies beyond the outermost marked value ts[edge], edge's
// marks extending towards dir: the party's marks are taken as monotone when its outermost
// marks differ (moving away from a rejection towards an acceptance stays acceptable: 1;
// away from an acceptance past a rejection, not: 0); when they agree, the direction is
// unknown: 3/4 past acceptances, 1/2 past rejections.
func beyond(ts []tally, edge, dir int) float64 {
	other := edge
	for j := edge; j >= 0 && j < len(ts); j += dir {
		if ts[j].last != 0 {
			other = j
		}
	}
	switch {
	case ts[edge].last == 1 && ts[other].last == -1:
		return 1
	case ts[edge].last == -1 && ts[other].last == 1:
		return 0
	case ts[edge].last == 1:
		return 0.75
	}
	return 0.5
}

// stanceWords says in words what a party marked on an issue: "rejected 40 km twice and
// 45 km; accepts 50 km", values in the issue's order.
func stanceWords(is *parley.Issue, ts []tally) string {
	var rejected, accepted []string
	for k, t := range ts {
		switch t.last {
		case -1:
			rejected = append(rejected, valueText(is, k)+times(t.rej))
		case 1:
			accepted = append(accepted, valueText(is, k)+times(t.acc))
		}
	}
	var parts []string
	if len(rejected) > 0 {
		parts = append(parts, "rejected "+strings.Join(rejected, ", "))
	}
	if len(accepted) > 0 {
		parts = append(parts, "accepts "+strings.Join(accepted, ", "))
	}
	return strings.Join(parts, "; ")
}

func times(n int) string {
	switch n {
	case 1:
		return ""
	case 2:
		return " twice"
	}
	return fmt.Sprintf(" %d times", n)
}

// valueText is value k of the issue with its unit: "40 km", "moratorium".
func valueText(is *parley.Issue, k int) string {
	v := is.Value(k).String()
	if is.Unit != "" && is.Kind != parley.KindOptions {
		v += " " + is.Unit
	}
	return v
}
