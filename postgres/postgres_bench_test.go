package postgres_test

import (
	"context"
	"sync/atomic"
	"testing"

	"parley"
	"parley/demo"
	"parley/postgres/pgtest"
	"parley/workspace"
)

// BenchmarkService measures the service on PostgreSQL with the peace-talks demo loaded,
// the same operations as workspace's BenchmarkService on SQLite. The test cluster runs
// with fsync off unless PARLEY_PGTEST_FSYNC=on.
func BenchmarkService(b *testing.B) {
	url := pgtest.NewDatabase(b)
	db := open(b, url)
	svc := workspace.New(db, workspace.Config{})
	res, err := demo.Load(parley.NewContextWithCaller(context.Background(), &parley.Caller{Admin: true}), svc)
	if err != nil {
		b.Fatal(err)
	}
	as := map[string]context.Context{}
	for _, t := range res.Tokens {
		c, err := svc.Authenticate(context.Background(), t.Token)
		if err != nil {
			b.Fatal(err)
		}
		as[t.MemberID] = parley.NewContextWithCaller(context.Background(), c)
	}
	ws := res.Workspace.ID
	b.Run("version/party", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := svc.Version(as["russia"], ws, res.V2.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("version/party/parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := svc.Version(as["russia"], ws, res.V2.ID); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	// Writes on two points, each goroutine marking its own, through two stores (two
	// servers): serialised by the audit head lock.
	write := func(b *testing.B, svc *workspace.Service, point int) {
		p := res.V2.Points[point].ID
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
	}
	b.Run("stance/write", func(b *testing.B) {
		b.ReportAllocs()
		write(b, svc, 0)
	})
	b.Run("stance/write/parallel", func(b *testing.B) {
		b.ReportAllocs()
		svcs := []*workspace.Service{svc, workspace.New(open(b, url), workspace.Config{AuditKey: svc.AuditKey()})}
		var next atomic.Int64
		b.RunParallel(func(pb *testing.PB) {
			i := int(next.Add(1))
			s := svcs[i%2]
			p := res.V2.Points[i%len(res.V2.Points)].ID
			c, err := s.Authenticate(context.Background(), tokenOf(res, "russia"))
			if err != nil {
				b.Error(err)
				return
			}
			ctx := parley.NewContextWithCaller(context.Background(), c)
			var rev int64
			sts, _ := s.Stances(ctx, ws, res.V2.ID)
			for _, st := range sts {
				if st.Point == p && st.Party == "russia" {
					rev = st.Rev
				}
			}
			for pb.Next() {
				st, err := s.SetStance(ctx, ws, res.V2.ID, p, rev, &parley.StanceInput{Mark: parley.MarkAccept})
				if err != nil {
					b.Error(err)
					return
				}
				rev = st.Rev
			}
		})
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
