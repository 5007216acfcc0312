package main

import (
	"fmt"
	"os"

	"parley"
	"parley/httpapi"
)

// draft creates a draft titled pos[1], copying the points of --based-on when given.
func (p *planCmd) draft() error {
	if err := p.args(1, "plan draft needs one TITLE (quote it if it has spaces)"); err != nil {
		return err
	}
	d := &parley.DraftCreate{Title: p.pos[1]}
	if p.basedOn != "" {
		var err error
		if d.BasedOn, err = resolveVersion(p.ctx, p.c, p.ws, p.basedOn); err != nil {
			return err
		}
	}
	v, err := p.c.CreateDraft(p.ctx, p.ws, d)
	if err != nil {
		return err
	}
	fmt.Fprintf(p.stdout, "draft %s rev %d, %d points\n", v.ID, v.Rev, len(v.Points))
	return nil
}

// edit applies the edit operations of the JSON file pos[2] to the draft pos[1].
func (p *planCmd) edit() error {
	if err := p.args(2, "plan edit needs the draft (VERSION or draft) and the OPS.json file"); err != nil {
		return err
	}
	data, err := os.ReadFile(p.pos[2])
	if err != nil {
		return parley.Errorf(parley.EINVALID, "%v", err)
	}
	var ops []parley.PointOp
	if err := httpapi.Decode(data, &ops); err != nil {
		if e, ok := err.(*parley.Error); ok {
			e.File = p.pos[2]
		}
		return err
	}
	v, err := p.draftAt(p.pos[1])
	if err != nil {
		return err
	}
	if v, err = p.c.EditDraft(p.ctx, p.ws, v.ID, v.Rev, ops); err != nil {
		return err
	}
	fmt.Fprintf(p.stdout, "draft %s rev %d, %d points\n", v.ID, v.Rev, len(v.Points))
	return nil
}

// publish publishes the draft pos[1].
func (p *planCmd) publish() error {
	if err := p.args(1, "plan publish needs one draft (VERSION or draft)"); err != nil {
		return err
	}
	v, err := p.draftAt(p.pos[1])
	if err != nil {
		return err
	}
	if v, err = p.c.Publish(p.ctx, p.ws, v.ID, v.Rev); err != nil {
		return err
	}
	fmt.Fprintf(p.stdout, "published %s as number %d, content hash %s\n", v.ID, v.Number, v.Hash)
	return nil
}

// draftAt reads the version arg names, at its current revision.
func (p *planCmd) draftAt(arg string) (*parley.Version, error) {
	id, err := resolveVersion(p.ctx, p.c, p.ws, arg)
	if err != nil {
		return nil, err
	}
	return p.c.Version(p.ctx, p.ws, id)
}
