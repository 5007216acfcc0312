package workspace

import (
	"context"
	"strings"

	"parley"
	"parley/analysis"
)

// MaxFrontierStream is the most Pareto-optimal outcomes Frontier streams.
const MaxFrontierStream = 10_000_000

// StreamFrontier calls each with every Pareto-optimal outcome of workspace ws's outcome space
// (ties included, at most MaxFrontierStream), one at a time, in the order of the frontier:
// the zone's frontier of the mediator's analytics, not cut at 200 points. Only the
// mediator may ask, and only when every party shares its profile with the mediator, as for
// MediatorAnalytics.Zone. The analysis takes one of the workspace's analysis slots for as
// long as the stream runs; the points are built from its compact frontier one at a time.
// It stops at each's first error, which it returns, or when ctx ends.
// Errors: EUNAUTHORIZED, ENOTFOUND, EFORBIDDEN, ELIMIT (no slot), EINVALID (a space too
// large for an exact frontier).
func (s *Service) StreamFrontier(ctx context.Context, ws string, each func(*parley.FrontierPoint) error) error {
	var (
		w   *parley.Workspace
		pps []*parley.PartyProfile
	)
	err := s.store.Read(ctx, func(tx Tx) error {
		var c *parley.Caller
		var err error
		if w, c, err = member(ctx, tx, ws); err != nil {
			return err
		}
		if err := mediatorOnly(c); err != nil {
			return err
		}
		var notShared []string
		for _, p := range w.Parties() {
			pp, err := tx.Profile(ws, p.ID)
			switch {
			case err == nil && pp.Use == parley.UseShared:
				pps = append(pps, pp)
			case err == nil || parley.ErrorCode(err) == parley.ENOTFOUND:
				notShared = append(notShared, p.ID)
			default:
				return err
			}
		}
		if len(notShared) > 0 {
			return parley.Errorf(parley.EFORBIDDEN, "the frontier needs every party to share its profile with the mediator; not shared: %s", strings.Join(notShared, ", "))
		}
		return nil
	})
	if err != nil {
		return err
	}
	release, err := s.slots.take(ctx, ws)
	if err != nil {
		return err
	}
	defer release()
	sc := scenarioOf(w.Scenario(), pps)
	opt := analysisOptions
	opt.KeepFrontier = true
	r, err := analysis.Analyze(sc, opt)
	if err != nil {
		return err
	}
	n := 0
	r.EachPareto(func(p analysis.Point) bool {
		if n == MaxFrontierStream || ctx.Err() != nil {
			return false
		}
		n++
		fp := &parley.FrontierPoint{Outcome: outcomeWords(sc, p.Outcome), Acceptable: p.Acceptable, Utility: map[string]float64{}}
		for k, pi := range r.Parties {
			fp.Utility[sc.Parties[pi].ID] = p.Utility[k]
		}
		err = each(fp)
		return err == nil
	})
	if err == nil {
		err = ctx.Err()
	}
	return err
}
