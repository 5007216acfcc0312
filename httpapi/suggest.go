package httpapi

import (
	"net/http"

	"parley"
)

func (s *Server) suggestion(w http.ResponseWriter, r *http.Request) {
	sug, err := s.svc.Suggestion(r.Context(), r.PathValue("ws"))
	s.reply(w, r, 200, sug, err)
}

func (s *Server) adoptSuggestion(w http.ResponseWriter, r *http.Request) {
	var in parley.SuggestionAdopt
	if !s.body(w, r, &in) {
		return
	}
	v, err := s.svc.AdoptSuggestion(r.Context(), r.PathValue("ws"), &in)
	s.reply(w, r, 201, v, err)
}
