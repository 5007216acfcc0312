package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"parley"
)

// The questions page (a party) and the candidates page (the mediator). Everything shown
// comes from parley.ElicitService: the questions, the statements in words, the verdict
// counts and the zone under uncertainty, as the service lets the member see them.

type questionsData struct {
	WS    string
	E     *parley.Elicitation
	QJSON string // the question, sent back with the answer
	Error string
	Done  string // what just happened: "answer", "skip", "remove", "start"
	Zone  *parley.UncertainZone
	Items []questionItem // the values of a rank question, the packages of an acceptable_among or order_among one
}

// questionItem is one value or package of a question answered with a form.
type questionItem struct {
	Index, Place int // Place is Index+1: the value's place as listed
	Label        string
}

// questionItems lists q's values (rank) or packages in words (acceptable_among,
// order_among).
func questionItems(q *parley.Question, issues []*parley.Issue) []questionItem {
	var out []questionItem
	for j, v := range q.Values {
		out = append(out, questionItem{Index: j, Place: j + 1, Label: v})
	}
	for j, pkg := range q.Packages {
		var parts []string
		for _, is := range issues {
			parts = append(parts, is.DisplayName()+": "+pkg[is.ID])
		}
		out = append(out, questionItem{Index: j, Place: j + 1, Label: strings.Join(parts, "; ")})
	}
	return out
}

// questions serves GET /w/{ws}/questions: the party's next question, its statements and
// how far its verdicts are settled.
func (u *ui) questions(w http.ResponseWriter, r *http.Request, me *signedIn) {
	u.showQuestions(w, r, me, http.StatusOK, "")
}

func (u *ui) showQuestions(w http.ResponseWriter, r *http.Request, me *signedIn, status int, msg string) {
	ctx := ctxFor(r.Context(), me)
	ws := me.Workspace.ID
	e, err := u.cfg.Elicit.Elicitation(ctx, ws)
	if err != nil {
		u.fail(w, r, me, err)
		return
	}
	d := questionsData{WS: ws, E: e, Error: msg, Done: r.URL.Query().Get("done")}
	if e.Question != nil {
		b, _ := json.Marshal(e.Question)
		d.QJSON = string(b)
		d.Items = questionItems(e.Question, me.Workspace.Issues)
	}
	if d.Zone, err = u.cfg.Elicit.UncertainZone(ctx, ws); err != nil {
		u.fail(w, r, me, err)
		return
	}
	u.render(w, r, status, "questions", &page{Title: "Questions", Me: me, Active: "questions", Data: d})
}

// answerQuestion serves POST /w/{ws}/questions/answer: yes, no or skip.
func (u *ui) answerQuestion(w http.ResponseWriter, r *http.Request, me *signedIn) {
	var q parley.Question
	if err := json.Unmarshal([]byte(r.PostFormValue("question")), &q); err != nil {
		u.showQuestions(w, r, me, http.StatusBadRequest, "The question could not be read: reload the page.")
		return
	}
	rev, _ := strconv.ParseInt(r.PostFormValue("rev"), 10, 64)
	a := parley.AnswerKind(r.PostFormValue("answer"))
	var err error
	if a == parley.AnswerGiven {
		reply, msg := formReply(r, &q)
		if msg != "" {
			u.showQuestions(w, r, me, http.StatusBadRequest, msg)
			return
		}
		_, err = u.cfg.Elicit.Reply(ctxFor(r.Context(), me), me.Workspace.ID, rev, &q, reply)
	} else {
		_, err = u.cfg.Elicit.Answer(ctxFor(r.Context(), me), me.Workspace.ID, rev, &q, a)
	}
	done := "answer"
	if a == parley.AnswerSkip {
		done = "skip"
	}
	u.afterElicit(w, r, me, err, done)
}

// formReply reads the form's answer to a rank question (a place per value, in the order of
// the question's values), an acceptable_among one (the ticked packages) or an order_among
// one (a place per package and the ticked packages); a message when the places are not 1 to
// n, each once.
func formReply(r *http.Request, q *parley.Question) (parley.Reply, string) {
	var out parley.Reply
	if q.Kind == parley.QuestionAcceptableAmong || q.Kind == parley.QuestionOrderAmong {
		for _, s := range r.PostForm["acceptable"] {
			if j, err := strconv.Atoi(s); err == nil {
				out.Acceptable = append(out.Acceptable, j)
			}
		}
		if q.Kind == parley.QuestionAcceptableAmong {
			return out, ""
		}
		order, ok := formPlaces(r, len(q.Packages))
		if !ok {
			return out, "Give each package its own place, from 1 (the best) to " + strconv.Itoa(len(q.Packages)) + "."
		}
		out.Ranking = order
		return out, ""
	}
	order, ok := formPlaces(r, len(q.Values))
	if !ok {
		return out, "Give each value its own place, from 1 (the best) to " + strconv.Itoa(len(q.Values)) + "."
	}
	for _, j := range order {
		out.Order = append(out.Order, q.Values[j])
	}
	return out, ""
}

// formPlaces reads the form's places (1 for the best) of n items, given in the items'
// order, and returns the items' indices best first; false unless the places are 1 to n,
// each once.
func formPlaces(r *http.Request, n int) ([]int, bool) {
	places := r.PostForm["rank"]
	if len(places) != n {
		return nil, false
	}
	byPlace := make([]int, n)
	seen := make([]bool, n)
	for j, s := range places {
		p, err := strconv.Atoi(s)
		if err != nil || p < 1 || p > n || seen[p-1] {
			return nil, false
		}
		byPlace[p-1], seen[p-1] = j, true
	}
	return byPlace, true
}

// removeStatement serves POST /w/{ws}/questions/remove.
func (u *ui) removeStatement(w http.ResponseWriter, r *http.Request, me *signedIn) {
	rev, _ := strconv.ParseInt(r.PostFormValue("rev"), 10, 64)
	idx, err := strconv.Atoi(r.PostFormValue("index"))
	if err != nil {
		u.showQuestions(w, r, me, http.StatusBadRequest, "No such statement: reload the page.")
		return
	}
	_, err = u.cfg.Elicit.RemoveStatement(ctxFor(r.Context(), me), me.Workspace.ID, rev, idx)
	u.afterElicit(w, r, me, err, "remove")
}

// startQuestions serves POST /w/{ws}/questions/start: the party replaces its complete
// profile with a partial one that keeps its red lines and its use, and answers questions.
func (u *ui) startQuestions(w http.ResponseWriter, r *http.Request, me *signedIn) {
	ctx := ctxFor(r.Context(), me)
	ws, party := me.Workspace.ID, me.caller.MemberID
	cur, err := u.cfg.Profiles.Profile(ctx, ws, party)
	var rev int64
	spec := parley.ProfileSpec{Issues: map[string]parley.IssuePreference{}, Partial: true, ReservationUnknown: true}
	in := &parley.PartyProfile{Profile: spec}
	switch {
	case err == nil:
		rev, in.Use = cur.Rev, cur.Use
		in.Profile.RedLines = cur.Profile.RedLines
	case parley.ErrorCode(err) != parley.ENOTFOUND:
		u.fail(w, r, me, err)
		return
	}
	_, err = u.cfg.Profiles.PutProfile(ctx, ws, party, rev, in)
	u.afterElicit(w, r, me, err, "start")
}

func (u *ui) afterElicit(w http.ResponseWriter, r *http.Request, me *signedIn, err error, done string) {
	switch parley.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/w/"+me.Workspace.ID+"/questions?done="+done, http.StatusSeeOther)
	case parley.EINVALID, parley.ECONFLICT:
		u.showQuestions(w, r, me, http.StatusBadRequest, parley.ErrorMessage(err))
	default:
		u.fail(w, r, me, err)
	}
}

type candidatesData struct {
	WS         string
	Candidates []*parley.Candidate
	Zone       *parley.UncertainZone
	Issues     []*parley.Issue
	Parties    []*parley.Member
	Error      string
	Done       string
}

// candidates serves GET /w/{ws}/candidates: the mediator's candidate packages, with the
// answers of the parties that share their profile, the zone under uncertainty and the form
// to add a package.
func (u *ui) candidates(w http.ResponseWriter, r *http.Request, me *signedIn) {
	u.showCandidates(w, r, me, http.StatusOK, "")
}

func (u *ui) showCandidates(w http.ResponseWriter, r *http.Request, me *signedIn, status int, msg string) {
	ctx := ctxFor(r.Context(), me)
	ws := me.Workspace.ID
	d := candidatesData{WS: ws, Error: msg, Done: r.URL.Query().Get("done"), Issues: me.Workspace.Issues, Parties: me.Workspace.Parties()}
	var err error
	if d.Candidates, err = u.cfg.Elicit.Candidates(ctx, ws); err != nil {
		u.fail(w, r, me, err)
		return
	}
	if d.Zone, err = u.cfg.Elicit.UncertainZone(ctx, ws); err != nil {
		u.fail(w, r, me, err)
		return
	}
	u.render(w, r, status, "candidates", &page{Title: "Candidate packages", Me: me, Active: "candidates", Data: d})
}

// addCandidate serves POST /w/{ws}/candidates: one value per issue, from the form.
func (u *ui) addCandidate(w http.ResponseWriter, r *http.Request, me *signedIn) {
	pkg := map[string]string{}
	for _, is := range me.Workspace.Issues {
		pkg[is.ID] = r.PostFormValue("v-" + is.ID)
	}
	_, err := u.cfg.Elicit.AddCandidate(ctxFor(r.Context(), me), me.Workspace.ID, pkg, r.PostFormValue("label"))
	switch parley.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/w/"+me.Workspace.ID+"/candidates?done=add", http.StatusSeeOther)
	case parley.EINVALID:
		u.showCandidates(w, r, me, http.StatusBadRequest, parley.ErrorMessage(err))
	default:
		u.fail(w, r, me, err)
	}
}

// uncertainZone returns the zone under uncertainty as me may see it, for the mediator's
// desk (partial_uncertain_zone.html); nil when it could not be read.
func (u *ui) uncertainZone(r *http.Request, me *signedIn) *parley.UncertainZone {
	z, err := u.cfg.Elicit.UncertainZone(ctxFor(r.Context(), me), me.Workspace.ID)
	if err != nil {
		u.log.Error("uncertain zone", "err", err)
		return nil
	}
	return z
}
