package web

import (
	"context"

	"parley"
)

// suggestion returns the suggested next text for the mediator's overview, or nil when the
// services offer none (parley.Suggester), the member is not the mediator, or no party has
// marked a point that binds an issue yet. An error leaves the page without it: the
// suggestion is an aid, never a reason for the overview to fail.
func (u *ui) suggestion(ctx context.Context, me *signedIn) *parley.Suggestion {
	sg, ok := u.cfg.Plans.(parley.Suggester)
	if !ok || !me.IsMediator() {
		return nil
	}
	s, err := sg.Suggestion(ctx, me.Workspace.ID)
	if err != nil {
		u.log.ErrorContext(ctx, "suggestion", "workspace", me.Workspace.ID, "err", err)
		return nil
	}
	if s.Heard == 0 {
		return nil
	}
	return s
}
