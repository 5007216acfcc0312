package client

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"parley"
	"parley/httpapi"
)

// Client talks to one parley server with one bearer token.
type Client struct {
	BaseURL string // "http://127.0.0.1:8080"
	Token   string
	HTTP    *http.Client
}

// New returns a client of the server at baseURL using token.
func New(baseURL, token string) *Client {
	return &Client{BaseURL: strings.TrimRight(baseURL, "/"), Token: token, HTTP: &http.Client{Timeout: 60 * time.Second}}
}

// Interfaces implemented by Client.
var (
	_ parley.WorkspaceService    = (*Client)(nil)
	_ parley.ProfileService      = (*Client)(nil)
	_ parley.PlanService         = (*Client)(nil)
	_ parley.StanceService       = (*Client)(nil)
	_ parley.SessionService      = (*Client)(nil)
	_ parley.RatificationService = (*Client)(nil)
	_ parley.AuditService        = (*Client)(nil)
	_ parley.EventService        = (*Client)(nil)
)

func (c *Client) newRequest(ctx context.Context, method, path string, body any) (*http.Request, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	return req, nil
}

// do sends a request and decodes a JSON answer into out (nil: discard). A request the
// server turned away for a while (429 with Retry-After: too many requests in flight, or the
// member's budget of server time spent) is sent again after a short, growing pause, or
// after Retry-After when it says more than a second, until ctx ends.
func (c *Client) do(ctx context.Context, method, path string, body, out any) error {
	var resp *http.Response
	for pause := 5 * time.Millisecond; ; pause = min(2*pause, time.Second) {
		req, err := c.newRequest(ctx, method, path, body)
		if err != nil {
			return err
		}
		if resp, err = c.HTTP.Do(req); err != nil {
			return fmt.Errorf("%s %s: %w", method, path, err)
		}
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
			break
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		wait := pause
		// A second is the in-flight cap's hint, which the growing pause serves better.
		if n, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && n > 1 {
			wait = max(wait, time.Duration(n)*time.Second)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s %s: %w", method, path, ctx.Err())
		case <-time.After(wait):
		}
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		return problemError(resp)
	}
	if out == nil {
		io.Copy(io.Discard, resp.Body)
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("%s %s: decode answer: %w", method, path, err)
	}
	return nil
}

func problemError(resp *http.Response) error {
	var p httpapi.Problem
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if json.Unmarshal(b, &p) != nil || p.Code == "" {
		return &parley.Error{Code: httpapi.CodeOf(resp.StatusCode), Message: resp.Status}
	}
	e := &parley.Error{Code: p.Code, Message: p.Detail}
	if len(p.Errors) > 0 {
		e.Field = p.Errors[0].Field
		e.Message = p.Errors[0].Message
	}
	return e
}

func ws(id string) string { return "/api/workspaces/" + url.PathEscape(id) }

// Me returns who the client's token stands for.
func (c *Client) Me(ctx context.Context) (*httpapi.Me, error) {
	var m httpapi.Me
	return &m, c.do(ctx, "GET", "/api/me", nil, &m)
}

// CreateWorkspace implements parley.WorkspaceService.
func (c *Client) CreateWorkspace(ctx context.Context, in *parley.WorkspaceCreate) (*parley.Workspace, []parley.IssuedToken, error) {
	var out httpapi.WorkspaceCreated
	if err := c.do(ctx, "POST", "/api/workspaces", in, &out); err != nil {
		return nil, nil, err
	}
	return out.Workspace, out.Tokens, nil
}

// Workspace implements parley.WorkspaceService.
func (c *Client) Workspace(ctx context.Context, id string) (*parley.Workspace, error) {
	var w parley.Workspace
	return &w, c.do(ctx, "GET", ws(id), nil, &w)
}

// UpdateSettings implements parley.WorkspaceService.
func (c *Client) UpdateSettings(ctx context.Context, id string, rev int64, s parley.Settings) (*parley.Workspace, error) {
	var w parley.Workspace
	return &w, c.do(ctx, "PUT", ws(id)+"/settings", httpapi.SettingsUpdate{Rev: rev, Settings: s}, &w)
}

// AddObserver implements parley.WorkspaceService.
func (c *Client) AddObserver(ctx context.Context, id string, m *parley.Member) (*parley.Member, parley.IssuedToken, error) {
	var out httpapi.MemberAdded
	err := c.do(ctx, "POST", ws(id)+"/members", m, &out)
	return out.Member, out.Token, err
}

// RotateToken implements parley.WorkspaceService.
func (c *Client) RotateToken(ctx context.Context, id, member string) (parley.IssuedToken, error) {
	var t parley.IssuedToken
	return t, c.do(ctx, "POST", ws(id)+"/members/"+url.PathEscape(member)+"/token", nil, &t)
}

// RevokeToken implements parley.WorkspaceService.
func (c *Client) RevokeToken(ctx context.Context, id, member string) error {
	return c.do(ctx, "DELETE", ws(id)+"/members/"+url.PathEscape(member)+"/token", nil, nil)
}

// IssueSignIn implements parley.WorkspaceService.
func (c *Client) IssueSignIn(ctx context.Context, id, member string) (parley.SignInTicket, error) {
	var t parley.SignInTicket
	return t, c.do(ctx, "POST", ws(id)+"/members/"+url.PathEscape(member)+"/signin", nil, &t)
}

// RedeemSignIn implements parley.WorkspaceService.
func (c *Client) RedeemSignIn(ctx context.Context, ticket string) (parley.IssuedToken, error) {
	var t parley.IssuedToken
	return t, c.do(ctx, "POST", "/api/signin", httpapi.SignInRedeem{Ticket: ticket}, &t)
}

// Profile implements parley.ProfileService.
func (c *Client) Profile(ctx context.Context, id, party string) (*parley.PartyProfile, error) {
	var p parley.PartyProfile
	return &p, c.do(ctx, "GET", ws(id)+"/profiles/"+url.PathEscape(party), nil, &p)
}

// PutProfile implements parley.ProfileService.
func (c *Client) PutProfile(ctx context.Context, id, party string, rev int64, in *parley.PartyProfile) (*parley.PartyProfile, error) {
	var p parley.PartyProfile
	return &p, c.do(ctx, "PUT", ws(id)+"/profiles/"+url.PathEscape(party),
		httpapi.ProfilePut{Rev: rev, Profile: in.Profile, Use: in.Use}, &p)
}

// Preview implements parley.ProfileService.
func (c *Client) Preview(ctx context.Context, id, version string, spec *parley.ProfileSpec) (*parley.PartyAnalytics, error) {
	var p parley.PartyAnalytics
	return &p, c.do(ctx, "POST", ws(id)+"/versions/"+url.PathEscape(version)+"/preview",
		httpapi.ProfilePreview{Profile: *spec}, &p)
}

// Versions implements parley.PlanService.
func (c *Client) Versions(ctx context.Context, id string) ([]*parley.VersionSummary, error) {
	var vs []*parley.VersionSummary
	return vs, c.do(ctx, "GET", ws(id)+"/versions", nil, &vs)
}

// Version implements parley.PlanService.
func (c *Client) Version(ctx context.Context, id, version string) (*parley.Version, error) {
	var v parley.Version
	return &v, c.do(ctx, "GET", ws(id)+"/versions/"+url.PathEscape(version), nil, &v)
}

// CreateDraft implements parley.PlanService.
func (c *Client) CreateDraft(ctx context.Context, id string, d *parley.DraftCreate) (*parley.Version, error) {
	var v parley.Version
	return &v, c.do(ctx, "POST", ws(id)+"/versions", d, &v)
}

// EditDraft implements parley.PlanService.
func (c *Client) EditDraft(ctx context.Context, id, version string, rev int64, ops []parley.PointOp) (*parley.Version, error) {
	var v parley.Version
	return &v, c.do(ctx, "PATCH", ws(id)+"/versions/"+url.PathEscape(version), httpapi.DraftEdit{Rev: rev, Ops: ops}, &v)
}

// Publish implements parley.PlanService.
func (c *Client) Publish(ctx context.Context, id, version string, rev int64) (*parley.Version, error) {
	var v parley.Version
	return &v, c.do(ctx, "POST", ws(id)+"/versions/"+url.PathEscape(version)+"/publish", httpapi.Publish{Rev: rev}, &v)
}

// Diff implements parley.PlanService.
func (c *Client) Diff(ctx context.Context, id, from, to string) (*parley.Diff, error) {
	var d parley.Diff
	q := url.Values{"from": {from}, "to": {to}}
	return &d, c.do(ctx, "GET", ws(id)+"/diff?"+q.Encode(), nil, &d)
}

// Analytics implements parley.PlanService.
func (c *Client) Analytics(ctx context.Context, id, version string) (*parley.Analytics, error) {
	var a parley.Analytics
	return &a, c.do(ctx, "GET", ws(id)+"/versions/"+url.PathEscape(version)+"/analytics", nil, &a)
}

// Progress implements parley.PlanService.
func (c *Client) Progress(ctx context.Context, id string) ([]*parley.ProgressPoint, error) {
	var p []*parley.ProgressPoint
	return p, c.do(ctx, "GET", ws(id)+"/progress", nil, &p)
}

// Frontier implements parley.FrontierService.
func (c *Client) Frontier(ctx context.Context, id, version string) (*parley.Frontier, error) {
	path := ws(id) + "/frontier"
	if version != "" {
		path += "?" + url.Values{"version": {version}}.Encode()
	}
	var f parley.Frontier
	if err := c.do(ctx, "GET", path, nil, &f); err != nil {
		return nil, err
	}
	return &f, nil
}

// SetStance implements parley.StanceService.
func (c *Client) SetStance(ctx context.Context, id, version, point string, rev int64, in *parley.StanceInput) (*parley.Stance, error) {
	var s parley.Stance
	return &s, c.do(ctx, "PUT", ws(id)+"/versions/"+url.PathEscape(version)+"/points/"+url.PathEscape(point)+"/stance",
		httpapi.StancePut{Rev: rev, Mark: in.Mark, Amendment: in.Amendment, Comment: in.Comment, Private: in.Private, Condition: in.Condition}, &s)
}

// Stances implements parley.StanceService.
func (c *Client) Stances(ctx context.Context, id, version string) ([]*parley.Stance, error) {
	var s []*parley.Stance
	return s, c.do(ctx, "GET", ws(id)+"/versions/"+url.PathEscape(version)+"/stances", nil, &s)
}

// Matrix implements parley.StanceService.
func (c *Client) Matrix(ctx context.Context, id, version string) (*parley.Matrix, error) {
	var m parley.Matrix
	return &m, c.do(ctx, "GET", ws(id)+"/versions/"+url.PathEscape(version)+"/matrix", nil, &m)
}

// CreateSession implements parley.SessionService.
func (c *Client) CreateSession(ctx context.Context, id string, s *parley.Session) (*parley.Session, error) {
	var out parley.Session
	return &out, c.do(ctx, "POST", ws(id)+"/sessions", s, &out)
}

// UpdateSession implements parley.SessionService.
func (c *Client) UpdateSession(ctx context.Context, id string, rev int64, s *parley.Session) (*parley.Session, error) {
	var out parley.Session
	return &out, c.do(ctx, "PUT", ws(id)+"/sessions/"+url.PathEscape(s.ID), httpapi.SessionPut{Rev: rev, Session: *s}, &out)
}

// Sessions implements parley.SessionService.
func (c *Client) Sessions(ctx context.Context, id string) ([]*parley.Session, error) {
	var out []*parley.Session
	return out, c.do(ctx, "GET", ws(id)+"/sessions", nil, &out)
}

// Propose implements parley.RatificationService.
func (c *Client) Propose(ctx context.Context, id, version string, opt parley.ProposeOptions) (*parley.Ratification, error) {
	var r parley.Ratification
	return &r, c.do(ctx, "POST", ws(id)+"/ratifications", httpapi.Proposal{Version: version, ConfirmOpen: opt.ConfirmOpen}, &r)
}

// Sign implements parley.RatificationService.
func (c *Client) Sign(ctx context.Context, id, rat string, d parley.Decision, hash, comment string) (*parley.Ratification, error) {
	var r parley.Ratification
	return &r, c.do(ctx, "POST", ws(id)+"/ratifications/"+url.PathEscape(rat)+"/decisions",
		httpapi.DecisionPut{Decision: d, Hash: hash, Comment: comment}, &r)
}

// Ratifications implements parley.RatificationService.
func (c *Client) Ratifications(ctx context.Context, id string) ([]*parley.Ratification, error) {
	var out []*parley.Ratification
	return out, c.do(ctx, "GET", ws(id)+"/ratifications", nil, &out)
}

// Audit implements parley.AuditService.
func (c *Client) Audit(ctx context.Context, id string, after int64) ([]*parley.AuditEntry, error) {
	var out []*parley.AuditEntry
	return out, c.do(ctx, "GET", ws(id)+"/audit?after="+strconv.FormatInt(after, 10), nil, &out)
}

// VerifyAudit implements parley.AuditService.
func (c *Client) VerifyAudit(ctx context.Context) (*parley.AuditReport, error) {
	var r parley.AuditReport
	return &r, c.do(ctx, "GET", "/api/audit/verify", nil, &r)
}

// Checkpoint implements parley.AuditService.
func (c *Client) Checkpoint(ctx context.Context, id string, since int64) (*parley.Checkpoint, error) {
	var cp parley.Checkpoint
	return &cp, c.do(ctx, "GET", ws(id)+"/audit/checkpoint?since="+strconv.FormatInt(since, 10), nil, &cp)
}

// LogState is what a member keeps of a workspace's audit log between visits: the audit
// key it trusts and the last checkpoint it saw. Kept in a file, it lets the member notice
// any rewriting of the log, even by the server's operator.
type LogState struct {
	Verifier   string             `json:"verifier"`
	Checkpoint *parley.Checkpoint `json:"checkpoint,omitempty"`
}

// CheckLog fetches the latest checkpoint of workspace id's log and checks it against st: it
// must be signed by st.Verifier and extend the log st last saw (a consistency proof). On
// success st keeps it. The first time (st.Verifier empty) the server's key is taken as it
// comes; compare it with the one the administrator published.
func (c *Client) CheckLog(ctx context.Context, id string, st *LogState) error {
	var since int64
	if st.Checkpoint != nil {
		since = st.Checkpoint.Size
	}
	cp, err := c.Checkpoint(ctx, id, since)
	if err != nil {
		return err
	}
	if err := httpapi.CheckCheckpoint(id, st.Verifier, st.Checkpoint, cp); err != nil {
		return err
	}
	if st.Verifier == "" {
		st.Verifier = cp.Verifier
	}
	st.Checkpoint = cp
	return nil
}

// Subscribe implements parley.EventService over server-sent events.
func (c *Client) Subscribe(ctx context.Context, id string) (<-chan parley.Event, func(), error) {
	ctx, cancel := context.WithCancel(ctx)
	req, err := c.newRequest(ctx, "GET", ws(id)+"/events", nil)
	if err != nil {
		cancel()
		return nil, nil, err
	}
	hc := *c.HTTP
	hc.Timeout = 0
	resp, err := hc.Do(req)
	if err != nil {
		cancel()
		return nil, nil, err
	}
	if resp.StatusCode != 200 {
		defer resp.Body.Close()
		cancel()
		return nil, nil, problemError(resp)
	}
	ch := make(chan parley.Event, 64)
	go func() {
		defer close(ch)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			data, ok := strings.CutPrefix(sc.Text(), "data: ")
			if !ok {
				continue
			}
			var e parley.Event
			if json.Unmarshal([]byte(data), &e) == nil {
				select {
				case ch <- e:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return ch, cancel, nil
}
