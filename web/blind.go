package web

import (
	"net/http"
	"strconv"
	"strings"

	"parley"
)

// blindData is the blind overlap page: the rounds as every member sees them (never a sealed
// value: the service gives none), the mediator's form to open one, each party's form to seal.
type blindData struct {
	Rounds  []blindRound
	Numeric []*parley.Issue // the issues a round may be on
	Parties []*parley.Member
	Error   string
	Field   string
	Done    string // what was just done, said beside the rounds
	WS      string
	// Form is the mediator's opening form as sent, shown again beside an error.
	Form blindForm
}

// blindForm is what the mediator chose in the form that opens a round.
type blindForm struct {
	Issue, Rule, Range string
	Sides              map[string]string
}

// blind serves GET /w/{ws}/blind.
func (u *ui) blind(w http.ResponseWriter, r *http.Request, me *signedIn) {
	u.showBlind(w, r, me, http.StatusOK, r.URL.Query().Get("done"), nil)
}

func (u *ui) showBlind(w http.ResponseWriter, r *http.Request, me *signedIn, status int, done string, ferr error) {
	d := blindData{WS: me.Workspace.ID, Done: done, Parties: me.Workspace.Parties()}
	if ferr != nil && r.Method == http.MethodPost && r.PathValue("round") == "" {
		d.Form = blindForm{Issue: r.PostFormValue("issue"), Rule: r.PostFormValue("rule"), Range: r.PostFormValue("range_percent"), Sides: map[string]string{}}
		for _, p := range d.Parties {
			d.Form.Sides[p.ID] = r.PostFormValue("side-" + p.ID)
		}
	}
	if ferr != nil {
		d.Error = parley.ErrorMessage(ferr)
		if pe, ok := ferr.(*parley.Error); ok {
			d.Field = pe.Field
		}
	}
	for _, is := range me.Workspace.Issues {
		if is.Kind != parley.KindOptions {
			d.Numeric = append(d.Numeric, is)
		}
	}
	if u.cfg.Blind == nil {
		u.fail(w, r, me, parley.Errorf(parley.ENOTFOUND, "this server runs no blind overlap rounds"))
		return
	}
	rs, err := u.cfg.Blind.BlindRounds(ctxFor(r.Context(), me), me.Workspace.ID)
	if err != nil {
		u.fail(w, r, me, err)
		return
	}
	for _, rd := range rs {
		d.Rounds = append(d.Rounds, roundView(rd, d.Parties, me.caller.MemberID))
	}
	u.render(w, r, status, "blind", &page{Title: "Blind overlap", Me: me, Active: "blind", Data: d})
}

// openBlind serves POST /w/{ws}/blind: the mediator opens a round, a side per party.
func (u *ui) openBlind(w http.ResponseWriter, r *http.Request, me *signedIn) {
	in := &parley.BlindOpenInput{Issue: r.PostFormValue("issue"), Sides: map[string]parley.BlindSide{}, Rule: parley.BlindRule(r.PostFormValue("rule"))}
	for _, p := range me.Workspace.Parties() {
		if side := r.PostFormValue("side-" + p.ID); side != "" {
			in.Sides[p.ID] = parley.BlindSide(side)
		}
	}
	var perr error
	if v := strings.TrimSpace(r.PostFormValue("range_percent")); v != "" && in.Rule == parley.BlindCybersettle {
		p, err := strconv.ParseFloat(v, 64)
		in.RangePercent, perr = &p, err
	}
	u.afterBlind(w, r, me, "opened", func() error {
		if perr != nil {
			return parley.FieldErrorf("range_percent", "give the range as a number from 0 to 100")
		}
		_, err := u.cfg.Blind.OpenBlind(ctxFor(r.Context(), me), me.Workspace.ID, in)
		return err
	})
}

// sealBlind serves POST /w/{ws}/blind/{round}/seal: a party seals its worst value. The value
// is never written back into the page, not even on an error.
func (u *ui) sealBlind(w http.ResponseWriter, r *http.Request, me *signedIn) {
	v, perr := strconv.ParseFloat(strings.TrimSpace(r.PostFormValue("value")), 64)
	u.afterBlind(w, r, me, "sealed", func() error {
		if perr != nil {
			return parley.FieldErrorf("value", "give the worst value you could accept as a number")
		}
		in := &parley.BlindSealInput{Value: v, ConfirmRetreat: r.PostFormValue("confirm_retreat") != ""}
		_, err := u.cfg.Blind.SealBlind(ctxFor(r.Context(), me), me.Workspace.ID, r.PathValue("round"), in)
		return err
	})
}

// afterBlind runs do and redirects to the page, or shows the page with the error.
func (u *ui) afterBlind(w http.ResponseWriter, r *http.Request, me *signedIn, done string, do func() error) {
	if u.cfg.Blind == nil {
		u.fail(w, r, me, parley.Errorf(parley.ENOTFOUND, "this server runs no blind overlap rounds"))
		return
	}
	err := do()
	if err == nil {
		http.Redirect(w, r, "/w/"+me.Workspace.ID+"/blind?done="+done, http.StatusSeeOther)
		return
	}
	if c := parley.ErrorCode(err); c != parley.EINVALID && c != parley.ECONFLICT && c != parley.EFORBIDDEN {
		u.fail(w, r, me, err)
		return
	}
	u.showBlind(w, r, me, http.StatusBadRequest, "", err)
}

// blindRound is one round as the page shows it.
type blindRound struct {
	R     *parley.BlindRound
	Sides []blindSide
	// Result is the round's state in words: how many have sealed, or the overlap and
	// settlement.
	Result string
	Rule   string // the settlement rule in words
	Open   bool
	Mine   bool // the viewer is a party of the open round: it gets the seal form
}

func roundView(r *parley.BlindRound, parties []*parley.Member, me string) blindRound {
	v := blindRound{R: r, Open: r.Status == parley.BlindOpen}
	for _, p := range parties {
		if s, ok := r.Sides[p.ID]; ok {
			v.Sides = append(v.Sides, blindSide{Party: p, Side: s, Sealed: contains(r.Sealed, p.ID), Retreated: contains(r.Retreats, p.ID)})
		}
	}
	_, v.Mine = r.Sides[me]
	v.Mine = v.Mine && v.Open
	switch {
	case v.Open:
		v.Result = strconv.Itoa(len(r.Sealed)) + " of " + strconv.Itoa(len(r.Sides)) + " parties have sealed."
	case r.Overlap != nil && *r.Overlap && r.Settlement != nil:
		v.Result = "The sealed values overlap. Settlement: " + parley.FormatNumber(*r.Settlement) + "."
	case r.Settlement != nil:
		v.Result = "No overlap, but the gap is within the range: settlement " + parley.FormatNumber(*r.Settlement) + "."
	default:
		v.Result = "No overlap."
	}
	v.Rule = ruleWords(r)
	return v
}

// ruleWords says a round's settlement rule in a few words.
func ruleWords(r *parley.BlindRound) string {
	switch r.Rule {
	case parley.BlindConcession:
		return "concession: the side that conceded more since its first round gets more of the overlap"
	case parley.BlindCybersettle:
		pct := parley.BlindDefaultRange
		if r.RangePercent != nil {
			pct = *r.RangePercent
		}
		return "Cybersettle: the midpoint of the two values, on an overlap or a gap of at most " + parley.FormatNumber(pct) + "% of the at-least value"
	}
	return "midpoint of the overlap"
}

type blindSide struct {
	Party             *parley.Member
	Side              parley.BlindSide
	Sealed, Retreated bool
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
