package parley

import "context"

// FrontierService gives the whole Pareto frontier of a workspace's zone of possible
// agreement. The frontier is computed from every party's profile and names each party's
// utility, so only the mediator with whom every party shares its profile may have it: the
// same rule as Analytics' MediatorAnalytics.Zone.
type FrontierService interface {
	// Frontier returns the frontier of workspace ws and, when version is not empty, what
	// that version settles against the agreement ranges.
	// Errors: EUNAUTHORIZED, ENOTFOUND (workspace or version), EFORBIDDEN (the caller is not
	// the mediator, or some party does not share its profile with the mediator), ELIMIT
	// (the workspace's analyses are busy), EINVALID (the space is too large to analyse
	// exactly).
	Frontier(ctx context.Context, ws, version string) (*Frontier, error)
	// StreamFrontier calls each with every Pareto-optimal outcome of workspace ws (ties
	// included), one at a time, never holding the whole frontier: for frontiers too large
	// for Frontier's lists. Same rule: the mediator, when every party shares its profile.
	// It stops at each's first error, which it returns, or when ctx ends.
	StreamFrontier(ctx context.Context, ws string, each func(*FrontierPoint) error) error
}

// Frontier is the Pareto frontier of a workspace's zone of possible agreement, whole, with
// its exact counts, the bargaining points and the agreement ranges.
type Frontier struct {
	// Parties lists the parties, workspace order: the keys of every Utility map.
	Parties []string `json:"parties"`
	// Reservation is each party's reservation value.
	Reservation map[string]float64 `json:"reservation"`
	// Count is the number of Pareto-optimal outcomes of the whole space (red lines
	// ignored), AcceptableCount how many of them are acceptable to every party, and
	// BestCount the number of best acceptable packages (the Pareto frontier of the
	// acceptable outcomes, which differs from the acceptable part of the whole frontier when
	// red lines cut it). Exact, in decimal: they may exceed any machine integer.
	Count           string `json:"count"`
	AcceptableCount string `json:"acceptable_count"`
	BestCount       string `json:"best_count"`
	// Truncated is true when Points or Best list fewer outcomes than their counts (a frontier
	// too large to list; the lists are then spread along it).
	Truncated bool `json:"truncated"`
	// Points lists the Pareto-optimal outcomes, the first party's utility highest first,
	// each marked acceptable or not; Best the best acceptable packages, in the same order.
	Points []FrontierPoint `json:"points"`
	Best   []FrontierPoint `json:"best"`
	// The bargaining points over the acceptable outcomes (one of any tied outcomes); nil
	// when no outcome is acceptable.
	Nash             *FrontierPoint `json:"nash,omitempty"`
	KalaiSmorodinsky *FrontierPoint `json:"kalai_smorodinsky,omitempty"`
	Egalitarian      *FrontierPoint `json:"egalitarian,omitempty"`
	Utilitarian      *FrontierPoint `json:"utilitarian,omitempty"`
	// Ranges gives each issue's agreement range, in the scenario's order.
	Ranges []IssueRange `json:"ranges"`
}

// IssueRange is the agreement range of one issue, and what a version settles against it.
type IssueRange struct {
	Issue string `json:"issue"`
	// Range is the values that occur in some acceptable outcome, in words ("30-50",
	// "moratorium, renounce", "none").
	Range string `json:"range"`
	// Value is what the version binds the issue to; empty when it leaves the issue open or
	// no version was asked for.
	Value string `json:"value,omitempty"`
	// Inside reports whether Value lies in the range; nil when Value is empty.
	Inside *bool `json:"inside,omitempty"`
}
