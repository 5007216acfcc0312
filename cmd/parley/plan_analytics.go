package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"parley"
	"parley/internal/svgchart"
	"parley/report"
)

// analytics prints what a version is worth, as the member may see it.
func (p *planCmd) analytics() error {
	id, err := p.version(1)
	if err != nil {
		return err
	}
	a, err := p.c.Analytics(p.ctx, p.ws, id)
	if err != nil || p.printedJSON(a) {
		return err
	}
	printAnalytics(p.stdout, a)
	return nil
}

// progress prints, per published version, the points every party accepts (the mediator's).
func (p *planCmd) progress() error {
	ps, err := p.c.Progress(p.ctx, p.ws)
	if err != nil {
		return err
	}
	if p.svg != "" {
		if err := os.WriteFile(p.svg, []byte(progressSVG(ps)), 0o644); err != nil {
			return parley.Errorf(parley.EINVALID, "%v", err)
		}
	}
	if p.printedJSON(ps) {
		return nil
	}
	for _, pt := range ps {
		gain := "unknown"
		if pt.MinGain != nil {
			gain = fmt.Sprintf("%+.3f", *pt.MinGain)
		}
		fmt.Fprintf(p.stdout, "version %-3d %s  %2d of %2d points accepted by every party, smallest gain over reservation %s\n",
			pt.Number, pt.PublishedAt.Format("2006-01-02"), pt.AcceptedByAll, pt.Points, gain)
	}
	return nil
}

// progressSVG draws the progress charts the web UI shows, one under the other.
func progressSVG(ps []*parley.ProgressPoint) string {
	cs := report.ProgressCharts(ps)
	if len(cs) == 0 {
		cs = []*svgchart.Chart{{Title: "No published version yet", Width: 480, Height: 240}}
	}
	var b strings.Builder
	_ = svgchart.Grid(&b, 1, cs) // a strings.Builder does not fail
	return b.String()
}

// printAnalytics writes a version's analytics in words; --json gives every field.
func printAnalytics(w io.Writer, a *parley.Analytics) {
	fmt.Fprintf(w, "version %s\n", a.Version)
	if len(a.Outcome) > 0 {
		fmt.Fprintf(w, "  settles:    %s\n", joinMap(a.Outcome))
	}
	if len(a.Open) > 0 {
		fmt.Fprintf(w, "  open:       %s\n", strings.Join(a.Open, ", "))
	}
	for _, c := range a.Conflicts {
		var ps []string
		for i, n := range c.Points {
			ps = append(ps, fmt.Sprintf("point %d binds %s", n, c.Values[i]))
		}
		fmt.Fprintf(w, "  bound twice to different values: %s (%s)\n", c.Issue, strings.Join(ps, ", "))
	}
	if o := a.Own; o != nil {
		fmt.Fprintf(w, "  worth to you (%s): %s (reservation %.3f): %s", o.Party, utilityText(o), o.Reservation, verdictText(o.Verdict))
		if len(o.Crossed) > 0 {
			fmt.Fprintf(w, "; crosses your red lines %s", strings.Join(o.Crossed, "; "))
		} else if len(o.AtRisk) > 0 {
			fmt.Fprintf(w, "; some ways to settle the open issues cross your red lines %s", strings.Join(o.AtRisk, "; "))
		}
		fmt.Fprintln(w)
	}
	if j := a.Joint; j != nil {
		fmt.Fprintf(w, "  acceptable to every party (from %s): %s\n", strings.Join(j.Counted, ", "), verdictText(j.AcceptableToAll))
	}
	if m := a.Mediator; m != nil {
		if j := m.Joint; j != nil {
			fmt.Fprintf(w, "  acceptable to every party (from %s): %s\n", strings.Join(j.Counted, ", "), verdictText(j.AcceptableToAll))
		} else if m.JointNote != "" {
			fmt.Fprintf(w, "  joint results: %s\n", m.JointNote)
		}
		if len(m.Private) > 0 {
			fmt.Fprintf(w, "  private profiles (not used): %s\n", strings.Join(m.Private, ", "))
		}
		if len(m.Missing) > 0 {
			fmt.Fprintf(w, "  no profile yet: %s\n", strings.Join(m.Missing, ", "))
		}
		if m.FrontierDistance != nil {
			fmt.Fprintf(w, "  distance to the Pareto frontier: %.3f\n", *m.FrontierDistance)
		} else if m.FrontierNote != "" {
			fmt.Fprintf(w, "  distance to the Pareto frontier: %s\n", m.FrontierNote)
		}
		fmt.Fprintf(w, "  Pareto improvements: %d\n", len(m.Improvements))
		for _, t := range m.Shared {
			fmt.Fprintf(w, "  worth to %s: %s (reservation %.3f): %s\n", t.Party, utilityText(t), t.Reservation, verdictText(t.Verdict))
		}
		if z := m.Zone; z != nil {
			if z.Exists {
				fmt.Fprintf(w, "  zone of possible agreement: exists\n")
			} else {
				fmt.Fprintf(w, "  zone of possible agreement: empty\n")
			}
			if len(z.Ranges) > 0 {
				fmt.Fprintf(w, "  agreement ranges: %s\n", joinMap(z.Ranges))
			}
			if len(z.Nash) > 0 {
				fmt.Fprintf(w, "  Nash: %s\n", joinMap(z.Nash))
			}
			if len(z.KalaiSmorodinsky) > 0 {
				fmt.Fprintf(w, "  Kalai-Smorodinsky: %s\n", joinMap(z.KalaiSmorodinsky))
			}
			for _, c := range z.Conflicts {
				fmt.Fprintf(w, "  conflict: %s\n", c)
			}
		}
	}
	fmt.Fprintf(w, "(--json prints every field)\n")
}

func utilityText(o *parley.PartyAnalytics) string {
	if o.Exact {
		return fmt.Sprintf("%.3f", o.UtilityMin)
	}
	return fmt.Sprintf("%.3f to %.3f, depending on the open issues", o.UtilityMin, o.UtilityMax)
}

// verdictText says a verdict in words.
func verdictText(v parley.Verdict) string {
	switch v {
	case parley.VerdictAcceptable:
		return "acceptable"
	case parley.VerdictPossible:
		return "acceptable for some ways to settle the open issues, not for all"
	}
	return "not acceptable"
}
