package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"parley"
)

// events serves GET /w/{ws}/events: the workspace's live updates, relayed from the
// EventService as server-sent events for htmx's sse extension. The service already filters
// events by audience, and events carry ids only; the relay passes on just the event's type
// (as the SSE event name, plus a generic "change") and the version it concerns, and pages
// then fetch what changed through the same filtered services.
func (u *ui) events(w http.ResponseWriter, r *http.Request, me *signedIn) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming is not supported", http.StatusInternalServerError)
		return
	}
	ctx := ctxFor(r.Context(), me)
	// A browser that reconnects sends the id of the last event it had: it first gets what
	// it missed (or a reset), filtered as live events are.
	var (
		rp     *parley.Replay
		ch     <-chan parley.Event
		cancel func()
		err    error
	)
	after := int64(-1)
	if v := strings.TrimSpace(r.Header.Get("Last-Event-ID")); v != "" {
		if after, err = strconv.ParseInt(v, 10, 64); err != nil || after < 0 {
			after = 1 << 62 // an id this server never issued: reset
		}
	}
	if rs, ok := u.cfg.Events.(parley.EventReplayer); ok && after >= 0 {
		rp, ch, cancel, err = rs.SubscribeAfter(ctx, me.Workspace.ID, after)
	} else {
		ch, cancel, err = u.cfg.Events.Subscribe(ctx, me.Workspace.ID)
	}
	if err != nil {
		u.fail(w, r, me, err)
		return
	}
	defer cancel()
	// The server's write timeout is for pages; a stream lives as long as the member stays.
	http.NewResponseController(w).SetWriteDeadline(time.Time{})
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "event: ready\ndata: ok\n\n")
	if rp != nil {
		if rp.Reset {
			writeUIEvent(w, parley.Event{Seq: rp.Head, Type: "reset"})
		}
		for _, ev := range rp.Events {
			writeUIEvent(w, ev)
		}
	}
	fl.Flush()
	ping := time.NewTicker(25 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n")
			fl.Flush()
		case ev, ok := <-ch:
			if !ok {
				return
			}
			// Revoking the token ends the stream at the next event.
			if u.authenticate(r) == nil {
				return
			}
			writeUIEvent(w, ev)
			fl.Flush()
		}
	}
}

// writeUIEvent writes ev as the event named by its type, with the version it concerns, and
// a generic "change".
func writeUIEvent(w http.ResponseWriter, ev parley.Event) {
	name := sseName(ev.Type)
	fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", ev.Seq, name, sseName(ev.Version))
	fmt.Fprintf(w, "event: change\ndata: %s\n\n", name)
}

// sseName keeps letters, digits, '.', '_' and '-' of s, so no event field can break the
// stream's framing.
func sseName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-' {
			return r
		}
		return -1
	}, s)
}
