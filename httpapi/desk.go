package httpapi

import (
	"net/http"

	"parley"
)

// deskRoute is the mediator's desk: where the talks stand on the current version. Only the
// mediator may read it (it shows every stance, private ones included, and the verdicts of the
// parties that share their profile with the mediator).
var deskRoute = route{method: "GET", path: wsPath + "/desk", summary: "Where the talks stand on the current version (mediator)", auth: "member",
	response: parley.Desk{}, status: 200, handle: (*Server).desk}

func (s *Server) desk(w http.ResponseWriter, r *http.Request) {
	d, err := s.svc.Desk(r.Context(), r.PathValue("ws"))
	s.reply(w, r, 200, d, err)
}

// The desk's example for the OpenAPI document (its descriptions are in openapi_fields.go).
var (
	exDeskTrue = true
	exDesk     = parley.Desk{
		Version: exVersion.Summary(),
		Points: []*parley.DeskPoint{
			{ID: "p1", Number: 1, Title: "Alliances", Text: "A moratorium on accession.", State: parley.PointAccepted, Issues: []string{"nato"}, Accepted: []string{"east", "west"}},
			{ID: "p2", Number: 2, Title: "Buffer", Text: "A demilitarised strip of 30 km.", State: parley.PointBlocked, Issues: []string{"buffer_km"},
				Blocking: []*parley.Stance{exStance}, Unanswered: []string{"west"}},
		},
		Counts: map[parley.PointState]int{parley.PointAccepted: 1, parley.PointBlocked: 1},
		Parties: []*parley.DeskParty{
			{Party: "east", Accepted: 1, Blocked: 1, Profile: "shared", Value: &parley.PartyAnalytics{Party: "east", UtilityMin: 0.6, UtilityMax: 0.6, Exact: true, Reservation: 0.3, Verdict: parley.VerdictAcceptable}},
			{Party: "west", Accepted: 1, Unanswered: 1, Profile: "shared", Value: &parley.PartyAnalytics{Party: "west", UtilityMin: 0.5, UtilityMax: 0.5, Exact: true, Reservation: 0.3, Verdict: parley.VerdictAcceptable}},
		},
		Issues: []*parley.DeskIssue{{Issue: "buffer_km", Current: "30 km", Range: "30-50 km", Nash: "40 km", KalaiSmorodinsky: "40 km", Points: []int{2},
			Reasons: []string{"point 2 is blocked by East"}}},
		AcceptableToAll: parley.VerdictAcceptable, ZoneExists: &exDeskTrue,
		Since: &parley.DeskChanges{Session: "s1", Title: "Round 1", Date: exAt, Stances: map[string]int{"east": 1}},
		Next: []*parley.NextStep{
			{Kind: parley.StepDraft, Points: []int{2}, Parties: []string{"east"}, Text: "Rework point 2 in the next version: blocked by East. Ask what they could live with; their amendments are under Blocked points."},
			{Kind: parley.StepDraft, Issues: []string{"buffer_km"}, Points: []int{2}, Text: "Consider Buffer zone at 40 km, the Nash bargaining point (Kalai-Smorodinsky: 40 km); point 2 binds it."},
			{Kind: parley.StepAsk, Parties: []string{"west"}, Points: []int{2}, Text: "Ask West to mark point 2."},
		},
	}
)
