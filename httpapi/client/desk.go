package client

import (
	"context"

	"parley"
)

// Desk implements parley.DeskService.
func (c *Client) Desk(ctx context.Context, id string) (*parley.Desk, error) {
	var d parley.Desk
	return &d, c.do(ctx, "GET", ws(id)+"/desk", nil, &d)
}
