package analysis

import (
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"parley"
)

// A sweep that decides every package (sweepMode.all) walks the packages level by level: a
// package's level is the sum of its values' positions in the linear extensions of the
// stated orders, so a neighbour one step below it by those orders lies on a lower level and
// one above on a higher level. The packages of one level that still need a linear program
// after dominance are collected first, and their programs run side by side on up to
// GOMAXPROCS workers, each on a fork of the polytope's dual form (its own pool of optimal
// bases, started from the bases kept before the level). Each program's verdict is exact,
// and its optimum, the witness it may leave, is the perturbed program's unique optimum
// (uncertain_lp.go), whichever basis it started from (save where the dual fails
// numerically and the primal is solved instead); the results are applied in the order of
// the walk. So the verdicts and witnesses (and the questions that follow from them) do
// not depend on the number of workers or on how they were scheduled: only which bases each
// fork keeps, and so the time, do. A worker takes the next program left (on peace-talks
// about a tenth faster than splitting the level's programs in equal runs).

// walk calls f on every package in the order of visit or, with byLevel, level by level
// (lowest first for up), calling end after each level; without byLevel, end once at the end.
func (so *sweepOrder) walk(up, byLevel bool, f func(o parley.Outcome, r int), end func()) {
	if !byLevel {
		so.visit(up, f)
		end()
		return
	}
	pos := make([][]int, len(so.ext)) // pos[i][v]: v's position in ext[i]
	for i, ext := range so.ext {
		pos[i] = make([]int, len(ext))
		for p, v := range ext {
			pos[i][v] = p
		}
	}
	var levels [][]int
	so.visit(up, func(o parley.Outcome, r int) {
		l := 0
		for i, v := range o {
			l += pos[i][v]
		}
		for len(levels) <= l {
			levels = append(levels, nil)
		}
		levels[l] = append(levels[l], r)
	})
	if !up {
		slices.Reverse(levels)
	}
	o := make(parley.Outcome, len(so.ext))
	for _, rs := range levels {
		for _, r := range rs {
			for i, s := range so.stride {
				o[i] = r / s % len(so.ext[i])
			}
			f(o, r)
		}
		end()
	}
}

// lpJob is one package's verdict program: the least of U(o) - r (up) or the greatest
// (!up), and its result.
type lpJob struct {
	r   int
	o   parley.Outcome
	up  bool
	res lpResult
}

// lpBatch collects the verdict programs of one level of a sweep and runs them.
type lpBatch struct {
	m       *partyModel
	workers int
	now     bool // run each program as it is added (a sweep that stops at the first open one)
	jobs    []lpJob
}

// add queues the program of package o (of rank r); with b.now, runs it at once.
func (b *lpBatch) add(sw *sweep, md *sweepMode, o parley.Outcome, r int, up bool) {
	b.jobs = append(b.jobs, lpJob{r: r, o: slices.Clone(o), up: up})
	if b.now {
		b.flush(sw, md)
	}
}

// flush runs the queued programs and writes their verdicts into sw, in the order added.
func (b *lpBatch) flush(sw *sweep, md *sweepMode) {
	if len(b.jobs) == 0 {
		return
	}
	b.m.solveJobs(b.jobs, b.workers)
	for i := range b.jobs {
		j := &b.jobs[i]
		st := b.m.settleJob(j)
		sw.state[j.r] = st
		md.lp = md.lp && (md.all || st != swSplit)
	}
	b.jobs = b.jobs[:0]
}

// solveJobs solves the jobs' programs over m's polytope, on up to workers goroutines (0:
// GOMAXPROCS), each on its own fork of the dual form, taking the next job left.
func (m *partyModel) solveJobs(jobs []lpJob, workers int) {
	p := m.poly
	f := p.dualForm()
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(jobs))
	solve := func(f *lpForm, j *lpJob) {
		idx, val := p.utilityRow(j.o, 1)
		if !j.up {
			for i := range val {
				val[i] = -val[i]
			}
		}
		j.res = p.solveOn(f, idx, val)
	}
	if workers <= 1 || f.A == nil {
		for i := range jobs {
			solve(f, &jobs[i])
		}
		return
	}
	forks := make([]*lpForm, workers)
	panics := make([]any, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range forks {
		forks[w] = f.fork()
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { panics[w] = recover() }()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(jobs) {
					return
				}
				solve(forks[w], &jobs[i])
			}
		}()
	}
	wg.Wait()
	for _, p := range panics {
		if p != nil {
			panic(p) // in the caller's goroutine, as when the programs run one by one
		}
	}
	f.join(forks)
}

// settleJob returns the sweep state that job j's program gives its package, recording the
// bound it proves or the witness it finds, as settle would.
func (m *partyModel) settleJob(j *lpJob) int8 {
	settled, undecided := sweepStates(j.up)
	// The least of U(o) - r (up), or the greatest: the program minimised its negation.
	bound, proven := j.res.f, j.res.f >= -VerdictTol
	if !j.up {
		bound = -j.res.f
		proven = bound < -VerdictTol
	}
	switch {
	case j.res.ok && proven:
		m.prove(uint64(j.r), bound, j.up)
		return settled
	case !j.res.ok || j.res.z == nil:
		return undecided // the solver failed: left undecided
	}
	m.witnesses = append(m.witnesses, j.res.z)
	return swSplit
}
