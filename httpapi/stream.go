package httpapi

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"time"

	"parley"
)

// frontierStreamer is implemented by services that stream the whole frontier
// (*workspace.Service does).
type frontierStreamer interface {
	StreamFrontier(ctx context.Context, ws string, each func(*parley.FrontierPoint) error) error
}

// frontierFlush is how often the frontier stream is flushed to the client.
const frontierFlush = 250 * time.Millisecond

// frontier streams every Pareto-optimal outcome as JSON lines (application/x-ndjson), one
// FrontierPoint a line, written as the service produces them. Errors found before the first
// point (forbidden, a space too large) are problems as on every route; the stream ends
// early only when the client leaves.
func (s *Server) frontier(w http.ResponseWriter, r *http.Request) {
	fs, ok := s.svc.(frontierStreamer)
	if !ok {
		s.writeError(w, r, parley.Errorf(parley.ENOTFOUND, "this server does not stream the frontier"))
		return
	}
	rc := http.NewResponseController(w)
	var bw *bufio.Writer
	var enc *json.Encoder
	last := time.Now()
	start := func() {
		rc.SetWriteDeadline(time.Time{})
		w.Header().Set("Content-Type", "application/x-ndjson")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusOK)
		bw = bufio.NewWriterSize(w, 1<<16)
		enc = json.NewEncoder(bw)
		enc.SetEscapeHTML(true)
	}
	err := fs.StreamFrontier(r.Context(), r.PathValue("ws"), func(p *parley.FrontierPoint) error {
		if bw == nil {
			start()
		}
		if err := enc.Encode(p); err != nil {
			return err
		}
		if time.Since(last) > frontierFlush {
			last = time.Now()
			if err := bw.Flush(); err != nil {
				return err
			}
			return rc.Flush()
		}
		return nil
	})
	if bw == nil {
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		start() // an empty frontier: an empty stream
	}
	bw.Flush()
}
