package workspace

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"

	"parley"
)

// canSee reports whether the caller may see version v at all.
func canSee(v *parley.Version, c *parley.Caller) bool { return mayList(v.Status, v.Author, c) }

// mayList reports whether the caller may see a version of this status and author.
func mayList(status parley.VersionStatus, author string, c *parley.Caller) bool {
	return status == parley.StatusPublished || author == c.MemberID
}

// filterVersion returns v as member sees it: hidden points become placeholders carrying
// only their number and id.
func filterVersion(v *parley.Version, member string) *parley.Version {
	out := *v
	out.Points = make([]*parley.PlanPoint, len(v.Points))
	for i, p := range v.Points {
		if p.IsVisibleTo(member) {
			out.Points[i] = p
		} else {
			ph := &parley.PlanPoint{ID: p.ID, Number: p.Number, Hidden: true}
			if v.Status == parley.StatusPublished && p.Salt != "" {
				ph.Commitment = p.Commit()
			}
			out.Points[i] = ph
		}
	}
	return &out
}

// visibleVersion loads a version the caller may see, filtered.
func visibleVersion(tx Tx, ws, id string, c *parley.Caller) (*parley.Version, error) {
	v, err := tx.Version(ws, id)
	if err != nil {
		return nil, err
	}
	if !canSee(v, c) {
		return nil, parley.Errorf(parley.ENOTFOUND, "version not found")
	}
	return filterVersion(v, c.MemberID), nil
}

// Versions implements parley.PlanService.
func (s *Service) Versions(ctx context.Context, ws string) ([]*parley.VersionSummary, error) {
	var out []*parley.VersionSummary
	err := s.store.Read(ctx, func(tx Tx) error {
		_, c, err := member(ctx, tx, ws)
		if err != nil {
			return err
		}
		out, err = versionsIn(tx, ws, c)
		return err
	})
	return out, err
}

// versionsIn returns the summaries of the versions of ws that c may list, in tx: the
// published ones by number, then c's drafts.
func versionsIn(tx Tx, ws string, c *parley.Caller) ([]*parley.VersionSummary, error) {
	// Summaries only: the points of versions the list does not show are never decoded.
	vs, err := tx.VersionSummaries(ws)
	if err != nil {
		return nil, err
	}
	var out []*parley.VersionSummary
	for _, v := range vs {
		if mayList(v.Status, v.Author, c) {
			out = append(out, v)
		}
	}
	rs, err := tx.Ratifications(ws)
	if err != nil {
		return nil, err
	}
	markAgreement(out, rs)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.Number > 0) != (b.Number > 0) {
			return a.Number > 0
		}
		return a.Number < b.Number
	})
	return out, nil
}

// Version implements parley.PlanService.
func (s *Service) Version(ctx context.Context, ws, id string) (*parley.Version, error) {
	// A published version already decoded needs no transaction: an authenticated member of
	// ws (workspaces and members are never removed) sees it filtered as below.
	if c := parley.CallerFromContext(ctx); c != nil && !c.Admin && c.WorkspaceID == ws {
		if v := s.cache.version(ws, id); v != nil && canSee(v, c) {
			return filterVersion(v, c.MemberID), nil
		}
	}
	var out *parley.Version
	err := s.store.Read(ctx, func(tx Tx) error {
		_, c, err := member(ctx, tx, ws)
		if err != nil {
			return err
		}
		out, err = visibleVersion(tx, ws, id, c)
		return err
	})
	return out, err
}

// CreateDraft implements parley.PlanService.
func (s *Service) CreateDraft(ctx context.Context, ws string, d *parley.DraftCreate) (*parley.Version, error) {
	var v *parley.Version
	err := s.write(ctx, func(tx Tx) ([]parley.Event, error) {
		w, c, err := member(ctx, tx, ws)
		if err != nil {
			return nil, err
		}
		kind := d.Kind
		if kind == "" {
			kind = parley.KindRival
			if c.Role == parley.RoleMediator {
				kind = parley.KindPlan
			}
		}
		switch {
		case kind == parley.KindPlan && c.Role != parley.RoleMediator:
			return nil, parley.Errorf(parley.EFORBIDDEN, "only the mediator drafts the plan; table a rival draft instead")
		case kind == parley.KindRival && c.Role == parley.RoleMediator:
			return nil, parley.FieldErrorf("kind", "the mediator drafts the plan, not a rival")
		case kind != parley.KindPlan && kind != parley.KindRival:
			return nil, parley.FieldErrorf("kind", "kind %q is not plan or rival", kind)
		}
		if strings.TrimSpace(d.Title) == "" || len(d.Title) > maxShort {
			return nil, parley.FieldErrorf("title", "a draft needs a title of at most %d bytes", maxShort)
		}
		if err := draftQuota(tx, ws, c); err != nil {
			return nil, err
		}
		v = &parley.Version{ID: newID("v"), Workspace: ws, Kind: kind, Status: parley.StatusDraft, Title: d.Title,
			Author: c.MemberID, Points: []*parley.PlanPoint{}, Rev: 1, CreatedAt: s.now().UTC()}
		if d.BasedOn != "" {
			base, err := visibleVersion(tx, ws, d.BasedOn, c)
			if err != nil {
				return nil, prefixField(err, "based_on")
			}
			v.BasedOn = base.ID
			for _, p := range base.Points {
				if !p.Hidden {
					cp := *p
					v.Points = append(v.Points, &cp)
				}
			}
		}
		for i := range d.Points {
			np, err := newPoint(w, c.MemberID, &d.Points[i], fmt.Sprintf("points[%d]", i))
			if err != nil {
				return nil, err
			}
			v.Points = append(v.Points, np)
		}
		if len(v.Points) > maxPoints {
			return nil, parley.FieldErrorf("points", "a version has at most %d points", maxPoints)
		}
		return s.putNewDraft(tx, c, v)
	})
	return v, err
}

// putNewDraft numbers the points of v, a new draft by caller c, stores it and records its
// creation: the draft event, seen by its author only, and the audit entry.
func (s *Service) putNewDraft(tx Tx, c *parley.Caller, v *parley.Version) ([]parley.Event, error) {
	renumber(v)
	if err := tx.PutVersion(v, 0); err != nil {
		return nil, err
	}
	return []parley.Event{{Type: "draft", Workspace: v.Workspace, Version: v.ID, Audience: []string{c.MemberID}}},
		s.audit(tx, v.Workspace, c.MemberID, "draft.create", "version/"+v.ID)
}

// Quotas on the versions of one member: drafts in progress (unpublished) at once, and
// versions authored in all (each holds up to maxPoints points).
const (
	maxDrafts   = 20
	maxAuthored = 100
)

// draftQuota refuses a new draft to a member at one of its quotas.
func draftQuota(tx Tx, ws string, c *parley.Caller) error {
	vs, err := tx.VersionSummaries(ws)
	if err != nil {
		return err
	}
	drafts, authored := 0, 0
	for _, v := range vs {
		if v.Author == c.MemberID {
			authored++
			if v.Status == parley.StatusDraft {
				drafts++
			}
		}
	}
	if drafts >= maxDrafts {
		return parley.Errorf(parley.ELIMIT, "you have %d drafts in progress, the most a member may have; publish one first", drafts)
	}
	if authored >= maxAuthored {
		return parley.Errorf(parley.ELIMIT, "you have written %d versions, the most a member may write in a workspace", authored)
	}
	return nil
}

func renumber(v *parley.Version) {
	for i, p := range v.Points {
		p.Number = i + 1
	}
}

// checkContent validates a point's content; field prefixes error paths.
func checkContent(w *parley.Workspace, author string, in *parley.PointInput, field string) error {
	if in.Title != nil && len(*in.Title) > maxShort {
		return parley.FieldErrorf(field+".title", "the title is longer than %d bytes", maxShort)
	}
	if in.Text != nil && len(*in.Text) > maxText {
		return parley.FieldErrorf(field+".text", "the text is longer than %d bytes", maxText)
	}
	for id, val := range in.Bindings {
		i := -1
		for k, is := range w.Issues {
			if is.ID == id {
				i = k
			}
		}
		if i < 0 {
			return parley.FieldErrorf(field+".bindings."+id, "no issue %q in the workspace", id)
		}
		if _, ok := bindIndex(w.Issues[i], val); !ok {
			return parley.FieldErrorf(field+".bindings."+id, "%q is not a value of issue %q (%s)", val, id, w.Issues[i].Describe())
		}
	}
	if in.VisibleTo != nil {
		for k, m := range *in.VisibleTo {
			if w.Member(m) == nil {
				return parley.FieldErrorf(fmt.Sprintf("%s.visible_to[%d]", field, k), "no member %q", m)
			}
		}
	}
	return nil
}

// bindIndex returns the index of the value written val of issue is.
func bindIndex(is *parley.Issue, val string) (int, bool) {
	if is.Kind == parley.KindOptions {
		return is.Index(parley.Option(val))
	}
	var x float64
	if _, err := fmt.Sscanf(val, "%g", &x); err != nil || fmt.Sprint(x) == "NaN" {
		return 0, false
	}
	return is.Index(parley.Number(x))
}

func visibility(author string, list []string) []string {
	if len(list) == 0 {
		return nil
	}
	out := slices.Clone(list)
	if !slices.Contains(out, author) {
		out = append(out, author)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// narrowest returns the audience of a point made from points with the given audiences
// (empty: everyone): the members every one of them names, and author. Merge, split and carry
// use it, so a derived point never reaches a member one of its sources was hidden from;
// only an edit of the point's own visible_to widens its audience.
func narrowest(author string, lists ...[]string) []string {
	var out []string
	open := true
	for _, l := range lists {
		if len(l) == 0 {
			continue
		}
		if open {
			out, open = slices.Clone(l), false
			continue
		}
		out = slices.DeleteFunc(out, func(m string) bool { return !slices.Contains(l, m) })
	}
	if open {
		return nil
	}
	if !slices.Contains(out, author) {
		out = append(out, author)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func newPoint(w *parley.Workspace, author string, in *parley.PointInput, field string) (*parley.PlanPoint, error) {
	if err := checkContent(w, author, in, field); err != nil {
		return nil, err
	}
	p := &parley.PlanPoint{ID: newID("p")}
	applyContent(p, author, in)
	if strings.TrimSpace(p.Title) == "" && strings.TrimSpace(p.Text) == "" {
		return nil, parley.FieldErrorf(field+".text", "a point needs a title or a text")
	}
	return p, nil
}

func applyContent(p *parley.PlanPoint, author string, in *parley.PointInput) {
	if in.Title != nil {
		p.Title = *in.Title
	}
	if in.Text != nil {
		p.Text = *in.Text
	}
	if in.Bindings != nil {
		p.Bindings = map[string]string{}
		for k, v := range in.Bindings {
			p.Bindings[k] = v
		}
		if len(p.Bindings) == 0 {
			p.Bindings = nil
		}
	}
	if in.VisibleTo != nil {
		p.VisibleTo = visibility(author, *in.VisibleTo)
	}
}

// ownDraft returns the draft id of ws at revision rev for its author c: not found when c
// may not see it, forbidden when c is not its author ("only the author <verb> a draft"),
// a conflict saying published when it is published, and a conflict when rev is stale.
func ownDraft(tx Tx, ws, id string, rev int64, c *parley.Caller, verb, published string) (*parley.Version, error) {
	v, err := tx.Version(ws, id)
	if err != nil {
		return nil, err
	}
	if !canSee(v, c) {
		return nil, parley.Errorf(parley.ENOTFOUND, "version not found")
	}
	if v.Author != c.MemberID {
		return nil, parley.Errorf(parley.EFORBIDDEN, "only the author %s a draft", verb)
	}
	if v.Status != parley.StatusDraft {
		return nil, parley.Errorf(parley.ECONFLICT, "%s", published)
	}
	if v.Rev != rev {
		return nil, conflict("draft")
	}
	return v, nil
}

// EditDraft implements parley.PlanService.
func (s *Service) EditDraft(ctx context.Context, ws, id string, rev int64, ops []parley.PointOp) (*parley.Version, error) {
	var v *parley.Version
	err := s.write(ctx, func(tx Tx) ([]parley.Event, error) {
		w, c, err := member(ctx, tx, ws)
		if err != nil {
			return nil, err
		}
		v, err = ownDraft(tx, ws, id, rev, c, "edits", "a published version never changes; start a draft based on it")
		if err != nil {
			return nil, err
		}
		if len(ops) == 0 || len(ops) > maxOps {
			return nil, parley.FieldErrorf("ops", "give 1 to %d operations", maxOps)
		}
		for i := range ops {
			if err := applyOp(tx, w, c, v, &ops[i], fmt.Sprintf("ops[%d]", i)); err != nil {
				return nil, err
			}
		}
		if len(v.Points) > maxPoints {
			return nil, parley.FieldErrorf("ops", "a version has at most %d points", maxPoints)
		}
		renumber(v)
		v.Rev++
		if err := tx.PutVersion(v, rev); err != nil {
			return nil, err
		}
		return []parley.Event{{Type: "draft", Workspace: ws, Version: v.ID, Audience: []string{c.MemberID}}},
			s.audit(tx, ws, c.MemberID, "draft.edit", "version/"+v.ID)
	})
	return v, err
}

func indexOf(v *parley.Version, id string) int {
	for i, p := range v.Points {
		if p.ID == id {
			return i
		}
	}
	return -1
}

func position(at, n int, field string) (int, error) {
	if at == 0 {
		return n, nil
	}
	if at < 1 || at > n+1 {
		return 0, parley.FieldErrorf(field+".at", "position %d is not between 1 and %d", at, n+1)
	}
	return at - 1, nil
}

// draftEdit is an edit of draft v by caller c in workspace w; f is the field of the op
// being applied, for errors.
type draftEdit struct {
	tx Tx
	w  *parley.Workspace
	c  *parley.Caller
	v  *parley.Version
	f  string
}

// find returns the index of point id in the draft.
func (e *draftEdit) find(id, field string) (int, error) {
	i := indexOf(e.v, id)
	if i < 0 {
		return 0, parley.FieldErrorf(field, "no point %q in the draft", id)
	}
	return i, nil
}

func applyOp(tx Tx, w *parley.Workspace, c *parley.Caller, v *parley.Version, op *parley.PointOp, f string) error {
	e := &draftEdit{tx: tx, w: w, c: c, v: v, f: f}
	find := e.find
	switch op.Op {
	case parley.OpAdd:
		p, err := newPoint(w, c.MemberID, &op.Content, f+".content")
		if err != nil {
			return err
		}
		at, err := position(op.At, len(v.Points), f)
		if err != nil {
			return err
		}
		v.Points = slices.Insert(v.Points, at, p)
	case parley.OpEdit:
		i, err := find(op.Point, f+".point")
		if err != nil {
			return err
		}
		if err := checkContent(w, c.MemberID, &op.Content, f+".content"); err != nil {
			return err
		}
		cp := *v.Points[i]
		applyContent(&cp, c.MemberID, &op.Content)
		v.Points[i] = &cp
	case parley.OpRemove:
		i, err := find(op.Point, f+".point")
		if err != nil {
			return err
		}
		v.Points = slices.Delete(v.Points, i, i+1)
	case parley.OpMove:
		i, err := find(op.Point, f+".point")
		if err != nil {
			return err
		}
		p := v.Points[i]
		v.Points = slices.Delete(v.Points, i, i+1)
		at, err := position(op.At, len(v.Points), f)
		if err != nil {
			return err
		}
		v.Points = slices.Insert(v.Points, at, p)
	case parley.OpMerge:
		return e.merge(op)
	case parley.OpSplit:
		return e.split(op)
	case parley.OpCarry:
		return e.carry(op)
	default:
		return parley.FieldErrorf(f+".op", "op %q is not add, edit, remove, move, merge, split or carry", op.Op)
	}
	return nil
}

// merge replaces the points op names by one, at the place of the first: its text and
// bindings are theirs unless op gives its own, and it is seen by those who saw them all.
func (e *draftEdit) merge(op *parley.PointOp) error {
	if len(op.Points) < 2 {
		return parley.FieldErrorf(e.f+".points", "merge needs at least two points")
	}
	first := len(e.v.Points)
	var texts []string
	var from []string
	var audiences [][]string
	bind := map[string]string{}
	for k, id := range op.Points {
		i, err := e.find(id, fmt.Sprintf("%s.points[%d]", e.f, k))
		if err != nil {
			return err
		}
		if slices.Contains(from, id) {
			return parley.FieldErrorf(fmt.Sprintf("%s.points[%d]", e.f, k), "point %q is named twice", id)
		}
		first = min(first, i)
		texts = append(texts, e.v.Points[i].Text)
		audiences = append(audiences, e.v.Points[i].VisibleTo)
		from = append(from, id)
		for is, val := range e.v.Points[i].Bindings {
			bind[is] = val
		}
	}
	in := op.Content
	if in.Text == nil {
		t := strings.Join(texts, "\n\n")
		in.Text = &t
	}
	if in.Bindings == nil && len(bind) > 0 {
		in.Bindings = bind
	}
	p, err := newPoint(e.w, e.c.MemberID, &in, e.f+".content")
	if err != nil {
		return err
	}
	p.From = from
	p.VisibleTo = narrowest(e.c.MemberID, append([][]string{p.VisibleTo}, audiences...)...)
	e.v.Points = slices.DeleteFunc(e.v.Points, func(q *parley.PlanPoint) bool { return slices.Contains(from, q.ID) })
	e.v.Points = slices.Insert(e.v.Points, min(first, len(e.v.Points)), p)
	return nil
}

// split replaces a point by the parts op gives, each seen by those who saw it.
func (e *draftEdit) split(op *parley.PointOp) error {
	i, err := e.find(op.Point, e.f+".point")
	if err != nil {
		return err
	}
	if len(op.Parts) < 2 {
		return parley.FieldErrorf(e.f+".parts", "split needs at least two parts")
	}
	var parts []*parley.PlanPoint
	for k := range op.Parts {
		p, err := newPoint(e.w, e.c.MemberID, &op.Parts[k], fmt.Sprintf("%s.parts[%d]", e.f, k))
		if err != nil {
			return err
		}
		p.From = []string{op.Point}
		p.VisibleTo = narrowest(e.c.MemberID, p.VisibleTo, e.v.Points[i].VisibleTo)
		parts = append(parts, p)
	}
	e.v.Points = slices.Delete(e.v.Points, i, i+1)
	e.v.Points = slices.Insert(e.v.Points, i, parts...)
	return nil
}

// carry inserts a point of a published version, remembering where it came from.
func (e *draftEdit) carry(op *parley.PointOp) error {
	if op.Ref == nil {
		return parley.FieldErrorf(e.f+".ref", "carry needs ref: the version and point to carry")
	}
	src, err := visibleVersion(e.tx, e.w.ID, op.Ref.Version, e.c)
	if err != nil {
		return prefixField(err, e.f+".ref.version")
	}
	if src.Status != parley.StatusPublished || src.ID == e.v.ID {
		return parley.FieldErrorf(e.f+".ref.version", "points are carried from a published version")
	}
	k := indexOf(src, op.Ref.Point)
	if k < 0 || src.Points[k].Hidden {
		return parley.FieldErrorf(e.f+".ref.point", "no point %q in version %q", op.Ref.Point, src.ID)
	}
	p := *src.Points[k]
	ref := *op.Ref
	p.Carried = &ref
	if indexOf(e.v, p.ID) >= 0 || src.Kind == parley.KindRival {
		p.ID = newID("p")
		p.From = []string{op.Ref.Point}
	}
	p.VisibleTo = narrowest(e.c.MemberID, p.VisibleTo)
	at, err := position(op.At, len(e.v.Points), e.f)
	if err != nil {
		return err
	}
	e.v.Points = slices.Insert(e.v.Points, at, &p)
	return nil
}

// Publish implements parley.PlanService.
func (s *Service) Publish(ctx context.Context, ws, id string, rev int64) (*parley.Version, error) {
	var v *parley.Version
	err := s.write(ctx, func(tx Tx) ([]parley.Event, error) {
		w, c, err := member(ctx, tx, ws)
		if err != nil {
			return nil, err
		}
		v, err = ownDraft(tx, ws, id, rev, c, "publishes", "the version is already published")
		if err != nil {
			return nil, err
		}
		if len(v.Points) == 0 {
			return nil, parley.FieldErrorf("points", "an empty draft cannot be published")
		}
		if err := checkBindings(w.Scenario(), v); err != nil {
			return nil, err
		}
		sums, err := tx.VersionSummaries(ws)
		if err != nil {
			return nil, err
		}
		var published []*parley.Version // decoded once, then cached
		for _, o := range sums {
			if v.Kind == parley.KindPlan {
				v.Number = max(v.Number, o.Number)
			}
			if o.Status == parley.StatusPublished && o.ID != v.ID {
				pv, err := tx.Version(ws, o.ID)
				if err != nil {
					return nil, err
				}
				published = append(published, pv)
			}
		}
		if v.Kind == parley.KindPlan {
			v.Number++
		}
		sealPoints(v, published)
		now := s.now().UTC()
		v.Status = parley.StatusPublished
		v.PublishedAt = &now
		v.Rev++
		v.Hash = v.ContentHash()
		if err := tx.PutVersion(v, rev); err != nil {
			return nil, err
		}
		return []parley.Event{{Type: "version", Workspace: ws, Version: v.ID}},
			s.audit(tx, ws, c.MemberID, "version.publish", "version/"+v.ID+"#"+v.Hash)
	})
	if err != nil {
		return nil, err
	}
	return filterVersion(v, parley.CallerFromContext(ctx).MemberID), nil
}

// sealPoints prepares the points of v, about to be published after the versions vs of its
// workspace, so that nothing ties a hidden point to what a member saw elsewhere: a point with
// an audience, or whose id had one in a published version, gets a fresh id (From names the
// point it continues, which only its audience sees), and every point gets a fresh salt for
// its commitment (see parley.PlanPoint.Commit).
func sealPoints(v *parley.Version, vs []*parley.Version) {
	hidden, elsewhere := map[string]bool{}, map[string]bool{}
	for _, o := range vs {
		for _, p := range o.Points {
			elsewhere[p.ID] = true
			if len(p.VisibleTo) > 0 {
				hidden[p.ID] = true
			}
		}
	}
	for i, p := range v.Points {
		cp := *p
		if len(cp.VisibleTo) > 0 || hidden[cp.ID] {
			// An id made in this draft disappears: the new one keeps its sources.
			if elsewhere[cp.ID] {
				cp.From = []string{cp.ID}
			}
			cp.ID = newID("p")
		}
		cp.Salt = newSalt()
		v.Points[i] = &cp
	}
}

func newSalt() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}
