package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"parley"
	"parley/report"
)

type analysisData struct {
	Versions []*parley.VersionSummary
	V        *parley.VersionSummary
	A        *parley.Analytics
	WS       string
	// The mediator's: the summary, the frontier table, the utility space and the progress.
	Summary      *summary
	Frontier     *frontierTable
	FrontierNote string // why there is no frontier table
	Space        *spaceView
	Progress     []*parley.ProgressPoint
	Charts       []*chart // progress, one chart per series
}

// analysis serves GET /w/{ws}/analysis?v=: what the services let the member know of a
// version. The mediator gets a summary first (does a zone exist, the agreement ranges with
// units, what the version settles against them), the whole frontier as a table, the
// utility space and the progress over versions; a party gets its own assessment only. The
// services decide what each may know; the page shows what they return.
func (u *ui) analysis(w http.ResponseWriter, r *http.Request, me *signedIn) {
	d, err := u.analysisOf(ctxFor(r.Context(), me), me, r.URL.Query())
	if err != nil {
		u.fail(w, r, me, err)
		return
	}
	u.render(w, r, http.StatusOK, "analysis", &page{Title: "Analysis", Me: me, Active: "analysis", Data: d})
}

func (u *ui) analysisOf(ctx context.Context, me *signedIn, q url.Values) (*analysisData, error) {
	ws := me.Workspace.ID
	vs, err := u.cfg.Plans.Versions(ctx, ws)
	if err != nil {
		return nil, err
	}
	d := &analysisData{WS: ws, Versions: vs}
	for _, v := range vs {
		if v.ID == q.Get("v") {
			d.V = v
		}
	}
	if d.V == nil {
		d.V = current(vs)
	}
	if d.V != nil {
		if d.A, err = u.cfg.Plans.Analytics(ctx, ws, d.V.ID); err != nil {
			return nil, err
		}
	}
	if !me.IsMediator() {
		return d, nil
	}
	var f *parley.Frontier
	if d.V != nil {
		if f, d.FrontierNote, err = u.frontier(ctx, me, d.V.ID); err != nil {
			return nil, err
		}
		d.Summary = newSummary(me, d.A, f)
		d.Frontier = newFrontierTable(me, f, q)
	}
	if d.Space, err = u.space(ctx, me, vs, f); err != nil {
		return nil, err
	}
	if d.Progress, err = u.cfg.Plans.Progress(ctx, ws); err != nil {
		return nil, err
	}
	d.Charts = progressCharts(d.Progress)
	return d, nil
}

// frontier returns the whole frontier with version's ranges, or nil and why not when the
// services refuse it (not every party shares, no frontier service).
func (u *ui) frontier(ctx context.Context, me *signedIn, version string) (*parley.Frontier, string, error) {
	if u.cfg.Frontier == nil {
		return nil, "this server does not offer the frontier", nil
	}
	f, err := u.cfg.Frontier.Frontier(ctx, me.Workspace.ID, version)
	switch parley.ErrorCode(err) {
	case "":
		return f, "", nil
	case parley.EFORBIDDEN, parley.EINVALID:
		return nil, parley.ErrorMessage(err), nil
	}
	return nil, "", err
}

// summary is what the analysis page says first: whether a zone of possible agreement
// exists, whether the version is acceptable to every party, and per issue the agreement
// range beside what the version settles, with the values outside their range marked.
type summary struct {
	Joint      *parley.Joint // nil when the joint results may not be computed
	JointNote  string
	Ranges     []rangeRow
	Outside    int    // issues the version binds outside their agreement range
	RangesNote string // why the ranges are missing
}

type rangeRow struct {
	Issue, Label  string
	Range, Value  string // with units
	Inside        *bool  // nil: open, or the range is unknown
	Nash, KS      string
	Open, Unknown bool
}

func newSummary(me *signedIn, a *parley.Analytics, f *parley.Frontier) *summary {
	s := &summary{}
	if a == nil || a.Mediator == nil {
		return s
	}
	s.Joint, s.JointNote = a.Mediator.Joint, a.Mediator.JointNote
	byIssue := map[string]parley.IssueRange{}
	if f != nil {
		for _, r := range f.Ranges {
			byIssue[r.Issue] = r
		}
	} else {
		s.RangesNote = "the agreement ranges need every party to share its profile with you"
	}
	for _, is := range me.Workspace.Issues {
		row := rangeRow{Issue: is.ID, Label: me.IssueLabel(is.ID)}
		v, bound := a.Outcome[is.ID]
		row.Value, row.Open = me.IssueValue(is.ID, v), !bound
		if r, ok := byIssue[is.ID]; ok {
			row.Range, row.Inside = withUnit(me, is.ID, r.Range), r.Inside
			if r.Inside != nil && !*r.Inside {
				s.Outside++
			}
		} else {
			row.Unknown = true
		}
		if j := s.Joint; j != nil {
			row.Nash, row.KS = me.IssueValue(is.ID, j.Nash[is.ID]), me.IssueValue(is.ID, j.KalaiSmorodinsky[is.ID])
		}
		s.Ranges = append(s.Ranges, row)
	}
	return s
}

// withUnit writes an agreement range of issue id with its unit ("0-40 km"); "none" and
// notes stay as they are.
func withUnit(me *signedIn, id, r string) string {
	if r == "none" || strings.HasPrefix(r, "not computed") {
		return r
	}
	return me.IssueValue(id, r)
}

// progressCharts draws the progress over published versions as report.ProgressCharts does
// for the CLI: one chart per measure.
func progressCharts(ps []*parley.ProgressPoint) []*chart {
	var out []*chart
	for _, c := range report.ProgressCharts(ps) {
		out = append(out, &chart{c: c})
	}
	return out
}
