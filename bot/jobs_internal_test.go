package bot

import (
	"strconv"
	"testing"
	"time"
)

func TestJobMemoryBoundedAndExpiring(t *testing.T) {
	var m jobMemory
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	q := JobQuery{Remote: true}
	for i := range jobMemorySize + 50 {
		m.store(strconv.Itoa(i), q, now)
	}
	if n := len(m.m); n > jobMemorySize {
		t.Errorf("%d conversations kept, at most %d", n, jobMemorySize)
	}
	m.store("late", q, now)
	if _, ok := m.load("late", now.Add(jobMemoryIdle-time.Second)); !ok {
		t.Error("a search is forgotten before it went idle")
	}
	if _, ok := m.load("late", now.Add(jobMemoryIdle+time.Second)); ok {
		t.Error("an idle search is still refined")
	}
	m.store("", q, now)
	if _, ok := m.load("", now); ok {
		t.Error("a message without a conversation has a job memory")
	}
}
