package genius_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"parley/genius"
)

func TestReadParetoShared(t *testing.T) {
	for _, dir := range folders(t, "domains-nonlinear") {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			f, err := os.Open(filepath.Join(dir, genius.ParetoFile))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			pts, err := genius.ReadPareto(f, "pareto.xml")
			if err != nil {
				t.Fatal(err)
			}
			if len(pts) < 5 {
				t.Errorf("%d points", len(pts))
			}
			for _, p := range pts {
				if len(p) != 2 {
					t.Fatalf("point %v: want 2 utilities", p)
				}
			}
		})
	}
}

func TestReadPareto(t *testing.T) {
	pts, err := genius.ReadPareto(strings.NewReader("0.5, 1.0\n\n1, 0.25\n"), "p")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(pts), 2; got != want || pts[1][1] != 0.25 {
		t.Errorf("got %v", pts)
	}
	for _, c := range []struct{ in, want string }{
		{"0.5, 1\n0.2\n", "p:2: 1 utilities; the first point has 2"},
		{"0.5, x\n", "p:1: utility 2: \"x\" is not a number in [0, 1]"},
		{"1.5\n", "not a number in [0, 1]"},
		{"", "no points"},
		{"<pareto/>", "an XML element"},
	} {
		if _, err := genius.ReadPareto(strings.NewReader(c.in), "p"); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %q", c.in, err, c.want)
		}
	}
}

func FuzzReadPareto(f *testing.F) {
	f.Add([]byte("0.5, 1.0\n1.0, 0.5\n"))
	f.Add([]byte("0.1,0.2,0.3\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		pts, err := genius.ReadPareto(bytes.NewReader(b), "p")
		checkErr(t, err)
		for _, p := range pts {
			if len(p) != len(pts[0]) {
				t.Fatal("ragged points")
			}
		}
	})
}
