package workspace_test

import (
	"strings"
	"testing"

	"parley"
	"parley/workspace/wstest"
)

// setUse saves party's profile unchanged but for its use.
func setUse(t *testing.T, e *wstest.Env, party string, use parley.ProfileUse) {
	t.Helper()
	p, err := e.Service.Profile(e.As(party), e.WS.ID, party)
	if err != nil {
		t.Fatal(err)
	}
	p.Use = use
	if _, err := e.Service.PutProfile(e.As(party), e.WS.ID, party, p.Rev, p); err != nil {
		t.Fatal(err)
	}
}

func TestAnalytics(t *testing.T) {
	e := wstest.MustOpen(t)
	v := publishPlan(t, e, "", []parley.PointOp{
		add("NATO", "moratorium", map[string]string{"nato": "moratorium"}),
		add("Buffer", "20 km", map[string]string{"buffer_km": "20"}),
	})
	east, err := e.Service.Analytics(e.As("east"), e.WS.ID, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	// east: 0.6*0.6 + 0.4*(20/60) = 0.4933...
	if o := east.Own; o == nil || !o.Exact || abs(o.UtilityMin-(0.36+0.4/3)) > 1e-9 || o.Verdict != parley.VerdictAcceptable || east.Mediator != nil || east.Joint != nil {
		t.Errorf("east analytics %+v own %+v", east, east.Own)
	}
	obs, err := e.Service.Analytics(e.As("obs"), e.WS.ID, v.ID)
	if err != nil || obs.Own != nil || obs.Mediator != nil || obs.Joint != nil {
		t.Errorf("observer analytics %+v, %v", obs, err)
	}

	t.Run("Private", func(t *testing.T) {
		// east keeps its profile private: the mediator sees west's values only, and no joint
		// result at all.
		m := mediatorAnalytics(t, e, v.ID)
		if len(m.Shared) != 1 || m.Shared[0].Party != "west" || m.Joint != nil || m.Zone != nil || m.FrontierDistance != nil || len(m.Improvements) > 0 {
			t.Fatalf("mediator analytics %+v", m)
		}
		if !strings.Contains(m.JointNote, "private") || len(m.Private) != 1 || m.Private[0] != "east" {
			t.Errorf("joint note %q, private %v", m.JointNote, m.Private)
		}
		prog, err := e.Service.Progress(e.As("med"), e.WS.ID)
		if err != nil || len(prog) != 1 || prog[0].MinGain != nil {
			t.Errorf("progress %+v, %v", prog, err)
		}
	})
	t.Run("Neutral", func(t *testing.T) {
		setUse(t, e, "east", parley.UseNeutral)
		defer setUse(t, e, "east", parley.UsePrivate)
		if _, err := e.Service.Profile(e.As("med"), e.WS.ID, "east"); code(err) != parley.ENOTFOUND {
			t.Errorf("the mediator reads a neutral profile: %v", err)
		}
		m := mediatorAnalytics(t, e, v.ID)
		if m.Joint == nil || m.Joint.AcceptableToAll != parley.VerdictAcceptable || !m.Joint.ZoneExists || m.Joint.Nash == nil || len(m.Joint.Counted) != 2 {
			t.Fatalf("joint %+v (%s)", m.Joint, m.JointNote)
		}
		if len(m.Shared) != 1 || m.Zone != nil || m.FrontierDistance != nil || len(m.Improvements) > 0 || len(m.Private) > 0 {
			t.Errorf("mediator analytics with a neutral profile %+v", m)
		}
		// east is shown what its profile was used for.
		a, err := e.Service.Analytics(e.As("east"), e.WS.ID, v.ID)
		if err != nil || a.Joint == nil || a.Joint.AcceptableToAll != m.Joint.AcceptableToAll {
			t.Errorf("east's view of the joint results %+v, %v", a.Joint, err)
		}
		// A party that does not read the whole text is not shown joint results computed
		// from it; a neutral party from which a point is hidden stops them altogether.
		v2 := publishPlan(t, e, v.ID, []parley.PointOp{add("Side letter", "east only", nil, "east")})
		if a, err := e.Service.Analytics(e.As("west"), e.WS.ID, v2.ID); err != nil || a.Joint != nil {
			t.Errorf("west's view of a version hiding a point from it: joint %+v, %v", a.Joint, err)
		}
		if m := mediatorAnalytics(t, e, v2.ID); m.Joint == nil {
			t.Errorf("no joint results on a version east reads whole: %s", m.JointNote)
		}
		v3 := publishPlan(t, e, v.ID, []parley.PointOp{add("Side letter", "west only", nil, "west")})
		if m := mediatorAnalytics(t, e, v3.ID); m.Joint != nil || !strings.Contains(m.JointNote, "hides points") {
			t.Errorf("joint results on a version hiding a point from neutral east: %+v, %q", m.Joint, m.JointNote)
		}
		// A draft is no probe: neutral profiles count on published versions only.
		d, err := e.Service.CreateDraft(e.As("med"), e.WS.ID, &parley.DraftCreate{Title: "probe", BasedOn: v.ID})
		if err != nil {
			t.Fatal(err)
		}
		if m := mediatorAnalytics(t, e, d.ID); m.Joint != nil || !strings.Contains(m.JointNote, "published") {
			t.Errorf("joint results on a draft: %+v, note %q", m.Joint, m.JointNote)
		}
	})
	t.Run("Shared", func(t *testing.T) {
		setUse(t, e, "east", parley.UseShared)
		defer setUse(t, e, "east", parley.UsePrivate)
		m := mediatorAnalytics(t, e, v.ID)
		if m.Joint == nil || m.FrontierDistance == nil || len(m.Shared) != 2 {
			t.Fatalf("mediator analytics %+v", m)
		}
		for _, pa := range m.Shared {
			if pa.Party == "east" && (abs(pa.UtilityMin-east.Own.UtilityMin) > 1e-12 || pa.Verdict != east.Own.Verdict) {
				t.Errorf("the mediator's view of east %+v, east's own %+v", pa, east.Own)
			}
		}
		z := m.Zone
		if z == nil || !z.Exists || z.Nash["nato"] == "" || z.Nash["buffer_km"] == "" {
			t.Fatalf("zone %+v", z)
		}
		// east: nato != join, 0.6 nato + 0.4 b/60 >= 0.4; west: b <= 40, 0.5 nato + 0.5 (1 - b/60)
		// >= 0.3. With a moratorium b may be 10-40, with renunciation 0-20: together 0-40.
		if got, want := z.Ranges["buffer_km"], "0-40"; got != want {
			t.Errorf("buffer_km range %q, want %q", got, want)
		}
		if got, want := z.Ranges["nato"], "moratorium, renounce"; got != want {
			t.Errorf("nato range %q, want %q", got, want)
		}
		prog, err := e.Service.Progress(e.As("med"), e.WS.ID)
		if err != nil || len(prog) == 0 || prog[0].MinGain == nil {
			t.Errorf("progress %+v, %v", prog, err)
		}
	})
}

func mediatorAnalytics(t *testing.T, e *wstest.Env, version string) *parley.MediatorAnalytics {
	t.Helper()
	a, err := e.Service.Analytics(e.As("med"), e.WS.ID, version)
	if err != nil {
		t.Fatal(err)
	}
	if a.Mediator == nil {
		t.Fatal("no mediator analytics")
	}
	return a.Mediator
}

func TestZoneConflictsNeedSharing(t *testing.T) {
	e := wstest.MustOpen(t)
	p, err := e.Service.Profile(e.As("west"), e.WS.ID, "west")
	if err != nil {
		t.Fatal(err)
	}
	p.Profile.RedLines = []string{"nato == join"} // east's red line is nato != join
	if _, err := e.Service.PutProfile(e.As("west"), e.WS.ID, "west", p.Rev, p); err != nil {
		t.Fatal(err)
	}
	v := publishPlan(t, e, "", []parley.PointOp{add("NATO", "join", map[string]string{"nato": "join", "buffer_km": "20"})})
	setUse(t, e, "east", parley.UseNeutral)
	m := mediatorAnalytics(t, e, v.ID)
	if m.Joint == nil || m.Joint.ZoneExists || m.Joint.AcceptableToAll != parley.VerdictUnacceptable || m.Zone != nil {
		t.Fatalf("joint %+v, zone %+v", m.Joint, m.Zone)
	}
	setUse(t, e, "east", parley.UseShared)
	m = mediatorAnalytics(t, e, v.ID)
	if m.Zone == nil || m.Zone.Exists || len(m.Zone.Conflicts) == 0 {
		t.Fatalf("zone %+v", m.Zone)
	}
	text := strings.Join(m.Zone.Conflicts, "; ")
	if !strings.Contains(text, `west's red line "nato == join"`) || !strings.Contains(text, `east's red line "nato != join"`) {
		t.Errorf("conflicts %q", text)
	}
}
