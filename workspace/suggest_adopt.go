package workspace

import (
	"context"
	"fmt"
	"strings"

	"parley"
)

// AdoptSuggestion implements parley.Suggester: the suggestion as it stands (Suggestion)
// becomes a new draft of the plan, based on the latest published version, in one write.
// Only the issues the strategy drafted (SuggestedIssue.Learned) change: on every point of
// the draft that binds the issue, or, when none does, on a new point at the end.
func (s *Service) AdoptSuggestion(ctx context.Context, ws string, in *parley.SuggestionAdopt) (*parley.Version, error) {
	sug, err := s.Suggestion(ctx, ws)
	if err != nil {
		return nil, err
	}
	if sug.Version == "" || sug.Heard == 0 {
		return nil, parley.Errorf(parley.EINVALID, "nothing to adopt: the suggestion needs a published version of the plan and a party's stance on a point that binds an issue")
	}
	if in.Version != "" && in.Version != sug.Version {
		return nil, &parley.Error{Code: parley.ECONFLICT, Field: "version", Message: fmt.Sprintf("the suggestion you saw was built on version %q, and the plan has a newer published version: look at the new suggestion first", in.Version)}
	}
	if len(in.Title) > maxShort {
		return nil, parley.FieldErrorf("title", "a draft needs a title of at most %d bytes", maxShort)
	}
	var v *parley.Version
	err = s.write(ctx, func(tx Tx) ([]parley.Event, error) {
		w, c, err := member(ctx, tx, ws)
		if err != nil {
			return nil, err
		}
		if c.Role != parley.RoleMediator {
			return nil, parley.Errorf(parley.EFORBIDDEN, "only the mediator adopts the suggested next text")
		}
		if err := draftQuota(tx, ws, c); err != nil {
			return nil, err
		}
		base, err := tx.Version(ws, sug.Version)
		if err != nil {
			return nil, err
		}
		title := strings.TrimSpace(in.Title)
		if title == "" {
			title = fmt.Sprintf("Suggested text after version %d", base.Number)
		}
		v = &parley.Version{ID: newID("v"), Workspace: ws, Kind: parley.KindPlan, Status: parley.StatusDraft, Title: title,
			Author: c.MemberID, BasedOn: base.ID, Points: []*parley.PlanPoint{}, Rev: 1, CreatedAt: s.now().UTC()}
		for _, p := range base.Points {
			cp := *p
			v.Points = append(v.Points, &cp)
		}
		if err := adoptValues(tx, w, c, v, sug); err != nil {
			return nil, err
		}
		return s.putNewDraft(tx, c, v)
	})
	return v, err
}

// adoptValues binds, in draft v, the value the suggestion drafted for each issue: on every
// point that binds the issue, or on a new point when none does. It edits through the
// draft editor's own operations, so their rules hold.
func adoptValues(tx Tx, w *parley.Workspace, c *parley.Caller, v *parley.Version, sug *parley.Suggestion) error {
	for _, si := range sug.Issues {
		if !si.Learned {
			continue
		}
		id, bound := si.Issue.ID, false
		for _, p := range v.Points {
			if _, ok := p.Bindings[id]; !ok {
				continue
			}
			bound = true
			b := map[string]string{}
			for k, x := range p.Bindings {
				b[k] = x
			}
			b[id] = si.Value
			op := &parley.PointOp{Op: parley.OpEdit, Point: p.ID, Content: parley.PointInput{Bindings: b}}
			if err := applyOp(tx, w, c, v, op, "suggestion"); err != nil {
				return err
			}
		}
		if !bound {
			title, text := si.Issue.DisplayName(), si.Issue.DisplayName()+": "+si.Suggested+"."
			op := &parley.PointOp{Op: parley.OpAdd, At: len(v.Points) + 1, Content: parley.PointInput{Title: &title, Text: &text, Bindings: map[string]string{id: si.Value}}}
			if err := applyOp(tx, w, c, v, op, "suggestion"); err != nil {
				return err
			}
		}
	}
	return nil
}
