package telegram

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// maxLimiters bounds the per-chat limiters kept in memory.
const maxLimiters = 10000

// outLimiter paces outgoing messages below Telegram's limits: about one
// message per second per chat, 20 per minute per group and 30 per second
// overall.
type outLimiter struct {
	global *rate.Limiter
	chats  *limiterMap
	groups *limiterMap
}

func newOutLimiter(l Limits, now func() time.Time) *outLimiter {
	burst := 1 // a second's worth of messages, for modest finite limits
	if l.Global > 1 && l.Global < 1000 {
		burst = int(l.Global)
	}
	return &outLimiter{
		global: rate.NewLimiter(l.Global, burst),
		chats:  newLimiterMap(l.PerChat, 1, now),
		groups: newLimiterMap(l.PerGroup, 1, now),
	}
}

// wait blocks until a message to chat may be sent. chat "" (answers to
// callback and inline queries) only counts towards the global limit.
func (l *outLimiter) wait(ctx context.Context, chat string, group bool) error {
	if chat != "" {
		if err := l.chats.get(chat).Wait(ctx); err != nil {
			return err
		}
		if group {
			if err := l.groups.get(chat).Wait(ctx); err != nil {
				return err
			}
		}
	}
	return l.global.Wait(ctx)
}

// limiterMap holds one limiter per key, bounded: when full it forgets the
// limiters idle for a minute, or else an arbitrary one. A forgotten
// limiter only means that chat may get one message sooner.
type limiterMap struct {
	limit rate.Limit
	burst int
	now   func() time.Time

	mu sync.Mutex
	m  map[string]*limiterEntry
}

type limiterEntry struct {
	lim  *rate.Limiter
	used time.Time
}

func newLimiterMap(limit rate.Limit, burst int, now func() time.Time) *limiterMap {
	return &limiterMap{limit: limit, burst: burst, now: now, m: make(map[string]*limiterEntry)}
}

func (m *limiterMap) get(key string) *rate.Limiter {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if e, ok := m.m[key]; ok {
		e.used = now
		return e.lim
	}
	if len(m.m) >= maxLimiters {
		m.evict(now)
	}
	e := &limiterEntry{lim: rate.NewLimiter(m.limit, m.burst), used: now}
	m.m[key] = e
	return e.lim
}

func (m *limiterMap) evict(now time.Time) {
	for k, e := range m.m {
		if now.Sub(e.used) > time.Minute {
			delete(m.m, k)
		}
	}
	for k := range m.m {
		if len(m.m) < maxLimiters {
			break
		}
		delete(m.m, k)
	}
}
