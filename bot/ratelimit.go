package bot

import (
	"sync"
	"time"
)

// rateLimiter allows each user a number of questions per window. Over the
// limit, the first question gets a notice and the rest get silence, until
// the window passes.
type rateLimiter struct {
	limit  int
	window time.Duration
	now    func() time.Time

	mu    sync.Mutex
	users map[string]*userWindow
}

type userWindow struct {
	start    time.Time
	count    int
	notified bool
}

// maxTrackedUsers bounds the limiter's memory; windows that have passed
// are swept when it is reached.
const maxTrackedUsers = 100000

func newRateLimiter(limit int, window time.Duration, now func() time.Time) *rateLimiter {
	return &rateLimiter{limit: limit, window: window, now: now, users: map[string]*userWindow{}}
}

// verdict is what the limiter says about one question.
type verdict int

const (
	allow verdict = iota
	notify
	silence
)

func (l *rateLimiter) check(user string) verdict {
	if l == nil || user == "" || l.limit <= 0 {
		return allow
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	w, ok := l.users[user]
	if !ok || now.Sub(w.start) >= l.window {
		if !ok && len(l.users) >= maxTrackedUsers {
			l.sweep(now)
			if len(l.users) >= maxTrackedUsers {
				// A flood of distinct users within one window: forget
				// them all rather than grow without bound or scan the map
				// for every newcomer.
				clear(l.users)
			}
		}
		w = &userWindow{start: now}
		l.users[user] = w
	}
	w.count++
	switch {
	case w.count <= l.limit:
		return allow
	case !w.notified:
		w.notified = true
		return notify
	}
	return silence
}

func (l *rateLimiter) sweep(now time.Time) {
	for u, w := range l.users {
		if now.Sub(w.start) >= l.window {
			delete(l.users, u)
		}
	}
}
