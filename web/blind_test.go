package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"parley"
)

// TestBlindOpenForm: the mediator's form opens a round under the rule chosen; a bad rule or
// range is shown beside the form, which keeps what was chosen.
func TestBlindOpenForm(t *testing.T) {
	f := newFixture(t)
	ws := f.ws.ID
	med := f.client(t)
	med.signIn("us")
	csrf := med.csrf()
	form := func(rule, rng string) url.Values {
		return url.Values{"issue": {"buffer_km"}, "side-ua": {"at_most"}, "side-ru": {"at_least"}, "rule": {rule}, "range_percent": {rng}}
	}
	for _, tt := range []struct{ name, rule, rng, want string }{
		{"ErrRule", "coin", "", "accepted: midpoint, concession, cybersettle"},
		{"ErrRangeNumber", "cybersettle", "thirty", "give the range as a number from 0 to 100"},
		{"ErrRange", "cybersettle", "150", "from 0 to 100"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, body := med.post("/w/"+ws+"/blind", form(tt.rule, tt.rng), csrf)
			if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, tt.want) {
				t.Fatalf("status %d, want 400 saying %q:\n%s", res.StatusCode, tt.want, body)
			}
			if !strings.Contains(body, `<option value="at_least" selected>`) || !strings.Contains(body, `value="`+tt.rng+`"`) {
				t.Errorf("the form lost what the mediator chose")
			}
		})
	}
	if rs, err := f.svc.BlindRounds(f.ctx("us"), ws); err != nil || len(rs) != 0 {
		t.Fatalf("a refused form opened a round: %v %v", rs, err)
	}
	// A range given with another rule than cybersettle is not the form's concern: the field
	// is for that rule only, and ignored otherwise.
	res, _ := med.post("/w/"+ws+"/blind", form("concession", "12"), csrf)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("open a concession round: status %d", res.StatusCode)
	}
	rs, err := f.svc.BlindRounds(f.ctx("us"), ws)
	if err != nil || len(rs) != 1 || rs[0].Rule != parley.BlindConcession || rs[0].RangePercent != nil {
		t.Fatalf("rounds %+v %v", rs, err)
	}
	if _, body := med.get("/w/" + ws + "/blind"); !strings.Contains(body, "Rule: concession: the side that conceded more") {
		t.Errorf("the page does not say the round's rule:\n%s", body)
	}
}
