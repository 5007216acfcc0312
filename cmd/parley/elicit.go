package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"parley"
	"parley/analysis"
)

const elicitSynopsis = `elicit --simulate [flags] SCENARIO

Simulates eliciting what each party could live with. Every party of SCENARIO must have a full
additive profile: it is the party's hidden truth. Each party starts known only by its red
lines; parley asks one question at a time (order these values of an issue from best to worst,
at most 6; which of these packages could you live with, at most 5; order these packages from
best to worst and mark the ones you could live with, at most 5; is this package acceptable?
is this package at least as good as that one? is this value at least as good as that one? does
this issue matter at least as much as that one?), chosen to settle as many open verdicts as
possible, and the party answers from its truth, wrongly with probability --noise (a rank or an
order of packages with two neighbours swapped, or one package's mark flipped). Each question
counts as one, whatever its kind (asked: the questions of each kind); the random baseline asks
questions of the same kinds. A wrong answer that conflicts with earlier ones is found,
reported and withdrawn on review (each review counts as a question).

Per party, questions is the number asked until its certain verdicts equal its true ones on every
package no other party certainly rejects (settled: false when --max-questions ran out first):
the zone is then known, every package outside it certainly rejected by some party.
zone_questions is the number asked until its certain verdicts cover the true zone (every
package of it certainly acceptable to the party; with --noise also none of its certain
verdicts wrong on packages no other party certainly rejects) and stay so (zone_found: false
when that never happened): once every party is there, the certain zone equals the true zone,
though packages outside it may still be possibly acceptable. It is at most questions, and 0
when the true zone is empty. baseline_questions and
baseline_zone_questions are the same for random questions, with the same seed. zone_equal
says whether the certain zone equals the true zone at the end.

Flags:`

type elicitDoc struct {
	Scenario       string        `json:"scenario,omitempty"`
	Seed           uint64        `json:"seed"`
	Noise          float64       `json:"noise"`
	MaxQuestions   int           `json:"max_questions"`
	Parties        []elicitParty `json:"parties"`
	ZoneEqual      bool          `json:"zone_equal"`
	TrueZone       int64         `json:"true_zone"`
	CertainZone    int64         `json:"certain_zone"`
	QuestionsTotal int           `json:"questions_total"`
	BaselineTotal  int           `json:"baseline_total"`
	Conflicts      int           `json:"conflicts"`
	Withdrawn      int           `json:"withdrawn"`
}

type elicitParty struct {
	ID                string                       `json:"id"`
	Questions         int                          `json:"questions"`
	Asked             map[parley.StatementKind]int `json:"asked,omitempty"`
	Settled           bool                         `json:"settled"`
	ZoneQuestions     int                          `json:"zone_questions"`
	ZoneFound         bool                         `json:"zone_found"`
	BaselineQuestions int                          `json:"baseline_questions"`
	BaselineSettled   bool                         `json:"baseline_settled"`
	// The baseline's zone count, with the same seed.
	BaselineZoneQuestions int  `json:"baseline_zone_questions"`
	BaselineZoneFound     bool `json:"baseline_zone_found"`
	Conflicts             int  `json:"conflicts"`
	Withdrawn             int  `json:"withdrawn"`
}

func runElicit(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("elicit", elicitSynopsis, stderr)
	simulate := fs.Bool("simulate", false, "simulate the parties answering from their full profiles (required: live elicitation is for the workspace)")
	seed := fs.Uint64("seed", 1, "seed of the simulation: the same seed gives the same questions and answers")
	noise := fs.Float64("noise", 0, "probability `P` that an answer is wrong, from 0 to less than 1")
	maxQ := fs.Int("max-questions", analysis.DefaultMaxQuestions, "questions per party before giving up, for parley and for the baseline")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, "parley elicit: give exactly one scenario")
		fs.Usage()
		return 2
	}
	if !*simulate {
		fmt.Fprintln(stderr, "parley elicit: only --simulate is available from the command line")
		return 2
	}
	if *noise < 0 || *noise >= 1 {
		fmt.Fprintln(stderr, "parley elicit: --noise must be from 0 to less than 1")
		return 2
	}
	if *maxQ < 1 {
		fmt.Fprintln(stderr, "parley elicit: --max-questions must be 1 or more")
		return 2
	}
	s, err := loadScenario(pos[0], stderr)
	if err != nil {
		return fail(stderr, "elicit", err)
	}
	res, err := analysis.Simulate(s, analysis.SimOptions{Seed: *seed, Noise: *noise, MaxQuestions: *maxQ})
	if err != nil {
		return fail(stderr, "elicit", err)
	}
	doc := elicitDoc{Scenario: s.Name, Seed: *seed, Noise: *noise, MaxQuestions: *maxQ, ZoneEqual: res.ZoneEqual,
		TrueZone: res.TrueZone, CertainZone: res.CertainZone, QuestionsTotal: res.QuestionsTotal,
		BaselineTotal: res.BaselineTotal, Conflicts: res.ConflictsTotal, Withdrawn: res.WithdrawnTotal}
	for _, p := range res.Parties {
		doc.Parties = append(doc.Parties, elicitParty{ID: s.Parties[p.Party].ID, Questions: p.Questions, Asked: p.Asked, Settled: p.Settled,
			ZoneQuestions: p.ZoneQuestions, ZoneFound: p.ZoneFound,
			BaselineQuestions: p.BaselineQuestions, BaselineSettled: p.BaselineSettled,
			BaselineZoneQuestions: p.BaselineZoneQuestions, BaselineZoneFound: p.BaselineZoneFound,
			Conflicts: p.Conflicts, Withdrawn: p.Withdrawn})
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			return fail(stderr, "elicit", err)
		}
		return 0
	}
	fmt.Fprintf(stdout, "simulated elicitation of %s (seed %d, noise %g)\n", s.Name, *seed, *noise)
	for _, p := range doc.Parties {
		mark := func(settled bool) string {
			if settled {
				return ""
			}
			return " (not reached: gave up)"
		}
		fmt.Fprintf(stdout, "  %s: zone known after %d questions%s; random baseline %d%s; %d conflicts, %d answers withdrawn\n",
			p.ID, p.Questions, mark(p.Settled), p.BaselineQuestions, mark(p.BaselineSettled), p.Conflicts, p.Withdrawn)
		fmt.Fprintf(stdout, "    zone found after %d questions%s; random baseline %d%s\n",
			p.ZoneQuestions, mark(p.ZoneFound), p.BaselineZoneQuestions, mark(p.BaselineZoneFound))
		if len(p.Asked) > 0 {
			fmt.Fprintf(stdout, "    asked: %s\n", askedWords(p.Asked))
		}
	}
	fmt.Fprintf(stdout, "questions: %d in all (random baseline %d)\n", doc.QuestionsTotal, doc.BaselineTotal)
	fmt.Fprintf(stdout, "true zone %d packages, certain zone %d: equal %v\n", doc.TrueZone, doc.CertainZone, doc.ZoneEqual)
	return 0
}

// askedWords lists the questions asked by kind, the kinds in a fixed order.
func askedWords(asked map[parley.StatementKind]int) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(asked)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, asked[k]))
	}
	return strings.Join(parts, ", ")
}
