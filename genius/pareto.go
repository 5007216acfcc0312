package genius

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"parley"
)

// MaxParetoPoints bounds the points ReadPareto accepts.
const MaxParetoPoints = 1000000

// ReadPareto reads the pareto.xml file some GENIUS domains ship: despite its name, plain
// text with one point per line, the utilities of the parties separated by commas
// ("0.67824775, 1.0"). Blank lines are skipped; every point must have the same number of
// utilities, each in [0, 1].
func ReadPareto(r io.Reader, file string) ([][]float64, error) {
	sc := bufio.NewScanner(&limitedReader{r: r, n: MaxFileSize})
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	var pts [][]float64
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		if strings.HasPrefix(text, "<") {
			return nil, errorAt(file, line, "", "an XML element; parley reads pareto.xml as lines of comma-separated utilities (\"0.5, 0.75\")")
		}
		if len(pts) >= MaxParetoPoints {
			return nil, errorAt(file, line, "", "more than %d points", MaxParetoPoints)
		}
		parts := strings.Split(text, ",")
		p := make([]float64, len(parts))
		for k, s := range parts {
			v, ok := parseNumber(s)
			if !ok || v < 0 || v > 1 {
				return nil, errorAt(file, line, fmt.Sprintf("utility %d", k+1), "%q is not a number in [0, 1]", strings.TrimSpace(s))
			}
			p[k] = v
		}
		if len(pts) > 0 && len(p) != len(pts[0]) {
			return nil, errorAt(file, line, "", "%d utilities; the first point has %d", len(p), len(pts[0]))
		}
		pts = append(pts, p)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, errTooLarge) {
			return nil, tooLarge(file)
		}
		return nil, &parley.Error{Code: parley.EINVALID, File: file, Message: err.Error()}
	}
	if len(pts) == 0 {
		return nil, errorAt(file, 0, "", "no points; expected lines of comma-separated utilities")
	}
	return pts, nil
}
