package telegram

import (
	"github.com/careerbot/careerbot/internal/telegramfake"

	"bytes"
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestTooManyRequestsIsRetriedOnce(t *testing.T) {
	a, f, _ := newTestAdapter(t)
	s := &sleeps{}
	a.sleep = s.sleep
	f.Hook("sendMessage", func(c telegramfake.Call, n int) (telegramfake.Reply, bool) {
		return telegramfake.Error(http.StatusTooManyRequests, "Too Many Requests: retry after 3", map[string]any{"retry_after": 3}), n == 1
	})
	handle(t, a, fixture(t, "message.json", fields{UpdateID: 1, Text: careerQuestion}))
	calls := f.Sent()
	if len(calls) != 2 {
		t.Fatalf("%d sendMessage calls, want 2 (one refused, one delivered)", len(calls))
	}
	if calls[0].Params.Encode() != calls[1].Params.Encode() {
		t.Error("the retry differs from the refused message")
	}
	if got := s.all(); !slices.Equal(got, []time.Duration{3 * time.Second}) {
		t.Errorf("waited %v, want retry_after 3s", got)
	}
}

func TestTooManyRequestsGivesUp(t *testing.T) {
	a, f, _ := newTestAdapter(t)
	f.Hook("sendMessage", func(c telegramfake.Call, n int) (telegramfake.Reply, bool) {
		return telegramfake.Error(http.StatusTooManyRequests, "Too Many Requests: retry after 1", map[string]any{"retry_after": 1}), true
	})
	handle(t, a, fixture(t, "message.json", fields{UpdateID: 1, Text: careerQuestion}))
	if n := len(f.Sent()); n != 1+maxRetries {
		t.Errorf("%d attempts, want %d", n, 1+maxRetries)
	}
}

// logBuffer collects log output safely across goroutines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestBotAPIErrorsAreLoggedAndSurvived(t *testing.T) {
	tests := []struct {
		name        string
		code        int
		description string
	}{
		{"blocked by the user", http.StatusForbidden, "Forbidden: bot was blocked by the user"},
		{"chat not found", http.StatusBadRequest, "Bad Request: chat not found"},
		{"message too long", http.StatusBadRequest, "Bad Request: message is too long"},
		{"bad request", http.StatusBadRequest, "Bad Request: can't parse entities: Unsupported start tag \"x\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logs := &logBuffer{}
			a, f, _ := newTestAdapter(t, func(c *Config) { c.Logger = slog.New(slog.NewTextHandler(logs, nil)) })
			f.Hook("sendMessage", func(c telegramfake.Call, n int) (telegramfake.Reply, bool) {
				return telegramfake.Error(tt.code, tt.description, nil), n == 1
			})
			handle(t, a, fixture(t, "message.json", fields{UpdateID: 1, Text: careerQuestion}))
			handle(t, a, fixture(t, "message.json", fields{UpdateID: 2, Text: careerQuestion}))
			if n := len(f.Sent()); n != 2 {
				t.Errorf("%d sendMessage calls, want 2: the failure must not be retried or stop the next", n)
			}
			out := logs.String()
			desc, _, _ := strings.Cut(tt.description, `"`)
			if !strings.Contains(out, "method=sendMessage") || !strings.Contains(out, desc) {
				t.Errorf("log lacks the method and description:\n%s", out)
			}
			if strings.Contains(out, "Quereinsteiger") {
				t.Errorf("the message text was logged at info level:\n%s", out)
			}
		})
	}
}

func TestLongMessageIsSplit(t *testing.T) {
	a, f, _ := newTestAdapter(t)
	para := strings.Repeat("Backend-Entwickler*innen bauen Server & Datenbanken. ", 30) // ~1600 bytes
	long := renderer.Render(strings.Repeat(para+"\n\n", 5) + "- **" + strings.Repeat("fett ", 1000) + "**")
	kb := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("x", "odentry-overview")))
	a.sendHTML(context.Background(), dest{chatID: userAnna}, 1365, long, &kb)
	sent := f.Sent()
	if len(sent) < 3 {
		t.Fatalf("sent %d parts, want at least 3", len(sent))
	}
	for i, m := range sent {
		text := m.Params.Get("text")
		if textLen(text) > maxMessageLen {
			t.Errorf("part %d has %d units", i, textLen(text))
		}
		if err := checkTags(text); err != nil {
			t.Errorf("part %d: %v", i, err)
		}
		if got, want := m.Params.Get("reply_to_message_id") != "", i == 0; got != want {
			t.Errorf("part %d replies: %v, want %v", i, got, want)
		}
		if got, want := m.Params.Get("reply_markup") != "", i == len(sent)-1; got != want {
			t.Errorf("part %d has the keyboard: %v, want %v", i, got, want)
		}
	}
}
