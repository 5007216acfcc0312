package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// events serves GET /w/{ws}/events: the workspace's live updates, relayed from the
// EventService as server-sent events for htmx's sse extension. The service already filters
// events by audience, and events carry ids only; the relay passes on just the event's type
// (as the SSE event name, plus a generic "change") and the version it concerns, and pages
// then fetch what changed through the same filtered services.
func (u *ui) events(w http.ResponseWriter, r *http.Request, me *session) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming is not supported", http.StatusInternalServerError)
		return
	}
	ctx := ctxFor(r.Context(), me)
	ch, cancel, err := u.cfg.Events.Subscribe(ctx, me.Workspace.ID)
	if err != nil {
		u.fail(w, r, me, err)
		return
	}
	defer cancel()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "event: ready\ndata: ok\n\n")
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
			name := sseName(ev.Type)
			fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", ev.Seq, name, sseName(ev.Version))
			fmt.Fprintf(w, "event: change\ndata: %s\n\n", name)
			fl.Flush()
		}
	}
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
