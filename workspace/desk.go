package workspace

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"parley"
)

// The desk's rules live here: what makes a point accepted, blocked or unanswered, which
// issues block agreement, and what the mediator should do next. The numbers and verdicts
// it shows are the mediator's Analytics of the current version (analysis.EvaluateDraft
// through the one valuation of analytics.go); the desk computes no utility itself.

// Desk implements parley.DeskService. It reads everything as the mediator does, so it shows
// a party's verdict only where the party shares its profile.
func (s *Service) Desk(ctx context.Context, ws string) (*parley.Desk, error) {
	w, err := s.mediatorsWorkspace(ctx, ws, "only the mediator has the desk")
	if err != nil {
		return nil, err
	}
	in := &deskInput{w: w}
	if err := s.readDesk(ctx, in); err != nil {
		return nil, err
	}
	d := &parley.Desk{Points: []*parley.DeskPoint{}, Counts: map[parley.PointState]int{},
		Parties: []*parley.DeskParty{}, Issues: []*parley.DeskIssue{}}
	if in.v != nil {
		d.Version = in.cur
		deskPoints(d, in)
		deskParties(d, in)
		deskIssues(d, in)
		if d.Since, err = s.since(ctx, in); err != nil {
			return nil, err
		}
	}
	d.Next = nextSteps(d, in)
	return d, nil
}

// deskInput is what the desk reads, as the mediator sees it.
type deskInput struct {
	w        *parley.Workspace
	versions []*parley.VersionSummary
	cur      *parley.VersionSummary // the current version; nil when none is published
	v        *parley.Version        // its points
	m        *parley.Matrix
	a        *parley.Analytics
	rats     []*parley.Ratification
	sessions []*parley.Session
}

func (s *Service) readDesk(ctx context.Context, in *deskInput) error {
	ws := in.w.ID
	var err error
	if in.versions, err = s.Versions(ctx, ws); err != nil {
		return err
	}
	if in.rats, err = s.Ratifications(ctx, ws); err != nil {
		return err
	}
	if in.sessions, err = s.Sessions(ctx, ws); err != nil {
		return err
	}
	for _, v := range in.versions {
		if v.Kind == parley.KindPlan && v.Status == parley.StatusPublished && (in.cur == nil || v.Number > in.cur.Number) {
			in.cur = v
		}
	}
	if in.cur == nil {
		return nil
	}
	if in.v, err = s.Version(ctx, ws, in.cur.ID); err != nil {
		return err
	}
	if in.m, err = s.Matrix(ctx, ws, in.cur.ID); err != nil {
		return err
	}
	in.a, err = s.Analytics(ctx, ws, in.cur.ID)
	return err
}

// deskPoints sets each point's state: blocked when some party rejected it or proposed an
// amendment; accepted when every party accepted it (an accept on a condition counts only
// while the version meets the condition: Accepted); else unanswered (no answer, a
// reservation, an accept whose condition is not met, or hidden from a party, who cannot
// answer it). It also carries the matrix's reopened points.
func deskPoints(d *parley.Desk, in *deskInput) {
	d.Reopened = in.m.Reopened
	sc := in.w.Scenario()
	row := map[string]int{}
	for i, id := range in.m.Points {
		row[id] = i
	}
	for _, pt := range in.v.Points {
		dp := &parley.DeskPoint{ID: pt.ID, Number: pt.Number, Title: pt.Title, Text: pt.Text}
		for _, is := range in.w.Issues {
			if _, ok := pt.Bindings[is.ID]; ok {
				dp.Issues = append(dp.Issues, is.ID)
			}
		}
		i, ok := row[pt.ID]
		for j, party := range in.m.Parties {
			var st *parley.Stance
			if ok {
				st = in.m.Cells[i][j]
			}
			switch {
			case !pt.IsVisibleTo(party):
				dp.HiddenFrom = append(dp.HiddenFrom, party)
			case st == nil:
				dp.Unanswered = append(dp.Unanswered, party)
			case Accepted(sc, in.v, st):
				dp.Accepted = append(dp.Accepted, party)
			case st.Mark == parley.MarkAccept:
				dp.Unanswered = append(dp.Unanswered, party) // its condition is not met
			case st.Mark == parley.MarkReserve:
				dp.Reserved = append(dp.Reserved, party)
			default:
				dp.Blocking = append(dp.Blocking, st)
			}
		}
		switch {
		case len(dp.Blocking) > 0:
			dp.State = parley.PointBlocked
		case len(dp.Accepted) == len(in.m.Parties):
			dp.State = parley.PointAccepted
		default:
			dp.State = parley.PointUnanswered
		}
		d.Counts[dp.State]++
		d.Points = append(d.Points, dp)
	}
}

// deskParties counts each party's answers and gives its valuation where it shares.
func deskParties(d *parley.Desk, in *deskInput) {
	med := in.a.Mediator
	for _, p := range in.w.Parties() {
		dp := &parley.DeskParty{Party: p.ID, Profile: "neutral"}
		for _, pt := range d.Points {
			switch {
			case slices.Contains(pt.Accepted, p.ID):
				dp.Accepted++
			case slices.Contains(pt.Reserved, p.ID):
				dp.Reserved++
			case slices.Contains(pt.Unanswered, p.ID):
				dp.Unanswered++
			case slices.ContainsFunc(pt.Blocking, func(st *parley.Stance) bool { return st.Party == p.ID }):
				dp.Blocked++
			}
		}
		if med != nil {
			switch {
			case slices.Contains(med.Missing, p.ID):
				dp.Profile = "none"
			case slices.Contains(med.Private, p.ID):
				dp.Profile = "private"
			}
			for _, pa := range med.Shared {
				if pa.Party == p.ID {
					dp.Profile, dp.Value = "shared", pa
				}
			}
		}
		d.Parties = append(d.Parties, dp)
	}
}

// withUnit appends the issue's unit to a value or a range in words: "40 km", "30-50 km".
func withUnit(is *parley.Issue, words string) string {
	if words == "" || words == "none" || is.Unit == "" || is.Kind == parley.KindOptions {
		return words
	}
	return words + " " + is.Unit
}

// inRange reports whether value k of the issue lies in the agreement range in words (see
// describeAllowed: values and runs "lo-hi", separated by ", ").
func inRange(is *parley.Issue, words string, k int) bool {
	for _, part := range strings.Split(words, ", ") {
		if j, ok := bindIndex(is, part); ok && j == k {
			return true
		}
		for i := 1; i < len(part); i++ { // a run "lo-hi"; lo may itself be negative
			if part[i] != '-' {
				continue
			}
			lo, ok1 := bindIndex(is, part[:i])
			hi, ok2 := bindIndex(is, part[i+1:])
			if ok1 && ok2 && lo <= k && k <= hi {
				return true
			}
		}
	}
	return false
}

// deskIssues lists the issues that block agreement: an issue the current version leaves
// open; one whose bound value lies outside its agreement range (known when every party
// shares); one bound by a blocked point. Each comes with the nearest compromises, the
// Nash and Kalai-Smorodinsky values, where joint results were computed.
func deskIssues(d *parley.Desk, in *deskInput) {
	var joint *parley.Joint
	var zone *parley.Zone
	if med := in.a.Mediator; med != nil {
		joint, zone = med.Joint, med.Zone
		d.Note = med.JointNote
		if joint == nil && d.Note == "" {
			d.Note = in.a.Note
		}
	}
	if joint != nil {
		d.AcceptableToAll = joint.AcceptableToAll
		d.ZoneExists = &joint.ZoneExists
		if zone == nil {
			d.Note = "The agreement ranges need every party to share its profile with you."
		}
		if !joint.ZoneExists && zone != nil && len(zone.Conflicts) > 0 {
			d.Note = "No outcome is acceptable to every party: " + strings.Join(zone.Conflicts, "; ") + "."
		}
	}
	d.Note = sentence(d.Note)
	for _, is := range in.w.Issues {
		di := &parley.DeskIssue{Issue: is.ID}
		var blockedBy []string
		for _, pt := range d.Points {
			if !slices.Contains(pt.Issues, is.ID) {
				continue
			}
			di.Points = append(di.Points, pt.Number)
			if pt.State == parley.PointBlocked {
				blockedBy = append(blockedBy, fmt.Sprintf("point %d is blocked by %s", pt.Number, names(in.w, blockers(pt))))
			}
		}
		k := -1
		if val, ok := in.a.Outcome[is.ID]; ok {
			di.Current = withUnit(is, val)
			k, _ = bindIndex(is, val)
		} else {
			di.Reasons = append(di.Reasons, "no point of the current version settles it")
		}
		if zone != nil && zone.Ranges != nil {
			di.Range = withUnit(is, zone.Ranges[is.ID])
			if k >= 0 && !inRange(is, zone.Ranges[is.ID], k) {
				di.OutOfRange = true
				di.Reasons = append(di.Reasons, fmt.Sprintf("%s lies outside the agreement range (%s)", di.Current, di.Range))
			}
		}
		di.Reasons = append(di.Reasons, blockedBy...)
		if len(di.Reasons) == 0 {
			continue
		}
		if joint != nil {
			di.Nash = withUnit(is, joint.Nash[is.ID])
			di.KalaiSmorodinsky = withUnit(is, joint.KalaiSmorodinsky[is.ID])
		}
		d.Issues = append(d.Issues, di)
	}
}

// blockers returns the ids of the parties that block a point.
func blockers(pt *parley.DeskPoint) []string {
	var ids []string
	for _, st := range pt.Blocking {
		ids = append(ids, st.Party)
	}
	return ids
}

// names lists members by name: "Ukraine", "Ukraine and Russia", "A, B and C".
func names(w *parley.Workspace, ids []string) string {
	var ns []string
	for _, id := range ids {
		n := id
		if m := w.Member(id); m != nil && m.Name != "" {
			n = m.Name
		}
		ns = append(ns, n)
	}
	if len(ns) <= 1 {
		return strings.Join(ns, "")
	}
	return strings.Join(ns[:len(ns)-1], ", ") + " and " + ns[len(ns)-1]
}

// numbers lists point numbers in words, at most ten: "point 4", "points 2, 4 and 7",
// "points 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 7 more".
func numbers(ns []int) string {
	if len(ns) == 1 {
		return fmt.Sprintf("point %d", ns[0])
	}
	var ss []string
	for _, n := range ns[:min(len(ns), 10)] {
		ss = append(ss, fmt.Sprint(n))
	}
	if len(ns) > 10 {
		return "points " + strings.Join(ss, ", ") + fmt.Sprintf(" and %d more", len(ns)-10)
	}
	return "points " + strings.Join(ss[:len(ss)-1], ", ") + " and " + ss[len(ss)-1]
}

// sentence makes a note a sentence: a capital first letter and a full stop.
func sentence(s string) string {
	if s == "" {
		return s
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
