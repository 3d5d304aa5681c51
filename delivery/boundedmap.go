package delivery

import (
	"sync"
	"time"
)

// BoundedMap is a small in-memory map that forgets its oldest keys once
// it holds max of them, and entries older than ttl (zero: never). Adapters
// keep in it what may neither grow without bound nor outlive the process:
// threads the bot answers in, users' locales, a chat's chosen language,
// pending previews.
type BoundedMap[V any] struct {
	mu    sync.Mutex
	max   int
	ttl   time.Duration
	now   func() time.Time
	items map[string]mapItem[V]
	order []string // the keys of items, oldest first
}

type mapItem[V any] struct {
	v  V
	at time.Time
}

// NewBoundedMap returns a BoundedMap; now nil means time.Now.
func NewBoundedMap[V any](max int, ttl time.Duration, now func() time.Time) *BoundedMap[V] {
	if now == nil {
		now = time.Now
	}
	return &BoundedMap[V]{max: max, ttl: ttl, now: now, items: make(map[string]mapItem[V])}
}

// Get returns the value under k, unless it expired.
func (m *BoundedMap[V]) Get(k string) (V, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	it, ok := m.items[k]
	if !ok || m.ttl > 0 && m.now().Sub(it.at) > m.ttl {
		var zero V
		return zero, false
	}
	return it.v, true
}

// Put stores v under k, as the newest entry.
func (m *BoundedMap[V]) Put(k string, v V) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.items[k]; !ok {
		m.order = append(m.order, k)
	}
	m.items[k] = mapItem[V]{v: v, at: m.now()}
	for len(m.items) > m.max {
		delete(m.items, m.order[0])
		m.order = m.order[1:]
	}
}

// Delete forgets k at once, before it would expire.
func (m *BoundedMap[V]) Delete(k string) {
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

// Len is the number of entries held, expired ones included.
func (m *BoundedMap[V]) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.items)
}
