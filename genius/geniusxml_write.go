package genius

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"parley"
)

// issuePlan says how one issue is written to GENIUS.
type issuePlan struct {
	typ      string // discrete, integer or real
	asValues bool   // a number issue written as a discrete issue of its values
}

// planIssues decides how each issue is written: a number issue stays a number issue when
// every party's value function is a clamped line, which is all GENIUS evaluators hold;
// otherwise it becomes a discrete issue of its values (and a warning says so).
func planIssues(s *parley.Scenario, ps []*parley.Party) ([]issuePlan, []parley.Warning) {
	plans := make([]issuePlan, len(s.Issues))
	var ws []parley.Warning
	for i, is := range s.Issues {
		if is.Kind == parley.KindOptions {
			plans[i].typ = "discrete"
			continue
		}
		plans[i].typ = string(is.Kind)
		for _, p := range ps {
			f := p.Profile.Values[is.ID]
			if f == nil || p.Profile.Weights[is.ID] == 0 {
				continue
			}
			xs, ys := issueValues(is, f)
			if _, _, ok := linearFit(xs, ys, x0(is)); !ok {
				plans[i] = issuePlan{typ: "discrete", asValues: true}
				ws = append(ws, parley.Warning{Field: "issues." + is.ID,
					Message: fmt.Sprintf("written as a discrete issue of its %d values: %s's value function is not a clamped line, the only function GENIUS holds for number issues", is.Size(), p.ID)})
				break
			}
		}
		if is.Kind == parley.KindInteger && is.Step != 1 && !plans[i].asValues {
			ws = append(ws, parley.Warning{Field: "issues." + is.ID + ".step",
				Message: fmt.Sprintf("step %s kept in a parley attribute; GENIUS itself ignores it and offers every integer from %s to %s", num(is.Step), num(is.Min), num(is.Max))})
		}
	}
	return plans, ws
}

// x0 is where GENIUS measures a linear evaluator from: the lower bound of an integer
// issue, zero for a real one.
func x0(is *parley.Issue) float64 {
	if is.Kind == parley.KindReal {
		return 0
	}
	return is.Min
}

// WriteDir writes s as a GENIUS folder: a domain file named after the scenario and one
// profile per party, named after its id. It returns a warning for everything GENIUS cannot
// hold (red lines, mediators, observers, descriptions, display names), each saying what was
// dropped; it fails when a profile cannot be written without changing its utilities.
func WriteDir(dir string, s *parley.Scenario) ([]parley.Warning, error) {
	warns := commonDrops(s, false)
	if err := checkIssues(s); err != nil {
		return warns, err
	}
	ps := exported(s)
	if len(ps) == 0 {
		return warns, parley.Errorf(parley.EINVALID, "no party with a profile: a GENIUS folder needs at least one profile")
	}
	plans, w := planIssues(s, ps)
	warns = append(warns, w...)
	name := s.Name
	if name == "" {
		name = "domain"
	}
	name = fileName(name)
	files, err := fileNames(name, ps, ".xml")
	if err != nil {
		return warns, err
	}
	// Render every profile before touching the folder, so a failure writes nothing.
	bodies := make([][]byte, len(ps))
	for k, p := range ps {
		var b bytesWriter
		w, err := writeProfile(&b, s, plans, p)
		warns = append(warns, w...)
		if err != nil {
			return warns, err
		}
		bodies[k] = b.buf
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return warns, err
	}
	if err := writeFile(filepath.Join(dir, name+".xml"), func(w io.Writer) error { return writeDomain(w, s, plans) }); err != nil {
		return warns, err
	}
	for k := range ps {
		if err := os.WriteFile(filepath.Join(dir, files[k]), bodies[k], 0o644); err != nil {
			return warns, err
		}
	}
	return warns, nil
}

type bytesWriter struct{ buf []byte }

func (b *bytesWriter) Write(p []byte) (int, error) { b.buf = append(b.buf, p...); return len(p), nil }

// issueOpen writes an issue's opening tag (self-closed when body is false).
func issueOpen(w io.Writer, k int, is *parley.Issue, pl issuePlan, body bool) {
	fmt.Fprintf(w, `  <issue index="%d" name="%s" type="%s" etype="%s" vtype="%s"`, k+1, esc(is.ID), pl.typ, pl.typ, pl.typ)
	if !pl.asValues && is.Kind != parley.KindOptions {
		fmt.Fprintf(w, ` lowerbound="%s" upperbound="%s"`, num(is.Min), num(is.Max))
		if is.Kind == parley.KindReal || is.Step != 1 {
			fmt.Fprintf(w, ` step="%s"`, num(is.Step))
		}
	}
	if is.Unit != "" {
		fmt.Fprintf(w, ` unit="%s"`, esc(is.Unit))
	}
	if body {
		fmt.Fprintln(w, ">")
	} else {
		fmt.Fprintln(w, "/>")
	}
}

func optionNames(is *parley.Issue) []string {
	if is.Kind == parley.KindOptions {
		return is.Options
	}
	ns := make([]string, is.Size())
	for k := range ns {
		ns[k] = is.Value(k).String()
	}
	return ns
}

func writeDomain(w io.Writer, s *parley.Scenario, plans []issuePlan) error {
	fmt.Fprintln(w, "<negotiation_template>")
	fmt.Fprintf(w, "<utility_space number_of_issues=\"%d\">\n", len(s.Issues))
	fmt.Fprintf(w, "<objective index=\"0\" name=\"%s\" type=\"objective\" etype=\"objective\">\n", esc(s.Name))
	for k, is := range s.Issues {
		discrete := plans[k].typ == "discrete"
		issueOpen(w, k, is, plans[k], discrete)
		if discrete {
			for j, o := range optionNames(is) {
				fmt.Fprintf(w, "    <item index=\"%d\" value=\"%s\"/>\n", j+1, esc(o))
			}
			fmt.Fprintln(w, "  </issue>")
		}
	}
	fmt.Fprintln(w, "</objective>")
	fmt.Fprintln(w, "</utility_space>")
	fmt.Fprintln(w, "</negotiation_template>")
	return nil
}

// writeProfile writes one profile. A profile with both weighted issues and rectangle terms
// loses its rectangles (GENIUS holds one kind or the other), with a warning for each.
func writeProfile(w io.Writer, s *parley.Scenario, plans []issuePlan, p *parley.Party) ([]parley.Warning, error) {
	pr := p.Profile
	if _, err := s.Compile(pr); err != nil {
		return nil, fmt.Errorf("profile of %q: %w", p.ID, err)
	}
	var warns []parley.Warning
	if len(pr.Rectangles) > 0 && weighted(pr) {
		pr, warns = dropRects(s, p, "GENIUS holds either an additive or a hyper-rectangle profile, not both")
		cp := *p
		cp.Profile = pr
		p = &cp
	}
	nonlinear := len(pr.Rectangles) > 0
	if nonlinear {
		fmt.Fprintln(w, `<utility_space type="nonlinear">`)
	} else {
		fmt.Fprintln(w, "<utility_space>")
	}
	fmt.Fprintln(w, `<objective index="0" name="root" type="objective" etype="objective">`)
	if nonlinear {
		for k, is := range s.Issues {
			issueOpen(w, k, is, plans[k], false)
		}
		if err := writeRects(w, s, plans, p); err != nil {
			return warns, err
		}
	} else {
		for k, is := range s.Issues {
			if err := writeEvaluator(w, k, is, plans[k], p); err != nil {
				return warns, err
			}
		}
	}
	fmt.Fprintln(w, "</objective>")
	fmt.Fprintf(w, "<reservation value=\"%s\"/>\n", num(pr.Reservation))
	if pr.Discount != 0 {
		fmt.Fprintf(w, "<discount_factor value=\"%s\"/>\n", num(pr.Discount))
	}
	fmt.Fprintln(w, "</utility_space>")
	return warns, nil
}

// writeEvaluator writes one issue of an additive profile and its weight. GENIUS divides
// discrete evaluations by the issue's largest, so evaluations are written scaled to a best
// of 1 and the weight multiplied by the scale: the utilities stay the same.
func writeEvaluator(w io.Writer, k int, is *parley.Issue, pl issuePlan, p *parley.Party) error {
	pr := p.Profile
	wt := pr.Weights[is.ID]
	f := pr.Values[is.ID]
	field := fmt.Sprintf("parties.%s.values.%s", p.ID, is.ID)
	if pl.typ == "discrete" {
		names := optionNames(is)
		vals := make([]float64, len(names))
		top := 0.0
		for j := range names {
			if f != nil {
				if is.Kind == parley.KindOptions {
					vals[j] = f.Options[names[j]]
				} else {
					vals[j] = f.Eval(is.Value(j))
				}
			}
			if vals[j] < 0 {
				return parley.FieldErrorf(field, "negative value %s for %q; GENIUS evaluations are >= 0", num(vals[j]), names[j])
			}
			top = max(top, vals[j])
		}
		issueOpen(w, k, is, pl, true)
		for j, n := range names {
			e := vals[j]
			if top > 0 {
				e /= top
			}
			fmt.Fprintf(w, "    <item index=\"%d\" value=\"%s\" evaluation=\"%s\"/>\n", j+1, esc(n), num(e))
		}
		fmt.Fprintln(w, "  </issue>")
		fmt.Fprintf(w, "  <weight index=\"%d\" value=\"%s\"/>\n", k+1, num(wt*top))
		return nil
	}
	slope, offset := 0.0, 0.0
	if f != nil && wt != 0 {
		xs, ys := issueValues(is, f)
		var ok bool
		if slope, offset, ok = linearFit(xs, ys, x0(is)); !ok {
			return parley.FieldErrorf(field, "not a clamped line") // planIssues rules this out
		}
	}
	issueOpen(w, k, is, pl, true)
	fmt.Fprintf(w, "    <evaluator ftype=\"linear\" slope=\"%s\" offset=\"%s\"/>\n", num(slope), num(offset))
	fmt.Fprintln(w, "  </issue>")
	fmt.Fprintf(w, "  <weight index=\"%d\" value=\"%s\"/>\n", k+1, num(wt))
	return nil
}

func writeRects(w io.Writer, s *parley.Scenario, plans []issuePlan, p *parley.Party) error {
	fmt.Fprintln(w, `  <utility maxutility="1">`)
	fmt.Fprintln(w, `    <ufun type="PlainUfun" weight="1" aggregation="sum">`)
	for ri, r := range p.Profile.Rectangles {
		fmt.Fprintf(w, "      <hyperRectangle utility=\"%s\">\n", num(r.Utility))
		for _, b := range r.Bounds {
			i := s.Issue(b.Issue)
			if s.Issues[i].Kind == parley.KindOptions || plans[i].asValues {
				return parley.FieldErrorf(fmt.Sprintf("parties.%s.rectangles[%d]", p.ID, ri), "a bound on the discrete issue %q; GENIUS hyper-rectangles bound only number issues", b.Issue)
			}
			fmt.Fprintf(w, "        <INCLUDES index=\"%d\" min=\"%s\" max=\"%s\"/>\n", i+1, num(b.Min), num(b.Max))
		}
		fmt.Fprintln(w, "      </hyperRectangle>")
	}
	fmt.Fprintln(w, "    </ufun>")
	fmt.Fprintln(w, "  </utility>")
	return nil
}
