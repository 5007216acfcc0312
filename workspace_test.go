package parley_test

import (
	"testing"
	"time"

	"parley"
)

func TestProfileSpecRoundTrip(t *testing.T) {
	spec := parley.ProfileSpec{
		Issues: map[string]parley.IssuePreference{
			"nato":      {Weight: 0.4, Options: map[string]float64{"join": 1, "renounce": 0}},
			"buffer_km": {Weight: 0.6, Points: [][2]float64{{0, 1}, {60, 0}}},
		},
		Reservation: 0.3,
		RedLines:    []string{"buffer_km <= 50"},
	}
	got := parley.SpecOfProfile(spec.Profile())
	if got.Reservation != spec.Reservation || len(got.Issues) != 2 || got.Issues["buffer_km"].Points[1] != [2]float64{60, 0} ||
		got.Issues["nato"].Options["join"] != 1 || got.RedLines[0] != "buffer_km <= 50" {
		t.Errorf("round trip: %+v", got)
	}
}

func TestProfileSpecValidate(t *testing.T) {
	w := &parley.Workspace{Issues: []*parley.Issue{
		{ID: "nato", Kind: parley.KindOptions, Options: []string{"join", "renounce"}},
		{ID: "buffer_km", Kind: parley.KindInteger, Min: 0, Max: 60, Step: 10},
	}}
	sc := w.Scenario()
	tests := []struct {
		name  string
		spec  parley.ProfileSpec
		field string
	}{
		{"OK", parley.ProfileSpec{Issues: map[string]parley.IssuePreference{"nato": {Weight: 1, Options: map[string]float64{"join": 1}}}}, ""},
		{"ErrReservation", parley.ProfileSpec{Reservation: 1.5}, "reservation"},
		{"ErrIssue", parley.ProfileSpec{Issues: map[string]parley.IssuePreference{"oil": {}}}, "issues.oil"},
		{"ErrOption", parley.ProfileSpec{Issues: map[string]parley.IssuePreference{"nato": {Options: map[string]float64{"maybe": 1}}}}, "issues.nato.options.maybe"},
		{"ErrPointsOrder", parley.ProfileSpec{Issues: map[string]parley.IssuePreference{"buffer_km": {Weight: 1, Points: [][2]float64{{10, 0}, {5, 1}}}}}, "issues.buffer_km.points[1]"},
		{"ErrWeights", parley.ProfileSpec{Issues: map[string]parley.IssuePreference{
			"nato": {Weight: 0.8, Options: map[string]float64{"join": 1}}, "buffer_km": {Weight: 0.8, Points: [][2]float64{{0, 1}}}}}, "issues"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.spec.Validate(sc)
			got := ""
			if e, ok := err.(*parley.Error); ok {
				got = e.Field
			} else if err != nil {
				t.Fatalf("not an *Error: %v", err)
			}
			if got != tt.field {
				t.Errorf("field %q, want %q (%v)", got, tt.field, err)
			}
		})
	}
}

func TestContentHash(t *testing.T) {
	v := &parley.Version{ID: "v1", Workspace: "ws", Title: "t", Points: []*parley.PlanPoint{
		{ID: "p1", Number: 1, Text: "a", Bindings: map[string]string{"nato": "join", "buffer_km": "10"}},
	}}
	h := v.ContentHash()
	if len(h) != 64 || h != v.ContentHash() {
		t.Fatalf("hash %q is not stable", h)
	}
	v.Points[0].Text = "b"
	if v.ContentHash() == h {
		t.Error("a changed text keeps the hash")
	}
	v.Points[0].Text = "a"
	v.Points[0].VisibleTo = []string{"east"}
	if v.ContentHash() == h {
		t.Error("a changed visibility keeps the hash")
	}
}

func TestLeafData(t *testing.T) {
	e := &parley.AuditEntry{Seq: 7, Index: 2, At: time.Unix(5, 0), WorkspaceID: "ws", Actor: "med", Action: "x", Target: "y",
		Records: []parley.RecordHash{{Record: "version/v1", Hash: "ab"}}}
	base := string(e.LeafData())
	same := *e
	same.Seq, same.Hash = 9, "cd"
	if string(same.LeafData()) != base {
		t.Error("the global seq or the leaf hash changes the leaf data")
	}
	for name, f := range map[string]func(*parley.AuditEntry){
		"Index":   func(e *parley.AuditEntry) { e.Index++ },
		"At":      func(e *parley.AuditEntry) { e.At = e.At.Add(1) },
		"Actor":   func(e *parley.AuditEntry) { e.Actor = "east" },
		"Target":  func(e *parley.AuditEntry) { e.Target = "z" },
		"Records": func(e *parley.AuditEntry) { e.Records = []parley.RecordHash{{Record: "version/v1", Hash: "ac"}} },
	} {
		c := *e
		f(&c)
		if string(c.LeafData()) == base {
			t.Errorf("a changed %s keeps the leaf data", name)
		}
	}
}

func TestProfileSpecRectangles(t *testing.T) {
	p := &parley.Profile{
		Weights:  map[string]float64{"nato": 0.5},
		Values:   map[string]*parley.ValueFunc{"nato": {Options: map[string]float64{"join": 1}}},
		Discount: 0.8,
		Rectangles: []parley.Rectangle{
			{Utility: 0.3, Bounds: []parley.Bound{{Issue: "buffer_km", Min: 10, Max: 30}, {Issue: "nato", Options: []string{"renounce"}}}},
		},
	}
	spec := parley.SpecOfProfile(p)
	back := spec.Profile()
	if back.Discount != 0.8 || len(back.Rectangles) != 1 || back.Rectangles[0].Utility != 0.3 || len(back.Rectangles[0].Bounds) != 2 {
		t.Fatalf("round trip lost the rectangles or the discount: %+v", back)
	}
	w := &parley.Workspace{Issues: []*parley.Issue{
		{ID: "nato", Kind: parley.KindOptions, Options: []string{"join", "renounce"}},
		{ID: "buffer_km", Kind: parley.KindInteger, Min: 0, Max: 60, Step: 10},
	}}
	sc := w.Scenario()
	u, err := sc.Compile(back)
	if err != nil {
		t.Fatal(err)
	}
	// nato = renounce (index 1), buffer_km = 20 (index 2): inside the rectangle.
	if got, want := u.Utility(parley.Outcome{1, 2}), 0.3; got != want {
		t.Errorf("utility inside the rectangle = %v, want %v", got, want)
	}
	if err := spec.Validate(sc); err != nil {
		t.Errorf("Validate: %v", err)
	}
	bad := spec
	bad.Rectangles = []parley.RectangleSpec{{Utility: 1, Bounds: map[string]parley.BoundSpec{"nato": {Options: []string{"maybe"}}}}}
	if e, ok := bad.Validate(sc).(*parley.Error); !ok || e.Field != "rectangles[0].bounds.nato.options" {
		t.Errorf("unknown option in a bound: %v, want an error on rectangles[0].bounds.nato.options", bad.Validate(sc))
	}
}
