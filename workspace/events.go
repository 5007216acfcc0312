package workspace

import (
	"context"
	"slices"
	"sync"

	"parley"
)

// DefaultEventReplay is how many recent events per workspace a Service keeps for
// reconnecting clients when Config.EventReplay is 0.
const DefaultEventReplay = 256

// DefaultMaxStreams is how many event streams one member may hold open at once when
// Config.MaxStreams is 0: a few browser tabs and a script, not thousands.
const DefaultMaxStreams = 8

// broker fans events out to subscribers in this process and keeps the latest events of
// each workspace for replay. An event's Seq is the place in its workspace's audit log of the
// entry its write appended (index + 1), so ids are durable, increase with every write of the
// workspace, survive restarts and say nothing of other workspaces. A subscriber that falls
// behind by more than its buffer loses events rather than slowing writers; it learns of
// the gap from the sequence numbers.
type broker struct {
	mu    sync.Mutex
	subs  map[*sub]bool
	rings map[string]*ring
	size  int
	// maxPerMember bounds the streams one member may hold open at once.
	maxPerMember int
	// started is false while a relay is awaited (AwaitRelay) and until its first
	// ResyncEvents: events may then have been written elsewhere unheard, so nothing is
	// replayed.
	started bool
}

// ring holds the latest events of one workspace, by increasing Seq. It has every event
// this process published for the workspace with Seq > floor.
type ring struct {
	floor  int64
	events []parley.Event
}

type sub struct {
	ws, member string
	ch         chan parley.Event
}

func newBroker(size, maxPerMember int) *broker {
	if size <= 0 {
		size = DefaultEventReplay
	}
	if maxPerMember <= 0 {
		maxPerMember = DefaultMaxStreams
	}
	return &broker{subs: map[*sub]bool{}, rings: map[string]*ring{}, size: size, maxPerMember: maxPerMember, started: true}
}

// visible reports whether member of ws may receive e; live delivery and replay both use it.
func visible(e *parley.Event, ws, member string) bool {
	return e.Workspace == ws && (e.Audience == nil || slices.Contains(e.Audience, member))
}

func (b *broker) publish(e parley.Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if e.Seq > 0 {
		r := b.rings[e.Workspace]
		if r == nil {
			r = &ring{floor: e.Seq - 1}
			b.rings[e.Workspace] = r
		}
		i, _ := slices.BinarySearchFunc(r.events, e.Seq, func(x parley.Event, seq int64) int { return int(min(max(x.Seq-seq, -1), 1)) })
		r.events = slices.Insert(r.events, i, e)
		if n := len(r.events) - b.size; n > 0 {
			r.floor = max(r.floor, r.events[n-1].Seq)
			r.events = slices.Delete(r.events, 0, n)
		}
	}
	for s := range b.subs {
		if visible(&e, s.ws, s.member) {
			b.send(s, e)
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
	_, ch, cancel, err := s.subscribe(ctx, ws, -1)
	return ch, cancel, err
}

// SubscribeAfter implements parley.EventReplayer.
func (s *Service) SubscribeAfter(ctx context.Context, ws string, after int64) (*parley.Replay, <-chan parley.Event, func(), error) {
	return s.subscribe(ctx, ws, after)
}

func (s *Service) subscribe(ctx context.Context, ws string, after int64) (*parley.Replay, <-chan parley.Event, func(), error) {
	var c *parley.Caller
	var head int64
	err := s.store.Read(ctx, func(tx Tx) error {
		var err error
		if _, c, err = member(ctx, tx, ws); err != nil {
			return err
		}
		if after >= 0 {
			head, err = logSize(tx, ws)
		}
		return err
	})
	if err != nil {
		return nil, nil, nil, err
	}
	sb := &sub{ws: ws, member: c.MemberID, ch: make(chan parley.Event, 256)}
	var rp *parley.Replay
	b := s.events
	b.mu.Lock()
	n := 0
	for o := range b.subs {
		if o.ws == ws && o.member == c.MemberID {
			n++
		}
	}
	if n >= b.maxPerMember {
		b.mu.Unlock()
		return nil, nil, nil, parley.Errorf(parley.ELIMIT, "%s already has %d event streams open; close one first", c.MemberID, n)
	}
	b.subs[sb] = true
	if after >= 0 {
		rp = &parley.Replay{Head: head}
		floor := head // nothing published here yet: nothing to replay
		r := b.rings[ws]
		if r != nil {
			floor = r.floor
		}
		switch {
		case !b.started || after < floor || after > head:
			rp.Reset = true
		case r != nil:
			for _, e := range r.events {
				if e.Seq > after && visible(&e, ws, c.MemberID) {
					rp.Events = append(rp.Events, e)
				}
			}
		}
	}
	b.mu.Unlock()
	var once sync.Once
	cancel := func() {
		once.Do(func() {
			b.mu.Lock()
			delete(b.subs, sb)
			b.mu.Unlock()
		})
	}
	return rp, sb.ch, cancel, nil
}
