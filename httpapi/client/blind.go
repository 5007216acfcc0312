package client

import (
	"context"
	"net/url"

	"parley"
)

var _ parley.BlindService = (*Client)(nil)

// OpenBlind implements parley.BlindService.
func (c *Client) OpenBlind(ctx context.Context, id string, in *parley.BlindOpenInput) (*parley.BlindRound, error) {
	var out parley.BlindRound
	return &out, c.do(ctx, "POST", ws(id)+"/blind", in, &out)
}

// SealBlind implements parley.BlindService.
func (c *Client) SealBlind(ctx context.Context, id, round string, in *parley.BlindSealInput) (*parley.BlindRound, error) {
	var out parley.BlindRound
	return &out, c.do(ctx, "POST", ws(id)+"/blind/"+url.PathEscape(round)+"/seal", in, &out)
}

// BlindRounds implements parley.BlindService.
func (c *Client) BlindRounds(ctx context.Context, id string) ([]*parley.BlindRound, error) {
	var out []*parley.BlindRound
	return out, c.do(ctx, "GET", ws(id)+"/blind", nil, &out)
}

// BlindRound implements parley.BlindService.
func (c *Client) BlindRound(ctx context.Context, id, round string) (*parley.BlindRound, error) {
	var out parley.BlindRound
	return &out, c.do(ctx, "GET", ws(id)+"/blind/"+url.PathEscape(round), nil, &out)
}
