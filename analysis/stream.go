package analysis

import (
	"math"
	"math/big"

	"parley"
)

// stream keeps the frontier of the points inserted so far, ties grouped, with up to
// MaxListed outcomes stored for each group and about 2*MaxListed in all. Points pass a grid
// and a few cached dominators first; the rest wait in a batch that is filtered together with
// the frontier, in O(n log n) for up to three parties.
type stream struct {
	k, n int
	// The frontier: k utilities, a count and some outcomes (n values each) per entry.
	u    []float64
	cnt  []uint64
	outs [][]int32
	// The batch waiting to be filtered, one outcome each.
	pu []float64
	po []int32
	// Strong dominators checked first: the entries with the highest sums at the last flush.
	cache []float64
	g     int       // grid cells per utility
	grid  []float64 // see gridDominated
}

// batchMin is the smallest batch a stream filters at once.
const batchMin = 4096

func newStream(k, n int) *stream {
	s := &stream{k: k, n: n}
	if k >= 2 {
		s.g = int(math.Floor(math.Pow(2048, 1/float64(k-1)) + 1e-9))
		size := 1
		for j := 0; j < k-1; j++ {
			size *= s.g
		}
		s.grid = make([]float64, size)
		for i := range s.grid {
			s.grid[i] = math.Inf(-1)
		}
	}
	return s
}

// cell returns the grid cell of utility x.
func (s *stream) cell(x float64) int {
	c := int(x * float64(s.g))
	return max(0, min(s.g-1, c))
}

// gridDominated reports whether the grid proves u dominated: some point seen lies in cells
// strictly above u's in the first k-1 utilities and beats u's last utility by more than Tol.
// Points that have left the frontier still count: they dominate u all the same.
func (s *stream) gridDominated(u []float64) bool {
	if s.grid == nil {
		return false
	}
	x := 0
	for j := 0; j < s.k-1; j++ {
		x = x*s.g + s.cell(u[j])
	}
	return s.grid[x] > u[s.k-1]+Tol
}

// gridAdd records v in the grid: every cell strictly below v's in the first k-1 utilities
// learns v's last utility.
func (s *stream) gridAdd(v []float64) {
	k := s.k
	var lim, a [8]int
	if s.grid == nil || k-1 > len(lim) {
		return
	}
	top := 0
	for j := 0; j < k-1; j++ {
		lim[j] = s.cell(v[j])
		if lim[j] == 0 {
			return
		}
		top = top*s.g + lim[j] - 1
	}
	last := v[k-1]
	// Cells lower in every utility hold at least what higher ones hold: when the highest cell
	// v reaches already knows as much, so do all the others.
	if s.grid[top] >= last {
		return
	}
	for {
		x := 0
		for j := 0; j < k-1; j++ {
			x = x*s.g + a[j]
		}
		if s.grid[x] < last {
			s.grid[x] = last
		}
		j := k - 2
		for ; j >= 0; j-- {
			a[j]++
			if a[j] < lim[j] {
				break
			}
			a[j] = 0
		}
		if j < 0 {
			return
		}
	}
}

// insert adds point u with outcome o, unless it is shown dominated.
func (s *stream) insert(u []float64, o parley.Outcome) {
	k := s.k
	if s.gridDominated(u) {
		return
	}
	for c := 0; c+k <= len(s.cache); c += k {
		if Dominates(s.cache[c:c+k], u) {
			return
		}
	}
	s.pu = append(s.pu, u...)
	for _, v := range o {
		s.po = append(s.po, int32(v))
	}
	if len(s.pu)/k >= max(batchMin, len(s.cnt)) {
		s.flush()
	}
}

// flush filters the batch together with the frontier.
func (s *stream) flush() {
	if len(s.pu) == 0 {
		return
	}
	s.combine(s.pu, nil, s.po)
	s.pu, s.po = s.pu[:0], s.po[:0]
}

// absorb adds the frontier of t.
func (s *stream) absorb(t *stream) {
	s.flush()
	t.flush()
	s.combine(t.u, t.cnt, nil, t.outs...)
}

// combine merges the frontier with more points: u holds their utilities; either cnt and outs
// (one list per point) or, when cnt is nil, flat holding one outcome per point.
func (s *stream) combine(u []float64, cnt []uint64, flat []int32, outs ...[]int32) {
	k, n := s.k, s.n
	old := len(s.cnt)
	all := append(s.u[:len(s.u):len(s.u)], u...)
	keep := filterFlat(all, k)
	starts := clusterTies(all, k, keep)
	count := func(i int32) uint64 {
		switch {
		case int(i) < old:
			return s.cnt[i]
		case cnt != nil:
			return cnt[int(i)-old]
		}
		return 1
	}
	stored := func(i int32) []int32 {
		switch {
		case int(i) < old:
			return s.outs[i]
		case cnt != nil:
			return outs[int(i)-old]
		}
		j := int(i) - old
		return flat[j*n : j*n+n]
	}
	// Each group keeps the stored outcomes of its old entry, if it has one (ties of old
	// entries were grouped before), and takes in the others' up to the limits.
	groups := len(starts) - 1
	base := make([]int32, groups)
	total := 0
	for g := 0; g < groups; g++ {
		base[g] = -1
		for _, m := range keep[starts[g]:starts[g+1]] {
			if int(m) < old {
				base[g] = m
				total += len(s.outs[m]) / max(1, n)
				break
			}
		}
	}
	nu := make([]float64, 0, groups*k)
	ncnt := make([]uint64, 0, groups)
	nouts := make([][]int32, 0, groups)
	for g := 0; g < groups; g++ {
		members := keep[starts[g]:starts[g+1]]
		nu = append(nu, all[int(members[0])*k:int(members[0])*k+k]...)
		var c uint64
		var os []int32
		if base[g] >= 0 {
			os = s.outs[base[g]]
		}
		for _, m := range members {
			c += count(m)
			if m == base[g] {
				continue
			}
			for o := stored(m); n > 0 && len(o) >= n; o = o[n:] {
				if total >= 2*MaxListed || len(os) >= MaxListed*n {
					break
				}
				os = append(os, o[:n]...)
				total++
			}
		}
		ncnt = append(ncnt, c)
		nouts = append(nouts, os)
	}
	s.u, s.cnt, s.outs = nu, ncnt, nouts
	for e := 0; e < len(s.cnt); e++ {
		s.gridAdd(s.u[e*k : e*k+k])
	}
	s.refreshCache()
}

// cacheSize is the number of strong dominators a stream checks before batching a point.
const cacheSize = 4

// refreshCache keeps the entries with the highest sums of utilities as the cache.
func (s *stream) refreshCache() {
	k := s.k
	s.cache = s.cache[:0]
	var best [cacheSize]int
	var sums [cacheSize]float64
	m := 0
	for e := 0; e < len(s.cnt); e++ {
		x := 0.0
		for _, v := range s.u[e*k : e*k+k] {
			x += v
		}
		// Insertion into the small sorted list.
		j := m
		if m < cacheSize {
			m++
		} else if x <= sums[cacheSize-1] {
			continue
		} else {
			j = cacheSize - 1
		}
		for ; j > 0 && sums[j-1] < x; j-- {
			sums[j], best[j] = sums[j-1], best[j-1]
		}
		sums[j], best[j] = x, e
	}
	for _, e := range best[:m] {
		s.cache = append(s.cache, s.u[e*k:e*k+k]...)
	}
}

// frontier flushes the batch and returns the stream's entries as a frontier.
func (s *stream) frontier() frontier {
	s.flush()
	return s
}

func (s *stream) Len() int             { return len(s.cnt) }
func (s *stream) Vec(i int) []float64  { return s.u[i*s.k : i*s.k+s.k] }
func (s *stream) Count(i int) *big.Int { return new(big.Int).SetUint64(s.cnt[i]) }
func (s *stream) Each(i int, f func(parley.Outcome) bool) {
	if s.n == 0 {
		f(parley.Outcome{})
		return
	}
	o := make(parley.Outcome, s.n)
	for x := 0; x+s.n <= len(s.outs[i]); x += s.n {
		for j := range o {
			o[j] = int(s.outs[i][x+j])
		}
		if !f(o) {
			return
		}
	}
}
