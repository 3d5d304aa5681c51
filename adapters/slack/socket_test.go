package slack

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// fakeSocket is Slack's Socket Mode endpoint: it says hello, sends the
// scripted envelopes and records the acknowledgements.
type fakeSocket struct {
	t         *testing.T
	envelopes []string // sent on every connection, after hello
	mu        sync.Mutex
	acks      []map[string]any
	conns     int
}

func (s *fakeSocket) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// slack-go sends Origin: https://api.slack.com, as Slack expects.
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	c, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer c.Close()
	s.mu.Lock()
	s.conns++
	s.mu.Unlock()
	c.WriteJSON(map[string]any{"type": "hello", "num_connections": 1,
		"connection_info": map[string]any{"app_id": "A0MDYCDME"}})
	for _, e := range s.envelopes {
		c.WriteMessage(websocket.TextMessage, []byte(e))
	}
	for {
		var m map[string]any
		if err := c.ReadJSON(&m); err != nil {
			return
		}
		s.mu.Lock()
		s.acks = append(s.acks, m)
		s.mu.Unlock()
	}
}

func (s *fakeSocket) acked() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]map[string]any(nil), s.acks...)
}

func (s *fakeSocket) connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

func envelope(t *testing.T, id, typ string, payload []byte) string {
	t.Helper()
	js, err := json.Marshal(map[string]any{"envelope_id": id, "type": typ,
		"payload": json.RawMessage(payload), "accepts_response_payload": typ != "events_api", "retry_attempt": 0})
	if err != nil {
		t.Fatal(err)
	}
	return string(js)
}

func socketHarness(t *testing.T, s *fakeSocket, quiet time.Duration) *harness {
	t.Helper()
	h := newHarness(t, func(c *Config) {
		c.AppToken = "xapp-1-test"
		c.SigningSecret = ""
		c.QuietAfter = quiet
	})
	h.fake.socket = s
	h.a.reconnectWait = time.Millisecond
	return h
}

func TestSocketModeAcksAndAnswers(t *testing.T) {
	s := &fakeSocket{t: t}
	s.envelopes = []string{
		envelope(t, "env-1", "events_api", fixture(t, "app_mention.json")),
		// The same event again, as Slack retries it: answered once.
		envelope(t, "env-2", "events_api", fixture(t, "app_mention.json")),
		envelope(t, "env-3", "events_api", []byte(`{"type":"event_callback","event_id":"Ev9","event":{"type":"no_such_event"}}`)),
	}
	h := socketHarness(t, s, time.Minute)
	h.start()
	h.fake.waitCalls("chat.postMessage", 1)
	waitFor(t, "three acks", func() bool { return len(s.acked()) >= 3 })
	if err := h.a.Ready(context.Background()); err != nil {
		t.Errorf("Ready: %v", err)
	}
	h.stop()
	if n := len(h.fake.Calls("chat.postMessage")); n != 1 {
		t.Fatalf("%d answers, want 1", n)
	}
	ids := map[string]bool{}
	for _, a := range s.acked() {
		ids[str(a["envelope_id"])] = true
	}
	for _, id := range []string{"env-1", "env-2", "env-3"} {
		if !ids[id] {
			t.Errorf("envelope %s not acknowledged", id)
		}
	}
	if len(h.fake.Calls("apps.connections.open")) == 0 {
		t.Error("apps.connections.open was not called")
	}
}

func TestSocketModeSlashCommand(t *testing.T) {
	cmd, _ := json.Marshal(map[string]string{"team_id": fakeTeam, "channel_id": "C2147483705", "user_id": "U2147483697",
		"command": "/karriere", "text": "hilfe", "trigger_id": "1.2.3"})
	s := &fakeSocket{t: t}
	h := socketHarness(t, s, time.Minute)
	var p map[string]any
	json.Unmarshal(cmd, &p)
	p["response_url"] = h.fake.HooksURL() + "commands/1234/5678"
	cmd, _ = json.Marshal(p)
	s.envelopes = []string{envelope(t, "env-cmd", "slash_commands", cmd)}
	h.start()
	r := h.fake.waitCalls("response_url", 1)[0]
	h.stop()
	if r.Field("response_type") != "ephemeral" || len(r.Buttons()) < 4 {
		t.Fatalf("menu via response_url: type %q, %d buttons", r.Field("response_type"), len(r.Buttons()))
	}
	if acks := s.acked(); len(acks) != 1 || acks[0]["envelope_id"] != "env-cmd" {
		t.Fatalf("acks %v", acks)
	}
}

func TestSocketModeRestartsAQuietConnection(t *testing.T) {
	s := &fakeSocket{t: t} // says hello, then nothing: no events, no pings
	h := socketHarness(t, s, 100*time.Millisecond)
	h.start()
	waitFor(t, "a second connection", func() bool { return s.connections() >= 2 })
	h.stop()
	quiet := false
	for _, r := range h.logs.records() {
		if str(r["msg"]) == "slack socket mode connection quiet; restarting it" {
			quiet = true
		}
	}
	if !quiet {
		t.Fatal("the quiet connection was not noticed")
	}
}

func TestSocketModeRejectedAppToken(t *testing.T) {
	h := socketHarness(t, &fakeSocket{t: t}, time.Minute)
	h.fake.script("apps.connections.open", fakeReply{body: `{"ok":false,"error":"invalid_auth"}`})
	h.start()
	// Run must fail by itself: cancelling it first would make it return
	// nil however the token fared.
	done := make(chan error, 1)
	go func() { done <- h.run.result() }()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("Run returned nil for a rejected app-level token")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop after Slack rejected the app-level token")
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
