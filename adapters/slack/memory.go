package slack

import (
	"sync"
	"time"
)

// boundedMap is a small in-memory map that forgets its oldest keys once
// it holds max of them, and entries older than ttl (zero: never). It keeps
// the threads the bot answers in and the users' locales, neither of which
// may grow without bound or outlive the process.
type boundedMap[V any] struct {
	mu    sync.Mutex
	max   int
	ttl   time.Duration
	now   func() time.Time
	items map[string]boundedItem[V]
	order []string // the keys of items, oldest first
}

type boundedItem[V any] struct {
	v  V
	at time.Time
}

func newBoundedMap[V any](max int, ttl time.Duration, now func() time.Time) *boundedMap[V] {
	return &boundedMap[V]{max: max, ttl: ttl, now: now, items: make(map[string]boundedItem[V])}
}

func (m *boundedMap[V]) get(k string) (V, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	it, ok := m.items[k]
	if !ok || m.ttl > 0 && m.now().Sub(it.at) > m.ttl {
		var zero V
		return zero, false
	}
	return it.v, true
}

func (m *boundedMap[V]) put(k string, v V) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.items[k]; !ok {
		m.order = append(m.order, k)
	}
	m.items[k] = boundedItem[V]{v: v, at: m.now()}
	for len(m.items) > m.max {
		delete(m.items, m.order[0])
		m.order = m.order[1:]
	}
}

// delete forgets k at once, before it would expire.
func (m *boundedMap[V]) delete(k string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.items[k]; !ok {
		return
	}
	delete(m.items, k)
	for i, o := range m.order {
		if o == k {
			m.order = append(m.order[:i], m.order[i+1:]...)
			break
		}
	}
}

func (m *boundedMap[V]) len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.items)
}
