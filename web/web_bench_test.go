package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

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
		Sessions: svc, Ratify: svc, Events: svc, Logger: slog.New(slog.DiscardHandler)})
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
