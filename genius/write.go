package genius

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"parley"
)

// Dropped lists what a conversion into a format could not hold, one warning each.
func dropped(field, format string, args ...any) parley.Warning {
	return parley.Warning{Field: field, Message: "dropped: " + fmt.Sprintf(format, args...)}
}

// commonDrops returns the warnings about what neither GENIUS format holds: the scenario's
// description, issue display names and order flags, parties without a profile,
// mediators and observers, display names of parties (unless keepNames), and red lines.
func commonDrops(s *parley.Scenario, keepNames bool) []parley.Warning {
	var ws []parley.Warning
	if s.Description != "" {
		ws = append(ws, dropped("description", "the scenario's description"))
	}
	for _, is := range s.Issues {
		if is.Name != "" && is.Name != is.ID {
			ws = append(ws, dropped("issues."+is.ID+".name", "the issue's display name %q (the id is kept)", is.Name))
		}
		if is.Ordered {
			ws = append(ws, dropped("issues."+is.ID+".ordered", "the options' order flag"))
		}
	}
	for _, p := range s.Parties {
		field := "parties." + p.ID
		switch {
		case p.Role != parley.RoleParty:
			ws = append(ws, dropped(field, "%s %q (the format knows only parties)", p.Role, p.ID))
			continue
		case p.Profile == nil:
			ws = append(ws, dropped(field, "party %q, which has no profile", p.ID))
			continue
		}
		if !keepNames && p.Name != "" && p.Name != p.ID {
			ws = append(ws, dropped(field+".name", "the display name %q (the file is named after the id)", p.Name))
		}
		for _, r := range p.Profile.RedLines {
			ws = append(ws, dropped(field+".red_lines", "red line `%s`", r))
		}
	}
	return ws
}

// exported returns the parties a GENIUS format holds: role party, with a profile.
func exported(s *parley.Scenario) []*parley.Party {
	var ps []*parley.Party
	for _, p := range s.Parties {
		if p.Role == parley.RoleParty && p.Profile != nil {
			ps = append(ps, p)
		}
	}
	return ps
}

// fileName turns an id into a safe file name (without extension).
func fileName(id string) string {
	var b strings.Builder
	for _, r := range id {
		switch {
		case r == '/' || r == '\\' || r == ':' || r < ' ' || r == '*' || r == '?' || r == '"' || r == '<' || r == '>' || r == '|':
			b.WriteRune('_')
		default:
			b.WriteRune(r)
		}
	}
	n := strings.TrimSpace(b.String())
	if n == "" || n == "." || n == ".." {
		n = "_" + n
	}
	return n
}

// fileNames assigns each party a distinct file name beside the domain's.
func fileNames(domain string, ps []*parley.Party, ext string) ([]string, error) {
	used := map[string]string{strings.ToLower(domain + ext): "the domain"}
	names := make([]string, len(ps))
	for i, p := range ps {
		n := fileName(p.ID) + ext
		if n != p.ID+ext {
			return nil, parley.FieldErrorf("parties."+p.ID, "the party id %q cannot be a file name; ids in the GENIUS formats name the profile's file", p.ID)
		}
		if other, ok := used[strings.ToLower(n)]; ok {
			return nil, parley.FieldErrorf("parties."+p.ID, "the profile file %s would clash with %s; rename the party or the scenario", n, other)
		}
		used[strings.ToLower(n)] = "party " + p.ID
		names[i] = n
	}
	return names, nil
}

// writeFile writes the output of fn to path through a temporary file.
func writeFile(path string, fn func(w io.Writer) error) error {
	var buf bytes.Buffer
	bw := bufio.NewWriter(&buf)
	if err := fn(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) //nolint:errcheck // a strings.Builder does not fail
	return b.String()
}

func num(x float64) string { return parley.FormatNumber(x) }

// linearFit returns slope and offset with clamp(slope*(x-x0)+offset, 0, 1) equal to
// ys[k] (within 1e-12) at every x = xs[k], or ok=false when no such line exists.
func linearFit(xs, ys []float64, x0 float64) (slope, offset float64, ok bool) {
	check := func(s, o float64) bool {
		for k, x := range xs {
			if math.Abs(parley.Clamp01(s*(x-x0)+o)-ys[k]) > 1e-12 {
				return false
			}
		}
		return true
	}
	if len(xs) == 1 || check(0, ys[0]) {
		return 0, ys[0], check(0, ys[0])
	}
	line := func(a, b int) (float64, float64) {
		s := (ys[b] - ys[a]) / (xs[b] - xs[a])
		return s, ys[a] - s*(xs[a]-x0)
	}
	// Two values strictly inside (0, 1) lie on the line itself.
	var inside []int
	for k, y := range ys {
		if y > 0 && y < 1 {
			inside = append(inside, k)
		}
	}
	if len(inside) >= 2 {
		s, o := line(inside[0], inside[len(inside)-1])
		return s, o, check(s, o)
	}
	// Otherwise try the lines through neighbouring values that differ.
	tries := 0
	for k := 0; k+1 < len(xs) && tries < 8; k++ {
		if ys[k] != ys[k+1] {
			tries++
			if s, o := line(k, k+1); check(s, o) {
				return s, o, true
			}
		}
	}
	return 0, 0, false
}

// issueValues returns the numeric values of a number issue and f's value at each.
func issueValues(is *parley.Issue, f *parley.ValueFunc) (xs, ys []float64) {
	n := is.Size()
	xs, ys = make([]float64, n), make([]float64, n)
	for k := 0; k < n; k++ {
		v := is.Value(k)
		xs[k], ys[k] = v.Float(), f.Eval(v)
	}
	return xs, ys
}

// checkIssues refuses issues a writer cannot enumerate: none with no values or more than
// MaxValues values (number issues are written value by value when their functions need it).
func checkIssues(s *parley.Scenario) error {
	for _, is := range s.Issues {
		if n := is.Size(); n == 0 || n > MaxValues {
			return parley.FieldErrorf("issues."+is.ID, "issue %q has %d values; the GENIUS formats are written for issues of 1 to %d values", is.ID, n, MaxValues)
		}
	}
	return nil
}

// dropRects returns the warnings for dropping every rectangle term of party p, and a copy
// of its profile without them.
func dropRects(s *parley.Scenario, p *parley.Party, why string) (*parley.Profile, []parley.Warning) {
	var ws []parley.Warning
	for ri, r := range p.Profile.Rectangles {
		var bs []string
		for _, b := range r.Bounds {
			if len(b.Options) > 0 || (s.Issue(b.Issue) >= 0 && s.Issues[s.Issue(b.Issue)].Kind == parley.KindOptions) {
				bs = append(bs, fmt.Sprintf("%s in [%s]", b.Issue, strings.Join(b.Options, ", ")))
			} else {
				bs = append(bs, fmt.Sprintf("%s in %s-%s", b.Issue, num(b.Min), num(b.Max)))
			}
		}
		ws = append(ws, dropped(fmt.Sprintf("parties.%s.rectangles[%d]", p.ID, ri), "rectangle term worth %s when %s (%s)", num(r.Utility), strings.Join(bs, " and "), why))
	}
	cp := *p.Profile
	cp.Rectangles = nil
	return &cp, ws
}

// weighted reports whether a profile has an additive part.
func weighted(pr *parley.Profile) bool {
	for _, w := range pr.Weights {
		if w != 0 {
			return true
		}
	}
	return false
}
