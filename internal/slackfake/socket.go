package slackfake

import (
	"encoding/json"
	"net/http"
	"sync"
	"testing"

	"github.com/gorilla/websocket"
)

// Socket is Slack's Socket Mode endpoint: on every connection it says
// hello and sends every envelope not yet acknowledged, as Slack redelivers
// them, then each new one as it is added; it records the acknowledgements.
type Socket struct {
	t testing.TB

	mu        sync.Mutex
	envelopes []socketEnvelope
	acks      []map[string]any
	acked     map[string]bool
	conns     int
	live      map[*websocket.Conn]*sync.Mutex
}

type socketEnvelope struct {
	id, body string
}

// NewSocket returns a Socket that sends envelopes on every connection.
func NewSocket(t testing.TB, envelopes ...string) *Socket {
	s := &Socket{t: t, acked: map[string]bool{}, live: map[*websocket.Conn]*sync.Mutex{}}
	for _, e := range envelopes {
		s.envelopes = append(s.envelopes, socketEnvelope{id: envelopeID(e), body: e})
	}
	return s
}

func envelopeID(e string) string {
	var head struct {
		EnvelopeID string `json:"envelope_id"`
	}
	json.Unmarshal([]byte(e), &head)
	return head.EnvelopeID
}

// Send adds an envelope and sends it on the open connections.
func (s *Socket) Send(envelope string) {
	s.mu.Lock()
	s.envelopes = append(s.envelopes, socketEnvelope{id: envelopeID(envelope), body: envelope})
	conns := make(map[*websocket.Conn]*sync.Mutex, len(s.live))
	for c, mu := range s.live {
		conns[c] = mu
	}
	s.mu.Unlock()
	for c, mu := range conns {
		mu.Lock()
		c.WriteMessage(websocket.TextMessage, []byte(envelope))
		mu.Unlock()
	}
}

// ServeHTTP upgrades to a WebSocket and runs one connection.
func (s *Socket) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// slack-go sends Origin: https://api.slack.com, as Slack expects.
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	c, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer c.Close()
	wmu := &sync.Mutex{}
	wmu.Lock()
	s.mu.Lock()
	s.conns++
	s.live[c] = wmu
	var pending []string
	for _, e := range s.envelopes {
		if !s.acked[e.id] {
			pending = append(pending, e.body)
		}
	}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.live, c)
		s.mu.Unlock()
	}()
	c.WriteJSON(map[string]any{"type": "hello", "num_connections": 1,
		"connection_info": map[string]any{"app_id": "A0MDYCDME"}})
	for _, e := range pending {
		c.WriteMessage(websocket.TextMessage, []byte(e))
	}
	wmu.Unlock()
	for {
		var m map[string]any
		if err := c.ReadJSON(&m); err != nil {
			return
		}
		s.mu.Lock()
		s.acks = append(s.acks, m)
		if id, ok := m["envelope_id"].(string); ok {
			s.acked[id] = true
		}
		s.mu.Unlock()
	}
}

// Acks returns the acknowledgements received, in order.
func (s *Socket) Acks() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]map[string]any(nil), s.acks...)
}

// Acked reports whether the envelope id was acknowledged.
func (s *Socket) Acked(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.acked[id]
}

// Connections counts the connections opened so far.
func (s *Socket) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

// Envelope wraps payload in a Socket Mode envelope of type typ.
func Envelope(t testing.TB, id, typ string, payload []byte) string {
	t.Helper()
	js, err := json.Marshal(map[string]any{"envelope_id": id, "type": typ,
		"payload": json.RawMessage(payload), "accepts_response_payload": typ != "events_api", "retry_attempt": 0})
	if err != nil {
		t.Fatal(err)
	}
	return string(js)
}
