package workspace_test

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"

	"parley"
	"parley/workspace/wstest"
)

var markerRE = regexp.MustCompile(`M\d+`)

// TestNoEditPublishesHiddenText is the property test of issue 15: over random sequences of
// merge, split, carry, move, edit, add and remove on a draft, no text or binding of a point
// ever reaches a member it was hidden from. Every original point's text is a unique marker
// whose audience is known; derived points copy their sources' texts (as a person editing
// would) and bindings. After publishing, every marker in every member's view must be one
// that member was allowed to read.
func TestNoEditPublishesHiddenText(t *testing.T) {
	members := []string{"east", "west", "med", "obs"}
	audienceOf := map[string][]string{} // marker -> audience (nil: everyone)
	bound := map[string]bool{}          // markers of points that bind an issue
	pick := func(r *rand.Rand) []string {
		if r.IntN(3) == 0 {
			return nil
		}
		var a []string
		for _, m := range members {
			if m != "med" && r.IntN(2) == 0 {
				a = append(a, m)
			}
		}
		return append(a, "med") // the author is always named
	}
	for seed := range uint64(40) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 15))
			e := wstest.MustOpen(t)
			med := e.As("med")
			marker := 0
			newText := func(aud []string) string {
				marker++
				m := fmt.Sprintf("M%d", marker)
				audienceOf[fmt.Sprint(seed)+"/"+m] = aud
				return m
			}
			addOp := func() parley.PointOp {
				aud := pick(r)
				text := newText(aud)
				op := parley.PointOp{Op: "add", Content: parley.PointInput{Text: &text}}
				if aud != nil {
					// Only hidden points bind an issue (all to one value: a published
					// version may not bind an issue two ways), so a binding seen is a
					// hidden point's.
					op.Content.VisibleTo = &aud
					op.Content.Bindings = map[string]string{"buffer_km": "40"}
					bound[fmt.Sprint(seed)+"/"+text] = true
				}
				return op
			}
			// A published version to carry from, with its own hidden points.
			var ops []parley.PointOp
			for range 4 {
				ops = append(ops, addOp())
			}
			src := publishPlan(t, e, "", ops)
			ops = ops[:0]
			for range 5 {
				ops = append(ops, addOp())
			}
			d, err := e.Service.CreateDraft(med, e.WS.ID, &parley.DraftCreate{Title: "draft", BasedOn: src.ID})
			if err != nil {
				t.Fatal(err)
			}
			if d, err = e.Service.EditDraft(med, e.WS.ID, d.ID, d.Rev, ops); err != nil {
				t.Fatal(err)
			}
			for step := 0; step < 30; step++ {
				n := len(d.Points)
				var op parley.PointOp
				empty := []string{}
				switch k := r.IntN(8); {
				case k == 0 && n >= 2:
					i, j := r.IntN(n), r.IntN(n)
					if i == j {
						continue
					}
					op = parley.PointOp{Op: "merge", Points: []string{d.Points[i].ID, d.Points[j].ID}}
					if r.IntN(2) == 0 {
						op.Content.VisibleTo = &empty // the web form, nothing ticked
					}
				case k == 1 && n >= 1:
					p := d.Points[r.IntN(n)]
					a, b := p.Text+" (a)", p.Text+" (b)"
					op = parley.PointOp{Op: "split", Point: p.ID, Parts: []parley.PointInput{
						{Text: &a, Bindings: p.Bindings}, {Text: &b, VisibleTo: &empty}}}
				case k == 2:
					p := src.Points[r.IntN(len(src.Points))]
					op = parley.PointOp{Op: "carry", Ref: &parley.PointRef{Version: src.ID, Point: p.ID}}
				case k == 3 && n >= 1:
					op = parley.PointOp{Op: "move", Point: d.Points[r.IntN(n)].ID, At: 1 + r.IntN(n)}
				case k == 4 && n >= 1:
					p := d.Points[r.IntN(n)]
					text := p.Text + " edited"
					op = parley.PointOp{Op: "edit", Point: p.ID, Content: parley.PointInput{Text: &text}}
					if len(p.VisibleTo) > 0 && r.IntN(2) == 0 { // narrowing is allowed
						narrower := []string{"med"}
						op.Content.VisibleTo = &narrower
					}
				case k == 5 && n >= 1:
					op = parley.PointOp{Op: "remove", Point: d.Points[r.IntN(n)].ID}
				default:
					op = addOp()
				}
				nd, err := e.Service.EditDraft(med, e.WS.ID, d.ID, d.Rev, []parley.PointOp{op})
				if err != nil {
					t.Fatalf("step %d %+v: %v", step, op, err)
				}
				d = nd
			}
			if len(d.Points) == 0 {
				return
			}
			v, err := e.Service.Publish(med, e.WS.ID, d.ID, d.Rev)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range members {
				view, err := e.Service.Version(e.As(m), e.WS.ID, v.ID)
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range view.Points {
					if p.Hidden {
						if p.Text != "" || p.Bindings != nil || p.Title != "" {
							t.Errorf("%s: placeholder %d carries content", m, p.Number)
						}
						continue
					}
					fromBound := false
					for _, mk := range markerRE.FindAllString(p.Text, -1) {
						aud := audienceOf[fmt.Sprint(seed)+"/"+mk]
						if aud != nil && !slices.Contains(aud, m) {
							t.Errorf("%s reads %s (hidden from it, audience %v) in point %d %q visible to %v",
								m, mk, aud, p.Number, strings.TrimSpace(p.Text), p.VisibleTo)
						}
						fromBound = fromBound || bound[fmt.Sprint(seed)+"/"+mk]
					}
					// Bindings travel with the text they came with, whose markers m may
					// all read (above): a bound point must come from a bound source.
					if len(p.Bindings) > 0 && !fromBound {
						t.Errorf("%s sees bindings %v in point %d %q that come from no point it may read", m, p.Bindings, p.Number, p.Text)
					}
				}
			}
		})
	}
}
