package telegram

import (
	"github.com/careerbot/careerbot/internal/telegramfake"

	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

const testSecret = "s3cr3t-Token_123"

// webhookServer runs an adapter in webhook mode behind an HTTP server with
// its routes, and waits until it takes updates.
func webhookServer(t *testing.T) (*Adapter, *telegramfake.Server, engine, *httptest.Server, *running) {
	t.Helper()
	a, f, e := newTestAdapter(t, func(c *Config) {
		c.WebhookURL = "https://bot.example.com" + WebhookPath
		c.WebhookSecret = testSecret
	})
	mux := http.NewServeMux()
	a.Routes(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	r := start(a)
	t.Cleanup(func() { r.cancel() })
	f.WaitFor(t, "the webhook to be registered", func() bool { return len(f.CallsTo("setWebhook")) > 0 })
	return a, f, e, srv, r
}

func post(t *testing.T, srv *httptest.Server, secret *string, body []byte) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL+WebhookPath, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != nil {
		req.Header.Set(secretHeader, *secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func ptr(s string) *string { return &s }

func TestWebhookRegistersWithSecret(t *testing.T) {
	_, f, _, _, _ := webhookServer(t)
	calls := f.CallsTo("setWebhook")
	if len(calls) != 1 {
		t.Fatalf("%d setWebhook calls, want 1", len(calls))
	}
	p := calls[0].Params
	if p.Get("url") != "https://bot.example.com/telegram/webhook" || p.Get("secret_token") != testSecret {
		t.Errorf("setWebhook %v, want the URL and secret_token", p)
	}
	var allowed []string
	if err := json.Unmarshal([]byte(p.Get("allowed_updates")), &allowed); err != nil || len(allowed) != 3 {
		t.Errorf("allowed_updates %q", p.Get("allowed_updates"))
	}
	if n := len(f.CallsTo("getUpdates")); n != 0 {
		t.Errorf("%d getUpdates calls in webhook mode", n)
	}
}

func TestWebhookRefusesWrongSecret(t *testing.T) {
	_, f, e, srv, _ := webhookServer(t)
	update := fixture(t, "message.json", fields{UpdateID: 900, Text: careerQuestion})
	tests := []struct {
		name   string
		secret *string
		want   int
	}{
		{"missing", nil, http.StatusUnauthorized},
		{"wrong", ptr("guess"), http.StatusForbidden},
		{"empty", ptr(""), http.StatusForbidden},
		{"prefix", ptr(testSecret[:5]), http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := post(t, srv, tt.secret, update); got != tt.want {
				t.Errorf("status %d, want %d", got, tt.want)
			}
		})
	}
	// Nothing happened: no message, and the update id was not even
	// recorded, so the real delivery is still answered.
	var seen int
	e.store.DB().QueryRow("SELECT count(*) FROM seen_events").Scan(&seen)
	if n := len(f.Sent()); n != 0 || seen != 0 {
		t.Fatalf("refused requests sent %d messages and recorded %d updates", n, seen)
	}
	if got := post(t, srv, ptr(testSecret), update); got != http.StatusOK {
		t.Fatalf("right secret: status %d", got)
	}
	f.WaitFor(t, "the answer", func() bool { return len(f.Sent()) == 1 })
}

func TestWebhookAnswersEachUpdateOnce(t *testing.T) {
	_, f, e, srv, r := webhookServer(t)
	first := fixture(t, "message.json", fields{UpdateID: 901, Text: careerQuestion})
	for range 3 { // Telegram redelivers when it missed our 200
		if got := post(t, srv, ptr(testSecret), first); got != http.StatusOK {
			t.Fatalf("status %d", got)
		}
	}
	if got := post(t, srv, ptr(testSecret), fixture(t, "message.json", fields{UpdateID: 902, Text: "Hallo"})); got != http.StatusOK {
		t.Fatalf("status %d", got)
	}
	// One chat is handled in order, so the second answer comes last.
	f.WaitFor(t, "both answers", func() bool { return len(f.Sent()) == 2 })
	if err := r.stop(t); err != nil {
		t.Fatal(err)
	}
	if n := len(f.Sent()); n != 2 {
		t.Errorf("sent %d messages, want 2", n)
	}
	var seen int
	e.store.DB().QueryRow("SELECT count(*) FROM inbox WHERE adapter = 'telegram' AND body IS NULL").Scan(&seen)
	if seen != 2 {
		t.Errorf("%d update ids recorded as answered, want 2", seen)
	}
	// Stopped, the server still up: an update goes to the inbox and is
	// answered after the next start.
	if got := post(t, srv, ptr(testSecret), fixture(t, "message.json", fields{UpdateID: 903, Text: "Hallo"})); got != http.StatusOK {
		t.Errorf("after stop: status %d, want 200", got)
	}
	// A broken database: no 200, so Telegram delivers it again.
	e.store.Close()
	if got := post(t, srv, ptr(testSecret), fixture(t, "message.json", fields{UpdateID: 904, Text: "Hallo"})); got < 500 {
		t.Errorf("with a broken inbox: status %d, want a 5xx", got)
	}
}

func TestWebhookRequestShapes(t *testing.T) {
	_, f, _, srv, _ := webhookServer(t)
	if got := post(t, srv, ptr(testSecret), []byte(`{"update_id": `)); got != http.StatusBadRequest {
		t.Errorf("broken JSON: status %d, want 400", got)
	}
	resp, err := http.Get(srv.URL + WebhookPath)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET: status %d, want 405", resp.StatusCode)
	}
	if n := len(f.Sent()); n != 0 {
		t.Errorf("sent %d messages", n)
	}
}

func TestPollingModeMountsNoWebhook(t *testing.T) {
	a, _, _ := newTestAdapter(t)
	mux := http.NewServeMux()
	a.Routes(mux)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequestWithContext(context.Background(), http.MethodPost, WebhookPath, nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("POST %s in polling mode: status %d, want 404", WebhookPath, rec.Code)
	}
}
