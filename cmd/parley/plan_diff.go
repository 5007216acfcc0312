package main

import (
	"fmt"
	"strings"

	"parley"
)

// diff prints how version TO differs from version FROM, point by point.
func (p *planCmd) diff() error {
	if err := p.args(2, "plan diff needs two versions, FROM and TO (for example: plan diff 1 2)"); err != nil {
		return err
	}
	a, err := resolveVersion(p.ctx, p.c, p.ws, p.pos[1])
	if err != nil {
		return err
	}
	b, err := resolveVersion(p.ctx, p.c, p.ws, p.pos[2])
	if err != nil {
		return err
	}
	d, err := p.c.Diff(p.ctx, p.ws, a, b)
	if err != nil || p.printedJSON(d) {
		return err
	}
	w := p.stdout
	for _, e := range d.Entries {
		var notes []string
		if e.Moved {
			notes = append(notes, "moved")
		}
		if e.ByContent {
			notes = append(notes, "paired by similar content")
		}
		note := ""
		if len(notes) > 0 {
			note = "  (" + strings.Join(notes, ", ") + ")"
		}
		fmt.Fprintf(w, "%-9s %-12s -> %-8s %s%s\n", e.Change, nums(e.FromPoints), nums(e.ToPoints), e.Title, note)
		if e.TitleWords != nil {
			fmt.Fprintf(w, "          title: %s\n", wordsText(e.TitleWords))
		}
		if e.Words != nil {
			fmt.Fprintf(w, "          %s\n", wordsText(e.Words))
		}
		for _, b := range e.Bindings {
			from, to := b.From, b.To
			if from == "" {
				from = "(not bound)"
			}
			if to == "" {
				to = "(not bound)"
			}
			fmt.Fprintf(w, "          binds %s: %s -> %s\n", b.Issue, from, to)
		}
		if v := e.Visibility; v != nil {
			fmt.Fprintf(w, "          visible to: %s -> %s\n", audience(v.From), audience(v.To))
		}
	}
	fmt.Fprintf(w, "\n%d kept, %d reworded, %d merged, %d split, %d dropped, %d added\n", d.Counts[parley.ChangeKept], d.Counts[parley.ChangeReworded],
		d.Counts[parley.ChangeMerged], d.Counts[parley.ChangeSplit], d.Counts[parley.ChangeDropped], d.Counts[parley.ChangeAdded])
	return nil
}

// wordsText writes a word diff as [-removed-]{+added+}, one line.
func wordsText(ws []parley.WordDiff) string {
	var b strings.Builder
	for _, w := range ws {
		switch w.Op {
		case "-":
			b.WriteString("[-" + w.Text + "-]")
		case "+":
			b.WriteString("{+" + w.Text + "+}")
		default:
			b.WriteString(w.Text)
		}
	}
	return strings.ReplaceAll(b.String(), "\n", " | ")
}

func audience(ids []string) string {
	if len(ids) == 0 {
		return "everyone"
	}
	return strings.Join(ids, ", ")
}
