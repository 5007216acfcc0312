package web

import (
	"net/http"

	"parley"
)

type matrixData struct {
	Versions []*parley.VersionSummary
	V        *parley.Version
	M        *parley.Matrix
	Parties  []*parley.Member
	Rows     []matrixRow
	Totals   []cellCounts // per party, in the order of Parties
	All      cellCounts   // every cell shown
	Blocked  bool         // only the points someone rejects or amends
	Hidden   int          // rows left out by the filter
	WS       string
	Legend   []cellKind
	// Reopened are the points a change elsewhere reopened (see parley.Reopened).
	Reopened []*parley.Reopened
}

type matrixRow struct {
	P          *parley.PlanPoint
	Cells      []matrixCell
	Counts     cellCounts
	Amendments []amendment // beside the point's text
}

// amendment is one party's proposed wording of a point.
type amendment struct {
	Party *parley.Member
	Text  string
}

// matrixCell is one party's answer on one point, as the viewer may know it.
type matrixCell struct {
	St   *parley.Stance // nil unless a stance is shown
	Kind cellKind
	// Cond is whether the version meets the stance's condition; empty without one.
	Cond parley.ConditionStatus
}

// cellKind is what a cell shows: a distinct symbol and its words. Each kind means one thing
// only, so "—" never stands for three.
type cellKind struct {
	Key, Symbol, Label string
}

var (
	kindAccept   = cellKind{"accept", "✓", "accepts"}
	kindReject   = cellKind{"reject", "✗", "rejects"}
	kindAmend    = cellKind{"amend", "✎", "amends"}
	kindReserve  = cellKind{"reserve", "?", "reserves"}
	kindNone     = cellKind{"none", "○", "no answer"}
	kindNotShown = cellKind{"notshown", "⊘", "point not shown to this party"}
	kindUnseen   = cellKind{"unseen", "▒", "not visible to you"}
	// kindNoPublic: the workspace shares stances but not private ones, so an empty cell may
	// be no answer or a private one; saying which would disclose it.
	kindNoPublic = cellKind{"nopublic", "○", "no answer shown to you"}
	// kindCondAccept: an accept on a condition this version does not meet (or may not):
	// it does not count as accepted.
	kindCondAccept = cellKind{"condaccept", "✓?", "accepts only on a condition this version does not meet"}
)

var markKinds = map[parley.Mark]cellKind{
	parley.MarkAccept: kindAccept, parley.MarkReject: kindReject, parley.MarkAmend: kindAmend, parley.MarkReserve: kindReserve,
}

// cellCounts counts the cells of a row or a column by kind.
type cellCounts struct {
	Accept, Reject, Amend, Reserve, Open int // Open: no answer known to the viewer
}

func (c *cellCounts) add(k cellKind) {
	switch k.Key {
	case "accept":
		c.Accept++
	case "reject":
		c.Reject++
	case "amend":
		c.Amend++
	case "reserve":
		c.Reserve++
	case "none", "nopublic", "condaccept":
		c.Open++
	}
}

// loadMatrix loads the stance matrix of the version named in ?v= (default: the current one);
// ?only=blocked keeps the points some party rejects or amends.
func (u *ui) loadMatrix(r *http.Request, me *signedIn) (*matrixData, error) {
	ctx := ctxFor(r.Context(), me)
	ws := me.Workspace.ID
	vs, err := u.cfg.Plans.Versions(ctx, ws)
	if err != nil {
		return nil, err
	}
	d := &matrixData{WS: ws, Blocked: r.URL.Query().Get("only") == "blocked"}
	for _, v := range vs {
		if v.Kind == parley.KindPlan && v.Status == parley.StatusPublished {
			d.Versions = append(d.Versions, v)
		}
	}
	id := r.URL.Query().Get("v")
	if id == "" {
		if c := current(vs); c != nil {
			id = c.ID
		}
	}
	if id == "" {
		return d, nil
	}
	if d.V, err = u.cfg.Plans.Version(ctx, ws, id); err != nil {
		return nil, err
	}
	if d.M, err = u.cfg.Stances.Matrix(ctx, ws, id); err != nil {
		return nil, err
	}
	seen := make([]parley.StanceAccess, len(d.M.Parties))
	for j, p := range d.M.Parties {
		d.Parties = append(d.Parties, memberOrID(me.Workspace, p))
		seen[j] = me.Workspace.StancesSeen(me.caller, p)
	}
	d.Totals = make([]cellCounts, len(d.Parties))
	d.Legend = []cellKind{kindAccept, kindReject, kindAmend, kindReserve, kindNone, kindNotShown}
	for _, s := range seen {
		if s == parley.SeesNoStances && !containsKind(d.Legend, kindUnseen) {
			d.Legend = append(d.Legend, kindUnseen)
		}
		if s == parley.SeesPublicStances && !containsKind(d.Legend, kindNoPublic) {
			d.Legend = append(d.Legend, kindNoPublic)
		}
	}
	d.Reopened = d.M.Reopened
	byID := map[string]*parley.PlanPoint{}
	for _, p := range d.V.Points {
		byID[p.ID] = p
	}
	for i, pid := range d.M.Points {
		p := byID[pid]
		if p == nil {
			p = &parley.PlanPoint{ID: pid, Hidden: true}
		}
		row := matrixRow{P: p}
		blocked := false
		for j, st := range d.M.Cells[i] {
			c := d.cell(i, j, st, p, seen[j])
			if st != nil && st.Mark == parley.MarkAmend && st.Amendment != "" {
				row.Amendments = append(row.Amendments, amendment{Party: d.Parties[j], Text: st.Amendment})
			}
			blocked = blocked || st != nil && (st.Mark == parley.MarkReject || st.Mark == parley.MarkAmend)
			row.Cells = append(row.Cells, c)
		}
		if d.Blocked && !blocked {
			d.Hidden++
			continue
		}
		for j, c := range row.Cells {
			if c.Kind == kindCondAccept && !containsKind(d.Legend, kindCondAccept) {
				d.Legend = append(d.Legend, kindCondAccept)
			}
			row.Counts.add(c.Kind)
			d.Totals[j].add(c.Kind)
			d.All.add(c.Kind)
		}
		d.Rows = append(d.Rows, row)
	}
	return d, nil
}

func containsKind(ks []cellKind, k cellKind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// matrix serves GET /w/{ws}/matrix: points x parties, updated live.
func (u *ui) matrix(w http.ResponseWriter, r *http.Request, me *signedIn) {
	d, err := u.loadMatrix(r, me)
	if err != nil {
		u.fail(w, r, me, err)
		return
	}
	u.render(w, r, http.StatusOK, "matrix", &page{Title: "Stances", Me: me, Active: "matrix", Data: d})
}

// matrixTable serves GET /w/{ws}/matrix/table: the table alone, fetched by htmx when an event
// says something changed.
func (u *ui) matrixTable(w http.ResponseWriter, r *http.Request, me *signedIn) {
	d, err := u.loadMatrix(r, me)
	if err != nil {
		u.fail(w, r, me, err)
		return
	}
	u.renderFragment(w, r, "matrix", "matrixtable", d)
}

// Symbol returns the symbol of a stance's mark.
func (d *matrixData) Symbol(m parley.Mark) string { return markKinds[m].Symbol }

// PartyName is the name of party id, as the matrix's columns show it.
func (d *matrixData) PartyName(id string) string {
	for _, p := range d.Parties {
		if p.ID == id {
			return p.Name
		}
	}
	return id
}

// cell is what the viewer's matrix shows for party j's stance st on point p (row i).
func (d *matrixData) cell(i, j int, st *parley.Stance, p *parley.PlanPoint, seen parley.StanceAccess) matrixCell {
	c := matrixCell{St: st}
	switch {
	case st != nil:
		c.Kind = markKinds[st.Mark]
		if d.M.Conditions != nil && d.M.Conditions[i][j] != parley.ConditionNone {
			c.Cond = d.M.Conditions[i][j]
			if c.Cond != parley.ConditionMet {
				c.Kind = kindCondAccept
			}
		}
	case !p.IsVisibleTo(d.M.Parties[j]):
		c.Kind = kindNotShown
	case seen == parley.SeesNoStances:
		c.Kind = kindUnseen
	case seen == parley.SeesPublicStances:
		c.Kind = kindNoPublic
	default:
		c.Kind = kindNone
	}
	return c
}
