package delivery

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// maxLimiters bounds the destinations a Limiter remembers.
const maxLimiters = 10000

// Limiter paces messages per destination (a channel, a chat) with one
// token bucket each. It forgets destinations that have been idle long
// enough to have a full bucket, and stays bounded: a forgotten limiter
// only means that destination may get one message sooner.
type Limiter struct {
	every rate.Limit
	burst int

	mu sync.Mutex
	m  map[string]*rate.Limiter
}

// NewLimiter returns a Limiter allowing every messages a second per
// destination, with bursts of burst.
func NewLimiter(every rate.Limit, burst int) *Limiter {
	return &Limiter{every: every, burst: max(burst, 1), m: map[string]*rate.Limiter{}}
}

// Wait blocks until a message to dest may go, or ctx ends.
func (l *Limiter) Wait(ctx context.Context, dest string) error {
	return l.limiter(dest).Wait(ctx)
}

func (l *Limiter) limiter(dest string) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	if lim, ok := l.m[dest]; ok {
		return lim
	}
	if len(l.m) >= maxLimiters {
		l.evict()
	}
	lim := rate.NewLimiter(l.every, l.burst)
	l.m[dest] = lim
	return lim
}

// evict forgets the destinations with a full bucket, then arbitrary ones
// down to three quarters of the bound, so the scan stays rare.
func (l *Limiter) evict() {
	for k, lim := range l.m {
		if lim.Tokens() >= float64(l.burst) {
			delete(l.m, k)
		}
	}
	for k := range l.m {
		if len(l.m) <= maxLimiters*3/4 {
			break
		}
		delete(l.m, k)
	}
}

// Len is how many destinations the Limiter remembers.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.m)
}

// Sleep waits for d or until ctx ends.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
