package negotiate

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"strconv"
)

// CSVWriter writes a tournament's records as CSV, one row per negotiation and party:
// negotiation, scenario, rep, seed, party, agent, agreement, acceptable, utility,
// discounted_utility, welfare, rounds, pareto_distance, nash_distance (empty when unknown). Numbers are written in
// shortest form, so that equal runs give equal bytes.
type CSVWriter struct {
	t      *Tournament
	w      *csv.Writer
	header bool
	row    []string
}

// NewCSVWriter returns a writer of t's records to w.
func NewCSVWriter(w io.Writer, t *Tournament) *CSVWriter {
	return &CSVWriter{t: t, w: csv.NewWriter(w), row: make([]string, 14)}
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
		if err := c.w.Write([]string{"negotiation", "scenario", "rep", "seed", "party", "agent", "agreement", "acceptable", "utility", "discounted_utility", "welfare", "rounds", "pareto_distance", "nash_distance"}); err != nil {
			return err
		}
	}
	e := c.t.Scenarios[r.Scenario]
	for p, a := range r.Agents {
		row := c.row
		row[0] = strconv.Itoa(r.Index + 1)
		row[1] = e.Name
		row[2] = strconv.Itoa(r.Rep + 1)
		row[3] = strconv.FormatUint(r.Seed, 10)
		row[4] = e.Domain.Scenario.Parties[e.Domain.Parties[p]].ID
		row[5] = c.t.Agents[a].String()
		row[6] = strconv.FormatBool(r.Agreement != nil)
		row[7] = strconv.FormatBool(r.Acceptable)
		row[8] = fnum(r.Utility[p])
		row[9] = fnum(r.Discounted[p])
		row[10] = fnum(r.Welfare)
		row[11] = strconv.Itoa(r.Rounds)
		row[12] = fnum(r.ParetoDistance)
		row[13] = fnum(r.NashDistance)
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
// pareto_distance and nash_distance (null when unknown).
type JSONWriter struct {
	t *Tournament
	w io.Writer
}

// NewJSONWriter returns a writer of t's records to w.
func NewJSONWriter(w io.Writer, t *Tournament) *JSONWriter { return &JSONWriter{t: t, w: w} }

func jnum(x float64) any {
	if math.IsNaN(x) {
		return nil
	}
	return x
}

// Write writes r's line.
func (j *JSONWriter) Write(r *Record) error {
	e := j.t.Scenarios[r.Scenario]
	parties := make([]string, len(r.Agents))
	agents := make([]string, len(r.Agents))
	for p, a := range r.Agents {
		parties[p] = e.Domain.Scenario.Parties[e.Domain.Parties[p]].ID
		agents[p] = j.t.Agents[a].String()
	}
	obj := Object{
		{"negotiation", r.Index + 1},
		{"scenario", e.Name},
		{"rep", r.Rep + 1},
		{"seed", r.Seed},
		{"agents", PartyObject(parties, agents)},
		{"agreement", OutcomeObject(e.Domain.Scenario, r.Agreement)},
		{"acceptable", r.Acceptable},
		{"utility", PartyObject(parties, r.Utility)},
		{"discounted_utility", PartyObject(parties, r.Discounted)},
		{"welfare", r.Welfare},
		{"rounds", r.Rounds},
		{"pareto_distance", jnum(r.ParetoDistance)},
		{"nash_distance", jnum(r.NashDistance)},
	}
	b, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	_, err = j.w.Write(append(b, '\n'))
	return err
}
