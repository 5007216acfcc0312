package workspace

import (
	"fmt"
	"slices"
	"sync"

	"parley"
	"parley/analysis"
)

// A party's verdicts on every package follow from its profile alone (the statements and red
// lines at one revision, and the conditions of its stances), and cost linear programs: they
// are computed once per revision and kept. An answer (POST) computes the party's
// elicitation; the GET /elicitation after it reads it from elicitations, and the mediator's
// uncertain zone reads the party's verdicts from verdicts. Both are keyed by everything
// they depend on (the workspace, whose scenario never changes, the party, its profile's
// revision, and the conditions or the mediator's candidate packages), so a change is a new
// key, never a stale answer. An answer also starts from the verdicts of the revision before
// it (analysis.SettleAfter keeps their certain verdicts when statements were only added).

// verdictCache keeps parties' verdicts on every package (analysis.SettleAfter), by
// verdictKey.
type verdictCache = byteLRU[*analysis.Settled]

// elicitCache keeps parties' elicitations, by elicitKey.
type elicitCache = byteLRU[*parley.Elicitation]

// maxVerdictBytes bounds the verdicts kept (a byte per package and party).
const maxVerdictBytes = 32 << 20

// maxElicitBytes bounds the elicitations kept, estimated by elicitSize.
const maxElicitBytes = 8 << 20

func verdictKey(ws string, pp *parley.PartyProfile) string {
	return verdictKeyAt(ws, pp, pp.Rev)
}

// verdictKeyAt is verdictKey at revision rev of pp's profile.
func verdictKeyAt(ws string, pp *parley.PartyProfile, rev int64) string {
	return fmt.Sprintf("%s/%s@%d%q", ws, pp.Party, rev, pp.Conditions)
}

// settledSize estimates the bytes a Settled of pp's profile holds under key: a byte per
// package, the profile and each statement written out (analysis keeps them to tell what
// was said since).
func settledSize(st *analysis.Settled, pp *parley.PartyProfile, key string) int64 {
	return int64(len(st.Verdicts)+4096+len(key)) + 512*int64(len(pp.Profile.Statements)+len(pp.Conditions))
}

func elicitKey(in *elicitInput) string {
	key := fmt.Sprintf("%s/%s@%d", in.w.ID, in.pp.Party, in.pp.Rev)
	for _, c := range in.candidates {
		key += fmt.Sprintf("/%q%q", c.ID, c.Package) // fmt writes a map in the order of its keys
	}
	return key
}

// elicitation returns the party's elicitation from what it read: kept, or computed and kept.
func (s *Service) elicitation(in *elicitInput) (*parley.Elicitation, error) {
	key := elicitKey(in)
	if e, ok := s.elicitations.get(key); ok {
		return cloneElicitation(e), nil
	}
	prev, _ := s.verdicts.get(verdictKeyAt(in.w.ID, in.pp, in.pp.Rev-1))
	e, st, err := elicitation(in, prev)
	if err != nil {
		return nil, err
	}
	if st != nil {
		vk := verdictKey(in.w.ID, in.pp)
		s.verdicts.put(vk, st, settledSize(st, in.pp, vk))
	}
	s.elicitations.put(key, cloneElicitation(e), elicitSize(e)+int64(len(key)))
	return e, nil
}

// cloneElicitation copies e so that what is kept and what is returned share nothing a
// caller may change.
func cloneElicitation(e *parley.Elicitation) *parley.Elicitation {
	c := *e
	c.Statements = slices.Clone(e.Statements)
	if e.Question != nil {
		q := *e.Question
		c.Question = &q
	}
	return &c
}

// elicitSize estimates the bytes an elicitation holds.
func elicitSize(e *parley.Elicitation) int64 {
	n := int64(512 + len(e.Conflict) + len(e.Note))
	for _, st := range e.Statements {
		n += int64(256 + len(st.Text))
	}
	if e.Question != nil {
		n += int64(1024 + len(e.Question.Text))
	}
	return n
}

// partyVerdicts returns every party's verdicts on every package, kept or computed (side by
// side, each party's alone): the first error in the parties' order when one fails.
func (s *Service) partyVerdicts(w *parley.Workspace, pps []*parley.PartyProfile) ([][]analysis.Verdict, error) {
	sc := w.Scenario()
	out := make([][]analysis.Verdict, len(pps))
	errs := make([]error, len(pps))
	var wg sync.WaitGroup
	for i, pp := range pps {
		key := verdictKey(w.ID, pp)
		if st, ok := s.verdicts.get(key); ok {
			out[i] = st.Verdicts
			continue
		}
		prev, _ := s.verdicts.get(verdictKeyAt(w.ID, pp, pp.Rev-1))
		wg.Add(1)
		go func() {
			defer wg.Done()
			k, err := knowledgeOf(sc, pp)
			if err != nil {
				errs[i] = err
				return
			}
			st := k.SettleAfter(0, prev)
			out[i] = st.Verdicts
			s.verdicts.put(key, st, settledSize(st, pp, key))
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
