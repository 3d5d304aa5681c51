package delivery

import (
	"testing"
	"time"
)

func TestBoundedMap(t *testing.T) {
	now := time.Unix(0, 0)
	m := NewBoundedMap[int](3, time.Minute, func() time.Time { return now })
	for i, k := range []string{"a", "b", "c", "d"} {
		m.Put(k, i)
	}
	if _, ok := m.Get("a"); ok || m.Len() != 3 {
		t.Fatalf("oldest key kept or size %d", m.Len())
	}
	m.Put("b", 10) // overwriting keeps b's place
	m.Put("e", 4)
	if _, ok := m.Get("b"); ok {
		t.Error("b should have been evicted as the oldest")
	}
	now = now.Add(2 * time.Minute)
	if _, ok := m.Get("e"); ok {
		t.Error("expired entry returned")
	}
	for i := range 1000 {
		m.Put(string(rune(i)), i)
	}
	if m.Len() != 3 || len(m.order) != 3 {
		t.Errorf("map grew: %d items, %d order", m.Len(), len(m.order))
	}
}
