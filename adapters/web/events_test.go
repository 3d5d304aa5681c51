package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/careerbot/careerbot/handoff"
)

// getEvents long-polls the events endpoint once.
func (c *testChat) getEvents(t *testing.T, token string, after int) (int, []event) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.URL+"/web/v1/events?after="+strconv.Itoa(after), nil)
	req.Header.Set("Origin", testOrigin)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out eventsResponse
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out.Events
}

func TestEvents(t *testing.T) {
	c := newTestChat(t, Limits{})
	token := c.session(t)
	id, _ := c.adapter.sessions.check(token)
	c.adapter.outbox.Deliver(context.Background(), id, handoff.Message{From: "recruiter", Text: "Hallo!", Open: true})
	c.adapter.outbox.Deliver(context.Background(), id, handoff.Message{From: "bot", Text: "Beendet."})
	code, evs := c.getEvents(t, token, 0)
	if code != 200 || len(evs) != 2 || evs[0].Reply.Kind != "recruiter" || !evs[0].Reply.Listen || evs[1].Reply.Listen {
		t.Fatalf("events = %d %+v", code, evs)
	}
	if _, evs := c.getEvents(t, token, 1); len(evs) != 1 || evs[0].ID != 2 {
		t.Errorf("events after 1 = %+v, want only the second", evs)
	}
	other := c.session(t)
	done := make(chan []event, 1)
	go func() {
		_, evs := c.getEvents(t, other, 0)
		done <- evs
	}()
	// Ending Run ends the waiting poll, with no events.
	ctx, cancel := context.WithCancel(context.Background())
	go c.adapter.Run(ctx)
	cancel()
	select {
	case evs := <-done:
		if len(evs) != 0 {
			t.Errorf("a poll ended by the shutdown got %+v", evs)
		}
	case <-time.After(time.Minute): // a guard against a hang, not a timing check
		t.Fatal("the long poll did not end with Run")
	}
}
