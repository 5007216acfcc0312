package web

import (
	"html/template"
	"net/http"
	"regexp"
	"strings"

	"parley"
	"parley/textdiff"
)

// diffRow is one entry of a diff with the points' content on both sides, ready to read:
// the rendered text with removed words struck out on the left (Old), added words marked on
// the right (New), or both in one column (Inline).
type diffRow struct {
	E     *parley.DiffEntry
	Label string // what happened, in words: "reworded, values changed, moved"
	From  []*parley.PlanPoint
	To    []*parley.PlanPoint

	OldTitle, NewTitle, InlineTitle template.HTML // 1:1 entries only
	Old, New, Inline                template.HTML
	Bindings                        []bindingChange
	VisibleFrom, VisibleTo          string // set when visibility changed
}

// bindingChange is a changed bound value in words: issue name, values with their units.
type bindingChange struct{ Issue, From, To string }

type diffData struct {
	Versions []*parley.VersionSummary
	From, To string
	A, B     *parley.Version
	Diff     *parley.Diff
	Rows     []diffRow
	Inline   bool // one column instead of side by side
	Hide     bool // leave out the points kept unchanged
	Shown    int  // rows shown
	Counts   []diffCount
}

type diffCount struct {
	Change parley.Change
	Label  string
	N      int
}

// diff serves GET /w/{ws}/diff?from=A&to=B[&view=inline][&hide=kept]: version B explained
// against version A point by point, side by side or inline.
func (u *ui) diff(w http.ResponseWriter, r *http.Request, me *signedIn) {
	ctx := ctxFor(r.Context(), me)
	ws := me.Workspace.ID
	vs, err := u.cfg.Plans.Versions(ctx, ws)
	if err != nil {
		u.fail(w, r, me, err)
		return
	}
	q := r.URL.Query()
	d := diffData{Versions: vs, From: q.Get("from"), To: q.Get("to"), Inline: q.Get("view") == "inline", Hide: q.Get("hide") == "kept"}
	if d.To == "" {
		if c := current(vs); c != nil {
			d.To = c.ID
		}
	}
	if d.From == "" && d.To != "" {
		for _, v := range vs {
			if v.ID == d.To {
				d.From = v.BasedOn
			}
		}
	}
	if d.From != "" && d.To != "" {
		if d.A, err = u.cfg.Plans.Version(ctx, ws, d.From); err == nil {
			if d.B, err = u.cfg.Plans.Version(ctx, ws, d.To); err == nil {
				d.Diff, err = u.cfg.Plans.Diff(ctx, ws, d.From, d.To)
			}
		}
		if err != nil {
			u.fail(w, r, me, err)
			return
		}
		for _, c := range []parley.Change{parley.ChangeKept, parley.ChangeReworded, parley.ChangeMerged, parley.ChangeSplit,
			parley.ChangeAdded, parley.ChangeDropped, parley.ChangeHidden} {
			if n := d.Diff.Counts[c]; n > 0 {
				d.Counts = append(d.Counts, diffCount{Change: c, Label: changeWords[c], N: n})
			}
		}
		for _, e := range d.Diff.Entries {
			if d.Hide && e.Change == parley.ChangeKept && !e.Moved {
				continue
			}
			d.Rows = append(d.Rows, diffRowOf(me, e, pointsByID(d.A, e.FromIDs), pointsByID(d.B, e.ToIDs)))
		}
	}
	u.render(w, r, http.StatusOK, "diff", &page{Title: "Diff", Me: me, Active: "diff", Data: d})
}

// changeWords names each change for people.
var changeWords = map[parley.Change]string{
	parley.ChangeKept: "unchanged", parley.ChangeReworded: "changed", parley.ChangeMerged: "merged",
	parley.ChangeSplit: "split", parley.ChangeAdded: "added", parley.ChangeDropped: "dropped",
	parley.ChangeHidden: "no longer shown to you",
}

func pointsByID(v *parley.Version, ids []string) []*parley.PlanPoint {
	var out []*parley.PlanPoint
	for _, id := range ids {
		for _, p := range v.Points {
			if p.ID == id {
				out = append(out, p)
			}
		}
	}
	return out
}

func diffRowOf(me *signedIn, e *parley.DiffEntry, from, to []*parley.PlanPoint) diffRow {
	row := diffRow{E: e, From: from, To: to}
	var what []string
	switch {
	case e.Change != parley.ChangeReworded:
		what = append(what, changeWords[e.Change])
	default:
		if e.Words != nil || e.TitleWords != nil {
			what = append(what, "reworded")
		}
		if e.Bindings != nil {
			what = append(what, "values changed")
		}
		if e.Visibility != nil {
			what = append(what, "visibility changed")
		}
	}
	if e.Moved {
		what = append(what, "moved")
	}
	row.Label = strings.Join(what, ", ")
	if len(from) == 1 && len(to) == 1 {
		p, q := from[0], to[0]
		if e.TitleWords != nil {
			tw := e.TitleWords
			row.OldTitle, row.NewTitle, row.InlineTitle = markRuns(tw, "old", false), markRuns(tw, "new", false), markRuns(tw, "inline", false)
		} else {
			t := template.HTML(template.HTMLEscapeString(q.Title))
			row.OldTitle, row.NewTitle, row.InlineTitle = t, t, t
		}
		if p.Text != q.Text {
			runs := textdiff.Diff(htmlTokens(renderMarkdown(p.Text)), htmlTokens(renderMarkdown(q.Text)))
			row.Old, row.New, row.Inline = markRuns(runs, "old", true), markRuns(runs, "new", true), markRuns(runs, "inline", true)
		} else {
			md := renderMarkdown(q.Text)
			row.Old, row.New, row.Inline = md, md, md
		}
		for _, b := range e.Bindings {
			row.Bindings = append(row.Bindings, bindingChange{Issue: me.IssueName(b.Issue), From: me.IssueValue(b.Issue, b.From), To: me.IssueValue(b.Issue, b.To)})
		}
		if v := e.Visibility; v != nil {
			row.VisibleFrom, row.VisibleTo = me.Audience(v.From), me.Audience(v.To)
		}
	}
	return row
}

// htmlTokens cuts rendered HTML into tokens, so a word diff never splits a tag or an
// entity.
func htmlTokens(h template.HTML) []string { return textdiff.Tokens(string(h), true) }

var tagRE = regexp.MustCompile(`<[^>]*>`)

// markRuns writes a diff of rendered HTML (isHTML) or of plain text (escaped) for one side: "old" keeps the removed runs, struck out; "new" keeps the added runs, marked;
// "inline" keeps both, and the tags of the later text only. Only the text between tags is
// wrapped, so the markup stays well formed. Tags and text come from the Markdown renderer,
// which escapes everything a person wrote.
func markRuns(runs []parley.WordDiff, side string, isHTML bool) template.HTML {
	var b strings.Builder
	plain := !isHTML
	wrap := func(s, tag string, keepTags bool) {
		if plain {
			s = template.HTMLEscapeString(s)
		}
		last := 0
		emit := func(t string) {
			core := strings.TrimSpace(t)
			if core == "" {
				b.WriteString(t)
				return
			}
			// Spaces stay outside the mark, so marked words never run into their neighbours.
			i := strings.Index(t, core)
			b.WriteString(t[:i] + "<" + tag + ">" + core + "</" + tag + ">" + t[i+len(core):])
		}
		if !plain {
			for _, loc := range tagRE.FindAllStringIndex(s, -1) {
				emit(s[last:loc[0]])
				if keepTags {
					b.WriteString(s[loc[0]:loc[1]])
				}
				last = loc[1]
			}
		}
		emit(s[last:])
	}
	for _, r := range runs {
		switch {
		case r.Op == "=":
			if plain {
				b.WriteString(template.HTMLEscapeString(r.Text))
			} else {
				b.WriteString(r.Text)
			}
		case r.Op == "-" && (side == "old" || side == "inline"):
			wrap(r.Text, "del", side == "old")
		case r.Op == "+" && (side == "new" || side == "inline"):
			wrap(r.Text, "ins", true)
		}
	}
	return template.HTML(b.String())
}
