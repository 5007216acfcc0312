package web

import (
	"cmp"
	"encoding/csv"
	"encoding/json"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"parley"
	"parley/analysis"
)

// frontierPerPage is the number of outcomes a page of the frontier table shows.
const frontierPerPage = 25

// frontierTable is one page of the frontier, sorted as the mediator asked: the whole
// Pareto frontier (set "all") or the best acceptable packages (set "best").
type frontierTable struct {
	Set                         string
	Count, Acceptable, Best     string // exact counts, as analysis.FormatCount writes them
	Truncated                   bool
	Listed                      int // outcomes of the set listed (the table's rows over all pages)
	Issues                      []string
	Parties                     []string
	Sort                        string // "", "acc", "u:<party>", "i:<issue>"
	Desc                        bool
	Page, Pages, First, Last    int
	Rows                        []frontierRow
	Prev, Next, AllURL, BestURL string
	q                           url.Values
}

type frontierRow struct {
	Rank       int // the outcome's place in the frontier's order
	Values     []string
	Utils      []float64
	Acceptable bool
	Marks      string // the bargaining points it is
}

// newFrontierTable returns the page of f that q asks for (fset, fsort, fdir, fpage); nil
// when f is.
func newFrontierTable(me *signedIn, f *parley.Frontier, q url.Values) *frontierTable {
	if f == nil {
		return nil
	}
	t := &frontierTable{Set: "all", Count: grouped(f.Count), Acceptable: grouped(f.AcceptableCount), Best: grouped(f.BestCount),
		Truncated: f.Truncated, Parties: f.Parties, Sort: q.Get("fsort"), Desc: q.Get("fdir") == "desc", q: q}
	for _, is := range me.Workspace.Issues {
		t.Issues = append(t.Issues, is.ID)
	}
	pts := f.Points
	if q.Get("fset") == "best" {
		t.Set, pts = "best", f.Best
	}
	t.Listed = len(pts)
	order := sortFrontier(me, pts, t.Sort, t.Desc)
	t.Pages = max(1, (len(order)+frontierPerPage-1)/frontierPerPage)
	t.Page, _ = strconv.Atoi(q.Get("fpage"))
	t.Page = min(max(t.Page, 1), t.Pages)
	t.First = (t.Page - 1) * frontierPerPage
	t.Last = min(t.First+frontierPerPage, len(order))
	for _, i := range order[t.First:t.Last] {
		p := pts[i]
		row := frontierRow{Rank: i + 1, Acceptable: p.Acceptable, Marks: marksOf(f, p)}
		for _, id := range t.Issues {
			row.Values = append(row.Values, me.IssueValue(id, p.Outcome[id]))
		}
		for _, id := range t.Parties {
			row.Utils = append(row.Utils, p.Utility[id])
		}
		t.Rows = append(t.Rows, row)
	}
	if t.Page > 1 {
		t.Prev = t.link("fpage", strconv.Itoa(t.Page-1))
	}
	if t.Page < t.Pages {
		t.Next = t.link("fpage", strconv.Itoa(t.Page+1))
	}
	t.AllURL, t.BestURL = t.with(map[string]string{"fset": "", "fpage": ""}), t.with(map[string]string{"fset": "best", "fpage": ""})
	return t
}

// sortFrontier returns the indices of pts in the order asked: the frontier's own order, or
// by acceptability, a party's utility or an issue's value (numbers as numbers, options in
// the issue's order), ties in the frontier's order.
func sortFrontier(me *signedIn, pts []parley.FrontierPoint, key string, desc bool) []int {
	order := make([]int, len(pts))
	for i := range order {
		order[i] = i
	}
	var less func(a, b parley.FrontierPoint) int
	switch {
	case key == "acc":
		less = func(a, b parley.FrontierPoint) int { return boolCmp(a.Acceptable, b.Acceptable) }
	case strings.HasPrefix(key, "u:"):
		id := key[2:]
		less = func(a, b parley.FrontierPoint) int { return cmp.Compare(a.Utility[id], b.Utility[id]) }
	case strings.HasPrefix(key, "i:"):
		is := issueOf(me, key[2:])
		if is == nil {
			return order
		}
		less = func(a, b parley.FrontierPoint) int {
			return cmp.Compare(valueRank(is, a.Outcome[is.ID]), valueRank(is, b.Outcome[is.ID]))
		}
	default:
		if desc {
			slices.Reverse(order)
		}
		return order
	}
	slices.SortStableFunc(order, func(i, j int) int {
		if desc {
			return less(pts[j], pts[i])
		}
		return less(pts[i], pts[j])
	})
	return order
}

func issueOf(me *signedIn, id string) *parley.Issue {
	for _, is := range me.Workspace.Issues {
		if is.ID == id {
			return is
		}
	}
	return nil
}

// valueRank places a value of is on a line: a number as itself, an option by its place.
func valueRank(is *parley.Issue, v string) float64 {
	if is.Kind == parley.KindOptions {
		return float64(slices.Index(is.Options, v))
	}
	x, _ := strconv.ParseFloat(v, 64)
	return x
}

func boolCmp(a, b bool) int {
	if a == b {
		return 0
	}
	if a {
		return 1
	}
	return -1
}

// marksOf names the bargaining points that p is.
func marksOf(f *parley.Frontier, p parley.FrontierPoint) string {
	var out []string
	for _, m := range []struct {
		name string
		bp   *parley.FrontierPoint
	}{{"Nash", f.Nash}, {"Kalai-Smorodinsky", f.KalaiSmorodinsky}, {"egalitarian", f.Egalitarian}, {"utilitarian", f.Utilitarian}} {
		if m.bp != nil && sameOutcome(m.bp.Outcome, p.Outcome) {
			out = append(out, m.name)
		}
	}
	return strings.Join(out, ", ")
}

func sameOutcome(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// with returns the page's URL with the query changed as set says (empty: removed), at the
// frontier table.
func (t *frontierTable) with(set map[string]string) string {
	q := url.Values{}
	for k, v := range t.q {
		q[k] = slices.Clone(v)
	}
	for k, v := range set {
		if v == "" {
			q.Del(k)
		} else {
			q.Set(k, v)
		}
	}
	return "?" + q.Encode() + "#frontier"
}

func (t *frontierTable) link(k, v string) string { return t.with(map[string]string{k: v}) }

// SortURL is the link of a column's header: sorted by key, descending first for
// utilities, the other way when already sorted so.
func (t *frontierTable) SortURL(key string) string {
	dir := "asc"
	if strings.HasPrefix(key, "u:") || key == "acc" {
		dir = "desc"
	}
	if t.Sort == key {
		dir = map[bool]string{true: "asc", false: "desc"}[t.Desc]
	}
	return t.with(map[string]string{"fsort": key, "fdir": dir, "fpage": ""})
}

// AriaSort is the aria-sort value of a column's header.
func (t *frontierTable) AriaSort(key string) string {
	if t.Sort != key {
		return "none"
	}
	if t.Desc {
		return "descending"
	}
	return "ascending"
}

// grouped writes a decimal count for people as the analysis writes every count
// (analysis.FormatCount: digit groups, "10^40" for large round numbers).
func grouped(s string) string {
	n, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return s
	}
	return analysis.FormatCount(n)
}

// frontierDownload serves GET /w/{ws}/analysis/frontier.csv and frontier.json: the whole
// frontier, for the mediator with whom every party shares its profile (the services
// decide, as for the analysis page).
func (u *ui) frontierDownload(format string) func(http.ResponseWriter, *http.Request, *signedIn) {
	return func(w http.ResponseWriter, r *http.Request, me *signedIn) {
		if u.cfg.Frontier == nil {
			u.fail(w, r, me, parley.Errorf(parley.ENOTFOUND, "this server does not offer the frontier"))
			return
		}
		f, err := u.cfg.Frontier.Frontier(ctxFor(r.Context(), me), me.Workspace.ID, "")
		if err != nil {
			u.fail(w, r, me, err)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Disposition", `attachment; filename="frontier-`+me.Workspace.ID+`.`+format+`"`)
		if format == "json" {
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(f)
			return
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		writeFrontierCSV(w, me, f)
	}
}

// writeFrontierCSV writes one row per outcome: the set it belongs to (frontier: the whole
// Pareto frontier; best: the best acceptable packages), its place in that set, each
// issue's value, each party's utility, whether it is acceptable and which bargaining
// points it is.
func writeFrontierCSV(w http.ResponseWriter, me *signedIn, f *parley.Frontier) {
	cw := csv.NewWriter(w)
	head := []string{"set", "rank"}
	var issues []string
	for _, is := range me.Workspace.Issues {
		issues = append(issues, is.ID)
		head = append(head, is.ID)
	}
	for _, p := range f.Parties {
		head = append(head, "utility_"+p)
	}
	_ = cw.Write(append(head, "acceptable", "bargaining_points"))
	for _, set := range []struct {
		name string
		pts  []parley.FrontierPoint
	}{{"frontier", f.Points}, {"best", f.Best}} {
		for i, p := range set.pts {
			rec := []string{set.name, strconv.Itoa(i + 1)}
			for _, id := range issues {
				rec = append(rec, p.Outcome[id])
			}
			for _, id := range f.Parties {
				rec = append(rec, strconv.FormatFloat(p.Utility[id], 'g', -1, 64))
			}
			_ = cw.Write(append(rec, strconv.FormatBool(p.Acceptable), marksOf(f, p)))
		}
	}
	cw.Flush()
}
