package negotiate

import (
	"bytes"
	"encoding/json"
	"io"

	"parley"
)

// Trace is the record of one negotiation: every action with its time and each party's
// utility of the offer concerned.
type Trace struct {
	Protocol string
	// Parties are the ids of the negotiating parties; Agents the agents that negotiated
	// for them (filled in by the caller; may be empty).
	Parties []string
	Agents  []string
	Events  []Event
	// Agreement, Utility and Rounds repeat the result.
	Agreement parley.Outcome
	Utility   []float64
	Rounds    int
	// Mediator is the id of the scenario's mediator with a profile of its own (see
	// Domain.Mediator), empty when there is none; MediatorUtility is its utility of the
	// result (its reservation value without agreement).
	Mediator        string
	MediatorUtility float64
	// Strategy is the mediated protocol's mediator strategy ("learn"), empty otherwise.
	Strategy string

	s *parley.Scenario
}

// Event is one action. Party is an index into Trace.Parties, or -1 for the mediator.
// Outcome is the offer made or accepted (for the mediated protocol: the proposal voted
// on), nil when a party ends the negotiation; Utility holds each party's utility of it.
// Votes, for the mediated protocol, holds each party's vote on the proposal. The mediated
// protocol's trace starts with a "start" event holding the mediator's first text (turn and
// round 0), continues with "propose" events and ends with one "sign" or "refuse" per party;
// with a mediator of its own (Trace.Mediator), a "steer" event holding the text marks where
// the mediator starts steering (see RunMediated), after which a proposal every party accepts
// becomes the text only through an "adopt" event, and every event with an outcome carries
// the mediator's utility of it in Mediator.
type Event struct {
	Turn     int
	Round    int
	Time     float64
	Party    int
	Kind     string
	Outcome  parley.Outcome
	Utility  []float64
	Votes    []bool
	Prefer   []bool
	Mediator float64
}

func newTrace(d *Domain, protocol string) *Trace {
	t := &Trace{Protocol: protocol, s: d.Scenario}
	for _, pi := range d.Parties {
		t.Parties = append(t.Parties, d.Scenario.Parties[pi].ID)
	}
	if d.Mediator != nil {
		t.Mediator = d.MediatorID
	}
	return t
}

func (t *Trace) add(d *Domain, turn, round int, time float64, party int, k Kind, o parley.Outcome) *Event {
	e := Event{Turn: turn + 1, Round: round + 1, Time: time, Party: party, Kind: k.String()}
	if o != nil {
		e.Outcome = append(parley.Outcome(nil), o...)
		e.Utility = make([]float64, len(d.Utility))
		for p, u := range d.Utility {
			e.Utility[p] = u.Utility(o)
		}
		if d.Mediator != nil {
			e.Mediator = d.Mediator.Utility(o)
		}
	}
	t.Events = append(t.Events, e)
	return &t.Events[len(t.Events)-1]
}

func (t *Trace) finish(d *Domain, r Result) {
	if r.Agreement != nil {
		t.Agreement = append(parley.Outcome(nil), r.Agreement...)
	}
	t.Utility = append([]float64(nil), r.Utility...)
	t.Rounds = r.Rounds
	t.MediatorUtility = r.Mediator
}

// WriteJSON writes the trace as one JSON document: protocol, parties, agents (by party),
// agreement (issue id to value, or null), utility (by party), rounds and events, each event
// with turn, round, time, party, action, outcome and utility (and votes for the mediated
// protocol). With a mediator of its own (Trace.Mediator) the document also has mediator (its
// id) and mediator_utility, and every event with an outcome a mediator_utility.
func (t *Trace) WriteJSON(w io.Writer) error {
	events := make([]any, len(t.Events))
	for i, e := range t.Events {
		party := "mediator"
		if e.Party >= 0 {
			party = t.Parties[e.Party]
		}
		ev := Object{{"turn", e.Turn}, {"round", e.Round}, {"time", e.Time}, {"party", party}, {"action", e.Kind}}
		if e.Outcome != nil {
			ev = append(ev, Member{"outcome", OutcomeObject(t.s, e.Outcome)}, Member{"utility", PartyObject(t.Parties, e.Utility)})
			if t.Mediator != "" {
				ev = append(ev, Member{"mediator_utility", e.Mediator})
			}
		}
		if e.Votes != nil {
			ev = append(ev, Member{"votes", PartyObject(t.Parties, e.Votes)})
		}
		if e.Prefer != nil {
			ev = append(ev, Member{"prefer", PartyObject(t.Parties, e.Prefer)})
		}
		events[i] = ev
	}
	agents := make(Object, 0, len(t.Agents))
	for p, a := range t.Agents {
		agents = append(agents, Member{t.Parties[p], a})
	}
	doc := Object{
		{"protocol", t.Protocol},
		{"parties", t.Parties},
		{"agents", agents},
		{"agreement", OutcomeObject(t.s, t.Agreement)},
		{"utility", PartyObject(t.Parties, t.Utility)},
		{"rounds", t.Rounds},
	}
	if t.Strategy != "" {
		doc = append(doc, Member{"strategy", t.Strategy})
	}
	if t.Mediator != "" {
		doc = append(doc, Member{"mediator", t.Mediator}, Member{"mediator_utility", t.MediatorUtility})
	}
	doc = append(doc, Member{"events", events})
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// Object is a JSON object that keeps its members in order.
type Object []Member

// Member is one member of an Object.
type Member struct {
	Key   string
	Value any
}

// MarshalJSON implements json.Marshaler.
func (o Object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(m.Key)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(m.Value)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// OutcomeObject returns o as a JSON object from issue id to value (option values as
// strings, numbers as numbers), in issue order; nil when o is nil.
func OutcomeObject(s *parley.Scenario, o parley.Outcome) any {
	if o == nil {
		return nil
	}
	obj := make(Object, len(s.Issues))
	for i, is := range s.Issues {
		v := is.Value(o[i])
		if v.IsNumber() {
			obj[i] = Member{is.ID, v.Float()}
		} else {
			obj[i] = Member{is.ID, v.String()}
		}
	}
	return obj
}

// PartyObject returns values by party as a JSON object, in party order.
func PartyObject[T any](parties []string, vals []T) Object {
	obj := make(Object, len(vals))
	for p, v := range vals {
		obj[p] = Member{parties[p], v}
	}
	return obj
}
