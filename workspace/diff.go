package workspace

import (
	"cmp"
	"context"
	"maps"
	"math"
	"slices"
	"sort"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"parley"
	"parley/textdiff"
)

// Diff implements parley.PlanService. A diff takes one of the workspace's slots for costly
// work (see Analytics), waiting for it until ctx ends, and then runs within
// DefaultDiffBudget.
func (s *Service) Diff(ctx context.Context, ws, from, to string) (*parley.Diff, error) {
	release, err := s.slots.take(ctx, ws)
	if err != nil {
		return nil, err
	}
	defer release()
	var a, b *parley.Version
	var all []*parley.Version
	err = s.store.Read(ctx, func(tx Tx) error {
		_, c, err := member(ctx, tx, ws)
		if err != nil {
			return err
		}
		a, err = visibleVersion(tx, ws, from, c)
		if err != nil {
			return prefixField(err, "from")
		}
		b, err = visibleVersion(tx, ws, to, c)
		if err != nil {
			return prefixField(err, "to")
		}
		// The lineage of the versions the caller may see; only those are decoded (published
		// ones come from the cache).
		sums, err := tx.VersionSummaries(ws)
		if err != nil {
			return err
		}
		for _, sm := range sums {
			if !mayList(sm.Status, sm.Author, c) {
				continue
			}
			v, err := tx.Version(ws, sm.ID)
			if err != nil {
				return err
			}
			all = append(all, v)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Computed out of the transaction: a diff that gives way to other requests
	// (parley.Yield) holds no database connection meanwhile.
	d := DiffVersionsWithin(ctx, a, b, lineage(all), DefaultDiffBudget)
	if err := ctx.Err(); err != nil {
		return nil, err // the client left: stop here
	}
	return d, nil
}

// DiffBudget bounds the word-level diffs of one Diff, the costly part: past Bytes of text
// compared, or Time spent, the remaining reworded points are reported without their word
// diff, and the Diff says Truncated.
type DiffBudget struct {
	Bytes int
	Time  time.Duration
}

// DefaultDiffBudget is the budget of the service's diffs.
var DefaultDiffBudget = DiffBudget{Bytes: 256 << 10, Time: 500 * time.Millisecond}

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
// derives from (merges, splits, carries) across the workspace. Points that lineage does not
// relate are paired by similar content (the mean word overlap of titles and texts at
// least MatchThreshold, best pairs first), so a rival draft written from scratch still diffs point by point against the plan.
// Hidden placeholders are ignored, so a diff shows only what both filtered versions show.
func DiffVersions(a, b *parley.Version, from map[string][]string) *parley.Diff {
	return DiffVersionsWithin(context.Background(), a, b, from, DiffBudget{Bytes: math.MaxInt, Time: time.Duration(math.MaxInt64)})
}

// DiffVersionsWithin is DiffVersions within budget; it also stops word-diffing once ctx
// ends.
func DiffVersionsWithin(ctx context.Context, a, b *parley.Version, from map[string][]string, budget DiffBudget) *parley.Diff {
	start := time.Now()
	spent := 0
	truncated := false
	wd := func(x, y string) []parley.WordDiff {
		spent += len(x) + len(y)
		if spent > budget.Bytes || time.Since(start) >= budget.Time || ctx.Err() != nil {
			truncated = true
			return nil
		}
		parley.Yield(ctx) // one point at a time: other members' requests run in between
		return WordDiff(x, y)
	}
	d := diffVersions(ctx, a, b, from, wd)
	d.Truncated = truncated
	return d
}

// diffVersions is DiffVersions, yielding to other work (parley.Yield) between its steps.
func diffVersions(ctx context.Context, a, b *parley.Version, from map[string][]string, wd func(x, y string) []parley.WordDiff) *parley.Diff {
	pr := newPairing(ctx, a, b)
	linkedA, linkedB := pr.linkLineage(from)
	pr.linkContent(linkedA, linkedB)
	d := &parley.Diff{From: a.ID, To: b.ID, Counts: map[parley.Change]int{}}
	var pairs []*parley.DiffEntry // one point on each side, for moves
	for _, g := range pr.groups() {
		e := pr.entry(g, wd)
		if len(g.as) == 1 && len(g.bs) == 1 {
			pairs = append(pairs, e)
		}
		d.Counts[e.Change]++
		d.Entries = append(d.Entries, e)
	}
	markMoves(pairs)
	sortEntries(d.Entries)
	return d
}

// pairing relates the visible points of two versions: a's are 0..len(pa)-1 and b's
// len(pa).. in a union-find, each group one entry of the diff.
type pairing struct {
	ctx       context.Context // yielded to between steps (parley.Yield)
	pa, pb    []*parley.PlanPoint
	hiddenB   map[string]bool // b's points by id: hidden from the caller
	parent    []int
	byContent map[int]bool // b index -> matched by content
}

// group is one entry's points: indexes in pa and pb.
type group struct{ as, bs []int }

func newPairing(ctx context.Context, a, b *parley.Version) *pairing {
	pr := &pairing{ctx: ctx, hiddenB: map[string]bool{}, byContent: map[int]bool{}}
	for _, p := range b.Points {
		pr.hiddenB[p.ID] = p.Hidden
	}
	for _, p := range a.Points {
		if !p.Hidden {
			pr.pa = append(pr.pa, p)
		}
	}
	for _, p := range b.Points {
		if !p.Hidden {
			pr.pb = append(pr.pb, p)
		}
	}
	pr.parent = make([]int, len(pr.pa)+len(pr.pb))
	for i := range pr.parent {
		pr.parent[i] = i
	}
	return pr
}

func (pr *pairing) root(i int) int {
	for pr.parent[i] != i {
		pr.parent[i] = pr.parent[pr.parent[i]]
		i = pr.parent[i]
	}
	return i
}

// join puts a's point i and b's point j in one group.
func (pr *pairing) join(i, j int) { pr.parent[pr.root(len(pr.pa)+j)] = pr.root(i) }

// linkLineage joins the points one derives from the other, and reports which were joined.
func (pr *pairing) linkLineage(from map[string][]string) (linkedA, linkedB []bool) {
	linkedA, linkedB = make([]bool, len(pr.pa)), make([]bool, len(pr.pb))
	ancA := make([]map[string]bool, len(pr.pa))
	for i, p := range pr.pa {
		ancA[i] = ancestors(p.ID, from)
	}
	for j, q := range pr.pb {
		parley.Yield(pr.ctx) // a row at a time: other members' requests wait at most one row
		anc := ancestors(q.ID, from)
		for i, p := range pr.pa {
			if anc[p.ID] || ancA[i][q.ID] {
				pr.join(i, j)
				linkedA[i], linkedB[j] = true, true
			}
		}
	}
	return linkedA, linkedB
}

// yieldEvery is how many points' words a diff collects between two yields.
const yieldEvery = 16

// linkContent joins, best pairs first, the points lineage left alone whose content is
// similar enough.
func (pr *pairing) linkContent(linkedA, linkedB []bool) {
	var freeA, freeB []int
	for i, p := range pr.pa {
		if !linkedA[i] && !pr.hiddenB[p.ID] {
			freeA = append(freeA, i)
		}
	}
	for j := range pr.pb {
		if !linkedB[j] {
			freeB = append(freeB, j)
		}
	}
	if len(freeA) == 0 || len(freeB) == 0 {
		return
	}
	sc := scratchPool.Get().(*diffScratch)
	defer sc.release()
	voc := &sc.voc
	fa := make([]pointWords, len(freeA))
	for k, i := range freeA {
		if k%yieldEvery == 0 {
			parley.Yield(pr.ctx)
		}
		fa[k] = voc.wordsOf(pr.pa[i])
	}
	fb := make([]pointWords, len(freeB))
	for k, j := range freeB {
		if k%yieldEvery == 0 {
			parley.Yield(pr.ctx)
		}
		fb[k] = voc.wordsOf(pr.pb[j])
	}
	// Best pairs first; among equals, in the order of a's points, then b's. A heap, not a
	// sort: the matching usually ends long before the pairs do (at most 500 x 500 of them:
	// versions are bounded).
	if cap(sc.pairs) < len(freeA)*len(freeB) {
		sc.pairs = make(pairHeap, 0, len(freeA)*len(freeB))
	}
	h := sc.pairs[:0]
	for ka, i := range freeA {
		parley.Yield(pr.ctx) // a row at a time: other members' requests wait at most one row
		for kb, j := range freeB {
			if s := fa[ka].similarity(fb[kb]); s >= MatchThreshold {
				h = append(h, pair{s, int32(i), int32(j)})
			}
		}
	}
	h.init()
	usedA, usedB := make([]bool, len(pr.pa)), make([]bool, len(pr.pb))
	for left := min(len(freeA), len(freeB)); left > 0 && len(h) > 0; {
		p := h.pop()
		if usedA[p.i] || usedB[p.j] {
			continue
		}
		usedA[p.i], usedB[p.j] = true, true
		pr.join(int(p.i), int(p.j))
		pr.byContent[int(p.j)] = true
		left--
	}
}

// diffScratch is the memory a diff's content matching reuses from one diff to the next:
// 500 x 500 candidate pairs are 4 MB, and garbage collection is work a member's budget
// does not see (see httpapi's Budget).
type diffScratch struct {
	voc   vocabulary
	pairs pairHeap
}

var scratchPool = sync.Pool{New: func() any { return new(diffScratch) }}

// release empties sc, keeping its memory, and puts it back in the pool: the word sets and
// pairs made with it must no longer be used.
func (sc *diffScratch) release() {
	clear(sc.voc.ids)
	sc.voc.slab = sc.voc.slab[:0]
	sc.pairs = sc.pairs[:0]
	scratchPool.Put(sc)
}

// pair is a candidate pairing of a's point i with b's point j, of similarity s.
type pair struct {
	s    float64
	i, j int32
}

// before orders pairs best first, then by a's point, then by b's.
func (x pair) before(y pair) bool {
	return cmp.Or(cmp.Compare(y.s, x.s), cmp.Compare(x.i, y.i), cmp.Compare(x.j, y.j)) < 0
}

// pairHeap is a binary heap of pairs, the first (before all others) on top.
type pairHeap []pair

func (h pairHeap) init() {
	for i := len(h)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

func (h *pairHeap) pop() pair {
	old := *h
	top := old[0]
	old[0] = old[len(old)-1]
	*h = old[:len(old)-1]
	h.down(0)
	return top
}

func (h pairHeap) down(i int) {
	for {
		m := 2*i + 1
		if m >= len(h) {
			return
		}
		if r := m + 1; r < len(h) && h[r].before(h[m]) {
			m = r
		}
		if !h[m].before(h[i]) {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

// groups returns the groups in the order of their first point.
func (pr *pairing) groups() []*group {
	byRoot := map[int]*group{}
	var out []*group
	for i := range pr.parent {
		r := pr.root(i)
		g := byRoot[r]
		if g == nil {
			g = &group{}
			byRoot[r] = g
			out = append(out, g)
		}
		if i < len(pr.pa) {
			g.as = append(g.as, i)
		} else {
			g.bs = append(g.bs, i-len(pr.pa))
		}
	}
	return out
}

// entry is the diff's entry for group g.
func (pr *pairing) entry(g *group, wd func(x, y string) []parley.WordDiff) *parley.DiffEntry {
	pa, pb := pr.pa, pr.pb
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
	case len(g.bs) == 0 && len(g.as) == 1 && pr.hiddenB[pa[g.as[0]].ID]:
		e.Change = parley.ChangeHidden
		e.Title = pa[g.as[0]].Title
	case len(g.bs) == 0:
		e.Change = parley.ChangeDropped
		e.Title = pa[g.as[0]].Title
	case len(g.as) == 1 && len(g.bs) == 1:
		p, q := pa[g.as[0]], pb[g.bs[0]]
		e.Title = q.Title
		e.ByContent = pr.byContent[g.bs[0]]
		comparePoints(e, p, q, wd)
	case len(g.as) == 1:
		e.Change = parley.ChangeSplit
		e.Title = pa[g.as[0]].Title
	default:
		e.Change = parley.ChangeMerged
		e.Title = pb[g.bs[0]].Title
	}
	return e
}

// sortEntries orders entries by their point in the newer version, then those it dropped
// by their point in the older.
func sortEntries(entries []*parley.DiffEntry) {
	key := func(e *parley.DiffEntry) (int, int) {
		if len(e.ToPoints) > 0 {
			return 0, e.ToPoints[0]
		}
		return 1, e.FromPoints[0]
	}
	sort.SliceStable(entries, func(i, j int) bool {
		ki, ni := key(entries[i])
		kj, nj := key(entries[j])
		if ki != kj {
			return ki < kj
		}
		return ni < nj
	})
}

// comparePoints fills e with what changed from p to q: kept, or reworded with the text,
// title, bindings and visibility that changed.
// wd word-diffs two texts, or returns nil when the diff's budget is spent.
func comparePoints(e *parley.DiffEntry, p, q *parley.PlanPoint, wd func(x, y string) []parley.WordDiff) {
	if p.Title != q.Title {
		e.TitleWords = wd(p.Title, q.Title)
	}
	if p.Text != q.Text {
		e.Words = wd(p.Text, q.Text)
	}
	if !maps.Equal(p.Bindings, q.Bindings) {
		keys := slices.Sorted(maps.Keys(p.Bindings))
		for k := range q.Bindings {
			if _, ok := p.Bindings[k]; !ok {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			if p.Bindings[k] != q.Bindings[k] {
				e.Bindings = append(e.Bindings, parley.BindingChange{Issue: k, From: p.Bindings[k], To: q.Bindings[k]})
			}
		}
	}
	if !sameMembers(p.VisibleTo, q.VisibleTo) {
		e.Visibility = &parley.VisibilityChange{From: orEmpty(p.VisibleTo), To: orEmpty(q.VisibleTo)}
	}
	e.Change = parley.ChangeKept
	if p.Title != q.Title || p.Text != q.Text || e.Bindings != nil || e.Visibility != nil {
		e.Change = parley.ChangeReworded
	}
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func sameMembers(a, b []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}

// markMoves sets Moved on the one-to-one entries that changed place relative to the others:
// those outside a longest run kept in the same order on both sides. Points renumbered
// because another was dropped or merged before them have not moved.
func markMoves(es []*parley.DiffEntry) {
	sort.Slice(es, func(i, j int) bool { return es[i].FromPoints[0] < es[j].FromPoints[0] })
	// Longest increasing subsequence of the points' numbers in b, in a's order.
	n := len(es)
	tails := []int{} // index into es of the smallest tail of each length
	prev := make([]int, n)
	for i, e := range es {
		x := e.ToPoints[0]
		k := sort.Search(len(tails), func(k int) bool { return es[tails[k]].ToPoints[0] >= x })
		if k > 0 {
			prev[i] = tails[k-1]
		} else {
			prev[i] = -1
		}
		if k == len(tails) {
			tails = append(tails, i)
		} else {
			tails[k] = i
		}
	}
	for _, e := range es {
		e.Moved = true
	}
	if len(tails) > 0 {
		for i := tails[len(tails)-1]; i >= 0; i = prev[i] {
			es[i].Moved = false
		}
	}
}

// MatchThreshold is the similarity from which DiffVersions pairs two points that lineage
// does not relate.
const MatchThreshold = 0.45

// pointWords is a point's distinct words, lower case, without the commonest ones, as
// sorted word numbers (numbered by a vocabulary shared by the points compared).
type pointWords struct{ title, text []int }

var stopWords = map[string]bool{"a": true, "an": true, "and": true, "the": true, "of": true, "to": true, "in": true,
	"on": true, "is": true, "are": true, "for": true, "by": true, "with": true, "its": true, "it": true, "s": true, "be": true,
	"as": true, "at": true, "or": true, "from": true, "that": true, "this": true, "which": true, "all": true}

// vocabulary numbers words. Its zero value is ready to use. The word sets it returns share
// one backing array, and each word is lowered into one reused buffer, so that a diff of
// two large versions allocates little besides its vocabulary (garbage collection is work
// a member's budget does not see: see httpapi's Budget).
type vocabulary struct {
	ids  map[string]int
	word []byte // the word being read, lower case
	set  []int  // the words of the text being read
	slab []int  // the sets returned, back to back
}

// wordSet returns the distinct words of s, lower case, without the commonest ones, as
// sorted word numbers.
func (v *vocabulary) wordSet(s string) []int {
	if v.ids == nil {
		v.ids = map[string]int{}
	}
	v.set = v.set[:0]
	v.word = v.word[:0]
	for _, r := range s {
		// Words are runs of letters and digits; lowering a rune keeps it one or not.
		if r = unicode.ToLower(r); isWordRune(r) {
			v.word = utf8.AppendRune(v.word, r)
			continue
		}
		v.endWord()
	}
	v.endWord()
	slices.Sort(v.set)
	set := slices.Compact(v.set)
	if cap(v.slab)-len(v.slab) < len(set) {
		v.slab = make([]int, 0, max(4096, 2*cap(v.slab), 2*len(set)))
	}
	n := len(v.slab)
	v.slab = append(v.slab, set...)
	return v.slab[n:len(v.slab):len(v.slab)]
}

// endWord numbers the word read, if any, unless it is one of the commonest.
func (v *vocabulary) endWord() {
	if len(v.word) == 0 {
		return
	}
	w := v.word
	v.word = v.word[:0]
	if stopWords[string(w)] {
		return
	}
	n, ok := v.ids[string(w)]
	if !ok {
		n = len(v.ids)
		v.ids[string(w)] = n
	}
	v.set = append(v.set, n)
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func (v *vocabulary) wordsOf(p *parley.PlanPoint) pointWords {
	return pointWords{title: v.wordSet(p.Title), text: v.wordSet(p.Text)}
}

// dice is the Dice coefficient of two sorted sets: 2|A∩B| / (|A|+|B|), 0 when both are
// empty.
func dice(a, b []int) float64 {
	if len(a)+len(b) == 0 {
		return 0
	}
	n := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return 2 * float64(n) / float64(len(a)+len(b))
}

// similarity is how alike two points read, from 0 to 1: the mean of the titles' and the
// texts' word overlap, or the texts' alone when a point has no title.
func (p pointWords) similarity(q pointWords) float64 {
	if len(p.title) == 0 || len(q.title) == 0 {
		return dice(p.text, q.text)
	}
	return (dice(p.title, q.title) + dice(p.text, q.text)) / 2
}

// WordDiff returns a word-level diff of a and b (textdiff.Words): runs of kept ("="),
// removed ("-") and added ("+") text, short unchanged stretches folded into the changes.
func WordDiff(a, b string) []parley.WordDiff { return textdiff.Words(a, b) }
