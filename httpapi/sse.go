package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"parley"
)

// heartbeat is how often an idle event stream sends a comment to keep proxies open.
const heartbeat = 15 * time.Second

// lastEventID returns the id a reconnecting client has seen: the Last-Event-ID header, or
// the last_event_id query parameter for clients that cannot set headers; -1 when neither
// is given. An id that is not a non-negative integer counts as unknown, so the client is
// told to reload.
func lastEventID(r *http.Request) (int64, bool) {
	v := r.Header.Get("Last-Event-ID")
	if v == "" {
		v = r.URL.Query().Get("last_event_id")
	}
	v = strings.TrimSpace(v)
	if v == "" {
		return -1, true
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return -1, false
	}
	return n, true
}

func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	ws := r.PathValue("ws")
	after, valid := lastEventID(r)
	var (
		rp     *parley.Replay
		ch     <-chan parley.Event
		cancel func()
		err    error
	)
	switch {
	case !valid:
		// An unreadable id: subscribe from "now" and tell the client to reload.
		rp, ch, cancel, err = s.svc.SubscribeAfter(r.Context(), ws, 1<<62)
	case after >= 0:
		rp, ch, cancel, err = s.svc.SubscribeAfter(r.Context(), ws, after)
	default:
		ch, cancel, err = s.svc.Subscribe(r.Context(), ws)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	defer cancel()
	rc := http.NewResponseController(w)
	rc.SetWriteDeadline(time.Time{})
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, ": connected\n\n")
	// The replay was taken as the subscription began, so live events follow it without
	// gap or repeat.
	if rp != nil {
		if rp.Reset {
			writeEvent(w, parley.Event{Seq: rp.Head, Type: "reset", Workspace: ws, At: time.Now().UTC()})
		}
		for _, e := range rp.Events {
			writeEvent(w, e)
		}
	}
	rc.Flush()
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
			fmt.Fprint(w, ": ping\n\n")
		case e, ok := <-ch:
			if !ok {
				return
			}
			writeEvent(w, e)
		}
		if err := rc.Flush(); err != nil {
			return
		}
	}
}

// writeEvent writes e as one server-sent event; its id is the event's sequence number.
func writeEvent(w http.ResponseWriter, e parley.Event) {
	data, _ := json.Marshal(e)
	if e.Seq > 0 {
		fmt.Fprintf(w, "id: %d\n", e.Seq)
	}
	fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.Type, data)
}
