package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"parley"
)

func runSign(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("sign", "sign [--decline] [--comment TEXT] | sign --propose VERSION | sign --list", stderr)
	rf := remoteFlags(fs)
	decline := fs.Bool("decline", false, "decline instead of signing")
	comment := fs.String("comment", "", "a comment with the decision")
	propose := fs.String("propose", "", "mediator: propose this published version for ratification")
	confirmOpen := fs.Bool("confirm-open", false, "with --propose: propose the version although it leaves issues open")
	list := fs.Bool("list", false, "list the ratifications")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		fs.Usage()
		return 2
	}
	c, me, err := rf.connect(ctx)
	if err != nil {
		return failRemote(stderr, "sign", err)
	}
	if *propose != "" {
		v, err := resolveVersion(ctx, c, me.Workspace, *propose)
		if err != nil {
			return failRemote(stderr, "sign", err)
		}
		r, err := c.Propose(ctx, me.Workspace, v, parley.ProposeOptions{ConfirmOpen: *confirmOpen})
		if err != nil {
			return failRemote(stderr, "sign", err)
		}
		fmt.Fprintf(stdout, "ratification %s of version %s (content hash %s) is open\n", r.ID, r.Version, r.Hash)
		if len(r.Open) > 0 {
			fmt.Fprintf(stdout, "the version leaves open: %s\n", strings.Join(r.Open, ", "))
		}
		return 0
	}
	rs, err := c.Ratifications(ctx, me.Workspace)
	if err != nil {
		return failRemote(stderr, "sign", err)
	}
	if *list {
		printJSON(stdout, rs)
		return 0
	}
	var open *parley.Ratification
	for _, r := range rs {
		if r.State == parley.RatificationOpen {
			open = r
		}
	}
	if open == nil {
		return failRemote(stderr, "sign", parley.Errorf(parley.ECONFLICT, "no ratification is open"))
	}
	// Sign the hash of the text as this member reads it now, so a changed text cannot be
	// signed by mistake.
	v, err := c.Version(ctx, me.Workspace, open.Version)
	if err != nil {
		return failRemote(stderr, "sign", err)
	}
	d := parley.DecisionSign
	if *decline {
		d = parley.DecisionDecline
	}
	r, err := c.Sign(ctx, me.Workspace, open.ID, d, v.Hash, *comment)
	if err != nil {
		return failRemote(stderr, "sign", err)
	}
	fmt.Fprintf(stdout, "%s: %s version %s (hash %s); ratification is %s\n", me.Member, d, v.ID, v.Hash, r.State)
	return 0
}
