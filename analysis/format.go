package analysis

import (
	"fmt"
	"math"
	"math/big"
	"strings"
)

// FormatCount writes a count for people, exactly where it can: a power of ten with a short
// exact mantissa from 10^9 ("10^400", "2.5×10^40"), digit groups ("1,944,000") otherwise up
// to 45 digits, and otherwise "about 1.23×10^143", labelled as rounded. It is the one
// place that turns counts into words; nil is "unknown".
func FormatCount(n *big.Int) string {
	if n == nil {
		return "unknown"
	}
	if n.Sign() < 0 {
		return "-" + FormatCount(new(big.Int).Neg(n))
	}
	s := n.String()
	e := len(s) - 1
	sig := strings.TrimRight(s, "0")
	if e >= 9 && len(sig) <= 2 || e >= 15 && len(sig) <= 4 {
		if len(sig) == 1 && sig == "1" {
			return fmt.Sprintf("10^%d", e)
		}
		m := sig[:1]
		if len(sig) > 1 {
			m += "." + sig[1:]
		}
		return fmt.Sprintf("%s×10^%d", m, e)
	}
	if len(s) <= 45 {
		return groupDigits(s)
	}
	// Three significant digits, rounded from the decimal string.
	lead, _ := new(big.Int).SetString(s[:4], 10)
	x := (lead.Int64() + 5) / 10 // 100..1000
	if x == 1000 {
		x, e = 100, e+1
	}
	return fmt.Sprintf("about %d.%02d×10^%d", x/100, x%100, e)
}

// groupDigits writes a string of digits with thousands separators.
func groupDigits(s string) string {
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// magnitude writes an estimate a reader can take in: "1,000,000", "10^40" or "1.2×10^8".
func magnitude(x float64) string {
	if math.IsInf(x, 1) {
		return "more than 10^308"
	}
	if x < 1e7 {
		return commas(uint64(math.Max(0, x)))
	}
	e := math.Floor(math.Log10(x))
	m := x / math.Pow(10, e)
	// Log10 rounds across a power of ten either way; so may the mantissa's one decimal.
	for m < 1 {
		e, m = e-1, m*10
	}
	m = math.Round(m*10) / 10
	for m >= 10 {
		e, m = e+1, m/10
	}
	if m < 1.05 {
		return fmt.Sprintf("10^%d", int(e))
	}
	return fmt.Sprintf("%.1f×10^%d", m, int(e))
}

// magnitudeBig writes an exact count with FormatCount.
func magnitudeBig(x *big.Int) string { return FormatCount(x) }

func commas(x uint64) string { return groupDigits(fmt.Sprint(x)) }

// maxUsefulWork is the largest work budget worth proposing: about a day of enumeration.
const maxUsefulWork = 4e12

// duration writes a number of seconds for people: "0.5 s", "40 s", "7 min", "3 h", "12 days".
func duration(s float64) string {
	switch {
	case s < 10:
		return fmt.Sprintf("%.1f s", s)
	case s < 120:
		return fmt.Sprintf("%.0f s", s)
	case s < 7200:
		return fmt.Sprintf("%.0f min", s/60)
	case s < 3*86400:
		return fmt.Sprintf("%.0f h", s/3600)
	case s < 1e6*365*86400:
		return magnitude(s/86400) + " days"
	}
	return "more than a million years"
}

// FormatBound writes a bound on a count like FormatCount, exact where FormatCount is, and
// otherwise with three significant digits rounded away from the count it bounds: down for
// a lower bound, up (up true) for an upper one, so that the words still bound the count.
func FormatBound(n *big.Int, up bool) string {
	s := FormatCount(n)
	if !strings.HasPrefix(s, "about ") {
		return s
	}
	d := n.String()
	e := len(d) - 1
	lead, _ := new(big.Int).SetString(d[:3], 10)
	x := lead.Int64() // 100..999
	if up && strings.TrimLeft(d[3:], "0") != "" {
		x++
	}
	if x == 1000 {
		x, e = 100, e+1
	}
	return fmt.Sprintf("%d.%02d×10^%d", x/100, x%100, e)
}
