package telegram

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
	testToken   = "123456:TEST-token"
	testBotID   = 4242
	testBotName = "careerbot_test_bot"
)

// apiCall is one request the fake Bot API received.
type apiCall struct {
	Method string
	Params url.Values
}

func (c apiCall) int64(key string) int64 {
	n, _ := strconv.ParseInt(c.Params.Get(key), 10, 64)
	return n
}

// markup decodes the call's reply_markup.
func (c apiCall) markup(t *testing.T) inlineKeyboard {
	t.Helper()
	var kb inlineKeyboard
	if s := c.Params.Get("reply_markup"); s != "" {
		if err := json.Unmarshal([]byte(s), &kb); err != nil {
			t.Fatalf("%s: reply_markup %q: %v", c.Method, s, err)
		}
	}
	return kb
}

type inlineKeyboard struct {
	InlineKeyboard [][]struct {
		Text              string  `json:"text"`
		CallbackData      *string `json:"callback_data"`
		SwitchInlineQuery *string `json:"switch_inline_query"`
		URL               *string `json:"url"`
	} `json:"inline_keyboard"`
}

// callbackData lists every callback_data in the keyboard.
func (kb inlineKeyboard) callbackData() []string {
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

// reply is what the fake answers: a result, or an error.
type reply struct {
	status int
	body   any
}

func okReply(result any) reply {
	return reply{http.StatusOK, map[string]any{"ok": true, "result": result}}
}

func errReply(code int, description string, params map[string]any) reply {
	body := map[string]any{"ok": false, "error_code": code, "description": description}
	if params != nil {
		body["parameters"] = params
	}
	return reply{code, body}
}

// fakeAPI is a Bot API server that records calls and answers in the Bot
// API's JSON shapes. Hooks override a method's answer; getUpdates serves
// the queued updates from the requested offset on, like Telegram.
type fakeAPI struct {
	t   *testing.T
	srv *httptest.Server

	mu      sync.Mutex
	calls   []apiCall
	updates []json.RawMessage
	hooks   map[string]func(apiCall, int) (reply, bool)
	counts  map[string]int
	nextMsg int
	changed chan struct{} // closed and replaced on every call
}

func newFakeAPI(t *testing.T) *fakeAPI {
	t.Helper()
	f := &fakeAPI{t: t, hooks: map[string]func(apiCall, int) (reply, bool){}, counts: map[string]int{}, nextMsg: 100, changed: make(chan struct{})}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// endpoint is the format string the adapter is configured with.
func (f *fakeAPI) endpoint() string { return f.srv.URL + "/bot%s/%s" }

// hook overrides a method; fn gets the call and its 1-based number and
// returns false to fall back to the default answer.
func (f *fakeAPI) hook(method string, fn func(c apiCall, n int) (reply, bool)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hooks[method] = fn
}

func (f *fakeAPI) addUpdates(raw ...json.RawMessage) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.updates = append(f.updates, raw...)
	f.notifyLocked()
}

func (f *fakeAPI) notifyLocked() {
	close(f.changed)
	f.changed = make(chan struct{})
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	token, method, ok := strings.Cut(strings.TrimPrefix(r.URL.Path, "/bot"), "/")
	if !ok || token != testToken {
		writeJSON(w, errReply(http.StatusUnauthorized, "Unauthorized", nil))
		return
	}
	if err := r.ParseForm(); err != nil {
		writeJSON(w, errReply(http.StatusBadRequest, "Bad Request: "+err.Error(), nil))
		return
	}
	c := apiCall{Method: method, Params: r.PostForm}
	f.mu.Lock()
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

func (f *fakeAPI) defaultReply(r *http.Request, c apiCall) reply {
	switch c.Method {
	case "getMe":
		return okReply(map[string]any{"id": testBotID, "is_bot": true, "first_name": "Careerbot", "username": testBotName,
			"can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": true})
	case "getUpdates":
		return okReply(f.pendingUpdates(r, c))
	case "sendMessage":
		f.mu.Lock()
		f.nextMsg++
		id := f.nextMsg
		f.mu.Unlock()
		chat := map[string]any{"id": c.int64("chat_id"), "type": "private"}
		if strings.HasPrefix(c.Params.Get("chat_id"), "@") {
			chat = map[string]any{"id": -1001234567890, "type": "channel", "username": strings.TrimPrefix(c.Params.Get("chat_id"), "@")}
		}
		return okReply(map[string]any{"message_id": id, "date": 1441645532, "chat": chat, "text": c.Params.Get("text"),
			"from": map[string]any{"id": testBotID, "is_bot": true, "first_name": "Careerbot", "username": testBotName}})
	case "answerCallbackQuery", "answerInlineQuery", "setMyCommands", "setWebhook", "deleteWebhook",
		"editMessageText", "editMessageReplyMarkup":
		return okReply(true)
	}
	return errReply(http.StatusNotFound, "Not Found: method not found", nil)
}

// pendingUpdates returns the updates from offset on, waiting briefly for
// new ones as a long poll does.
func (f *fakeAPI) pendingUpdates(r *http.Request, c apiCall) []json.RawMessage {
	offset := c.int64("offset")
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

func writeJSON(w http.ResponseWriter, rep reply) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(rep.status)
	json.NewEncoder(w).Encode(rep.body)
}

// callsTo returns the calls of one method, in order.
func (f *fakeAPI) callsTo(method string) []apiCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []apiCall
	for _, c := range f.calls {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// sent returns the sendMessage calls, in order.
func (f *fakeAPI) sent() []apiCall { return f.callsTo("sendMessage") }

// reset forgets the recorded calls.
func (f *fakeAPI) reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = nil
}

// waitFor waits until cond holds, re-checking on every call; it fails the
// test after a generous deadline, which only a hang can reach.
func (f *fakeAPI) waitFor(t *testing.T, what string, cond func() bool) {
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
			t.Fatalf("timed out waiting for %s; calls: %v", what, f.methods())
		}
	}
}

func (f *fakeAPI) methods() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, c := range f.calls {
		out = append(out, c.Method)
	}
	return out
}

func (f *fakeAPI) String() string { return fmt.Sprint(f.methods()) }
