package bot_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
)

// testClock is a settable clock for bot.Config.Now and Store.Now.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func newTestClock() *testClock {
	return &testClock{now: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// limitedNotice is the notice a user over the limit gets, per language.
var limitedNotice = map[bot.Lang]string{
	bot.German:  "Du stellst gerade sehr viele Fragen auf einmal. Gönn mir eine kurze Pause – in einer Minute bin ich wieder für dich da.",
	bot.English: "You're asking a lot of questions at once. Give me a short break – I'll be back for you in a minute.",
}

// limited reports whether the rate limit stopped a reply.
func limited(r bot.Reply) bool { return r.Kind == bot.KindLimited || r.Kind == bot.KindSilent }

// TestRateLimitDefault checks the default limit of 20 questions a minute:
// the 21st gets one notice in the question's language, the ones after it
// silence, until the window has passed.
func TestRateLimitDefault(t *testing.T) {
	tests := []struct {
		name     string
		question string
		lang     bot.Lang
	}{
		{"German", "Was macht ein Backend-Entwickler?", bot.German},
		{"English", "What does a backend developer do all day?", bot.English},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newTestClock()
			e, _ := newEngine(t, bot.Config{Now: clock.Now})
			req := bot.Request{Text: tt.question, Platform: "telegram", User: "pseudonym-" + tt.name}
			for i := range bot.DefaultRateLimit {
				if r := ask(t, e, req); limited(r) {
					t.Fatalf("question %d of %d: %s, want it let through", i+1, bot.DefaultRateLimit, r.Kind)
				}
			}
			r := ask(t, e, req)
			if r.Kind != bot.KindLimited || r.Lang != tt.lang || r.Text != limitedNotice[tt.lang] {
				t.Errorf("question 21: %s in %s %q, want the %s notice", r.Kind, r.Lang, r.Text, tt.lang)
			}
			for i := 22; i <= 25; i++ {
				if r := ask(t, e, req); r.Kind != bot.KindSilent || r.Text != "" {
					t.Errorf("question %d: %s %q, want silence", i, r.Kind, r.Text)
				}
			}
			clock.Advance(time.Minute - time.Second)
			if r := ask(t, e, req); r.Kind != bot.KindSilent {
				t.Errorf("a second before the window ends: %s, want silence", r.Kind)
			}
			clock.Advance(time.Second)
			// A new window: 20 again, then one notice again.
			for i := range bot.DefaultRateLimit {
				if r := ask(t, e, req); limited(r) {
					t.Fatalf("new window, question %d: %s, want it let through", i+1, r.Kind)
				}
			}
			if r := ask(t, e, req); r.Kind != bot.KindLimited {
				t.Errorf("new window, question 21: %s, want the notice", r.Kind)
			}
		})
	}
}

// TestRateLimitScope checks who the limit applies to: each user on their
// own, never a request without a user, and nobody when it is off.
func TestRateLimitScope(t *testing.T) {
	const question = "Was macht ein Backend-Entwickler?"
	tests := []struct {
		name      string
		rateLimit int
		users     []string // asked in turn, 30 rounds
		wantLimit bool
	}{
		{"two users, each over the limit", 0, []string{"p1", "p2"}, true},
		{"no user", 0, []string{""}, false},
		{"limit off", -1, []string{"p1"}, false},
		{"limit of 30", 30, []string{"p1"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _ := newEngine(t, bot.Config{RateLimit: tt.rateLimit, Now: newTestClock().Now})
			stopped := map[string]int{} // the round each user was first stopped in
			for round := 1; round <= 30; round++ {
				for _, u := range tt.users {
					r := ask(t, e, bot.Request{Text: question, Platform: "slack", User: u})
					if _, seen := stopped[u]; limited(r) && !seen {
						stopped[u] = round
					}
				}
			}
			for _, u := range tt.users {
				round, ok := stopped[u]
				switch {
				case tt.wantLimit && round != bot.DefaultRateLimit+1:
					t.Errorf("user %q first stopped in round %d, want %d", u, round, bot.DefaultRateLimit+1)
				case !tt.wantLimit && ok:
					t.Errorf("user %q stopped in round %d, want never", u, round)
				}
			}
		})
	}
}

// TestRateLimitedNotLoggedButCounted checks that stopped questions reach
// the Observer but not the question log: a flood must not fill the
// database.
func TestRateLimitedNotLoggedButCounted(t *testing.T) {
	ctx := context.Background()
	obs := &recordingObserver{}
	clock := newTestClock()
	e, s := newJournalEngine(t, bot.Config{RateLimit: 2, Now: clock.Now, Observer: obs})
	for range 5 {
		ask(t, e, bot.Request{Text: "Was macht ein Backend-Entwickler?", Platform: "api", User: "p1"})
	}
	var logged int
	if err := s.DB().QueryRowContext(ctx, "SELECT count(*) FROM questions").Scan(&logged); err != nil {
		t.Fatal(err)
	}
	if logged != 2 {
		t.Errorf("%d questions logged, want 2 (the ones let through)", logged)
	}
	if got := obs.limitedOn("api"); got != 3 {
		t.Errorf("ObserveRateLimited(api) called %d times, want 3", got)
	}
	if got := len(obs.answersOn("api")); got != 2 {
		t.Errorf("ObserveAnswer(api) called %d times, want 2", got)
	}
}

// blockingKnowledge is a test double of bot.Knowledge whose Search waits
// until released; what it wraps answers everything else. It stands in for
// a slow search, which the database cannot be made into.
type blockingKnowledge struct {
	bot.Knowledge
	entered chan struct{} // receives once per Search that started
	release chan struct{} // closed to let every Search finish
}

func (k *blockingKnowledge) Search(ctx context.Context, text string, lang bot.Lang, limit int) ([]bot.Match, error) {
	k.entered <- struct{}{}
	<-k.release
	return k.Knowledge.Search(ctx, text, lang, limit)
}

// TestMaxConcurrent checks that with every answer slot taken, a question
// whose context ends returns the context's error instead of waiting.
func TestMaxConcurrent(t *testing.T) {
	k := &blockingKnowledge{Knowledge: newLiveOn(t, newStore(t)), entered: make(chan struct{}, 4), release: make(chan struct{})}
	e, err := bot.NewEngine(bot.Config{Knowledge: k, MaxConcurrent: 1})
	if err != nil {
		t.Fatal(err)
	}
	const question = "Was macht ein Backend-Entwickler?"
	first := make(chan error, 1)
	go func() {
		_, err := e.Ask(context.Background(), bot.Request{Text: question})
		first <- err
	}()
	<-k.entered // the only slot is taken

	tests := []struct {
		name   string
		ctx    func() (context.Context, context.CancelFunc)
		cancel bool // cancel while waiting
		want   error
	}{
		{"cancelled before", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx, cancel
		}, false, context.Canceled},
		{"cancelled while waiting", func() (context.Context, context.CancelFunc) {
			return context.WithCancel(context.Background())
		}, true, context.Canceled},
		{"deadline passed", func() (context.Context, context.CancelFunc) {
			return context.WithDeadline(context.Background(), time.Unix(0, 0))
		}, false, context.DeadlineExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := tt.ctx()
			defer cancel()
			done := make(chan error, 1)
			go func() {
				_, err := e.Ask(ctx, bot.Request{Text: question})
				done <- err
			}()
			if tt.cancel {
				cancel()
			}
			if err := <-done; !errors.Is(err, tt.want) {
				t.Errorf("Ask while the slot is taken = %v, want %v", err, tt.want)
			}
		})
	}
	select {
	case <-k.entered:
		t.Error("a question that should have waited reached Search")
	default:
	}

	close(k.release)
	if err := <-first; err != nil {
		t.Errorf("the first question: %v", err)
	}
	if r, err := e.Ask(context.Background(), bot.Request{Text: question}); err != nil || r.Kind != bot.KindAnswer {
		t.Errorf("after the slot is free: %s, %v; want an answer", r.Kind, err)
	}
}
