package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"

	"parley"
)

// extraPoints is how many empty rows the editor offers after a number issue's points.
const extraPoints = 2

// profileForm is the profile editor's content: the spec as typed, field by field, so a
// wrong entry is shown back as it was typed next to its error.
type profileForm struct {
	Reservation string
	Use         parley.ProfileUse
	Rev         int64
	RedLines    string
	Issues      []issueForm
	Errors      map[string]string // by field path ("issues.nato.weight", "red_lines[0]")
	Error       string            // the first error, in words
	redLineAt   []int             // the line of the text box each red line is on, from 1
}

type issueForm struct {
	Issue   *parley.Issue
	Weight  string
	Options []optionForm
	Points  []pointForm
}

type optionForm struct {
	Name, Value string
	K           int
}

type pointForm struct {
	X, Y string
	K    int
}

// formOf fills the editor from a stored profile (or an empty one).
func formOf(ws *parley.Workspace, pp *parley.PartyProfile) *profileForm {
	f := &profileForm{Errors: map[string]string{}, Use: parley.UsePrivate}
	var spec parley.ProfileSpec
	if pp != nil {
		spec, f.Use, f.Rev = pp.Profile, pp.Use, pp.Rev
	}
	f.Reservation = parley.FormatNumber(spec.Reservation)
	f.RedLines = strings.Join(spec.RedLines, "\n")
	for _, is := range ws.Issues {
		ip := spec.Issues[is.ID]
		itf := issueForm{Issue: is, Weight: parley.FormatNumber(ip.Weight)}
		if is.Kind == parley.KindOptions {
			for k, o := range is.Options {
				v := ""
				if x, ok := ip.Options[o]; ok {
					v = parley.FormatNumber(x)
				}
				itf.Options = append(itf.Options, optionForm{Name: o, Value: v, K: k})
			}
		} else {
			for k, xy := range ip.Points {
				itf.Points = append(itf.Points, pointForm{X: parley.FormatNumber(xy[0]), Y: parley.FormatNumber(xy[1]), K: k})
			}
			for k := len(ip.Points); k < len(ip.Points)+extraPoints; k++ {
				itf.Points = append(itf.Points, pointForm{K: k})
			}
		}
		f.Issues = append(f.Issues, itf)
	}
	return f
}

// parseProfile reads the editor's fields and checks the profile they make with the
// service's one check of a profile (parley.ProfileChecker, which PutProfile runs too). The
// form comes back with every field as typed and each error beside its field; spec is nil
// when there is any error.
func (u *ui) parseProfile(r *http.Request, me *signedIn) (*profileForm, *parley.ProfileSpec) {
	f, spec := readProfile(r.PostForm, me.Workspace)
	if spec == nil {
		return f, nil
	}
	if err := u.cfg.Profiles.CheckProfile(ctxFor(r.Context(), me), me.Workspace.ID, spec); err != nil {
		f.fail(err)
		return f, nil
	}
	return f, spec
}

// readProfile reads the editor's fields into a spec. An entry that is not a number is an
// error beside its field, and spec is then nil; what the numbers mean is for the service
// to check.
func readProfile(pf url.Values, ws *parley.Workspace) (*profileForm, *parley.ProfileSpec) {
	f := &profileForm{Errors: map[string]string{}, Reservation: pf.Get("reservation"),
		Use: parley.ProfileUse(pf.Get("use")), RedLines: pf.Get("red_lines")}
	f.Rev, _ = strconv.ParseInt(pf.Get("rev"), 10, 64)
	spec := &parley.ProfileSpec{Issues: map[string]parley.IssuePreference{}}
	if f.Use == "" {
		f.Use = parley.UsePrivate
	}
	if !f.Use.Valid() {
		f.bad("use", fmt.Sprintf("%q is not private, neutral or shared", f.Use))
	}
	spec.Reservation, _ = f.number("reservation", f.Reservation, false)
	for _, is := range ws.Issues {
		itf, ip := f.readIssue(pf, is)
		if ip.Weight != 0 || len(ip.Options) > 0 || len(ip.Points) > 0 {
			spec.Issues[is.ID] = ip
		}
		f.Issues = append(f.Issues, itf)
	}
	for i, line := range strings.Split(f.RedLines, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			spec.RedLines = append(spec.RedLines, line)
			f.redLineAt = append(f.redLineAt, i+1)
		}
	}
	if f.Error != "" {
		return f, nil
	}
	return f, spec
}

// readIssue reads one issue's weight and its options' values or its points.
func (f *profileForm) readIssue(pf url.Values, is *parley.Issue) (issueForm, parley.IssuePreference) {
	field := "issues." + is.ID
	itf := issueForm{Issue: is, Weight: pf.Get("w." + is.ID)}
	var ip parley.IssuePreference
	ip.Weight, _ = f.number(field+".weight", itf.Weight, true)
	if is.Kind != parley.KindOptions {
		itf.Points, ip.Points = f.readPoints(pf, is.ID)
		return itf, ip
	}
	ip.Options = map[string]float64{}
	for k, o := range is.Options {
		v := pf.Get(fmt.Sprintf("o.%s.%d", is.ID, k))
		itf.Options = append(itf.Options, optionForm{Name: o, Value: v, K: k})
		if x, ok := f.number(field+".options."+o, v, true); ok {
			ip.Options[o] = x
		}
	}
	return itf, ip
}

// readPoints reads a number issue's rows of points, skipping blank rows, and adds the
// empty rows the editor offers after them.
func (f *profileForm) readPoints(pf url.Values, id string) ([]pointForm, [][2]float64) {
	var rows []pointForm
	var points [][2]float64
	n := 0
	for k := 0; ; k++ {
		xs, ys := pf.Get(fmt.Sprintf("px.%s.%d", id, k)), pf.Get(fmt.Sprintf("py.%s.%d", id, k))
		if !pf.Has(fmt.Sprintf("px.%s.%d", id, k)) || k > 1000 {
			break
		}
		rows = append(rows, pointForm{X: xs, Y: ys, K: k})
		if strings.TrimSpace(xs) == "" && strings.TrimSpace(ys) == "" {
			continue
		}
		field := fmt.Sprintf("issues.%s.points[%d]", id, n)
		x, okx := f.number(field, xs, false)
		y, oky := f.number(field, ys, false)
		if okx && oky {
			points = append(points, [2]float64{x, y})
		}
		n++
	}
	for k := len(rows); k < n+extraPoints; k++ {
		rows = append(rows, pointForm{K: k})
	}
	return rows, points
}

// bad records msg as field's error (the first one for each field) and, if it is the
// first of all, as the form's.
func (f *profileForm) bad(field, msg string) {
	if _, ok := f.Errors[field]; !ok {
		f.Errors[field] = msg
	}
	if f.Error == "" {
		f.Error = field + ": " + msg
	}
}

// number reads a typed number; blank is no number but no error either when blankOK.
func (f *profileForm) number(field, s string, blankOK bool) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" && blankOK {
		return 0, false
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		f.bad(field, fmt.Sprintf("%q is not a number", s))
		return 0, false
	}
	return x, true
}

// fail shows the service's verdict on the profile beside the field it names; a red line's
// error also names the line of the text box it is on (its column is in the message).
func (f *profileForm) fail(err error) {
	var pe *parley.Error
	if !errors.As(err, &pe) || pe.Code != parley.EINVALID || pe.Field == "" {
		f.bad("profile", parley.ErrorMessage(err))
		return
	}
	msg := pe.Message
	var k int
	if _, e := fmt.Sscanf(pe.Field, "red_lines[%d]", &k); e == nil && k >= 0 && k < len(f.redLineAt) {
		msg = fmt.Sprintf("line %d: %s", f.redLineAt[k], msg)
	}
	f.bad(pe.Field, msg)
}

// profileData is the profile page: the editor and the preview beside it.
type profileData struct {
	F       *profileForm
	Preview *preview
	Saved   bool
	WS      string
}

// preview is what the current version is worth under the profile being edited and under
// the saved one, both valued by the service (ProfileService.Preview and
// PlanService.Analytics run the same rule).
type preview struct {
	Version *parley.VersionSummary
	Typed   *parley.PartyAnalytics // nil when the profile as typed is invalid (Error)
	Error   string
	Stored  *parley.PartyAnalytics // the same version under the saved profile
	Same    bool                   // the profile as typed is the saved one
}

// Uses lists the profile uses in the order the editor offers them.
func (f *profileForm) Uses() []parley.ProfileUse {
	return []parley.ProfileUse{parley.UsePrivate, parley.UseNeutral, parley.UseShared}
}

// profile serves GET /w/{ws}/profile: the party's own profile editor.
func (u *ui) profile(w http.ResponseWriter, r *http.Request, me *signedIn) {
	if !me.IsParty() {
		u.fail(w, r, me, parley.Errorf(parley.EFORBIDDEN, "only a party has a profile to edit"))
		return
	}
	ctx := ctxFor(r.Context(), me)
	pp, err := u.cfg.Profiles.Profile(ctx, me.Workspace.ID, me.Member.ID)
	if err != nil && parley.ErrorCode(err) != parley.ENOTFOUND {
		u.fail(w, r, me, err)
		return
	}
	if err != nil {
		pp = nil
	}
	f := formOf(me.Workspace, pp)
	var spec *parley.ProfileSpec
	if pp != nil {
		spec = &pp.Profile
	}
	d := profileData{F: f, Preview: u.preview(r, me, spec), WS: me.Workspace.ID, Saved: r.URL.Query().Get("saved") == "1"}
	u.render(w, r, http.StatusOK, "profile", &page{Title: "My profile", Me: me, Active: "profile", Data: d})
}

// saveProfile serves POST /w/{ws}/profile.
func (u *ui) saveProfile(w http.ResponseWriter, r *http.Request, me *signedIn) {
	if !me.IsParty() {
		u.fail(w, r, me, parley.Errorf(parley.EFORBIDDEN, "only a party has a profile to edit"))
		return
	}
	f, spec := u.parseProfile(r, me)
	u.keepTerms(r, me, spec)
	status := http.StatusBadRequest
	if spec != nil {
		pp := &parley.PartyProfile{Party: me.Member.ID, Profile: *spec, Use: f.Use}
		_, err := u.cfg.Profiles.PutProfile(ctxFor(r.Context(), me), me.Workspace.ID, me.Member.ID, f.Rev, pp)
		if err == nil {
			http.Redirect(w, r, "/w/"+me.Workspace.ID+"/profile?saved=1", http.StatusSeeOther)
			return
		}
		switch parley.ErrorCode(err) {
		case parley.EINVALID:
			f.Error = parley.ErrorMessage(err)
		case parley.ECONFLICT:
			status = http.StatusConflict
			f.Error = "Your profile was changed meanwhile (in another window?). Reload the page to see it; your entries are kept below."
		default:
			u.fail(w, r, me, err)
			return
		}
	}
	d := profileData{F: f, Preview: u.preview(r, me, spec), WS: me.Workspace.ID}
	u.render(w, r, status, "profile", &page{Title: "My profile", Me: me, Active: "profile", Data: d})
}

// keepTerms copies into spec what the editor does not show, the non-additive terms and the
// discount factor of the party's stored profile (a GENIUS or GeniusWeb profile has them), so
// that saving the editor never drops them.
func (u *ui) keepTerms(r *http.Request, me *signedIn, spec *parley.ProfileSpec) {
	if spec == nil {
		return
	}
	pp, err := u.cfg.Profiles.Profile(ctxFor(r.Context(), me), me.Workspace.ID, me.Member.ID)
	if err != nil {
		return
	}
	spec.Rectangles, spec.Discount = pp.Profile.Rectangles, pp.Profile.Discount
}

// previewProfile serves POST /w/{ws}/profile/preview: the preview panel for the profile as
// typed, sent by htmx as the party edits.
func (u *ui) previewProfile(w http.ResponseWriter, r *http.Request, me *signedIn) {
	if !me.IsParty() {
		u.fail(w, r, me, parley.Errorf(parley.EFORBIDDEN, "only a party has a profile to edit"))
		return
	}
	f, spec := u.parseProfile(r, me)
	u.keepTerms(r, me, spec)
	p := u.preview(r, me, spec)
	if spec == nil {
		p.Error = f.Error
	}
	u.renderFragment(w, r, "profile", "preview", p)
}

// preview values the current version under spec (nil: invalid or missing profile) and under
// the saved profile, through the services.
func (u *ui) preview(r *http.Request, me *signedIn, spec *parley.ProfileSpec) *preview {
	ctx := ctxFor(r.Context(), me)
	p := &preview{}
	vs, err := u.cfg.Plans.Versions(ctx, me.Workspace.ID)
	if err != nil {
		return p
	}
	p.Version = current(vs)
	if p.Version == nil {
		return p
	}
	if a, err := u.cfg.Plans.Analytics(ctx, me.Workspace.ID, p.Version.ID); err == nil {
		p.Stored = a.Own
	}
	if spec == nil {
		return p
	}
	if saved, err := u.cfg.Profiles.Profile(ctx, me.Workspace.ID, me.Member.ID); err == nil {
		p.Same = reflect.DeepEqual(normalSpec(&saved.Profile), normalSpec(spec))
	}
	if p.Typed, err = u.cfg.Profiles.Preview(ctx, me.Workspace.ID, p.Version.ID, spec); err != nil {
		p.Typed, p.Error = nil, parley.ErrorMessage(err)
	}
	return p
}

// normalSpec returns spec as JSON would carry it, so that a stored profile and the same
// profile read from the editor compare equal.
func normalSpec(spec *parley.ProfileSpec) any {
	b, _ := json.Marshal(spec)
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}
