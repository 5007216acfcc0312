package web

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"slices"
	"strings"

	"parley"
)

//go:embed templates
var templateFS embed.FS

// parseTemplates parses every page template together with the layout and the shared
// partials, so each page is its own template set ("content" differs per page).
func (u *ui) parseTemplates() (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"asset":       u.assets.url,
		"markdown":    renderMarkdown,
		"pct":         func(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) },
		"num":         parley.FormatNumber,
		"f2":          func(x float64) string { return fmt.Sprintf("%.2f", x) },
		"f3":          func(x float64) string { return fmt.Sprintf("%.3f", x) },
		"join":        strings.Join,
		"add":         func(a, b int) int { return a + b },
		"marks":       func() []string { return []string{"accept", "reject", "amend", "reserve"} },
		"stanceForm":  func(d *versionData, p *parley.PlanPoint) stanceForm { return stanceForm{D: d, P: p} },
		"pointEditor": func(d *versionData, p *parley.PlanPoint) stanceForm { return stanceForm{D: d, P: p} },
		"fields":      newPointFields,
		"hasValue":    func(v url.Values, key, val string) bool { return slices.Contains(v[key], val) },
		"versionName": versionName,
		"shortHash":   shortHash,
		"fieldError": func(f pointFields, name string) fieldError {
			return fieldError{ID: strings.NewReplacer(".", "-", "_", "-").Replace(name) + f.K + "-" + f.ID, Message: f.Invalid[name]}
		},
		"sigOf": func(r *parley.Ratification, party string) *parley.Signature {
			for i := range r.Signatures {
				if r.Signatures[i].Party == party {
					return &r.Signatures[i]
				}
			}
			return nil
		},
		"deref": func(b *bool) bool { return b != nil && *b },
		"summaryOf": func(me *signedIn, v *parley.VersionSummary, s *summary) any {
			return struct {
				Me *signedIn
				V  *parley.VersionSummary
				S  *summary
			}{me, v, s}
		},
		"frontierOf": func(me *signedIn, ws string, t *frontierTable) any {
			return struct {
				Me *signedIn
				WS string
				T  *frontierTable
			}{me, ws, t}
		},
		"spaceOf": func(me *signedIn, sp *spaceView) any {
			return struct {
				Me    *signedIn
				Space *spaceView
			}{me, sp}
		},
		"jointShown": func(me *signedIn, j *parley.Joint) any {
			return struct {
				Me *signedIn
				J  *parley.Joint
			}{me, j}
		},
		"versionList": func(me *signedIn, vs []*parley.VersionSummary) any {
			return struct {
				WS       string
				Me       *signedIn
				Versions []*parley.VersionSummary
			}{me.Workspace.ID, me, vs}
		},
	}
	entries, err := fs.ReadDir(templateFS, "templates")
	if err != nil {
		return nil, err
	}
	var pages, shared []string
	for _, e := range entries {
		n := e.Name()
		switch {
		case n == "layout.html" || strings.HasPrefix(n, "partial_"):
			shared = append(shared, "templates/"+n)
		case strings.HasSuffix(n, ".html"):
			pages = append(pages, n)
		}
	}
	out := map[string]*template.Template{}
	for _, p := range pages {
		t, err := template.New(p).Funcs(funcs).ParseFS(templateFS, append(append([]string{}, shared...), "templates/"+p)...)
		if err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", p, err)
		}
		out[strings.TrimSuffix(p, ".html")] = t
	}
	return out, nil
}
