package negotiate

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"strconv"

	"parley"
	"parley/internal/jsonfloat"
)

// CSVWriter writes a tournament's records as CSV, one row per negotiation and party:
// negotiation, scenario, rep, seed, party, agent, agreement, acceptable, utility,
// discounted_utility, welfare, rounds, pareto_distance, nash_distance, advantage,
// kalai_distance, ks_distance, genius_pareto_distance, genius_nash_distance, genius_welfare
// (distances empty when unknown; see Record). Numbers are written in shortest form, so that
// equal runs give equal bytes.
type CSVWriter struct {
	l      *Layout
	w      *csv.Writer
	header bool
	row    []string
}

// NewCSVWriter returns a writer of t's records to w.
func NewCSVWriter(w io.Writer, t *Tournament) *CSVWriter { return newCSVWriter(w, t.Layout()) }

func newCSVWriter(w io.Writer, l *Layout) *CSVWriter {
	return &CSVWriter{l: l, w: csv.NewWriter(w), row: make([]string, 20)}
}

func fnum(x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// Write writes r's rows.
func (c *CSVWriter) Write(r *Record) error {
	if !c.header {
		c.header = true
		if err := c.w.Write([]string{"negotiation", "scenario", "rep", "seed", "party", "agent", "agreement", "acceptable", "utility", "discounted_utility", "welfare", "rounds", "pareto_distance", "nash_distance", "advantage", "kalai_distance", "ks_distance", "genius_pareto_distance", "genius_nash_distance", "genius_welfare"}); err != nil {
			return err
		}
	}
	e := &c.l.Scenarios[r.Scenario]
	for p, a := range r.Agents {
		row := c.row
		row[0] = strconv.Itoa(r.Index + 1)
		row[1] = e.Name
		row[2] = strconv.Itoa(r.Rep + 1)
		row[3] = strconv.FormatUint(r.Seed, 10)
		row[4] = e.Parties[p]
		row[5] = c.l.Agents[a]
		row[6] = strconv.FormatBool(r.Agreement != nil)
		row[7] = strconv.FormatBool(r.Acceptable)
		row[8] = fnum(r.Utility[p])
		row[9] = fnum(r.Discounted[p])
		row[10] = fnum(r.Welfare)
		row[11] = strconv.Itoa(r.Rounds)
		row[12] = fnum(r.ParetoDistance)
		row[13] = fnum(r.NashDistance)
		row[14] = fnum(r.Advantage[p])
		row[15] = fnum(r.KalaiDistance)
		row[16] = fnum(r.KSDistance)
		row[17] = fnum(r.GeniusPareto)
		row[18] = fnum(r.GeniusNash)
		row[19] = fnum(r.GeniusWelfare)
		if err := c.w.Write(row); err != nil {
			return err
		}
	}
	return nil
}

// Flush writes any buffered data and returns the first write error.
func (c *CSVWriter) Flush() error {
	c.w.Flush()
	return c.w.Error()
}

// JSONWriter writes a tournament's records as JSON lines, one object per negotiation:
// negotiation, scenario, rep, seed, agents (party to agent), agreement (issue to value, or
// null), acceptable, utility and discounted_utility (by party), welfare, rounds,
// pareto_distance and nash_distance (null when unknown), advantage (by party),
// kalai_distance, ks_distance, genius_pareto_distance, genius_nash_distance and
// genius_welfare (see Record). Numbers are written as encoding/json writes them.
type JSONWriter struct {
	t      *Tournament // nil when merging shards: agreements come written
	l      *Layout
	w      io.Writer
	buf    []byte
	agents [][]byte    // quoted agent names
	scens  []*jsonScen // per scenario, built on first use
}

// jsonScen holds the quoted names of one scenario.
type jsonScen struct {
	name    []byte
	parties [][]byte   // `"id":`
	issues  [][]byte   // `"id":`
	options [][][]byte // per options issue, each option quoted
}

// NewJSONWriter returns a writer of t's records to w.
func NewJSONWriter(w io.Writer, t *Tournament) *JSONWriter {
	j := newJSONWriter(w, t.Layout())
	j.t = t
	return j
}

func newJSONWriter(w io.Writer, l *Layout) *JSONWriter {
	j := &JSONWriter{l: l, w: w, scens: make([]*jsonScen, len(l.Scenarios))}
	for _, a := range l.Agents {
		j.agents = append(j.agents, quote(a))
	}
	return j
}

func quote(s string) []byte {
	b, _ := json.Marshal(s) // a string always marshals
	return b
}

func (j *JSONWriter) scen(i int) *jsonScen {
	if j.scens[i] != nil {
		return j.scens[i]
	}
	e := &j.l.Scenarios[i]
	js := &jsonScen{name: quote(e.Name)}
	for _, id := range e.Parties {
		js.parties = append(js.parties, append(quote(id), ':'))
	}
	if j.t == nil {
		j.scens[i] = js
		return js
	}
	for _, is := range j.t.Scenarios[i].Domain.Scenario.Issues {
		js.issues = append(js.issues, append(quote(is.ID), ':'))
		var opts [][]byte
		if is.Kind == parley.KindOptions {
			for _, o := range is.Options {
				opts = append(opts, quote(o))
			}
		}
		js.options = append(js.options, opts)
	}
	j.scens[i] = js
	return js
}

func (j *JSONWriter) appendParties(b []byte, js *jsonScen, vals []float64) []byte {
	b = append(b, '{')
	for p, v := range vals {
		if p > 0 {
			b = append(b, ',')
		}
		b = append(b, js.parties[p]...)
		b = jsonfloat.Append(b, v)
	}
	return append(b, '}')
}

// Write writes r's line.
func (j *JSONWriter) Write(r *Record) error { return j.write(r, nil) }

// appendAgreement appends r's agreement as Write writes it.
func (j *JSONWriter) appendAgreement(b []byte, r *Record) []byte {
	if r.Agreement == nil {
		return append(b, "null"...)
	}
	js := j.scen(r.Scenario)
	b = append(b, '{')
	for i, is := range j.t.Scenarios[r.Scenario].Domain.Scenario.Issues {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, js.issues[i]...)
		if opts := js.options[i]; opts != nil {
			b = append(b, opts[r.Agreement[i]]...)
		} else {
			b = jsonfloat.Append(b, is.Value(r.Agreement[i]).Float())
		}
	}
	return append(b, '}')
}

// write writes r's line; agreement, when not nil, is the agreement already written.
func (j *JSONWriter) write(r *Record, agreement []byte) error {
	js := j.scen(r.Scenario)
	b := j.buf[:0]
	b = append(b, `{"negotiation":`...)
	b = strconv.AppendInt(b, int64(r.Index+1), 10)
	b = append(b, `,"scenario":`...)
	b = append(b, js.name...)
	b = append(b, `,"rep":`...)
	b = strconv.AppendInt(b, int64(r.Rep+1), 10)
	b = append(b, `,"seed":`...)
	b = strconv.AppendUint(b, r.Seed, 10)
	b = append(b, `,"agents":{`...)
	for p, a := range r.Agents {
		if p > 0 {
			b = append(b, ',')
		}
		b = append(b, js.parties[p]...)
		b = append(b, j.agents[a]...)
	}
	b = append(b, `},"agreement":`...)
	if agreement != nil {
		b = append(b, agreement...)
	} else {
		b = j.appendAgreement(b, r)
	}
	b = append(b, `,"acceptable":`...)
	b = strconv.AppendBool(b, r.Acceptable)
	b = append(b, `,"utility":`...)
	b = j.appendParties(b, js, r.Utility)
	b = append(b, `,"discounted_utility":`...)
	b = j.appendParties(b, js, r.Discounted)
	b = append(b, `,"welfare":`...)
	b = jsonfloat.Append(b, r.Welfare)
	b = append(b, `,"rounds":`...)
	b = strconv.AppendInt(b, int64(r.Rounds), 10)
	b = append(b, `,"pareto_distance":`...)
	b = jsonfloat.Append(b, r.ParetoDistance)
	b = append(b, `,"nash_distance":`...)
	b = jsonfloat.Append(b, r.NashDistance)
	b = append(b, `,"advantage":`...)
	b = j.appendParties(b, js, r.Advantage)
	b = append(b, `,"kalai_distance":`...)
	b = jsonfloat.Append(b, r.KalaiDistance)
	b = append(b, `,"ks_distance":`...)
	b = jsonfloat.Append(b, r.KSDistance)
	b = append(b, `,"genius_pareto_distance":`...)
	b = jsonfloat.Append(b, r.GeniusPareto)
	b = append(b, `,"genius_nash_distance":`...)
	b = jsonfloat.Append(b, r.GeniusNash)
	b = append(b, `,"genius_welfare":`...)
	b = jsonfloat.Append(b, r.GeniusWelfare)
	b = append(b, "}\n"...)
	j.buf = b
	_, err := j.w.Write(b)
	return err
}

// Layout names what a tournament's records refer to by index: its scenarios (with their
// negotiating parties) and its agents. Writers and summaries need nothing else, so that
// shards can be merged without the scenarios.
type Layout struct {
	Scenarios []LayoutScenario `json:"scenarios"`
	Agents    []string         `json:"agents"`
}

// LayoutScenario names one scenario of a Layout.
type LayoutScenario struct {
	Name        string   `json:"name"`
	Parties     []string `json:"parties"`
	Discounting bool     `json:"discounting"` // some party discounts utility for time
}

// Layout returns the tournament's layout.
func (t *Tournament) Layout() *Layout {
	l := &Layout{}
	for _, a := range t.Agents {
		l.Agents = append(l.Agents, a.String())
	}
	for _, e := range t.Scenarios {
		ls := LayoutScenario{Name: e.Name}
		for _, pi := range e.Domain.Parties {
			ls.Parties = append(ls.Parties, e.Domain.Scenario.Parties[pi].ID)
		}
		for _, d := range e.Domain.Discount {
			ls.Discounting = ls.Discounting || d < 1
		}
		l.Scenarios = append(l.Scenarios, ls)
	}
	return l
}
