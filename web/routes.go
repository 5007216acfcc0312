package web

import "net/http"

// routes registers every page. Pages of a workspace live under /w/{ws}; the workspace in the
// path must be the signed-in member's.
func (u *ui) routes() {
	m := u.mux
	m.HandleFunc("GET /assets/{path...}", u.assets.serveAsset)
	m.HandleFunc("GET /favicon.ico", u.favicon)
	m.HandleFunc("GET /{$}", u.home)
	m.HandleFunc("GET /signin", u.signinLink)
	m.HandleFunc("POST /signin", u.signin)
	m.HandleFunc("POST /signout", u.signout)

	m.HandleFunc("GET /w/{ws}", u.member(u.overview))
	m.HandleFunc("GET /w/{ws}/events", u.member(u.events))

	m.HandleFunc("GET /w/{ws}/plan", u.member(u.plan))
	m.HandleFunc("POST /w/{ws}/drafts", u.member(u.createDraft))
	m.HandleFunc("GET /w/{ws}/v/{v}", u.member(u.version))
	m.HandleFunc("POST /w/{ws}/v/{v}/edit", u.member(u.editDraft))
	m.HandleFunc("POST /w/{ws}/v/{v}/publish", u.member(u.publish))
	m.HandleFunc("POST /w/{ws}/v/{v}/stance/{p}", u.member(u.setStance))
	m.HandleFunc("GET /w/{ws}/diff", u.member(u.diff))

	m.HandleFunc("GET /w/{ws}/matrix", u.member(u.matrix))
	m.HandleFunc("GET /w/{ws}/matrix/table", u.member(u.matrixTable))
	m.HandleFunc("GET /w/{ws}/analysis", u.member(u.analysis))
	m.HandleFunc("GET /w/{ws}/analysis/space", u.member(u.analysisSpace))
	m.HandleFunc("GET /w/{ws}/analysis/frontier.csv", u.member(u.frontierDownload("csv")))
	m.HandleFunc("GET /w/{ws}/analysis/frontier.json", u.member(u.frontierDownload("json")))

	m.HandleFunc("GET /w/{ws}/profile", u.member(u.profile))
	m.HandleFunc("POST /w/{ws}/profile", u.member(u.saveProfile))
	m.HandleFunc("POST /w/{ws}/profile/preview", u.member(u.previewProfile))

	m.HandleFunc("GET /w/{ws}/sessions", u.member(u.sessions))
	m.HandleFunc("POST /w/{ws}/sessions", u.member(u.createSession))
	m.HandleFunc("GET /w/{ws}/ratification", u.member(u.ratification))
	m.HandleFunc("POST /w/{ws}/ratification", u.member(u.propose))
	m.HandleFunc("POST /w/{ws}/ratification/{r}/sign", u.member(u.sign))
	m.HandleFunc("GET /w/{ws}/suggestion", u.member(u.suggestPage))
	m.HandleFunc("POST /w/{ws}/suggestion/adopt", u.member(u.adoptSuggestion))

	m.HandleFunc("GET /w/{ws}/questions", u.member(u.questions))
	m.HandleFunc("POST /w/{ws}/questions/answer", u.member(u.answerQuestion))
	m.HandleFunc("POST /w/{ws}/questions/remove", u.member(u.removeStatement))
	m.HandleFunc("POST /w/{ws}/questions/start", u.member(u.startQuestions))
	m.HandleFunc("GET /w/{ws}/candidates", u.member(u.candidates))
	m.HandleFunc("POST /w/{ws}/candidates", u.member(u.addCandidate))

	m.HandleFunc("/", u.home)
}

var _ http.Handler = (*http.ServeMux)(nil)
