package httpapi

// OpenAPIGaps returns what the OpenAPI document lacks: descriptions, enum values, examples.
func OpenAPIGaps() []string {
	_, gaps := openAPI()
	return gaps
}

// SetLaneHook makes f run when a heavy request's turn comes in its member's lane.
func (s *Server) SetLaneHook(f func()) { s.laneHook.Store(&f) }

// InFlight returns how many requests of member's token in workspace ws are being served.
func (s *Server) InFlight(ws, member string) int64 {
	v, ok := s.members.Load(ws + "/" + member)
	if !ok {
		return 0
	}
	return v.(*memberLimits).inFlight.Load()
}
