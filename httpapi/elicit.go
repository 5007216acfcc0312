package httpapi

import (
	"net/http"
	"strconv"

	"parley"
)

// Request bodies of the elicitation routes.
type (
	// AnswerPut answers the question (as the elicitation gave it) at the profile's revision
	// Rev: yes, no, or skip to set it aside; given for a rank, acceptable_among or
	// order_among question, whose answer is Order, Acceptable, or Ranking and Acceptable.
	AnswerPut struct {
		Rev      int64             `json:"rev"`
		Question *parley.Question  `json:"question"`
		Answer   parley.AnswerKind `json:"answer"`
		// Order: a rank question's values, best first, each once.
		Order []string `json:"order,omitempty"`
		// Acceptable: indices (from 0) of an acceptable_among or order_among question's
		// packages the party could live with; the others it could not.
		Acceptable []int `json:"acceptable,omitempty"`
		// Ranking: an order_among question's package indices (from 0), best first, each once.
		Ranking []int `json:"ranking,omitempty"`
	}
	// CandidateAdd is a package the mediator asks every party about.
	CandidateAdd struct {
		Package map[string]string `json:"package"`
		Label   string            `json:"label,omitempty"`
	}
)

// elicitRoutes are the routes of the elicitation (parley.ElicitService). A party's
// statements and answers reach only the party itself; the mediator's candidate list shows
// the answers of the parties that share their profile with it, and nothing of the others.
func elicitRoutes() []route {
	return []route{
		{method: "GET", path: wsPath + "/elicitation", summary: "The caller's statements and next question (party)", auth: "member",
			response: parley.Elicitation{}, status: 200, handle: (*Server).elicitation},
		{method: "POST", path: wsPath + "/elicitation/answers", summary: "Answer the next question: yes, no, skip, or given with an order, marks or both (party)", auth: "member",
			request: AnswerPut{}, response: parley.Elicitation{}, status: 200, handle: (*Server).answer},
		{method: "DELETE", path: wsPath + "/elicitation/statements/{index}", summary: "Remove one of the caller's statements, at profile revision rev (party)", auth: "member",
			query: []string{"rev"}, response: parley.Elicitation{}, status: 200, handle: (*Server).removeStatement},
		{method: "GET", path: wsPath + "/candidates", summary: "The mediator's candidate packages, with the answers of the parties that share their profile (mediator)", auth: "member",
			response: []parley.Candidate{}, status: 200, handle: (*Server).candidates},
		{method: "POST", path: wsPath + "/candidates", summary: "Add a candidate package to ask every party about (mediator)", auth: "member",
			request: CandidateAdd{}, response: parley.Candidate{}, status: 201, handle: (*Server).addCandidate},
		{method: "GET", path: wsPath + "/uncertain-zone", summary: "The certain and possible zone of agreement, as the caller may see it", auth: "member",
			response: parley.UncertainZone{}, status: 200, handle: (*Server).uncertainZone},
	}
}

func (s *Server) elicitation(w http.ResponseWriter, r *http.Request) {
	e, err := s.svc.Elicitation(r.Context(), r.PathValue("ws"))
	s.reply(w, r, 200, e, err)
}

func (s *Server) answer(w http.ResponseWriter, r *http.Request) {
	var in AnswerPut
	if !s.body(w, r, &in) {
		return
	}
	var e *parley.Elicitation
	var err error
	if in.Answer == parley.AnswerGiven {
		e, err = s.svc.Reply(r.Context(), r.PathValue("ws"), in.Rev, in.Question, parley.Reply{Order: in.Order, Acceptable: in.Acceptable, Ranking: in.Ranking})
	} else {
		e, err = s.svc.Answer(r.Context(), r.PathValue("ws"), in.Rev, in.Question, in.Answer)
	}
	s.reply(w, r, 200, e, err)
}

func (s *Server) removeStatement(w http.ResponseWriter, r *http.Request) {
	rev, err := queryInt(r, "rev")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	idx, err := strconv.Atoi(r.PathValue("index"))
	if err != nil || idx < 0 {
		s.writeError(w, r, parley.FieldErrorf("index", "a statement's index is a number from 0"))
		return
	}
	e, err := s.svc.RemoveStatement(r.Context(), r.PathValue("ws"), rev, idx)
	s.reply(w, r, 200, e, err)
}

func (s *Server) candidates(w http.ResponseWriter, r *http.Request) {
	cs, err := s.svc.Candidates(r.Context(), r.PathValue("ws"))
	s.reply(w, r, 200, cs, err)
}

func (s *Server) addCandidate(w http.ResponseWriter, r *http.Request) {
	var in CandidateAdd
	if !s.body(w, r, &in) {
		return
	}
	c, err := s.svc.AddCandidate(r.Context(), r.PathValue("ws"), in.Package, in.Label)
	s.reply(w, r, 201, c, err)
}

func (s *Server) uncertainZone(w http.ResponseWriter, r *http.Request) {
	z, err := s.svc.UncertainZone(r.Context(), r.PathValue("ws"))
	s.reply(w, r, 200, z, err)
}
