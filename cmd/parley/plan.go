package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"parley"
	"parley/httpapi"
)

func runPlan(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("plan", "plan list | show [VERSION] | diff FROM TO | analytics [VERSION] | progress [--svg FILE] | draft TITLE [--based-on V] | edit VERSION|draft OPS.json | publish VERSION|draft\n\nVERSION is an id, a plan number, latest, or draft (your newest draft).", stderr)
	rf := remoteFlags(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	basedOn := fs.String("based-on", "", "draft: copy the points of this version")
	svg := fs.String("svg", "", "progress: also draw the chart to this SVG file")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		fs.Usage()
		return 2
	}
	c, me, err := rf.connect(ctx)
	if err != nil {
		return failRemote(stderr, "plan", err)
	}
	ws := me.Workspace
	version := func(i int) (string, error) {
		if len(pos) <= i {
			return resolveVersion(ctx, c, ws, "latest")
		}
		return resolveVersion(ctx, c, ws, pos[i])
	}
	switch pos[0] {
	case "list":
		vs, err := c.Versions(ctx, ws)
		if err != nil {
			return failRemote(stderr, "plan", err)
		}
		if *asJSON {
			printJSON(stdout, vs)
			return 0
		}
		for _, v := range vs {
			num := "-"
			if v.Number > 0 {
				num = fmt.Sprint(v.Number)
			}
			fmt.Fprintf(stdout, "%-3s %-19s %-5s %-9s %3d points  %-14s %s\n", num, v.ID, v.Kind, v.Status, v.Points, v.Author, v.Title)
		}
	case "show":
		id, err := version(1)
		if err != nil {
			return failRemote(stderr, "plan", err)
		}
		v, err := c.Version(ctx, ws, id)
		if err != nil {
			return failRemote(stderr, "plan", err)
		}
		if *asJSON {
			printJSON(stdout, v)
			return 0
		}
		fmt.Fprintf(stdout, "%s (%s, %s, by %s)\n", v.Title, v.ID, v.Status, v.Author)
		if v.Hash != "" {
			fmt.Fprintf(stdout, "content hash %s\n", v.Hash)
		}
		for _, p := range v.Points {
			if p.Hidden {
				fmt.Fprintf(stdout, "\n%2d. (not disclosed to you)\n", p.Number)
				continue
			}
			fmt.Fprintf(stdout, "\n%2d. %s  [%s]\n    %s\n", p.Number, p.Title, p.ID, p.Text)
			if len(p.Bindings) > 0 {
				fmt.Fprintf(stdout, "    binds: %s\n", joinMap(p.Bindings))
			}
			if len(p.VisibleTo) > 0 {
				fmt.Fprintf(stdout, "    visible to: %s\n", strings.Join(p.VisibleTo, ", "))
			}
		}
	case "diff":
		if len(pos) != 3 {
			return usageError(fs, stderr, "plan diff needs two versions, FROM and TO (for example: plan diff 1 2)", pos[1:])
		}
		a, err := resolveVersion(ctx, c, ws, pos[1])
		if err != nil {
			return failRemote(stderr, "plan", err)
		}
		b, err := resolveVersion(ctx, c, ws, pos[2])
		if err != nil {
			return failRemote(stderr, "plan", err)
		}
		d, err := c.Diff(ctx, ws, a, b)
		if err != nil {
			return failRemote(stderr, "plan", err)
		}
		if *asJSON {
			printJSON(stdout, d)
			return 0
		}
		for _, e := range d.Entries {
			var notes []string
			if e.Moved {
				notes = append(notes, "moved")
			}
			if e.ByContent {
				notes = append(notes, "paired by similar content")
			}
			note := ""
			if len(notes) > 0 {
				note = "  (" + strings.Join(notes, ", ") + ")"
			}
			fmt.Fprintf(stdout, "%-9s %-12s -> %-8s %s%s\n", e.Change, nums(e.FromPoints), nums(e.ToPoints), e.Title, note)
			if e.TitleWords != nil {
				fmt.Fprintf(stdout, "          title: %s\n", wordsText(e.TitleWords))
			}
			if e.Words != nil {
				fmt.Fprintf(stdout, "          %s\n", wordsText(e.Words))
			}
			for _, b := range e.Bindings {
				from, to := b.From, b.To
				if from == "" {
					from = "(not bound)"
				}
				if to == "" {
					to = "(not bound)"
				}
				fmt.Fprintf(stdout, "          binds %s: %s -> %s\n", b.Issue, from, to)
			}
			if v := e.Visibility; v != nil {
				fmt.Fprintf(stdout, "          visible to: %s -> %s\n", audience(v.From), audience(v.To))
			}
		}
		fmt.Fprintf(stdout, "\n%d kept, %d reworded, %d merged, %d split, %d dropped, %d added\n", d.Counts[parley.ChangeKept], d.Counts[parley.ChangeReworded],
			d.Counts[parley.ChangeMerged], d.Counts[parley.ChangeSplit], d.Counts[parley.ChangeDropped], d.Counts[parley.ChangeAdded])
	case "analytics":
		id, err := version(1)
		if err != nil {
			return failRemote(stderr, "plan", err)
		}
		a, err := c.Analytics(ctx, ws, id)
		if err != nil {
			return failRemote(stderr, "plan", err)
		}
		if *asJSON {
			printJSON(stdout, a)
			return 0
		}
		printAnalytics(stdout, a)
	case "progress":
		p, err := c.Progress(ctx, ws)
		if err != nil {
			return failRemote(stderr, "plan", err)
		}
		if *svg != "" {
			if err := os.WriteFile(*svg, []byte(progressSVG(p)), 0o644); err != nil {
				return failRemote(stderr, "plan", parley.Errorf(parley.EINVALID, "%v", err))
			}
		}
		if *asJSON {
			printJSON(stdout, p)
			return 0
		}
		for _, pt := range p {
			gain := "unknown"
			if pt.MinGain != nil {
				gain = fmt.Sprintf("%+.3f", *pt.MinGain)
			}
			fmt.Fprintf(stdout, "version %-3d %s  %2d of %2d points accepted by every party, smallest gain over reservation %s\n",
				pt.Number, pt.PublishedAt.Format("2006-01-02"), pt.AcceptedByAll, pt.Points, gain)
		}
	case "draft":
		if len(pos) != 2 {
			return usageError(fs, stderr, "plan draft needs one TITLE (quote it if it has spaces)", pos[1:])
		}
		d := &parley.DraftCreate{Title: pos[1]}
		if *basedOn != "" {
			if d.BasedOn, err = resolveVersion(ctx, c, ws, *basedOn); err != nil {
				return failRemote(stderr, "plan", err)
			}
		}
		v, err := c.CreateDraft(ctx, ws, d)
		if err != nil {
			return failRemote(stderr, "plan", err)
		}
		fmt.Fprintf(stdout, "draft %s rev %d, %d points\n", v.ID, v.Rev, len(v.Points))
	case "edit":
		if len(pos) != 3 {
			return usageError(fs, stderr, "plan edit needs the draft (VERSION or draft) and the OPS.json file", pos[1:])
		}
		data, err := os.ReadFile(pos[2])
		if err != nil {
			return failRemote(stderr, "plan", parley.Errorf(parley.EINVALID, "%v", err))
		}
		var ops []parley.PointOp
		if err := httpapi.Decode(data, &ops); err != nil {
			if e, ok := err.(*parley.Error); ok {
				e.File = pos[2]
			}
			return failRemote(stderr, "plan", err)
		}
		id, err := resolveVersion(ctx, c, ws, pos[1])
		if err != nil {
			return failRemote(stderr, "plan", err)
		}
		v, err := c.Version(ctx, ws, id)
		if err != nil {
			return failRemote(stderr, "plan", err)
		}
		if v, err = c.EditDraft(ctx, ws, v.ID, v.Rev, ops); err != nil {
			return failRemote(stderr, "plan", err)
		}
		fmt.Fprintf(stdout, "draft %s rev %d, %d points\n", v.ID, v.Rev, len(v.Points))
	case "publish":
		if len(pos) != 2 {
			return usageError(fs, stderr, "plan publish needs one draft (VERSION or draft)", pos[1:])
		}
		id, err := resolveVersion(ctx, c, ws, pos[1])
		if err != nil {
			return failRemote(stderr, "plan", err)
		}
		v, err := c.Version(ctx, ws, id)
		if err != nil {
			return failRemote(stderr, "plan", err)
		}
		if v, err = c.Publish(ctx, ws, v.ID, v.Rev); err != nil {
			return failRemote(stderr, "plan", err)
		}
		fmt.Fprintf(stdout, "published %s as number %d, content hash %s\n", v.ID, v.Number, v.Hash)
	default:
		fmt.Fprintf(stderr, "parley plan: unknown subcommand %q\n", pos[0])
		fs.Usage()
		return 2
	}
	return 0
}

func nums(ns []int) string {
	if len(ns) == 0 {
		return "-"
	}
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, "+")
}

func joinMap(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for i, k := range keys {
		keys[i] = k + "=" + m[k]
	}
	return strings.Join(keys, ", ")
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

// wordsText writes a word diff as [-removed-]{+added+}, one line.
func wordsText(ws []parley.WordDiff) string {
	var b strings.Builder
	for _, w := range ws {
		switch w.Op {
		case "-":
			b.WriteString("[-" + w.Text + "-]")
		case "+":
			b.WriteString("{+" + w.Text + "+}")
		default:
			b.WriteString(w.Text)
		}
	}
	return strings.ReplaceAll(b.String(), "\n", " | ")
}

func audience(ids []string) string {
	if len(ids) == 0 {
		return "everyone"
	}
	return strings.Join(ids, ", ")
}
