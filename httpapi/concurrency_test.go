package httpapi_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"parley"
	"parley/httpapi/client"
)

// TestConcurrentWriters runs 50 clients at once: 26 mark the same point (two parties), 24
// add points to the same draft, each retrying on 409 Conflict with the fresh revision.
// Every acknowledged write must be there exactly once.
func TestConcurrentWriters(t *testing.T) {
	m := startServer(t)
	f := newFixture(t, m, false)
	ctx := context.Background()
	const writers, each = 50, 4
	point := f.published.Points[1].ID
	var wg sync.WaitGroup
	var mu sync.Mutex
	acked := map[string]int{} // party -> acknowledged stance writes
	var added []string        // texts of acknowledged points
	errs := make(chan error, writers)
	for g := 0; g < writers; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			if g < 26 {
				party := []string{"east", "west"}[g%2]
				c := client.New(m.URL, f.tokens[party])
				for i := 0; i < each; {
					var rev int64
					sts, err := c.Stances(ctx, f.ws, f.published.ID)
					if err != nil {
						errs <- err
						return
					}
					for _, s := range sts {
						if s.Party == party && s.Point == point {
							rev = s.Rev
						}
					}
					_, err = c.SetStance(ctx, f.ws, f.published.ID, point, rev, &parley.StanceInput{Mark: parley.MarkReserve, Comment: fmt.Sprintf("w%d-%d", g, i)})
					if parley.ErrorCode(err) == parley.ECONFLICT {
						continue
					} else if err != nil {
						errs <- err
						return
					}
					mu.Lock()
					acked[party]++
					mu.Unlock()
					i++
				}
				return
			}
			c := client.New(m.URL, f.tokens["med"])
			for i := 0; i < each; {
				v, err := c.Version(ctx, f.ws, f.draft.ID)
				if err != nil {
					errs <- err
					return
				}
				text := fmt.Sprintf("point from writer %d, write %d", g, i)
				_, err = c.EditDraft(ctx, f.ws, v.ID, v.Rev, []parley.PointOp{{Op: "add", Content: parley.PointInput{Text: &text}}})
				if parley.ErrorCode(err) == parley.ECONFLICT {
					continue
				} else if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				added = append(added, text)
				mu.Unlock()
				i++
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	med := client.New(m.URL, f.tokens["med"])
	sts, err := med.Stances(ctx, f.ws, f.published.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sts {
		if s.Point != point {
			continue
		}
		// The fixture's stance is on another point, so each write here bumped rev by one.
		if got, want := s.Rev, int64(acked[s.Party]); got != want {
			t.Errorf("%s's stance is at rev %d after %d acknowledged writes", s.Party, got, want)
		}
	}
	v, err := med.Version(ctx, f.ws, f.draft.ID)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, p := range v.Points {
		if strings.HasPrefix(p.Text, "point from writer") {
			count[p.Text]++
		}
	}
	if got, want := len(count), len(added); got != want {
		t.Errorf("%d distinct added points, want %d", got, want)
	}
	for _, text := range added {
		if count[text] != 1 {
			t.Errorf("%q is there %d times", text, count[text])
		}
	}
	if got, want := len(added), 24*each; got != want {
		t.Errorf("%d acknowledged adds, want %d", got, want)
	}
	es, err := med.Audit(ctx, f.ws, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range es {
		if e.Action == "stance.set" && strings.Contains(e.Target, point) {
			n++
		}
	}
	if got, want := n, acked["east"]+acked["west"]; got != want {
		t.Errorf("%d audit entries for %d stance writes", got, want)
	}
}
