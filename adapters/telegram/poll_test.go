package telegram

import (
	"strings"

	"github.com/careerbot/careerbot/delivery"

	"github.com/careerbot/careerbot/internal/telegramfake"

	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"
)

const careerQuestion = "Kann ich als Quereinsteiger Backend-Entwickler werden?"

func TestRestartInTheMiddleOfABatchAnswersEveryUpdateOnce(t *testing.T) {
	f := telegramfake.New(t, "")
	e := newEngine(t, t.TempDir())
	// One batch of five questions from five people.
	for i := 1; i <= 5; i++ {
		f.AddUpdates(fixture(t, "message.json", fields{UpdateID: 500 + i, UserID: int64(3000 + i), Text: careerQuestion}))
	}
	cfg := testConfig(f, e)
	cfg.Workers = 1

	// The first process is stopped while it answers the second update.
	ctx1, stop1 := context.WithCancel(context.Background())
	defer stop1()
	f.Hook("sendMessage", func(c telegramfake.Call, n int) (telegramfake.Reply, bool) {
		if n == 2 {
			stop1()
		}
		return telegramfake.Reply{}, false
	})
	first, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	first.sleep = (&sleeps{}).sleep
	if err := first.Run(ctx1); err != nil {
		t.Fatalf("Run after cancel = %v, want nil", err)
	}
	// What went to the inbox before the stop is confirmed (usually the
	// whole batch); the stopped process drained what it could.
	if n := len(f.Sent()); n < 2 {
		t.Fatalf("first process answered %d updates, want at least 2", n)
	}
	cursor, err := e.store.Cursor(context.Background(), cursorName)
	if err != nil || cursor < 502 || cursor > 505 {
		t.Fatalf("stored offset %d, %v; want 502 to 505", cursor, err)
	}

	// A new process on the same database takes over.
	f.Hook("sendMessage", func(telegramfake.Call, int) (telegramfake.Reply, bool) { return telegramfake.Reply{}, false })
	second, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	second.sleep = (&sleeps{}).sleep
	polls := len(f.CallsTo("getUpdates"))
	r := start(second)
	f.WaitFor(t, "every update answered", func() bool { return len(f.Sent()) >= 5 && len(f.CallsTo("getUpdates")) > polls })
	if err := r.stop(t); err != nil {
		t.Fatal(err)
	}
	if got, want := f.CallsTo("getUpdates")[polls].Params.Get("offset"), fmt.Sprint(cursor+1); got != want {
		t.Errorf("second process asked from offset %s, want %s", got, want)
	}
	perChat := map[string]int{}
	for _, m := range f.Sent() {
		perChat[m.Params.Get("chat_id")]++
	}
	for i := 1; i <= 5; i++ {
		if n := perChat[fmt.Sprint(3000+i)]; n != 1 {
			t.Errorf("update %d answered %d times, want exactly once", 500+i, n)
		}
	}
	if cursor, _ := e.store.Cursor(context.Background(), cursorName); cursor != 505 {
		t.Errorf("stored offset %d, want 505", cursor)
	}
}

func TestPollingBacksOff(t *testing.T) {
	tests := []struct {
		name  string
		fail  func() telegramfake.Reply
		times int
		want  []time.Duration
	}{
		{
			name: "409 conflict with another instance",
			fail: func() telegramfake.Reply {
				return telegramfake.Error(http.StatusConflict, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running", nil)
			},
			times: 3,
			want:  []time.Duration{time.Millisecond, 2 * time.Millisecond, 4 * time.Millisecond},
		},
		{
			name: "bad gateway, capped back-off",
			fail: func() telegramfake.Reply {
				return telegramfake.Reply{Status: http.StatusBadGateway, Body: "<html>502 Bad Gateway</html>"}
			},
			times: 5,
			want:  []time.Duration{time.Millisecond, 2 * time.Millisecond, 4 * time.Millisecond, 8 * time.Millisecond, 8 * time.Millisecond},
		},
		{
			name: "429 waits retry_after",
			fail: func() telegramfake.Reply {
				return telegramfake.Error(http.StatusTooManyRequests, "Too Many Requests: retry after 7", map[string]any{"retry_after": 7})
			},
			times: 1,
			want:  []time.Duration{7 * time.Second},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, f, _ := newTestAdapter(t)
			s := &sleeps{}
			a.sleep = s.sleep
			f.Hook("getUpdates", func(c telegramfake.Call, n int) (telegramfake.Reply, bool) {
				return tt.fail(), n <= tt.times
			})
			f.AddUpdates(fixture(t, "message.json", fields{UpdateID: 1, Text: careerQuestion}))
			r := start(a)
			f.WaitFor(t, "the answer after the failures", func() bool { return len(f.Sent()) == 1 })
			if err := r.stop(t); err != nil {
				t.Fatal(err)
			}
			if got := s.all(); !slices.Equal(got, tt.want) {
				t.Errorf("waits %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPollingConfirmsAfterHandling(t *testing.T) {
	a, f, e := newTestAdapter(t, func(c *Config) { c.Answerer = panicky{c.Answerer} })
	f.AddUpdates(
		fixture(t, "message.json", fields{UpdateID: 7, Text: "panic"}),
		fixture(t, "message.json", fields{UpdateID: 8, Text: "Hallo"}),
	)
	r := start(a)
	f.WaitFor(t, "offset 9", func() bool {
		calls := f.CallsTo("getUpdates")
		return len(calls) > 0 && calls[len(calls)-1].Params.Get("offset") == "9"
	})
	if err := r.stop(t); err != nil {
		t.Fatal(err)
	}
	if n := len(f.Sent()); n != 1 {
		t.Errorf("sent %d messages, want 1 (the panicking update gets none)", n)
	}
	if cursor, _ := e.store.Cursor(context.Background(), cursorName); cursor != 8 {
		t.Errorf("stored offset %d, want 8", cursor)
	}
	first := f.CallsTo("getUpdates")[0]
	if first.Params.Get("offset") != "" || first.Params.Get("allowed_updates") != `["message","callback_query","inline_query"]` {
		t.Errorf("first getUpdates %v", first.Params)
	}
}

func TestRunRegistersCommandsAndBecomesReady(t *testing.T) {
	f := telegramfake.New(t, "")
	e := newEngine(t, t.TempDir())
	a, err := New(testConfig(f, e))
	if err != nil {
		t.Fatal(err)
	}
	if a.Ready(context.Background()) == nil {
		t.Error("ready before connecting")
	}
	r := start(a)
	f.WaitFor(t, "polling", func() bool { return len(f.CallsTo("getUpdates")) > 0 })
	if err := a.Ready(context.Background()); err != nil {
		t.Errorf("not ready after getMe: %v", err)
	}
	if err := r.stop(t); err != nil {
		t.Fatal(err)
	}
	var langs []string
	for _, c := range f.CallsTo("setMyCommands") {
		langs = append(langs, c.Params.Get("language_code"))
		if c.Params.Get("commands") == "" {
			t.Errorf("setMyCommands without commands: %v", c.Params)
		}
	}
	if !slices.Equal(langs, []string{"", "de", "en"}) {
		t.Errorf("setMyCommands for %q, want the default, de and en", langs)
	}
}

func TestRunFailsOnARefusedToken(t *testing.T) {
	f := telegramfake.New(t, "")
	e := newEngine(t, t.TempDir())
	cfg := testConfig(f, e)
	cfg.Token = "999:revoked"
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Run(context.Background()); err == nil {
		t.Error("Run with a refused token returned nil")
	}
}

func TestLateAnswerApologises(t *testing.T) {
	a, f, e := newTestAdapter(t)
	now := time.Now()
	if _, err := e.store.Inbox().Enqueue(context.Background(), delivery.Message{Adapter: platform, Key: "update:700", Conversation: "c",
		Body: fixture(t, "message.json", fields{UpdateID: 700, Text: careerQuestion}), Received: now.Add(-20 * time.Minute)}, time.Hour); err != nil {
		t.Fatal(err)
	}
	r := start(a)
	f.WaitFor(t, "the answer", func() bool { return len(f.Sent()) == 1 })
	if err := r.stop(t); err != nil {
		t.Fatal(err)
	}
	if got := f.Sent()[0].Params.Get("text"); !strings.HasPrefix(got, "Entschuldige die späte Antwort.") {
		t.Errorf("late answer without an apology: %q", got)
	}
}
