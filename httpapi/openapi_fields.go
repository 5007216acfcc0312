package httpapi

import (
	"reflect"

	"parley"
)

// The tables below say what reflection cannot: what each schema and field means, and
// which values a string takes. A route or field added without its line here makes
// TestOpenAPIComplete fail, naming the missing key ("Schema.json_field").

// typeEnums lists the values of every typed string sent or received, from the constants
// that define them.
var typeEnums = map[reflect.Type][]string{
	reflect.TypeFor[parley.Role]():             {string(parley.RoleParty), string(parley.RoleMediator), string(parley.RoleObserver)},
	reflect.TypeFor[parley.IssueKind]():        {string(parley.KindOptions), string(parley.KindInteger), string(parley.KindReal)},
	reflect.TypeFor[parley.StanceVisibility](): {string(parley.StancesShared), string(parley.StancesMediator)},
	reflect.TypeFor[parley.VersionKind]():      {string(parley.KindPlan), string(parley.KindRival)},
	reflect.TypeFor[parley.VersionStatus]():    {string(parley.StatusDraft), string(parley.StatusPublished)},
	reflect.TypeFor[parley.Mark]():             {string(parley.MarkAccept), string(parley.MarkReject), string(parley.MarkAmend), string(parley.MarkReserve)},
	reflect.TypeFor[parley.Change](): {string(parley.ChangeKept), string(parley.ChangeReworded), string(parley.ChangeMerged),
		string(parley.ChangeSplit), string(parley.ChangeDropped), string(parley.ChangeAdded), string(parley.ChangeHidden)},
	reflect.TypeFor[parley.Decision]():          {string(parley.DecisionSign), string(parley.DecisionDecline)},
	reflect.TypeFor[parley.RatificationState](): {string(parley.RatificationOpen), string(parley.RatificationAgreed), string(parley.RatificationDeclined)},
	reflect.TypeFor[parley.ProfileUse]():        {string(parley.UsePrivate), string(parley.UseNeutral), string(parley.UseShared)},
	reflect.TypeFor[parley.EditOp](): {string(parley.OpAdd), string(parley.OpEdit), string(parley.OpRemove), string(parley.OpMerge),
		string(parley.OpSplit), string(parley.OpMove), string(parley.OpCarry)},
	reflect.TypeFor[parley.Verdict](): {string(parley.VerdictAcceptable), string(parley.VerdictPossible), string(parley.VerdictUnacceptable)},
	// Elicitation (elicit.go).
	reflect.TypeFor[parley.StatementKind](): {string(parley.StatePrefers), string(parley.StateAcceptable), string(parley.StateUnacceptable),
		string(parley.StateMattersMore), string(parley.StateBetter), string(parley.StateAcceptIf)},
	reflect.TypeFor[parley.StatementSource](): {string(parley.SourceSaid), string(parley.SourceAnswer), string(parley.SourceCandidate)},
	// Conditional stances and blind overlap (issue 11).
	reflect.TypeFor[parley.ConditionStatus](): {string(parley.ConditionMet), string(parley.ConditionUnmet), string(parley.ConditionOpen), string(parley.ConditionNone)},
	reflect.TypeFor[parley.BlindSide]():       {string(parley.BlindAtLeast), string(parley.BlindAtMost)},
	reflect.TypeFor[parley.BlindRule]():       {string(parley.BlindMidpoint)},
	reflect.TypeFor[parley.BlindStatus]():     {string(parley.BlindOpen), string(parley.BlindClosed)},
}

// eventTypes are the types of the live events, with what each announces. Append only.
var eventTypes = []struct{ name, doc string }{
	{"workspace", "the workspace's settings or members changed; reread the workspace"},
	{"profile", "a profile changed (sent to the party, and to the mediator when the party shares it); member names the party"},
	{"draft", "a draft changed (sent to its author only); version names it"},
	{"version", "a version was published; version names it"},
	{"stance", "a stance changed (sent to whoever may see it); version, point and member name it"},
	{"session", "a session was recorded or changed"},
	{"ratification", "a ratification was proposed or decided; version names the version, member the party that decided"},
	{"blind", "a blind overlap round was opened, sealed into or closed; reread the rounds (never a sealed value)"},
	{"reset", "the events missed since Last-Event-ID cannot be replayed; reload everything. seq is the current head"},
	{"candidate", "the mediator added a candidate package to ask the parties about (sent to the parties and the mediator)"},
}

// fieldEnums lists the values of plain string fields that take a fixed set.
var fieldEnums = map[string][]string{
	"PointOp.op":    {"add", "edit", "remove", "merge", "split", "move", "carry"},
	"WordDiff.op":   {"=", "-", "+"},
	"Event.type":    eventTypeNames(),
	"Problem.code":  problemCodes(),
	"Problem.type":  problemTypes(),
	"Health.status": {"ok"},
}

// fieldFormats gives the format of strings that carry one.
var fieldFormats = map[string]string{}

// nullableElems are structs whose pointers in a list may be null (a matrix cell without a
// stance).
var nullableElems = map[reflect.Type]bool{reflect.TypeFor[parley.Stance](): true}

// optionalFields are fields without omitempty that a request may leave out.
var optionalFields = map[string]bool{
	"DraftCreate.kind":         true,
	"WorkspaceCreate.settings": true,
}

func eventTypeNames() []string {
	var ns []string
	for _, e := range eventTypes {
		ns = append(ns, e.name)
	}
	return ns
}

var typeDocs = map[string]string{
	"Health":            "The server is up.",
	"Me":                "Who the bearer token stands for.",
	"WorkspaceCreate":   "A new workspace: its issues, its parties and mediator (each with an optional initial private profile), observers and settings.",
	"Issue":             "One question to settle: a list of options, or a range of numbers from min to max by step.",
	"PartySpec":         "A party or the mediator of a new workspace, with an optional initial private profile.",
	"ProfileSpec":       "A party's private preferences, keyed by issue id: weights and a value function per issue, the reservation value, red lines.",
	"IssuePreference":   "A party's preference on one issue.",
	"RectangleSpec":     "A non-additive term: an outcome inside every bound gains utility.",
	"BoundSpec":         "A bound on one issue: a number issue to [min, max], an options issue to options.",
	"Member":            "A participant of a workspace.",
	"Settings":          "A workspace's options, set by the mediator.",
	"WorkspaceCreated":  "The new workspace and one bearer token per member, shown only this once.",
	"Workspace":         "A negotiation run by a mediator: issues, members, settings. Never holds a profile.",
	"IssuedToken":       "A member's bearer token, shown once when issued; only its hash is stored.",
	"SettingsUpdate":    "New settings, at the workspace's current revision.",
	"MemberAdded":       "The admitted observer and its bearer token, shown only this once.",
	"PartyProfile":      "A party's private profile as stored in the workspace.",
	"ProfilePut":        "The caller's new profile, at the profile's current revision (0 when none).",
	"ProfilePreview":    "A profile to value a version under, without saving it.",
	"BindingConflict":   "An issue bound to different values by different points.",
	"Joint":             "What parley computes from several parties' profiles without naming any of them: only from neutral or shared profiles, and from neutral ones only on published versions.",
	"VersionSummary":    "A version without its points.",
	"DraftCreate":       "A new draft, empty, with the given points, or copying the points of based_on.",
	"PointInput":        "The content of a new or edited point; fields left out are unchanged by an edit.",
	"Version":           "A version of the plan or a rival draft, as the caller may see it: hidden points are stubs.",
	"PlanPoint":         "One numbered point of a version.",
	"PointRef":          "A point of another version.",
	"DraftEdit":         "Edits of a draft, applied in order at the draft's current revision.",
	"PointOp":           "One edit: add (content at at), edit (point's content), remove (point), merge (points into one with content), split (point into parts), move (point to at), carry (ref from a published rival draft to at).",
	"Publish":           "Publish a draft at its current revision.",
	"Analytics":         "What a version means to the caller, computed from the points the caller may see.",
	"PartyAnalytics":    "What a version is worth to one party; with open issues the utility is a range over every way to settle them.",
	"MediatorAnalytics": "What the mediator may know of a version; a party's numbers appear only if it trusts the mediator.",
	"Improvement":       "A change of the draft's bindings that leaves every party at least as well off and some better.",
	"Zone":              "The zone of possible agreement of the whole workspace, as the mediator may see it.",
	"FrontierPoint":     "One Pareto-optimal outcome.",
	"Frontier":          "The whole Pareto frontier of the zone of possible agreement with its exact counts, the bargaining points and the agreement ranges; only for the mediator with whom every party shares its profile.",
	"IssueRange":        "The agreement range of one issue, and what a version settles against it.",
	"Stance":            "A party's mark on a point.",
	"Reopened":          "A point accepted on a condition in the previous version whose condition this version no longer meets.",
	"BlindRound":        "A blind overlap round on a numeric issue as every member sees it: never a sealed value.",
	"BlindOpenInput":    "Opening a blind overlap round: a numeric issue and each taking part party's side.",
	"BlindSealInput":    "The caller's sealed worst acceptable value; nobody, the caller included, is shown it again.",
	"StancePut":         "The caller's mark on a point, at the stance's current revision (0 when new).",
	"Matrix":            "The stances of a version as points x parties; a cell is null where there is no stance the caller may see.",
	"Diff":              "A version compared with an earlier one, point by point.",
	"DiffEntry":         "How one point (or group of points) fared.",
	"WordDiff":          "One run of a word-level diff.",
	"BindingChange":     "A bound value that changed between two versions of a point.",
	"VisibilityChange":  "A change of who may see a point.",
	"ProgressPoint":     "How close the parties were at one published plan version.",
	"Session":           "A meeting or round.",
	"Participant":       "One person at a session.",
	"SessionPut":        "A session's new content, at its current revision.",
	"Ratification":      "The mediator's proposal of a published version for signature; there is an agreement only when every party has signed its hash.",
	"Signature":         "A party's decision on a ratification.",
	"Proposal":          "The version to propose for ratification.",
	"DecisionPut":       "The caller's decision on a ratification, naming the hash of the version it read.",
	"AuditEntry":        "One change in the append-only, hash-chained audit log; names what changed by id, never its content.",
	"AuditReport":       "The result of checking the audit logs against the stored data.",
	"RecordHash":        "One stored record and the keyed hash of its stored form.",
	"Checkpoint":        "A signed statement of a workspace log's size and Merkle tree hash; check each new one against the last one seen with proof.",
	"SignInTicket":      "A one-time sign-in ticket for a member.",
	"SignInRedeem":      "A one-time sign-in ticket to exchange for a token.",
	"Event":             "A live update: what changed, by id, never its content; fetch what you may see through the other routes.",
	"Problem":           "An RFC 9457 problem: what went wrong, and which fields when the input was invalid.",
	"ProblemField":      "One offending field.",
	// Elicitation (elicit.go).
	"StatementSpec": "One thing a party said about its preferences in a partial profile: packages map every issue id to a value in words. Only the party, and the mediator when the party shares its profile, ever see it.",
	"Candidate":     "A package the mediator asks every party about. answers holds only the answers of the parties that share their profile with the mediator.",
}

var fieldDocs = map[string]string{
	"Health.status": "Always ok.",

	"Me.admin":     "Whether the token is the administrator's.",
	"Me.workspace": "The workspace the member belongs to (members only).",
	"Me.member":    "The member's id (members only).",
	"Me.role":      "The member's role (members only).",

	"WorkspaceCreate.name":        "The workspace's name.",
	"WorkspaceCreate.description": "What the negotiation is about.",
	"WorkspaceCreate.issues":      "The issues to settle.",
	"WorkspaceCreate.parties":     "The parties and the mediator.",
	"WorkspaceCreate.observers":   "Members who read what they are shown.",
	"WorkspaceCreate.settings":    "The workspace's options.",

	"Issue.id":      "The issue's id, used in bindings, profiles and red lines: 1 to 100 bytes without control characters or '/'.",
	"Issue.name":    "The issue's name for people.",
	"Issue.kind":    "options, integer or real.",
	"Issue.options": "The options (options issues).",
	"Issue.ordered": "Whether the options are ordered (options issues).",
	"Issue.min":     "The smallest value (number issues).",
	"Issue.max":     "The largest value (number issues).",
	"Issue.step":    "The step between values (number issues; integer issues default to 1).",
	"Issue.unit":    "The unit of the values (number issues), such as km.",

	"PartySpec.id":      "The member's id.",
	"PartySpec.name":    "The member's name for people.",
	"PartySpec.role":    "party or mediator.",
	"PartySpec.profile": "The initial private profile.",
	"PartySpec.use":     "What the initial profile may be used for: private (the default), neutral or shared.",

	"ProfileSpec.issues":      "The preference per issue id.",
	"ProfileSpec.reservation": "The utility of no agreement, in [0, 1].",
	"ProfileSpec.red_lines":   "Constraints the party will not cross, in the red-line language (buffer_km <= 50).",
	"ProfileSpec.rectangles":  "Non-additive terms (GENIUS hyper-rectangles, GeniusWeb groups).",
	"ProfileSpec.discount":    "The GENIUS discount factor, kept for round trips; 0 means none.",

	"IssuePreference.weight":  "The issue's weight; the weights of a profile sum to 1.",
	"IssuePreference.options": "The value of each option, in [0, 1] (options issues).",
	"IssuePreference.points":  "A piecewise-linear value function of a number issue as [x, value] pairs, x ascending.",

	"RectangleSpec.utility": "The utility an outcome inside every bound gains.",
	"RectangleSpec.bounds":  "The bound per issue id.",

	"BoundSpec.min":     "The smallest value (number issues).",
	"BoundSpec.max":     "The largest value (number issues).",
	"BoundSpec.options": "The options inside the bound (options issues).",

	"Member.id":   "The member's id: 1 to 100 bytes without control characters or '/'.",
	"Member.name": "The member's name for people.",
	"Member.role": "party, mediator or observer.",

	"Settings.stance_visibility": "Who sees a party's stances: shared (every member, unless marked private) or mediator (the mediator and the party).",

	"WorkspaceCreated.workspace": "The new workspace.",
	"WorkspaceCreated.tokens":    "One bearer token per member.",

	"Workspace.id":          "The workspace's id.",
	"Workspace.name":        "The workspace's name.",
	"Workspace.description": "What the negotiation is about.",
	"Workspace.issues":      "The issues to settle.",
	"Workspace.members":     "The parties, the mediator and the observers.",
	"Workspace.settings":    "The workspace's options.",
	"Workspace.rev":         "The revision, to send back when changing the settings.",
	"Workspace.created_at":  "When the workspace was created.",

	"IssuedToken.member":    "The member the token stands for.",
	"IssuedToken.token":     "The bearer token: send it as Authorization: Bearer TOKEN.",
	"IssuedToken.workspace": "The workspace, when the token was obtained with a sign-in ticket.",

	"SettingsUpdate.rev":      "The workspace's current revision.",
	"SettingsUpdate.settings": "The new settings.",

	"MemberAdded.member": "The new observer.",
	"MemberAdded.token":  "Its bearer token.",

	"PartyProfile.party":      "The party's member id.",
	"PartyProfile.profile":    "The party's private preferences.",
	"PartyProfile.use":        "What the profile may be used for: private (the party's own views only), neutral (joint results on published versions that name no party) or shared (the mediator reads it and sees the party's numbers and verdicts).",
	"PartyProfile.rev":        "The revision, to send back when replacing the profile.",
	"PartyProfile.updated_at": "When the profile was last replaced.",

	"ProfilePut.rev":     "The profile's current revision, 0 when there is none.",
	"ProfilePut.profile": "The new preferences.",
	"ProfilePut.use":     "What the profile may be used for: private (the default), neutral or shared.",

	"ProfilePreview.profile": "The profile to value the version under; it is not saved.",

	"VersionSummary.id":              "The version's id.",
	"VersionSummary.kind":            "plan (the mediator's text) or rival (a counter-proposal).",
	"VersionSummary.status":          "draft (its author only sees it) or published (immutable; every member sees it).",
	"VersionSummary.number":          "The published plan version's number, 1, 2, ...; absent for drafts and rivals.",
	"VersionSummary.title":           "The version's title.",
	"VersionSummary.author":          "The member who drafted it.",
	"VersionSummary.based_on":        "The version it was copied from.",
	"VersionSummary.points":          "How many points it has.",
	"VersionSummary.rev":             "The revision, to send back when editing or publishing a draft.",
	"VersionSummary.hash":            "The content hash, set when published; parties sign it.",
	"VersionSummary.created_at":      "When the draft was started.",
	"VersionSummary.published_at":    "When it was published.",
	"VersionSummary.agreed":          "Every party signed this version.",
	"VersionSummary.after_agreement": "Published after the agreement was signed.",

	"DraftCreate.title":    "The draft's title.",
	"DraftCreate.kind":     "plan for the mediator, rival for anyone else (the default follows the caller's role).",
	"DraftCreate.based_on": "A version whose points are copied, keeping their ids.",
	"DraftCreate.points":   "The points of a new draft.",

	"PointInput.title":      "The point's title.",
	"PointInput.text":       "The point's text (Markdown).",
	"PointInput.bindings":   "The issue values the point binds, issue id -> value; replaces the bindings when set.",
	"PointInput.visible_to": "The members who may see the point; empty means everyone.",

	"Version.id":           "The version's id.",
	"Version.workspace":    "The workspace's id.",
	"Version.kind":         "plan (the mediator's text) or rival (a counter-proposal).",
	"Version.status":       "draft or published.",
	"Version.number":       "The published plan version's number, 1, 2, ...; absent for drafts and rivals.",
	"Version.title":        "The version's title.",
	"Version.author":       "The member who drafted it.",
	"Version.based_on":     "The version it was copied from.",
	"Version.points":       "The points, in order.",
	"Version.rev":          "The revision, to send back when editing or publishing a draft.",
	"Version.hash":         "The content hash, set when published; parties sign it.",
	"Version.created_at":   "When the draft was started.",
	"Version.published_at": "When it was published.",

	"PlanPoint.id":         "The point's id, kept across versions.",
	"PlanPoint.number":     "The point's number in this version, from 1.",
	"PlanPoint.title":      "The point's title.",
	"PlanPoint.text":       "The point's text (Markdown).",
	"PlanPoint.bindings":   "The issue values the point binds, issue id -> value.",
	"PlanPoint.visible_to": "The members who may see the point; absent means everyone.",
	"PlanPoint.from":       "The ids of the points this one was merged or split from.",
	"PlanPoint.carried":    "The rival draft's point this one was carried from.",
	"PlanPoint.hidden":     "Set in place of a point the caller may not see; every other field but id, number and commitment is then absent.",
	"PlanPoint.salt":       "The random salt of the point's commitment in a published version; shown only with the point.",
	"PlanPoint.commitment": "On a hidden placeholder of a published version, the hidden point's commitment: what the version's content hash covers in its place.",

	"PointRef.version": "The version's id.",
	"PointRef.point":   "The point's id.",

	"DraftEdit.rev": "The draft's current revision.",
	"DraftEdit.ops": "The edits, applied in order; all or none.",

	"PointOp.op":      "The edit.",
	"PointOp.point":   "The point edited, removed, split or moved.",
	"PointOp.points":  "The points merged.",
	"PointOp.at":      "The position (1-based; 0 appends) for add, move and carry.",
	"PointOp.content": "The content for add, edit and merge.",
	"PointOp.parts":   "The new points of a split, in order.",
	"PointOp.ref":     "The rival draft's point to carry.",

	"Publish.rev": "The draft's current revision.",

	"Analytics.version":   "The version's id.",
	"Analytics.outcome":   "The value of every bound issue, issue id -> value.",
	"Analytics.open":      "The issues no visible point binds (or two points bind differently).",
	"Analytics.conflicts": "The issues two points bind to different values; a draft may hold them while it is edited, a published version never does.",
	"Analytics.own":       "The caller's own assessment (parties with a profile).",
	"Analytics.joint":     "Shown to a party whose neutral or shared profile the mediator's joint results on this published version used: exactly what the mediator learned from them.",
	"Analytics.mediator":  "What the mediator may see (the mediator only).",
	"Analytics.note":      "Why something is missing (a space too large for an exact answer).",

	"BindingConflict.issue":  "The issue's id.",
	"BindingConflict.points": "The numbers of the points that bind it, in text order.",
	"BindingConflict.values": "The value each of those points binds.",

	"PartyAnalytics.party":       "The party's member id.",
	"PartyAnalytics.utility_min": "The smallest utility over the ways to settle the open issues.",
	"PartyAnalytics.utility_max": "The largest utility over the ways to settle the open issues.",
	"PartyAnalytics.exact":       "Whether the utility is one number (utility_min equals utility_max).",
	"PartyAnalytics.reservation": "The party's reservation value.",
	"PartyAnalytics.verdict":     "acceptable whatever the open issues become, possible for some ways to settle them, or unacceptable for none.",
	"PartyAnalytics.crossed":     "The party's own red lines the text crosses whatever the open issues become.",
	"PartyAnalytics.at_risk":     "The party's own red lines some ways to settle the open issues cross.",

	"Joint.counted":           "The parties whose profiles were used: every party.",
	"Joint.acceptable_to_all": "acceptable (every way to settle the open issues is acceptable to every party), possible (some are) or unacceptable (none is).",
	"Joint.zone_exists":       "Whether some outcome is acceptable to every party.",
	"Joint.nash":              "The Nash bargaining point, issue id -> value.",
	"Joint.kalai_smorodinsky": "The Kalai-Smorodinsky bargaining point, issue id -> value.",

	"MediatorAnalytics.shared":            "The assessments of the parties that share their profile with the mediator.",
	"MediatorAnalytics.private":           "The parties whose profile is private.",
	"MediatorAnalytics.missing_profiles":  "The parties without a profile.",
	"MediatorAnalytics.joint":             "The joint results; absent when some profile may not be used (joint_note).",
	"MediatorAnalytics.joint_note":        "Why the joint results are missing.",
	"MediatorAnalytics.frontier_distance": "The distance in utility space to the nearest Pareto-optimal outcome (0 on the frontier); absent unless every party shares and no issue is open (frontier_note).",
	"MediatorAnalytics.frontier_note":     "Why frontier_distance is missing.",
	"MediatorAnalytics.improvements":      "Changes that leave every party at least as well off and one better; only when every party shares.",
	"MediatorAnalytics.zone":              "The zone of possible agreement in full; only when every party shares.",

	"Improvement.changes":    "The new values, issue id -> value.",
	"Improvement.gains":      "The utility gain per party.",
	"Improvement.acceptable": "Whether the changed text is acceptable to every party.",

	"Zone.exists":            "Whether some outcome is acceptable to every party.",
	"Zone.nash":              "The Nash bargaining point, issue id -> value.",
	"Zone.kalai_smorodinsky": "The Kalai-Smorodinsky bargaining point, issue id -> value.",
	"Zone.conflicts":         "When the zone is empty, the constraints that conflict, naming a party's numbers only if it trusts the mediator.",
	"Zone.ranges":            "Per issue id, the values that occur in some acceptable outcome, in words (30-50, moratorium, renounce).",
	"Zone.frontier":          "A sample of at most 200 outcomes: up to 100 best acceptable packages, then Pareto-optimal outcomes that are not acceptable. GET /api/workspaces/{ws}/frontier gives the whole frontier and its exact counts.",
	"Zone.note":              "Why the zone could not be computed in full.",

	"Frontier.parties":           "The parties, workspace order: the keys of every utility map.",
	"Frontier.reservation":       "Each party's reservation value.",
	"Frontier.count":             "The number of Pareto-optimal outcomes of the whole space (red lines ignored), exact, in decimal.",
	"Frontier.acceptable_count":  "How many Pareto-optimal outcomes are acceptable to every party, exact, in decimal.",
	"Frontier.best_count":        "The number of best acceptable packages (the Pareto frontier of the acceptable outcomes), exact, in decimal.",
	"Frontier.truncated":         "Whether points or best list fewer outcomes than their counts (a frontier too large to list).",
	"Frontier.points":            "The Pareto-optimal outcomes, the first party's utility highest first, each marked acceptable or not.",
	"Frontier.best":              "The best acceptable packages, in the same order.",
	"Frontier.nash":              "The Nash bargaining point over the acceptable outcomes; absent when none is acceptable.",
	"Frontier.kalai_smorodinsky": "The Kalai-Smorodinsky bargaining point; absent when no outcome is acceptable.",
	"Frontier.egalitarian":       "The egalitarian bargaining point (the largest smallest gain); absent when no outcome is acceptable.",
	"Frontier.utilitarian":       "The utilitarian bargaining point (the largest total); absent when no outcome is acceptable.",
	"Frontier.ranges":            "Each issue's agreement range, in the scenario's order.",

	"IssueRange.issue":  "The issue's id.",
	"IssueRange.range":  "The values that occur in some acceptable outcome, in words (30-50, moratorium, renounce, none).",
	"IssueRange.value":  "What the version asked for binds the issue to; absent when it leaves it open or no version was asked for.",
	"IssueRange.inside": "Whether value lies in the range; absent when value is.",

	"FrontierPoint.outcome":    "The outcome, issue id -> value.",
	"FrontierPoint.acceptable": "Whether it is acceptable to every party.",
	"FrontierPoint.utility":    "The utilities of the parties that trust the mediator.",

	"Stance.version":    "The version's id.",
	"Stance.point":      "The point's id.",
	"Stance.party":      "The party's member id.",
	"Stance.mark":       "accept, reject, amend (with an amendment) or reserve.",
	"Stance.amendment":  "The text the party proposes instead (amend).",
	"Stance.comment":    "The party's comment.",
	"Stance.private":    "Seen by the party and the mediator only.",
	"Stance.rev":        "The revision, to send back when changing the stance.",
	"Stance.updated_at": "When the stance was last set.",

	"StancePut.rev":       "The stance's current revision, 0 when new.",
	"StancePut.mark":      "accept, reject, amend (with an amendment) or reserve.",
	"StancePut.amendment": "The text proposed instead (amend).",
	"StancePut.comment":   "A comment.",
	"StancePut.private":   "Let only the mediator see the stance.",

	"Matrix.version": "The version's id.",
	"Matrix.points":  "The point ids, one per row.",
	"Matrix.parties": "The party ids, one per column.",
	"Matrix.cells":   "cells[i][j] is party j's stance on point i, or null.",

	"Stance.condition":    "On an accept: the red-line expression the acceptance rests on; the point counts as accepted only while a version meets it.",
	"StancePut.condition": "Accept only on this condition, a red-line expression over the issues (\"buffer_km <= 40\"); errors give its column.",
	"Matrix.conditions":   "conditions[i][j]: whether the version meets the condition of cells[i][j] (met, unmet, open), none where the cell holds no conditional stance.",
	"Matrix.reopened":     "Points of this version a party accepted on a condition in the previous published version that this version no longer meets.",
	"Reopened.point":      "The point's id.",
	"Reopened.number":     "The point's number in this version.",
	"Reopened.party":      "The party that accepted it.",
	"Reopened.condition":  "The condition of its acceptance.",
	"Reopened.from":       "The version the point was accepted in.",
	"Reopened.status":     "Whether this version meets the condition: unmet, or open (an issue it names is open).",

	"BlindRound.id":         "The round's id.",
	"BlindRound.workspace":  "The workspace's id.",
	"BlindRound.issue":      "The numeric issue.",
	"BlindRound.number":     "The round's number among the rounds on the issue: 1, 2, ...",
	"BlindRound.sides":      "Each taking part party's side: at_least (accepts values at least its sealed value) or at_most.",
	"BlindRound.rule":       "The settlement rule: midpoint of the overlap, on the issue's grid when a grid value lies inside.",
	"BlindRound.status":     "open until every party has sealed, then closed.",
	"BlindRound.sealed":     "The parties that have sealed a value (not the values).",
	"BlindRound.overlap":    "When closed: whether the sealed values overlap.",
	"BlindRound.settlement": "When closed with an overlap: the settlement value by the rule.",
	"BlindRound.retreats":   "Parties that sealed a value more demanding than in the previous round on the issue, which found no overlap.",
	"BlindRound.opened_by":  "The mediator who opened the round.",
	"BlindRound.opened_at":  "When the round was opened.",
	"BlindRound.closed_at":  "When the last party sealed.",
	"BlindRound.rev":        "The round's revision.",

	"BlindOpenInput.issue": "A numeric (integer or real) issue; one open round per issue.",
	"BlindOpenInput.sides": "Party id -> at_least or at_most, for at least two parties.",
	"BlindOpenInput.rule":  "The settlement rule; empty means midpoint.",

	"BlindSealInput.value":           "The worst value the party could accept, within the issue's range. Encrypted at rest; never shown to anyone.",
	"BlindSealInput.confirm_retreat": "Seal a value more demanding than the party's value in the previous round on the issue (which found no overlap); the retreat is then shown to every member.",

	"Diff.from":      "The earlier version's id.",
	"Diff.to":        "The later version's id.",
	"Diff.entries":   "One entry per point or group of points, in the later version's order.",
	"Diff.counts":    "How many entries there are of each change.",
	"Diff.truncated": "The diff's budget ran out: some reworded points come without their word-level diff.",

	"DiffEntry.change":      "How the points fared.",
	"DiffEntry.from_points": "The numbers of the points in the earlier version.",
	"DiffEntry.to_points":   "The numbers of the points in the later version.",
	"DiffEntry.from_ids":    "The ids of the points in the earlier version.",
	"DiffEntry.to_ids":      "The ids of the points in the later version.",
	"DiffEntry.moved":       "Whether the point changed place.",
	"DiffEntry.words":       "The word-level diff of a reworded point.",
	"DiffEntry.title":       "The point's title.",
	"DiffEntry.by_content":  "The points were matched by their content, not by id.",
	"DiffEntry.title_words": "The word-level diff of the title, when it changed.",
	"DiffEntry.bindings":    "The bound values that changed.",
	"DiffEntry.visibility":  "The change of who may see the point, when it changed.",

	"BindingChange.issue": "The issue's id.",
	"BindingChange.from":  "The value bound before; absent when the issue was not bound.",
	"BindingChange.to":    "The value bound after; absent when the issue is no longer bound.",

	"VisibilityChange.from": "Who could see the point before; empty means everyone.",
	"VisibilityChange.to":   "Who may see it after; empty means everyone.",

	"WordDiff.op":   "= kept, - removed, + added.",
	"WordDiff.text": "The words.",

	"ProgressPoint.version":         "The version's id.",
	"ProgressPoint.number":          "The version's number.",
	"ProgressPoint.published_at":    "When it was published.",
	"ProgressPoint.points":          "How many points it has.",
	"ProgressPoint.accepted_by_all": "How many points every party accepted.",
	"ProgressPoint.min_gain":        "The smallest party gain over its reservation value (negative: someone is worse off than without agreement); absent when it cannot be computed.",

	"Session.id":           "The session's id (set by the server).",
	"Session.title":        "The session's title.",
	"Session.date":         "When it began.",
	"Session.place":        "Where it took place.",
	"Session.minutes":      "How long it lasted, in minutes.",
	"Session.participants": "Who attended, for which side.",
	"Session.topics":       "The issues discussed, by id.",
	"Session.summary":      "What happened.",
	"Session.tone":         "The tone of the talks.",
	"Session.produced":     "The version the session produced.",
	"Session.rev":          "The revision, to send back when replacing the session.",

	"Participant.person": "The person's name.",
	"Participant.side":   "The side: a member id, or a free name.",
	"Participant.role":   "The person's role, such as head of delegation.",

	"SessionPut.rev":     "The session's current revision.",
	"SessionPut.session": "The session's new content.",

	"Ratification.id":          "The ratification's id.",
	"Ratification.version":     "The version proposed.",
	"Ratification.hash":        "The content hash of the version proposed.",
	"Ratification.proposed_by": "The mediator's member id.",
	"Ratification.proposed_at": "When it was proposed.",
	"Ratification.state":       "open, agreed (every party signed) or declined (a party declined).",
	"Ratification.signatures":  "The parties' decisions so far.",
	"Ratification.open":        "The issues the version leaves open, which the mediator confirmed.",
	"Ratification.rev":         "The revision, raised by each decision.",

	"Signature.party":    "The party's member id.",
	"Signature.decision": "sign or decline.",
	"Signature.hash":     "The content hash the party read.",
	"Signature.comment":  "The party's comment.",
	"Signature.at":       "When the party decided.",

	"Proposal.version":      "The published plan version to propose.",
	"Proposal.confirm_open": "Propose the version although it leaves issues open.",

	"DecisionPut.decision": "sign or decline.",
	"DecisionPut.hash":     "The content hash of the version the party read; must be the proposed version's.",
	"DecisionPut.comment":  "A comment.",

	"AuditEntry.seq":       "The entry's sequence number in the whole log.",
	"AuditEntry.at":        "When the change was made.",
	"AuditEntry.workspace": "The workspace's id.",
	"AuditEntry.actor":     "The member who made the change.",
	"AuditEntry.action":    "What was done, such as version.publish.",
	"AuditEntry.target":    "What it was done to, by id, such as version/ID.",
	"AuditEntry.index":     "The entry's position in its workspace's log, from 0: the leaf of the workspace's Merkle tree.",
	"AuditEntry.records":   "The records the change stored, each with a hash keyed by the server's audit key.",
	"AuditEntry.hash":      "The entry's leaf hash in the Merkle tree (hex).",

	"RecordHash.record": "The record, such as version/ID or stance/VERSION/POINT/PARTY.",
	"RecordHash.hash":   "The keyed hash of the record's stored form.",

	"Checkpoint.note":     "The signed note: parley audit log WS, the size, the base64 tree hash, then the signature.",
	"Checkpoint.verifier": "The note verifier key of the server's audit key.",
	"Checkpoint.size":     "The log's size.",
	"Checkpoint.since":    "The size the consistency proof starts from, when asked for.",
	"Checkpoint.proof":    "The tree hashes (base64) proving that the log of size since is a prefix of this one.",

	"SignInTicket.member":     "The member the ticket signs in.",
	"SignInTicket.ticket":     "The one-time ticket.",
	"SignInTicket.expires_at": "When the ticket expires.",

	"SignInRedeem.ticket": "The one-time sign-in ticket.",

	"AuditReport.entries":   "How many entries were checked.",
	"AuditReport.ok":        "Whether the chain is intact.",
	"AuditReport.problem":   "What is wrong, when the chain is broken.",
	"AuditReport.bad_seq":   "The first entry that does not check.",
	"AuditReport.workspace": "The workspace whose log or data is wrong.",

	"Event.seq":       "The event's sequence number, also its SSE id; send the last one seen as Last-Event-ID when reconnecting.",
	"Event.type":      "What changed.",
	"Event.workspace": "The workspace's id.",
	"Event.version":   "The version concerned.",
	"Event.point":     "The point concerned.",
	"Event.member":    "The member concerned.",
	"Event.at":        "When it happened.",

	"Problem.type":   "The problem's type, one URI per code.",
	"Problem.title":  "The HTTP status's text.",
	"Problem.status": "The HTTP status.",
	"Problem.detail": "What went wrong, for people.",
	"Problem.code":   "The error code: invalid, not_found, conflict, unauthorized, forbidden or internal.",
	"Problem.errors": "The offending fields, when the input was invalid.",

	"ProblemField.field":   "The field's path in the request body, such as ops[2].content.bindings.nato.",
	"ProblemField.message": "What is wrong with it and what would be accepted.",
	// Elicitation (elicit.go).
	"ProfileSpec.partial":             "The profile is known only in part: issues give the value functions of the issues they name (the weights only when they name every issue), and statements say the rest.",
	"ProfileSpec.reservation_unknown": "In a partial profile: the reservation value is not given (statements bound it).",
	"ProfileSpec.statements":          "In a partial profile: what the party said, answered to parley's questions or about the mediator's candidate packages.",
	"PartyProfile.skipped":            "The ids of the questions the party set aside; they are not asked again.",
	"PartyProfile.candidates":         "In the mediator's own record only: its candidate packages.",
	"StatementSpec.kind":              "What the statement says: prefers (package at least as good as other; strictly better when strict), acceptable, unacceptable, matters_more (issue weighs at least as much as other_issue), better (value of issue at least as good as than), accept_if (every package meeting condition is acceptable).",
	"StatementSpec.package":           "prefers, acceptable, unacceptable: a package, every issue id mapped to a value.",
	"StatementSpec.other":             "prefers: the package that package is preferred to.",
	"StatementSpec.strict":            "prefers: strictly preferred.",
	"StatementSpec.issue":             "matters_more, better: an issue id.",
	"StatementSpec.other_issue":       "matters_more: the issue that matters less.",
	"StatementSpec.value":             "better: the better value of issue.",
	"StatementSpec.than":              "better: the value it is at least as good as.",
	"StatementSpec.condition":         "accept_if: a condition in the red-line language.",
	"StatementSpec.source":            "Where the statement came from: said (written into the profile), answer (to parley's question), candidate (about the mediator's candidate package).",
	"StatementSpec.candidate":         "source candidate: the id of the candidate package.",
	"Candidate.id":                    "The candidate's id within the workspace (c1, c2, ...).",
	"Candidate.package":               "The package, every issue id mapped to a value.",
	"Candidate.label":                 "The mediator's name for it, shown to the parties.",
	"Candidate.added_at":              "When the mediator added it.",
	"Candidate.answers":               "Per party that shares its profile with the mediator: acceptable or unacceptable. The answers of the other parties are never shown.",
}
