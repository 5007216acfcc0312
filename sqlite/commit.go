package sqlite

import (
	"context"
	"errors"
	"fmt"
	"runtime"

	"parley/workspace"
)

// Group commit. Writes are serialised on the one writer connection, and with
// synchronous=FULL each commit waits for an fsync. Rather than one transaction and one fsync
// per write, a committer goroutine takes every write waiting when it is free (up to
// maxBatch) and runs them one after the other in one transaction, each inside a savepoint:
// a write whose function fails is rolled back to its savepoint alone and gets its error;
// the others commit together with one fsync. Write returns only after that commit, so an
// acknowledged write is exactly as durable as before. Under load the queue drains a batch
// per fsync instead of a write per fsync, which keeps the latency of a burst of writes low.

// maxBatch bounds the writes committed together, and so how long a transaction runs.
const maxBatch = 64

// writeReq is one call of Write waiting for the committer.
type writeReq struct {
	ctx  context.Context
	fn   func(workspace.Tx) error
	done chan writeResult
}

type writeResult struct {
	err   error
	panic any // what fn panicked with, re-raised in the caller's goroutine
	stack []byte
}

// errClosed answers writes made after Close.
var errClosed = errors.New("the database is closed")

// Write implements workspace.Store: fn runs in a serialised transaction (possibly shared
// with other writes, each in its own savepoint), committed durably when fn returns nil and
// rolled back otherwise. If ctx ends before fn has run, Write returns ctx.Err() and fn does
// not run.
func (db *DB) Write(ctx context.Context, fn func(workspace.Tx) error) error {
	r := &writeReq{ctx: ctx, fn: fn, done: make(chan writeResult, 1)}
	db.closeMu.RLock()
	if db.closed {
		db.closeMu.RUnlock()
		return errClosed
	}
	select {
	case db.writes <- r:
		db.closeMu.RUnlock()
	case <-ctx.Done():
		db.closeMu.RUnlock()
		return ctx.Err()
	}
	res := <-r.done
	if res.panic != nil {
		panic(fmt.Sprintf("%v\n\nin a write transaction, at:\n%s", res.panic, res.stack))
	}
	return res.err
}

// committer runs the queued writes, a batch per transaction, until the queue is closed.
func (db *DB) committer() {
	defer close(db.committed)
	batch := make([]*writeReq, 0, maxBatch)
	for r := range db.writes {
		batch = append(batch[:0], r)
	more:
		for len(batch) < maxBatch {
			select {
			case r, ok := <-db.writes:
				if !ok {
					break more
				}
				batch = append(batch, r)
			default:
				break more
			}
		}
		db.commitBatch(batch)
	}
}

// commitBatch runs batch in one transaction and answers each write.
func (db *DB) commitBatch(batch []*writeReq) {
	res := make([]writeResult, len(batch))
	ok := make([]bool, len(batch)) // fn ran and succeeded: its result is the commit's
	defer func() {
		for i, r := range batch {
			r.done <- res[i]
		}
	}()
	tx, err := db.w.BeginTx(context.Background(), nil)
	if err != nil {
		for i := range res {
			res[i].err = fmt.Errorf("begin write: %w", err)
		}
		return
	}
	t := db.newTx(tx, db.ws, false)
	anyOK := false
	// A write alone in its transaction needs no savepoint: if it fails, the whole
	// transaction rolls back.
	alone := len(batch) == 1
	for i, r := range batch {
		if err := r.ctx.Err(); err != nil {
			res[i].err = err
			continue
		}
		if alone {
			res[i] = run(r.fn, t)
			ok[i] = res[i].err == nil && res[i].panic == nil
			anyOK = ok[i]
			continue
		}
		if _, err := t.Conn.Exec(`SAVEPOINT w`); err != nil {
			res[i].err = fmt.Errorf("begin write: %w", err)
			continue
		}
		res[i] = run(r.fn, t)
		if res[i].err == nil && res[i].panic == nil {
			_, err = t.Conn.Exec(`RELEASE w`)
			ok[i], anyOK = err == nil, anyOK || err == nil
		} else if _, err = t.Conn.Exec(`ROLLBACK TO w`); err == nil {
			_, err = t.Conn.Exec(`RELEASE w`)
		}
		if err != nil {
			// The transaction is no longer usable (SQLite may have rolled it back on an I/O
			// error): nothing in it commits; the writes not yet run fail too.
			tx.Rollback()
			for j := range batch {
				if ok[j] || j > i {
					res[j] = writeResult{err: fmt.Errorf("write: %w", err)}
				}
			}
			if res[i].err == nil && res[i].panic == nil {
				res[i].err = fmt.Errorf("write: %w", err)
			}
			return
		}
	}
	if !anyOK {
		tx.Rollback()
		return
	}
	if err := tx.Commit(); err != nil {
		for i := range batch {
			if ok[i] {
				res[i].err = fmt.Errorf("commit: %w", err)
			}
		}
	}
}

// run calls fn, turning a panic into a result.
func run(fn func(workspace.Tx) error, t workspace.Tx) (res writeResult) {
	defer func() {
		if p := recover(); p != nil {
			res = writeResult{panic: p, stack: stack()}
		}
	}()
	return writeResult{err: fn(t)}
}

func stack() []byte {
	b := make([]byte, 16<<10)
	return b[:runtime.Stack(b, false)]
}
