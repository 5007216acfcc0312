package workspace

import (
	"fmt"
	"strings"

	"parley"
	"parley/analysis"
)

// The rules that keep a text from misleading its signers. They sit here, above storage, so
// the API, the CLI and the web UI all obey them.

// checkBindings refuses to publish a version that binds one issue to two different values:
// nobody could say what it settles.
func checkBindings(sc *parley.Scenario, v *parley.Version) error {
	_, _, conflicts := bindings(sc, v, "")
	if len(conflicts) == 0 {
		return nil
	}
	return &parley.Error{Code: parley.ECONFLICT, Field: "points",
		Message: "the version binds an issue to two different values, so nobody could say what it settles: " +
			describeConflicts(conflicts) + "; make the points agree (or remove one binding) before publishing"}
}

// checkProposal refuses to propose version v for signature while a point is hidden from a
// party that must sign it, or while issues are left open without the mediator's
// confirmation; it returns the open issues.
func checkProposal(w *parley.Workspace, v *parley.Version, opt parley.ProposeOptions) ([]string, error) {
	var hidden []string
	for _, p := range v.Points {
		var from []string
		for _, m := range w.Parties() {
			if !p.IsVisibleTo(m.ID) {
				from = append(from, m.ID)
			}
		}
		if len(from) > 0 {
			hidden = append(hidden, fmt.Sprintf("point %d is hidden from %s", p.Number, strings.Join(from, ", ")))
		}
	}
	if len(hidden) > 0 {
		return nil, &parley.Error{Code: parley.ECONFLICT, Field: "version",
			Message: "every party signs the whole text, but " + strings.Join(hidden, "; ") +
				"; publish a version that shows these points to every party (or drops them) and propose that one"}
	}
	sc := w.Scenario()
	d, _, _ := bindings(sc, v, "")
	var open []string
	for i, k := range d {
		if k == analysis.Open {
			open = append(open, sc.Issues[i].ID)
		}
	}
	if len(open) > 0 && !opt.ConfirmOpen {
		return nil, &parley.Error{Code: parley.ECONFLICT, Field: "confirm_open",
			Message: "the version leaves issues open, so the parties would sign a text that does not settle them: " +
				strings.Join(open, ", ") + "; confirm that this is intended (confirm_open) or bind them first"}
	}
	return open, nil
}

// markAgreement marks, in the summaries out, the version every party signed and the
// versions published after that agreement.
func markAgreement(out []*parley.VersionSummary, rs []*parley.Ratification) {
	for _, r := range rs {
		if r.State != parley.RatificationAgreed {
			continue
		}
		at := r.ProposedAt
		for _, sg := range r.Signatures {
			if sg.At.After(at) {
				at = sg.At
			}
		}
		for _, v := range out {
			switch {
			case v.ID == r.Version:
				v.Agreed = true
			case v.PublishedAt != nil && v.PublishedAt.After(at):
				v.AfterAgreement = true
			}
		}
	}
}
