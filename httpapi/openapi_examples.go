package httpapi

import (
	"time"

	"parley"
)

// example is what one operation's documentation shows: a request and a response body, or
// the text of an event stream.
type example struct {
	request, response any
	stream            string
}

var paramDocs = map[string]string{
	"ws":           "The workspace's id.",
	"member":       "A member's id.",
	"party":        "A party's member id.",
	"version":      "A version's id.",
	"point":        "A point's id.",
	"session":      "A session's id.",
	"ratification": "A ratification's id.",
	"round":        "A blind overlap round's id.",
	"index":        "A statement's index in the caller's profile, from 0.",
}

// queryParams describes the query parameters the routes take.
var queryParams = map[string]map[string]any{
	"from":          {"description": "The earlier version's id.", "required": true, "schema": map[string]any{"type": "string", "minLength": 1}},
	"to":            {"description": "The later version's id.", "required": true, "schema": map[string]any{"type": "string", "minLength": 1}},
	"after":         {"description": "Only the entries after this sequence number.", "schema": map[string]any{"type": "integer", "format": "int64", "minimum": 0}},
	"since":         {"description": "A log size seen before: the answer proves the log of that size is a prefix of this one.", "schema": map[string]any{"type": "integer", "format": "int64", "minimum": 0}},
	"version":       {"description": "A version's id: the answer says what it settles against the agreement ranges.", "schema": map[string]any{"type": "string", "minLength": 1}},
	"last_event_id": {"description": "As the Last-Event-ID header, for clients that cannot set headers.", "schema": map[string]any{"type": "string", "pattern": "^[0-9]+$"}},
	"rev":           {"description": "The profile's current revision.", "required": true, "schema": map[string]any{"type": "integer", "format": "int64", "minimum": 0}},
}

var problemDocs = map[string]string{
	parley.EINVALID:      "400, or 413 for a body over the limit: the input is invalid; errors names the fields",
	parley.ENOTFOUND:     "404: no such thing, or one the caller may not know of",
	parley.ECONFLICT:     "409: the revision sent is not the current one, or the state forbids the change",
	parley.EUNAUTHORIZED: "401: no token, or an unknown or revoked one",
	parley.EFORBIDDEN:    "403: the caller's role may not do this",
	parley.ELIMIT:        "429: too many requests at once, or too many of a bounded resource; Retry-After says when to try again",
	parley.EINTERNAL:     "500: the server failed; details are logged, never shown",
}

var opDescriptions = map[string]string{
	"GET /api/workspaces/{ws}/frontier/stream":  "Every Pareto-optimal outcome of the workspace's outcome space, ties included (at most 10,000,000), as JSON lines written as they are produced: the frontier of the mediator's zone, not cut at 200 points; the response is never held whole (each point is built and written in turn). Only the mediator, and only when every party shares its profile with the mediator (otherwise 403); a space too large for an exact frontier is refused (400) before any line is written.",
	"GET /api/workspaces/{ws}/events":           "Live updates as server-sent events. Each event names what changed by id, never its content; the client rereads what it may see. A client reconnecting with Last-Event-ID (or ?last_event_id=) first receives what it missed, or a reset event when that is no longer kept.",
	"PUT /api/workspaces/{ws}/profiles/{party}": "Replaces the caller's own profile. Only the party itself may write it; trust_mediator lets the mediator read it.",
	"GET /api/workspaces/{ws}/profiles/{party}": "A profile is shown to its party, and to the mediator when the party trusts it; everyone else gets 404, exactly as for a missing profile.",
}

var (
	exAt     = time.Date(2025, 11, 23, 10, 0, 0, 0, time.UTC)
	exPubAt  = time.Date(2025, 11, 23, 12, 0, 0, 0, time.UTC)
	exHash   = "9f2c5a0e6d0b4c1e8a7f3b2d1c0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e"
	exIssues = []*parley.Issue{
		{ID: "nato", Name: "NATO accession", Kind: parley.KindOptions, Options: []string{"join", "moratorium", "renounce"}},
		{ID: "buffer_km", Name: "Buffer zone", Kind: parley.KindInteger, Min: 0, Max: 60, Step: 5, Unit: "km"},
	}
	exMembers = []*parley.Member{
		{ID: "east", Name: "East", Role: parley.RoleParty},
		{ID: "west", Name: "West", Role: parley.RoleParty},
		{ID: "med", Name: "Mediator", Role: parley.RoleMediator},
	}
	exWorkspace = &parley.Workspace{ID: "w1f3a9", Name: "Geneva talks", Issues: exIssues, Members: exMembers,
		Settings: parley.Settings{StanceVisibility: parley.StancesShared}, Rev: 1, CreatedAt: exAt}
	exProfile = parley.ProfileSpec{Issues: map[string]parley.IssuePreference{
		"nato":      {Weight: 0.6, Options: map[string]float64{"join": 1, "moratorium": 0.5, "renounce": 0}},
		"buffer_km": {Weight: 0.4, Points: [][2]float64{{0, 1}, {60, 0}}},
	}, Reservation: 0.3, RedLines: []string{"buffer_km <= 50"}}
	exPoints = []*parley.PlanPoint{
		{ID: "p1", Number: 1, Title: "Alliances", Text: "A moratorium on accession.", Bindings: map[string]string{"nato": "moratorium"}},
		{ID: "p2", Number: 2, Title: "Buffer", Text: "A demilitarised strip of 30 km.", Bindings: map[string]string{"buffer_km": "30"}},
	}
	exVersion = &parley.Version{ID: "v2b7", Workspace: "w1f3a9", Kind: parley.KindPlan, Status: parley.StatusPublished, Number: 1, Title: "Draft framework", Author: "med", Points: exPoints, Rev: 2, Hash: exHash, CreatedAt: exAt, PublishedAt: &exPubAt}
	exDraft   = &parley.Version{ID: "v3c1", Workspace: "w1f3a9", Kind: parley.KindPlan, Status: parley.StatusDraft, Title: "Revised framework", Author: "med", BasedOn: "v2b7", Points: exPoints, Rev: 1, CreatedAt: exAt}
	exStance  = &parley.Stance{Version: "v2b7", Point: "p2", Party: "east", Mark: parley.MarkAmend, Amendment: "A strip of 40 km.", Rev: 1, UpdatedAt: exAt}
	exSession = &parley.Session{ID: "s1", Title: "Round 1", Date: exAt, Place: "Geneva", Minutes: 180, Participants: []parley.Participant{{Person: "A. Envoy", Side: "med", Role: "chair"}}, Topics: []string{"nato"}, Tone: "constructive", Produced: "v2b7", Rev: 1}
	exRat     = &parley.Ratification{ID: "r1", Version: "v2b7", Hash: exHash, ProposedBy: "med", ProposedAt: exPubAt, State: parley.RatificationOpen, Signatures: []parley.Signature{}, Rev: 1}
	exSigned  = &parley.Ratification{ID: "r1", Version: "v2b7", Hash: exHash, ProposedBy: "med", ProposedAt: exPubAt, State: parley.RatificationOpen, Signatures: []parley.Signature{{Party: "east", Decision: parley.DecisionSign, Hash: exHash, At: exPubAt}}, Rev: 2}
	exMinGain = 0.12
	exTitle   = "Buffer"
	exText    = "A demilitarised strip of 40 km."
)

// exBlind is a closed blind overlap round that found an overlap.
var exBlind = &parley.BlindRound{ID: "b1", Workspace: "w1f3a9", Issue: "buffer_km", Number: 1,
	Sides: map[string]parley.BlindSide{"east": parley.BlindAtMost, "west": parley.BlindAtLeast}, Rule: parley.BlindMidpoint,
	Status: parley.BlindClosed, Sealed: []string{"east", "west"}, Overlap: new(true), Settled: new(true), Settlement: new(35.0),
	OpenedBy: "med", OpenedAt: exAt, ClosedAt: &exPubAt, Rev: 3}

// examples holds one example per operation, keyed by "METHOD path" as in the route table.
var examples = map[string]example{
	"GET /api/workspaces/{ws}/blind": {response: []*parley.BlindRound{exBlind}},
	"POST /api/workspaces/{ws}/blind": {request: parley.BlindOpenInput{Issue: "buffer_km", Sides: exBlind.Sides, Rule: parley.BlindCybersettle, RangePercent: new(30.0)},
		response: &parley.BlindRound{ID: "b1", Workspace: "w1f3a9", Issue: "buffer_km", Number: 1, Sides: exBlind.Sides, Rule: parley.BlindCybersettle, RangePercent: new(30.0),
			Status: parley.BlindOpen, Sealed: []string{}, OpenedBy: "med", OpenedAt: exAt, Rev: 1}},
	"GET /api/workspaces/{ws}/blind/{round}":       {response: exBlind},
	"POST /api/workspaces/{ws}/blind/{round}/seal": {request: parley.BlindSealInput{Value: 40}, response: exBlind},
	"GET /api/workspaces/{ws}/frontier/stream":     {stream: "{\"outcome\":{\"buffer_km\":\"40\",\"nato\":\"moratorium\"},\"acceptable\":true,\"utility\":{\"east\":0.6266666666666667,\"west\":0.5333333333333333}}\n"},
	"GET /healthz":          {response: Health{"ok"}},
	"GET /api/openapi.json": {response: map[string]any{"openapi": "3.1.0", "info": map[string]any{"title": "parley workspace API", "version": "1"}}},
	"GET /api/me":           {response: Me{Workspace: "w1f3a9", Member: "east", Role: parley.RoleParty}},
	"POST /api/workspaces": {
		request: parley.WorkspaceCreate{Name: "Geneva talks", Issues: exIssues, Parties: []parley.PartySpec{
			{ID: "east", Name: "East", Role: parley.RoleParty, Profile: &exProfile, Use: parley.UseShared},
			{ID: "west", Name: "West", Role: parley.RoleParty},
			{ID: "med", Name: "Mediator", Role: parley.RoleMediator}},
			Settings: parley.Settings{StanceVisibility: parley.StancesShared}},
		response: WorkspaceCreated{Workspace: exWorkspace, Tokens: []parley.IssuedToken{{MemberID: "east", Token: "pk_east_3q9v"}, {MemberID: "west", Token: "pk_west_8c2m"}, {MemberID: "med", Token: "pk_med_5t1x"}}},
	},
	"GET /api/workspaces/{ws}": {response: exWorkspace},
	"PUT /api/workspaces/{ws}/settings": {request: SettingsUpdate{Rev: 1, Settings: parley.Settings{StanceVisibility: parley.StancesMediator}},
		response: &parley.Workspace{ID: "w1f3a9", Name: "Geneva talks", Issues: exIssues, Members: exMembers, Settings: parley.Settings{StanceVisibility: parley.StancesMediator}, Rev: 2, CreatedAt: exAt}},
	"POST /api/workspaces/{ws}/members": {request: parley.Member{ID: "press", Name: "Press office", Role: parley.RoleObserver},
		response: MemberAdded{Member: &parley.Member{ID: "press", Name: "Press office", Role: parley.RoleObserver}, Token: parley.IssuedToken{MemberID: "press", Token: "pk_press_7d4k"}}},
	"POST /api/workspaces/{ws}/members/{member}/token":   {response: parley.IssuedToken{MemberID: "east", Token: "pk_east_9z2r"}},
	"DELETE /api/workspaces/{ws}/members/{member}/token": {},
	"GET /api/workspaces/{ws}/profiles/{party}":          {response: parley.PartyProfile{Party: "east", Profile: exProfile, Use: parley.UseShared, Rev: 1, UpdatedAt: exAt}},
	"PUT /api/workspaces/{ws}/profiles/{party}": {request: ProfilePut{Rev: 1, Profile: exProfile, Use: parley.UseShared},
		response: parley.PartyProfile{Party: "east", Profile: exProfile, Use: parley.UseShared, Rev: 2, UpdatedAt: exPubAt}},
	"GET /api/workspaces/{ws}/versions": {response: []parley.VersionSummary{
		{ID: "v2b7", Kind: parley.KindPlan, Status: parley.StatusPublished, Number: 1, Title: "Draft framework", Author: "med", Points: 2, Rev: 2, Hash: exHash, CreatedAt: exAt, PublishedAt: &exPubAt}}},
	"POST /api/workspaces/{ws}/versions":          {request: parley.DraftCreate{Title: "Revised framework", Kind: parley.KindPlan, BasedOn: "v2b7"}, response: exDraft},
	"GET /api/workspaces/{ws}/versions/{version}": {response: exVersion},
	"PATCH /api/workspaces/{ws}/versions/{version}": {request: DraftEdit{Rev: 1, Ops: []parley.PointOp{{Op: "edit", Point: "p2", Content: parley.PointInput{Title: &exTitle, Text: &exText, Bindings: map[string]string{"buffer_km": "40"}}}}},
		response: &parley.Version{ID: "v3c1", Workspace: "w1f3a9", Kind: parley.KindPlan, Status: parley.StatusDraft, Title: "Revised framework", Author: "med", BasedOn: "v2b7",
			Points: []*parley.PlanPoint{exPoints[0], {ID: "p2", Number: 2, Title: exTitle, Text: exText, Bindings: map[string]string{"buffer_km": "40"}}}, Rev: 2, CreatedAt: exAt}},
	"POST /api/workspaces/{ws}/versions/{version}/publish": {request: Publish{Rev: 1}, response: exVersion},
	"GET /api/workspaces/{ws}/versions/{version}/analytics": {response: parley.Analytics{Version: "v2b7", Outcome: map[string]string{"nato": "moratorium", "buffer_km": "30"},
		Own: &parley.PartyAnalytics{Party: "east", UtilityMin: 0.6, UtilityMax: 0.6, Exact: true, Reservation: 0.3, Verdict: parley.VerdictAcceptable}}},
	"GET /api/workspaces/{ws}/frontier": {response: exFrontier},
	"POST /api/workspaces/{ws}/versions/{version}/preview": {request: ProfilePreview{Profile: exProfile},
		response: parley.PartyAnalytics{Party: "east", UtilityMin: 0.55, UtilityMax: 0.55, Exact: true, Reservation: 0.3, Verdict: parley.VerdictAcceptable}},
	"GET /api/workspaces/{ws}/versions/{version}/stances": {response: []*parley.Stance{exStance}},
	"GET /api/workspaces/{ws}/versions/{version}/matrix": {response: parley.Matrix{Version: "v2b7", Points: []string{"p1", "p2"}, Parties: []string{"east", "west"},
		Cells: [][]*parley.Stance{{nil, nil}, {exStance, nil}}}},
	"PUT /api/workspaces/{ws}/versions/{version}/points/{point}/stance": {request: StancePut{Mark: parley.MarkAmend, Amendment: "A strip of 40 km."}, response: exStance},
	"GET /api/workspaces/{ws}/diff": {response: parley.Diff{From: "v2b7", To: "v3c1", Entries: []*parley.DiffEntry{
		{Change: parley.ChangeKept, FromPoints: []int{1}, ToPoints: []int{1}, FromIDs: []string{"p1"}, ToIDs: []string{"p1"}, Title: "Alliances"},
		{Change: parley.ChangeReworded, FromPoints: []int{2}, ToPoints: []int{2}, FromIDs: []string{"p2"}, ToIDs: []string{"p2"}, Title: "Buffer",
			Words: []parley.WordDiff{{Op: "=", Text: "A demilitarised strip of "}, {Op: "-", Text: "30"}, {Op: "+", Text: "40"}, {Op: "=", Text: " km."}}}},
		Counts: map[parley.Change]int{parley.ChangeKept: 1, parley.ChangeReworded: 1}}},
	"GET /api/workspaces/{ws}/progress":  {response: []parley.ProgressPoint{{Version: "v2b7", Number: 1, PublishedAt: exPubAt, Points: 2, AcceptedByAll: 1, MinGain: &exMinGain}}},
	"GET /api/workspaces/{ws}/sessions":  {response: []*parley.Session{exSession}},
	"POST /api/workspaces/{ws}/sessions": {request: parley.Session{Title: "Round 1", Date: exAt, Place: "Geneva", Minutes: 180, Topics: []string{"nato"}}, response: exSession},
	"PUT /api/workspaces/{ws}/sessions/{session}": {request: SessionPut{Rev: 1, Session: parley.Session{Title: "Round 1", Date: exAt, Place: "Geneva", Minutes: 180, Summary: "Agreed to a moratorium in principle."}},
		response: &parley.Session{ID: "s1", Title: "Round 1", Date: exAt, Place: "Geneva", Minutes: 180, Summary: "Agreed to a moratorium in principle.", Rev: 2}},
	"GET /api/workspaces/{ws}/ratifications":                           {response: []*parley.Ratification{exRat}},
	"POST /api/workspaces/{ws}/ratifications":                          {request: Proposal{Version: "v2b7"}, response: exRat},
	"POST /api/workspaces/{ws}/ratifications/{ratification}/decisions": {request: DecisionPut{Decision: parley.DecisionSign, Hash: exHash}, response: exSigned},
	"GET /api/workspaces/{ws}/audit": {response: []*parley.AuditEntry{{Seq: 7, Index: 6, At: exPubAt, WorkspaceID: "w1f3a9", Actor: "med", Action: "version.publish", Target: "version/v2b7",
		Records: []parley.RecordHash{{Record: "version/v2b7", Hash: "4d1e0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d"}},
		Hash:    "b0a9f8e7d6c5b4a3f2e1d4d1e0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1"}}},
	"GET /api/workspaces/{ws}/audit/checkpoint": {response: parley.Checkpoint{Note: "parley audit log w1f3a9\n7\nq0n3X2bq1Yk9mZ0Rr3v8cJ4a6oVq0S1m2n3b4v5c6x8=\n\n\u2014 parley 5rQ2kD1s8w==\n",
		Verifier: "parley+5f2c9a0e+AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefgh", Size: 7, Since: 5, Proof: []string{"Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE="}}},
	"POST /api/workspaces/{ws}/members/{member}/signin": {response: parley.SignInTicket{MemberID: "east", Ticket: "st_6h2k9q", ExpiresAt: exPubAt}},
	"GET /api/workspaces/{ws}/suggestion": {response: &parley.Suggestion{Workspace: "w1f3a9", Heard: 4, Version: "v2b7", Issues: []parley.SuggestedIssue{
		{Issue: exIssues[0], Current: "moratorium", Suggested: "moratorium", Value: "moratorium", Learned: true, Reason: "East accepts moratorium; West accepts moratorium: every party has accepted moratorium"},
		{Issue: exIssues[1], Current: "40 km", Suggested: "30 km", Value: "30", Learned: true, Reason: "East accepts 40 km; West rejected 40 km"},
	}}},
	"POST /api/workspaces/{ws}/suggestion/adopt":                 {request: parley.SuggestionAdopt{Version: "v2b7"}, response: exDraft},
	"GET /api/workspaces/{ws}/elicitation":                       {response: exElicitation},
	"POST /api/workspaces/{ws}/elicitation/answers":              {request: AnswerPut{Rev: 3, Question: exRank, Answer: parley.AnswerGiven, Order: []string{"renounce", "moratorium", "join"}}, response: exElicitation},
	"DELETE /api/workspaces/{ws}/elicitation/statements/{index}": {response: exElicitation},
	"GET /api/workspaces/{ws}/candidates":                        {response: []*parley.Candidate{exCandidate}},
	"POST /api/workspaces/{ws}/candidates":                       {request: CandidateAdd{Package: exPackage, Label: "the 30 km compromise"}, response: exCandidate},
	"GET /api/workspaces/{ws}/uncertain-zone":                    {response: exZone},
	"POST /api/signin":                                           {request: SignInRedeem{Ticket: "st_6h2k9q"}, response: parley.IssuedToken{MemberID: "east", Token: "pk_east_1w8e"}},
	"GET /api/audit/verify":                                      {response: parley.AuditReport{Entries: 42, OK: true}},
	"GET /api/workspaces/{ws}/events":                            {stream: ": connected\n\nid: 12\nevent: version\ndata: {\"seq\":12,\"type\":\"version\",\"workspace\":\"w1f3a9\",\"version\":\"v2b7\",\"at\":\"2025-11-23T12:00:00Z\"}\n\n"},
	"GET /api/workspaces/{ws}/desk":                              {response: exDesk},
}

// Examples of the elicitation routes (elicit.go).
var (
	exPackage  = map[string]string{"nato": "moratorium", "buffer_km": "30"}
	exQuestion = &parley.Question{ID: "q4b1d0c2e9a7f3b6c", Kind: parley.StateAcceptable, Package: map[string]string{"nato": "moratorium", "buffer_km": "40"},
		Text: "Could you live with {nato: moratorium, buffer_km: 40}?"}
	exRank = &parley.Question{ID: "q9c2e4a1b7d3f5e08", Kind: parley.QuestionRank, Issue: "nato", Values: []string{"join", "moratorium", "renounce"},
		Text: "Order these values of nato from best to worst for you: join, moratorium, renounce."}
	exElicitation = &parley.Elicitation{Party: "east", Rev: 4, Partial: true, Question: exQuestion,
		Statements: []parley.StatementView{{Index: 0, Statement: parley.StatementSpec{Kind: parley.StateBetter, Issue: "nato", Value: "renounce", Than: "join", Source: parley.SourceAnswer},
			Text: "nato renounce is at least as good as join"}},
		Verdicts: parley.VerdictCounts{Certainly: 4, Possibly: 20, Never: 15}}
	exCandidate = &parley.Candidate{ID: "c1", Package: exPackage, Label: "the 30 km compromise", AddedAt: exAt, Answers: map[string]string{"west": "acceptable"}}
	exZone      = &parley.UncertainZone{Computed: true, Estimate: true, CertainExists: true, PossibleExists: true, CertainCount: 1, PossibleCount: 3,
		Certain:        []map[string]string{exPackage},
		Possible:       []map[string]string{exPackage, {"nato": "moratorium", "buffer_km": "35"}, {"nato": "moratorium", "buffer_km": "40"}},
		CertainRanges:  map[string]string{"nato": "moratorium", "buffer_km": "30"},
		PossibleRanges: map[string]string{"nato": "moratorium", "buffer_km": "30-40"},
		Parties:        map[string]parley.VerdictCounts{"east": {Certainly: 5, Possibly: 12, Never: 22}, "west": {Certainly: 8, Possibly: 3, Never: 28}}}
)
var exFrontier = func() parley.Frontier {
	in, out := true, false
	a := parley.FrontierPoint{Outcome: map[string]string{"nato": "moratorium", "buffer_km": "30"}, Acceptable: true, Utility: map[string]float64{"east": 0.56, "west": 0.55}}
	b := parley.FrontierPoint{Outcome: map[string]string{"nato": "join", "buffer_km": "0"}, Utility: map[string]float64{"east": 0, "west": 1}}
	return parley.Frontier{Parties: []string{"east", "west"}, Reservation: map[string]float64{"east": 0.4, "west": 0.3},
		Count: "2", AcceptableCount: "1", BestCount: "1", Points: []parley.FrontierPoint{a, b}, Best: []parley.FrontierPoint{a},
		Nash: &a, KalaiSmorodinsky: &a, Egalitarian: &a, Utilitarian: &a,
		Ranges: []parley.IssueRange{{Issue: "nato", Range: "moratorium, renounce", Value: "moratorium", Inside: &in}, {Issue: "buffer_km", Range: "0-40", Value: "50", Inside: &out}}}
}()
