package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/careerbot/careerbot/delivery"
	"github.com/careerbot/careerbot/internal/slackfake"
)

// TestReadyzNamesAStuckInbox: a question has waited for twenty minutes
// and Slack cannot be reached to answer it. /readyz says so by name, and
// /metrics shows the inbox's depth and age.
func TestReadyzNamesAStuckInbox(t *testing.T) {
	db := tempDB(t)
	st := openDB(t, db)
	if _, err := st.Inbox().Enqueue(context.Background(), delivery.Message{Adapter: "slack", Key: "event:Ev0OLD", Conversation: "c",
		Body: []byte(`{}`), Received: time.Now().Add(-20 * time.Minute)}, time.Hour); err != nil {
		t.Fatal(err)
	}
	st.Close()
	f := slackfake.New(t)
	for range 20 { // Slack is down: auth.test keeps failing
		f.Script("auth.test", slackfake.Reply{Status: http.StatusServiceUnavailable, Body: `{"ok":false,"error":"service_unavailable"}`})
	}
	s := startServeAt(t, map[string]string{
		"SLACK_BOT_TOKEN":      slackfake.Token,
		"SLACK_SIGNING_SECRET": e2eSlackSecret,
		"SLACK_API_URL":        f.APIURL(),
		"CAREERBOT_SECRET":     "e2e-secret-0123456789abcdef",
	}, db)
	status, body := call(t, http.MethodGet, s.base+"/readyz", "", "")
	if status != http.StatusServiceUnavailable || !strings.Contains(string(body), `"slack":"inbox stuck"`) {
		t.Errorf("/readyz = %d %s, want 503 naming the stuck slack inbox", status, body)
	}
	resp, err := http.Get(s.base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(metrics), `careerbot_inbox_depth{adapter="slack"} 1`) {
		t.Errorf("/metrics lacks the inbox depth:\n%s", grepLines(string(metrics), "inbox"))
	}
	if !strings.Contains(string(metrics), `careerbot_inbox_oldest_age_seconds{adapter="slack"} 1`) {
		t.Errorf("/metrics lacks an oldest age of over 1000 s:\n%s", grepLines(string(metrics), "inbox"))
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
