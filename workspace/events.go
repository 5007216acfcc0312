package workspace

import (
	"context"
	"slices"
	"sync"

	"parley"
)

// broker fans events out to subscribers in this process. A subscriber that falls behind
// by more than its buffer loses events rather than slowing writers; it learns of the gap
// from the sequence numbers.
type broker struct {
	mu   sync.Mutex
	seq  int64
	subs map[*sub]bool
}

type sub struct {
	ws, member string
	ch         chan parley.Event
}

func newBroker() *broker { return &broker{subs: map[*sub]bool{}} }

func (b *broker) publish(e parley.Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.seq++
	e.Seq = b.seq
	for s := range b.subs {
		if s.ws != e.Workspace || (e.Audience != nil && !slices.Contains(e.Audience, s.member)) {
			continue
		}
		select {
		case s.ch <- e:
		default:
		}
	}
}

// kick ends the subscriptions of a member whose tokens were revoked.
func (b *broker) kick(ws, member string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for s := range b.subs {
		if s.ws == ws && s.member == member {
			delete(b.subs, s)
			close(s.ch)
		}
	}
}

// Subscribe implements parley.EventService. The channel is closed when the member's
// tokens are revoked.
func (s *Service) Subscribe(ctx context.Context, ws string) (<-chan parley.Event, func(), error) {
	var c *parley.Caller
	err := s.store.Read(ctx, func(tx Tx) error {
		var err error
		_, c, err = member(ctx, tx, ws)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	sb := &sub{ws: ws, member: c.MemberID, ch: make(chan parley.Event, 256)}
	s.events.mu.Lock()
	s.events.subs[sb] = true
	s.events.mu.Unlock()
	var once sync.Once
	cancel := func() {
		once.Do(func() {
			s.events.mu.Lock()
			delete(s.events.subs, sb)
			s.events.mu.Unlock()
		})
	}
	return sb.ch, cancel, nil
}
