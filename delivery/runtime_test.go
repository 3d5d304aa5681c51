package delivery_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/careerbot/careerbot/delivery"
	"github.com/careerbot/careerbot/knowledge"
)

// openInbox is the SQLite inbox in a test's directory.
func openInbox(t *testing.T, path string) *knowledge.Store {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "kb.db")
	}
	st, err := knowledge.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// inbox is the store's inbox, as a Runtime takes it.
func inbox(st *knowledge.Store) delivery.Inbox { return st.Inbox() }

// recorder is a Handler that records what it handled, per conversation.
type recorder struct {
	mu      sync.Mutex
	handled map[string][]string
	late    map[string]bool
	block   chan struct{} // when set, handlers wait on it
	started chan string
}

func newRecorder() *recorder {
	return &recorder{handled: map[string][]string{}, late: map[string]bool{}, started: make(chan string, 100)}
}

func (r *recorder) handle(ctx context.Context, m delivery.Message) {
	r.started <- string(m.Body)
	if r.block != nil {
		select {
		case <-r.block:
		case <-ctx.Done():
			return
		}
	}
	if string(m.Body) == "panic" {
		panic("boom")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.handled[m.Conversation] = append(r.handled[m.Conversation], string(m.Body))
	r.late[string(m.Body)] = delivery.Late(ctx)
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, h := range r.handled {
		n += len(h)
	}
	return n
}

func newRuntime(t *testing.T, in delivery.Inbox, h delivery.Handler, mod func(*delivery.Config)) *delivery.Runtime {
	t.Helper()
	cfg := delivery.Config{Adapter: "test", Inbox: in, Handle: h, Workers: 4, DrainTimeout: time.Minute}
	if mod != nil {
		mod(&cfg)
	}
	r, err := delivery.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// run starts r and returns a function that stops it and waits.
func run(t *testing.T, r *delivery.Runtime) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Run: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

func accept(t *testing.T, r *delivery.Runtime, key, conv, body string) bool {
	t.Helper()
	fresh, err := r.Accept(context.Background(), delivery.Message{Key: key, Conversation: conv, Body: []byte(body)}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return fresh
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(2 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func TestConversationsInOrderAndOnce(t *testing.T) {
	st := openInbox(t, "")
	rec := newRecorder()
	r := newRuntime(t, inbox(st), rec.handle, func(c *delivery.Config) { c.PerConversation = 2; c.Capacity = 5 })
	// Accepted before the start: answered after it, in order.
	for i := range 20 {
		conv := fmt.Sprint("c", i%3)
		accept(t, r, fmt.Sprint("k", i), conv, fmt.Sprint(i))
	}
	if accept(t, r, "k3", "c0", "again") {
		t.Error("a redelivered key was accepted as new")
	}
	stop := run(t, r)
	for i := 20; i < 30; i++ {
		accept(t, r, fmt.Sprint("k", i), fmt.Sprint("c", i%3), fmt.Sprint(i))
	}
	waitUntil(t, "30 messages handled", func() bool { return rec.count() == 30 })
	stop()
	for conv, got := range rec.handled {
		var want []string
		for i := range 30 {
			if fmt.Sprint("c", i%3) == conv {
				want = append(want, fmt.Sprint(i))
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s handled %v, want %v", conv, got, want)
		}
	}
	if s, err := r.Stats(context.Background()); err != nil || s.Depth != 0 {
		t.Errorf("stats after the drain %+v, %v", s, err)
	}
	var bodies int
	st.DB().QueryRow("SELECT count(*) FROM inbox WHERE body IS NOT NULL").Scan(&bodies)
	if bodies != 0 {
		t.Errorf("%d bodies kept after the answers", bodies)
	}
}

func TestConversationsRunInParallel(t *testing.T) {
	rec := newRecorder()
	rec.block = make(chan struct{})
	r := newRuntime(t, inbox(openInbox(t, "")), rec.handle, nil)
	stop := run(t, r)
	accept(t, r, "a", "busy", "a")
	accept(t, r, "b", "busy", "b")
	accept(t, r, "c", "other", "c")
	// a and c run at once; b waits for a.
	got := []string{<-rec.started, <-rec.started}
	slices.Sort(got)
	if !slices.Equal(got, []string{"a", "c"}) {
		t.Fatalf("started %v, want a and c", got)
	}
	close(rec.block)
	waitUntil(t, "three messages", func() bool { return rec.count() == 3 })
	stop()
}

func TestPanicIsRecoveredAndTheRestGoesOn(t *testing.T) {
	rec := newRecorder()
	r := newRuntime(t, inbox(openInbox(t, "")), rec.handle, nil)
	stop := run(t, r)
	accept(t, r, "p", "c", "panic")
	accept(t, r, "q", "c", "after")
	waitUntil(t, "the next message", func() bool { return rec.count() == 1 })
	stop()
	if s, _ := r.Stats(context.Background()); s.Depth != 0 {
		t.Errorf("a panicking message stays in the inbox: %+v", s)
	}
}

func TestHardStopLeavesTheRestForTheNextStart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kb.db")
	st := openInbox(t, path)
	rec := newRecorder()
	rec.block = make(chan struct{}) // nothing finishes
	r := newRuntime(t, inbox(st), rec.handle, func(c *delivery.Config) { c.DrainTimeout = time.Millisecond })
	stop := run(t, r)
	accept(t, r, "a", "c", "a")
	accept(t, r, "b", "c", "b")
	<-rec.started
	stop()
	if rec.count() != 0 {
		t.Fatal("a blocked handler finished")
	}
	// The next start answers both, in order.
	rec2 := newRecorder()
	r2 := newRuntime(t, inbox(st), rec2.handle, nil)
	stop2 := run(t, r2)
	waitUntil(t, "both answered after the restart", func() bool { return rec2.count() == 2 })
	stop2()
	if got := rec2.handled["c"]; !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("after the restart %v, want [a b]", got)
	}
}

func TestLateMessageIsMarked(t *testing.T) {
	st := openInbox(t, "")
	rec := newRecorder()
	now := time.Now()
	r := newRuntime(t, inbox(st), rec.handle, func(c *delivery.Config) { c.Now = func() time.Time { return now } })
	for _, m := range []struct {
		key string
		age time.Duration
	}{{"old", delivery.LateAfter + time.Minute}, {"new", time.Minute}} {
		if _, err := r.Accept(context.Background(), delivery.Message{Key: m.key, Conversation: m.key, Body: []byte(m.key),
			Received: now.Add(-m.age)}, time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	stop := run(t, r)
	waitUntil(t, "both", func() bool { return rec.count() == 2 })
	stop()
	if !rec.late["old"] || rec.late["new"] {
		t.Errorf("late flags %v, want only old", rec.late)
	}
}

func TestReadyReportsAStuckInbox(t *testing.T) {
	st := openInbox(t, "")
	now := time.Now()
	r := newRuntime(t, inbox(st), func(context.Context, delivery.Message) {}, func(c *delivery.Config) {
		c.Now = func() time.Time { return now }
		c.StuckAfter = time.Minute
	})
	ctx := context.Background()
	if err := r.Ready(ctx); err != nil {
		t.Fatalf("empty inbox: %v", err)
	}
	if _, err := r.Accept(ctx, delivery.Message{Key: "k", Conversation: "c", Received: now.Add(-2 * time.Minute)}, time.Hour); err != nil {
		t.Fatal(err)
	}
	// Not running: nobody answers the old message.
	if err := r.Ready(ctx); !errors.Is(err, delivery.ErrStuck) {
		t.Fatalf("Ready = %v, want ErrStuck", err)
	}
	stop := run(t, r)
	waitUntil(t, "the message answered", func() bool {
		s, _ := r.Stats(ctx)
		return s.Depth == 0
	})
	if err := r.Ready(ctx); err != nil {
		t.Errorf("after the answer: %v", err)
	}
	stop()
}

func TestRetrierRetriesOnlyWhatThePlatformRefused(t *testing.T) {
	refused := errors.New("429")
	other := errors.New("timeout")
	var waits []time.Duration
	r := delivery.Retrier{MaxRetries: 2, MaxWait: time.Minute, Sleep: func(_ context.Context, d time.Duration) error {
		waits = append(waits, d)
		return nil
	}}
	classify := func(err error) (time.Duration, bool) { return 3 * time.Second, errors.Is(err, refused) }
	tests := []struct {
		name  string
		errs  []error
		calls int
		want  error
	}{
		{"success", []error{nil}, 1, nil},
		{"429 then success", []error{refused, nil}, 2, nil},
		{"429 until the retries are used up", []error{refused, refused, refused, refused}, 3, refused},
		{"a timeout is not repeated", []error{other, nil}, 1, other},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			waits = nil
			calls := 0
			err := r.Do(context.Background(), func(context.Context) error {
				calls++
				return tt.errs[calls-1]
			}, classify)
			if calls != tt.calls || !errors.Is(err, tt.want) && err != tt.want {
				t.Errorf("%d calls, %v; want %d, %v", calls, err, tt.calls, tt.want)
			}
			if len(waits) != calls-1 && tt.want == nil {
				t.Errorf("waited %v", waits)
			}
		})
	}
}
