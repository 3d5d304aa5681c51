package slack

import (
	"time"

	"encoding/json"

	"context"

	"github.com/careerbot/careerbot/delivery"

	"github.com/careerbot/careerbot/internal/slackfake"

	"net/http"
	"strings"
	"testing"
)

func TestURLVerification(t *testing.T) {
	h := newHarness(t)
	w := h.send("/slack/events", "application/json", fixture(t, "url_verification.json"))
	if w.Code != http.StatusOK || w.Body.String() != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Fatalf("got %d %q, want the challenge", w.Code, w.Body)
	}
	if calls := h.fake.Calls(""); len(calls) != 0 {
		t.Fatalf("url_verification called the Web API: %v", h.fake.Methods())
	}
}

func TestMentionIsAnsweredInThread(t *testing.T) {
	h := newHarness(t)
	h.start()
	h.event("app_mention.json")
	post := h.fake.WaitCalls("chat.postMessage", 1)[0]
	if post.Field("channel") != "C0LAN2Q65" || post.Field("thread_ts") != "1515449522.000016" {
		t.Fatalf("answer went to channel %q thread %q, want C0LAN2Q65 thread 1515449522.000016",
			post.Field("channel"), post.Field("thread_ts"))
	}
	up := findButton(t, post, actionFeedbackUp)
	if up.Value != "de:entry-career-changer" {
		t.Errorf("feedback value = %q, want the career-changer entry in German", up.Value)
	}
	if !post.HasBlock(blockQuestion) || !strings.Contains(post.Text(), "Quereinsteiger") {
		t.Errorf("answer lacks the question heading or the answer text:\n%s", post.Text())
	}
	if post.Field("text") == "" {
		t.Error("no plain-text fallback for notifications")
	}

	// A reply in that thread is a follow-up, without a new mention; a
	// top-level message in the channel is not for the bot.
	h.event("message_thread_reply.json")
	h.event("message_channel.json")
	h.stop()
	posts := h.fake.Calls("chat.postMessage")
	if len(posts) != 2 {
		t.Fatalf("got %d posts, want the answer and the follow-up", len(posts))
	}
	if f := posts[1]; f.Field("thread_ts") != "1515449522.000016" || findButton(t, f, actionFeedbackUp).Value != "de:prospects-freelancing" {
		t.Errorf("follow-up: thread %q, buttons %+v", f.Field("thread_ts"), f.Buttons())
	}
}

func TestDirectMessageIsAnsweredInTheDM(t *testing.T) {
	h := newHarness(t)
	h.start()
	h.event("message_im.json")
	h.stop()
	posts := h.fake.Calls("chat.postMessage")
	if len(posts) != 1 {
		t.Fatalf("got %d posts, want 1", len(posts))
	}
	p := posts[0]
	if p.Field("channel") != "D024BE91L" || p.Field("thread_ts") != "" {
		t.Errorf("answer went to %q thread %q, want the DM itself", p.Field("channel"), p.Field("thread_ts"))
	}
	// Two entries answer it: which languages matter, and which to learn.
	if b := findButton(t, p, actionFeedbackUp); b.Value != "en:skills-languages" && b.Value != "en:skills-language-choice" ||
		!strings.Contains(b.Text, "Helpful") {
		t.Errorf("want an English answer on languages, got button %+v", b)
	}
}

func TestMessagesNotForTheBotAreIgnored(t *testing.T) {
	tests := []struct{ name, file string }{
		{"own message with bot_id", "message_bot_self.json"},
		{"own user id without bot_id", "message_self_no_bot_id.json"},
		{"another bot", "message_other_bot.json"},
		{"edit", "message_changed.json"},
		{"deletion", "message_deleted.json"},
		{"channel message outside a bot thread", "message_channel.json"},
		{"thread the bot never answered in", "message_thread_reply.json"},
		{"unknown event type", "reaction_added.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.start()
			h.event(tt.file)
			h.stop()
			if posts := h.fake.Calls("chat.postMessage"); len(posts) != 0 {
				t.Fatalf("answered %s: %d posts", tt.file, len(posts))
			}
		})
	}
}

func TestRetriedEventIsAnsweredOnce(t *testing.T) {
	h := newHarness(t)
	h.start()
	h.event("app_mention.json")
	h.event("app_mention.json", "X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout")
	h.stop()
	if n := len(h.fake.Calls("chat.postMessage")); n != 1 {
		t.Fatalf("after a retry: %d answers, want 1", n)
	}

	// The seen event ids live in the database: a restarted bot does not
	// answer Slack's next retry either.
	h.openStore()
	h.a = h.newAdapter()
	h.start()
	h.event("app_mention.json", "X-Slack-Retry-Num", "2", "X-Slack-Retry-Reason", "http_timeout")
	h.stop()
	if n := len(h.fake.Calls("chat.postMessage")); n != 1 {
		t.Fatalf("after a restart and a retry: %d answers, want 1", n)
	}
	var n int
	if err := h.st.DB().QueryRow(`SELECT count(*) FROM inbox WHERE adapter = 'slack' AND key = 'event:Ev0LAN670R' AND body IS NULL`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("inbox has %d answered rows for the event (err %v), want 1", n, err)
	}
}

func TestBadSignatureIs401AndNothingElse(t *testing.T) {
	body := fixture(t, "app_mention.json")
	stale := "1699999000" // 1000 s before testNow
	tests := []struct {
		name   string
		path   string
		header []string
		body   []byte
	}{
		{"wrong signature", "/slack/events", []string{HeaderSignature, "v0=" + strings.Repeat("ab", 32)}, body},
		{"missing signature", "/slack/events", []string{HeaderSignature, ""}, body},
		{"missing timestamp", "/slack/events", []string{HeaderTimestamp, ""}, body},
		{"stale timestamp", "/slack/events", []string{HeaderTimestamp, stale}, body},
		{"command with wrong signature", "/slack/commands", []string{HeaderSignature, "v0=00"}, []byte("text=hi")},
		{"interaction with wrong signature", "/slack/interactions", []string{HeaderSignature, "v0=00"}, []byte("payload={}")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.start()
			w := h.send(tt.path, "application/json", tt.body, tt.header...)
			h.stop()
			if w.Code != http.StatusUnauthorized {
				t.Fatalf("status %d, want 401", w.Code)
			}
			if m := h.fake.Methods(); len(m) != 1 || m[0] != "auth.test" {
				t.Fatalf("Web API calls after a bad signature: %v", m)
			}
		})
	}
	t.Run("body changed after signing", func(t *testing.T) {
		h := newHarness(t)
		h.start()
		tampered := append([]byte(nil), body...)
		tampered[len(tampered)-3] ^= 1
		w := h.sendSigned("/slack/events", "application/json", body, tampered)
		h.stop()
		if w.Code != http.StatusUnauthorized {
			t.Fatalf("status %d, want 401", w.Code)
		}
		if m := h.fake.Methods(); len(m) != 1 {
			t.Fatalf("Web API calls after a bad signature: %v", m)
		}
	})
}

func TestRateLimitedPostIsRetriedOnce(t *testing.T) {
	h := newHarness(t)
	h.fake.Script("chat.postMessage", slackfake.Reply{Status: http.StatusTooManyRequests,
		Header: map[string]string{"Retry-After": "1"}, Body: `{"ok":false,"error":"ratelimited"}`})
	h.start()
	h.event("app_mention.json")
	h.stop()
	if n := len(h.fake.Calls("chat.postMessage")); n != 1 {
		t.Fatalf("%d posts went through, want exactly 1", n)
	}
	if n := len(h.fake.Calls("chat.postMessage (refused)")); n != 1 {
		t.Fatalf("%d refused posts, want the one 429", n)
	}
	if s := h.slept(); len(s) != 1 || s[0].Seconds() != 1 {
		t.Fatalf("waited %v, want Retry-After's 1s once", s)
	}
}

func TestFailedPostIsNotRepeated(t *testing.T) {
	// A 500 may hide a message Slack did post: repeating it could post
	// twice, so the adapter gives up instead.
	h := newHarness(t)
	h.fake.Script("chat.postMessage", slackfake.Reply{Status: http.StatusInternalServerError, Body: `{"ok":false,"error":"fatal_error"}`})
	h.start()
	h.event("app_mention.json")
	h.stop()
	if n := len(h.fake.Calls("chat.postMessage")) + len(h.fake.Calls("chat.postMessage (refused)")); n != 1 {
		t.Fatalf("%d attempts, want 1", n)
	}
}

func TestSlackAPIErrorIsLoggedAndServerGoesOn(t *testing.T) {
	h := newHarness(t)
	h.fake.Script("chat.postMessage", slackfake.Reply{Body: `{"ok":false,"error":"not_in_channel"}`})
	h.start()
	h.event("app_mention.json")
	h.fake.WaitCalls("chat.postMessage (refused)", 1) // conversations run in parallel
	h.event("message_im.json")
	h.stop()
	if n := len(h.fake.Calls("chat.postMessage")); n != 1 {
		t.Fatalf("%d answers after the failed one, want the DM answered", n)
	}
	found := false
	for _, r := range h.logs.records() {
		if r["method"] == "chat.postMessage" && r["error_code"] == "not_in_channel" {
			found = true
		}
	}
	if !found {
		t.Fatal("no log record with method chat.postMessage and error_code not_in_channel")
	}
}

func TestShutdownFinishesReplyInFlight(t *testing.T) {
	h := newHarness(t)
	release := h.fake.Gate("chat.postMessage")
	defer release()
	h.start()
	h.event("app_mention.json")
	for m := range h.fake.Arrived {
		if m == "chat.postMessage" {
			break // the reply is on the wire
		}
	}
	stopped := make(chan error, 1)
	go func() { stopped <- h.run.wait() }()
	go func() {
		// Slack answers only once Run is shutting down.
		<-h.run.ctx.Done()
		release()
	}()
	if err := <-stopped; err != nil {
		t.Fatalf("Run returned %v", err)
	}
	if n := len(h.fake.Calls("chat.postMessage")); n != 1 {
		t.Fatalf("%d replies completed before Run returned, want 1", n)
	}
}

func TestQuestionTextIsNotLoggedAtInfo(t *testing.T) {
	h := newHarness(t)
	h.start()
	h.event("app_mention.json")
	h.event("message_im.json")
	h.command("Wie viel verdient ein Backend-Entwickler?")
	h.fake.WaitCalls("response_url", 1)
	h.stop()
	for _, r := range h.logs.records() {
		if r["level"] == "DEBUG" {
			continue
		}
		for _, secret := range []string{"Quereinsteiger Backend-Entwickler werden", "programming languages should", "verdient", "U061F7AUR", "U2147483697"} {
			for k, v := range r {
				if s, ok := v.(string); ok && strings.Contains(s, secret) {
					t.Errorf("%s log record has %q in %s: %v", r["level"], secret, k, r)
				}
			}
		}
	}
}

func TestLateAnswerApologises(t *testing.T) {
	h := newHarness(t)
	// A question accepted before an outage: it waited twenty minutes.
	w := work{Kind: workAsk, ID: "Ev0LATE", Place: place{Team: slackfake.Team, Channel: "D024BE91L", User: "U2147483697"},
		Text: "Kann ich als Quereinsteiger Backend-Entwickler werden?"}
	body, _ := json.Marshal(w)
	if _, err := h.st.Inbox().Enqueue(context.Background(), delivery.Message{Adapter: platform, Key: "event:Ev0LATE", Conversation: "c",
		Body: body, Received: testNow.Add(-20 * time.Minute)}, time.Hour); err != nil {
		t.Fatal(err)
	}
	h.start()
	post := h.fake.WaitCalls("chat.postMessage", 1)[0]
	h.stop()
	if !strings.Contains(post.Text(), "Entschuldige die späte Antwort") {
		t.Errorf("late answer without an apology: %s", post.Text())
	}
}
