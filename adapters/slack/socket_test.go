package slack

import (
	"github.com/careerbot/careerbot/internal/slackfake"

	"context"
	"encoding/json"
	"testing"
	"time"
)

func socketHarness(t *testing.T, s *slackfake.Socket, quiet time.Duration) *harness {
	t.Helper()
	h := newHarness(t, func(c *Config) {
		c.AppToken = "xapp-1-test"
		c.SigningSecret = ""
		c.QuietAfter = quiet
	})
	h.fake.SetSocket(s)
	h.a.reconnectWait = time.Millisecond
	return h
}

func TestSocketModeAcksAndAnswers(t *testing.T) {
	s := slackfake.NewSocket(t,
		slackfake.Envelope(t, "env-1", "events_api", fixture(t, "app_mention.json")),
		// The same event again, as Slack retries it: answered once.
		slackfake.Envelope(t, "env-2", "events_api", fixture(t, "app_mention.json")),
		slackfake.Envelope(t, "env-3", "events_api", []byte(`{"type":"event_callback","event_id":"Ev9","event":{"type":"no_such_event"}}`)),
	)
	h := socketHarness(t, s, time.Minute)
	h.start()
	h.fake.WaitCalls("chat.postMessage", 1)
	waitFor(t, "three acks", func() bool { return len(s.Acks()) >= 3 })
	if err := h.a.Ready(context.Background()); err != nil {
		t.Errorf("Ready: %v", err)
	}
	h.stop()
	if n := len(h.fake.Calls("chat.postMessage")); n != 1 {
		t.Fatalf("%d answers, want 1", n)
	}
	ids := map[string]bool{}
	for _, a := range s.Acks() {
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
	cmd, _ := json.Marshal(map[string]string{"team_id": slackfake.Team, "channel_id": "C2147483705", "user_id": "U2147483697",
		"command": "/karriere", "text": "hilfe", "trigger_id": "1.2.3"})
	s := slackfake.NewSocket(t)
	h := socketHarness(t, s, time.Minute)
	var p map[string]any
	json.Unmarshal(cmd, &p)
	p["response_url"] = h.fake.HooksURL() + "commands/1234/5678"
	cmd, _ = json.Marshal(p)
	h.start()
	s.Send(slackfake.Envelope(t, "env-cmd", "slash_commands", cmd))
	r := h.fake.WaitCalls("response_url", 1)[0]
	// The ack goes out before the answer, but the fake reads it on its
	// own goroutine: wait for it rather than race it.
	waitFor(t, "the ack", func() bool { return len(s.Acks()) >= 1 })
	h.stop()
	if r.Field("response_type") != "ephemeral" || len(r.Buttons()) < 4 {
		t.Fatalf("menu via response_url: type %q, %d buttons", r.Field("response_type"), len(r.Buttons()))
	}
	if acks := s.Acks(); len(acks) != 1 || acks[0]["envelope_id"] != "env-cmd" {
		t.Fatalf("acks %v", acks)
	}
}

func TestSocketModeRestartsAQuietConnection(t *testing.T) {
	s := slackfake.NewSocket(t) // says hello, then nothing: no events, no pings
	h := socketHarness(t, s, 100*time.Millisecond)
	h.start()
	waitFor(t, "a second connection", func() bool { return s.Connections() >= 2 })
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
	h := socketHarness(t, slackfake.NewSocket(t), time.Minute)
	h.fake.Script("apps.connections.open", slackfake.Reply{Body: `{"ok":false,"error":"invalid_auth"}`})
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
	case <-time.After(time.Minute):
		t.Fatal("Run did not stop after Slack rejected the app-level token")
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
