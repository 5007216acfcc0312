package workspace_test

import (
	"context"
	"errors"
	"runtime"
	"sync/atomic"
	"testing"

	"parley"
	"parley/workspace"
	"parley/workspace/wstest"
)

// TestStreamFlood reproduces the flood of issue 15: one observer opened 20,000 event
// streams. Past DefaultMaxStreams it is refused with ELIMIT (429), while another member still
// subscribes; closing a stream makes room again.
func TestStreamFlood(t *testing.T) {
	e := wstest.MustOpen(t)
	var cancels []func()
	defer func() {
		for _, c := range cancels {
			c()
		}
	}()
	for i := 0; i < workspace.DefaultMaxStreams; i++ {
		_, cancel, err := e.Service.Subscribe(e.As("obs"), e.WS.ID)
		if err != nil {
			t.Fatalf("stream %d: %v", i+1, err)
		}
		cancels = append(cancels, cancel)
	}
	for range 100 {
		if _, _, err := e.Service.Subscribe(e.As("obs"), e.WS.ID); code(err) != parley.ELIMIT {
			t.Fatalf("stream beyond the cap: %v, want %s", err, parley.ELIMIT)
		}
	}
	_, cancel, err := e.Service.Subscribe(e.As("east"), e.WS.ID)
	if err != nil {
		t.Fatalf("another member's stream: %v", err)
	}
	cancel()
	cancels[0]()
	if _, cancel, err := e.Service.Subscribe(e.As("obs"), e.WS.ID); err != nil {
		t.Errorf("after closing one: %v", err)
	} else {
		cancels[0] = cancel
	}
}

// TestVersionSummaries: the list, read without decoding the versions, says what the
// versions say.
func TestVersionSummaries(t *testing.T) {
	e := wstest.MustOpen(t)
	v1 := publishPlan(t, e, "", []parley.PointOp{add("A", "a", nil), add("B", "b", nil, "east")})
	d, err := e.Service.CreateDraft(e.As("med"), e.WS.ID, &parley.DraftCreate{Title: "next", BasedOn: v1.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Service.CreateDraft(e.As("west"), e.WS.ID, &parley.DraftCreate{Title: "west's"}); err != nil {
		t.Fatal(err)
	}
	list, err := e.Service.Versions(e.As("med"), e.WS.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != v1.ID || list[1].ID != d.ID {
		t.Fatalf("the mediator's list %+v, want v1 and its own draft", list)
	}
	for _, s := range list {
		v, err := e.Service.Version(e.As("med"), e.WS.ID, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		pub := v.PublishedAt == nil && s.PublishedAt == nil || v.PublishedAt != nil && s.PublishedAt != nil && v.PublishedAt.Equal(*s.PublishedAt)
		if s.Kind != v.Kind || s.Status != v.Status || s.Number != v.Number || s.Title != v.Title || s.Author != v.Author ||
			s.BasedOn != v.BasedOn || s.Points != len(v.Points) || s.Rev != v.Rev || s.Hash != v.Hash || !s.CreatedAt.Equal(v.CreatedAt) || !pub {
			t.Errorf("summary %+v of version %+v", s, v)
		}
	}
}

// TestDraftQuota reproduces the draft bloat of issue 15: a party tabling draft after
// draft is stopped at the quota; others still draft.
func TestDraftQuota(t *testing.T) {
	e := wstest.MustOpen(t)
	n := 0
	for ; n < 1000; n++ {
		_, err := e.Service.CreateDraft(e.As("west"), e.WS.ID, &parley.DraftCreate{Title: "bloat"})
		if code(err) == parley.ELIMIT {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if n == 0 || n > 50 {
		t.Errorf("west made %d drafts before the quota", n)
	}
	if _, err := e.Service.CreateDraft(e.As("east"), e.WS.ID, &parley.DraftCreate{Title: "mine"}); err != nil {
		t.Errorf("east's draft: %v", err)
	}
}

// TestAnalysesBounded reproduces the analytics flood of issue 15 (a page running 30
// analyses at once, analyses running on after the client left): at most
// AnalysesPerWorkspace run at once, AnalysesPerMember of one member's; a request whose client
// leaves returns at once; the others run when a slot frees.
func TestAnalysesBounded(t *testing.T) {
	e := wstest.MustOpen(t)
	v := publishPlan(t, e, "", []parley.PointOp{add("A", "a", map[string]string{"nato": "join", "buffer_km": "40"})})
	run := func(t *testing.T, members []string, want int64) {
		gate := make(chan struct{})
		var running, most atomic.Int64
		workspace.SetAnalysisHook(e.Service, func() {
			n := running.Add(1)
			for {
				m := most.Load()
				if n <= m || most.CompareAndSwap(m, n) {
					break
				}
			}
			<-gate
			running.Add(-1)
		})
		defer workspace.SetAnalysisHook(e.Service, nil)
		const n = 30
		errs := make(chan error, n)
		for i := range n {
			ctx := e.As(members[i%len(members)])
			go func() {
				_, err := e.Service.Analytics(ctx, e.WS.ID, v.ID)
				errs <- err
			}()
		}
		for running.Load() < want {
			runtime.Gosched()
		}
		// A client that leaves while the slots are busy gets its context's error at once.
		ctx, cancel := context.WithCancel(e.As(members[0]))
		left := make(chan error, 1)
		go func() {
			_, err := e.Service.Analytics(ctx, e.WS.ID, v.ID)
			left <- err
		}()
		cancel()
		if err := <-left; !errors.Is(err, context.Canceled) {
			t.Errorf("a client that left: %v, want context.Canceled", err)
		}
		close(gate)
		for range n {
			if err := <-errs; err != nil {
				t.Errorf("queued analysis: %v", err)
			}
		}
		if got := most.Load(); got != want {
			t.Errorf("%d analyses ran at once, want %d", got, want)
		}
	}
	t.Run("Workspace", func(t *testing.T) { run(t, []string{"med", "east", "west", "obs"}, workspace.AnalysesPerWorkspace) })
	t.Run("Member", func(t *testing.T) { run(t, []string{"med"}, workspace.AnalysesPerMember) })
}
