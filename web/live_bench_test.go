package web_test

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"parley"
	"parley/sqlite"
	"parley/web"
	"parley/workspace"
)

// BenchmarkMatrixUpdate measures, on a 28-point plan with 5 parties, the time from a party's
// stance being written to the mediator's matrix table being fetched again: the write, the
// event through the UI's stream, and the fragment htmx then loads. The target is < 1 s.
func BenchmarkMatrixUpdate(b *testing.B) {
	db, err := sqlite.Open(filepath.Join(b.TempDir(), "parley.db"), sqlite.Options{Synchronous: "NORMAL"})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	svc := workspace.New(db, workspace.Config{AdminToken: adminToken})
	in := &parley.WorkspaceCreate{Name: "Five parties",
		Issues:  []*parley.Issue{{ID: "x", Kind: parley.KindInteger, Min: 0, Max: 10}},
		Parties: []parley.PartySpec{{ID: "med", Name: "Mediator", Role: parley.RoleMediator}}}
	for k := range 5 {
		in.Parties = append(in.Parties, parley.PartySpec{ID: fmt.Sprintf("p%d", k), Name: fmt.Sprintf("Party %d", k), Role: parley.RoleParty})
	}
	ws, toks, err := svc.CreateWorkspace(parley.NewContextWithCaller(context.Background(), &parley.Caller{Admin: true}), in)
	if err != nil {
		b.Fatal(err)
	}
	as := map[string]context.Context{}
	tokens := map[string]string{}
	for _, t := range toks {
		c, _ := svc.Authenticate(context.Background(), t.Token)
		as[t.MemberID] = parley.NewContextWithCaller(context.Background(), c)
		tokens[t.MemberID] = t.Token
	}
	var pts []parley.PointInput
	for k := range 28 {
		pts = append(pts, parley.PointInput{Title: ptr(fmt.Sprintf("Point %d", k+1)), Text: ptr("Text of the point.")})
	}
	v, err := svc.CreateDraft(as["med"], ws.ID, &parley.DraftCreate{Title: "28 points", Kind: parley.KindPlan, Points: pts})
	if err != nil {
		b.Fatal(err)
	}
	if v, err = svc.Publish(as["med"], ws.ID, v.ID, v.Rev); err != nil {
		b.Fatal(err)
	}
	h, err := web.New(web.ConfigFor(svc, slog.New(slog.DiscardHandler)))
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	get := func(path string) *http.Response {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("Accept", "text/event-stream")
		req.AddCookie(&http.Cookie{Name: "parley_token", Value: tokens["med"]})
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		return res
	}
	stream := get("/w/" + ws.ID + "/events")
	defer stream.Body.Close()
	lines := bufio.NewScanner(stream.Body)
	waitChange := func() {
		for lines.Scan() {
			if lines.Text() == "event: change" {
				return
			}
		}
		b.Fatal("the event stream ended")
	}
	revs := map[string]int64{}
	marks := []parley.Mark{parley.MarkAccept, parley.MarkReject, parley.MarkAmend, parley.MarkReserve}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		party, pt := fmt.Sprintf("p%d", i%5), v.Points[i%28].ID
		in := &parley.StanceInput{Mark: marks[i%4], Comment: "c"}
		if in.Mark == parley.MarkAmend {
			in.Amendment = "a"
		}
		s, err := svc.SetStance(as[party], ws.ID, v.ID, pt, revs[party+pt], in)
		if err != nil {
			b.Fatal(err)
		}
		revs[party+pt] = s.Rev
		waitChange()
		res := get("/w/" + ws.ID + "/matrix/table?v=" + v.ID)
		var body strings.Builder
		bufio.NewReader(res.Body).WriteTo(&body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !strings.Contains(body.String(), `data-mark="`+string(marks[i%4])+`"`) {
			b.Fatalf("matrix table: status %d", res.StatusCode)
		}
		i++
	}
}
