package parley

import "context"

// Suggestion is a next text proposed to the mediator, issue by issue, from the stances the
// parties gave on the published versions of the plan, never from their profiles. It is the
// mediator's to adopt, edit or ignore; it decides nothing.
type Suggestion struct {
	Issues []SuggestedIssue
	// Heard is the number of stances the suggestion is built from.
	Heard int
	// Likely reports whether the mediator strategy predicts that every party accepts the
	// suggested text (see workspace.Suggest).
	Likely bool
}

// SuggestedIssue is one issue of a Suggestion: the value the latest published version binds
// (empty when it binds none), the value suggested, and why, in words naming the parties.
type SuggestedIssue struct {
	Issue     *Issue
	Current   string
	Suggested string
	Reason    string
}

// Changes counts the issues whose suggested value differs from the latest version's.
func (s *Suggestion) Changes() int {
	n := 0
	for _, si := range s.Issues {
		if si.Suggested != si.Current {
			n++
		}
	}
	return n
}

// Suggester proposes the mediator's next text. Its answer reveals every party's stances,
// private ones included, so only the mediator may have it.
type Suggester interface {
	// Suggestion returns the suggested next text of workspace ws.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN (the caller is not the mediator).
	Suggestion(ctx context.Context, ws string) (*Suggestion, error)
}
