package parley

import "context"

// Suggestion is a next text proposed to the mediator, issue by issue, from the stances the
// parties gave on the published versions of the plan, never from their profiles. It is the
// mediator's to adopt, edit or ignore; it decides nothing.
type Suggestion struct {
	// Workspace is the id of the workspace.
	Workspace string           `json:"workspace"`
	Issues    []SuggestedIssue `json:"issues"`
	// Heard is the number of stances the suggestion is built from.
	Heard int `json:"heard"`
	// Likely reports whether the mediator strategy predicts that every party accepts the
	// suggested text (see workspace.Suggest).
	Likely bool `json:"likely"`
	// Version is the id of the latest published version of the plan, the one Current
	// refers to; empty when none is published.
	Version string `json:"version,omitempty"`
}

// SuggestedIssue is one issue of a Suggestion: the value the latest published version binds
// (empty when it binds none), the value suggested, and why, in words naming the parties.
type SuggestedIssue struct {
	Issue     *Issue `json:"issue"`
	Current   string `json:"current,omitempty"`
	Suggested string `json:"suggested"`
	// Value is Suggested as a point binds it ("40", "moratorium").
	Value  string `json:"value"`
	Reason string `json:"reason"`
	// Learned reports whether the strategy drafted the value (some published version
	// bound the issue); otherwise the value is the current one, or the middle one while
	// the issue is open, and adopting the suggestion leaves the issue as it is.
	Learned bool `json:"learned"`
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

// SuggestionAdopt is what adopting the suggested next text takes.
type SuggestionAdopt struct {
	// Title is the new draft's title; empty for "Suggested text after version N".
	Title string `json:"title,omitempty"`
	// Version, when set, is the published version the mediator saw the suggestion built
	// on: when the plan has a newer one, adopting is a conflict.
	Version string `json:"version,omitempty"`
}

// Suggester proposes the mediator's next text. Its answer reveals every party's stances,
// private ones included, so only the mediator may have it.
type Suggester interface {
	// Suggestion returns the suggested next text of workspace ws.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN (the caller is not the mediator).
	Suggestion(ctx context.Context, ws string) (*Suggestion, error)
	// AdoptSuggestion makes the suggested next text a new draft of the plan: the latest
	// published version's points, with the suggested values bound (on every point that
	// binds the issue, or on a new point when none does). The draft is the mediator's to
	// edit and publish, or to discard.
	// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN (the caller is not the mediator),
	// EINVALID (nothing to adopt: no published version or no stance yet; a bad title),
	// ECONFLICT (in.Version is not the latest published version), ELIMIT (the draft quota).
	AdoptSuggestion(ctx context.Context, ws string, in *SuggestionAdopt) (*Version, error)
}
