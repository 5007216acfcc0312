package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"parley"
	"parley/httpapi"
	"parley/httpapi/client"
	"parley/workspace"
)

// remote holds the flags every client command takes.
type remote struct {
	server, token *string
}

func remoteFlags(fs *flag.FlagSet) remote {
	srv := os.Getenv("PARLEY_SERVER")
	if srv == "" {
		srv = "http://127.0.0.1:8080"
	}
	return remote{
		server: fs.String("server", srv, "server URL (or $PARLEY_SERVER)"),
		token:  fs.String("token", os.Getenv("PARLEY_TOKEN"), "bearer token, or @FILE to read it from a file (or $PARLEY_TOKEN)"),
	}
}

// connect returns a client and, for a member token, its workspace id.
func (r remote) connect(ctx context.Context) (*client.Client, *httpapi.Me, error) {
	if *r.token == "" {
		return nil, nil, parley.Errorf(parley.EINVALID, "no token: pass --token or set PARLEY_TOKEN")
	}
	tok := *r.token
	if path, ok := strings.CutPrefix(tok, "@"); ok {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, nil, parley.Errorf(parley.EINVALID, "read token: %v", err)
		}
		tok = strings.TrimSpace(string(b))
	}
	c := client.New(*r.server, tok)
	// A server started a moment ago may not listen yet: retry refused connections briefly.
	var me *httpapi.Me
	var err error
	for i := 0; i < 100; i++ {
		if me, err = c.Me(ctx); err == nil || !errors.Is(err, syscall.ECONNREFUSED) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		return nil, nil, err
	}
	return c, me, nil
}

// failRemote prints err without internal details and returns the exit code: 2 for bad input, 1 otherwise.
func failRemote(stderr io.Writer, cmd string, err error) int {
	var ue *url.Error
	if errors.As(err, &ue) && parley.ErrorCode(err) == parley.EINTERNAL {
		// Not an internal error: the server is down, or --server names the wrong place.
		reason := ue.Err.Error()
		if errors.Is(err, syscall.ECONNREFUSED) {
			reason = "connection refused"
		}
		u, _ := url.Parse(ue.URL)
		where := ue.URL
		if u != nil {
			where = u.Scheme + "://" + u.Host
		}
		fmt.Fprintf(stderr, "parley %s: cannot reach the server at %s: %s (is it running? --server or $PARLEY_SERVER names it)\n", cmd, where, reason)
		return 1
	}
	fmt.Fprintf(stderr, "parley %s: %s\n", cmd, parley.ErrorMessage(err))
	if parley.ErrorCode(err) == parley.EINTERNAL {
		fmt.Fprintf(stderr, "  (%v)\n", err)
	}
	if parley.ErrorCode(err) == parley.EINVALID {
		return 2
	}
	return 1
}

func printJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// resolveVersion accepts a version id, a plan number, "latest" (the newest published plan
// version) or "draft" (the caller's newest draft).
func resolveVersion(ctx context.Context, c *client.Client, ws, arg string) (string, error) {
	n, err := strconv.Atoi(arg)
	if err != nil && arg != "latest" && arg != "draft" {
		return arg, nil
	}
	vs, err := c.Versions(ctx, ws)
	if err != nil {
		return "", err
	}
	best := ""
	if arg == "draft" {
		var at time.Time
		for _, v := range vs {
			if v.Status == parley.StatusDraft && !v.CreatedAt.Before(at) {
				best, at = v.ID, v.CreatedAt
			}
		}
		if best == "" {
			return "", parley.Errorf(parley.EINVALID, "you have no draft; start one with 'parley plan draft TITLE'")
		}
		return best, nil
	}
	for _, v := range vs {
		if v.Kind == parley.KindPlan && v.Number > 0 && (v.Number == n || arg == "latest") {
			best = v.ID
		}
	}
	if best == "" {
		return "", parley.Errorf(parley.EINVALID, "no published plan version %s", arg)
	}
	return best, nil
}

func runWorkspace(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("workspace", "workspace show | create SCENARIO|FILE.json | observer ID [NAME] | rotate MEMBER | revoke MEMBER | signin-link WORKSPACE MEMBER | redeem TICKET | profile [PARTY] | profile-put FILE.json [--use private|neutral|shared]", stderr)
	rf := remoteFlags(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	use := fs.String("use", "", "profile-put: what the profile may be used for: private (your own views only), neutral (joint results that name no party, on published versions), shared (the mediator reads it); default: as before, private for a new profile")
	visibility := fs.String("stances", "mediator", "create from a scenario: who sees stances, shared or mediator")
	pos, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		fs.Usage()
		return 2
	}
	if pos[0] == "redeem" && len(pos) == 2 {
		// The ticket is the credential: no token.
		tok, err := client.New(*rf.server, "").RedeemSignIn(ctx, pos[1])
		if err != nil {
			return failRemote(stderr, "workspace", err)
		}
		fmt.Fprintf(stdout, "%s %s\n", tok.MemberID, tok.Token)
		return 0
	}
	c, me, err := rf.connect(ctx)
	if err != nil {
		return failRemote(stderr, "workspace", err)
	}
	switch {
	case pos[0] == "signin-link" && len(pos) == 3:
		tk, err := c.IssueSignIn(ctx, pos[1], pos[2])
		if err != nil {
			return failRemote(stderr, "workspace", err)
		}
		fmt.Fprintf(stdout, "%s %s/signin?token=%s (once, until %s)\n", tk.MemberID, strings.TrimRight(*rf.server, "/"), tk.Ticket, tk.ExpiresAt.Format(time.RFC3339))
	case pos[0] == "show" && len(pos) == 1:
		return workspaceShow(ctx, c, me, *asJSON, stdout, stderr)
	case pos[0] == "create" && len(pos) == 2:
		return workspaceCreate(ctx, c, pos[1], *visibility, stdout, stderr)
	case pos[0] == "observer" && (len(pos) == 2 || len(pos) == 3):
		m := &parley.Member{ID: pos[1]}
		if len(pos) == 3 {
			m.Name = pos[2]
		}
		_, tok, err := c.AddObserver(ctx, me.Workspace, m)
		if err != nil {
			return failRemote(stderr, "workspace", err)
		}
		fmt.Fprintf(stdout, "%s %s\n", tok.MemberID, tok.Token)
	case pos[0] == "rotate" && len(pos) == 2:
		tok, err := c.RotateToken(ctx, me.Workspace, pos[1])
		if err != nil {
			return failRemote(stderr, "workspace", err)
		}
		fmt.Fprintf(stdout, "%s %s\n", tok.MemberID, tok.Token)
	case pos[0] == "revoke" && len(pos) == 2:
		if err := c.RevokeToken(ctx, me.Workspace, pos[1]); err != nil {
			return failRemote(stderr, "workspace", err)
		}
		fmt.Fprintf(stdout, "revoked every token of %s\n", pos[1])
	case pos[0] == "profile" && len(pos) <= 2:
		party := me.Member
		if len(pos) == 2 {
			party = pos[1]
		}
		p, err := c.Profile(ctx, me.Workspace, party)
		if err != nil {
			return failRemote(stderr, "workspace", err)
		}
		printJSON(stdout, p)
	case pos[0] == "profile-put" && len(pos) == 2:
		return workspaceProfilePut(ctx, c, me, pos[1], *use, stdout, stderr)
	default:
		fmt.Fprintf(stderr, "parley workspace: unknown subcommand %q\n", strings.Join(pos, " "))
		fs.Usage()
		return 2
	}
	return 0
}

// workspaceShow prints the caller's workspace: its members and issues.
func workspaceShow(ctx context.Context, c *client.Client, me *httpapi.Me, asJSON bool, stdout, stderr io.Writer) int {
	w, err := c.Workspace(ctx, me.Workspace)
	if err != nil {
		return failRemote(stderr, "workspace", err)
	}
	if asJSON {
		printJSON(stdout, w)
		return 0
	}
	fmt.Fprintf(stdout, "%s (%s)\nyou: %s (%s)\nstances seen by: %s\n\nMembers:\n", w.Name, w.ID, me.Member, me.Role, w.Settings.StanceVisibility)
	for _, m := range w.Members {
		fmt.Fprintf(stdout, "  %-14s %-9s %s\n", m.ID, m.Role, m.Name)
	}
	fmt.Fprintln(stdout, "\nIssues:")
	for _, is := range w.Issues {
		fmt.Fprintf(stdout, "  %-12s %s\n", is.ID, is.Describe())
	}
	return 0
}

// workspaceCreate creates a workspace from a WorkspaceCreate JSON file or a scenario.
func workspaceCreate(ctx context.Context, c *client.Client, path, visibility string, stdout, stderr io.Writer) int {
	in := &parley.WorkspaceCreate{}
	if strings.HasSuffix(path, ".json") {
		data, err := os.ReadFile(path)
		if err != nil {
			return failRemote(stderr, "workspace", parley.Errorf(parley.EINVALID, "%v", err))
		}
		if err := httpapi.Decode(data, in); err != nil {
			if e, ok := err.(*parley.Error); ok {
				e.File = path
			}
			return failRemote(stderr, "workspace", err)
		}
	} else {
		// A scenario in any format parley reads: its parties' profiles become their
		// initial private profiles.
		sc, err := loadScenario(path, stderr)
		if err != nil {
			return fail(stderr, "workspace", err)
		}
		in = workspace.FromScenario(sc)
		in.Settings.StanceVisibility = parley.StanceVisibility(visibility)
	}
	w, toks, err := c.CreateWorkspace(ctx, in)
	if err != nil {
		return failRemote(stderr, "workspace", err)
	}
	fmt.Fprintf(stdout, "workspace %s\n", w.ID)
	for _, t := range toks {
		fmt.Fprintf(stdout, "  %-14s %s\n", t.MemberID, t.Token)
	}
	return 0
}

// workspaceProfilePut saves the caller's profile from a ProfileSpec JSON file, keeping its
// use unless use is given.
func workspaceProfilePut(ctx context.Context, c *client.Client, me *httpapi.Me, path, use string, stdout, stderr io.Writer) int {
	data, err := os.ReadFile(path)
	if err != nil {
		return failRemote(stderr, "workspace", parley.Errorf(parley.EINVALID, "%v", err))
	}
	var spec parley.ProfileSpec
	if err := httpapi.Decode(data, &spec); err != nil {
		if e, ok := err.(*parley.Error); ok {
			e.File = path
		}
		return failRemote(stderr, "workspace", err)
	}
	var rev int64
	u := parley.ProfileUse(use)
	if u != "" && !u.Valid() {
		fmt.Fprintf(stderr, "parley workspace: --use %q is not private, neutral or shared\n", use)
		return 2
	}
	if cur, err := c.Profile(ctx, me.Workspace, me.Member); err == nil {
		rev = cur.Rev
		if u == "" {
			u = cur.Use
		}
	} else if parley.ErrorCode(err) != parley.ENOTFOUND {
		return failRemote(stderr, "workspace", err)
	}
	p, err := c.PutProfile(ctx, me.Workspace, me.Member, rev, &parley.PartyProfile{Profile: spec, Use: u})
	if err != nil {
		return failRemote(stderr, "workspace", err)
	}
	fmt.Fprintf(stdout, "profile of %s saved (rev %d, use: %s)\n%s\n", p.Party, p.Rev, p.Use, p.Use.Explain())
	return 0
}
