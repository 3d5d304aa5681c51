package slackdesk

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/handoff"
)

// fakeSlack records Web API calls and answers them as Slack does.
type fakeSlack struct {
	mu    sync.Mutex
	calls []url.Values
}

func (f *fakeSlack) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	form := r.PostForm
	form.Set("method", strings.TrimPrefix(r.URL.Path, "/api/"))
	f.mu.Lock()
	f.calls = append(f.calls, form)
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"ok": true, "channel": form.Get("channel"), "ts": "1700000000.000100"})
}

func TestDesk(t *testing.T) {
	f := &fakeSlack{}
	srv := httptest.NewServer(f)
	defer srv.Close()
	d, err := New(Config{BotToken: "xoxb-test", Channel: "C0DESK0001", APIURL: srv.URL + "/api/"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	card := handoff.Card{ID: 7, Platform: "web", Lang: bot.German, State: bot.HandoffWaiting, Wait: 10 * time.Minute,
		Opened:    time.Date(2026, 11, 30, 10, 2, 0, 0, time.UTC),
		Questions: []bot.Question{{Text: "Brauche ich <!channel> ein Studium?", Answered: true, EntryID: "entry-degree"}}}
	thread, err := d.Open(ctx, card)
	if err != nil || thread != "1700000000.000100" {
		t.Fatalf("Open = %q, %v", thread, err)
	}
	card.State, card.Recruiter = bot.HandoffTaken, "<@U1>"
	if err := d.Update(ctx, thread, card); err != nil {
		t.Fatal(err)
	}
	if err := d.Post(ctx, thread, "Hallo <!here> & tschüss"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		call      int
		field     string
		want      []string
		notWanted []string
	}{
		{"card", 0, "blocks", []string{"Hand-off #7", "Web-Chat", "Wartet", "handoff_take", "handoff_close", "entry-degree", "\\u0026lt;!channel\\u0026gt;"}, []string{"<!channel>"}},
		{"taken", 1, "blocks", []string{"Übernommen", "handoff_close"}, []string{"handoff_take"}},
		{"thread post", 2, "text", []string{"Hallo &lt;!here&gt; &amp; tschüss"}, []string{"<!here>"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := f.calls[tc.call].Get(tc.field)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("%s lacks %q: %s", tc.field, w, got)
				}
			}
			for _, w := range tc.notWanted {
				if strings.Contains(got, w) {
					t.Errorf("%s has %q: %s", tc.field, w, got)
				}
			}
		})
	}
	if f.calls[1].Get("ts") != thread || f.calls[2].Get("thread_ts") != thread {
		t.Errorf("update ts %q, post thread_ts %q; want the card's", f.calls[1].Get("ts"), f.calls[2].Get("thread_ts"))
	}
}

// TestDeskRetriesRateLimit checks that a 429 is waited out and repeated,
// as the adapters do.
func TestDeskRetriesRateLimit(t *testing.T) {
	var mu sync.Mutex
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		n := calls
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if n == 1 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			json.NewEncoder(w).Encode(map[string]any{"ok": false, "error": "ratelimited"})
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"ok": true, "channel": "C0DESK0001", "ts": "1700000000.000200"})
	}))
	defer srv.Close()
	d, err := New(Config{BotToken: "xoxb-test", Channel: "C0DESK0001", APIURL: srv.URL + "/api/"})
	if err != nil {
		t.Fatal(err)
	}
	d.retry.Sleep = func(context.Context, time.Duration) error { return nil }
	thread, err := d.Open(context.Background(), handoff.Card{ID: 1, State: bot.HandoffWaiting})
	if err != nil || thread != "1700000000.000200" || calls != 2 {
		t.Errorf("Open after a 429 = %q, %v after %d calls; want the card on the second call", thread, err, calls)
	}
}
