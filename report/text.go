package report

import (
	"fmt"
	"io"
	"math/big"
	"strings"

	"parley"
	"parley/analysis"
)

func rangeText(is *parley.Issue, allowed []bool, r Range) string {
	if len(r.Values) == 0 {
		// Not "none": an option may be called that (peace-talks' sanctions: none).
		return "no acceptable value"
	}
	if is.Kind == parley.KindOptions {
		parts := make([]string, len(r.Values))
		for i, v := range r.Values {
			parts[i] = fmt.Sprint(v)
		}
		return strings.Join(parts, ", ")
	}
	parts := make([]string, len(r.Intervals))
	for i, iv := range r.Intervals {
		if iv[0] == iv[1] {
			parts[i] = parley.FormatNumber(iv[0])
		} else {
			parts[i] = parley.FormatNumber(iv[0]) + "-" + parley.FormatNumber(iv[1])
		}
	}
	s := strings.Join(parts, ", ")
	if is.Unit != "" {
		s += " " + is.Unit
	}
	return s
}

// groupDigits formats a count for people, exactly where it can: analysis.FormatCount.
func groupDigits(n *big.Int) string { return analysis.FormatCount(n) }

// Text writes the readable report of res, an analysis of s.
func Text(w io.Writer, s *parley.Scenario, res *analysis.Result) error {
	ew := &errWriter{w: w}
	textSummary(ew, s, res)
	textBargaining(ew, s, res)
	textRanges(ew, s, res)
	return ew.err
}

// textSummary writes the report's head: the scenario, its size and its frontier.
func textSummary(ew *errWriter, s *parley.Scenario, res *analysis.Result) {
	p := ew.printf
	title := s.Name
	if title == "" {
		title = "scenario"
	}
	var parties, mediators []string
	for _, i := range res.Parties {
		parties = append(parties, s.Parties[i].DisplayName())
	}
	for _, i := range res.Mediators {
		mediators = append(mediators, s.Parties[i].DisplayName())
	}
	p("%s\n", title)
	if res.Approximate {
		p("  APPROXIMATION: no exact method fits this space; the points below are real outcomes\n  found by a seeded search, but the frontier may lack points an exact method would find.\n")
	}
	p("  parties:   %s\n", strings.Join(parties, ", "))
	if len(mediators) > 0 {
		p("  mediator:  %s (its utility is shown; it decides nothing)\n", strings.Join(mediators, ", "))
	}
	p("  issues:    %d\n", len(s.Issues))
	p("  outcomes:  %s\n", groupDigits(res.Outcomes))
	if res.Acceptable != nil {
		p("  acceptable outcomes (zone of possible agreement): %s\n", groupDigits(res.Acceptable))
	} else {
		note := res.AcceptableNote
		if note == "" {
			note = "not computed"
		}
		p("  acceptable outcomes: not computed exactly (%s)\n", note)
		if res.AcceptableAtLeast != nil && res.AcceptableAtMost != nil {
			p("  acceptable outcomes: between %s and %s (guaranteed bounds, not an estimate)\n", analysis.FormatBound(res.AcceptableAtLeast, false), analysis.FormatBound(res.AcceptableAtMost, true))
		}
	}
	count := groupDigits(big.NewInt(int64(len(res.Pareto))))
	if res.ParetoCount != nil {
		count = groupDigits(res.ParetoCount)
	}
	acc := res.ParetoAcceptableCount
	if acc == nil {
		// A result built by hand: count the listed points.
		acc = new(big.Int)
		for _, pt := range res.Pareto {
			if pt.Acceptable {
				acc.Add(acc, big.NewInt(1))
			}
		}
	}
	p("  Pareto frontier: %s outcomes, %s of them acceptable", count, groupDigits(acc))
	if res.Truncated {
		p(" (%s listed in --json)", groupDigits(big.NewInt(int64(len(res.Pareto)))))
	}
	p("\n")
	if res.AcceptableParetoCount != nil && res.AcceptableParetoCount.Sign() > 0 {
		p("  Pareto frontier of the acceptable outcomes (the best packages in the zone): %s outcomes\n", groupDigits(res.AcceptableParetoCount))
	}
	p("  method:    %s\n", res.Method)
}

// textBargaining writes the reservation values and the bargaining points.
func textBargaining(ew *errWriter, s *parley.Scenario, res *analysis.Result) {
	p := ew.printf
	p("\nReservation values (the disagreement point):")
	for _, i := range res.Parties {
		p(" %s %.3f", s.Parties[i].DisplayName(), s.Parties[i].Profile.Reservation)
	}
	p("\n")

	p("\nBargaining points (over the acceptable outcomes)\n")
	for _, bp := range []struct {
		name, about string
		pts         []analysis.Point
		count       *big.Int
	}{
		{"Nash", "max product of gains over reservation", res.Nash, res.NashCount},
		{"Kalai-Smorodinsky", "equal share of each party's best possible gain", res.KalaiSmorodinsky, res.KalaiSmorodinskyCount},
		{"Egalitarian", "max of the smallest gain", res.Egalitarian, res.EgalitarianCount},
		{"Utilitarian", "max total utility", res.Utilitarian, res.UtilitarianCount},
	} {
		p("\n  %s (%s)", bp.name, bp.about)
		if len(bp.pts) == 0 {
			p(": no acceptable outcome\n")
			continue
		}
		listed := big.NewInt(int64(len(bp.pts)))
		count := bp.count
		if count == nil {
			count = listed
		}
		if count.Cmp(big.NewInt(1)) > 0 {
			p(": %s tied outcomes", groupDigits(count))
		}
		p("\n")
		for k, pt := range bp.pts {
			if k == 5 {
				more := new(big.Int).Sub(count, big.NewInt(int64(k)))
				if count.Cmp(listed) > 0 {
					p("    ... and %s more (%s listed in --json)\n", groupDigits(more), groupDigits(listed))
				} else {
					p("    ... and %s more (see --json)\n", groupDigits(more))
				}
				break
			}
			writePoint(ew, s, res, pt)
		}
	}
}

// textRanges writes the agreement ranges and, when no outcome is acceptable, the conflicts
// and the relaxations that would open a zone of agreement.
func textRanges(ew *errWriter, s *parley.Scenario, res *analysis.Result) {
	p := ew.printf
	p("\nAgreement ranges (values found in at least one acceptable outcome)\n")
	width := 0
	for _, r := range res.Ranges {
		width = max(width, len(s.Issues[r.Issue].DisplayName())+1)
	}
	for _, r := range res.Ranges {
		is := s.Issues[r.Issue]
		p("  %-*s %s\n", width, is.DisplayName()+":", newRange(is, r.Allowed).Text)
	}
	if res.Ranges == nil {
		note := res.RangesNote
		if note == "" {
			note = "not computed"
		}
		p("  %s\n", note)
	}
	if len(res.Conflicts) > 0 || len(res.Relaxations) > 0 {
		p("\nNo outcome is acceptable to every party.\n")
		if len(res.Conflicts) > 0 {
			p("Conflicts:\n")
			for _, c := range res.Conflicts {
				p("  - %s\n", c.Text)
			}
		}
		if len(res.Relaxations) > 0 {
			p("Smallest relaxations that would open a zone of agreement:\n")
			for _, cs := range res.Relaxations {
				var parts []string
				for _, c := range cs {
					parts = append(parts, ConstraintText(s, c))
				}
				p("  - relax %s\n", strings.Join(parts, " and "))
			}
		}
	}
	if res.ConflictsNote != "" {
		p("Note: %s.\n", res.ConflictsNote)
	}
}

// ConstraintText names a constraint in words: "Ukraine's red line `donetsk_pct <= 0`".
func ConstraintText(s *parley.Scenario, c analysis.Constraint) string {
	who := s.Parties[c.Party].DisplayName()
	if c.Kind == "reservation" {
		return fmt.Sprintf("%s's reservation value %s", who, parley.FormatNumber(c.Reservation))
	}
	return fmt.Sprintf("%s's red line `%s`", who, c.RedLine)
}

func writePoint(ew *errWriter, s *parley.Scenario, res *analysis.Result, pt analysis.Point) {
	var us []string
	for k, i := range res.Parties {
		us = append(us, fmt.Sprintf("%s %.3f", s.Parties[i].DisplayName(), pt.Utility[k]))
	}
	for k, i := range res.Mediators {
		us = append(us, fmt.Sprintf("%s (mediator) %.3f", s.Parties[i].DisplayName(), pt.MediatorUtility[k]))
	}
	ew.printf("    utility: %s\n", strings.Join(us, ", "))
	var vs []string
	for i, is := range s.Issues {
		v := is.Value(pt.Outcome[i]).String()
		if is.Unit != "" {
			v += " " + is.Unit
		}
		vs = append(vs, fmt.Sprintf("%s = %s", is.DisplayName(), v))
	}
	ew.printf("    package: %s\n", strings.Join(vs, "; "))
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
