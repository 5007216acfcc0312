package workspace

import (
	"math"
	"testing"

	"parley"
)

func TestRectBounds(t *testing.T) {
	u := &parley.UtilityFunc{Rects: []parley.CompiledRect{
		{Issues: []int{0}, Lo: []int{2}, Hi: []int{4}, Allowed: [][]bool{nil}, Utility: 0.5},               // on a fixed issue: satisfied
		{Issues: []int{0}, Lo: []int{5}, Hi: []int{6}, Allowed: [][]bool{nil}, Utility: 0.7},               // excluded by the fixed value
		{Issues: []int{0, 1}, Lo: []int{0, 0}, Hi: []int{9, 0}, Allowed: [][]bool{nil, nil}, Utility: 0.2}, // open: may add
		{Issues: []int{1}, Lo: []int{0}, Hi: []int{0}, Allowed: [][]bool{{true, false}}, Utility: -0.1},    // open, negative
	}}
	lo, hi := rectBounds(u, []int{3, -1})
	if math.Abs(lo-0.4) > 1e-12 || math.Abs(hi-0.7) > 1e-12 {
		t.Errorf("rectBounds = [%v, %v], want [0.4, 0.7]", lo, hi)
	}
}
