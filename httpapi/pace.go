package httpapi

import (
	"context"
	"time"
)

// SpentShare is the share of a core a member served as spent (see memberLimits.spentNow)
// may take at once: after each of its requests, its next one waits, before it is read or
// served, for the request's cost (at most the budget's burst, as it is charged) times
// 1/SpentShare - 1. So a member that floods the server drains what is left of its burst at
// a tenth of a core, not as fast as one core serves it, and the other members' requests
// find the cores idle nine times out of ten.
const SpentShare = 0.1

// paceAt records that a request of m's member, served as spent, ended at end having cost
// cost: its next request served as spent starts no sooner than end + cost x
// (1/SpentShare - 1).
func (m *memberLimits) paceAt(end time.Time, cost time.Duration) {
	next := end.Add(time.Duration(float64(cost) * (1/SpentShare - 1)))
	m.mu.Lock()
	m.next = next
	m.mu.Unlock()
}

// nextTurn is when the next request of m's member served as spent may start.
func (m *memberLimits) nextTurn() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.next
}

// waitTurn waits for the next turn of m's member served as spent; false means ctx ended
// first.
func (m *memberLimits) waitTurn(ctx context.Context) bool {
	d := time.Until(m.nextTurn())
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
