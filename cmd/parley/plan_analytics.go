package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"parley"
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

// progressSVG draws points accepted by all per version as a simple line chart.
func progressSVG(ps []*parley.ProgressPoint) string {
	const w, h, pad = 480, 240, 40
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="Points accepted by every party, per version">`, w, h, w, h)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/><line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>`, pad, h-pad, w-pad, h-pad)
	fmt.Fprintf(&b, `<text x="%d" y="20" font-family="sans-serif" font-size="13">Points accepted by every party, per version</text>`, pad)
	maxY := 1
	for _, p := range ps {
		maxY = max(maxY, p.Points)
	}
	var pts []string
	for i, p := range ps {
		x := pad + (w-2*pad)*i/max(1, len(ps)-1)
		y := h - pad - (h-2*pad)*p.AcceptedByAll/maxY
		pts = append(pts, fmt.Sprintf("%d,%d", x, y))
		fmt.Fprintf(&b, `<circle cx="%d" cy="%d" r="4"/><text x="%d" y="%d" font-family="sans-serif" font-size="11">v%d: %d/%d</text>`, x, y, x-10, h-pad+16, p.Number, p.AcceptedByAll, p.Points)
	}
	fmt.Fprintf(&b, `<polyline fill="none" stroke="steelblue" stroke-width="2" points="%s"/></svg>`+"\n", strings.Join(pts, " "))
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
