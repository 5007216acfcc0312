package parley

import "context"

type yieldKey struct{}

// NewContextWithYield returns a copy of ctx carrying yield, which a long computation run
// with ctx calls between its steps (see Yield). A server uses it to have a costly request
// give way to other requests: yield may wait, and returns when the computation may go on
// (at the latest once ctx ends).
func NewContextWithYield(ctx context.Context, yield func(context.Context)) context.Context {
	return context.WithValue(ctx, yieldKey{}, yield)
}

// Yield lets other work run between two steps of a long computation: it calls the yield
// function ctx carries, if any. Without one it does nothing: the Go scheduler preempts a
// long computation on its own, and a runtime.Gosched at every step would cost more than
// the step where the goroutine is locked to its thread (each one then hands the thread's
// processor to another thread and back).
func Yield(ctx context.Context) {
	if f, ok := ctx.Value(yieldKey{}).(func(context.Context)); ok {
		f(ctx)
	}
}
