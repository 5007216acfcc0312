package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// eventChannel is the NOTIFY channel on which servers sharing a database announce events.
const eventChannel = "parley_events"

// NotifyEvent implements workspace.EventNotifier: PostgreSQL delivers payload to every
// listening server when, and only if, the write transaction commits.
func (t *txn) NotifyEvent(payload []byte) error {
	if _, err := t.tx.Exec(t.ctx, `SELECT pg_notify($1, $2)`, eventChannel, string(payload)); err != nil {
		return fmt.Errorf("notify event: %w", err)
	}
	return nil
}

// Listen receives the events every server on the database notifies (see NotifyEvent),
// including this one's, and passes each payload to deliver, until ctx ends. It holds one
// connection of its own, outside the pools. connected is called each time it (re)connects,
// once it listens, so that the caller can account for what it may have missed while
// disconnected; a lost connection is retried every second.
func (db *DB) Listen(ctx context.Context, deliver func(payload []byte), connected func(context.Context) error) error {
	for {
		err := db.listen(ctx, deliver, connected)
		if ctx.Err() != nil {
			return nil
		}
		_ = err // the connection was lost; retry
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Second):
		}
	}
}

func (db *DB) listen(ctx context.Context, deliver func(payload []byte), connected func(context.Context) error) error {
	conn, err := pgx.ConnectConfig(ctx, db.pool.Config().ConnConfig.Copy())
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+eventChannel); err != nil {
		return err
	}
	if err := connected(ctx); err != nil {
		return err
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		deliver([]byte(n.Payload))
	}
}
