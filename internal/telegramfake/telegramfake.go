// Package telegramfake is the one fake Telegram Bot API of the tests: it
// records calls, answers in the Bot API's documented JSON shapes, serves
// queued updates through getUpdates from the requested offset on (an
// update is kept until a later offset confirms it, as Telegram does) and
// lets tests override any method.
package telegramfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	Token   = "123456:TEST-token"
	BotID   = 4242
	BotName = "careerbot_test_bot"
)

// Call is one request the fake Bot API received.
type Call struct {
	Method string
	Params url.Values
}

// Int64 reads a numeric parameter.
func (c Call) Int64(key string) int64 {
	n, _ := strconv.ParseInt(c.Params.Get(key), 10, 64)
	return n
}

// Markup decodes the call's reply_markup.
func (c Call) Markup(t testing.TB) InlineKeyboard {
	t.Helper()
	var kb InlineKeyboard
	if s := c.Params.Get("reply_markup"); s != "" {
		if err := json.Unmarshal([]byte(s), &kb); err != nil {
			t.Fatalf("%s: reply_markup %q: %v", c.Method, s, err)
		}
	}
	return kb
}

// InlineKeyboard is a reply_markup as sent.
type InlineKeyboard struct {
	InlineKeyboard [][]struct {
		Text              string  `json:"text"`
		CallbackData      *string `json:"callback_data"`
		SwitchInlineQuery *string `json:"switch_inline_query"`
		URL               *string `json:"url"`
	} `json:"inline_keyboard"`
}

// CallbackData lists every callback_data in the keyboard.
func (kb InlineKeyboard) CallbackData() []string {
	var out []string
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			if b.CallbackData != nil {
				out = append(out, *b.CallbackData)
			}
		}
	}
	return out
}

// Reply is what the fake answers: a result, or an error.
type Reply struct {
	Status int
	Body   any
}

// OK is a successful answer with result.
func OK(result any) Reply {
	return Reply{http.StatusOK, map[string]any{"ok": true, "result": result}}
}

// Error is the Bot API's error answer.
func Error(code int, description string, params map[string]any) Reply {
	body := map[string]any{"ok": false, "error_code": code, "description": description}
	if params != nil {
		body["parameters"] = params
	}
	return Reply{code, body}
}

// Server is a Bot API server that records calls and answers in the Bot
// API's JSON shapes. Hooks override a method's answer; getUpdates serves
// the queued updates from the requested offset on, like Telegram.
type Server struct {
	t     testing.TB
	token string
	srv   *httptest.Server

	mu      sync.Mutex
	calls   []Call
	updates []json.RawMessage
	hooks   map[string]func(Call, int) (Reply, bool)
	counts  map[string]int
	nextMsg int
	changed chan struct{} // closed and replaced on every call
	gates   map[string]chan struct{}
	held    int
}

// New starts a fake Bot API for token ("" for Token), closed when the
// test ends.
func New(t testing.TB, token string) *Server {
	t.Helper()
	f := &Server{t: t, token: cmpOr(token, Token), hooks: map[string]func(Call, int) (Reply, bool){}, counts: map[string]int{}, nextMsg: 100, changed: make(chan struct{})}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// Endpoint is the format string the adapter is configured with.
func (f *Server) Endpoint() string { return f.srv.URL + "/bot%s/%s" }

// Hook overrides a method; fn gets the call and its 1-based number and
// returns false to fall back to the default answer.
func (f *Server) Hook(method string, fn func(c Call, n int) (Reply, bool)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hooks[method] = fn
}

// AddUpdates queues updates for getUpdates.
func (f *Server) AddUpdates(raw ...json.RawMessage) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.updates = append(f.updates, raw...)
	f.notifyLocked()
}

func (f *Server) notifyLocked() {
	close(f.changed)
	f.changed = make(chan struct{})
}

// Gate holds the calls of method, before they are recorded, until the
// returned function is called.
func (f *Server) Gate(method string) (release func()) {
	ch := make(chan struct{})
	f.mu.Lock()
	if f.gates == nil {
		f.gates = map[string]chan struct{}{}
	}
	f.gates[method] = ch
	f.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			f.mu.Lock()
			if f.gates[method] == ch {
				delete(f.gates, method)
			}
			f.mu.Unlock()
			close(ch)
		})
	}
}

// Held counts the calls waiting at a gate.
func (f *Server) Held() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.held
}

func (f *Server) serve(w http.ResponseWriter, r *http.Request) {
	token, method, ok := strings.Cut(strings.TrimPrefix(r.URL.Path, "/bot"), "/")
	if !ok || token != f.token {
		writeJSON(w, Error(http.StatusUnauthorized, "Unauthorized", nil))
		return
	}
	if err := r.ParseForm(); err != nil {
		writeJSON(w, Error(http.StatusBadRequest, "Bad Request: "+err.Error(), nil))
		return
	}
	c := Call{Method: method, Params: r.PostForm}
	f.mu.Lock()
	for gate := f.gates[method]; gate != nil; gate = f.gates[method] {
		// Held before it counts as received; dropped unrecorded when the
		// client goes away meanwhile.
		f.held++
		f.mu.Unlock()
		select {
		case <-gate:
			f.mu.Lock()
			f.held--
		case <-r.Context().Done():
			f.mu.Lock()
			f.held--
			f.mu.Unlock()
			return
		}
	}
	f.calls = append(f.calls, c)
	f.counts[method]++
	n := f.counts[method]
	hook := f.hooks[method]
	f.notifyLocked()
	f.mu.Unlock()
	if hook != nil {
		if rep, ok := hook(c, n); ok {
			writeJSON(w, rep)
			return
		}
	}
	writeJSON(w, f.defaultReply(r, c))
}

func (f *Server) defaultReply(r *http.Request, c Call) Reply {
	switch c.Method {
	case "getMe":
		return OK(map[string]any{"id": BotID, "is_bot": true, "first_name": "Careerbot", "username": BotName,
			"can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": true})
	case "getUpdates":
		return OK(f.pendingUpdates(r, c))
	case "sendMessage":
		f.mu.Lock()
		f.nextMsg++
		id := f.nextMsg
		f.mu.Unlock()
		chat := map[string]any{"id": c.Int64("chat_id"), "type": "private"}
		if strings.HasPrefix(c.Params.Get("chat_id"), "@") {
			chat = map[string]any{"id": -1001234567890, "type": "channel", "username": strings.TrimPrefix(c.Params.Get("chat_id"), "@")}
		}
		return OK(map[string]any{"message_id": id, "date": 1441645532, "chat": chat, "text": c.Params.Get("text"),
			"from": map[string]any{"id": BotID, "is_bot": true, "first_name": "Careerbot", "username": BotName}})
	case "answerCallbackQuery", "answerInlineQuery", "setMyCommands", "setWebhook", "deleteWebhook",
		"editMessageText", "editMessageReplyMarkup":
		return OK(true)
	}
	return Error(http.StatusNotFound, "Not Found: method not found", nil)
}

// pendingUpdates returns the updates from offset on, waiting briefly for
// new ones as a long poll does.
func (f *Server) pendingUpdates(r *http.Request, c Call) []json.RawMessage {
	offset := c.Int64("offset")
	for {
		f.mu.Lock()
		var out []json.RawMessage
		for _, u := range f.updates {
			var head struct {
				UpdateID int64 `json:"update_id"`
			}
			json.Unmarshal(u, &head)
			if head.UpdateID >= offset {
				out = append(out, u)
			}
		}
		changed := f.changed
		f.mu.Unlock()
		if len(out) > 0 {
			return out
		}
		select {
		case <-changed:
		case <-r.Context().Done():
			return []json.RawMessage{}
		case <-time.After(50 * time.Millisecond):
			return []json.RawMessage{}
		}
	}
}

func writeJSON(w http.ResponseWriter, rep Reply) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(rep.Status)
	json.NewEncoder(w).Encode(rep.Body)
}

// CallsTo returns the calls of one method, in order.
func (f *Server) CallsTo(method string) []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Call
	for _, c := range f.calls {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Sent returns the sendMessage calls, in order.
func (f *Server) Sent() []Call { return f.CallsTo("sendMessage") }

// Reset forgets the recorded calls.
func (f *Server) Reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = nil
}

// WaitFor waits until cond holds, re-checking on every call; it fails the
// test after a generous deadline, which only a hang can reach.
func (f *Server) WaitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		f.mu.Lock()
		changed := f.changed
		f.mu.Unlock()
		if cond() {
			return
		}
		select {
		case <-changed:
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			t.Fatalf("timed out waiting for %s; calls: %v", what, f.Methods())
		}
	}
}

// Methods lists the methods called, in order.
func (f *Server) Methods() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, c := range f.calls {
		out = append(out, c.Method)
	}
	return out
}

func (f *Server) String() string { return fmt.Sprint(f.Methods()) }

func cmpOr(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// URL is the server's base URL.
func (f *Server) URL() string { return f.srv.URL }
