package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"parley"
	"parley/negotiate"
)

func mediatorHelp() string {
	var b strings.Builder
	for _, m := range negotiate.Mediators() {
		fmt.Fprintf(&b, "  %s\n", m)
	}
	return strings.TrimRight(b.String(), "\n")
}

// mediators parses --mediator: one strategy or more, comma-separated.
func (f deadlineFlags) mediators() ([]*negotiate.MediatorSpec, error) {
	ms, err := negotiate.ParseMediators(*f.mediator)
	if err != nil {
		return nil, fmt.Errorf("--mediator: %w", err)
	}
	return ms, nil
}

// oneMediator parses --mediator for one negotiation: exactly one strategy. It returns nil when
// the protocol is not mediated.
func (f deadlineFlags) oneMediator(mediated bool) (*negotiate.MediatorSpec, error) {
	ms, err := f.mediators()
	if err != nil || !mediated {
		return nil, err
	}
	if len(ms) != 1 {
		return nil, parley.Errorf(parley.EINVALID, "--mediator %q: give one mediator strategy (%s)", *f.mediator, negotiate.MediatorNames())
	}
	return ms[0], nil
}

// compareMediators runs tournament t once per mediator strategy and writes each summary,
// then one line per strategy: agreement rate, mean rounds, median rounds of the
// agreements, mean social welfare and the mean distances.
func compareMediators(ctx context.Context, t *negotiate.Tournament, ms []*negotiate.MediatorSpec, w io.Writer) error {
	type line struct {
		name string
		sum  *negotiate.Summary
		med  float64
	}
	var lines []line
	for _, m := range ms {
		t.Config.Mediator = m
		var rounds []int
		sum, err := t.Run(ctx, func(r *negotiate.Record) error {
			if r.Agreement != nil {
				rounds = append(rounds, r.Rounds)
			}
			return nil
		}, nil)
		if err != nil {
			return fmt.Errorf("mediator %s: %w", m, err)
		}
		fmt.Fprintf(w, "Mediator %s:\n\n", m)
		if err := sum.WriteTable(w); err != nil {
			return err
		}
		fmt.Fprintln(w)
		lines = append(lines, line{m.String(), sum, negotiate.Median(rounds)})
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "mediator\tnegotiations\tagreement rate\tacceptable to all\tmean rounds\tmedian rounds to agree\tsocial welfare\tPareto distance\tNash distance\t")
	for _, l := range lines {
		s := l.sum
		n := float64(max(1, s.Negotiations))
		fmt.Fprintf(tw, "%s\t%d\t%.3f\t%.3f\t%.1f\t%s\t%.3f\t%s\t%s\t\n", l.name, s.Negotiations,
			float64(s.Agreements)/n, float64(s.Acceptable)/n, s.Rounds/n, numText(l.med), s.Welfare/n, numText(s.Pareto.Value()), numText(s.Nash.Value()))
	}
	return tw.Flush()
}

func numText(x float64) string {
	if x != x {
		return "-"
	}
	return fmt.Sprintf("%.3f", x)
}
