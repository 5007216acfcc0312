package httpapi

import (
	"net/http"

	"parley"
)

// Request and response bodies of the routes that do not take a domain type as it is.
type (
	// WorkspaceCreated is the answer to creating a workspace: the tokens are shown once.
	WorkspaceCreated struct {
		Workspace *parley.Workspace    `json:"workspace"`
		Tokens    []parley.IssuedToken `json:"tokens"`
	}
	// SettingsUpdate changes a workspace's settings at revision Rev.
	SettingsUpdate struct {
		Rev      int64           `json:"rev"`
		Settings parley.Settings `json:"settings"`
	}
	// MemberAdded is the answer to admitting an observer.
	MemberAdded struct {
		Member *parley.Member     `json:"member"`
		Token  parley.IssuedToken `json:"token"`
	}
	// ProfilePut replaces the caller's profile at revision Rev (0 when none).
	ProfilePut struct {
		Rev     int64              `json:"rev"`
		Profile parley.ProfileSpec `json:"profile"`
		// Use is what the profile may be used for: private (the default), neutral or shared.
		Use parley.ProfileUse `json:"use,omitempty"`
	}
	// ProfilePreview is a profile to value a version under, without saving it.
	ProfilePreview struct {
		Profile parley.ProfileSpec `json:"profile"`
	}
	// DraftEdit applies Ops to a draft at revision Rev.
	DraftEdit struct {
		Rev int64            `json:"rev"`
		Ops []parley.PointOp `json:"ops"`
	}
	// Publish publishes a draft at revision Rev.
	Publish struct {
		Rev int64 `json:"rev"`
	}
	// StancePut marks a point at the stance's revision Rev (0 when new).
	StancePut struct {
		Rev       int64       `json:"rev"`
		Mark      parley.Mark `json:"mark"`
		Amendment string      `json:"amendment,omitempty"`
		Comment   string      `json:"comment,omitempty"`
		Private   bool        `json:"private,omitempty"`
		// Condition makes an accept conditional (red-line language).
		Condition string `json:"condition,omitempty"`
	}
	// SessionPut replaces a session at revision Rev.
	SessionPut struct {
		Rev     int64          `json:"rev"`
		Session parley.Session `json:"session"`
	}
	// Proposal proposes a version for ratification.
	Proposal struct {
		Version string `json:"version"`
		// ConfirmOpen proposes the version although it leaves issues open.
		ConfirmOpen bool `json:"confirm_open,omitempty"`
	}
	// DecisionPut is a party's decision on a ratification.
	DecisionPut struct {
		Decision parley.Decision `json:"decision"`
		Hash     string          `json:"hash"`
		Comment  string          `json:"comment,omitempty"`
	}
	// Me says who the caller is.
	Me struct {
		Admin     bool        `json:"admin"`
		Workspace string      `json:"workspace,omitempty"`
		Member    string      `json:"member,omitempty"`
		Role      parley.Role `json:"role,omitempty"`
	}
	// SignInRedeem exchanges a one-time sign-in ticket for a token.
	SignInRedeem struct {
		Ticket string `json:"ticket"`
	}
	// Health is the answer of /healthz.
	Health struct {
		Status string `json:"status"`
	}
)

// route is one API route; the OpenAPI document is generated from the same table.
type route struct {
	method, path, summary string
	auth                  string // "none", "member", "admin"
	request, response     any    // zero values of the bodies; nil when none
	status                int    // success status
	query                 []string
	handle                func(s *Server, w http.ResponseWriter, r *http.Request)
}

const wsPath = "/api/workspaces/{ws}"

func routes() []route {
	rs := []route{
		{method: "GET", path: "/healthz", summary: "Liveness check", auth: "none", response: Health{}, status: 200,
			handle: func(s *Server, w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, Health{"ok"}) }},
		{method: "GET", path: "/api/openapi.json", summary: "This API's OpenAPI 3.1 document", auth: "none", response: map[string]any{}, status: 200,
			handle: func(s *Server, w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, OpenAPI()) }},
		{method: "GET", path: "/api/me", summary: "Who the bearer token stands for", auth: "member", response: Me{}, status: 200,
			handle: (*Server).me},
		{method: "POST", path: "/api/workspaces", summary: "Create a workspace (administrator)", auth: "admin",
			request: parley.WorkspaceCreate{}, response: WorkspaceCreated{}, status: 201, handle: (*Server).createWorkspace},
		{method: "GET", path: wsPath, summary: "Read a workspace", auth: "member", response: parley.Workspace{}, status: 200,
			handle: (*Server).getWorkspace},
		{method: "PUT", path: wsPath + "/settings", summary: "Change the settings (mediator)", auth: "member",
			request: SettingsUpdate{}, response: parley.Workspace{}, status: 200, handle: (*Server).putSettings},
		{method: "POST", path: wsPath + "/members", summary: "Admit an observer (mediator)", auth: "member",
			request: parley.Member{}, response: MemberAdded{}, status: 201, handle: (*Server).addMember},
		{method: "POST", path: wsPath + "/members/{member}/token", summary: "Rotate the caller's own token", auth: "member",
			response: parley.IssuedToken{}, status: 201, handle: (*Server).rotateToken},
		{method: "DELETE", path: wsPath + "/members/{member}/token", summary: "Revoke a member's tokens (the member or the mediator)", auth: "member",
			status: 204, handle: (*Server).revokeToken},
		{method: "POST", path: wsPath + "/members/{member}/signin", summary: "Issue a member a one-time sign-in ticket (administrator)", auth: "admin",
			response: parley.SignInTicket{}, status: 201, handle: (*Server).issueSignIn},
		{method: "POST", path: "/api/signin", summary: "Exchange a one-time sign-in ticket for a new token of its member", auth: "none",
			request: SignInRedeem{}, response: parley.IssuedToken{}, status: 201, handle: (*Server).redeemSignIn},
		{method: "GET", path: wsPath + "/profiles/{party}", summary: "Read a profile (the party, or the mediator when the party shares it)", auth: "member",
			response: parley.PartyProfile{}, status: 200, handle: (*Server).getProfile},
		{method: "PUT", path: wsPath + "/profiles/{party}", summary: "Replace the caller's own profile", auth: "member",
			request: ProfilePut{}, response: parley.PartyProfile{}, status: 200, handle: (*Server).putProfile},
		{method: "GET", path: wsPath + "/versions", summary: "List the versions the caller may see", auth: "member",
			response: []parley.VersionSummary{}, status: 200, handle: (*Server).listVersions},
		{method: "POST", path: wsPath + "/versions", summary: "Start a draft (plan: mediator; rival: party or observer)", auth: "member",
			request: parley.DraftCreate{}, response: parley.Version{}, status: 201, handle: (*Server).createDraft},
		{method: "GET", path: wsPath + "/versions/{version}", summary: "Read a version as the caller may see it", auth: "member",
			response: parley.Version{}, status: 200, handle: (*Server).getVersion},
		{method: "PATCH", path: wsPath + "/versions/{version}", summary: "Edit a draft: add, edit, remove, move, merge, split, carry points", auth: "member",
			request: DraftEdit{}, response: parley.Version{}, status: 200, handle: (*Server).editDraft},
		{method: "POST", path: wsPath + "/versions/{version}/publish", summary: "Publish a draft; it never changes again", auth: "member",
			request: Publish{}, response: parley.Version{}, status: 200, handle: (*Server).publish},
		{method: "GET", path: wsPath + "/versions/{version}/analytics", summary: "What the version means to the caller", auth: "member",
			response: parley.Analytics{}, status: 200, handle: (*Server).analytics},
		{method: "GET", path: wsPath + "/frontier", summary: "The whole Pareto frontier, its counts and the agreement ranges (mediator, when every party shares)", auth: "member",
			query: []string{"version"}, response: parley.Frontier{}, status: 200, handle: (*Server).getFrontier},
		{method: "POST", path: wsPath + "/versions/{version}/preview", summary: "Value the version under an unsaved profile (party)", auth: "member",
			request: ProfilePreview{}, response: parley.PartyAnalytics{}, status: 200, handle: (*Server).preview},
		{method: "GET", path: wsPath + "/versions/{version}/stances", summary: "The stances on a version the caller may see", auth: "member",
			response: []parley.Stance{}, status: 200, handle: (*Server).listStances},
		{method: "GET", path: wsPath + "/versions/{version}/matrix", summary: "Stances as points x parties", auth: "member",
			response: parley.Matrix{}, status: 200, handle: (*Server).matrix},
		{method: "PUT", path: wsPath + "/versions/{version}/points/{point}/stance", summary: "Mark a point (party)", auth: "member",
			request: StancePut{}, response: parley.Stance{}, status: 200, handle: (*Server).putStance},
		{method: "GET", path: wsPath + "/diff", summary: "Point-level diff between two versions", auth: "member", query: []string{"from", "to"},
			response: parley.Diff{}, status: 200, handle: (*Server).diff},
		{method: "GET", path: wsPath + "/progress", summary: "How close the parties are, per version (mediator)", auth: "member",
			response: []parley.ProgressPoint{}, status: 200, handle: (*Server).progress},
		{method: "GET", path: wsPath + "/sessions", summary: "The sessions, oldest first", auth: "member",
			response: []parley.Session{}, status: 200, handle: (*Server).listSessions},
		{method: "POST", path: wsPath + "/sessions", summary: "Record a session (mediator)", auth: "member",
			request: parley.Session{}, response: parley.Session{}, status: 201, handle: (*Server).createSession},
		{method: "PUT", path: wsPath + "/sessions/{session}", summary: "Replace a session (mediator)", auth: "member",
			request: SessionPut{}, response: parley.Session{}, status: 200, handle: (*Server).putSession},
		{method: "GET", path: wsPath + "/ratifications", summary: "The ratifications, oldest first", auth: "member",
			response: []parley.Ratification{}, status: 200, handle: (*Server).listRatifications},
		{method: "POST", path: wsPath + "/ratifications", summary: "Propose a published version for ratification (mediator)", auth: "member",
			request: Proposal{}, response: parley.Ratification{}, status: 201, handle: (*Server).propose},
		{method: "POST", path: wsPath + "/ratifications/{ratification}/decisions", summary: "Sign or decline (party, for itself)", auth: "member",
			request: DecisionPut{}, response: parley.Ratification{}, status: 200, handle: (*Server).decide},
		{method: "GET", path: wsPath + "/audit", summary: "The workspace's audit entries (mediator)", auth: "member", query: []string{"after"},
			response: []parley.AuditEntry{}, status: 200, handle: (*Server).audit},
		{method: "GET", path: wsPath + "/audit/checkpoint", summary: "The workspace log's signed checkpoint, with a consistency proof from size since", auth: "member", query: []string{"since"},
			response: parley.Checkpoint{}, status: 200, handle: (*Server).checkpoint},
		{method: "GET", path: "/api/audit/verify", summary: "Check every audit log and the stored data against it (administrator)", auth: "admin",
			response: parley.AuditReport{}, status: 200, handle: (*Server).verify},
		{method: "GET", path: wsPath + "/frontier/stream", summary: "Every Pareto-optimal outcome as JSON lines, streamed (mediator, when every party shares its profile)", auth: "member",
			response: parley.FrontierPoint{}, status: 200, handle: (*Server).streamFrontier},
		{method: "GET", path: wsPath + "/events", summary: "Live updates as server-sent events (text/event-stream of Event); Last-Event-ID (header or query) replays what was missed", auth: "member", query: []string{"last_event_id"},
			response: parley.Event{}, status: 200, handle: (*Server).events},
		{method: "GET", path: wsPath + "/suggestion", summary: "The suggested next text, drafted by the mediator strategy from the parties' stances (mediator)", auth: "member",
			response: parley.Suggestion{}, status: 200, handle: (*Server).suggestion},
		{method: "POST", path: wsPath + "/suggestion/adopt", summary: "Make the suggested next text a new draft of the plan (mediator)", auth: "member",
			request: parley.SuggestionAdopt{}, response: parley.Version{}, status: 201, handle: (*Server).adoptSuggestion},
		deskRoute,
	}
	rs = append(rs, blindRoutes()...)
	rs = append(rs, elicitRoutes()...)
	return rs
}
