package slack

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func TestMalformedRequests(t *testing.T) {
	const form = "application/x-www-form-urlencoded"
	payload := func(js string) []byte { return []byte(url.Values{"payload": {js}}.Encode()) }
	command := func(v url.Values) []byte { return []byte(v.Encode()) }
	okCommand := url.Values{"team_id": {"T1"}, "channel_id": {"C1"}, "user_id": {"U1"}, "command": {"/karriere"}, "text": {"hi"}}
	tests := []struct {
		name        string
		path, ctype string
		body        []byte
		want        int
	}{
		{"events: broken JSON", "/slack/events", "application/json", []byte(`{"type":`), 400},
		{"events: JSON array", "/slack/events", "application/json", []byte(`[]`), 400},
		{"events: empty body", "/slack/events", "application/json", nil, 400},
		{"events: challenge missing", "/slack/events", "application/json", []byte(`{"type":"url_verification"}`), 400},
		{"events: no event_id", "/slack/events", "application/json", []byte(`{"type":"event_callback","event":{"type":"app_mention"}}`), 400},
		{"events: no event", "/slack/events", "application/json", []byte(`{"type":"event_callback","event_id":"Ev1"}`), 400},
		{"events: event not an object", "/slack/events", "application/json", []byte(`{"type":"event_callback","event_id":"Ev1","event":"x"}`), 200},
		{"events: wrong field types", "/slack/events", "application/json", []byte(`{"type":"event_callback","event_id":"Ev2","event":{"type":"app_mention","user":42,"text":["a"]}}`), 200},
		{"events: mention without channel", "/slack/events", "application/json", []byte(`{"type":"event_callback","event_id":"Ev3","team_id":"T1","event":{"type":"app_mention","user":"U1","text":"hi"}}`), 200},
		{"events: message without user", "/slack/events", "application/json", []byte(`{"type":"event_callback","event_id":"Ev4","event":{"type":"message","channel":"D1","channel_type":"im","text":"hi"}}`), 200},
		{"events: unknown outer type", "/slack/events", "application/json", []byte(`{"type":"brand_new"}`), 200},
		{"events: oversized", "/slack/events", "application/json", []byte(`{"type":"event_callback","x":"` + strings.Repeat("a", maxBody) + `"}`), 413},
		{"commands: broken form", "/slack/commands", form, []byte("text=%zz"), 400},
		{"commands: no response_url", "/slack/commands", form, command(okCommand), 400},
		{"commands: foreign response_url", "/slack/commands", form, command(with(okCommand, "response_url", "https://attacker.example.com/hook")), 400},
		{"commands: response_url with credentials", "/slack/commands", form, command(with(okCommand, "response_url", "https://u:p@hooks.slack.com/x")), 400},
		{"interactions: no payload", "/slack/interactions", form, []byte("foo=bar"), 400},
		{"interactions: broken payload", "/slack/interactions", form, payload(`{"type":`), 400},
		{"interactions: no user", "/slack/interactions", form, payload(`{"type":"block_actions","actions":[]}`), 400},
		{"interactions: actions not a list", "/slack/interactions", form, payload(`{"type":"block_actions","user":{"id":"U1"},"actions":{"a":1}}`), 400},
		{"interactions: unknown type", "/slack/interactions", form, payload(`{"type":"view_submission","user":{"id":"U1"}}`), 200},
		{"interactions: block_actions without actions", "/slack/interactions", form, payload(`{"type":"block_actions","user":{"id":"U1"},"actions":[]}`), 200},
		{"interactions: unknown action", "/slack/interactions", form, payload(`{"type":"block_actions","user":{"id":"U1"},"actions":[{"action_id":"x","block_id":"y","value":"z"}]}`), 200},
		{"interactions: feedback with garbage value", "/slack/interactions", form, payload(`{"type":"block_actions","user":{"id":"U1"},"actions":[{"action_id":"careerbot.feedback.up","block_id":"careerbot.feedback","value":"\u0000"}]}`), 200},
		{"interactions: other shortcut", "/slack/interactions", form, payload(`{"type":"message_action","callback_id":"something","user":{"id":"U1"}}`), 200},
		{"interactions: share shortcut on an empty message", "/slack/interactions", form, payload(`{"type":"message_action","callback_id":"share_answer","user":{"id":"U1"},"channel":{"id":"C1"},"message":{}}`), 200},
	}
	h := newHarness(t)
	h.start()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if w := h.send(tt.path, tt.ctype, tt.body); w.Code != tt.want {
				t.Fatalf("status %d, want %d (%s)", w.Code, tt.want, strings.TrimSpace(w.Body.String()))
			}
		})
	}
	t.Run("wrong method", func(t *testing.T) {
		w := httptest.NewRecorder()
		h.mux.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/slack/events", nil))
		if w.Code != http.StatusMethodNotAllowed {
			t.Fatalf("GET: %d, want 405", w.Code)
		}
	})

	// After all that the adapter still answers.
	h.event("app_mention.json")
	h.stop()
	if n := len(h.fake.Calls("chat.postMessage")); n != 1 {
		t.Fatalf("%d answers after the malformed requests, want 1", n)
	}
	for _, r := range h.logs.records() {
		if strings.Contains(str(r["msg"]), "panic") {
			t.Errorf("panic logged: %v", r)
		}
	}
}

func with(v url.Values, k, val string) url.Values {
	out := url.Values{}
	for key, vals := range v {
		out[key] = vals
	}
	out.Set(k, val)
	return out
}

func TestAcceptedBeforeStartIsAnsweredAfterStart(t *testing.T) {
	h := newHarness(t)
	// Not started: the events wait in the inbox, acknowledged.
	h.event("app_mention.json")
	h.event("message_im.json")
	h.event("message_im.json") // Slack's retry: answered once
	h.start()
	h.fake.WaitCalls("chat.postMessage", 2)
	h.stop()
	if n := len(h.fake.Calls("chat.postMessage")); n != 2 {
		t.Fatalf("%d answers, want 2", n)
	}
}

func TestInboxFailureIsNotAcknowledged(t *testing.T) {
	h := newHarness(t)
	h.st.Close() // the database is gone: nothing can be stored
	if w := h.send("/slack/events", "application/json", fixture(t, "app_mention.json")); w.Code < 500 {
		t.Fatalf("event with a broken inbox: %d, want a 5xx so Slack delivers it again", w.Code)
	}
	if w := h.command("hilfe"); w.Code < 500 {
		t.Fatalf("command with a broken inbox: %d, want a 5xx", w.Code)
	}
}

func TestReplayedCommandAndClickAreHandledOnce(t *testing.T) {
	h := newHarness(t)
	h.start()
	// The same signed request twice, as a replay within Slack's five
	// minutes sends it: same body, same timestamp, same signature.
	for range 2 {
		if w := h.command("hilfe"); w.Code != 200 {
			t.Fatalf("command: %d", w.Code)
		}
	}
	click := func(p map[string]any) {
		p["actions"] = []any{map[string]any{"action_id": actionOpenPrefix + "0", "block_id": "b", "value": "de:entry-overview",
			"type": "button", "action_ts": "1548426417.840180"}}
	}
	h.interact("block_actions.json", click)
	h.interact("block_actions.json", click)
	h.stop()
	// One reply each: the menu, and the entry (ephemeral like the
	// fixture's message).
	if n := len(h.fake.Calls("response_url")) + len(h.fake.Calls("chat.postMessage")); n != 2 {
		t.Errorf("%d replies to a replayed command and click, want 2: %v", n, h.fake.Methods())
	}
}
