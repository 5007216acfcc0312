package httpapi

import (
	"net/http"

	"parley"
)

// suggester returns the services' parley.Suggester, or writes a not-found error.
func (s *Server) suggester(w http.ResponseWriter, r *http.Request) (parley.Suggester, bool) {
	sg, ok := s.svc.(parley.Suggester)
	if !ok {
		s.reply(w, r, 0, nil, parley.Errorf(parley.ENOTFOUND, "this server offers no suggested next text"))
	}
	return sg, ok
}

func (s *Server) suggestion(w http.ResponseWriter, r *http.Request) {
	sg, ok := s.suggester(w, r)
	if !ok {
		return
	}
	sug, err := sg.Suggestion(r.Context(), r.PathValue("ws"))
	s.reply(w, r, 200, sug, err)
}

func (s *Server) adoptSuggestion(w http.ResponseWriter, r *http.Request) {
	sg, ok := s.suggester(w, r)
	if !ok {
		return
	}
	var in parley.SuggestionAdopt
	if !s.body(w, r, &in) {
		return
	}
	v, err := sg.AdoptSuggestion(r.Context(), r.PathValue("ws"), &in)
	s.reply(w, r, 201, v, err)
}
