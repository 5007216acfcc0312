package workspace_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"parley"
	"parley/workspace/wstest"
)

// nextText joins the desk's next steps, one a line.
func nextText(d *parley.Desk) string {
	var ss []string
	for _, st := range d.Next {
		ss = append(ss, string(st.Kind)+": "+st.Text)
	}
	return strings.Join(ss, "\n")
}

func TestDesk(t *testing.T) {
	e := wstest.MustOpen(t)
	ws := e.WS.ID
	med := e.As("med")
	d, err := e.Service.Desk(med, ws)
	if err != nil || d.Version != nil || len(d.Next) != 1 || d.Next[0].Kind != parley.StepDraft {
		t.Fatalf("desk before any version: %+v, %v", d, err)
	}
	for _, m := range []string{"east", "west", "obs"} {
		if _, err := e.Service.Desk(e.As(m), ws); code(err) != parley.EFORBIDDEN {
			t.Errorf("%s reads the desk: %v", m, err)
		}
	}
	v1 := publishPlan(t, e, "", []parley.PointOp{
		add("NATO", "A moratorium.", map[string]string{"nato": "moratorium"}),
		add("Buffer", "A 50 km strip.", map[string]string{"buffer_km": "50"}),
		add("Side letter", "For West only.", nil, "med", "west"),
	})
	if _, err := e.Service.CreateSession(med, ws, &parley.Session{Title: "Geneva", Date: time.Now().Add(-time.Minute), Produced: v1.ID}); err != nil {
		t.Fatal(err)
	}
	mark := func(who string, i int, m parley.Mark, amendment string) {
		t.Helper()
		if _, err := e.Service.SetStance(e.As(who), ws, v1.ID, v1.Points[i].ID, 0, &parley.StanceInput{Mark: m, Amendment: amendment, Private: who == "west"}); err != nil {
			t.Fatal(err)
		}
	}
	mark("east", 0, parley.MarkAccept, "")
	mark("west", 0, parley.MarkAccept, "")
	mark("west", 1, parley.MarkAmend, "A 40 km strip.")

	t.Run("EastPrivate", func(t *testing.T) {
		d, err := e.Service.Desk(med, ws)
		if err != nil {
			t.Fatal(err)
		}
		states := []parley.PointState{d.Points[0].State, d.Points[1].State, d.Points[2].State}
		if !slices.Equal(states, []parley.PointState{parley.PointAccepted, parley.PointBlocked, parley.PointUnanswered}) {
			t.Errorf("states %v", states)
		}
		if b := d.Points[1].Blocking; len(b) != 1 || b[0].Party != "west" || b[0].Amendment != "A 40 km strip." {
			t.Errorf("blocking stances on point 2: %+v", b)
		}
		if p := d.Points[2]; !slices.Equal(p.HiddenFrom, []string{"east"}) || !slices.Equal(p.Unanswered, []string{"west"}) {
			t.Errorf("point 3: hidden from %v, unanswered by %v", p.HiddenFrom, p.Unanswered)
		}
		east, west := d.Parties[0], d.Parties[1]
		if east.Profile != "private" || east.Value != nil || west.Profile != "shared" || west.Value == nil || west.Blocked != 1 || west.Accepted != 1 {
			t.Errorf("parties %+v %+v", east, west)
		}
		// West's red line buffer_km <= 40 is crossed; its verdict comes from Analytics.
		if west.Value.Verdict != parley.VerdictUnacceptable {
			t.Errorf("west's verdict %s", west.Value.Verdict)
		}
		if len(d.Issues) != 1 || d.Issues[0].Issue != "buffer_km" || d.Issues[0].Current != "50 km" || d.Issues[0].Range != "" || d.Issues[0].Nash != "" {
			t.Errorf("blocking issues %+v", d.Issues)
		}
		next := nextText(d)
		for _, want := range []string{"Rework point 2", "Ask West to mark point 3", "Point 3 is hidden from East: show it to them", "Ask East to let parley use its profile"} {
			if !strings.Contains(next, want) {
				t.Errorf("next steps lack %q:\n%s", want, next)
			}
		}
		if d.Since == nil || d.Since.Stances["west"] != 2 || d.Since.Stances["east"] != 1 || len(d.Since.Published) != 0 {
			t.Errorf("since the session: %+v", d.Since)
		}
	})
	t.Run("AllShare", func(t *testing.T) {
		setUse(t, e, "east", parley.UseShared)
		d, err := e.Service.Desk(med, ws)
		if err != nil {
			t.Fatal(err)
		}
		bi := d.Issues[0]
		if bi.Issue != "buffer_km" || !bi.OutOfRange || !strings.HasSuffix(bi.Range, " km") || bi.Nash == "" || bi.KalaiSmorodinsky == "" || !slices.Equal(bi.Points, []int{2}) {
			t.Errorf("buffer issue %+v", bi)
		}
		if d.ZoneExists == nil || !*d.ZoneExists || d.AcceptableToAll != parley.VerdictUnacceptable {
			t.Errorf("zone %v, acceptable to all %q", d.ZoneExists, d.AcceptableToAll)
		}
		if next := nextText(d); !strings.Contains(next, "Consider buffer_km at "+bi.Nash) || strings.Contains(next, "let parley use") {
			t.Errorf("next steps:\n%s", next)
		}
	})
	t.Run("Propose", func(t *testing.T) {
		v2 := publishPlan(t, e, v1.ID, []parley.PointOp{
			{Op: "edit", Point: v1.Points[1].ID, Content: parley.PointInput{Text: wstest.Str("A 40 km strip."), Bindings: map[string]string{"buffer_km": "40"}}},
			{Op: "remove", Point: v1.Points[2].ID},
		})
		for _, who := range []string{"east", "west"} {
			for _, p := range v2.Points {
				if _, err := e.Service.SetStance(e.As(who), ws, v2.ID, p.ID, 0, &parley.StanceInput{Mark: parley.MarkAccept}); err != nil {
					t.Fatal(err)
				}
			}
		}
		d, err := e.Service.Desk(med, ws)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Issues) != 0 || d.Counts[parley.PointAccepted] != 2 || len(d.Next) != 1 || d.Next[0].Kind != parley.StepPropose {
			t.Errorf("issues %+v, counts %v, next:\n%s", d.Issues, d.Counts, nextText(d))
		}
		if s := d.Since; s == nil || len(s.Published) != 1 || s.Against == nil || s.Against.ID != v1.ID || s.Diff[parley.ChangeReworded] != 1 || s.Diff[parley.ChangeDropped] != 1 {
			t.Errorf("since the session: %+v", d.Since)
		}
		if _, err := e.Service.Propose(med, ws, v2.ID, parley.ProposeOptions{}); err != nil {
			t.Fatal(err)
		}
		d, _ = e.Service.Desk(med, ws)
		if len(d.Next) != 1 || d.Next[0].Kind != parley.StepWait || !slices.Equal(d.Next[0].Parties, []string{"east", "west"}) {
			t.Errorf("after proposing, next:\n%s", nextText(d))
		}
	})
}
