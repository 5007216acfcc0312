// Package analysis computes what a mediator first asks of a scenario: the size of the outcome
// space, the acceptable outcomes (the zone of possible agreement), the Pareto frontier, the
// bargaining points, the agreement range of every issue and, when nothing is acceptable, which
// constraints collide.
//
// The package is pure: it takes a *parley.Scenario and returns values, with no I/O, logging or
// context. It imports only parley, parley/redline and the standard library; it must not import
// any storage, transport or CLI package.
//
// # Semantics
//
// Deciders are the parties of role party; each must have a profile. Mediators' profiles
// constrain nothing: their utility is reported beside the deciders' for every point. Observers
// are ignored.
//
// A party's utility is its profile compiled with parley.Scenario.Compile (additive tables plus
// rectangle terms, clamped to [0, 1]). An outcome is acceptable when it respects every decider's
// red lines and gives every decider at least its reservation value (within Tol).
//
// Utilities that differ by at most Tol (1e-9) are equal: a dominates b when a_i >= b_i - Tol for
// every decider i and a_j > b_j + Tol for some j. The Pareto frontier is taken over the whole
// outcome space (red lines ignored); every outcome on it is listed, ties included, and marked
// acceptable or not. Tolerant comparison is not transitive: where two utilities differ by a
// few multiples of Tol, the frontier may keep or drop a point that a pairwise check would
// decide the other way. Such differences do not arise from rounding noise, which is far
// below Tol.
//
// The bargaining points are computed over the Pareto-optimal acceptable outcomes, with the
// reservation values as disagreement point d:
//
//   - Nash: the maximum of prod_i (u_i - d_i) over outcomes with u_i > d_i + Tol for every i
//     (none when no outcome gives every decider a strict gain);
//   - Kalai-Smorodinsky: the maximum of min_i (u_i - d_i)/(U_i - d_i), U_i being the best
//     utility of decider i among acceptable outcomes; a decider with U_i - d_i <= Tol has ratio
//     1, as it cannot gain anyway;
//   - egalitarian: the maximum of min_i (u_i - d_i);
//   - utilitarian: the maximum of sum_i u_i.
//
// Every outcome whose value lies within Tol*max(1, |best|) of the best is reported.
//
// # Drafts
//
// EvaluateDraft is the one valuation of a text, for every view of it (a party's own analytics,
// its profile preview, the mediator's view of a party, the joint results). A Draft binds some
// issues and leaves the others Open; its completions are the outcomes that agree with it. Per
// decider it gives the exact least and most utility over the completions (rectangle terms and
// clamping included), the red lines every completion crosses (Crossed) or only some
// (AtRisk), and a three-way parley.Verdict: acceptable when every completion respects the
// decider's red lines and reaches its reservation value within Tol, unacceptable when none
// does, possible otherwise; AcceptableToAll is the same verdict for all deciders together.
// Given the scenario's analysis, a complete draft also gets its Euclidean distance to the
// frontier and its Pareto improvements: outcomes that dominate it (no decider loses more than
// Tol, one gains more than Tol), drawn from every change of one or two issues and from the
// frontier, acceptable ones and the fewest changes first. Up to MaxCompletions completions are enumerated;
// beyond, each question is put to Analyze as a one-decider scenario whose red lines pin the
// bound issues (the least utility is one minus the best of the complementary profile), so the
// answer is exact wherever Analyze is, and refused with ErrNoExactMethod where it is not.
//
// # Methods
//
// For additive profiles the frontier is computed without enumerating the space: issues are
// merged one at a time, smallest first, and dominated partial sums are pruned after each
// merge (the frontier of a sum of independent terms lies inside the sum of the terms'
// frontiers), so the work grows with the frontier, not with the space. Partial outcomes with
// equal utilities share one node that points back at the values they came from, so an issue
// nobody cares about does not double the stored frontier; the listed outcomes are cut at
// MaxListed and counted exactly. Single-issue red lines restrict their issue's values first;
// issues linked by a red line are merged into one composite issue of the combinations the red
// line allows (at most MaxComposite). The Pareto filter is exact and O(n log n) for up to three
// deciders (sweeps with a Fenwick tree) and uses a k-d tree beyond.
//
// The number of acceptable outcomes is exact: the product of the allowed values when no
// reservation value binds; otherwise, for up to three deciders, meet in the middle (every
// partial sum of two halves of the issues, pairs counted with sorts and Fenwick trees); then
// dynamic programming over distinct partial sums (when utilities often tie) or branch and
// bound. When none applies within its limits the count is left out with a note. The agreement
// ranges are exact: each issue's values are checked against the frontier of the other issues.
//
// Profiles with rectangle terms, or whose sums leave [0, 1] so that clamping matters, go
// through analyzeNonAdditive, the one place that picks their method: on large spaces the
// region method (rect.go), a branch and bound over groups of values that no rectangle tells
// apart; otherwise enumeration, which visits every outcome in parallel, in bounded memory,
// with incremental sums, when the space has at most Options.MaxWork outcomes. A space beyond
// every applicable method is refused with an EINVALID error that says why; Approximate then
// offers a seeded estimate, labelled as such.
//
// When nothing is acceptable, the conflicts are found by examining subsets of the
// constraints (every decider's red lines and positive reservation values) with a feasibility
// check: the minimal subsets that cannot hold together, and the smallest subsets whose
// relaxation opens a zone of agreement. Every subset is examined for up to 12 constraints;
// beyond, only single constraints and pairs, and Result.ConflictsNote says so.
//
// Every method works within limits: a share of Options.MaxWork, and memory bounds (merge
// candidates, kept back-pointers, listed outcomes, counting tables) that keep the peak well
// under 1 GiB whatever the input. Past a limit the frontier is refused with an EINVALID error
// naming the limit; the count or the ranges are left out with a note.
package analysis
