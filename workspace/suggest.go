package workspace

import (
	"context"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"

	"parley"
	"parley/negotiate"
	"parley/redline"
)

// Suggestion implements parley.Suggester: Suggest over the published versions of the plan
// and the stances on them, as the mediator sees them. Only the mediator may have it.
func (s *Service) Suggestion(ctx context.Context, ws string) (*parley.Suggestion, error) {
	w, err := s.mediatorsWorkspace(ctx, ws, "only the mediator sees the suggested next text")
	if err != nil {
		return nil, err
	}
	vs, err := s.Versions(ctx, ws)
	if err != nil {
		return nil, err
	}
	var rounds []Round
	for _, v := range vs { // plan versions come first, by number
		if v.Kind != parley.KindPlan || v.Status != parley.StatusPublished {
			continue
		}
		full, err := s.Version(ctx, ws, v.ID)
		if err != nil {
			return nil, err
		}
		m, err := s.Matrix(ctx, ws, v.ID)
		if err != nil {
			return nil, err
		}
		rounds = append(rounds, Round{Version: full, Matrix: m})
	}
	// The strategy's tables grow with the values of the issues bound: it takes an analysis
	// slot, like the analyses and diffs.
	release, err := s.slots.take(ctx, ws)
	if err != nil {
		return nil, err
	}
	stated, err := s.statedRedLines(ctx, ws, w.Parties())
	if err != nil {
		return nil, err
	}
	sug := SuggestStated(w.Issues, w.Parties(), rounds, stated)
	release()
	sug.Workspace = w.ID
	return sug, nil
}

// statedRedLines returns the red lines of the parties that share their profile with the
// mediator, by party id: what they stated to it. A profile a party keeps private (or
// neutral) is never read.
func (s *Service) statedRedLines(ctx context.Context, ws string, parties []*parley.Member) (map[string][]string, error) {
	stated := map[string][]string{}
	for _, p := range parties {
		pp, err := s.Profile(ctx, ws, p.ID)
		switch {
		case parley.ErrorCode(err) == parley.ENOTFOUND:
			continue
		case err != nil:
			return nil, err
		}
		if pp.Use == parley.UseShared {
			stated[p.ID] = pp.Profile.RedLines
		}
	}
	return stated, nil
}

// Round is one published version of the plan with the stances on it, as the mediator sees
// them: the material Suggest learns from.
type Round struct {
	Version *parley.Version
	Matrix  *parley.Matrix
}

// tally is one party's record on one value of an issue.
type tally struct {
	last     int8 // 1 accepted last, -1 rejected last, 0 never marked
	acc, rej int  // how often it accepted and rejected it
	proposed int  // how often its amendments named it
}

// Suggest proposes the mediator's next text from the stances the parties gave on the
// published versions (rounds, oldest first), never from a profile, with the strategy of the
// simulation's mediated protocol (negotiate.DefaultMediator, a negotiate.Learner): each
// published version is a text the strategy observes, each party's stances on it its vote.
// The text is the values the version's points bind, over the issues some version binds
// (an issue a version leaves open keeps its value of the version before; before its first
// binding, the value it is first bound to). A party accepts the text when it accepted
// every point that binds an issue and marked at least one; it rejects it when it rejected
// or amended one of them, and abstains when it only reserved or did not mark; an amendment
// whose text names one value of an issue the point binds (amendValue) is the party's
// counter-offer. Issues no version binds keep the current version's value (or, open, the
// middle one). The reasons say, per issue, what each party accepted and rejected.
// parties are the ids and names of the negotiating parties, in the order reasons name
// them. A suggestion is the mediator's to adopt, edit or ignore; it decides nothing.
//
// It reveals every party's stances, private ones included, so only the mediator may see it.
func Suggest(issues []*parley.Issue, parties []*parley.Member, rounds []Round) *parley.Suggestion {
	return SuggestStated(issues, parties, rounds, nil)
}

// SuggestStated is Suggest with the red lines the parties stated to the mediator (by party
// id: the parties that share their profile with it), which the strategy never crosses
// while another text will do (negotiate.MediatorSetup.RedLines). A red line on an issue no
// version binds yet is left out.
func SuggestStated(issues []*parley.Issue, parties []*parley.Member, rounds []Round, redLines map[string][]string) *parley.Suggestion {
	d := newDesk(issues, parties)
	d.redLines = redLines
	for _, r := range rounds {
		if r.Version != nil && r.Matrix != nil {
			d.read(r)
		}
	}
	text, likely := d.propose()
	return d.suggestion(text, likely)
}

// desk is what Suggest learns from the rounds.
type desk struct {
	issues  []*parley.Issue
	parties []*parley.Member
	index   map[string]int // party id -> index in parties
	// marks[p][i][k] is party p's record on value k of issue i.
	marks [][][]tally
	// current[i] is the value the latest version binds, -1 when none.
	current []int
	// texts[r] is the text of round r, -1 for an issue not bound yet; votes[r] the votes.
	texts [][]int
	votes [][]negotiate.Vote
	heard int
	// latest is the latest version read.
	latest *parley.Version
	// redLines are the red lines the parties stated, by party id.
	redLines map[string][]string
}

func newDesk(issues []*parley.Issue, parties []*parley.Member) *desk {
	d := &desk{issues: issues, parties: parties, index: map[string]int{}, current: slicesOf(len(issues), -1)}
	d.marks = make([][][]tally, len(parties))
	for p, m := range parties {
		d.index[m.ID] = p
		d.marks[p] = make([][]tally, len(issues)) // each made on the party's first mark
	}
	return d
}

// tally returns party p's record on value k of issue i.
func (d *desk) tally(p, i, k int) *tally {
	if d.marks[p][i] == nil {
		d.marks[p][i] = make([]tally, d.issues[i].Size())
	}
	return &d.marks[p][i][k]
}

// read adds round r: its text, the tallies and every party's vote.
func (d *desk) read(r Round) {
	d.latest = r.Version
	points := map[string]*parley.PlanPoint{}
	text := make([]int, len(d.issues))
	for i := range text {
		text[i] = -1
	}
	for _, pt := range r.Version.Points {
		points[pt.ID] = pt
		for i, k := range d.bound(pt) {
			if k >= 0 {
				text[i] = k
			}
		}
	}
	copy(d.current, text)
	if n := len(d.texts); n > 0 {
		for i, k := range text {
			if k < 0 {
				text[i] = d.texts[n-1][i]
			}
		}
	}
	votes := make([]negotiate.Vote, len(d.parties))
	for p := range votes {
		votes[p] = negotiate.Vote{Abstain: true, Accept: true}
	}
	for row, pid := range r.Matrix.Points {
		pt := points[pid]
		if pt == nil || row >= len(r.Matrix.Cells) {
			continue
		}
		for col, party := range r.Matrix.Parties {
			p, ok := d.index[party]
			if ok && col < len(r.Matrix.Cells[row]) {
				d.mark(&votes[p], p, pt, r.Matrix.Cells[row][col], text)
			}
		}
	}
	d.texts = append(d.texts, text)
	d.votes = append(d.votes, votes)
}

// bound returns the value index the point binds for each issue, -1 where it binds none.
func (d *desk) bound(pt *parley.PlanPoint) []int {
	ks := make([]int, len(d.issues))
	for i, is := range d.issues {
		ks[i] = -1
		if v, ok := pt.Bindings[is.ID]; ok {
			if k, ok := bindIndex(is, v); ok {
				ks[i] = k
			}
		}
	}
	return ks
}

// mark adds party p's stance st on point pt of a version with text to the party's tallies
// and its vote v on the version.
func (d *desk) mark(v *negotiate.Vote, p int, pt *parley.PlanPoint, st *parley.Stance, text []int) {
	if st == nil || st.Mark == parley.MarkReserve {
		return
	}
	binds := false
	for i, k := range d.bound(pt) {
		if k < 0 {
			continue
		}
		binds = true
		t := d.tally(p, i, k)
		if st.Mark == parley.MarkAccept {
			t.last, t.acc = 1, t.acc+1
			continue
		}
		t.last, t.rej = -1, t.rej+1
		if st.Mark != parley.MarkAmend {
			continue
		}
		if a, ok := amendValue(d.issues[i], st.Amendment); ok && a != k {
			if v.Amend == nil {
				v.Amend = outcome(text)
			}
			v.Amend[i] = a
			d.tally(p, i, a).proposed++
		}
	}
	if !binds {
		return
	}
	d.heard++
	v.Abstain = false
	v.Accept = v.Accept && st.Mark == parley.MarkAccept
}

// outcome returns a copy of text as an outcome.
func outcome(text []int) parley.Outcome {
	return append(parley.Outcome(nil), text...)
}

// propose runs the strategy over the rounds and returns its next text (a value index per
// issue) and whether it predicts every party accepts it. When the parties accepted the
// latest version unanimously, the text is that version's.
func (d *desk) propose() ([]int, bool) {
	text := slicesOf(len(d.issues), -1)
	var active []int // the issues some version binds, in order
	for i := range d.issues {
		for _, tx := range d.texts {
			if tx[i] >= 0 {
				active = append(active, i)
				break
			}
		}
	}
	for i, is := range d.issues {
		text[i] = d.current[i]
		if text[i] < 0 {
			text[i] = (is.Size() - 1) / 2
		}
	}
	if len(active) == 0 || d.heard == 0 {
		return text, false
	}
	if last := d.votes[len(d.votes)-1]; unanimous(last) {
		for _, i := range active {
			text[i] = d.texts[len(d.texts)-1][i]
		}
		return text, true
	}
	got, likely := d.learn(active)
	for j, i := range active {
		text[i] = got[j]
	}
	return text, likely
}

// learn runs negotiate's default strategy over the rounds, on the active issues only.
func (d *desk) learn(active []int) (parley.Outcome, bool) {
	spec, err := negotiate.ParseMediator(negotiate.DefaultMediator)
	if err != nil {
		panic(fmt.Sprintf("workspace: the default mediator: %v", err))
	}
	m, ok := spec.New().(negotiate.Learner)
	if !ok {
		panic("workspace: the default mediator does not learn from rounds it does not lead")
	}
	setup := &negotiate.MediatorSetup{Rand: rand.New(rand.NewPCG(1, 2))}
	for _, i := range active {
		setup.Issues = append(setup.Issues, d.issues[i])
		setup.Sizes = append(setup.Sizes, d.issues[i].Size())
	}
	for _, p := range d.parties {
		setup.Parties = append(setup.Parties, p.ID)
	}
	setup.RedLines = d.stated(setup.Issues)
	if err := m.Init(setup); err != nil {
		panic(fmt.Sprintf("workspace: the default mediator: %v", err))
	}
	// The desk has no deadline: rounds are spread over the first half of the time, so the
	// strategy never takes the end for near.
	n := float64(len(d.texts) + 1)
	for r, tx := range d.texts {
		m.Observe(0.5*float64(r+1)/n, d.project(tx, active), d.projectVotes(d.votes[r], active))
	}
	got, _ := m.Propose(0.5)
	if got == nil {
		return d.project(d.texts[len(d.texts)-1], active), false
	}
	got = append(parley.Outcome(nil), got...)
	likely := true
	for _, x := range m.Margins(got, nil) {
		likely = likely && x >= 0
	}
	return got, likely
}

// stated compiles the red lines the parties stated over issues (the active ones), by party;
// nil when none did. A red line that does not compile there (it names an issue no version
// binds) is left out.
func (d *desk) stated(issues []*parley.Issue) [][]*redline.RedLine {
	if len(d.redLines) == 0 {
		return nil
	}
	sc := &parley.Scenario{Issues: issues}
	out := make([][]*redline.RedLine, len(d.parties))
	for p, m := range d.parties {
		for _, src := range d.redLines[m.ID] {
			if r, err := redline.Parse(src, sc); err == nil {
				out[p] = append(out[p], r)
			}
		}
	}
	return out
}

// project returns text over the active issues; an issue not bound yet takes the value it is
// first bound to.
func (d *desk) project(text []int, active []int) parley.Outcome {
	o := make(parley.Outcome, len(active))
	for j, i := range active {
		o[j] = text[i]
		for r := 0; o[j] < 0; r++ {
			o[j] = d.texts[r][i]
		}
	}
	return o
}

// projectVotes returns votes with their amendments over the active issues.
func (d *desk) projectVotes(votes []negotiate.Vote, active []int) []negotiate.Vote {
	out := make([]negotiate.Vote, len(votes))
	for p, v := range votes {
		out[p] = v
		if v.Amend != nil {
			out[p].Amend = d.project(v.Amend, active)
		}
	}
	return out
}

func unanimous(votes []negotiate.Vote) bool {
	for _, v := range votes {
		if v.Abstain || !v.Accept {
			return false
		}
	}
	return true
}

func slicesOf(n, x int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = x
	}
	return s
}

// suggestion returns the suggestion of text, with the reasons.
func (d *desk) suggestion(text []int, likely bool) *parley.Suggestion {
	sug := &parley.Suggestion{Heard: d.heard, Likely: likely}
	if d.latest != nil {
		sug.Version = d.latest.ID
	}
	for i, is := range d.issues {
		si := parley.SuggestedIssue{Issue: is, Suggested: valueText(is, text[i]), Value: is.Value(text[i]).String()}
		for _, tx := range d.texts {
			si.Learned = si.Learned || tx[i] >= 0
		}
		if d.current[i] >= 0 {
			si.Current = valueText(is, d.current[i])
		}
		var said []string
		all := len(d.parties) > 0
		for p, m := range d.parties {
			if s := stanceWords(is, d.marks[p][i]); s != "" {
				said = append(said, m.Name+" "+s)
			}
			all = all && d.marks[p][i] != nil && d.marks[p][i][text[i]].last == 1
		}
		switch {
		case len(said) == 0:
			si.Reason = "no party has marked a point that binds this issue"
		case all:
			si.Reason = strings.Join(said, "; ") + ": every party has accepted " + si.Suggested
		default:
			si.Reason = strings.Join(said, "; ")
		}
		sug.Issues = append(sug.Issues, si)
	}
	return sug
}

// stanceWords says in words what a party marked on an issue: "rejected 40 km twice, 45 km;
// accepts 50 km; proposed 55 km", values in the issue's order; what it proposed is what its
// amendments named (amendValue).
func stanceWords(is *parley.Issue, ts []tally) string {
	var rejected, accepted, proposed []string
	for k, t := range ts {
		switch t.last {
		case -1:
			rejected = append(rejected, valueText(is, k)+times(t.rej))
		case 1:
			accepted = append(accepted, valueText(is, k)+times(t.acc))
		}
		if t.proposed > 0 {
			proposed = append(proposed, valueText(is, k)+times(t.proposed))
		}
	}
	var parts []string
	if len(rejected) > 0 {
		parts = append(parts, "rejected "+strings.Join(rejected, ", "))
	}
	if len(accepted) > 0 {
		parts = append(parts, "accepts "+strings.Join(accepted, ", "))
	}
	if len(proposed) > 0 {
		parts = append(parts, "proposed "+strings.Join(proposed, ", "))
	}
	return strings.Join(parts, "; ")
}

func times(n int) string {
	switch n {
	case 1:
		return ""
	case 2:
		return " twice"
	}
	return fmt.Sprintf(" %d times", n)
}

// valueText is value k of the issue with its unit: "40 km", "moratorium".
func valueText(is *parley.Issue, k int) string {
	v := is.Value(k).String()
	if is.Unit != "" && is.Kind != parley.KindOptions {
		v += " " + is.Unit
	}
	return v
}

// number matches a decimal number in an amendment's text.
var number = regexp.MustCompile(`-?[0-9]+(?:\.[0-9]+)?`)

// amendValue reads, from the free text of an amendment, the value of issue is that it
// proposes: the one value of the issue the text names (an option as a whole word, any
// case; a number on the issue's grid). It reports false when the text names none, or
// several.
func amendValue(is *parley.Issue, text string) (int, bool) {
	found, k := 0, -1
	if len(text) > 10_000 {
		text = text[:10_000]
	}
	if is.Kind == parley.KindOptions {
		words := strings.ToLower(text)
		for j, o := range is.Options {
			if o != "" && wholeWord(words, strings.ToLower(o)) {
				found, k = found+1, j
			}
		}
	} else {
		seen := map[int]bool{}
		for _, s := range number.FindAllString(text, 64) {
			x, err := strconv.ParseFloat(s, 64)
			if err != nil {
				continue
			}
			if j, ok := is.Index(parley.Number(x)); ok && !seen[j] {
				seen[j] = true
				found, k = found+1, j
			}
		}
	}
	return k, found == 1
}

// wholeWord reports whether w occurs in s with no letter or digit on either side.
func wholeWord(s, w string) bool {
	for from := 0; ; {
		j := strings.Index(s[from:], w)
		if j < 0 {
			return false
		}
		j += from
		end := j + len(w)
		if (j == 0 || !isWordByte(s[j-1])) && (end == len(s) || !isWordByte(s[end])) {
			return true
		}
		from = j + 1
	}
}

func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 0x80
}
