package analysis

import (
	"math"
	"math/big"
	"slices"

	"parley"
)

// Red lines over several issues, when the issues they link have too many combinations to
// merge into one composite issue: the combinations a red line forbids are written as a few
// boxes (a set of values per issue), which the box merge (boxmerge.go) carries through one
// merge. Where it cannot (too many sets of boxes at once, or the count and ranges with
// binding reservation values), each box splits every part of the space it meets into at
// most one part per issue it bounds, each part again a product of value sets (the region
// method's idea, for red lines). Every part is an independent additive problem: its frontier
// is merged as usual, and the frontiers, counts and ranges of the parts, which are disjoint,
// are combined. Sparse red lines, which forbid little, make few parts.

// maxBoxes is the most boxes one red line is written as.
const maxBoxes = 256

// maxParts is the most parts the boxes may cut the space into (a variable for tests).
var maxParts = 4096

// box is a product of value sets over some issues: ok[t][v] for issue issues[t].
type box struct {
	issues []int
	ok     [][]bool
}

// part is a product of value sets: vals[i] for every issue i (allowed values, ascending).
type part [][]int32

// boxes writes the combinations that red line l forbids, among the allowed values, as boxes;
// ok is false when they need more than maxBoxes or the line's issues have more than
// MaxComposite combinations.
func (p *problem) boxes(l line, allowed [][]int32) ([]box, bool) {
	is := l.rl.Issues
	size := 1.0
	for _, i := range is {
		size *= float64(len(allowed[i]))
	}
	if size > MaxComposite || size == 0 {
		return nil, size == 0
	}
	m := len(is)
	o := make(parley.Outcome, len(p.s.Issues))
	digit := make([]int, m)
	var out []box
	// Forbidden combinations grouped by the values of all but the last issue: one box
	// for each prefix, the last issue's forbidden values its set.
	var cur *box
	for {
		for t, i := range is {
			o[i] = int(allowed[i][digit[t]])
		}
		if !l.rl.Allows(o) {
			same := cur != nil
			for t := 0; same && t < m-1; t++ {
				same = cur.ok[t][o[is[t]]]
			}
			if !same {
				if len(out) == maxBoxes {
					return nil, false
				}
				b := box{issues: is, ok: make([][]bool, m)}
				for t, i := range is {
					b.ok[t] = make([]bool, p.sizes[i])
					if t < m-1 {
						b.ok[t][o[i]] = true
					}
				}
				out = append(out, b)
				cur = &out[len(out)-1]
			}
			cur.ok[m-1][o[is[m-1]]] = true
		}
		t := m - 1
		for ; t >= 0; t-- {
			digit[t]++
			if digit[t] < len(allowed[is[t]]) {
				break
			}
			digit[t] = 0
		}
		if t < 0 {
			break
		}
		if t < m-1 {
			cur = nil // a new prefix
		}
	}
	return out, true
}

// cut splits pt by b: the parts of pt outside b.
func (pt part) cut(b box) []part {
	inside := make([][]int32, len(b.issues))
	for t, i := range b.issues {
		for _, v := range pt[i] {
			if b.ok[t][v] {
				inside[t] = append(inside[t], v)
			}
		}
		if len(inside[t]) == 0 {
			return []part{pt}
		}
	}
	var out []part
	cur := slices.Clone(pt)
	for t, i := range b.issues {
		var outside []int32
		for _, v := range pt[i] {
			if !b.ok[t][v] {
				outside = append(outside, v)
			}
		}
		if len(outside) > 0 {
			q := slices.Clone(cur)
			q[i] = outside
			out = append(out, q)
		}
		cur[i] = inside[t]
	}
	return out
}

// redBoxes returns the values of each issue that its single-issue red lines allow, the
// combinations the red lines over several issues forbid among them as boxes, and which
// issues such red lines mention; ok is false when a line needs too many boxes.
func (p *problem) redBoxes() (allowed [][]int32, boxes []box, linked []bool, ok bool) {
	n := len(p.s.Issues)
	allowed = make([][]int32, n)
	for i := range allowed {
		ok := make([]bool, p.sizes[i])
		for v := range ok {
			ok[v] = true
		}
		for _, l := range p.lines {
			if len(l.rl.Issues) == 1 && l.rl.Issues[0] == i {
				a := l.rl.Allowed(p.s)
				for v := range ok {
					ok[v] = ok[v] && a[v]
				}
			}
		}
		for v, yes := range ok {
			if yes {
				allowed[i] = append(allowed[i], int32(v))
			}
		}
	}
	linked = make([]bool, n)
	for _, l := range p.lines {
		if len(l.rl.Issues) < 2 {
			continue
		}
		for _, i := range l.rl.Issues {
			linked[i] = true
		}
		bs, ok := p.boxes(l, allowed)
		if !ok {
			return nil, nil, nil, false
		}
		boxes = append(boxes, bs...)
	}
	return allowed, boxes, linked, true
}

// single returns issue i's component over the values vs.
func (p *problem) single(i int, vs []int32) *comp {
	c := &comp{issues: []int{i}, vals: vs, u: make([]float64, 0, len(vs)*p.k)}
	for _, v := range vs {
		for _, f := range p.funcs {
			c.u = append(c.u, f.Tables[i][v])
		}
	}
	c.group(p.k)
	return c
}

// boxSplit is the acceptable space as the red lines over several issues cut it: the values
// each issue's own red lines allow, the boxes the others forbid among them, the issues
// those mention (linked), every issue's component over its allowed values, and why the
// linked issues could not be merged into composite issues instead (err).
type boxSplit struct {
	allowed [][]int32
	boxes   []box
	linked  []bool
	comps   []*comp
	err     error
	// composite is true when the linked issues could be merged into composite issues, a
	// fallback when the box merge does not fit.
	composite bool
}

// splitBoxes returns the boxSplit of the space; ok is false when a red line needs too many
// boxes.
func (p *problem) splitBoxes(err error) (*boxSplit, bool) {
	allowed, boxes, linked, ok := p.redBoxes()
	if !ok {
		return nil, false
	}
	bs := &boxSplit{allowed: allowed, boxes: boxes, linked: linked, err: err}
	for i, vs := range allowed {
		bs.comps = append(bs.comps, p.single(i, vs))
	}
	return bs, true
}

// cutParts returns the parts of the acceptable space (red lines respected) that the boxes of
// bs cut it into: the components of the issues no red line over several issues mentions,
// which every part shares (free), and each part's components of the other issues, one per
// issue; ok is false beyond maxParts parts.
func (p *problem) cutParts(bs *boxSplit) (free []*comp, parts [][]*comp, ok bool) {
	pts := []part{bs.allowed}
	for _, b := range bs.boxes {
		var next []part
		for _, pt := range pts {
			next = append(next, pt.cut(b)...)
			if len(next) > maxParts {
				return nil, nil, false
			}
		}
		pts = next
	}
	for i, c := range bs.comps {
		if !bs.linked[i] {
			free = append(free, c)
		}
	}
	parts = make([][]*comp, 0, len(pts))
	for _, pt := range pts {
		var comps []*comp
		for i, vs := range pt {
			if bs.linked[i] {
				comps = append(comps, p.single(i, vs))
			}
		}
		parts = append(parts, comps)
	}
	return free, parts, true
}

// linkedBest returns, per decider, the most the components of any part can add: an upper
// bound for pruning the shared merge of the free components.
func (p *problem) linkedBest(parts [][]*comp) []float64 {
	best := make([]float64, p.k)
	byIssue := map[int][]float64{}
	for _, comps := range parts {
		for _, c := range comps {
			b, ok := byIssue[c.issues[0]]
			if !ok {
				b = make([]float64, p.k)
				for i := range b {
					b[i] = math.Inf(-1)
				}
				byIssue[c.issues[0]] = b
			}
			for _, g := range c.groups {
				for i := range b {
					b[i] = math.Max(b[i], g.u[i])
				}
			}
		}
	}
	for _, b := range byIssue {
		for i := range best {
			best[i] += b[i]
		}
	}
	return best
}

// multi is the frontier of the union of disjoint parts: the entries of the parts' frontiers
// that no entry of another part dominates.
type multi struct {
	fs  []frontier
	idx [][2]int // part, entry
}

func newMulti(fs []frontier, k, workers int) *multi {
	m := &multi{fs: fs}
	var u []float64
	var all [][2]int
	for x, f := range fs {
		for e := 0; e < f.Len(); e++ {
			u = append(u, f.Vec(e)...)
			all = append(all, [2]int{x, e})
		}
	}
	for _, i := range filterFlatW(u, k, workers) {
		m.idx = append(m.idx, all[i])
	}
	return m
}

func (m *multi) Len() int             { return len(m.idx) }
func (m *multi) Vec(i int) []float64  { return m.fs[m.idx[i][0]].Vec(m.idx[i][1]) }
func (m *multi) Count(i int) *big.Int { return m.fs[m.idx[i][0]].Count(m.idx[i][1]) }
func (m *multi) Each(i int, f func(parley.Outcome) bool) {
	m.fs[m.idx[i][0]].Each(m.idx[i][1], f)
}
