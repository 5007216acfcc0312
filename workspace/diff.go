package workspace

import (
	"context"
	"maps"
	"regexp"
	"slices"
	"sort"

	"github.com/sergi/go-diff/diffmatchpatch"

	"parley"
)

// Diff implements parley.PlanService.
func (s *Service) Diff(ctx context.Context, ws, from, to string) (*parley.Diff, error) {
	var d *parley.Diff
	err := s.store.Read(ctx, func(tx Tx) error {
		_, c, err := member(ctx, tx, ws)
		if err != nil {
			return err
		}
		a, err := visibleVersion(tx, ws, from, c)
		if err != nil {
			return prefixField(err, "from")
		}
		b, err := visibleVersion(tx, ws, to, c)
		if err != nil {
			return prefixField(err, "to")
		}
		all, err := tx.Versions(ws)
		if err != nil {
			return err
		}
		d = DiffVersions(a, b, lineage(all))
		return nil
	})
	return d, err
}

// lineage maps every point id to the ids it was merged, split or carried from.
func lineage(vs []*parley.Version) map[string][]string {
	m := map[string][]string{}
	for _, v := range vs {
		for _, p := range v.Points {
			if len(p.From) > 0 {
				m[p.ID] = p.From
			}
		}
	}
	return m
}

func ancestors(id string, from map[string][]string) map[string]bool {
	seen := map[string]bool{id: true}
	stack := []string{id}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, y := range from[x] {
			if !seen[y] {
				seen[y] = true
				stack = append(stack, y)
			}
		}
	}
	return seen
}

// DiffVersions explains b against a point by point. from maps a point id to the ids it
// derives from (merges, splits, carries) across the workspace. Hidden placeholders are
// ignored, so a diff shows only what both filtered versions show.
func DiffVersions(a, b *parley.Version, from map[string][]string) *parley.Diff {
	var pa, pb []*parley.PlanPoint
	hiddenB := map[string]bool{}
	for _, p := range b.Points {
		hiddenB[p.ID] = p.Hidden
	}
	for _, p := range a.Points {
		if !p.Hidden {
			pa = append(pa, p)
		}
	}
	for _, p := range b.Points {
		if !p.Hidden {
			pb = append(pb, p)
		}
	}
	// Union-find over a's points (0..len(pa)-1) and b's (len(pa)..).
	parent := make([]int, len(pa)+len(pb))
	for i := range parent {
		parent[i] = i
	}
	root := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	ancA := make([]map[string]bool, len(pa))
	for i, p := range pa {
		ancA[i] = ancestors(p.ID, from)
	}
	for j, q := range pb {
		anc := ancestors(q.ID, from)
		for i, p := range pa {
			if anc[p.ID] || ancA[i][q.ID] {
				parent[root(len(pa)+j)] = root(i)
			}
		}
	}
	groups := map[int]*struct{ as, bs []int }{}
	var order []int
	for i := range parent {
		r := root(i)
		g := groups[r]
		if g == nil {
			g = &struct{ as, bs []int }{}
			groups[r] = g
			order = append(order, r)
		}
		if i < len(pa) {
			g.as = append(g.as, i)
		} else {
			g.bs = append(g.bs, i-len(pa))
		}
	}
	d := &parley.Diff{From: a.ID, To: b.ID, Counts: map[parley.Change]int{}}
	for _, r := range order {
		g := groups[r]
		e := &parley.DiffEntry{}
		for _, i := range g.as {
			e.FromPoints = append(e.FromPoints, pa[i].Number)
			e.FromIDs = append(e.FromIDs, pa[i].ID)
		}
		for _, j := range g.bs {
			e.ToPoints = append(e.ToPoints, pb[j].Number)
			e.ToIDs = append(e.ToIDs, pb[j].ID)
		}
		switch {
		case len(g.as) == 0:
			e.Change = parley.ChangeAdded
			e.Title = pb[g.bs[0]].Title
		case len(g.bs) == 0 && len(g.as) == 1 && hiddenB[pa[g.as[0]].ID]:
			e.Change = parley.ChangeHidden
			e.Title = pa[g.as[0]].Title
		case len(g.bs) == 0:
			e.Change = parley.ChangeDropped
			e.Title = pa[g.as[0]].Title
		case len(g.as) == 1 && len(g.bs) == 1:
			p, q := pa[g.as[0]], pb[g.bs[0]]
			e.Title = q.Title
			e.Moved = p.Number != q.Number
			if p.Title == q.Title && p.Text == q.Text && maps.Equal(p.Bindings, q.Bindings) && slices.Equal(p.VisibleTo, q.VisibleTo) {
				e.Change = parley.ChangeKept
			} else {
				e.Change = parley.ChangeReworded
				e.Words = WordDiff(p.Title+"\n"+p.Text, q.Title+"\n"+q.Text)
			}
		case len(g.as) == 1:
			e.Change = parley.ChangeSplit
			e.Title = pa[g.as[0]].Title
		default:
			e.Change = parley.ChangeMerged
			e.Title = pb[g.bs[0]].Title
		}
		d.Counts[e.Change]++
		d.Entries = append(d.Entries, e)
	}
	key := func(e *parley.DiffEntry) (int, int) {
		if len(e.ToPoints) > 0 {
			return 0, e.ToPoints[0]
		}
		return 1, e.FromPoints[0]
	}
	sort.SliceStable(d.Entries, func(i, j int) bool {
		ki, ni := key(d.Entries[i])
		kj, nj := key(d.Entries[j])
		if ki != kj {
			return ki < kj
		}
		return ni < nj
	})
	return d
}

var wordRE = regexp.MustCompile(`\s+|[^\s]+`)

// WordDiff returns a word-level diff of a and b: runs of kept ("="), removed ("-") and
// added ("+") text, whitespace included, so joining the "=" and "+" runs gives b.
func WordDiff(a, b string) []parley.WordDiff {
	index := map[string]rune{}
	words := map[rune]string{}
	encode := func(s string) []rune {
		var rs []rune
		for _, w := range wordRE.FindAllString(s, -1) {
			r, ok := index[w]
			if !ok {
				r = rune(len(words))
				if r >= 0xD800 { // skip the surrogates, which do not survive a string
					r += 0x800
				}
				index[w] = r
				words[r] = w
			}
			rs = append(rs, r)
		}
		return rs
	}
	ra, rb := encode(a), encode(b)
	dmp := diffmatchpatch.New()
	diffs := dmp.DiffMainRunes(ra, rb, false)
	var out []parley.WordDiff
	for _, df := range diffs {
		var text string
		for _, r := range df.Text {
			text += words[r]
		}
		op := "="
		switch df.Type {
		case diffmatchpatch.DiffDelete:
			op = "-"
		case diffmatchpatch.DiffInsert:
			op = "+"
		}
		if n := len(out); n > 0 && out[n-1].Op == op {
			out[n-1].Text += text
			continue
		}
		out = append(out, parley.WordDiff{Op: op, Text: text})
	}
	return out
}
