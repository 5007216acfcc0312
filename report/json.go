package report

import (
	"encoding/json"
	"math"
	"math/big"

	"parley"
	"parley/analysis"
)

// Document is the JSON form of an analysis, the contract of `parley analyze --json`.
// Outcomes are keyed by issue id, utilities by party id. Fields are only ever added.
type Document struct {
	Scenario     string          `json:"scenario,omitempty"`
	Parties      []string        `json:"parties"`
	Mediators    []string        `json:"mediators,omitempty"`
	Issues       []IssueInfo     `json:"issues"`
	Outcomes     json.RawMessage `json:"outcomes"`
	Rational     json.RawMessage `json:"rational"`
	RationalNote string          `json:"rational_note,omitempty"`
	Method       string          `json:"method"`
	// Approximate marks a result estimated by a seeded search (parley analyze --approximate).
	Approximate bool               `json:"approximate,omitempty"`
	Reservation map[string]float64 `json:"reservation"`
	Pareto      []Point            `json:"pareto"`
	ParetoCount json.RawMessage    `json:"pareto_count"`
	Truncated   bool               `json:"pareto_truncated,omitempty"`
	// AcceptablePareto is the frontier of the acceptable outcomes: the best packages inside
	// the zone of possible agreement.
	AcceptablePareto      []Point          `json:"acceptable_pareto"`
	AcceptableParetoCount json.RawMessage  `json:"acceptable_pareto_count"`
	Nash                  []Point          `json:"nash"`
	KalaiSmorodinsky      []Point          `json:"kalai_smorodinsky"`
	Egalitarian           []Point          `json:"egalitarian"`
	Utilitarian           []Point          `json:"utilitarian"`
	Ranges                map[string]Range `json:"ranges"`
	Conflicts             []Conflict       `json:"conflicts"`
	Relaxations           [][]Constraint   `json:"relaxations"`
	// ParetoAcceptableCount is the number of outcomes on the whole frontier that are
	// acceptable, exact whether or not pareto was cut.
	ParetoAcceptableCount json.RawMessage `json:"pareto_acceptable_count"`
	// AcceptableParetoTruncated says acceptable_pareto lists fewer outcomes than
	// acceptable_pareto_count.
	AcceptableParetoTruncated bool `json:"acceptable_pareto_truncated,omitempty"`
	// The number of tied outcomes of each bargaining point, exact, and whether its list
	// was cut (at 100,000 outcomes, fewer for very many issues).
	NashCount                 json.RawMessage `json:"nash_count"`
	NashTruncated             bool            `json:"nash_truncated,omitempty"`
	KalaiSmorodinskyCount     json.RawMessage `json:"kalai_smorodinsky_count"`
	KalaiSmorodinskyTruncated bool            `json:"kalai_smorodinsky_truncated,omitempty"`
	EgalitarianCount          json.RawMessage `json:"egalitarian_count"`
	EgalitarianTruncated      bool            `json:"egalitarian_truncated,omitempty"`
	UtilitarianCount          json.RawMessage `json:"utilitarian_count"`
	UtilitarianTruncated      bool            `json:"utilitarian_truncated,omitempty"`
	// When rational is null: guaranteed bounds on it, when known.
	RationalAtLeast json.RawMessage `json:"rational_at_least,omitempty"`
	RationalAtMost  json.RawMessage `json:"rational_at_most,omitempty"`
	RangesNote      string          `json:"ranges_note,omitempty"`
	ConflictsNote   string          `json:"conflicts_note,omitempty"`
}

// IssueInfo describes an issue for readers of the document.
type IssueInfo struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	Kind string `json:"kind"`
	Unit string `json:"unit,omitempty"`
}

// Point is an outcome with every party's utility.
type Point struct {
	Outcome         map[string]any     `json:"outcome"`
	Utility         map[string]float64 `json:"utility"`
	MediatorUtility map[string]float64 `json:"mediator_utility,omitempty"`
	Acceptable      bool               `json:"acceptable"`
}

// Range is the set of an issue's values that occur in at least one acceptable outcome: the
// options for an options issue; for a number issue also the smallest and largest such value
// and the intervals they form ("30-50 km").
type Range struct {
	Values    []any        `json:"values"`
	Min       *float64     `json:"min,omitempty"`
	Max       *float64     `json:"max,omitempty"`
	Intervals [][2]float64 `json:"intervals,omitempty"`
	Unit      string       `json:"unit,omitempty"`
	Text      string       `json:"text"`
}

// Conflict is a set of constraints that cannot hold together.
type Conflict struct {
	Text        string       `json:"text"`
	Constraints []Constraint `json:"constraints"`
}

// Constraint is one party's red line or reservation value.
type Constraint struct {
	Party       string   `json:"party"`
	Kind        string   `json:"kind"`
	RedLine     string   `json:"red_line,omitempty"`
	Reservation *float64 `json:"reservation,omitempty"`
}

// bigJSON writes n as a JSON number when it is exactly representable as a float64 integer
// (up to 2^53), and as a decimal string beyond.
func bigJSON(n *big.Int) json.RawMessage {
	if n == nil {
		return json.RawMessage("null")
	}
	if n.IsInt64() && n.Int64() <= 1<<53 && n.Int64() >= -(1<<53) {
		return json.RawMessage(n.String())
	}
	b, _ := json.Marshal(n.String())
	return b
}

func value(v parley.Value) any {
	if v.IsNumber() {
		return v.Float()
	}
	return v.String()
}

// round keeps utilities readable and stable across platforms without losing meaning.
func round(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return math.Round(x*1e12) / 1e12
}

// NewDocument builds the JSON document of res, an analysis of s.
func NewDocument(s *parley.Scenario, res *analysis.Result) *Document {
	d := &Document{
		Scenario:              s.Name,
		Outcomes:              bigJSON(res.Outcomes),
		Rational:              bigJSON(res.Acceptable),
		RationalNote:          res.AcceptableNote,
		Method:                res.Method,
		Approximate:           res.Approximate,
		Reservation:           map[string]float64{},
		ParetoCount:           bigJSON(res.ParetoCount),
		Truncated:             res.Truncated,
		AcceptableParetoCount: bigJSON(res.AcceptableParetoCount),
		Ranges:                map[string]Range{},
		Parties:               []string{},
		Pareto:                []Point{},
		Conflicts:             []Conflict{},
		Relaxations:           [][]Constraint{},
	}
	for _, i := range res.Parties {
		p := s.Parties[i]
		d.Parties = append(d.Parties, p.ID)
		d.Reservation[p.ID] = p.Profile.Reservation
	}
	for _, i := range res.Mediators {
		d.Mediators = append(d.Mediators, s.Parties[i].ID)
	}
	for _, is := range s.Issues {
		d.Issues = append(d.Issues, IssueInfo{ID: is.ID, Name: is.Name, Kind: string(is.Kind), Unit: is.Unit})
	}
	points := func(ps []analysis.Point) []Point {
		out := make([]Point, 0, len(ps))
		for _, p := range ps {
			out = append(out, newPoint(s, res, p))
		}
		return out
	}
	d.setCounts(res)
	if res.Ranges == nil {
		d.RangesNote = res.RangesNote
	}
	d.ConflictsNote = res.ConflictsNote
	if res.Acceptable == nil && res.AcceptableAtLeast != nil && res.AcceptableAtMost != nil {
		d.RationalAtLeast, d.RationalAtMost = bigJSON(res.AcceptableAtLeast), bigJSON(res.AcceptableAtMost)
	}
	d.Pareto = points(res.Pareto)
	d.AcceptablePareto = points(res.AcceptablePareto)
	d.Nash = points(res.Nash)
	d.KalaiSmorodinsky = points(res.KalaiSmorodinsky)
	d.Egalitarian = points(res.Egalitarian)
	d.Utilitarian = points(res.Utilitarian)
	for _, r := range res.Ranges {
		d.Ranges[s.Issues[r.Issue].ID] = newRange(s.Issues[r.Issue], r.Allowed)
	}
	for _, c := range res.Conflicts {
		d.Conflicts = append(d.Conflicts, Conflict{Text: c.Text, Constraints: constraints(s, c.Constraints)})
	}
	for _, cs := range res.Relaxations {
		d.Relaxations = append(d.Relaxations, constraints(s, cs))
	}
	return d
}

// cut reports whether a list of points is shorter than its count.
func cut(pts []analysis.Point, count *big.Int) bool {
	return count != nil && count.Cmp(big.NewInt(int64(len(pts)))) > 0
}

// setCounts fills the counts of the lists and their cut flags.
func (d *Document) setCounts(res *analysis.Result) {
	d.ParetoAcceptableCount = bigJSON(res.ParetoAcceptableCount)
	d.AcceptableParetoTruncated = cut(res.AcceptablePareto, res.AcceptableParetoCount)
	d.NashCount, d.NashTruncated = bigJSON(res.NashCount), cut(res.Nash, res.NashCount)
	d.KalaiSmorodinskyCount, d.KalaiSmorodinskyTruncated = bigJSON(res.KalaiSmorodinskyCount), cut(res.KalaiSmorodinsky, res.KalaiSmorodinskyCount)
	d.EgalitarianCount, d.EgalitarianTruncated = bigJSON(res.EgalitarianCount), cut(res.Egalitarian, res.EgalitarianCount)
	d.UtilitarianCount, d.UtilitarianTruncated = bigJSON(res.UtilitarianCount), cut(res.Utilitarian, res.UtilitarianCount)
}

func constraints(s *parley.Scenario, cs []analysis.Constraint) []Constraint {
	out := make([]Constraint, 0, len(cs))
	for _, c := range cs {
		k := Constraint{Party: s.Parties[c.Party].ID, Kind: c.Kind, RedLine: c.RedLine}
		if c.Kind == "reservation" {
			r := c.Reservation
			k.Reservation = &r
		}
		out = append(out, k)
	}
	return out
}

func newPoint(s *parley.Scenario, res *analysis.Result, p analysis.Point) Point {
	q := Point{Outcome: map[string]any{}, Utility: map[string]float64{}, Acceptable: p.Acceptable}
	for i, is := range s.Issues {
		q.Outcome[is.ID] = value(is.Value(p.Outcome[i]))
	}
	for k, i := range res.Parties {
		q.Utility[s.Parties[i].ID] = round(p.Utility[k])
	}
	if len(res.Mediators) > 0 {
		q.MediatorUtility = map[string]float64{}
		for k, i := range res.Mediators {
			q.MediatorUtility[s.Parties[i].ID] = round(p.MediatorUtility[k])
		}
	}
	return q
}

func newRange(is *parley.Issue, allowed []bool) Range {
	r := Range{Values: []any{}, Unit: is.Unit}
	for k, ok := range allowed {
		if ok {
			r.Values = append(r.Values, value(is.Value(k)))
		}
	}
	if is.Kind != parley.KindOptions {
		for k := 0; k < len(allowed); k++ {
			if !allowed[k] {
				continue
			}
			j := k
			for j+1 < len(allowed) && allowed[j+1] {
				j++
			}
			r.Intervals = append(r.Intervals, [2]float64{is.Value(k).Float(), is.Value(j).Float()})
			k = j
		}
		if n := len(r.Intervals); n > 0 {
			lo, hi := r.Intervals[0][0], r.Intervals[n-1][1]
			r.Min, r.Max = &lo, &hi
		}
	}
	r.Text = rangeText(is, allowed, r)
	return r
}
