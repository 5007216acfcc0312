package httpapi

import "net/http"

// getFrontier serves GET /api/workspaces/{ws}/frontier?version=: the whole Pareto frontier
// of the zone of possible agreement, for the mediator with whom every party shares its
// profile (the service decides).
func (s *Server) getFrontier(w http.ResponseWriter, r *http.Request) {
	f, err := s.svc.Frontier(r.Context(), r.PathValue("ws"), r.URL.Query().Get("version"))
	s.reply(w, r, 200, f, err)
}
