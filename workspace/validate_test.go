package workspace_test

import (
	"errors"
	"testing"

	"parley"
	"parley/workspace"
)

// TestValidateProfileRedLineColumn: a red line that does not parse is reported with its
// field and the column where the problem is, as the red-line parser found it.
func TestValidateProfileRedLineColumn(t *testing.T) {
	sc := scenario()
	p := &parley.ProfileSpec{Reservation: 0.5, RedLines: []string{"x == 1 and = 2"}}
	err := workspace.ValidateProfile(sc, p)
	var e *parley.Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v, want a *parley.Error", err)
	}
	if got, want := e.Field, "red_lines[0]"; got != want {
		t.Errorf("field %q, want %q", got, want)
	}
	if e.Col < 1 {
		t.Errorf("column %d, want the column of the problem (%v)", e.Col, err)
	}
}
