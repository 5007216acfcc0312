package workspace

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"parley"
	"parley/analysis"
)

// The valuation of a text is analysis.EvaluateDraft's, for every view: a party's own
// analytics, its profile preview, the mediator's view of a sharing party and the joint
// results. This file only chooses which profiles a view may use and which points each party
// reads; it computes nothing itself.

// zoneWork bounds the analysis run for one request.
const zoneWork = 5e7

var analysisOptions = analysis.Options{MaxWork: zoneWork}

// optionsStop returns analysisOptions stopped when stop closes (a context's Done channel:
// the client left, or the deadline passed).
func optionsStop(stop <-chan struct{}) analysis.Options {
	o := analysisOptions
	o.Stop = stop
	return o
}

// bindings returns the draft that the points of v member may read bind (every point when
// member is empty), the bound values in words, and the issues bound to different values by
// different points, which are left open.
func bindings(sc *parley.Scenario, v *parley.Version, member string) (analysis.Draft, map[string]string, []*parley.BindingConflict) {
	d := make(analysis.Draft, len(sc.Issues))
	for i := range d {
		d[i] = analysis.Open
	}
	words := map[string]string{}
	var conflicts []*parley.BindingConflict
	byIssue := map[string]*parley.BindingConflict{}
	for _, p := range v.Points {
		if p.Hidden || (member != "" && !p.IsVisibleTo(member)) {
			continue
		}
		ids := make([]string, 0, len(p.Bindings))
		for id := range p.Bindings {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			i := sc.Issue(id)
			if i < 0 {
				continue
			}
			k, ok := bindIndex(sc.Issues[i], p.Bindings[id])
			if !ok {
				continue
			}
			c := byIssue[id]
			if c == nil {
				c = &parley.BindingConflict{Issue: id}
				byIssue[id] = c
			}
			c.Points = append(c.Points, p.Number)
			c.Values = append(c.Values, sc.Issues[i].Value(k).String())
			if d[i] == analysis.Open && len(c.Points) == 1 {
				d[i] = k
				words[id] = sc.Issues[i].Value(k).String()
			} else if d[i] != k && d[i] != conflicted {
				d[i] = conflicted
				conflicts = append(conflicts, c)
			}
		}
	}
	for i, k := range d {
		if k == conflicted {
			d[i] = analysis.Open
			delete(words, sc.Issues[i].ID)
		}
	}
	return d, words, conflicts
}

// conflicted marks, while bindings runs, an issue bound to two values.
const conflicted = -2

// describeConflicts writes conflicts in words: `buffer_km: point 17 binds 40, point 18 binds 35`.
func describeConflicts(cs []*parley.BindingConflict) string {
	var parts []string
	for _, c := range cs {
		var ps []string
		for k, n := range c.Points {
			ps = append(ps, fmt.Sprintf("point %d binds %s", n, c.Values[k]))
		}
		parts = append(parts, c.Issue+": "+strings.Join(ps, ", "))
	}
	return strings.Join(parts, "; ")
}

// scenarioOf returns sc with the parties of pps as its deciders, in order.
func scenarioOf(sc *parley.Scenario, pps []*parley.PartyProfile) *parley.Scenario {
	s := *sc
	s.Parties = nil
	for _, pp := range pps {
		s.Parties = append(s.Parties, &parley.Party{ID: pp.Party, Name: pp.Party, Role: parley.RoleParty, Profile: pp.Profile.Profile()})
	}
	return &s
}

// valueStop is what version v, as party pp reads it, is worth to pp: the one valuation
// behind the party's analytics, its profile preview, the mediator's view of a sharing party
// and the progress chart. It stops with analysis.ErrStopped when stop closes (nil: never).
func valueStop(stop <-chan struct{}, sc *parley.Scenario, v *parley.Version, pp *parley.PartyProfile) (*parley.PartyAnalytics, error) {
	if pp.Profile.Partial {
		return nil, errPartial()
	}
	d, _, _ := bindings(sc, v, pp.Party)
	e, err := analysis.EvaluateDraft(scenarioOf(sc, []*parley.PartyProfile{pp}), d, nil, optionsStop(stop))
	if err != nil {
		return nil, err
	}
	dv := e.Parties[0]
	return &parley.PartyAnalytics{Party: pp.Party, UtilityMin: dv.Min, UtilityMax: dv.Max, Exact: dv.Exact(),
		Reservation: dv.Reservation, Verdict: dv.Verdict, Crossed: dv.Crossed, AtRisk: dv.AtRisk}, nil
}

// inexact turns an error of analysis that says no exact method fits into a note; other
// errors are returned.
func inexact(err error) (string, error) {
	if errors.Is(err, analysis.ErrNoExactMethod) {
		return "not computed: " + parley.ErrorMessage(err), nil
	}
	return "", err
}

// analyticsInput is what one Analytics call reads from the store.
type analyticsInput struct {
	w        *parley.Workspace
	c        *parley.Caller
	v        *parley.Version // unfiltered
	profiles map[string]*parley.PartyProfile
	stop     <-chan struct{} // the request's Done: the analyses stop when it closes
}

// readAnalytics reads what the analyses of workspace ws need: the workspace, the caller,
// every profile and, when id is not empty, the version the caller may see.
func (s *Service) readAnalytics(ctx context.Context, ws, id string) (*analyticsInput, error) {
	in := &analyticsInput{profiles: map[string]*parley.PartyProfile{}, stop: ctx.Done()}
	err := s.store.Read(ctx, func(tx Tx) error {
		var err error
		if in.w, in.c, err = member(ctx, tx, ws); err != nil {
			return err
		}
		if id != "" {
			if in.v, err = tx.Version(ws, id); err != nil {
				return err
			}
			if !canSee(in.v, in.c) {
				return parley.Errorf(parley.ENOTFOUND, "version not found")
			}
		}
		for _, p := range in.w.Parties() {
			pp, err := tx.Profile(ws, p.ID)
			if err == nil {
				in.profiles[p.ID] = pp
			} else if parley.ErrorCode(err) != parley.ENOTFOUND {
				return err
			}
		}
		return nil
	})
	return in, err
}

// analytics computes what Analytics returns (see limits.go for the bounds around it).
func (s *Service) analytics(ctx context.Context, ws, id string) (*parley.Analytics, error) {
	in, err := s.readAnalytics(ctx, ws, id)
	if err != nil {
		return nil, err
	}
	if s.analysisHook != nil {
		s.analysisHook()
	}
	key := in.key()
	if a := s.seen.get(key); a != nil {
		return a, nil
	}
	a, err := s.analyticsOf(in)
	select {
	case <-in.stop: // the client left: what was computed may have been cut short
	default:
		if err == nil {
			s.seen.put(key, a)
		}
	}
	return a, err
}

// analyticsOf computes the analytics of in.
func (s *Service) analyticsOf(in *analyticsInput) (*parley.Analytics, error) {
	var err error
	sc := in.w.Scenario()
	d, words, conflicts := bindings(sc, in.v, in.c.MemberID)
	a := &parley.Analytics{Version: in.v.ID, Outcome: words, Conflicts: conflicts}
	for i, k := range d {
		if k == analysis.Open {
			a.Open = append(a.Open, sc.Issues[i].ID)
		}
	}
	if pp := in.profiles[in.c.MemberID]; pp != nil && in.c.Role == parley.RoleParty {
		if a.Own, err = valueStop(in.stop, sc, in.v, pp); err != nil {
			if a.Note, err = inexact(err); err != nil {
				return nil, err
			}
		}
	}
	own := in.profiles[in.c.MemberID]
	if in.c.Role != parley.RoleMediator && (a.Own == nil || own.Use == parley.UsePrivate || hidesFrom(in.v, in.c.MemberID)) {
		return a, nil // nothing joint to show this caller
	}
	j, err := s.joint(in)
	if err != nil {
		return nil, err
	}
	switch {
	case in.c.Role == parley.RoleMediator:
		if a.Mediator, err = s.mediatorView(in, j, &a.Note); err != nil {
			return nil, err
		}
	case j.joint != nil:
		// The party is shown what its profile served; the joint results use the whole
		// text, so only a party that reads the whole text sees them (checked above).
		a.Joint = j.joint
	}
	return a, nil
}

// hidesFrom reports whether some point of v is hidden from member.
func hidesFrom(v *parley.Version, member string) bool {
	for _, p := range v.Points {
		if !p.IsVisibleTo(member) {
			return true
		}
	}
	return false
}

// jointView is the joint results of a version and what they were computed from.
type jointView struct {
	joint     *parley.Joint
	note      string
	allShared bool
	pps       []*parley.PartyProfile // every party's, workspace order, when joint is set
	zone      *analysis.Result
	eval      *analysis.Evaluation
	sc        *parley.Scenario // the deciders of pps
}

// joint computes the joint results of in.v when the parties' uses allow it: every party has
// a profile that is not private and, unless every party shares, the version is published
// and hides no point from a party whose profile is neutral.
func (s *Service) joint(in *analyticsInput) (*jointView, error) {
	j := &jointView{allShared: true}
	var private, missing, hidden []string
	for _, p := range in.w.Parties() {
		pp := in.profiles[p.ID]
		switch {
		case pp == nil:
			missing = append(missing, p.ID)
		case pp.Use == parley.UseShared:
		case pp.Use == parley.UseNeutral:
			j.allShared = false
			if hidesFrom(in.v, p.ID) {
				hidden = append(hidden, p.ID)
			}
		default:
			private = append(private, p.ID)
		}
		j.pps = append(j.pps, pp)
	}
	switch {
	case len(missing) > 0:
		j.note = "joint results need every party's profile; no profile yet: " + strings.Join(missing, ", ")
	case len(private) > 0:
		j.note = fmt.Sprintf("joint results use every party's profile, and %d of %d keep theirs private", len(private), len(j.pps))
	case !j.allShared && in.v.Status != parley.StatusPublished:
		j.note = "joint results from neutral profiles are computed on published versions only"
	case len(hidden) > 0:
		j.note = "joint results from neutral profiles are not computed on a version that hides points from a party"
	case slices.ContainsFunc(j.pps, func(pp *parley.PartyProfile) bool { return pp.Profile.Partial }):
		j.note = "a party's profile is partial: the zone of agreement is estimated under uncertainty instead"
	}
	if j.note != "" {
		j.pps = nil
		return j, nil
	}
	j.sc = scenarioOf(in.w.Scenario(), j.pps)
	var err error
	if j.zone, err = s.zoneStop(in.stop, in.w.ID, j.sc, j.pps); err != nil {
		if j.note, err = inexact(err); err != nil {
			return nil, err
		}
		return j, nil
	}
	d, _, _ := bindings(j.sc, in.v, "")
	if j.eval, err = analysis.EvaluateDraft(j.sc, d, j.zone, optionsStop(in.stop)); err != nil {
		if j.note, err = inexact(err); err != nil {
			return nil, err
		}
		return j, nil
	}
	j.joint = &parley.Joint{AcceptableToAll: j.eval.AcceptableToAll, ZoneExists: len(j.zone.Nash) > 0}
	for _, pp := range j.pps {
		j.joint.Counted = append(j.joint.Counted, pp.Party)
	}
	if len(j.zone.Nash) > 0 {
		j.joint.Nash = outcomeWords(j.sc, j.zone.Nash[0].Outcome)
	}
	if len(j.zone.KalaiSmorodinsky) > 0 {
		j.joint.KalaiSmorodinsky = outcomeWords(j.sc, j.zone.KalaiSmorodinsky[0].Outcome)
	}
	return j, nil
}

func outcomeWords(s *parley.Scenario, o parley.Outcome) map[string]string {
	m := map[string]string{}
	for i, is := range s.Issues {
		m[is.ID] = is.Value(o[i]).String()
	}
	return m
}

// mediatorView is the mediator's view: the sharing parties' own valuations, the joint
// results, and, when every party shares, the frontier, the improvements and the full zone.
func (s *Service) mediatorView(in *analyticsInput, j *jointView, note *string) (*parley.MediatorAnalytics, error) {
	m := &parley.MediatorAnalytics{Joint: j.joint, JointNote: j.note}
	sc := in.w.Scenario()
	for _, p := range in.w.Parties() {
		pp := in.profiles[p.ID]
		switch {
		case pp == nil:
			m.Missing = append(m.Missing, p.ID)
		case pp.Use == parley.UseShared:
			pa, err := valueStop(in.stop, sc, in.v, pp)
			if err != nil {
				msg, err := inexact(err)
				if err != nil {
					return nil, err
				}
				*note = p.ID + "'s value is " + msg
				continue
			}
			m.Shared = append(m.Shared, pa)
		case pp.Use != parley.UseNeutral:
			m.Private = append(m.Private, p.ID)
		}
	}
	if j.joint == nil || !j.allShared {
		m.FrontierNote = "the distance to the frontier and the improvements need every party to share its profile"
		return m, nil
	}
	e := j.eval
	if math.IsNaN(e.FrontierDistance) {
		m.FrontierNote = e.FrontierNote
	} else {
		m.FrontierDistance = &e.FrontierDistance
	}
	for _, im := range e.Improvements {
		pi := &parley.Improvement{Changes: map[string]string{}, Gains: map[string]float64{}, Acceptable: im.Acceptable}
		for _, i := range im.Changed {
			pi.Changes[j.sc.Issues[i].ID] = j.sc.Issues[i].Value(im.Outcome[i]).String()
		}
		for k, pp := range j.pps {
			pi.Gains[pp.Party] = im.Gain[k]
		}
		m.Improvements = append(m.Improvements, pi)
	}
	m.Zone = zone(j.zone, j.sc)
	return m, nil
}

// Progress implements parley.PlanService.
func (s *Service) Progress(ctx context.Context, ws string) ([]*parley.ProgressPoint, error) {
	var (
		w        *parley.Workspace
		versions []*parley.Version
		stances  = map[string][]*parley.Stance{}
		profiles []*parley.PartyProfile
	)
	err := s.store.Read(ctx, func(tx Tx) error {
		var c *parley.Caller
		var err error
		if w, c, err = member(ctx, tx, ws); err != nil {
			return err
		}
		if err := mediatorOnly(c); err != nil {
			return err
		}
		vs, err := tx.Versions(ws)
		if err != nil {
			return err
		}
		for _, v := range vs {
			if v.Kind == parley.KindPlan && v.Status == parley.StatusPublished {
				versions = append(versions, v)
				if stances[v.ID], err = tx.Stances(ws, v.ID); err != nil {
					return err
				}
			}
		}
		for _, p := range w.Parties() {
			// The smallest gain is a per-party number: only from profiles shared with the
			// mediator, and only when every party shares.
			if pp, err := tx.Profile(ws, p.ID); err == nil && pp.Use == parley.UseShared {
				profiles = append(profiles, pp)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(versions, func(i, j int) bool { return versions[i].Number < versions[j].Number })
	sc := w.Scenario()
	parties := w.Parties()
	out := []*parley.ProgressPoint{}
	for _, v := range versions {
		if err := ctx.Err(); err != nil {
			return nil, err // the client left: value no more versions
		}
		pp := &parley.ProgressPoint{Version: v.ID, Number: v.Number, Points: len(v.Points)}
		if v.PublishedAt != nil {
			pp.PublishedAt = *v.PublishedAt
		}
		accepts := map[string]int{}
		for _, st := range stances[v.ID] {
			if st.Mark == parley.MarkAccept {
				accepts[st.Point]++
			}
		}
		for _, p := range v.Points {
			if accepts[p.ID] == len(parties) {
				pp.AcceptedByAll++
			}
		}
		if len(profiles) == len(parties) {
			g := math.Inf(1)
			for _, prof := range profiles {
				pa, err := valueStop(ctx.Done(), sc, v, prof)
				if err != nil {
					g = math.NaN()
					break
				}
				g = math.Min(g, pa.UtilityMin-pa.Reservation)
			}
			if !math.IsNaN(g) {
				pp.MinGain = &g
			}
		}
		out = append(out, pp)
	}
	return out, nil
}

// Preview implements parley.ProfileService.
func (s *Service) Preview(ctx context.Context, ws, version string, spec *parley.ProfileSpec) (*parley.PartyAnalytics, error) {
	var (
		w *parley.Workspace
		c *parley.Caller
		v *parley.Version
	)
	err := s.store.Read(ctx, func(tx Tx) error {
		var err error
		if w, c, err = member(ctx, tx, ws); err != nil {
			return err
		}
		if c.Role != parley.RoleParty {
			return parley.Errorf(parley.EFORBIDDEN, "only a party has a profile to preview")
		}
		if v, err = tx.Version(ws, version); err != nil {
			return err
		}
		if !canSee(v, c) {
			return parley.Errorf(parley.ENOTFOUND, "version not found")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if spec == nil {
		return nil, parley.FieldErrorf("profile", "a profile is needed")
	}
	if err := ValidateProfile(w.Scenario(), spec); err != nil {
		return nil, prefixField(err, "profile")
	}
	pa, err := valueStop(ctx.Done(), w.Scenario(), v, &parley.PartyProfile{Party: c.MemberID, Profile: *spec})
	if err != nil && errors.Is(err, analysis.ErrNoExactMethod) {
		return nil, parley.Errorf(parley.EINVALID, "%s", parley.ErrorMessage(err))
	}
	return pa, err
}
