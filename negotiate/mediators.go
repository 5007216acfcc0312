package negotiate

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"parley"
	"parley/redline"
)

// Mediator is the strategy of the mediator of the mediated single-text protocol (see
// RunMediated): each round it tables a text, hears every party's vote on it, and drafts the
// next. It is separate from the parties' agents and knows only what the protocol tells it:
// the public structure (MediatorSetup), the texts it tabled and the votes on them. No method
// receives a party's profile, so no strategy can use one. It cannot impose either: a text is
// agreed only when every party accepts it.
//
// A Mediator is used by one negotiation at a time; Init must reset any earlier state.
type Mediator interface {
	// Init prepares the strategy for a negotiation. An error aborts the negotiation.
	Init(s *MediatorSetup) error
	// Propose returns the text the mediator tables at relative time t (in [0, 1]) and the
	// draft it amends, which the parties compare it with (Vote.Prefer); draft may be nil
	// (no comparison). Both must stay valid until Hear. Tabling something that is not an
	// outcome of the scenario breaks the protocol: the talks end without agreement. A nil
	// text asks every party for its position instead (see RunMediated).
	Propose(t float64) (text, draft parley.Outcome)
	// Hear gives the strategy every party's vote on the text it tabled, by party. Talks
	// continue only when some party did not accept. votes and their amendments are valid
	// only during the call.
	Hear(votes []Vote)
}

// MediatorSetup is what a mediator strategy knows of a negotiation: its public structure
// and, when the scenario's mediator has a profile of its own, that profile; never a party's
// profile or reservation value, and its red lines only when the party stated them
// (RedLines). Issues, Sizes, Own and RedLines are shared with every negotiation on the
// domain: never modify them.
type MediatorSetup struct {
	// Parties are the ids of the negotiating parties; votes are in this order.
	Parties []string
	Issues  []*parley.Issue
	// Sizes[i] is the number of values of issue i: an outcome holds, for each issue, an
	// index in [0, Sizes[i]).
	Sizes []int
	// Rounds is the deadline in rounds, 0 when the deadline is in time only.
	Rounds int
	// Own is the mediator's own compiled utility function (Domain.Mediator), or nil.
	Own *parley.UtilityFunc
	// Rand is the mediator's own seeded random source.
	Rand *rand.Rand
	// RedLines are the red lines each party stated at the start, by party: nil unless the
	// strategy's spec asks the parties to state them (the redlines=1 parameter). Indexes
	// in the red lines are into Issues.
	RedLines [][]*redline.RedLine
}

// Vote is one party's answer to a tabled text. Parties vote with the same agents as in
// SAOP: the text is put to each as an offer on the table, and what it would do there is its
// vote: accept it, or amend it with the counter-offer it would make (Amend). Prefer is the
// party's vote between the text and the draft it amends (Voter.Vote).
type Vote struct {
	// Accept reports whether the party accepts the text as the agreement.
	Accept bool
	// Prefer reports whether the party would replace the draft by the text; true when the
	// mediator gave no draft.
	Prefer bool
	// Amend is the text the party proposes instead when it does not accept (its
	// counter-offer), nil when it accepts. In the simulation a party that does not accept
	// always amends; at the desk (Observer) a party may reject a text without saying what
	// it wants instead.
	Amend parley.Outcome
	// Abstain reports that the party said nothing on the text: only at the desk
	// (Observer), where a party may leave a version unmarked. The other fields are ignored.
	Abstain bool
}

// MediatorInfo describes one mediator strategy that ParseMediator knows.
type MediatorInfo struct {
	Name        string
	Description string
	Params      []ParamInfo
}

// String returns a one-line description of the strategy with its parameters.
func (m MediatorInfo) String() string {
	return AgentInfo(m).String()
}

type mediatorKind struct {
	MediatorInfo
	make func(p []float64) Mediator // nil for veto, the protocol of earlier versions
}

func mediatorKinds() []mediatorKind {
	return []mediatorKind{
		{MediatorInfo{"anneal", "simulated annealing over the votes: a one- or two-issue change of the draft; a change every party prefers becomes the draft, one some reject with probability exp(-rejections/temperature), the temperature falling from t0 to 0", []ParamInfo{{"t0", 1, 0, 100, true, "starting temperature"}}},
			func(p []float64) Mediator { return &Anneal{T0: p[0]} }},
		{MediatorInfo{"hillclimb", "hill-climbing over the votes (Klein et al. 2003): a one- or two-issue change of the draft becomes the draft when every party prefers it", nil},
			func([]float64) Mediator { return &HillClimb{} }},
		{MediatorInfo{"learn", "learns from the votes and amendments a model of what each party could live with and tables the text most likely acceptable to all, nearest the estimated Nash point, holding out for texts near that point while the deadline is far", []ParamInfo{{"redlines", 0, 0, 1, false, "1: the parties state their red lines to the mediator at the start, and it never tables a text that crosses one"},
			{"probe", 0, 0, 1, false, "1: in the first tenth of the time, when it predicts no text acceptable to all, it tables a party's own latest amendment (each at most once) to hear whether the others could live with it"}}},
			func(p []float64) Mediator { return &Learn{Probe: p[1] == 1} }},
		{MediatorInfo{"veto", "the protocol of earlier versions: random variations adopted when every party votes for them, signed at the end; with a mediator profile of its own, steers towards it", nil}, nil},
	}
}

// DefaultMediator is the strategy the mediated protocol uses when Config.Mediator is nil.
const DefaultMediator = "learn"

// Mediators lists the mediator strategies ParseMediator knows, by name.
func Mediators() []MediatorInfo {
	var infos []MediatorInfo
	for _, k := range mediatorKinds() {
		infos = append(infos, k.MediatorInfo)
	}
	return infos
}

// MediatorNames returns the names of the known mediator strategies, comma-separated.
func MediatorNames() string {
	var names []string
	for _, k := range mediatorKinds() {
		names = append(names, k.Name)
	}
	return strings.Join(names, ", ")
}

// MediatorSpec is a parsed mediator specification: a strategy and its parameters. It makes
// fresh strategies with New.
type MediatorSpec struct {
	kind   mediatorKind
	params []float64
	text   string
}

// String returns the spec in canonical form ("learn", "anneal:t0=2").
func (s *MediatorSpec) String() string { return s.text }

// New returns a new strategy of the spec; nil for veto, which the protocol runs itself.
func (s *MediatorSpec) New() Mediator {
	if s.kind.make == nil {
		return nil
	}
	return s.kind.make(s.params)
}

// statesRedLines reports whether the spec asks the parties to state their red lines to the
// mediator (a redlines parameter set to 1).
func (s *MediatorSpec) statesRedLines() bool {
	for i, p := range s.kind.Params {
		if p.Name == "redlines" && s.params[i] == 1 {
			return true
		}
	}
	return false
}

// ParseMediator parses a mediator specification: a name, optionally followed by parameters
// as ":name=value" ("anneal:t0=2"). Names are case-insensitive. An unknown name, an unknown
// parameter or a value out of range is an error that says what would be accepted.
func ParseMediator(spec string) (*MediatorSpec, error) {
	parts := strings.Split(strings.TrimSpace(spec), ":")
	name := strings.ToLower(strings.TrimSpace(parts[0]))
	for _, k := range mediatorKinds() {
		if k.Name != name {
			continue
		}
		params, text, err := parseParams("mediator", name, k.Params, parts[1:])
		if err != nil {
			return nil, err
		}
		return &MediatorSpec{kind: k, params: params, text: text}, nil
	}
	return nil, parley.Errorf(parley.EINVALID, "unknown mediator %q; known mediators: %s", name, MediatorNames())
}

// ParseMediators parses a comma-separated list of mediator specifications.
func ParseMediators(list string) ([]*MediatorSpec, error) {
	var specs []*MediatorSpec
	for _, f := range strings.Split(list, ",") {
		if strings.TrimSpace(f) == "" {
			return nil, parley.Errorf(parley.EINVALID, "empty mediator name in %q; known mediators: %s", list, MediatorNames())
		}
		s, err := ParseMediator(f)
		if err != nil {
			return nil, err
		}
		specs = append(specs, s)
	}
	return specs, nil
}

// NewMediatorSpec returns a spec for a mediator strategy of your own: name is how results
// name it, and newMediator makes a fresh strategy.
func NewMediatorSpec(name string, newMediator func() Mediator) *MediatorSpec {
	return &MediatorSpec{kind: mediatorKind{MediatorInfo: MediatorInfo{Name: name}, make: func([]float64) Mediator { return newMediator() }}, text: name}
}

func mustMediator(name string) *MediatorSpec {
	s, err := ParseMediator(name)
	if err != nil {
		panic(fmt.Sprintf("negotiate: built-in mediator %q: %v", name, err))
	}
	return s
}
