package negotiate

// search improves m.best (see improve) and, in the last round, searches the whole outcome
// space (see everyText) for a text that scores at least half of safety above it: a text
// far from those the parties voted on must be clearly better, since there the model
// extrapolates (a rational party's coupled red line, which no additive model fits, makes
// it overrate texts that party rejects).
func (m *Learn) search() {
	m.improve(m.score(m.best))
	if m.t >= 1 {
		m.everyText(m.score(m.best) + safety/2)
	}
}

// everyText sets m.best, in the last round, to the best scored text of the whole outcome
// space that was not tabled lately, when one scores above bestScore and the space has at
// most MaxEnumerated outcomes (the spaces agents list in full; larger ones keep the search
// of improve). The last round's text is the one most surely acceptable to all (the largest
// smallest margin, under both models: see score and endgame), and that text is often more
// changes away from the texts the model deems efficient than the two-issue search
// reaches: traded across three or four issues. On peace-talks, rational Russia and Boulware
// Ukraine can agree only in the last two rounds; the search found (0.617, 0.453), 0.042
// from the Pareto frontier, the whole space (0.643, 0.472), 0.011. Nothing is lost by
// looking everywhere then: no later round needs texts near those the parties voted on,
// and the two models keep the search from texts where one extrapolates in its favour.
func (m *Learn) everyText(bestScore float64) {
	total := 1
	for _, size := range m.s.Sizes {
		total *= size
		if total > MaxEnumerated {
			return
		}
	}
	clear(m.y)
	for range total {
		if s := m.score(m.y); s > bestScore+Tol && !m.tabled(m.y) {
			bestScore = s
			copy(m.best, m.y)
		}
		// The next outcome, the last issue's value first.
		for i := m.k - 1; i >= 0; i-- {
			if m.y[i]++; m.y[i] < m.s.Sizes[i] {
				break
			}
			m.y[i] = 0
		}
	}
}
