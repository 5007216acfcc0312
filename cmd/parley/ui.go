package main

import (
	"log/slog"
	"net/http"

	"parley/httpapi"
	"parley/web"
	"parley/workspace"
)

// webUI returns the hook that mounts the browser UI at "/" beside the API, for app.Config.
func webUI(log *slog.Logger) func(*workspace.Service, *httpapi.Server) http.Handler {
	return func(svc *workspace.Service, _ *httpapi.Server) http.Handler {
		ui, err := web.New(web.ConfigFor(svc, log))
		if err != nil {
			// The templates are embedded and tested, so this is a defect of the build; the API
			// still works and the UI says what happened.
			log.Error("web UI unavailable", "err", err)
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				http.Error(w, "the web UI is unavailable in this build; the API at /api/ works", http.StatusInternalServerError)
			})
		}
		return ui
	}
}
