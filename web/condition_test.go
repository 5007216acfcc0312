package web_test

import (
	"strings"
	"testing"

	"parley"
)

// TestMatrixConditions: Russia accepts point 2 only if the buffer zone is at most 30 km;
// version 1 binds 40 km. The mediator's matrix shows the accept as not counting, with its
// condition not met; the stance form refuses a condition that does not parse, naming it.
func TestMatrixConditions(t *testing.T) {
	f := newFixture(t)
	ctx := f.ctx("ru")
	if _, err := f.svc.SetStance(ctx, f.ws.ID, f.v1.ID, f.v1.Points[1].ID, 0, &parley.StanceInput{Mark: parley.MarkAccept, Condition: "buffer_km <= 30"}); err != nil {
		t.Fatal(err)
	}
	c := f.client(t)
	c.signIn("us")
	_, body := c.get("/w/" + f.ws.ID + "/matrix?v=" + f.v1.ID)
	if got := strings.Join(cells(body, "2"), " "); got != "none condaccept" {
		t.Errorf("point 2: cells %q, want none condaccept", got)
	}
	for _, want := range []string{`data-cond="unmet"`, "buffer_km &lt;= 30", "accepts only on a condition this version does not meet"} {
		if !strings.Contains(body, want) {
			t.Errorf("the matrix lacks %q", want)
		}
	}
}
