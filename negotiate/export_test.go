package negotiate

// GeniusNear exposes geniusSpace.near on a list of utilities sorted best first.
func GeniusNear(util []float64, u float64) int { return (&geniusSpace{util: util}).near(u) }

// JavaStringHash exposes javaStringHash.
func JavaStringHash(s string) int32 { return javaStringHash(s) }

// GeniusOrder returns party p's outcomes of d in GENIUS's sorted order, with utilities.
func GeniusOrder(d *Domain, p int) ([][]int, []float64, error) {
	gs, err := d.geniusSpaces()
	if err != nil {
		return nil, nil, err
	}
	g := gs[p]
	var os [][]int
	for i := range g.util {
		os = append(os, g.outcome(i, make([]int, len(g.sizes))))
	}
	return os, g.util, nil
}
