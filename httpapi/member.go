package httpapi

import (
	"context"
	"net/http"

	"parley"
)

// Limit serves r, a request of caller c that reached the server by other means than the
// API's bearer token (the web UI's pages, signed in by cookie), under the limits the API's
// requests are under: counted among its member's requests at once (at most MaxInFlight),
// charged to the member's budget of server time, served one at a time and giving way to
// the other members' requests once half the budget is spent, and counted among the
// requests a spent member gives way to while within it. serve is called with the request
// to serve (whose context may carry a yield function: see parley.Yield).
//
// When the member is over its limits, Limit serves nothing: it sets Retry-After, holds
// the refusal for RefusalHold (as the API does), and returns the error (code limit) for
// the caller to answer with, 429. A nil caller and the administrator are served as they
// are; so should event streams be, which are capped apart and last as long as the page.
func (s *Server) Limit(w http.ResponseWriter, r *http.Request, c *parley.Caller, serve func(*http.Request)) error {
	if c == nil || c.Admin {
		serve(r)
		return nil
	}
	done, err := s.admit(w, c)
	if err != nil {
		holdRefusal(r.Context())
		return err
	}
	defer done()
	s.charge(r.Context(), c, false, false, func(ctx context.Context) {
		if ctx != r.Context() {
			r = r.WithContext(ctx)
		}
		if f := s.serveHook.Load(); f != nil {
			(*f)()
		}
		serve(r)
	})
	return nil
}
