package negotiate

import (
	"fmt"
	"testing"
)

// bruteAssignments lists every assignment of n agents to k parties in lexicographic order.
func bruteAssignments(n, k int, repeat bool) [][]int {
	var out [][]int
	cur := make([]int, k)
	var rec func(i int)
	rec = func(i int) {
		if i == k {
			out = append(out, append([]int(nil), cur...))
			return
		}
		for a := range n {
			dup := false
			for _, u := range cur[:i] {
				dup = dup || u == a
			}
			if dup && n >= k && !repeat {
				continue
			}
			cur[i] = a
			rec(i + 1)
		}
	}
	rec(0)
	return out
}

func TestAssignmentMatchesBruteForce(t *testing.T) {
	for _, repeat := range []bool{false, true} {
		for n := 1; n <= 5; n++ {
			for k := 1; k <= 4; k++ {
				want := bruteAssignments(n, k, repeat)
				c, ok := assignments(n, k, repeat)
				if !ok || c != len(want) {
					t.Errorf("assignments(%d, %d, %v) = %d, want %d", n, k, repeat, c, len(want))
					continue
				}
				var dst []int
				for idx, w := range want {
					dst = assignment(dst, n, k, idx, repeat)
					if fmt.Sprint(dst) != fmt.Sprint(w) {
						t.Errorf("assignment(%d, %d, %d, %v) = %v, want %v", n, k, idx, repeat, dst, w)
					}
				}
			}
		}
	}
	if _, ok := assignments(1000, 10, false); ok {
		t.Error("assignments(1000, 10) did not report overflow")
	}
}
