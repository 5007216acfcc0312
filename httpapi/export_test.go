package httpapi

import (
	"time"

	"parley"
)

// OpenAPIGaps returns what the OpenAPI document lacks: descriptions, enum values, examples.
func OpenAPIGaps() []string {
	_, gaps := openAPI()
	return gaps
}

// SetTurnHook makes f run when a counted request's turn comes (after its member's lane,
// for a heavy one), before it is served.
func (s *Server) SetTurnHook(f func()) { s.turnHook.Store(&f) }

// SetServeHook makes f run as a counted request is served (its member counted, or having
// given way).
func (s *Server) SetServeHook(f func()) { s.serveHook.Store(&f) }

// SetGiveWay replaces the longest a spent member's request gives way at once.
func (s *Server) SetGiveWay(d time.Duration) { s.giveWay = d }

// GivingWay returns how many requests are giving way to the other members'.
func (s *Server) GivingWay() int64 { return s.others.waiting.Load() }

// Spend charges d of server time to member's budget in workspace ws, as served requests do.
func (s *Server) Spend(ws, member string, d time.Duration) {
	m := s.limitsOf(&parley.Caller{WorkspaceID: ws, MemberID: member})
	m.spent.ReserveN(time.Now(), int(d/time.Microsecond))
}

// InFlight returns how many requests of member's token in workspace ws are being served.
func (s *Server) InFlight(ws, member string) int64 {
	v, ok := s.members.Load(ws + "/" + member)
	if !ok {
		return 0
	}
	return v.(*memberLimits).inFlight.Load()
}

// Measure is Server.measure, for tests.
func (s *Server) Measure(ownThread bool, serve func()) time.Duration {
	return s.measure(ownThread, serve)
}

// ProcessCPU is processCPU, for tests.
func ProcessCPU() (time.Duration, bool) { return processCPU() }
