package slack

import (
	"github.com/careerbot/careerbot/internal/enginetest"
	"github.com/careerbot/careerbot/internal/slackfake"

	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

const testSecret = "test-signing-secret"

// testNow is the adapter's clock in tests, so signatures can be made for
// any moment without waiting.
var testNow = time.Unix(1700000000, 0)

// harness runs one Adapter against a fake Slack and a real SQLite
// knowledge base in t.TempDir(). Questions are logged to it, as in serve.
type harness struct {
	t      *testing.T
	dbPath string
	st     *knowledge.Store
	eng    *bot.Engine
	pseud  *bot.Pseudonymizer
	fake   *slackfake.Server
	a      *Adapter
	mux    *http.ServeMux
	logs   *syncBuffer
	op     *testOperator
	obs    *recordingObserver
	// engineConfig changes the engine's settings (rate limit, clock).
	engineConfig func(*bot.Config)

	mu     sync.Mutex
	sleeps []time.Duration

	run *running
}

// running is one Run of an adapter.
type running struct {
	ctx    context.Context
	cancel context.CancelFunc
	once   sync.Once
	done   chan error
	err    error
}

// wait cancels Run and returns its result.
func (r *running) wait() error {
	r.cancel()
	return r.result()
}

// result waits for Run to return by itself, without cancelling it.
func (r *running) result() error {
	r.once.Do(func() { r.err = <-r.done })
	return r.err
}

func newHarness(t *testing.T, mods ...func(*Config)) *harness {
	t.Helper()
	return newHarnessWithEngine(t, nil, mods...)
}

// newHarnessWithEngine is newHarness with engine settings changed by eng.
func newHarnessWithEngine(t *testing.T, eng func(*bot.Config), mods ...func(*Config)) *harness {
	t.Helper()
	h := &harness{t: t, dbPath: filepath.Join(t.TempDir(), "kb.db"), fake: slackfake.New(t),
		pseud: bot.NewPseudonymizer([]byte("test-pseudonym-secret")), logs: &syncBuffer{},
		obs: &recordingObserver{}, engineConfig: eng}
	h.op = &testOperator{h: h, admins: map[string]bool{}}
	h.openStore()
	h.a = h.newAdapter(mods...)
	return h
}

// openStore opens the database, as a (re)started process does.
func (h *harness) openStore() {
	h.t.Helper()
	var cfg bot.Config
	if h.engineConfig != nil {
		h.engineConfig(&cfg)
	}
	e := enginetest.New(h.t, h.dbPath, cfg)
	st, eng := e.Store, e.Engine
	h.st, h.eng = st, eng
}

func (h *harness) newAdapter(mods ...func(*Config)) *Adapter {
	h.t.Helper()
	cfg := Config{
		BotToken:      slackfake.Token,
		SigningSecret: testSecret,
		APIURL:        h.fake.APIURL(),
		Answerer:      h.eng,
		Feedback:      h.st,
		Inbox:         h.st.Inbox(),
		Pseudonyms:    h.pseud,
		Operator:      h.op,
		Observer:      h.obs,
		Logger:        slog.New(slog.NewJSONHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		ChannelRate:   rate.Inf,
		DrainTimeout:  time.Minute, // a hang guard: a loaded -race run can take seconds to drain
		Now:           func() time.Time { return testNow },
	}
	for _, m := range mods {
		m(&cfg)
	}
	a, err := New(cfg)
	if err != nil {
		h.t.Fatal(err)
	}
	a.out.retry.Sleep = func(ctx context.Context, d time.Duration) error {
		h.mu.Lock()
		h.sleeps = append(h.sleeps, d)
		h.mu.Unlock()
		return nil
	}
	h.mux = http.NewServeMux()
	a.Routes(h.mux)
	return a
}

// start runs the adapter until stop and waits for auth.test.
func (h *harness) start() {
	h.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{ctx: ctx, cancel: cancel, done: make(chan error, 1)}
	h.run = r
	a := h.a
	go func() { r.done <- a.Run(ctx) }()
	h.t.Cleanup(func() { r.wait() })
	deadline := time.Now().Add(time.Minute)
	for a.self.Load() == nil {
		if time.Now().After(deadline) {
			h.t.Fatal("adapter did not authenticate")
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// stop cancels Run and waits for it: queued and running replies are
// finished when it returns, so tests can count calls without polling.
func (h *harness) stop() {
	h.t.Helper()
	if err := h.run.wait(); err != nil {
		h.t.Fatalf("Run returned %v, want nil", err)
	}
}

// send posts a signed request to the adapter's routes; header pairs
// override the signature headers and add others.
func (h *harness) send(path, contentType string, body []byte, header ...string) *httptest.ResponseRecorder {
	h.t.Helper()
	return h.sendSigned(path, contentType, body, body, header...)
}

// sendSigned signs signed but sends sent, to test tampering.
func (h *harness) sendSigned(path, contentType string, signed, sent []byte, header ...string) *httptest.ResponseRecorder {
	h.t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(sent))
	req.Header.Set("Content-Type", contentType)
	ts := strconv.FormatInt(testNow.Unix(), 10)
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderSignature, SignatureVerifier{Secret: []byte(testSecret)}.Sign(ts, signed))
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.mux.ServeHTTP(w, req)
	return w
}

// event posts an Events API fixture and expects Slack's 200.
func (h *harness) event(file string, header ...string) {
	h.t.Helper()
	if w := h.send("/slack/events", "application/json", fixture(h.t, file), header...); w.Code != http.StatusOK {
		h.t.Fatalf("%s: status %d, want 200: %s", file, w.Code, w.Body)
	}
}

// eventWith posts an Events API fixture changed by mod (a new event_id,
// another user) and expects Slack's 200.
func (h *harness) eventWith(file string, mod func(p map[string]any)) {
	h.t.Helper()
	var p map[string]any
	if err := json.Unmarshal(fixture(h.t, file), &p); err != nil {
		h.t.Fatal(err)
	}
	mod(p)
	body, err := json.Marshal(p)
	if err != nil {
		h.t.Fatal(err)
	}
	if w := h.send("/slack/events", "application/json", body); w.Code != http.StatusOK {
		h.t.Fatalf("%s: status %d, want 200: %s", file, w.Code, w.Body)
	}
}

// commandAs posts the slash-command fixture with text, sent by user.
func (h *harness) commandAs(user, text string) *httptest.ResponseRecorder {
	h.t.Helper()
	body := strings.Replace(string(fixture(h.t, "slash_command.txt")), "{{TEXT}}", url.QueryEscape(text), 1)
	body = strings.Replace(body, "https://hooks.slack.com/", h.fake.HooksURL(), 1)
	body = strings.Replace(body, "user_id=U2147483697", "user_id="+user, 1)
	return h.send("/slack/commands", "application/x-www-form-urlencoded", []byte(body))
}

// command posts the slash-command fixture with text.
func (h *harness) command(text string) *httptest.ResponseRecorder {
	h.t.Helper()
	body := strings.Replace(string(fixture(h.t, "slash_command.txt")), "{{TEXT}}", url.QueryEscape(text), 1)
	body = strings.Replace(body, "https://hooks.slack.com/", h.fake.HooksURL(), 1)
	return h.send("/slack/commands", "application/x-www-form-urlencoded", []byte(body))
}

// interact posts an interaction payload built from a fixture, changed by
// mod, and expects a 200.
func (h *harness) interact(file string, mod func(p map[string]any)) {
	h.t.Helper()
	var p map[string]any
	if err := json.Unmarshal(fixture(h.t, file), &p); err != nil {
		h.t.Fatal(err)
	}
	if s, ok := p["response_url"].(string); ok {
		p["response_url"] = strings.Replace(s, "https://hooks.slack.com/", h.fake.HooksURL(), 1)
	}
	if mod != nil {
		mod(p)
	}
	js, err := json.Marshal(p)
	if err != nil {
		h.t.Fatal(err)
	}
	body := url.Values{"payload": {string(js)}}.Encode()
	if w := h.send("/slack/interactions", "application/x-www-form-urlencoded", []byte(body)); w.Code != http.StatusOK {
		h.t.Fatalf("%s: status %d, want 200: %s", file, w.Code, w.Body)
	}
}

// click presses b on the message m that the bot sent to channel.
func (h *harness) click(b slackfake.Button, channel, messageTS string, ephemeral bool, m *slackfake.Call) {
	h.t.Helper()
	h.clickAs("", b, channel, messageTS, ephemeral, m)
}

// clickAs is click by user ("" for the fixture's user).
func (h *harness) clickAs(user string, b slackfake.Button, channel, messageTS string, ephemeral bool, m *slackfake.Call) {
	h.t.Helper()
	h.interact("block_actions.json", func(p map[string]any) {
		if user != "" {
			p["user"] = map[string]any{"id": user, "username": "someone", "team_id": slackfake.Team}
		}
		p["channel"] = map[string]any{"id": channel, "name": "test"}
		p["container"] = map[string]any{"type": "message", "message_ts": messageTS, "channel_id": channel, "is_ephemeral": ephemeral}
		p["actions"] = []any{map[string]any{"action_id": b.ActionID, "block_id": b.BlockID, "value": b.Value, "type": "button",
			"text": map[string]any{"type": "plain_text", "text": b.Text}, "action_ts": "1548426417.840180"}}
		if m != nil {
			p["message"] = map[string]any{"type": "message", "ts": messageTS, "text": m.Field("text"), "bot_id": slackfake.BotID, "blocks": m.Blocks()}
		}
	})
}

func (h *harness) slept() []time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]time.Duration(nil), h.sleeps...)
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// findButton returns the first button whose action id starts with prefix.
func findButton(t *testing.T, c slackfake.Call, prefix string) slackfake.Button {
	t.Helper()
	for _, b := range c.Buttons() {
		if strings.HasPrefix(b.ActionID, prefix) {
			return b
		}
	}
	t.Fatalf("no %s button in %+v", prefix, c.Buttons())
	return slackfake.Button{}
}

// syncBuffer is a log sink safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// records parses the JSON log lines.
func (s *syncBuffer) records() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]any
	dec := json.NewDecoder(bytes.NewReader(s.b.Bytes()))
	for {
		var m map[string]any
		if err := dec.Decode(&m); err == io.EOF || err != nil {
			return out
		}
		out = append(out, m)
	}
}

// waitInboxEmpty waits until every accepted request was answered.
func (h *harness) waitInboxEmpty() {
	h.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		st, err := h.a.rt.Stats(context.Background())
		if err != nil {
			h.t.Fatal(err)
		}
		if st.Depth == 0 {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("%d requests still unanswered", st.Depth)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// str is v when it is a string, else "".
func str(v any) string { s, _ := v.(string); return s }
