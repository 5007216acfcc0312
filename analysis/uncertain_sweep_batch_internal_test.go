package analysis

import (
	"math"
	"math/rand/v2"
	"testing"

	"parley"
)

// TestSettleWorkers: on random polytopes, SettleVerdicts gives every package the plain
// rule's verdict (one primal program each way) whether one, two or three workers run each
// level's linear programs, and leaves the same witnesses (which the next question depends
// on) in the same order.
func TestSettleWorkers(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	found := 0
	for trial := 0; trial < 20; trial++ {
		s, sizes := randomPartial(rng)
		var want []Verdict
		var witnesses [][]float64
		for workers := 1; workers <= 3; workers++ {
			k, err := NewKnowledge(s, uint64(trial))
			if err != nil {
				t.Fatalf("trial %d: %v", trial, err)
			}
			if want == nil {
				forEachOutcome(sizes, func(o parley.Outcome) bool {
					want = append(want, plainVerdict(k.models[0], o))
					return true
				})
			}
			k.workers = workers
			for r, v := range k.SettleVerdicts(0) {
				if v != want[r] {
					t.Fatalf("trial %d, %d workers, package of rank %d: %v, the plain rule says %v", trial, workers, r, v, want[r])
				}
			}
			got := k.models[0].witnesses
			if workers == 1 {
				witnesses = got
				found += len(got)
				continue
			}
			if len(got) != len(witnesses) {
				t.Fatalf("trial %d: %d witnesses with %d workers, %d with one", trial, len(got), workers, len(witnesses))
			}
			for i, z := range got {
				for v := range z {
					if math.Abs(z[v]-witnesses[i][v]) > 1e-9 {
						t.Fatalf("trial %d: witness %d differs with %d workers: %v, with one %v", trial, i, workers, z, witnesses[i])
					}
				}
			}
		}
	}
	if found == 0 {
		t.Error("no program found a witness")
	}
}

// TestSolveJobs: the programs of many packages run on three forks of one dual form give
// each package the least and greatest value of U(o) - r that the plain primal program gives,
// at a point of the polytope, and the bases the forks found are kept in the form's pool.
func TestSolveJobs(t *testing.T) {
	rng := rand.New(rand.NewPCG(27, 28))
	joined := 0
	for trial := 0; trial < 20; trial++ {
		s, sizes := randomPartial(rng)
		m, err := newPartyModel(s, 0, sizes)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		var jobs []lpJob
		forEachOutcome(sizes, func(o parley.Outcome) bool {
			for _, up := range []bool{true, false} {
				jobs = append(jobs, lpJob{r: int(m.poly.rankOf(o)), o: append(parley.Outcome(nil), o...), up: up})
			}
			return true
		})
		f := m.poly.dualForm()
		before := len(f.pool)
		m.solveJobs(jobs, 3)
		for _, j := range jobs {
			idx, val := m.poly.utilityRow(j.o, 1)
			if !j.up {
				for i := range val {
					val[i] = -val[i]
				}
			}
			want := m.poly.solvePrimal(idx, val, nil)
			if !want.ok {
				continue
			}
			if !j.res.ok || math.Abs(j.res.f-want.f) > 1e-7 {
				t.Fatalf("trial %d, package %v, up %v: %v (ok %v), the primal gives %v", trial, j.o, j.up, j.res.f, j.res.ok, want.f)
			}
			if j.res.z != nil && !m.inside(j.res.z) {
				t.Fatalf("trial %d, package %v: the optimum is not in the polytope", trial, j.o)
			}
		}
		if f.A != nil && len(f.pool) > before {
			joined++
		}
	}
	if joined == 0 {
		t.Error("no fork's basis was kept")
	}
}
