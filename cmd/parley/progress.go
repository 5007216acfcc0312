package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"
)

// progress draws one progress bar on a terminal (the analysis, tournaments and their
// shards): at most ten times a second, and only once the work has taken 300 ms, so quick
// runs print nothing. A nil progress draws nothing.
type progress struct {
	mu          sync.Mutex
	w           io.Writer
	start, last time.Time
	shown       bool
}

// newProgress returns a progress drawn on stderr when stderr is a terminal and quiet is
// off, nil otherwise.
func newProgress(stderr io.Writer, quiet bool) *progress {
	if f, ok := stderr.(*os.File); ok && !quiet && term.IsTerminal(int(f.Fd())) {
		return &progress{w: stderr, start: time.Now()}
	}
	return nil
}

// update draws the share done of total work that has no count (the analysis' estimate).
func (p *progress) update(done, total float64) {
	if p == nil || total <= 0 {
		return
	}
	p.draw(done/total, func(elapsed time.Duration) string { return elapsed.Round(100 * time.Millisecond).String() })
}

// count draws done of total items, with the rate and the time left.
func (p *progress) count(done, total int) {
	if p == nil {
		return
	}
	p.draw(float64(done)/float64(max(1, total)), func(elapsed time.Duration) string {
		rate := float64(done) / max(elapsed.Seconds(), 1e-9)
		s := fmt.Sprintf("%d/%d, %.0f/s", done, total, rate)
		if done < total && rate > 0 {
			s += fmt.Sprintf(", %s left", time.Duration(float64(total-done)/rate*float64(time.Second)).Round(time.Second))
		}
		return s
	})
}

func (p *progress) draw(frac float64, detail func(elapsed time.Duration) string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if now.Sub(p.start) < 300*time.Millisecond || (frac < 1 && now.Sub(p.last) < 100*time.Millisecond) {
		return
	}
	p.last, p.shown = now, true
	const width = 30
	n := min(width, max(0, int(frac*width)))
	fmt.Fprintf(p.w, "\r[%s%s] %3.0f%% %s   ", strings.Repeat("=", n), strings.Repeat(" ", width-n), 100*frac, detail(now.Sub(p.start)))
}

// finish clears the bar's line.
func (p *progress) finish() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
