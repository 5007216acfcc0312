// Package analysis computes what a mediator first asks of a scenario: the size of the outcome
// space, the acceptable outcomes (the zone of possible agreement), the Pareto frontier, the
// bargaining points, the agreement range of every issue and, when nothing is acceptable, which
// constraints collide.
//
// The package is pure: it takes a *parley.Scenario and returns values, with no I/O, logging or
// context. It imports only parley, parley/redline, the standard library and, for the linear
// programs of partial profiles (uncertain*.go), gonum's simplex; it must not import any
// storage, transport or CLI package.
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
// line allows (at most MaxComposite). Beyond, the combinations each red line forbids are
// written as a few boxes (a set of values per issue; split.go) and one merge finds both
// frontiers (boxmerge.go): each partial sum carries the set of boxes it still lies in, from
// the merge of a box's first issue to that of its last, so that a sum leaves a box for good
// when it takes a value outside it, is forbidden when it is still inside at the box's last
// issue, and is pruned by a sum that dominates it in a subset of its boxes, or in one box
// more by that box's escape (what leaving it on a later issue can cost; boxescape.go). The
// issues are ordered so that the boxes left open hold little of the issues' own frontiers;
// sparse red lines leave few sets, and the merge costs little more than the plain one.
// Without binding reservation values, the count and the ranges come from the same sets of
// boxes (boxcount.go); with them, the count comes from meet in the middle less the pairs
// of halves whose sets of boxes share a box (boxhalves.go), else branch and bound over the
// sets of boxes, else guaranteed bounds from the grid run once per set (boxcount.go); the ranges
// from one box merge per issue, that issue last and each of its values tried. Small spaces,
// and spaces where too many sets are alive at once (dense red lines), are cut by each box
// into at most one part per issue it bounds, each part a product of value sets, so an
// additive problem of its own whose count, ranges and (in the second case) frontier are
// combined. The Pareto filter is exact and O(n log n) for up to three
// deciders (sweeps with a Fenwick tree, after a grid prefilter on large sets) and uses a k-d
// tree beyond, asked for a dominator of each point in the tree's leaf order, the last few
// dominators found tried first (skyline.go); in a merge, a dominance grid over all the
// candidates first leaves out those that a candidate beats in every utility (skygrid.go:
// about 60% of them at the last merges of 5 x 12), so the tree holds the rest.
//
// The number of acceptable outcomes is exact: the product of the allowed values when no
// reservation value binds; otherwise, for up to three deciders, meet in the middle (every
// partial sum of two halves of the issues, pairs counted with sorts and Fenwick trees); then
// dynamic programming over distinct partial sums (when utilities often tie) or branch and
// bound. When none applies within its limits the count is left out with a note, and
// guaranteed bounds are given instead (Result.AcceptableAtLeast and AcceptableAtMost: the
// count lies between them; they are not an estimate). For up to three deciders the bounds
// come from dynamic programming over a grid (count_grid.go): each utility term is rounded to
// the nearest multiple of a step chosen to fit the work limit, the exact share of outcomes
// of every tuple of rounded sums is computed, and the sum of the rounding errors, a sum of
// independent terms over the product space, is bounded by a Chernoff bound, so that the
// outcomes it could move across a reservation value are counted on the safe side; on 2
// parties x 100 issues of random utilities (10^100 outcomes) the bounds lie within a factor
// 1.7 of each other, for about 0.45 s of CPU. The bounds narrow with the square root of the
// work limit (the grid step shrinks so); an exact count of such a space is out of reach of
// any of these methods (3 parties x 20 issues, 10^20 outcomes: within a factor 2, where the
// bounds used to be 0 and 2.9×10^19). For more deciders, the three most binding go through
// that grid together (an upper bound, less the outcomes each other decider's own grid says
// may miss its reservation value for a lower bound, 0 when reservation values bind hard),
// and every decider goes through one coarser grid of as many dimensions
// (count_gridall.go), whose lower bound counts the outcomes that clear every decider's line
// at once; the tighter bounds of the two are kept, never looser than each decider's count
// bounded on a grid of its own and combined (bounds.go). On 4 and 5 parties x 12 issues with
// every reservation value at 0.5 the upper bound is 4-6 times lower than that older one,
// and the lower bound, which was 0, is a sixth and a fifteenth of it (the exact count of the
// second, 11,950,917 by enumeration, lies 7.7 times above the lower bound and 2 times below
// the upper). Each component's terms are rounded after the shift (a fraction of a step) that
// leaves their rounding errors the least variance. The agreement
// ranges are exact: each issue's values are checked against the frontier of the other issues
// (for two deciders, against the frontiers of the issues before and after it). The number of
// acceptable outcomes on the frontier and the number of tied outcomes of every bargaining
// point are exact whatever the listing keeps.
//
// Profiles with rectangle terms, or whose sums leave [0, 1] so that clamping matters, go
// through analyzeNonAdditive, the one place that picks their method: on large spaces the
// region method (rect.go), a branch and bound over groups of values that no rectangle tells
// apart; otherwise enumeration, which visits every outcome in parallel, in bounded memory,
// with incremental sums, when the space has at most Options.MaxWork outcomes. When the region
// search cannot settle the count or the ranges within its budget on a space of at most 10^8
// outcomes, one enumeration pass does. A space beyond every applicable method is refused with
// an EINVALID error matching ErrNoExactMethod that says why (NeededWork gives the budget that
// would do, when one would); Approximate then offers a seeded estimate, labelled as such.
//
// When nothing is acceptable, the conflicts are found by examining subsets of the
// constraints (every decider's red lines and positive reservation values) with a feasibility
// check: the minimal subsets that cannot hold together, and the smallest subsets whose
// relaxation opens a zone of agreement. Every subset is examined for up to 12 constraints;
// beyond, conflicts of one constraint and pairs, and relaxations of one constraint or, when
// none opens a zone, of two, and Result.ConflictsNote says so.
//
// Every method works within limits: a share of Options.MaxWork, and memory bounds (merge
// candidates, kept back-pointers, listed outcomes of about 40 MB a list, counting tables)
// that keep the peak under 300 MiB on the shapes bench/scale measures. The merge estimates
// the work left from the growth of the frontier after each merge and refuses as soon as the
// estimate passes twice its budget. Past a limit the frontier is refused with an EINVALID
// error naming the limit and the estimate; the count or the ranges are left out with a note.
// FormatCount writes counts for people.
//
// # Partial profiles: analysis under uncertainty and elicitation
//
// A party may be known only through statements (parley.Profile.Partial): a package preferred
// to another, a package acceptable or not, an issue that matters at least as much as another,
// a value at least as good as another, every package meeting a red-line condition acceptable;
// beside them, any of its weights, value functions, reservation value and red lines it gave.
// The additive profiles consistent with all that form a polytope in the variables w_i (the
// weight of issue i), x_ik = w_i * value_i(k) (one per value of each issue) and r (the
// reservation value): 0 <= x_ik <= w_i, sum w_i = 1, 0 <= r <= 1, and one linear constraint
// per statement, so U(o) = sum_i x_i,o_i is linear. A condition whose packages form a product
// of per-issue sets S_i is one constraint with an auxiliary variable per issue (m_i <= x_ik
// for k in S_i, sum m_i >= r); otherwise one constraint per package, at most 64. A full
// profile is one point and is evaluated directly, exactly as Analyze does.
//
// Strict statements (a package not acceptable, a package strictly preferred) hold with a margin
// of StrictMargin (1e-6) in utility; a party whose true difference is smaller lies outside its
// polytope. Verdicts use VerdictTol (1e-7): certainly acceptable when the least of U(o) - r
// over the polytope is at least -VerdictTol and no known red line is crossed, certainly not
// when the greatest is below -VerdictTol or a red line is crossed, possibly acceptable
// otherwise. The bounds are linear programs solved by gonum's simplex (optimize/convex/lp); a
// program the solver fails on leaves the verdict possible, never a wrong "certain". How they
// are solved (uncertain_lp.go): through their duals, which have one constraint per free
// variable (weights, weighted values, reservation: 20-80 on the ANAC domains and the demo)
// where the primal has one per statement as well (hundreds after a few dozen answers), since
// gonum's simplex factorises its basis anew at every pivot. The dual's right-hand side is
// perturbed by at most 1e-11 per variable so that its optimal basis is unique and gives the
// primal optimum (the witness kept as a sample), checked to satisfy every constraint within
// 1e-9; the value is that point's, so it differs from the exact optimum by at most about 1e-9,
// far inside VerdictTol. Each polytope keeps the dual's form and its last optimal bases,
// inverted (up to 128 of them, within 2^21 numbers): a basis optimal for one objective stays
// optimal for the next when it is still feasible for it (a product with the inverse, stopped at
// the first negative basic variable), which settles many neighbouring packages without the
// simplex. Otherwise the solver starts from the kept basis whose basic values for the new
// objective are the least negative (warmSimplex): the program gets one more column, the
// difference g of the two right-hand sides, at a cost above the most the optimum can change per
// unit of it (sum |g_j|, every variable lying in [0, 1]), so that the old basic values with
// that column at 1 solve it; one ratio test makes that a basis, and the cost drives the column
// out, so the optimum is the program's own. That roughly thirds the pivots (105 to 36 a program
// on the demo's peace-talks after 10 ordered screens); with no basis kept it starts from a
// feasible basis built from the polytope's structure (the structural constraint of each value
// short of its objective coefficient, the sum of the weights), which skips its first phase. A
// value no statement names (beyond a party's red lines, or not asked about yet) is left out of
// the dual: it can take anything in [0, w_i] whatever the rest, so a least puts it at 0, or at
// w_i when its coefficient c is negative, which adds c to w_i's (uncertain_lp_tied.go; 5 and 13
// of the 45 variables on that workspace, a pivot costing the cube of them). When any of that
// fails the primal is solved as before. A verdict's program is skipped when a neighbouring
// package (one issue's value changed) has a proven bound and the polytope implies the order of
// the two values (x_ia - x_ib >= d on every point: one program per pair, kept, none when a
// sample contradicts it): the bound moves by d. So it is when a prefers statement "A at least
// as good as B" moves the package to one whose verdict is certain: a package at least as good
// as A, by the stated orders, where A and B differ, is at least as good as itself with B's
// values there (the statement's constraint, translated by the values the two share). Proven
// bounds and implied orders stay valid as statements arrive (the polytope shrinks) and are
// forgotten on a withdrawal; for the same reason SettleAfter starts a party's verdicts from
// those of an earlier revision of its profile when statements were only added (the workspace
// keeps them per revision, so an answer settles only what its statements changed; about a sixth
// less work after an ordered screen on peace-talks). A sweep that decides every package
// (SettleVerdicts, SettleAfter) walks the packages level by level, a level being the packages
// whose values' positions in linear extensions of the stated orders sum to the same number (a
// neighbour one step below lies on a lower level, so dominance settles a level from the levels
// before it), and runs the programs left on one level side by side on GOMAXPROCS goroutines,
// each taking the next program left, on a fork of the polytope's dual form with its own pool of
// bases (the pool kept before the level; the forks' new bases are kept after it): every verdict
// is exact and every witness the perturbed program's unique optimum, so neither depends on the
// number of workers or their scheduling, only the time does (uncertain_sweep_batch.go). On
// peace-talks after 10 answers per party Ukraine's verdicts take about 450 programs on 32
// levels (at most 42 on one), the same processor time with one worker or two. The zones of
// several parties (AnalyzeUncertain, UncertainZones) are built from each party's verdicts,
// settled side by side: a party's verdicts depend on its own profile only. One simulated run
// with its random baseline (bench/elicit, one seed, load average 12-14 on 2 cores): on
// SmartPhone (12,000 packages) 11 s, where it did not finish in 25 minutes before; on
// Wholesaler (56,700) 1 min 37 s.
//
// Statements that cannot all hold are reported (ConflictError) with a minimal conflicting set
// found by a deletion filter over feasibility programs: every statement of the set is needed
// for the conflict, though a smaller set may exist.
//
// Each partial party keeps NumSamples points of its polytope, spread by hit-and-run steps
// (kept inside after every new statement by pulling each point towards the samples' centre
// until it enters). A package on which two samples disagree is possibly acceptable without a
// linear program. A package at least as good on every issue, by the stated orders of values,
// as a package said to be acceptable is certainly acceptable (and at most as good as one said
// not to be, certainly not) without one either. Only the other packages on which every sample
// agrees cost one program, whose optimum
// either proves the verdict certain (cached: a polytope only shrinks as statements arrive) or
// becomes a witness sample. The zones enumerate the outcome space, at most
// MaxUncertainOutcomes (10^6) packages, and the variables are limited to MaxUncertainValues
// (2,000) issue values; a program costs about (free variables)^3 per pivot of gonum's simplex
// rather than (free variables + statements)^3: on 30 values and 150 statements 9.7 ms from
// the structure's basis and 5.7 ms from a kept one (for random packages, not neighbours)
// against 0.41 s for the primal (BenchmarkUncertainLP, at load average 4.5-6.3), and a few
// microseconds when a kept basis settles it. Every package not settled by samples, witnesses or dominance still costs one
// program (or one solve), so the cost grows with the outcome space: spaces of 10^5-10^6
// packages take minutes per simulated run; they would need linear programs only on candidate
// packages (for instance those on the frontier of the polytope's sampled vertices), which
// this package does not do.
// The frontier and bargaining points are computed by Analyze on the estimated profiles (the
// average of the samples, the centre of the polytope) and are labelled estimates.
//
// The elicitation (NextQuestion, Simulate) asks one question at a time, each one screen a
// delegation can answer. Besides the yes-or-no questions (is this package acceptable? is
// this package at least as good as that one? does this issue matter at least as much as
// that one? is this value at least as good as that one?) it asks three questions that say
// more per screen, all grounded in the field: rank (order up to MaxRankValues (6) values
// of one issue from best to worst, as ANAC 2019's agents under preference uncertainty
// received bid rankings), acceptable_among (which of up to MaxAmongPackages (5) packages
// could you live with? a bisection of the party's line in one screen) and order_among
// (order up to 5 packages from best to worst and mark the ones you could live with: the
// ranking tasks of 4-6 profiles that conjoint analysis gives people). Their answers become
// statements of the same language (Question.Statements): a rank a chain of better
// statements, acceptable_among one acceptable or unacceptable statement per package,
// order_among those and a chain of prefers statements (each package at least as good as
// the next: an order does not say there are no ties), so the polytope, the conflict
// reports and the workspace reuse what exists; an order that contradicts the marks is a
// conflict like any other. One such question counts as one question, in the benchmark and
// in parley elicit --simulate; the random baseline asks questions of all seven kinds,
// chosen at random, so that the ratio is fair. Marks settle the packages on the screen;
// an order is linear constraints on the profile (U(a) >= U(b)) that settle packages off
// the screen through the linear programs, which marks alone do not.
// Why these two: the verdicts turn on each issue's order of values (through them packages
// become comparable, and one acceptable package settles every package at least as good on
// each issue without a linear program) and on where the party's line falls; a pairwise
// question learns one bit of either, a rank of 6 values up to 15 pairs and a screen of 5
// packages up to 5 verdicts.
//
// The chooser first settles whether a zone exists for a party without red lines: it ranks
// each issue's values that may still be the worst (all of them for an issue of at most 6
// values, which gives the whole order; a tournament of 6 for larger issues), then
// asks whether the package of worst values is acceptable (a yes settles every package as
// acceptable). A party with red lines has said that some packages are not acceptable
// whatever else they give, and that bet rarely pays: ranking every issue first cost
// peace-talks' parties 2.6 more questions each (3 seeds) than leaving the orders to the
// chooser. In a space of one issue a package is a value, and an ordered screen of packages
// says what a rank of their values says and marks them too: there the ranks are left to the
// chooser's weighing (on random one-issue scenarios of 11 values, 2.5 questions per party
// against 3.7). A value that every package holding it crosses a red line with (any decider's:
// such packages are certainly not acceptable), or that no open package holds, is never
// ranked nor compared: its order settles no verdict. When at most 5 packages are open, one
// acceptable_among question about them settles the party. Otherwise it weighs every
// candidate question by the expected Gini impurity of the open verdicts (up to 2,000 of them) and value orders after
// the answer, over 64 points of the polytope: the samples, the newest witnesses (optima of
// linear programs, at corners the random walk rarely reaches) and points walked on from both
// for 10 hit-and-run steps; each possible answer splits the points into parts. The impurity
// of a part is read from a Gram matrix of the points (per pair, the open verdicts and value
// orders that hold at both), so that weighing a split costs the square of its parts' sizes,
// not a pass over every open verdict per part. Candidates
// are the yes-or-no questions on open packages, pairs of them and orders, a rank per issue on
// the values whose order the points disagree on most, an acceptable_among question built
// greedily (the open package whose mark splits the points best, then the next, up to 5),
// the same screen ordered, and an order_among question built greedily (the open package
// whose mark and order against the packages already picked split the points best); a
// screen the points cannot split further is filled with the open packages they agree on
// least (it costs the party one question however many places it uses), and it wins a tie
// with a yes-or-no question on one of its packages. An ordered screen splits the points at
// least as finely as the same screen marked, so once the line cuts through the open
// packages the chooser mostly asks ordered screens. A value order on which no point is
// strictly either way is not a question (it would ask again what is known). When nearly every sample falls outside after a statement, the samples restart from
// a point deep inside the polytope (one linear program maximising the least slack of every
// inequality), so that the walk does not stick on a face.
//
// The simulation (Simulate, bench/elicit, parley elicit --simulate) checks after every
// answer whether the party is settled: its certain verdicts equal the true ones on every
// package no other party certainly rejects. It keeps, per party, a sweep: one byte per
// package, the verdicts found so far (certain verdicts stay certain while statements are
// only added; a withdrawal starts the sweep over). An update visits the space in the order of
// the stated value orders, worst first: a package the samples disagree on is open; one every
// sample accepts is certain when a package one step below it on one issue is (dominance),
// and one every sample rejects is certainly not when one a step above it is; only packages
// neither settles cost a linear program, and those programs stop at the first package they
// show open (one open package is enough to ask on) and skip packages another party certainly
// rejects. Once each issue's order is known the programs fall on the boundary of the party's
// acceptable set, not on the whole space. For spaces larger than a bound the caller chooses
// (bench/elicit: --exact 20,000 packages) SimOptions.Check compares verdicts on a random
// sample of packages (bench/elicit: --check 3,000) instead of every one: the question
// counts then say "settled on the sample", an estimate, and the benchmark labels those rows
// "(3000 checked)"; the chooser still asks about any open package. A party whose profile has
// rectangles (not additive, so outside every polytope) is refused, or, with
// SimOptions.KnowNonAdditive (bench/elicit sets it), known in full and asked nothing
// (SimParty.Known). Simulate takes spaces of up to MaxSimulatedOutcomes (4 x 10^6) packages.
//
// Limits: the chooser counts up to 2,000 open verdicts, puts up to 160 open packages on
// its screens and splits 64 points; packages near a party's line that no dominance settles
// still cost one linear program each, so spaces whose reservation values cut through them
// (SmartPhone, Wholesaler, SupermarketA, the shipped examples with red lines) take minutes
// per run. There every package the other party may accept needs a certain verdict, and a
// package whose neighbours one value step down (by the party's value orders) are all
// unacceptable, or one step up all acceptable, is settled by no dominance: only by its own
// statement or by an additive combination of others. SmartPhone has 106 such packages for one
// party and 84 for the other among those the other party accepts (55 and 42 of them follow
// from no statements of the others with the value orders); a chooser that knew both true
// profiles and asked them nearest the line first, 5 to a screen after one rank per issue,
// would still need 22 and 16 questions with marked screens, 15 and 15 with ordered ones.
// Wholesaler has 822 and 1,026 (314 and 282 of the packages the other accepts lie within
// 0.005 of the line; bench/elicit --oracle counts them), and the same oracle needs 59 and
// 38 questions there with ordered screens. The chooser, which does not know
// where the line is, needs about 29 questions per party on SmartPhone with ordered screens
// (40 with marked ones): 20 questions per party are out of reach for it on such spaces
// (the README gives the measured figures); screens of packages differing in one issue only
// do not help (the answer on such a row is one threshold: the same oracle needs 60 and 48
// questions), nor do ordered screens chosen nearest the line by the samples' mean, nor ones
// anchored on the package whose linear-program bounds the line splits most evenly. Noise is handled by review, one wrong statement at a time: a
// statement that conflicts with earlier ones is reported with the minimal conflicting set and
// the party withdraws the wrong ones, never silently.
package analysis
