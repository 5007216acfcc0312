package workspace

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"parley"
)

// since says what happened after the latest session: the versions published, how the
// current version differs from the one current at the session, the stances marked on the
// current version and the ratification decisions taken. Nil when no session is recorded.
func (s *Service) since(ctx context.Context, in *deskInput) (*parley.DeskChanges, error) {
	var last *parley.Session
	for _, ss := range in.sessions {
		if last == nil || !ss.Date.Before(last.Date) {
			last = ss
		}
	}
	if last == nil {
		return nil, nil
	}
	ch := &parley.DeskChanges{Session: last.ID, Title: last.Title, Date: last.Date}
	for _, v := range in.versions {
		if v.Kind != parley.KindPlan || v.Status != parley.StatusPublished || v.PublishedAt == nil {
			continue
		}
		if v.PublishedAt.After(last.Date) && v.ID != last.Produced {
			ch.Published = append(ch.Published, v)
		} else if last.Produced == "" && (ch.Against == nil || v.Number > ch.Against.Number) {
			ch.Against = v
		}
		if v.ID == last.Produced {
			ch.Against = v
		}
	}
	if ch.Against != nil && ch.Against.ID != in.cur.ID {
		diff, err := s.Diff(ctx, in.w.ID, ch.Against.ID, in.cur.ID)
		if err != nil {
			return nil, err
		}
		ch.Diff = diff.Counts
	} else {
		ch.Against = nil
	}
	for i := range in.m.Cells {
		for j, st := range in.m.Cells[i] {
			if st != nil && st.UpdatedAt.After(last.Date) {
				if ch.Stances == nil {
					ch.Stances = map[string]int{}
				}
				ch.Stances[in.m.Parties[j]]++
			}
		}
	}
	for _, r := range in.rats {
		for _, sg := range r.Signatures {
			if sg.At.After(last.Date) {
				ch.Decisions = append(ch.Decisions, sg)
			}
		}
	}
	return ch, nil
}

// nextSteps says what the mediator could do next, the most pressing first: before a first
// version, draft one; while a ratification is open, wait for the signatures; after an
// agreement, nothing. Otherwise: rework the blocked points and the blocking issues (towards
// the nearest compromise where it is known), ask each party for its missing answers, and,
// when every party accepts every point and nothing blocks, propose the version.
func nextSteps(d *parley.Desk, in *deskInput) []*parley.NextStep {
	steps := []*parley.NextStep{}
	draft := mediatorDraft(in)
	if in.cur == nil {
		if draft != nil {
			return append(steps, &parley.NextStep{Kind: parley.StepPublish, Draft: draft.ID,
				Text: fmt.Sprintf("Finish the draft %q and publish it as version 1.", draft.Title)})
		}
		return append(steps, &parley.NextStep{Kind: parley.StepDraft, Text: "Draft the first version of the plan and publish it."})
	}
	if st := ratificationStep(in); st != nil {
		return append(steps, st)
	}
	steps = append(steps, reworkSteps(d, in, draft)...)
	steps = append(steps, askSteps(d, in)...)
	if len(steps) == 0 {
		steps = append(steps, &parley.NextStep{Kind: parley.StepPropose,
			Text: fmt.Sprintf("Every party accepts every point of version %d and no issue blocks agreement: propose it for signature.", in.cur.Number)})
	}
	if st := profileStep(d, in); st != nil {
		steps = append(steps, st)
	}
	return steps
}

// profileStep asks the parties whose profiles keep the joint results from being computed
// (none, or private) to state one that parley may use; nil when the results are there.
func profileStep(d *parley.Desk, in *deskInput) *parley.NextStep {
	if d.ZoneExists != nil {
		return nil
	}
	var who []string
	for _, p := range d.Parties {
		if p.Profile == "none" || p.Profile == "private" {
			who = append(who, p.Party)
		}
	}
	if len(who) == 0 {
		return nil
	}
	its := "its profile"
	if len(who) > 1 {
		its = "their profiles"
	}
	return &parley.NextStep{Kind: parley.StepAsk, Parties: who,
		Text: fmt.Sprintf("Ask %s to let parley use %s (neutral or shared): the agreement ranges and the nearest compromise need every party's.", names(in.w, who), its)}
}

// mediatorDraft returns the mediator's latest plan draft, or nil.
func mediatorDraft(in *deskInput) *parley.VersionSummary {
	var dr *parley.VersionSummary
	for _, v := range in.versions {
		if v.Kind == parley.KindPlan && v.Status == parley.StatusDraft && (dr == nil || v.CreatedAt.After(dr.CreatedAt)) {
			dr = v
		}
	}
	return dr
}

// ratificationStep is the step while the latest ratification is open (wait for the parties
// that have not decided) or agreed (done); nil otherwise.
func ratificationStep(in *deskInput) *parley.NextStep {
	if len(in.rats) == 0 {
		return nil
	}
	r := in.rats[len(in.rats)-1]
	num := 0
	for _, v := range in.versions {
		if v.ID == r.Version {
			num = v.Number
		}
	}
	switch r.State {
	case parley.RatificationAgreed:
		return &parley.NextStep{Kind: parley.StepDone, Text: fmt.Sprintf("Every party signed version %d: there is an agreement.", num)}
	case parley.RatificationOpen:
		var waiting []string
		for _, p := range in.w.Parties() {
			if !slices.ContainsFunc(r.Signatures, func(sg parley.Signature) bool { return sg.Party == p.ID }) {
				waiting = append(waiting, p.ID)
			}
		}
		return &parley.NextStep{Kind: parley.StepWait, Parties: waiting,
			Text: fmt.Sprintf("Version %d is proposed for signature: wait for %s to sign.", num, names(in.w, waiting))}
	}
	return nil
}

// reworkSteps are the drafting steps: the blocked points with whom to ask about them, and
// each blocking issue with its nearest compromise.
func reworkSteps(d *parley.Desk, in *deskInput, draft *parley.VersionSummary) []*parley.NextStep {
	var steps []*parley.NextStep
	var blocked []int
	var by []string
	for _, pt := range d.Points {
		if pt.State != parley.PointBlocked {
			continue
		}
		blocked = append(blocked, pt.Number)
		for _, id := range blockers(pt) {
			if !slices.Contains(by, id) {
				by = append(by, id)
			}
		}
	}
	if len(blocked) > 0 {
		steps = append(steps, &parley.NextStep{Kind: parley.StepDraft, Points: blocked, Parties: by,
			Text: fmt.Sprintf("Rework %s in the next version: blocked by %s. Ask what they could live with; their amendments are under Blocked points.", numbers(blocked), names(in.w, by))})
	}
	for _, di := range d.Issues {
		is := in.w.Issues[in.w.Scenario().Issue(di.Issue)]
		st := &parley.NextStep{Kind: parley.StepDraft, Issues: []string{di.Issue}, Points: di.Points}
		switch {
		case di.Nash != "" && di.Nash != di.Current:
			st.Text = fmt.Sprintf("Consider %s at %s, the Nash bargaining point (Kalai-Smorodinsky: %s)", is.DisplayName(), di.Nash, di.KalaiSmorodinsky)
		case di.Current == "":
			st.Text = fmt.Sprintf("Settle %s: no point binds it yet", is.DisplayName())
		default:
			continue // the blocked points' step covers it
		}
		if len(di.Points) > 0 {
			verb := "binds"
			if len(di.Points) > 1 {
				verb = "bind"
			}
			st.Text += fmt.Sprintf("; %s %s it", numbers(di.Points), verb)
		}
		st.Text += "."
		steps = append(steps, st)
	}
	if len(steps) > 0 && draft != nil {
		steps = append([]*parley.NextStep{{Kind: parley.StepPublish, Draft: draft.ID,
			Text: fmt.Sprintf("Finish the draft %q with these changes and publish it.", draft.Title)}}, steps...)
	}
	return steps
}

// askSteps asks each party for its missing answers, and names the points hidden from a
// party, which no party can sign while they stay hidden.
func askSteps(d *parley.Desk, in *deskInput) []*parley.NextStep {
	var steps []*parley.NextStep
	for _, p := range in.w.Parties() {
		var open, reserved []int
		for _, pt := range d.Points {
			if slices.Contains(pt.Unanswered, p.ID) {
				open = append(open, pt.Number)
			}
			if slices.Contains(pt.Reserved, p.ID) {
				reserved = append(reserved, pt.Number)
			}
		}
		if len(open) > 0 {
			steps = append(steps, &parley.NextStep{Kind: parley.StepAsk, Parties: []string{p.ID}, Points: open,
				Text: fmt.Sprintf("Ask %s to mark %s.", names(in.w, []string{p.ID}), numbers(open))})
		}
		if len(reserved) > 0 {
			steps = append(steps, &parley.NextStep{Kind: parley.StepAsk, Parties: []string{p.ID}, Points: reserved,
				Text: fmt.Sprintf("Ask %s to settle its reservation on %s.", names(in.w, []string{p.ID}), numbers(reserved))})
		}
	}
	return append(steps, hiddenSteps(d, in)...)
}

// hiddenSteps names the points hidden from some party, grouped by the parties they are
// hidden from: no party can sign a text it is not shown in full.
func hiddenSteps(d *parley.Desk, in *deskInput) []*parley.NextStep {
	var steps []*parley.NextStep
	byWho := map[string]*parley.NextStep{}
	for _, pt := range d.Points {
		if len(pt.HiddenFrom) == 0 {
			continue
		}
		key := strings.Join(pt.HiddenFrom, ",")
		st := byWho[key]
		if st == nil {
			st = &parley.NextStep{Kind: parley.StepDraft, Parties: pt.HiddenFrom}
			byWho[key] = st
			steps = append(steps, st)
		}
		st.Points = append(st.Points, pt.Number)
	}
	for _, st := range steps {
		verb, it := "is", "it"
		if len(st.Points) > 1 {
			verb, it = "are", "them"
		}
		st.Text = fmt.Sprintf("%s %s hidden from %s: show %s to them or drop %s before proposing, as every party signs the whole text.",
			capitalize(numbers(st.Points)), verb, names(in.w, st.Parties), it, it)
	}
	return steps
}

func capitalize(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
