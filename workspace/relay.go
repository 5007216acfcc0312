package workspace

import (
	"context"
	"encoding/json"

	"parley"
)

// EventNotifier is implemented by transactions of stores shared by several servers (the
// PostgreSQL store): NotifyEvent sends payload to every server listening, once and only if
// the transaction commits, in commit order. Each server hands what it receives to
// Service.Relay.
type EventNotifier interface {
	NotifyEvent(payload []byte) error
}

// maxNotify bounds a notification's payload (PostgreSQL accepts less than 8000 bytes). An
// event whose payload would be larger travels as a gap, which makes the receivers tell
// their subscribers of that workspace to reload.
const maxNotify = 7500

// relayed is an event as it travels between servers. Unlike parley.Event's JSON, it keeps
// the audience, so each server filters per member exactly as the writing server does.
type relayed struct {
	Origin   string       `json:"origin"`
	Event    parley.Event `json:"event"`
	Audience []string     `json:"audience"`
	Gap      bool         `json:"gap,omitempty"`
}

func unwrapTx(tx Tx) Tx {
	if c, ok := tx.(*cachingTx); ok {
		return c.Tx
	}
	return tx
}

// notify sends the events of a write to the other servers, inside its transaction.
func (s *Service) notify(tx Tx, evs []parley.Event) error {
	n, ok := unwrapTx(tx).(EventNotifier)
	if !ok {
		return nil
	}
	for _, e := range evs {
		b, err := json.Marshal(relayed{Origin: s.origin, Event: e, Audience: e.Audience})
		if err != nil {
			return err
		}
		if len(b) > maxNotify {
			b, _ = json.Marshal(relayed{Origin: s.origin, Event: parley.Event{Seq: e.Seq, Workspace: e.Workspace}, Gap: true})
		}
		if err := n.NotifyEvent(b); err != nil {
			return err
		}
	}
	return nil
}

// AwaitRelay tells the service that events written by other servers will arrive through
// Relay: until the first ResyncEvents, reconnecting clients are told to reload, since
// events may have been written elsewhere that this process did not hear of.
func (s *Service) AwaitRelay() {
	s.events.mu.Lock()
	s.events.started = false
	s.events.mu.Unlock()
}

// Relay delivers an event notified by another server (see EventNotifier) to this
// process's subscribers, filtered per member as local events are, and keeps it for replay.
// Its own notifications, and payloads it cannot read, are ignored.
func (s *Service) Relay(payload []byte) {
	var r relayed
	if err := json.Unmarshal(payload, &r); err != nil || r.Origin == s.origin || r.Event.Workspace == "" {
		return
	}
	if r.Gap {
		s.events.gap(r.Event.Workspace, r.Event.Seq)
		return
	}
	e := r.Event
	e.Audience = r.Audience
	s.events.publish(e)
}

// ResyncEvents is called whenever the relay (re)connects, once it listens: the events
// before now may have been missed, so they are no longer replayed, and every subscriber gets
// a reset event telling it to reload.
func (s *Service) ResyncEvents(ctx context.Context) error {
	b := s.events
	b.mu.Lock()
	wss := map[string]bool{}
	for sb := range b.subs {
		wss[sb.ws] = true
	}
	b.mu.Unlock()
	heads := map[string]int64{}
	err := s.store.Read(ctx, func(tx Tx) error {
		for ws := range wss {
			n, err := logSize(tx, ws)
			if err != nil {
				return err
			}
			heads[ws] = n
		}
		return nil
	})
	if err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.started = true
	clear(b.rings)
	for sb := range b.subs {
		b.send(sb, parley.Event{Seq: heads[sb.ws], Type: "reset", Workspace: sb.ws, At: s.now().UTC()})
	}
	return nil
}

// gap forgets what was published for ws up to seq and tells its subscribers to reload.
func (b *broker) gap(ws string, seq int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if r := b.rings[ws]; r != nil {
		r.floor = max(r.floor, seq)
		for len(r.events) > 0 && r.events[0].Seq <= seq {
			r.events = r.events[1:]
		}
	}
	for sb := range b.subs {
		if sb.ws == ws {
			b.send(sb, parley.Event{Seq: seq, Type: "reset", Workspace: ws})
		}
	}
}

func (b *broker) send(sb *sub, e parley.Event) {
	select {
	case sb.ch <- e:
	default:
	}
}
