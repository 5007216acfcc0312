package httpapi

import (
	"net/http"

	"parley"
)

// blindRuleDoc describes the settlement rules in the OpenAPI document (the rules themselves
// are workspace.BlindResult).
const blindRuleDoc = "The settlement rule, with L the greatest at_least value and H the least at_most value (the issue's bounds stand in for a side nobody takes). " +
	"midpoint settles an overlap (L <= H) at (L+H)/2. " +
	"concession settles an overlap at L + f(H-L), f = 1/2 + (A-B)/(4(A+B)), with A and B how far the at_least and at_most parties moved toward the other side since their first round on the issue (f = 1/2 when nobody moved): up to three quarters of the overlap to the side that conceded more. " +
	"cybersettle settles at (L+H)/2 on an overlap, and on a gap when L-H is at most range_percent percent of |L|. " +
	"The value then moves to the issue's grid value nearest to it when that lies between L and H."

// blindRoutes are the routes of blind overlap rounds (see docs/api.md, "Blind overlap").
func blindRoutes() []route {
	return []route{
		{method: "GET", path: wsPath + "/blind", summary: "The blind overlap rounds, oldest first: sides, who sealed, overlap and settlement (never a sealed value)", auth: "member",
			response: []parley.BlindRound{}, status: 200, handle: (*Server).listBlind},
		{method: "POST", path: wsPath + "/blind", summary: "Open a blind overlap round on a numeric issue (mediator)", auth: "member",
			request: parley.BlindOpenInput{}, response: parley.BlindRound{}, status: 201, handle: (*Server).openBlind},
		{method: "GET", path: wsPath + "/blind/{round}", summary: "Read a blind overlap round", auth: "member",
			response: parley.BlindRound{}, status: 200, handle: (*Server).getBlind},
		{method: "POST", path: wsPath + "/blind/{round}/seal", summary: "Seal the caller's worst acceptable value (party of the round); nobody is ever shown it", auth: "member",
			request: parley.BlindSealInput{}, response: parley.BlindRound{}, status: 200, handle: (*Server).sealBlind},
	}
}

func (s *Server) listBlind(w http.ResponseWriter, r *http.Request) {
	rs, err := s.svc.BlindRounds(r.Context(), r.PathValue("ws"))
	s.reply(w, r, 200, rs, err)
}

func (s *Server) openBlind(w http.ResponseWriter, r *http.Request) {
	var in parley.BlindOpenInput
	if !s.body(w, r, &in) {
		return
	}
	b, err := s.svc.OpenBlind(r.Context(), r.PathValue("ws"), &in)
	s.reply(w, r, 201, b, err)
}

func (s *Server) getBlind(w http.ResponseWriter, r *http.Request) {
	b, err := s.svc.BlindRound(r.Context(), r.PathValue("ws"), r.PathValue("round"))
	s.reply(w, r, 200, b, err)
}

func (s *Server) sealBlind(w http.ResponseWriter, r *http.Request) {
	var in parley.BlindSealInput
	if !s.body(w, r, &in) {
		return
	}
	b, err := s.svc.SealBlind(r.Context(), r.PathValue("ws"), r.PathValue("round"), &in)
	s.reply(w, r, 200, b, err)
}
