package negotiate

import (
	"fmt"
	"io"
	"math"
	"text/tabwriter"
)

// Summary aggregates a tournament's results as they stream by.
type Summary struct {
	Negotiations int
	Agreements   int
	Acceptable   int     // agreements acceptable to every party
	Welfare      float64 // sum over negotiations of the social welfare
	Rounds       float64 // sum of rounds used
	Pareto       Average // distance to the Pareto frontier
	Nash         Average // distance to the Nash point
	// Kalai and KS: distances to the Kalai (egalitarian) and Kalai-Smorodinsky points.
	Kalai, KS Average
	// GeniusPareto, GeniusNash and GeniusWelfare: the session metrics as GENIUS logs them
	// (Record.GeniusPareto); GeniusWelfare is a sum over negotiations.
	GeniusPareto, GeniusNash Average
	GeniusWelfare            float64
	// Agents holds one line per agent, in the tournament's order.
	Agents []AgentSummary
	// Scenarios holds one line per scenario, in the tournament's order.
	Scenarios []ScenarioSummary
	// Discounting reports whether some party of some scenario discounts utility for time.
	Discounting bool
}

// ScenarioSummary aggregates the negotiations on one scenario.
type ScenarioSummary struct {
	Scenario     string
	Negotiations int
	Agreements   int
	Welfare      float64 // sum of the social welfare
	Rounds       float64 // sum of rounds used
	Pareto, Nash Average
}

// AgentSummary aggregates one agent's results over every party it negotiated for.
type AgentSummary struct {
	Agent        string
	Negotiations int
	Agreements   int
	Utility      float64 // sum of its utilities (reservation values without agreement)
	Discounted   float64 // sum of its utilities discounted for time
	Advantage    float64 // sum of its ANL advantages (Record.Advantage)
	Pareto, Nash Average
}

// Average accumulates the mean of the values that are not NaN.
type Average struct {
	Sum float64
	N   int
}

func (m *Average) add(x float64) {
	if !math.IsNaN(x) {
		m.Sum += x
		m.N++
	}
}

// Value returns the mean, or NaN when no value was added.
func (m Average) Value() float64 {
	if m.N == 0 {
		return math.NaN()
	}
	return m.Sum / float64(m.N)
}

func newSummary(t *Tournament) *Summary { return newSummaryLayout(t.Layout()) }

func newSummaryLayout(l *Layout) *Summary {
	s := &Summary{}
	for _, a := range l.Agents {
		s.Agents = append(s.Agents, AgentSummary{Agent: a})
	}
	for _, e := range l.Scenarios {
		s.Scenarios = append(s.Scenarios, ScenarioSummary{Scenario: e.Name})
		s.Discounting = s.Discounting || e.Discounting
	}
	return s
}

func (s *Summary) add(r *Record) {
	s.Negotiations++
	agreed := r.Agreement != nil
	if agreed {
		s.Agreements++
	}
	if r.Acceptable {
		s.Acceptable++
	}
	s.Welfare += r.Welfare
	s.Rounds += float64(r.Rounds)
	s.Pareto.add(r.ParetoDistance)
	s.Nash.add(r.NashDistance)
	s.Kalai.add(r.KalaiDistance)
	s.KS.add(r.KSDistance)
	s.GeniusPareto.add(r.GeniusPareto)
	s.GeniusNash.add(r.GeniusNash)
	s.GeniusWelfare += r.GeniusWelfare
	sc := &s.Scenarios[r.Scenario]
	sc.Negotiations++
	if agreed {
		sc.Agreements++
	}
	sc.Welfare += r.Welfare
	sc.Rounds += float64(r.Rounds)
	sc.Pareto.add(r.ParetoDistance)
	sc.Nash.add(r.NashDistance)
	for p, a := range r.Agents {
		as := &s.Agents[a]
		as.Negotiations++
		if agreed {
			as.Agreements++
		}
		as.Utility += r.Utility[p]
		as.Discounted += r.Discounted[p]
		as.Advantage += r.Advantage[p]
		as.Pareto.add(r.ParetoDistance)
		as.Nash.add(r.NashDistance)
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

func num(x float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	return fmt.Sprintf("%.3f", x)
}

// WriteTable writes the summary as tables: one line per agent (negotiations, agreement
// rate, mean utility, mean discounted utility when some party discounts, mean distances to
// the Pareto frontier and the Nash point, mean ANL advantage), one line
// per scenario when there are several (negotiations, agreement rate, mean social welfare,
// mean distances, mean rounds), and lines for the whole tournament (with the ANL distances
// and GENIUS's session metrics).
func (s *Summary) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	disc, discHead := "", ""
	if s.Discounting {
		discHead = "\tdiscounted"
	}
	fmt.Fprintf(tw, "agent\tnegotiations\tagreement rate\tmean utility%s\tPareto distance\tNash distance\tadvantage\t\n", discHead)
	for _, a := range s.Agents {
		n := float64(max(1, a.Negotiations))
		if s.Discounting {
			disc = "\t" + num(a.Discounted/n)
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s%s\t%s\t%s\t%s\t\n", a.Agent, a.Negotiations, num(ratio(a.Agreements, a.Negotiations)),
			num(a.Utility/n), disc, num(a.Pareto.Value()), num(a.Nash.Value()), num(a.Advantage/n))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(s.Scenarios) > 1 {
		fmt.Fprintln(w)
		fmt.Fprintln(tw, "scenario\tnegotiations\tagreement rate\tsocial welfare\tPareto distance\tNash distance\trounds\t")
		for _, sc := range s.Scenarios {
			n := float64(max(1, sc.Negotiations))
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%.1f\t\n", sc.Scenario, sc.Negotiations, num(ratio(sc.Agreements, sc.Negotiations)),
				num(sc.Welfare/n), num(sc.Pareto.Value()), num(sc.Nash.Value()), sc.Rounds/n)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	n := float64(max(1, s.Negotiations))
	_, err := fmt.Fprintf(w, "\n%d negotiations: agreement rate %s (acceptable to all %s), mean social welfare %s, Pareto distance %s, Nash distance %s, mean rounds %s\n",
		s.Negotiations, num(ratio(s.Agreements, s.Negotiations)), num(ratio(s.Acceptable, s.Negotiations)), num(s.Welfare/n), num(s.Pareto.Value()), num(s.Nash.Value()), fmt.Sprintf("%.1f", s.Rounds/n))
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "ANL: distance to Kalai %s, to Kalai-Smorodinsky %s; GENIUS session metrics (discounted, no agreement at 0): Pareto distance %s, Nash distance %s, social welfare %s\n",
		num(s.Kalai.Value()), num(s.KS.Value()), num(s.GeniusPareto.Value()), num(s.GeniusNash.Value()), num(s.GeniusWelfare/n))
	return err
}
