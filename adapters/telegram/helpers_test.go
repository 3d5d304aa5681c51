package telegram

import (
	"github.com/careerbot/careerbot/internal/telegramfake"

	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"text/template"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"golang.org/x/time/rate"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/delivery"
	"github.com/careerbot/careerbot/internal/enginetest"
	"github.com/careerbot/careerbot/knowledge"
)

// Test people and chats. The ids are Telegram-like; only pseudonyms of
// them may ever reach the database.
const (
	userAnna  = 1111111 // an admin in most tests
	userBen   = 2222222
	groupChat = -1001987654321
)

// fields fill the update fixtures in testdata, which follow the examples
// in Telegram's documentation. The docs print an inline query's id as a
// number; Telegram sends a string, and the library can only decode that.
type fields struct {
	UpdateID  int
	ChatID    int64
	ChatType  string
	UserID    int64
	Lang      string
	MessageID int
	Text      string
	Entities  string // raw JSON
	ReplyTo   string // raw JSON
	Data      string
	Markup    string // raw JSON
	Query     string
}

// fixture renders testdata/name with f.
func fixture(t *testing.T, name string, f fields) json.RawMessage {
	t.Helper()
	if f.ChatType == "" {
		f.ChatType = "private"
	}
	if f.UserID == 0 {
		f.UserID = userAnna
	}
	if f.ChatID == 0 && f.ChatType == "private" {
		f.ChatID = f.UserID
	}
	if f.MessageID == 0 && name == "message.json" {
		f.MessageID = 1365
	}
	if f.Lang == "" {
		f.Lang = "de"
	}
	src, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := template.Must(template.New(name).Funcs(template.FuncMap{"json": func(v any) (string, error) {
		b, err := json.Marshal(v)
		return string(b), err
	}}).Parse(string(src)))
	var b bytes.Buffer
	if err := tmpl.Execute(&b, f); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(b.Bytes()) {
		t.Fatalf("fixture %s is not valid JSON:\n%s", name, b.String())
	}
	return b.Bytes()
}

// decode turns a fixture into the library's update.
func decode(t *testing.T, raw json.RawMessage) tgbotapi.Update {
	t.Helper()
	var u tgbotapi.Update
	if err := json.Unmarshal(raw, &u); err != nil {
		t.Fatalf("decode update: %v", err)
	}
	return u
}

// engine is a real knowledge base in SQLite with the default content.
type engine struct {
	store *knowledge.Store
	eng   *bot.Engine
}

func newEngine(t *testing.T, dir string) engine {
	t.Helper()
	return newEngineWith(t, dir, bot.Config{})
}

// newEngineWith is newEngine with engine settings such as a rate limit.
func newEngineWith(t *testing.T, dir string, cfg bot.Config) engine {
	t.Helper()
	e := enginetest.New(t, filepath.Join(dir, "kb.db"), cfg)
	return engine{store: e.Store, eng: e.Engine}
}

// sleeps records the waits the adapter asked for and returns at once, so
// no test waits on the clock or asserts wall-clock durations.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// testConfig is a Config against the fake with limits off and short waits.
func testConfig(f *telegramfake.Server, e engine) Config {
	return Config{
		Token:         telegramfake.Token,
		Endpoint:      f.Endpoint(),
		Admins:        []int64{userAnna},
		Answerer:      e.eng,
		Cursors:       e.store,
		Inbox:         e.store.Inbox(),
		Feedback:      e.store,
		Pseudonyms:    bot.NewPseudonymizer([]byte("test-secret-0123456789")),
		Logger:        testLogger(),
		Workers:       2,
		PollTimeout:   time.Second,
		Backoff:       time.Millisecond,
		MaxBackoff:    8 * time.Millisecond,
		DrainTimeout:  time.Minute, // a hang guard: a loaded -race run can take seconds to drain
		HandleTimeout: 20 * time.Second,
		Limits:        Limits{PerChat: rate.Inf, PerGroup: rate.Inf, Global: rate.Inf},
	}
}

func testLogger() *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

// newTestAdapter builds an adapter against a fresh fake and knowledge base
// and connects it (getMe), ready for handle to be called directly.
func newTestAdapter(t *testing.T, opts ...func(*Config)) (*Adapter, *telegramfake.Server, engine) {
	t.Helper()
	return newTestAdapterWith(t, newEngine(t, t.TempDir()), opts...)
}

// newTestAdapterWith is newTestAdapter on a given engine.
func newTestAdapterWith(t *testing.T, e engine, opts ...func(*Config)) (*Adapter, *telegramfake.Server, engine) {
	t.Helper()
	f := telegramfake.New(t, "")
	cfg := testConfig(f, e)
	for _, o := range opts {
		o(&cfg)
	}
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	a.sleep = (&sleeps{}).sleep
	if err := a.connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.Reset()
	return a, f, e
}

// handle handles one fixture update synchronously.
func handle(t *testing.T, a *Adapter, raw json.RawMessage) {
	t.Helper()
	decode(t, raw) // fails the test on a broken fixture
	a.rt.Process(context.Background(), delivery.Message{Body: raw})
}

// running is an adapter's Run in a goroutine.
type running struct {
	cancel context.CancelFunc
	done   chan error
}

func start(a *Adapter) *running {
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- a.Run(ctx) }()
	return r
}

// stop cancels Run and returns its error.
func (r *running) stop(t *testing.T) error {
	t.Helper()
	r.cancel()
	select {
	case err := <-r.done:
		return err
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not return after cancel")
		return nil
	}
}

// openEntry is the engine's own reply for an entry, to compare with.
func openEntry(t *testing.T, e engine, id string, lang bot.Lang) bot.Reply {
	t.Helper()
	r, err := e.eng.Open(context.Background(), id, lang)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// firstParagraph is the start of an entry's rendered answer, enough to
// recognise it in a message without depending on the whole text.
func firstParagraph(r bot.Reply) string {
	p, _, _ := strings.Cut(replyHTML(r), "\n")
	if rs := []rune(p); len(rs) > 40 {
		return string(rs[:40])
	}
	return p
}
