package workspace_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"parley"
	"parley/workspace"
)

func pt(id string, n int, text string, from ...string) *parley.PlanPoint {
	return &parley.PlanPoint{ID: id, Number: n, Text: text, From: from}
}

func version(id string, ps ...*parley.PlanPoint) *parley.Version {
	return &parley.Version{ID: id, Points: ps}
}

func TestDiffVersions(t *testing.T) {
	a := version("a", pt("p1", 1, "one"), pt("p2", 2, "two"), pt("p3", 3, "three"), pt("p4", 4, "four"))
	tests := []struct {
		name string
		b    *parley.Version
		from map[string][]string
		want map[parley.Change]int
	}{
		{"Identical", version("b", pt("p1", 1, "one"), pt("p2", 2, "two"), pt("p3", 3, "three"), pt("p4", 4, "four")), nil,
			map[parley.Change]int{parley.ChangeKept: 4}},
		{"Reworded", version("b", pt("p1", 1, "one"), pt("p2", 2, "two, amended"), pt("p3", 3, "three"), pt("p4", 4, "four")), nil,
			map[parley.Change]int{parley.ChangeKept: 3, parley.ChangeReworded: 1}},
		{"DroppedAndAdded", version("b", pt("p1", 1, "one"), pt("p5", 2, "five"), pt("p3", 3, "three"), pt("p4", 4, "four")), nil,
			map[parley.Change]int{parley.ChangeKept: 3, parley.ChangeDropped: 1, parley.ChangeAdded: 1}},
		{"Merged", version("b", pt("p1", 1, "one"), pt("m", 2, "two and three", "p2", "p3"), pt("p4", 3, "four")), map[string][]string{"m": {"p2", "p3"}},
			map[parley.Change]int{parley.ChangeKept: 2, parley.ChangeMerged: 1}},
		{"Split", version("b", pt("s1", 1, "o"), pt("s2", 2, "ne"), pt("p2", 3, "two"), pt("p3", 4, "three"), pt("p4", 5, "four")),
			map[string][]string{"s1": {"p1"}, "s2": {"p1"}},
			map[parley.Change]int{parley.ChangeKept: 3, parley.ChangeSplit: 1}},
		{"ThroughAnIntermediateVersion", version("c", pt("x", 1, "all of it", "m"), pt("p4", 2, "four")),
			map[string][]string{"m": {"p1", "p2", "p3"}, "x": {"m"}},
			map[parley.Change]int{parley.ChangeKept: 1, parley.ChangeMerged: 1}},
		{"HiddenPlaceholder", version("b", pt("p1", 1, "one"), &parley.PlanPoint{ID: "p2", Number: 2, Hidden: true}, pt("p3", 3, "three"), pt("p4", 4, "four")), nil,
			map[parley.Change]int{parley.ChangeKept: 3, parley.ChangeHidden: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := workspace.DiffVersions(a, tt.b, tt.from)
			if !maps.Equal(d.Counts, tt.want) {
				t.Errorf("counts %v, want %v", d.Counts, tt.want)
			}
			// Every point of both versions appears in exactly one entry.
			seen := map[string]int{}
			for _, e := range d.Entries {
				for _, id := range e.FromIDs {
					seen["a/"+id]++
				}
				for _, id := range e.ToIDs {
					seen["b/"+id]++
				}
			}
			for _, p := range a.Points {
				if seen["a/"+p.ID] != 1 {
					t.Errorf("point %s of a is in %d entries", p.ID, seen["a/"+p.ID])
				}
			}
			for _, p := range tt.b.Points {
				if want := 1; !p.Hidden && seen["b/"+p.ID] != want {
					t.Errorf("point %s of b is in %d entries", p.ID, seen["b/"+p.ID])
				}
			}
		})
	}
	t.Run("ReverseMergeIsSplit", func(t *testing.T) {
		b := version("b", pt("p1", 1, "one"), pt("m", 2, "two and three", "p2", "p3"), pt("p4", 3, "four"))
		d := workspace.DiffVersions(b, a, map[string][]string{"m": {"p2", "p3"}})
		if got, want := d.Counts[parley.ChangeSplit], 1; got != want {
			t.Errorf("split %d, want %d (%v)", got, want, d.Counts)
		}
	})
	t.Run("Moved", func(t *testing.T) {
		b := version("b", pt("p2", 1, "two"), pt("p1", 2, "one"), pt("p3", 3, "three"), pt("p4", 4, "four"))
		moved := 0
		for _, e := range workspace.DiffVersions(a, b, nil).Entries {
			if e.Moved {
				moved++
			}
		}
		if got, want := moved, 1; got != want {
			t.Errorf("moved %d, want %d (two points swapped: one of them moved)", got, want)
		}
	})
	t.Run("RenumberedIsNotMoved", func(t *testing.T) {
		b := version("b", pt("p1", 1, "one"), pt("p3", 2, "three"), pt("p4", 3, "four"))
		for _, e := range workspace.DiffVersions(a, b, nil).Entries {
			if e.Moved {
				t.Errorf("point %v -> %v moved: only renumbered after a drop", e.FromPoints, e.ToPoints)
			}
		}
	})
	t.Run("ByContent", func(t *testing.T) {
		// Two drafts written independently: no lineage, similar points.
		x := version("x",
			titled("x1", 1, "Sovereignty", "Ukraine's sovereignty is confirmed."),
			titled("x2", 2, "Armed forces", "The armed forces of Ukraine are limited to 600,000 personnel."),
			titled("x3", 3, "European jets", "European fighter jets are stationed in Poland."),
			titled("x4", 4, "Elections", "Elections in Ukraine within 100 days."))
		y := version("y",
			titled("y1", 1, "Sovereignty", "Ukraine's sovereignty is reaffirmed."),
			titled("y2", 2, "Elections", "Elections in Ukraine within 100 days."),
			titled("y3", 3, "Armed forces", "No cap is forced on Ukraine's armed forces; a peacetime ceiling of 800,000."),
			titled("y4", 4, "Dnieper and Kinburn", "Unimpeded Ukrainian use of the Dnieper and control of the Kinburn spit."))
		d := workspace.DiffVersions(x, y, nil)
		want := map[parley.Change]int{parley.ChangeReworded: 2, parley.ChangeKept: 1, parley.ChangeDropped: 1, parley.ChangeAdded: 1}
		if !maps.Equal(d.Counts, want) {
			t.Fatalf("counts %v, want %v", d.Counts, want)
		}
		for _, e := range d.Entries {
			if len(e.FromIDs) == 1 && len(e.ToIDs) == 1 {
				if !e.ByContent || e.FromIDs[0][1:] != map[string]string{"y1": "1", "y2": "4", "y3": "2"}[e.ToIDs[0]] {
					t.Errorf("%v paired with %v (by content %v)", e.FromIDs, e.ToIDs, e.ByContent)
				}
			}
		}
	})
	t.Run("BindingsAndVisibility", func(t *testing.T) {
		p := titled("p", 1, "Armed forces", "Limited.")
		p.Bindings = map[string]string{"army_cap": "600", "nato": "renounce"}
		q := titled("p", 1, "Armed forces", "Limited.")
		q.Bindings = map[string]string{"army_cap": "800", "buffer_km": "40"}
		q.VisibleTo = []string{"us", "ua"}
		d := workspace.DiffVersions(version("a", p), version("b", q), nil)
		e := d.Entries[0]
		if e.Change != parley.ChangeReworded || e.Words != nil || e.TitleWords != nil {
			t.Fatalf("entry %+v: want reworded without word changes", e)
		}
		want := []parley.BindingChange{{Issue: "army_cap", From: "600", To: "800"}, {Issue: "buffer_km", To: "40"}, {Issue: "nato", From: "renounce"}}
		if !slices.Equal(e.Bindings, want) {
			t.Errorf("bindings %+v, want %+v", e.Bindings, want)
		}
		if e.Visibility == nil || len(e.Visibility.From) != 0 || !slices.Equal(e.Visibility.To, []string{"us", "ua"}) {
			t.Errorf("visibility %+v, want everyone -> us, ua", e.Visibility)
		}
	})
}

func titled(id string, n int, title, text string) *parley.PlanPoint {
	return &parley.PlanPoint{ID: id, Number: n, Title: title, Text: text}
}

func TestEditDraftErrors(t *testing.T) {
	e := newEnv(t)
	ctx := e.As("med")
	d, err := e.Service.CreateDraft(ctx, e.WS.ID, &parley.DraftCreate{Title: "d", Points: []parley.PointInput{{Text: str("a")}, {Text: str("b")}}})
	if err != nil {
		t.Fatal(err)
	}
	p0 := d.Points[0].ID
	tests := []struct {
		name  string
		op    parley.PointOp
		field string
	}{
		{"UnknownOp", parley.PointOp{Op: "explode"}, "ops[0].op"},
		{"AddEmpty", parley.PointOp{Op: "add"}, "ops[0].content.text"},
		{"AddBadPosition", parley.PointOp{Op: "add", At: 9, Content: parley.PointInput{Text: str("x")}}, "ops[0].at"},
		{"AddUnknownIssue", parley.PointOp{Op: "add", Content: parley.PointInput{Text: str("x"), Bindings: map[string]string{"oil": "1"}}}, "ops[0].content.bindings.oil"},
		{"AddOffGrid", parley.PointOp{Op: "add", Content: parley.PointInput{Text: str("x"), Bindings: map[string]string{"buffer_km": "15"}}}, "ops[0].content.bindings.buffer_km"},
		{"AddUnknownMember", parley.PointOp{Op: "add", Content: parley.PointInput{Text: str("x"), VisibleTo: &[]string{"nobody"}}}, "ops[0].content.visible_to[0]"},
		{"EditMissing", parley.PointOp{Op: "edit", Point: "nope"}, "ops[0].point"},
		{"MergeOne", parley.PointOp{Op: "merge", Points: []string{p0}}, "ops[0].points"},
		{"MergeTwice", parley.PointOp{Op: "merge", Points: []string{p0, p0}}, "ops[0].points[1]"},
		{"SplitOne", parley.PointOp{Op: "split", Point: p0, Parts: []parley.PointInput{{Text: str("x")}}}, "ops[0].parts"},
		{"CarryNothing", parley.PointOp{Op: "carry"}, "ops[0].ref"},
		{"CarryFromDraft", parley.PointOp{Op: "carry", Ref: &parley.PointRef{Version: d.ID, Point: p0}}, "ops[0].ref.version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.Service.EditDraft(ctx, e.WS.ID, d.ID, d.Rev, []parley.PointOp{tt.op})
			pe, ok := err.(*parley.Error)
			if !ok || pe.Field != tt.field {
				t.Errorf("got %v, want an error on %s", err, tt.field)
			}
		})
	}
	// A failed list of operations changes nothing.
	v, err := e.Service.Version(ctx, e.WS.ID, d.ID)
	if err != nil || v.Rev != d.Rev || len(v.Points) != 2 {
		t.Errorf("draft after failed edits: rev %d, %d points, %v", v.Rev, len(v.Points), err)
	}
}

// TestDiffBudget reproduces the slow diff of issue 15 (two large drafts, every point
// reworded): within a budget the diff is complete point by point but stops word-diffing
// when the budget runs out, and says so; a cancelled context stops it too.
func TestDiffBudget(t *testing.T) {
	words := strings.Repeat("the parties agree to a ceasefire along the line of contact ", 130) // ~8 KB
	a := &parley.Version{ID: "a"}
	b := &parley.Version{ID: "b"}
	for i := range 300 {
		id := fmt.Sprint("p", i)
		a.Points = append(a.Points, &parley.PlanPoint{ID: id, Number: i + 1, Text: words + fmt.Sprint(i)})
		b.Points = append(b.Points, &parley.PlanPoint{ID: id, Number: i + 1, Text: fmt.Sprint(i) + " " + words})
	}
	d := workspace.DiffVersionsWithin(context.Background(), a, b, nil, workspace.DiffBudget{Bytes: 200 << 10, Time: time.Minute})
	if !d.Truncated || d.Counts[parley.ChangeReworded] != 300 {
		t.Fatalf("truncated %v, counts %v: want every point reworded and the diff truncated", d.Truncated, d.Counts)
	}
	with := 0
	for _, e := range d.Entries {
		if len(e.Words) > 0 {
			with++
		}
	}
	if with == 0 || with >= 300 {
		t.Errorf("%d of 300 entries have a word diff, want some but not all", with)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	d = workspace.DiffVersionsWithin(ctx, a, b, nil, workspace.DiffBudget{Bytes: 1 << 30, Time: time.Minute})
	if !d.Truncated || d.Counts[parley.ChangeReworded] != 300 {
		t.Errorf("cancelled: truncated %v, counts %v", d.Truncated, d.Counts)
	}
	small := &parley.Version{ID: "b", Points: b.Points[:3]}
	if full := workspace.DiffVersions(&parley.Version{ID: "a", Points: a.Points[:3]}, small, nil); full.Truncated || len(full.Entries[0].Words) == 0 {
		t.Error("DiffVersions without a budget truncated")
	}
}

// TestDiffYields: a diff yields to the function its context carries (parley.Yield) between
// its steps: at least once per row of the content pairing and once per word diff, so that
// a server can have a spent member's diff give way to other members' requests; and its
// result does not depend on it.
func TestDiffYields(t *testing.T) {
	a := &parley.Version{ID: "a"}
	b := &parley.Version{ID: "b"}
	for i := range 60 {
		a.Points = append(a.Points, &parley.PlanPoint{ID: fmt.Sprint("a", i), Number: i + 1, Text: fmt.Sprint("point ", i, " of the first draft about topic ", i)})
		b.Points = append(b.Points, &parley.PlanPoint{ID: fmt.Sprint("b", i), Number: i + 1, Text: fmt.Sprint("point ", i, " of the rival draft about topic ", i)})
	}
	yields := 0
	ctx := parley.NewContextWithYield(context.Background(), func(context.Context) { yields++ })
	got := workspace.DiffVersionsWithin(ctx, a, b, nil, workspace.DefaultDiffBudget)
	want := workspace.DiffVersions(a, b, nil)
	if reworded := got.Counts[parley.ChangeReworded]; reworded != 60 {
		t.Fatalf("counts %v: want the 60 points paired by content, reworded", got.Counts)
	}
	if least := 60 + 60; yields < least {
		t.Errorf("%d yields, want at least %d (a row of the pairing, a word diff)", yields, least)
	}
	if !slices.EqualFunc(got.Entries, want.Entries, func(x, y *parley.DiffEntry) bool {
		return x.Change == y.Change && slices.Equal(x.FromIDs, y.FromIDs) && slices.Equal(x.ToIDs, y.ToIDs) && len(x.Words) == len(y.Words)
	}) {
		t.Error("the diff with yields differs from the diff without")
	}
}
