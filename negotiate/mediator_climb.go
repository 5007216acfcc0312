package negotiate

import (
	"math"

	"parley"
)

// HillClimb is the hill-climbing mediator of Klein, Faratin, Sayama and Bar-Yam (2003). It
// tables a random text first, then each round a variation of its draft (one issue, or two
// at once half the time, changed at random); a variation every party prefers to the draft
// becomes the draft. It hears only the votes; it ignores amendments.
type HillClimb struct {
	climber
}

// Init implements Mediator.
func (m *HillClimb) Init(s *MediatorSetup) error { m.init(s); return nil }

// Propose implements Mediator.
func (m *HillClimb) Propose(t float64) (text, draft parley.Outcome) { return m.propose() }

// Hear implements Mediator.
func (m *HillClimb) Hear(votes []Vote) {
	m.adopt(rejections(votes) == 0)
}

// Anneal is a simulated-annealing mediator: like HillClimb, but a variation that some
// parties do not prefer to the draft still becomes the draft with probability
// exp(-k/T), where k is the number of those parties and the temperature T falls linearly
// from T0 at the start to 0 at the deadline. Early on it wanders, so it is not stuck on the
// first text every party prefers to its neighbours; late it climbs.
type Anneal struct {
	T0 float64
	climber
}

// Init implements Mediator.
func (m *Anneal) Init(s *MediatorSetup) error { m.init(s); return nil }

// Propose implements Mediator.
func (m *Anneal) Propose(t float64) (text, draft parley.Outcome) {
	m.t = t
	return m.propose()
}

// Hear implements Mediator.
func (m *Anneal) Hear(votes []Vote) {
	k := rejections(votes)
	temp := m.T0 * (1 - m.t)
	m.adopt(k == 0 || (temp > 0 && m.s.Rand.Float64() < math.Exp(-float64(k)/temp)))
}

// climber holds what HillClimb and Anneal share: the draft and the variation tabled.
type climber struct {
	s           *MediatorSetup
	draft, text parley.Outcome
	started     bool
	first       int
	t           float64
}

func (c *climber) init(s *MediatorSetup) {
	c.s, c.started, c.first = s, false, 0
	if len(c.draft) != len(s.Sizes) {
		c.draft = make(parley.Outcome, len(s.Sizes))
		c.text = make(parley.Outcome, len(s.Sizes))
	}
	for i, n := range s.Sizes {
		c.draft[i] = s.Rand.IntN(n)
	}
}

func (c *climber) propose() (text, draft parley.Outcome) {
	if !c.started {
		c.started = true
		copy(c.text, c.draft)
		return c.text, nil
	}
	vary(c.s.Rand, c.s.Sizes, c.draft, c.text, &c.first)
	return c.text, c.draft
}

func (c *climber) adopt(yes bool) {
	if yes {
		copy(c.draft, c.text)
	}
}

// rejections counts the parties that do not prefer the text to the draft.
func rejections(votes []Vote) int {
	k := 0
	for _, v := range votes {
		if !v.Prefer {
			k++
		}
	}
	return k
}
