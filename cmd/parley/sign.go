package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"parley"
)

func runSign(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("sign", "sign [--show] [--decline] [--comment TEXT] | sign --propose VERSION [--confirm-open] | sign --list", stderr)
	rf := remoteFlags(fs)
	decline := fs.Bool("decline", false, "decline instead of signing")
	comment := fs.String("comment", "", "a comment with the decision")
	propose := fs.String("propose", "", "mediator: propose this published version for ratification")
	confirmOpen := fs.Bool("confirm-open", false, "with --propose: propose the version although it leaves issues open")
	list := fs.Bool("list", false, "list the ratifications")
	show := fs.Bool("show", false, "show the text to sign, what it settles and what it is worth to you, without deciding")
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
	// The hash is recomputed from the text this member sees (hidden points enter only by
	// their commitments), so what is signed is exactly what was read. Versions published
	// before points carried salts keep the hash the server recorded.
	sealed := true
	for _, p := range v.Points {
		sealed = sealed && (p.Salt != "" || p.Commitment != "")
	}
	if sealed && v.ContentHash() != v.Hash {
		return failRemote(stderr, "sign", parley.Errorf(parley.EINVALID, "version %s: the server's content hash %s is not the hash of the text it sent (%s); not signing", v.ID, v.Hash, v.ContentHash()))
	}
	a, err := c.Analytics(ctx, me.Workspace, open.Version)
	if err != nil {
		return failRemote(stderr, "sign", err)
	}
	printSigning(stdout, v, a)
	if *show {
		return 0
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

// printSigning shows what a party signs: the text's points, its content hash, the outcome it
// implies, the issues it leaves open, and the party's own value and verdict with warnings.
func printSigning(w io.Writer, v *parley.Version, a *parley.Analytics) {
	fmt.Fprintf(w, "text to sign: %s (content hash %s)\n", v.Title, v.Hash)
	for _, p := range v.Points {
		fmt.Fprintf(w, "  %d. %s\n", p.Number, p.Title)
	}
	var settled []string
	for id, val := range a.Outcome {
		settled = append(settled, id+" = "+val)
	}
	slices.Sort(settled)
	fmt.Fprintf(w, "settles: %s\n", strings.Join(settled, "; "))
	if len(a.Open) > 0 {
		fmt.Fprintf(w, "leaves open: %s\n", strings.Join(a.Open, ", "))
	}
	o := a.Own
	if o == nil {
		return
	}
	value := fmt.Sprintf("%.2f", o.UtilityMin)
	if !o.Exact {
		value += fmt.Sprintf("-%.2f, depending on how the open issues are settled", o.UtilityMax)
	}
	fmt.Fprintf(w, "worth to you: %s (reservation value %.2f); verdict: %s\n", value, o.Reservation, o.Verdict)
	if o.Verdict != parley.VerdictAcceptable {
		fmt.Fprintln(w, "warning: this text is not certain to be acceptable to you")
	}
	if len(o.Crossed) > 0 {
		fmt.Fprintf(w, "warning: it crosses your red lines: %s\n", strings.Join(o.Crossed, "; "))
	}
	if len(o.AtRisk) > 0 {
		fmt.Fprintf(w, "warning: some ways to settle the open issues cross your red lines: %s\n", strings.Join(o.AtRisk, "; "))
	}
}
