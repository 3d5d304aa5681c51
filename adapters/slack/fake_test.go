package slack

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
	fakeTeam    = "T061EG9R6"
	fakeBotUser = "U0LAN0Z89"
	fakeBotID   = "B0LAN0Z89"
	fakeToken   = "xoxb-test-token"
)

// apiCall is one request the fake Slack received.
type apiCall struct {
	Method string     // "chat.postMessage", or "response_url" for /hooks/…
	Path   string     // request path
	Form   url.Values // form-encoded Web API calls
	JSON   map[string]any
}

// Blocks returns the call's blocks, whether sent as a form field or JSON.
func (c apiCall) Blocks() []map[string]any {
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
func (c apiCall) Text() string {
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
func (c apiCall) Field(k string) string {
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

type button struct{ ActionID, Value, Text, BlockID string }

// Buttons lists the call's buttons in order.
func (c apiCall) Buttons() []button {
	var out []button
	for _, blk := range c.Blocks() {
		if blk["type"] != "actions" {
			continue
		}
		els, _ := blk["elements"].([]any)
		for _, e := range els {
			m, _ := e.(map[string]any)
			txt, _ := m["text"].(map[string]any)
			out = append(out, button{
				ActionID: str(m["action_id"]), Value: str(m["value"]),
				Text: str(txt["text"]), BlockID: str(blk["block_id"]),
			})
		}
	}
	return out
}

func (c apiCall) hasBlock(id string) bool {
	for _, b := range c.Blocks() {
		if b["block_id"] == id {
			return true
		}
	}
	return false
}

func str(v any) string { s, _ := v.(string); return s }

// fakeReply is a scripted answer for one call of a method.
type fakeReply struct {
	status int
	header map[string]string
	body   string
	drop   bool // close the connection without an answer
}

// fakeSlack is a Web API stand-in that records every call and answers in
// Slack's JSON shapes. Scripted replies and gates let tests inject
// failures and hold a call in flight.
type fakeSlack struct {
	t      *testing.T
	srv    *httptest.Server
	locale string

	mu      sync.Mutex
	calls   []apiCall
	scripts map[string][]fakeReply
	gates   map[string]chan struct{}
	arrived chan string
	seq     int
	socket  http.Handler
}

func newFakeSlack(t *testing.T) *fakeSlack {
	t.Helper()
	f := &fakeSlack{t: t, locale: "de-DE", scripts: map[string][]fakeReply{},
		gates: map[string]chan struct{}{}, arrived: make(chan string, 100)}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// APIURL is the base URL for SLACK_API_URL.
func (f *fakeSlack) APIURL() string { return f.srv.URL + "/api/" }

// HooksURL replaces Slack's response_url host in test payloads.
func (f *fakeSlack) HooksURL() string { return f.srv.URL + "/hooks/" }

// script queues replies for the next calls of method.
func (f *fakeSlack) script(method string, replies ...fakeReply) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.scripts[method] = append(f.scripts[method], replies...)
}

// gate holds calls of method until the returned function is called.
func (f *fakeSlack) gate(method string) (release func()) {
	ch := make(chan struct{})
	f.mu.Lock()
	f.gates[method] = ch
	f.mu.Unlock()
	var once sync.Once
	return func() { once.Do(func() { close(ch) }) }
}

func (f *fakeSlack) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/socket" && f.socket != nil {
		f.socket.ServeHTTP(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	c := apiCall{Path: r.URL.Path}
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
		if tok != fakeToken {
			f.t.Errorf("%s called with token %q, want the bot token", c.Method, tok)
		}
	}
	f.mu.Lock()
	gate := f.gates[c.Method]
	var scripted *fakeReply
	if s := f.scripts[c.Method]; len(s) > 0 {
		scripted, f.scripts[c.Method] = &s[0], s[1:]
	}
	f.seq++
	seq := f.seq
	f.mu.Unlock()

	select {
	case f.arrived <- c.Method:
	default:
	}
	if gate != nil {
		select {
		case <-gate:
		case <-time.After(10 * time.Second):
			f.t.Errorf("%s held at the gate for too long", c.Method)
		}
	}
	if scripted != nil && scripted.drop {
		f.record(apiCall{Method: c.Method + " (dropped)", Path: c.Path, Form: c.Form, JSON: c.JSON})
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			conn.Close()
		}
		return
	}
	if scripted != nil {
		for k, v := range scripted.header {
			w.Header().Set(k, v)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(cmpOr(scripted.status, http.StatusOK))
		io.WriteString(w, scripted.body)
		if scripted.status == http.StatusTooManyRequests || strings.Contains(scripted.body, `"ok":false`) {
			f.record(apiCall{Method: c.Method + " (refused)", Path: c.Path, Form: c.Form, JSON: c.JSON})
			return
		}
		f.record(c)
		return
	}
	f.record(c)
	w.Header().Set("Content-Type", "application/json")
	ts := "1700000000." + strings.Repeat("0", 5) + string(rune('0'+seq%10))
	switch c.Method {
	case "auth.test":
		writeJSON(w, map[string]any{"ok": true, "url": "https://example.slack.com/", "team": "Example",
			"user": "careerbot", "team_id": fakeTeam, "user_id": fakeBotUser, "bot_id": fakeBotID})
	case "chat.postMessage":
		writeJSON(w, map[string]any{"ok": true, "channel": c.Field("channel"), "ts": ts,
			"message": map[string]any{"type": "message", "text": c.Field("text"), "bot_id": fakeBotID, "ts": ts}})
	case "chat.postEphemeral":
		writeJSON(w, map[string]any{"ok": true, "message_ts": ts})
	case "chat.update":
		writeJSON(w, map[string]any{"ok": true, "channel": c.Field("channel"), "ts": c.Field("ts"), "text": c.Field("text")})
	case "views.publish":
		writeJSON(w, map[string]any{"ok": true, "view": map[string]any{"id": "VMHU10V25", "type": "home"}})
	case "users.info":
		writeJSON(w, map[string]any{"ok": true, "user": map[string]any{"id": c.Field("user"), "name": "someone", "locale": f.locale}})
	case "apps.connections.open":
		writeJSON(w, map[string]any{"ok": true, "url": "ws" + strings.TrimPrefix(f.srv.URL, "http") + "/socket"})
	case "response_url":
		writeJSON(w, map[string]any{"ok": true})
	default:
		writeJSON(w, map[string]any{"ok": false, "error": "unknown_method"})
	}
}

func (f *fakeSlack) record(c apiCall) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, c)
}

// Calls returns the successful calls of method ("" for all).
func (f *fakeSlack) Calls(method string) []apiCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []apiCall
	for _, c := range f.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// waitCalls waits until method was called at least n times.
func (f *fakeSlack) waitCalls(method string, n int) []apiCall {
	f.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if c := f.Calls(method); len(c) >= n {
			return c
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("waited for %d %s calls, got %d; all calls: %v", n, method, len(f.Calls(method)), f.methods())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (f *fakeSlack) methods() []string {
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
