package workspace

import (
	"errors"
	"fmt"
	"strings"

	"parley"
	"parley/analysis"
	"parley/redline"
)

// The rule of conditional stances, "nothing is agreed until everything is agreed": a point
// accepted on a condition counts as accepted only while the version meets the condition.
// Accepted is that rule; the matrix, the ratification check and the desk's reopened points
// all use it.

// maxConditionCompletions bounds the completions of open issues a condition is tested on;
// beyond it the condition is reported open.
const maxConditionCompletions = 1 << 16

// parseCondition checks a stance's condition against the workspace's scenario; its errors
// name the field "condition" and keep the column the red-line parser found.
func parseCondition(sc *parley.Scenario, src string) (*redline.RedLine, error) {
	if len(src) > 1000 {
		return nil, parley.FieldErrorf("condition", "a condition is at most 1000 bytes")
	}
	r, err := redline.Parse(src, sc)
	if err != nil {
		e := parley.FieldErrorf("condition", "%v", err)
		var re *redline.Error
		if errors.As(err, &re) {
			e.Col = re.Col
		}
		return nil, e
	}
	return r, nil
}

// ConditionHolds reports whether version v, as st's party reads it, meets st's condition:
// met when every completion of the open issues the condition names meets it, unmet when
// none does, open otherwise (or when there are too many completions to try, or the
// condition no longer parses against the scenario).
func ConditionHolds(sc *parley.Scenario, v *parley.Version, st *parley.Stance) parley.ConditionStatus {
	r, err := redline.Parse(st.Condition, sc)
	if err != nil {
		return parley.ConditionOpen
	}
	d, _, _ := bindings(sc, v, st.Party)
	o := make(parley.Outcome, len(sc.Issues))
	var open []int
	n := 1
	for _, i := range r.Issues {
		if d[i] == analysis.Open {
			open = append(open, i)
			if n *= sc.Issues[i].Size(); n > maxConditionCompletions {
				return parley.ConditionOpen
			}
		} else {
			o[i] = d[i]
		}
	}
	met, unmet := false, false
	for k := 0; k < n; k++ {
		rest := k
		for _, i := range open {
			o[i] = rest % sc.Issues[i].Size()
			rest /= sc.Issues[i].Size()
		}
		if r.Allows(o) {
			met = true
		} else {
			unmet = true
		}
		if met && unmet {
			return parley.ConditionOpen
		}
	}
	if unmet {
		return parley.ConditionUnmet
	}
	return parley.ConditionMet
}

// Accepted reports whether stance st counts as an acceptance of its point in version v:
// an accept without a condition, or one whose condition v meets.
func Accepted(sc *parley.Scenario, v *parley.Version, st *parley.Stance) bool {
	return st.Mark == parley.MarkAccept && (st.Condition == "" || ConditionHolds(sc, v, st) == parley.ConditionMet)
}

// reopened lists the points of v that a party accepted in prev on a condition prev met
// and v, which carries the point, no longer meets; a party that marked the point again in v
// is left out. stances and prevStances are the stances the caller may see.
func reopened(sc *parley.Scenario, v, prev *parley.Version, stances, prevStances []*parley.Stance) []*parley.Reopened {
	marked := map[[2]string]bool{}
	for _, st := range stances {
		marked[[2]string{st.Point, st.Party}] = true
	}
	var out []*parley.Reopened
	for _, st := range prevStances {
		i := indexOf(v, st.Point)
		if st.Condition == "" || st.Mark != parley.MarkAccept || i < 0 || v.Points[i].Hidden || marked[[2]string{st.Point, st.Party}] {
			continue
		}
		if !Accepted(sc, prev, st) {
			continue
		}
		if now := ConditionHolds(sc, v, st); now != parley.ConditionMet {
			out = append(out, &parley.Reopened{Point: st.Point, Number: v.Points[i].Number, Party: st.Party,
				Condition: st.Condition, From: prev.ID, Status: now})
		}
	}
	return out
}

// checkConditions refuses to propose version v for ratification while a party's accept on
// one of its points rests on a condition v does not meet: that party's acceptance does not
// hold, so the text is not agreed.
func checkConditions(sc *parley.Scenario, v *parley.Version, sts []*parley.Stance) error {
	var bad []string
	for _, st := range sts {
		if st.Mark != parley.MarkAccept || st.Condition == "" || Accepted(sc, v, st) {
			continue
		}
		n := 0
		if i := indexOf(v, st.Point); i >= 0 {
			n = v.Points[i].Number
		}
		bad = append(bad, fmt.Sprintf("point %d: %s accepted it only if %s (%s here)", n, st.Party, st.Condition, ConditionHolds(sc, v, st)))
	}
	if len(bad) == 0 {
		return nil
	}
	return &parley.Error{Code: parley.ECONFLICT, Field: "version",
		Message: "nothing is agreed until everything is agreed, and this version does not meet conditions the parties accepted points on: " +
			strings.Join(bad, "; ") + "; publish a version that meets them, or ask the parties to mark those points again"}
}
