package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"parley"
	"parley/demo"
	"parley/sqlite"
	"parley/web"
	"parley/workspace"
)

// BenchmarkPages renders every page of the demo workspace (the peace talks: a 28-point and a
// 22-point version, a rival draft, sessions, stances) for each role, through the handler
// alone, so the figure is the server's rendering time. The target is < 100 ms a page.
func BenchmarkPages(b *testing.B) {
	db, err := sqlite.Open(filepath.Join(b.TempDir(), "parley.db"), sqlite.Options{Synchronous: "NORMAL"})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	svc := workspace.New(db, workspace.Config{AdminToken: adminToken})
	res, err := demo.Load(parley.NewContextWithCaller(context.Background(), &parley.Caller{Admin: true}), svc)
	if err != nil {
		b.Fatal(err)
	}
	h, err := web.New(web.Config{Auth: svc, Workspaces: svc, Profiles: svc, Plans: svc, Stances: svc,
		Sessions: svc, Ratify: svc, Events: svc, Desk: svc, Frontier: svc, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	ws := res.Workspace
	w := "/w/" + ws.ID
	paths := map[string]string{
		"overview": w, "plan": w + "/plan", "version": w + "/v/" + res.V1.ID, "diff": w + "/diff?from=" + res.V1.ID + "&to=" + res.V2.ID,
		"matrix": w + "/matrix?v=" + res.V1.ID, "analysis": w + "/analysis?v=" + res.V2.ID, "space": w + "/analysis/space", "sessions": w + "/sessions",
		"ratification": w + "/ratification", "profile": w + "/profile",
	}
	roles := map[parley.Role]string{}
	for _, t := range res.Tokens {
		if m := ws.Member(t.MemberID); m != nil && roles[m.Role] == "" {
			roles[m.Role] = t.Token
		}
	}
	for _, role := range []parley.Role{parley.RoleMediator, parley.RoleParty, parley.RoleObserver} {
		for _, name := range []string{"overview", "plan", "version", "diff", "matrix", "analysis", "space", "sessions", "ratification", "profile"} {
			if name == "profile" && role != parley.RoleParty || name == "space" && role != parley.RoleMediator {
				continue
			}
			b.Run(string(role)+"/"+name, func(b *testing.B) {
				req := httptest.NewRequest("GET", paths[name], nil)
				req.AddCookie(&http.Cookie{Name: "parley_token", Value: roles[role]})
				b.ReportAllocs()
				for b.Loop() {
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, req)
					if rec.Code != http.StatusOK {
						b.Fatalf("%s as %s: status %d\n%s", paths[name], role, rec.Code, rec.Body)
					}
				}
			})
		}
	}
	// The mediator's analysis when every party shares its profile: the per-party values, the
	// joint results, the frontier, the improvements and the zone, all computed.
	ru, err := svc.Authenticate(context.Background(), tokenOf(res, "russia"))
	if err != nil {
		b.Fatal(err)
	}
	ctx := parley.NewContextWithCaller(context.Background(), ru)
	p, err := svc.Profile(ctx, ws.ID, "russia")
	if err != nil {
		b.Fatal(err)
	}
	p.Use = parley.UseShared
	if _, err := svc.PutProfile(ctx, ws.ID, "russia", p.Rev, p); err != nil {
		b.Fatal(err)
	}
	b.Run("mediator/analysis-all-share", func(b *testing.B) {
		req := httptest.NewRequest("GET", paths["analysis"], nil)
		req.AddCookie(&http.Cookie{Name: "parley_token", Value: roles[parley.RoleMediator]})
		b.ReportAllocs()
		for b.Loop() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `id="zone-ranges"`) {
				b.Fatalf("status %d\n%s", rec.Code, rec.Body)
			}
		}
	})
}

func tokenOf(res *demo.Result, member string) string {
	for _, t := range res.Tokens {
		if t.MemberID == member {
			return t.Token
		}
	}
	return ""
}

// BenchmarkPages200 renders the pages that grow with the plan on a workspace of 200 points:
// the version, the diff of two 200-point versions (lineage) and of a 200-point rival draft
// written from scratch (every point paired by content), side by side and inline, and the
// stance matrix with every cell answered; the mediator's overview with the desk of the
// 200-point version 2 (every point answered, a quarter blocked, the changes since a session
// that produced version 1); and the analysis (summary, frontier table, utility space,
// progress) with every party sharing. The target is < 100 ms a page.
func BenchmarkPages200(b *testing.B) {
	f := newFixture(b)
	med := f.ctx("us")
	words := strings.Fields("ceasefire monitoring withdrawal forces line contact guarantees sanctions assets reconstruction elections amnesty prisoners exchange children energy plant river shipping grain security dialogue council treaty nuclear")
	text := func(i, salt int) string {
		var s []string
		for k := 0; k < 24; k++ {
			s = append(s, words[(i*7+k*(3+salt))%len(words)])
		}
		return "Point " + strconv.Itoa(i) + ": the parties agree on " + strings.Join(s, " ") + "."
	}
	var pts []parley.PointInput
	for i := range 200 {
		in := parley.PointInput{Title: ptr("Clause " + strconv.Itoa(i)), Text: ptr(text(i, 0))}
		if i%10 == 0 {
			in.Bindings = map[string]string{"buffer_km": "40"}
		}
		pts = append(pts, in)
	}
	d, err := f.svc.CreateDraft(med, f.ws.ID, &parley.DraftCreate{Title: "Long plan", Kind: parley.KindPlan, Points: pts})
	if err != nil {
		b.Fatal(err)
	}
	v1, err := f.svc.Publish(med, f.ws.ID, d.ID, d.Rev)
	if err != nil {
		b.Fatal(err)
	}
	if d, err = f.svc.CreateDraft(med, f.ws.ID, &parley.DraftCreate{Title: "Long plan, revised", Kind: parley.KindPlan, BasedOn: v1.ID}); err != nil {
		b.Fatal(err)
	}
	var ops []parley.PointOp
	for i := 0; i < 200; i += 5 {
		ops = append(ops, parley.PointOp{Op: "edit", Point: v1.Points[i].ID, Content: parley.PointInput{Text: ptr(text(i, 1)), Bindings: map[string]string{"buffer_km": "35"}}})
	}
	for i := 3; i < 200; i += 20 {
		ops = append(ops, parley.PointOp{Op: "remove", Point: v1.Points[i].ID})
		// and one new point in its place, so that version 2 (the desk's) has 200 points too
		ops = append(ops, parley.PointOp{Op: "add", Content: parley.PointInput{Title: ptr("New clause " + strconv.Itoa(i)), Text: ptr(text(i, 3))}})
	}
	if d, err = f.svc.EditDraft(med, f.ws.ID, d.ID, d.Rev, ops); err != nil {
		b.Fatal(err)
	}
	v2, err := f.svc.Publish(med, f.ws.ID, d.ID, d.Rev)
	if err != nil {
		b.Fatal(err)
	}
	var rpts []parley.PointInput
	for i := 199; i >= 0; i-- {
		rpts = append(rpts, parley.PointInput{Title: ptr("Clause " + strconv.Itoa(i)), Text: ptr(text(i, 2))})
	}
	r, err := f.svc.CreateDraft(f.ctx("eu"), f.ws.ID, &parley.DraftCreate{Title: "Rival", Kind: parley.KindRival, Points: rpts})
	if err != nil {
		b.Fatal(err)
	}
	rival, err := f.svc.Publish(f.ctx("eu"), f.ws.ID, r.ID, r.Rev)
	if err != nil {
		b.Fatal(err)
	}
	marks := []parley.Mark{parley.MarkAccept, parley.MarkReject, parley.MarkAmend, parley.MarkReserve}
	for _, p := range []string{"ua", "ru"} {
		for i, pt := range v1.Points {
			if !pt.IsVisibleTo(p) {
				continue
			}
			in := &parley.StanceInput{Mark: marks[i%4], Comment: "Noted."}
			if in.Mark == parley.MarkAmend {
				in.Amendment = "Within **72 hours**."
			}
			if _, err := f.svc.SetStance(f.ctx(p), f.ws.ID, v1.ID, pt.ID, 0, in); err != nil {
				b.Fatal(err)
			}
		}
	}
	// The desk reads the current version (v2): every point answered by both parties, a
	// quarter of them blocked, and a session that produced v1 to diff against.
	if _, err := f.svc.CreateSession(med, f.ws.ID, &parley.Session{Title: "Round 1", Date: time.Now().Add(-time.Hour), Produced: v1.ID}); err != nil {
		b.Fatal(err)
	}
	for _, p := range []string{"ua", "ru"} {
		for i, pt := range v2.Points {
			if !pt.IsVisibleTo(p) {
				continue
			}
			in := &parley.StanceInput{Mark: marks[(i+1)%4]}
			if in.Mark == parley.MarkAmend {
				in.Amendment = "Within **48 hours**."
			}
			if _, err := f.svc.SetStance(f.ctx(p), f.ws.ID, v2.ID, pt.ID, 0, in); err != nil {
				b.Fatal(err)
			}
		}
	}
	// Every party shares its profile: the analysis page then shows everything it can.
	p, err := f.svc.Profile(f.ctx("ua"), f.ws.ID, "ua")
	if err != nil {
		b.Fatal(err)
	}
	p.Use = parley.UseShared
	if _, err := f.svc.PutProfile(f.ctx("ua"), f.ws.ID, "ua", p.Rev, p); err != nil {
		b.Fatal(err)
	}
	w := "/w/" + f.ws.ID
	for _, pg := range []struct{ name, path string }{
		{"desk", w},
		{"analysis", w + "/analysis?v=" + v2.ID},
		{"analysis-frontier-sorted", w + "/analysis?v=" + v2.ID + "&fsort=u:ua&fdir=desc&fpage=2"},
		{"space", w + "/analysis/space"},
		{"frontier-csv", w + "/analysis/frontier.csv"},
		{"version", w + "/v/" + v2.ID},
		{"diff", w + "/diff?from=" + v1.ID + "&to=" + v2.ID},
		{"diff-inline", w + "/diff?from=" + v1.ID + "&to=" + v2.ID + "&view=inline&hide=kept"},
		{"diff-rival", w + "/diff?from=" + v2.ID + "&to=" + rival.ID},
		{"matrix", w + "/matrix?v=" + v1.ID},
		{"matrix-blocked", w + "/matrix?v=" + v1.ID + "&only=blocked"},
	} {
		b.Run(pg.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", pg.path, nil)
			req.AddCookie(&http.Cookie{Name: "parley_token", Value: f.tokens["us"]})
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				f.h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || pg.name == "desk" && !strings.Contains(rec.Body.String(), `id="desk-pt-200"`) {
					b.Fatalf("%s: status %d\n%s", pg.path, rec.Code, rec.Body)
				}
			}
		})
	}
}
