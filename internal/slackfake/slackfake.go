// Package slackfake is the one fake Slack of the tests: a Web API and
// response_url stand-in that records every call and answers in Slack's
// documented JSON shapes, with scripted failures and gates, and a Socket
// Mode endpoint that sends envelopes and records the acknowledgements.
package slackfake

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// Identities of the fake workspace.
const (
	Team    = "T061EG9R6"
	BotUser = "U0LAN0Z89"
	BotID   = "B0LAN0Z89"
	Token   = "xoxb-test-token"
)

// Call is one request the fake Slack received.
type Call struct {
	Method string     // "chat.postMessage", or "response_url" for /hooks/…
	Path   string     // request path
	Form   url.Values // form-encoded Web API calls
	JSON   map[string]any
}

// Blocks returns the call's blocks, whether sent as a form field or JSON.
func (c Call) Blocks() []map[string]any {
	var raw any
	if s := c.Form.Get("blocks"); s != "" {
		json.Unmarshal([]byte(s), &raw)
	} else if c.JSON != nil {
		raw = c.JSON["blocks"]
		if v, ok := c.JSON["view"].(map[string]any); ok {
			raw = v["blocks"]
		}
	}
	var out []map[string]any
	list, _ := raw.([]any)
	for _, b := range list {
		if m, ok := b.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// Text is all the visible text of the call's blocks plus its fallback.
func (c Call) Text() string {
	var b strings.Builder
	b.WriteString(c.Form.Get("text"))
	if s, ok := c.JSON["text"].(string); ok {
		b.WriteString(s)
	}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if s, ok := v["text"].(string); ok {
				b.WriteString("\n" + s)
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	for _, blk := range c.Blocks() {
		walk(blk)
	}
	return b.String()
}

// Field reads a parameter from the form or the JSON body.
func (c Call) Field(k string) string {
	if v := c.Form.Get(k); v != "" {
		return v
	}
	switch v := c.JSON[k].(type) {
	case string:
		return v
	case bool:
		if v {
			return "true"
		}
		return "false"
	}
	return ""
}

// Button is a Block Kit button in a call.
type Button struct{ ActionID, Value, Text, BlockID string }

// Buttons lists the call's buttons in order.
func (c Call) Buttons() []Button {
	var out []Button
	for _, blk := range c.Blocks() {
		if blk["type"] != "actions" {
			continue
		}
		els, _ := blk["elements"].([]any)
		for _, e := range els {
			m, _ := e.(map[string]any)
			txt, _ := m["text"].(map[string]any)
			out = append(out, Button{
				ActionID: str(m["action_id"]), Value: str(m["value"]),
				Text: str(txt["text"]), BlockID: str(blk["block_id"]),
			})
		}
	}
	return out
}

// HasBlock reports whether the call has a block with id.
func (c Call) HasBlock(id string) bool {
	for _, b := range c.Blocks() {
		if b["block_id"] == id {
			return true
		}
	}
	return false
}

// str is v when it is a string, else "".
func str(v any) string { s, _ := v.(string); return s }

// Reply is a scripted answer for one call of a method.
type Reply struct {
	Status int
	Header map[string]string
	Body   string
	Drop   bool // close the connection without an answer
}

// Server is a Web API stand-in that records every call and answers in
// Slack's JSON shapes. Scripted replies and gates let tests inject
// failures and hold a call in flight.
type Server struct {
	t   testing.TB
	srv *httptest.Server
	// Locale is what users.info reports for every user.
	Locale string
	// BotToken is the token every Web API call must carry (Token).
	BotToken string
	// Arrived receives each method's name as its call arrives, before
	// gates and scripts (dropped when nobody listens).
	Arrived chan string

	mu      sync.Mutex
	calls   []Call
	scripts map[string][]Reply
	gates   map[string]chan struct{}
	seq     int
	held    int
	socket  http.Handler
}

// SetSocket makes s serve Socket Mode's WebSocket URL.
func (f *Server) SetSocket(s http.Handler) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.socket = s
}

// New starts a fake Slack, closed when the test ends.
func New(t testing.TB) *Server {
	t.Helper()
	f := &Server{t: t, Locale: "de-DE", BotToken: Token, scripts: map[string][]Reply{},
		gates: map[string]chan struct{}{}, Arrived: make(chan string, 100)}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// APIURL is the base URL for SLACK_API_URL.
func (f *Server) APIURL() string { return f.srv.URL + "/api/" }

// HooksURL replaces Slack's response_url host in test payloads.
func (f *Server) HooksURL() string { return f.srv.URL + "/hooks/" }

// Script queues replies for the next calls of method.
func (f *Server) Script(method string, replies ...Reply) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.scripts[method] = append(f.scripts[method], replies...)
}

// Gate holds calls of method, before they are recorded, until the
// returned function is called. A held call whose client goes away is
// dropped unrecorded.
func (f *Server) Gate(method string) (release func()) {
	ch := make(chan struct{})
	f.mu.Lock()
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

// admit waits while method is gated and reports false when the client
// went away meanwhile. rec, when set, is recorded in the same critical
// section that found the gate open, so a test that closes a gate and
// then counts the calls misses none in flight.
func (f *Server) admit(r *http.Request, method string, rec *Call) bool {
	f.mu.Lock()
	for {
		gate := f.gates[method]
		if gate == nil {
			if rec != nil {
				f.calls = append(f.calls, *rec)
			}
			f.mu.Unlock()
			return true
		}
		f.held++
		f.mu.Unlock()
		var gone bool
		select {
		case <-gate:
		case <-r.Context().Done():
			gone = true
		case <-time.After(time.Minute):
			f.t.Errorf("%s held at the gate for too long", method)
			gone = true
		}
		f.mu.Lock()
		f.held--
		if gone {
			f.mu.Unlock()
			return false
		}
	}
}

// URL is the server's base URL.
func (f *Server) URL() string { return f.srv.URL }

func (f *Server) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	socket := f.socket
	f.mu.Unlock()
	if r.URL.Path == "/socket" && socket != nil {
		socket.ServeHTTP(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	c := Call{Path: r.URL.Path}
	switch {
	case strings.HasPrefix(r.URL.Path, "/api/"):
		c.Method = strings.TrimPrefix(r.URL.Path, "/api/")
	case strings.HasPrefix(r.URL.Path, "/hooks/"):
		c.Method = "response_url"
	default:
		http.NotFound(w, r)
		return
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		json.Unmarshal(body, &c.JSON)
	} else {
		c.Form, _ = url.ParseQuery(string(body))
	}
	if c.Method != "response_url" && c.Method != "apps.connections.open" {
		tok := c.Form.Get("token")
		if tok == "" {
			tok = strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		}
		if tok != f.BotToken {
			f.t.Errorf("%s called with token %q, want the bot token", c.Method, tok)
		}
	}
	f.mu.Lock()
	var scripted *Reply
	if s := f.scripts[c.Method]; len(s) > 0 {
		scripted, f.scripts[c.Method] = &s[0], s[1:]
	}
	f.seq++
	seq := f.seq
	f.mu.Unlock()

	select {
	case f.Arrived <- c.Method:
	default:
	}
	var rec *Call
	if scripted == nil {
		rec = &c
	}
	if !f.admit(r, c.Method, rec) {
		return // the client went away while held
	}
	if scripted != nil && scripted.Drop {
		f.record(Call{Method: c.Method + " (dropped)", Path: c.Path, Form: c.Form, JSON: c.JSON})
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			conn.Close()
		}
		return
	}
	if scripted != nil {
		for k, v := range scripted.Header {
			w.Header().Set(k, v)
		}
		w.Header().Set("Content-Type", "application/json")
		status := scripted.Status
		if status == 0 {
			status = http.StatusOK
		}
		w.WriteHeader(status)
		io.WriteString(w, scripted.Body)
		if scripted.Status == http.StatusTooManyRequests || strings.Contains(scripted.Body, `"ok":false`) {
			f.record(Call{Method: c.Method + " (refused)", Path: c.Path, Form: c.Form, JSON: c.JSON})
			return
		}
		f.record(c)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	ts := "1700000000." + strings.Repeat("0", 5) + string(rune('0'+seq%10))
	switch c.Method {
	case "auth.test":
		writeJSON(w, map[string]any{"ok": true, "url": "https://example.slack.com/", "team": "Example",
			"user": "careerbot", "team_id": Team, "user_id": BotUser, "bot_id": BotID})
	case "chat.postMessage":
		writeJSON(w, map[string]any{"ok": true, "channel": c.Field("channel"), "ts": ts,
			"message": map[string]any{"type": "message", "text": c.Field("text"), "bot_id": BotID, "ts": ts}})
	case "chat.postEphemeral":
		writeJSON(w, map[string]any{"ok": true, "message_ts": ts})
	case "chat.update":
		writeJSON(w, map[string]any{"ok": true, "channel": c.Field("channel"), "ts": c.Field("ts"), "text": c.Field("text")})
	case "views.publish":
		writeJSON(w, map[string]any{"ok": true, "view": map[string]any{"id": "VMHU10V25", "type": "home"}})
	case "users.info":
		writeJSON(w, map[string]any{"ok": true, "user": map[string]any{"id": c.Field("user"), "name": "someone", "locale": f.Locale}})
	case "apps.connections.open":
		writeJSON(w, map[string]any{"ok": true, "url": "ws" + strings.TrimPrefix(f.srv.URL, "http") + "/socket"})
	case "response_url":
		writeJSON(w, map[string]any{"ok": true})
	default:
		writeJSON(w, map[string]any{"ok": false, "error": "unknown_method"})
	}
}

func (f *Server) record(c Call) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, c)
}

// Calls returns the successful calls of method ("" for all).
func (f *Server) Calls(method string) []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Call
	for _, c := range f.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// WaitCalls waits until method was called at least n times.
func (f *Server) WaitCalls(method string, n int) []Call {
	f.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		if c := f.Calls(method); len(c) >= n {
			return c
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("waited for %d %s calls, got %d; all calls: %v", n, method, len(f.Calls(method)), f.Methods())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Methods lists the methods called, in order.
func (f *Server) Methods() []string {
	var out []string
	for _, c := range f.Calls("") {
		out = append(out, c.Method)
	}
	return out
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}
