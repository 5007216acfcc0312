package workspace

import (
	"context"

	"parley"
)

// SetAnalysisHook makes every analysis of s run hook first, in its slot (for tests).
func SetAnalysisHook(s *Service, hook func()) { s.analysisHook = hook }

// SetAnalysisResultHook makes every analysis of s call hook with its error, in its slot.
func SetAnalysisResultHook(s *Service, hook func(error)) { s.analysisResult = hook }

// AnalysesPerWorkspace is analysesPerWorkspace, for tests.
const AnalysesPerWorkspace = analysesPerWorkspace

// AnalysesPerMember is analysesPerMember, for tests.
const AnalysesPerMember = analysesPerMember

// QuestionOfSpec is questionOfSpec, for tests.
var QuestionOfSpec = questionOfSpec

// ConditionsFor returns conditionsOf(party) and the statements statementsOf makes of them.
func (s *Service) ConditionsFor(ctx context.Context, ws, party string) ([]string, []parley.Statement, error) {
	var out []string
	err := s.store.Read(ctx, func(tx Tx) error {
		w, err := tx.Workspace(ws)
		if err != nil {
			return err
		}
		out, err = conditionsOf(tx, w, party)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	sts, err := statementsOf(nil, &parley.PartyProfile{Conditions: out})
	return out, sts, err
}

// ReplyOf is replyOf, for tests.
var ReplyOf = replyOf
