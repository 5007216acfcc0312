package client

import (
	"context"
	"fmt"

	"parley"
	"parley/httpapi"
)

var _ parley.ElicitService = (*Client)(nil)

// Elicitation implements parley.ElicitService.
func (c *Client) Elicitation(ctx context.Context, id string) (*parley.Elicitation, error) {
	var e parley.Elicitation
	return &e, c.do(ctx, "GET", ws(id)+"/elicitation", nil, &e)
}

// Answer implements parley.ElicitService.
func (c *Client) Answer(ctx context.Context, id string, rev int64, q *parley.Question, a parley.AnswerKind) (*parley.Elicitation, error) {
	var e parley.Elicitation
	return &e, c.do(ctx, "POST", ws(id)+"/elicitation/answers", httpapi.AnswerPut{Rev: rev, Question: q, Answer: a}, &e)
}

// Reply implements parley.ElicitService.
func (c *Client) Reply(ctx context.Context, id string, rev int64, q *parley.Question, r parley.Reply) (*parley.Elicitation, error) {
	var e parley.Elicitation
	in := httpapi.AnswerPut{Rev: rev, Question: q, Answer: parley.AnswerGiven, Order: r.Order, Acceptable: r.Acceptable, Ranking: r.Ranking}
	return &e, c.do(ctx, "POST", ws(id)+"/elicitation/answers", in, &e)
}

// RemoveStatement implements parley.ElicitService.
func (c *Client) RemoveStatement(ctx context.Context, id string, rev int64, index int) (*parley.Elicitation, error) {
	var e parley.Elicitation
	return &e, c.do(ctx, "DELETE", fmt.Sprintf("%s/elicitation/statements/%d?rev=%d", ws(id), index, rev), nil, &e)
}

// Candidates implements parley.ElicitService.
func (c *Client) Candidates(ctx context.Context, id string) ([]*parley.Candidate, error) {
	var cs []*parley.Candidate
	return cs, c.do(ctx, "GET", ws(id)+"/candidates", nil, &cs)
}

// AddCandidate implements parley.ElicitService.
func (c *Client) AddCandidate(ctx context.Context, id string, pkg map[string]string, label string) (*parley.Candidate, error) {
	var cand parley.Candidate
	return &cand, c.do(ctx, "POST", ws(id)+"/candidates", httpapi.CandidateAdd{Package: pkg, Label: label}, &cand)
}

// UncertainZone implements parley.ElicitService.
func (c *Client) UncertainZone(ctx context.Context, id string) (*parley.UncertainZone, error) {
	var z parley.UncertainZone
	return &z, c.do(ctx, "GET", ws(id)+"/uncertain-zone", nil, &z)
}
