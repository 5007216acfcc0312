package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"parley"
)

// plan serves GET /w/{ws}/plan: every version the member may see, and the form that starts a
// draft (the mediator's next plan version, or anyone else's rival draft).
func (u *ui) plan(w http.ResponseWriter, r *http.Request, me *signedIn) {
	vs, err := u.cfg.Plans.Versions(ctxFor(r.Context(), me), me.Workspace.ID)
	if err != nil {
		u.fail(w, r, me, err)
		return
	}
	u.render(w, r, http.StatusOK, "plan", &page{Title: "Plan", Me: me, Active: "plan", Data: struct {
		Versions []*parley.VersionSummary
		Current  *parley.VersionSummary
	}{vs, current(vs)}})
}

// createDraft serves POST /w/{ws}/drafts.
func (u *ui) createDraft(w http.ResponseWriter, r *http.Request, me *signedIn) {
	d := &parley.DraftCreate{
		Title:   strings.TrimSpace(r.PostFormValue("title")),
		Kind:    parley.KindRival,
		BasedOn: r.PostFormValue("based_on"),
	}
	if me.IsMediator() {
		d.Kind = parley.KindPlan
	}
	v, err := u.cfg.Plans.CreateDraft(ctxFor(r.Context(), me), me.Workspace.ID, d)
	if err != nil {
		u.fail(w, r, me, err)
		return
	}
	http.Redirect(w, r, "/w/"+me.Workspace.ID+"/v/"+v.ID, http.StatusSeeOther)
}

// versionData is what the version page shows: the text, and depending on who looks and
// what the version is, the draft editor, the party's stance forms or its own assessment.
type versionData struct {
	V        *parley.Version
	Editable bool // the member's own draft
	CanMark  bool // a party looking at a published plan version
	Issues   []*parley.Issue
	Members  []*parley.Member
	Rivals   []*parley.Version // published rival drafts whose points may be carried
	Own      *parley.PartyAnalytics
	Outcome  map[string]string
	Open     []string
	// Joint is what the mediator learned on this version from the party's profile.
	Joint *parley.Joint
	// Conflicts are the issues two points of a draft bind to different values.
	Conflicts []*parley.BindingConflict
	// Summary is the version's summary: agreed, or published after an agreement.
	Summary *parley.VersionSummary
	Stances map[string]*parley.Stance // the member's own stances by point id
	Origin  map[string]string         // "N. Title" of the points of other versions, by id
	Titles  map[string]string         // version titles by id
	Flash   string                    // what the last action did, shown in place
	// FlashPoint is the point the last action changed: the message shows there.
	FlashPoint string
	Error      string
	// Failed is the editor form that was refused, with what was typed, to show it again.
	Failed *failedForm
	WS     string
	CSRF   string
	Me     *signedIn
}

// version serves GET /w/{ws}/v/{v}.
func (u *ui) version(w http.ResponseWriter, r *http.Request, me *signedIn) {
	u.showVersion(w, r, me, http.StatusOK, "", nil)
}

func (u *ui) showVersion(w http.ResponseWriter, r *http.Request, me *signedIn, status int, errMsg string, failed *failedForm) {
	d, err := u.versionData(r.Context(), me, r.PathValue("v"))
	if err != nil {
		u.fail(w, r, me, err)
		return
	}
	d.Error, d.Failed = errMsg, failed
	if r.Method == http.MethodGet {
		d.Flash, d.FlashPoint = doneMessage(r.URL.Query(), d.V)
	}
	d.CSRF = csrfToken(u.cfg.CSRFKey, me.token)
	title := d.V.Title
	if d.V.Number > 0 {
		title = "Version " + strconv.Itoa(d.V.Number) + ": " + title
	}
	u.render(w, r, status, "version", &page{Title: title, Me: me, Active: "plan", Data: d})
}

func (u *ui) versionData(ctx context.Context, me *signedIn, id string) (*versionData, error) {
	ctx = ctxFor(ctx, me)
	ws := me.Workspace
	v, err := u.cfg.Plans.Version(ctx, ws.ID, id)
	if err != nil {
		return nil, err
	}
	d := &versionData{V: v, WS: ws.ID, Members: ws.Members, Me: me}
	d.Issues = append(d.Issues, ws.Issues...)
	if err := u.origins(ctx, me, d); err != nil {
		return nil, err
	}
	d.Editable = v.Status == parley.StatusDraft && v.Author == me.Member.ID
	d.CanMark = me.IsParty() && v.Status == parley.StatusPublished && v.Kind == parley.KindPlan
	if d.Editable && me.IsMediator() {
		vs, err := u.cfg.Plans.Versions(ctx, ws.ID)
		if err != nil {
			return nil, err
		}
		for _, s := range vs {
			if s.Kind == parley.KindRival && s.Status == parley.StatusPublished {
				rv, err := u.cfg.Plans.Version(ctx, ws.ID, s.ID)
				if err != nil {
					return nil, err
				}
				d.Rivals = append(d.Rivals, rv)
			}
		}
	}
	// The mediator's analytics (frontier, improvements) belong on the analysis page; the
	// version page shows the parties their own assessment, and the author of a draft what
	// the draft settles and which bindings conflict.
	if !me.IsMediator() || d.Editable {
		if a, err := u.cfg.Plans.Analytics(ctx, ws.ID, v.ID); err == nil {
			d.Own, d.Outcome, d.Open, d.Conflicts, d.Joint = a.Own, a.Outcome, a.Open, a.Conflicts, a.Joint
		}
	}
	if v.Status == parley.StatusPublished {
		vs, err := u.cfg.Plans.Versions(ctx, ws.ID)
		if err != nil {
			return nil, err
		}
		for _, s := range vs {
			if s.ID == v.ID {
				d.Summary = s
			}
		}
	}
	if d.CanMark {
		ss, err := u.cfg.Stances.Stances(ctx, ws.ID, v.ID)
		if err != nil {
			return nil, err
		}
		d.Stances = map[string]*parley.Stance{}
		for _, s := range ss {
			if s.Party == me.Member.ID {
				d.Stances[s.Point] = s
			}
		}
	}
	return d, nil
}

// editDraft serves POST /w/{ws}/v/{v}/edit: one editing operation from a form of the
// editor (op = add, edit, remove, move, merge, split or carry). After it the page comes
// back at the point it changed, saying what it did; a refused form comes back as it was
// typed, the faulty field marked.
func (u *ui) editDraft(w http.ResponseWriter, r *http.Request, me *signedIn) {
	rev, _ := strconv.ParseInt(r.PostFormValue("rev"), 10, 64)
	op, err := u.pointOp(r, me)
	var v *parley.Version
	if err == nil {
		v, err = u.cfg.Plans.EditDraft(ctxFor(r.Context(), me), me.Workspace.ID, r.PathValue("v"), rev, []parley.PointOp{op})
	}
	if err == nil {
		u.afterEdit(w, r, me, nil, doneURL(op, v))
		return
	}
	u.afterEdit(w, r, me, err, "")
}

// afterEdit redirects back to the version after a successful change (to done, a query and
// fragment naming what was done, when set), or shows the version again with the error when
// the change was refused as invalid or stale.
func (u *ui) afterEdit(w http.ResponseWriter, r *http.Request, me *signedIn, err error, done string) {
	switch parley.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/w/"+me.Workspace.ID+"/v/"+r.PathValue("v")+done, http.StatusSeeOther)
	case parley.EINVALID:
		failed := failedFormOf(r, me, err)
		u.showVersion(w, r, me, http.StatusBadRequest, failed.Message, failed)
	case parley.ECONFLICT:
		if pe := (*parley.Error)(nil); errors.As(err, &pe) && pe.Field != "" {
			// A rule of the text refused it (conflicting bindings): the message says why.
			u.showVersion(w, r, me, http.StatusConflict, pe.Message, nil)
			return
		}
		u.showVersion(w, r, me, http.StatusConflict, "Someone changed this version meanwhile; here it is as it stands now. "+parley.ErrorMessage(err), nil)
	default:
		u.fail(w, r, me, err)
	}
}

// pointOp reads one editing operation from the form.
func (u *ui) pointOp(r *http.Request, me *signedIn) (parley.PointOp, error) {
	f := r.PostForm
	op := parley.PointOp{Op: parley.EditOp(f.Get("op")), Point: f.Get("point")}
	at, _ := strconv.Atoi(f.Get("at"))
	op.At = at
	switch op.Op {
	case "add", "edit":
		op.Content = u.pointInput(r, me, "")
	case "remove", "move":
	case "merge":
		op.Points = f["points"]
		op.Content = u.pointInput(r, me, "")
	case "split":
		for _, k := range []string{"1", "2"} {
			in := u.pointInput(r, me, k)
			if *in.Title != "" || *in.Text != "" {
				op.Parts = append(op.Parts, in)
			}
		}
	case "carry":
		ver, pt, ok := strings.Cut(f.Get("ref"), "|")
		if !ok {
			return op, parley.FieldErrorf("ref", "choose a point of a rival draft to carry over")
		}
		op.Ref = &parley.PointRef{Version: ver, Point: pt}
	default:
		return op, parley.FieldErrorf("op", "unknown operation %q", op.Op)
	}
	return op, nil
}

// pointInput reads a point's content from the form fields title<k>, text<k>, bind<k>.<issue>
// and visible<k>. Every field is set, so an edit replaces the whole content.
func (u *ui) pointInput(r *http.Request, me *signedIn, k string) parley.PointInput {
	f := r.PostForm
	title := strings.TrimSpace(f.Get("title" + k))
	text := strings.TrimSpace(f.Get("text" + k))
	in := parley.PointInput{Title: &title, Text: &text, Bindings: map[string]string{}}
	for _, is := range me.Workspace.Issues {
		if v := strings.TrimSpace(f.Get("bind" + k + "." + is.ID)); v != "" {
			in.Bindings[is.ID] = v
		}
	}
	vis := append([]string{}, f["visible"+k]...)
	in.VisibleTo = &vis
	return in
}

// publish serves POST /w/{ws}/v/{v}/publish.
func (u *ui) publish(w http.ResponseWriter, r *http.Request, me *signedIn) {
	rev, _ := strconv.ParseInt(r.PostFormValue("rev"), 10, 64)
	_, err := u.cfg.Plans.Publish(ctxFor(r.Context(), me), me.Workspace.ID, r.PathValue("v"), rev)
	u.afterEdit(w, r, me, err, "?done=publish")
}

// setStance serves POST /w/{ws}/v/{v}/stance/{p}: the party's mark on one point. With htmx
// it answers with the point's stance form again; without, it goes back to the version.
func (u *ui) setStance(w http.ResponseWriter, r *http.Request, me *signedIn) {
	rev, _ := strconv.ParseInt(r.PostFormValue("rev"), 10, 64)
	in := &parley.StanceInput{
		Mark:      parley.Mark(r.PostFormValue("mark")),
		Amendment: strings.TrimSpace(r.PostFormValue("amendment")),
		Comment:   strings.TrimSpace(r.PostFormValue("comment")),
		Private:   r.PostFormValue("private") != "",
		Condition: strings.TrimSpace(r.PostFormValue("condition")),
	}
	ctx := ctxFor(r.Context(), me)
	vid, pid := r.PathValue("v"), r.PathValue("p")
	s, err := u.cfg.Stances.SetStance(ctx, me.Workspace.ID, vid, pid, rev, in)
	if r.Header.Get("HX-Request") != "true" {
		if err == nil {
			http.Redirect(w, r, "/w/"+me.Workspace.ID+"/v/"+vid+"#p-"+pid, http.StatusSeeOther)
			return
		}
		u.afterEdit(w, r, me, err, "")
		return
	}
	d, derr := u.versionData(r.Context(), me, vid)
	if derr != nil {
		u.fail(w, r, me, derr)
		return
	}
	d.CSRF = csrfToken(u.cfg.CSRFKey, me.token)
	var pt *parley.PlanPoint
	for _, p := range d.V.Points {
		if p.ID == pid {
			pt = p
		}
	}
	if pt == nil {
		u.fail(w, r, me, parley.Errorf(parley.ENOTFOUND, "no point %q", pid))
		return
	}
	sd := stanceForm{D: d, P: pt}
	if err != nil {
		if c := parley.ErrorCode(err); c != parley.EINVALID && c != parley.ECONFLICT {
			u.fail(w, r, me, err)
			return
		}
		// What was typed stays, the faulty field marked.
		sd.In, sd.Error = in, parley.ErrorMessage(err)
		var pe *parley.Error
		if errors.As(err, &pe) && pe.Field != "" {
			sd.Field = pe.Field
			sd.Error = map[string]string{"mark": "Stance", "amendment": "Amendment", "comment": "Comment"}[pe.Field] + ": " + pe.Message
		}
	} else {
		sd.Saved = s != nil
	}
	u.renderFragment(w, r, "version", "stanceform", sd)
}

// stanceForm is the data of one point's stance form.
type stanceForm struct {
	D     *versionData
	P     *parley.PlanPoint
	Saved bool
	Error string
	Field string              // the field the error is about: "mark", "amendment", "comment"
	In    *parley.StanceInput // what was typed, when it was refused
}

// Shown is the stance the form shows: what was typed when it was refused, else the stored
// one (nil when there is none).
func (f stanceForm) Shown() *parley.Stance {
	st := f.D.Stances[f.P.ID]
	if f.In == nil {
		return st
	}
	out := &parley.Stance{Mark: f.In.Mark, Amendment: f.In.Amendment, Comment: f.In.Comment, Private: f.In.Private, Condition: f.In.Condition}
	if st != nil {
		out.Rev = st.Rev
	}
	return out
}

// pointFields is the data of the fields of one point's content in an editor form.
type pointFields struct {
	ID       string // the point's id, or "new"
	K        string // the suffix of the field names ("", "1", "2")
	P        *parley.PlanPoint
	Title    string
	Text     string
	Invalid  map[string]string // field ("title", "text", "bind.ISSUE", "visible") -> what is wrong
	Bindings bool              // show the bindings and visibility fields
	Issues   []*parley.Issue
	Members  []*parley.Member
	Bound    map[string]string
	Visible  map[string]bool
}

func newPointFields(d *versionData, p *parley.PlanPoint, k string, bindings bool, idPrefix string) pointFields {
	f := pointFields{ID: idPrefix + k, K: k, P: p, Bindings: bindings, Issues: d.Issues, Members: d.Members,
		Bound: map[string]string{}, Visible: map[string]bool{}}
	form := idPrefix
	if p != nil {
		f.ID = idPrefix + p.ID + k
		form = idPrefix + p.ID
		f.Title, f.Text = p.Title, p.Text
		for is, v := range p.Bindings {
			f.Bound[is] = v
		}
		for _, m := range p.VisibleTo {
			f.Visible[m] = true
		}
	}
	if fl := d.Failed; fl != nil && fl.Form == form {
		// The form that was refused: what was typed, not what is stored.
		vals := fl.Values
		f.Title, f.Text = vals.Get("title"+k), vals.Get("text"+k)
		f.Bound, f.Visible = map[string]string{}, map[string]bool{}
		for _, is := range d.Issues {
			if v := vals.Get("bind" + k + "." + is.ID); v != "" {
				f.Bound[is.ID] = v
			}
		}
		for _, m := range vals["visible"+k] {
			f.Visible[m] = true
		}
		if fl.Part == k {
			f.Invalid = map[string]string{fl.Field: fl.Message}
		}
	}
	return f
}

// origins names, for the points of d.V merged, split or carried from elsewhere, where they
// came from ("Version 1, point 12: Frozen assets"): the points of the version it is based
// on first, then of the other versions the member may see, newest first, until every
// source is named.
func (u *ui) origins(ctx context.Context, me *signedIn, d *versionData) error {
	d.Origin, d.Titles = map[string]string{}, map[string]string{}
	missing := map[string]bool{}
	for _, p := range d.V.Points {
		for _, id := range p.From {
			missing[id] = true
		}
		if p.Carried != nil {
			missing[""] = true // only the title of the rival draft is needed
		}
	}
	if len(missing) == 0 {
		return nil
	}
	delete(missing, "")
	vs, err := u.cfg.Plans.Versions(ctx, me.Workspace.ID)
	if err != nil {
		return err
	}
	for _, v := range vs {
		d.Titles[v.ID] = versionName(vs, v.ID)
	}
	order := []string{}
	if d.V.BasedOn != "" {
		order = append(order, d.V.BasedOn)
	}
	for i := len(vs) - 1; i >= 0; i-- {
		if vs[i].ID != d.V.BasedOn && vs[i].ID != d.V.ID && vs[i].Status == parley.StatusPublished {
			order = append(order, vs[i].ID)
		}
	}
	for _, id := range order {
		if len(missing) == 0 {
			break
		}
		v, err := u.cfg.Plans.Version(ctx, me.Workspace.ID, id)
		if err != nil {
			continue // the base may be another's draft: its points stay unnamed
		}
		name := v.Title
		if v.Number > 0 {
			name = "version " + strconv.Itoa(v.Number)
		}
		for _, p := range v.Points {
			if missing[p.ID] && !p.Hidden {
				d.Origin[p.ID] = name + ", point " + strconv.Itoa(p.Number) + ": " + p.Title
				delete(missing, p.ID)
			}
		}
	}
	return nil
}
