package main

import (
	"fmt"
	"strings"
)

// list prints the workspace's versions the member may see.
func (p *planCmd) list() error {
	vs, err := p.c.Versions(p.ctx, p.ws)
	if err != nil || p.printedJSON(vs) {
		return err
	}
	for _, v := range vs {
		num := "-"
		if v.Number > 0 {
			num = fmt.Sprint(v.Number)
		}
		fmt.Fprintf(p.stdout, "%-3s %-19s %-5s %-9s %3d points  %-14s %s\n", num, v.ID, v.Kind, v.Status, v.Points, v.Author, v.Title)
	}
	return nil
}

// show prints a version's text as the member may read it.
func (p *planCmd) show() error {
	id, err := p.version(1)
	if err != nil {
		return err
	}
	v, err := p.c.Version(p.ctx, p.ws, id)
	if err != nil || p.printedJSON(v) {
		return err
	}
	w := p.stdout
	fmt.Fprintf(w, "%s (%s, %s, by %s)\n", v.Title, v.ID, v.Status, v.Author)
	if v.Hash != "" {
		fmt.Fprintf(w, "content hash %s\n", v.Hash)
	}
	for _, pt := range v.Points {
		if pt.Hidden {
			fmt.Fprintf(w, "\n%2d. (not disclosed to you)\n", pt.Number)
			continue
		}
		fmt.Fprintf(w, "\n%2d. %s  [%s]\n    %s\n", pt.Number, pt.Title, pt.ID, pt.Text)
		if len(pt.Bindings) > 0 {
			fmt.Fprintf(w, "    binds: %s\n", joinMap(pt.Bindings))
		}
		if len(pt.VisibleTo) > 0 {
			fmt.Fprintf(w, "    visible to: %s\n", strings.Join(pt.VisibleTo, ", "))
		}
	}
	return nil
}
