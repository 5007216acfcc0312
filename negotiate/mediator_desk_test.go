package negotiate_test

import (
	"math/rand/v2"
	"testing"

	"parley"
	"parley/negotiate"
)

// TestLearnObserve checks the strategy on rounds someone else led: it learns that a party
// prefers a text it accepted to one it rejected, ignores abstentions, and drafts a valid text
// it did not see tabled lately.
func TestLearnObserve(t *testing.T) {
	km := &parley.Issue{ID: "buffer_km", Kind: parley.KindInteger, Min: 0, Max: 60, Step: 5, Unit: "km"}
	setup := func() *negotiate.MediatorSetup {
		return &negotiate.MediatorSetup{Parties: []string{"ru", "ua"}, Issues: []*parley.Issue{km}, Sizes: []int{km.Size()}, Rand: rand.New(rand.NewPCG(1, 2))}
	}
	acc, rej := negotiate.Vote{Accept: true, Prefer: true}, negotiate.Vote{Prefer: true}
	abstain := negotiate.Vote{Abstain: true}
	run := func(withAbstention bool) (parley.Outcome, []float64, []float64) {
		var m negotiate.Learner = &negotiate.Learn{}
		if err := m.Init(setup()); err != nil {
			t.Fatal(err)
		}
		m.Observe(0.1, parley.Outcome{8}, []negotiate.Vote{rej, acc})  // 40 km: Russia rejects
		m.Observe(0.2, parley.Outcome{10}, []negotiate.Vote{acc, rej}) // 50 km: Ukraine rejects
		if withAbstention {
			m.Observe(0.3, parley.Outcome{0}, []negotiate.Vote{abstain, abstain})
		}
		text, _ := m.Propose(0.5)
		text = append(parley.Outcome(nil), text...)
		return text, m.Margins(parley.Outcome{8}, nil), m.Margins(parley.Outcome{10}, nil)
	}
	text, at40, at50 := run(false)
	if len(text) != 1 || text[0] < 0 || text[0] >= km.Size() || text[0] == 8 || text[0] == 10 {
		t.Errorf("drafted %v; want a value of the issue other than the two just tabled", text)
	}
	if at50[0] <= at40[0] || at40[1] <= at50[1] {
		t.Errorf("margins at 40 km %v, at 50 km %v: Russia must prefer 50, Ukraine 40", at40, at50)
	}
	_, ab40, ab50 := run(true)
	if ab40[0] != at40[0] || ab50[1] != at50[1] {
		t.Errorf("an abstention changed what the strategy learnt: %v %v, want %v %v", ab40, ab50, at40, at50)
	}
}
