package web

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// maxLimiterKeys bounds the memory of a keyLimiter: past it, unknown keys
// are refused until idle ones are swept.
const maxLimiterKeys = 100_000

// keyLimiter is a token bucket per key (a session, a client address).
type keyLimiter struct {
	every time.Duration
	burst int
	now   func() time.Time

	mu   sync.Mutex
	keys map[string]*bucket
}

type bucket struct {
	lim  *rate.Limiter
	last time.Time
}

// newKeyLimiter allows n events per period per key, all n at once.
func newKeyLimiter(n int, period time.Duration, now func() time.Time) *keyLimiter {
	return &keyLimiter{every: period / time.Duration(n), burst: n, now: now, keys: make(map[string]*bucket)}
}

// allow takes one event for key and reports whether it is within the limit.
func (l *keyLimiter) allow(key string) bool {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.keys[key]
	if b == nil {
		if len(l.keys) >= maxLimiterKeys {
			return false
		}
		b = &bucket{lim: rate.NewLimiter(rate.Every(l.every), l.burst)}
		l.keys[key] = b
	}
	b.last = now
	return b.lim.AllowN(now, 1)
}

// sweep forgets keys idle long enough for their bucket to be full again.
func (l *keyLimiter) sweep() {
	idle := l.every * time.Duration(l.burst)
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	for k, b := range l.keys {
		if now.Sub(b.last) > idle {
			delete(l.keys, k)
		}
	}
}
