package workspace

import (
	"context"

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
	in, err := s.readAnalytics(ctx, ws, "")
	if err != nil {
		return err
	}
	pps, err := sharedProfiles(in)
	if err != nil {
		return err
	}
	w := in.w
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
		err = each(frontierPoint(r, sc, p))
		return err == nil
	})
	if err == nil {
		err = ctx.Err()
	}
	return err
}
