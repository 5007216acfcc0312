package workspace_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"parley"
	"parley/demo"
	"parley/sqlite"
	"parley/workspace"
)

// openDemo loads the peace-talks demo into a fresh store and returns the service, the
// result and a context per member.
func openDemo(b *testing.B) (*workspace.Service, *demo.Result, map[string]context.Context) {
	b.Helper()
	db, err := sqlite.Open(filepath.Join(b.TempDir(), "p.db"), sqlite.Options{Synchronous: "NORMAL"})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	svc := workspace.New(db, workspace.Config{})
	res, err := demo.Load(parley.NewContextWithCaller(context.Background(), &parley.Caller{Admin: true}), svc)
	if err != nil {
		b.Fatal(err)
	}
	ctxs := map[string]context.Context{}
	for _, t := range res.Tokens {
		c, err := svc.Authenticate(context.Background(), t.Token)
		if err != nil {
			b.Fatal(err)
		}
		ctxs[t.MemberID] = parley.NewContextWithCaller(context.Background(), c)
	}
	return svc, res, ctxs
}

var sink any

func BenchmarkService(b *testing.B) {
	svc, res, as := openDemo(b)
	ws := res.Workspace.ID
	b.Run("version/party", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			v, err := svc.Version(as["russia"], ws, res.V2.ID)
			if err != nil {
				b.Fatal(err)
			}
			sink = v
		}
	})
	b.Run("versions/93", func(b *testing.B) {
		// The version list after a member published 90 versions (its quota is 100).
		text := "The parties undertake to respect the line of contact."
		for i := range 90 {
			d, err := svc.CreateDraft(as["united_states"], ws, &parley.DraftCreate{Title: fmt.Sprint("rival ", i), Points: []parley.PointInput{{Text: &text}}})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := svc.Publish(as["united_states"], ws, d.ID, d.Rev); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportAllocs()
		for b.Loop() {
			vs, err := svc.Versions(as["russia"], ws)
			if err != nil {
				b.Fatal(err)
			}
			sink = vs
		}
	})
	b.Run("versions/93/json", func(b *testing.B) {
		// The same list as served by the API: encoded once per write.
		b.ReportAllocs()
		for b.Loop() {
			vs, err := svc.VersionsJSON(as["russia"], ws)
			if err != nil {
				b.Fatal(err)
			}
			sink = vs
		}
	})
	b.Run("diff/28-22", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			d, err := svc.Diff(as["united_states"], ws, res.V1.ID, res.V2.ID)
			if err != nil {
				b.Fatal(err)
			}
			sink = d
		}
	})
	b.Run("analytics/party", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			a, err := svc.Analytics(as["ukraine"], ws, res.V2.ID)
			if err != nil {
				b.Fatal(err)
			}
			sink = a
		}
	})
	b.Run("analytics/mediator", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			a, err := svc.Analytics(as["united_states"], ws, res.V2.ID)
			if err != nil {
				b.Fatal(err)
			}
			sink = a
		}
	})
	b.Run("stance/write", func(b *testing.B) {
		b.ReportAllocs()
		p := res.V2.Points[0].ID
		st, err := svc.Stances(as["russia"], ws, res.V2.ID)
		if err != nil {
			b.Fatal(err)
		}
		var rev int64
		for _, s := range st {
			if s.Point == p && s.Party == "russia" {
				rev = s.Rev
			}
		}
		for b.Loop() {
			s, err := svc.SetStance(as["russia"], ws, res.V2.ID, p, rev, &parley.StanceInput{Mark: parley.MarkAccept})
			if err != nil {
				b.Fatal(err)
			}
			rev = s.Rev
		}
	})
}

func BenchmarkWordDiff(b *testing.B) {
	a := "The United States receives compensation for the guarantee; it is void if Ukraine invades Russia; if Russia invades Ukraine, a decisive military response follows and all sanctions are reinstated."
	c := "The United States guarantees the agreement; if Russia invades Ukraine, a decisive coordinated military response follows and all sanctions are reinstated."
	b.ReportAllocs()
	for b.Loop() {
		sink = workspace.WordDiff(a, c)
	}
}
