package slack

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/careerbot/careerbot/internal/slackfake"
)

func TestSlashCommandEphemeralThenShare(t *testing.T) {
	h := newHarness(t)
	h.start()
	w := h.command("Kann ich als Quereinsteiger Backend-Entwickler werden?")
	if w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Fatalf("command: %d %q, want an empty 200", w.Code, w.Body)
	}
	eph := h.fake.WaitCalls("response_url", 1)[0]
	if eph.Field("response_type") != "ephemeral" {
		t.Fatalf("answer response_type %q, want ephemeral", eph.Field("response_type"))
	}
	if n := len(h.fake.Calls("chat.postMessage")); n != 0 {
		t.Fatalf("the private answer was posted publicly (%d posts)", n)
	}
	share := findButton(t, eph, actionShare)
	if share.Text != "Im Channel teilen" || share.Value != "de:entry-career-changer" {
		t.Fatalf("share button %+v", share)
	}

	h.click(share, "C2147483705", "1548261231.000200", true, nil)
	post := h.fake.WaitCalls("chat.postMessage", 1)[0]
	h.stop()
	if post.Field("channel") != "C2147483705" || post.Field("thread_ts") != "" {
		t.Errorf("shared into %q thread %q, want the command's channel", post.Field("channel"), post.Field("thread_ts"))
	}
	if !strings.Contains(post.Text(), "<@U2147483697> hat diese Antwort geteilt") {
		t.Errorf("no attribution in the shared post:\n%s", post.Text())
	}
	if !strings.Contains(post.Text(), "Quereinsteiger") || post.HasBlock(blockFeedback) || post.HasBlock(blockShare) {
		t.Errorf("shared post should carry the answer without share or feedback buttons: %+v", post.Buttons())
	}
	calls := h.fake.Calls("response_url")
	if len(calls) != 2 || calls[1].Field("delete_original") != "true" {
		t.Errorf("the ephemeral answer should be removed after sharing; response_url calls: %d", len(calls))
	}
}

func TestShareWhereTheBotIsNoMember(t *testing.T) {
	h := newHarness(t)
	h.fake.Script("chat.postMessage", slackfake.Reply{Body: `{"ok":false,"error":"not_in_channel"}`})
	h.start()
	h.click(slackfake.Button{ActionID: actionShare, Value: "de:entry-career-changer", BlockID: blockShare}, "C2147483705", "1548261231.000200", true, nil)
	h.stop()
	calls := h.fake.Calls("response_url")
	if len(calls) != 1 || !strings.Contains(calls[0].Text(), "/invite @careerbot") {
		t.Fatalf("the user should learn to invite the bot; got %d responses", len(calls))
	}
}

func TestSlashCommandMenu(t *testing.T) {
	tests := []struct {
		text, locale, want string
	}{
		{"", "de-DE", "Themen"},
		{"", "en-US", "topics"},
		{"hilfe", "en-US", "Themen"},
		{"help", "de-DE", "topics"},
	}
	for _, tt := range tests {
		t.Run(tt.text+"/"+tt.locale, func(t *testing.T) {
			h := newHarness(t)
			h.fake.Locale = tt.locale
			h.start()
			h.command(tt.text)
			r := h.fake.WaitCalls("response_url", 1)[0]
			h.stop()
			if !strings.Contains(r.Text(), tt.want) {
				t.Errorf("menu text lacks %q:\n%s", tt.want, r.Text())
			}
			if n := len(r.Buttons()); n < 4 {
				t.Errorf("menu has %d topic buttons", n)
			}
		})
	}
}

func TestFollowUpButtonAnswersInTheSamePlace(t *testing.T) {
	h := newHarness(t)
	h.start()
	h.event("app_mention.json")
	answer := h.fake.WaitCalls("chat.postMessage", 1)[0]
	next := findButton(t, answer, actionOpenPrefix)
	h.click(next, "C0LAN2Q65", "1700000000.000002", false, &answer)
	h.stop()
	posts := h.fake.Calls("chat.postMessage")
	if len(posts) != 2 {
		t.Fatalf("%d posts, want the answer and the follow-up", len(posts))
	}
	f := posts[1]
	_, entry, _ := decodeRef(next.Value)
	if f.Field("channel") != "C0LAN2Q65" || f.Field("thread_ts") == "" {
		t.Errorf("follow-up went to %q thread %q, want a thread in C0LAN2Q65", f.Field("channel"), f.Field("thread_ts"))
	}
	if got := findButton(t, f, actionFeedbackUp).Value; got != "de:"+entry {
		t.Errorf("follow-up answers %q, want %q", got, entry)
	}
}

func TestUntrustedButtonValues(t *testing.T) {
	tests := []struct{ name, value, want string }{
		{"deleted entry", "de:no-such-entry", "gibt es leider nicht mehr"},
		{"deleted entry, English", "en:no-such-entry", "no longer exists"},
		{"garbage", "'; DROP TABLE entries; --", "gibt es leider nicht mehr"},
		{"unknown language", "fr:entry-career-changer", "gibt es leider nicht mehr"},
		{"empty", "", "gibt es leider nicht mehr"},
		{"huge", strings.Repeat("x", 1900), "gibt es leider nicht mehr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.start()
			h.click(slackfake.Button{ActionID: actionOpenPrefix + "0", Value: tt.value}, "D024BE91L", "1700000000.000001", false, nil)
			h.stop()
			posts := h.fake.Calls("chat.postMessage")
			if len(posts) != 1 || !strings.Contains(posts[0].Text(), tt.want) {
				t.Fatalf("want one friendly reply containing %q, got %d posts", tt.want, len(posts))
			}
		})
	}
}

func TestFeedbackIsStoredAndAcknowledged(t *testing.T) {
	for _, ephemeral := range []bool{false, true} {
		name := map[bool]string{false: "thread answer", true: "ephemeral answer"}[ephemeral]
		t.Run(name, func(t *testing.T) {
			h := newHarness(t)
			h.start()
			var msg *slackfake.Call
			var channel string
			if ephemeral {
				h.command("Kann ich als Quereinsteiger Backend-Entwickler werden?")
				c := h.fake.WaitCalls("response_url", 1)[0]
				msg, channel = &c, "C2147483705"
			} else {
				h.event("app_mention.json")
				c := h.fake.WaitCalls("chat.postMessage", 1)[0]
				msg, channel = &c, "C0LAN2Q65"
			}
			down := findButton(t, *msg, actionFeedbackDown)
			if ephemeral {
				h.click(down, channel, "1548261231.000200", true, nil) // Slack sends no message for ephemerals
			} else {
				h.click(down, channel, "1700000000.000002", false, msg)
			}
			h.stop()

			var entry, lang, plat, user string
			var helpful bool
			err := h.st.DB().QueryRow(`SELECT entry_id, lang, helpful, platform, user FROM feedback`).Scan(&entry, &lang, &helpful, &plat, &user)
			if err != nil {
				t.Fatal(err)
			}
			if entry != "entry-career-changer" || lang != "de" || helpful || plat != "slack" {
				t.Errorf("stored %s %s helpful=%v %s", entry, lang, helpful, plat)
			}
			if user != h.pseud.Pseudonym("slack", "T061EG9R6:U2147483697") {
				t.Errorf("stored user %q is not the pseudonym", user)
			}
			ack := h.fake.Calls("response_url")
			last := ack[len(ack)-1]
			if last.Field("replace_original") != "true" || !strings.Contains(last.Text(), "Danke für dein Feedback") {
				t.Fatalf("feedback not acknowledged in place: replace_original=%q", last.Field("replace_original"))
			}
			for _, b := range last.Buttons() {
				if strings.HasPrefix(b.ActionID, "careerbot.feedback") {
					t.Errorf("feedback buttons still there after the vote")
				}
			}
			if !strings.Contains(last.Text(), "Quereinsteiger") {
				t.Errorf("the answer itself vanished from the message")
			}
			assertNoRawIDs(t, h)
		})
	}
}

// assertNoRawIDs checks that no Slack id or user name made it into any
// table.
func assertNoRawIDs(t *testing.T, h *harness) {
	t.Helper()
	assertNotStored(t, h.st.DB(), userSteve, userAsker, slackfake.Team, "Steve", "steve")
}

func TestMessageShortcutAnswersInThread(t *testing.T) {
	h := newHarness(t)
	h.start()
	h.interact("message_action.json", nil)
	post := h.fake.WaitCalls("chat.postMessage", 1)[0]

	// Without a real answer only the recruiter sees the reply.
	h.interact("message_action.json", func(p map[string]any) {
		p["message"].(map[string]any)["text"] = "asdfgh qwertz"
	})
	h.fake.WaitCalls("response_url", 1)
	h.stop()
	if post.Field("channel") != "C0LAN2Q65" || post.Field("thread_ts") != "1516229207.000133" {
		t.Errorf("shortcut answer went to %q thread %q", post.Field("channel"), post.Field("thread_ts"))
	}
	if !strings.Contains(post.Text(), "<@U0D15K92L> hat diese Antwort geteilt") || !post.HasBlock(blockFeedback) {
		t.Errorf("shortcut answer lacks attribution or feedback:\n%s", post.Text())
	}
	if n := len(h.fake.Calls("chat.postMessage")); n != 1 {
		t.Errorf("%d public posts, want only the real answer", n)
	}
	if r := h.fake.Calls("response_url")[0]; r.Field("response_type") != "ephemeral" {
		t.Errorf("non-answer response_type %q, want ephemeral", r.Field("response_type"))
	}
}

func TestAppHomeIsPublished(t *testing.T) {
	h := newHarness(t)
	h.start()
	h.event("app_home_opened.json")
	h.stop()
	views := h.fake.Calls("views.publish")
	if len(views) != 1 {
		t.Fatalf("%d views published", len(views))
	}
	v := views[0]
	if v.Field("user_id") != "U061F7AUR" {
		t.Errorf("published for %q", v.Field("user_id"))
	}
	text := v.Text()
	for _, want := range []string{"/karriere", "Themen", "Backend-Entwickler"} {
		if !strings.Contains(text, want) {
			t.Errorf("home lacks %q", want)
		}
	}
	if n := len(v.Buttons()); n < 4 {
		t.Errorf("home has %d topic buttons", n)
	}

	// A topic button in the home tab answers in the bot's DM.
	h2 := newHarness(t)
	h2.start()
	h2.interact("block_actions.json", func(p map[string]any) {
		p["container"] = map[string]any{"type": "view", "view_id": "VPASKP233"}
		delete(p, "channel")
		delete(p, "response_url")
		p["actions"] = []any{map[string]any{"action_id": "careerbot.open.0", "block_id": "careerbot.topics.0",
			"value": v.Buttons()[0].Value, "type": "button"}}
	})
	h2.stop()
	if posts := h2.fake.Calls("chat.postMessage"); len(posts) != 1 || posts[0].Field("channel") != "U2147483697" {
		t.Fatalf("home button: %d posts, want one to the user's DM", len(posts))
	}
}

func TestLocaleBreaksTiesForShortMessages(t *testing.T) {
	tests := []struct{ locale, want string }{
		{"en-US", "en:skills-languages"},
		{"de-DE", "de:skills-languages"},
	}
	for _, tt := range tests {
		t.Run(tt.locale, func(t *testing.T) {
			h := newHarness(t)
			h.fake.Locale = tt.locale
			h.start()
			h.command("Python")
			h.command("Java")
			calls := h.fake.WaitCalls("response_url", 2)
			h.stop()
			if got := findButton(t, calls[0], actionFeedbackUp).Value; got != tt.want {
				t.Errorf("answer %q, want %q", got, tt.want)
			}
			if n := len(h.fake.Calls("users.info")); n != 1 {
				t.Errorf("users.info called %d times, want 1 (cached)", n)
			}
		})
	}
	t.Run("clear questions need no lookup", func(t *testing.T) {
		h := newHarness(t)
		h.start()
		h.event("message_im.json")
		h.stop()
		if n := len(h.fake.Calls("users.info")); n != 0 {
			t.Errorf("users.info called %d times for a clearly English question", n)
		}
	})
}

// A follow-up button belongs to the DM's conversation: "more" typed after
// it goes on from the entry the button opened.
func TestMoreAfterAButtonGoesOnFromTheClickedEntry(t *testing.T) {
	h := newHarness(t)
	h.start()
	h.event("message_im.json")
	answer := h.fake.WaitCalls("chat.postMessage", 1)[0]
	next := findButton(t, answer, actionOpenPrefix)
	h.click(next, "D024BE91L", "1355517524.000001", false, &answer)
	opened := h.fake.WaitCalls("chat.postMessage", 2)[1]
	h.eventWith("message_im.json", func(p map[string]any) {
		p["event_id"] = "Ev0IM00002"
		ev := p["event"].(map[string]any)
		ev["text"], ev["ts"] = "more", "1355517530.000001"
	})
	more := h.fake.WaitCalls("chat.postMessage", 3)[2]
	h.stop()
	var offered []string
	for _, b := range opened.Buttons() {
		if _, id, err := decodeRef(b.Value); err == nil && strings.HasPrefix(b.ActionID, actionOpenPrefix) {
			offered = append(offered, "en:"+id)
		}
	}
	got := findButton(t, more, actionFeedbackUp).Value
	if !slices.Contains(offered, got) {
		t.Errorf("'more' after the button answered %q, want an entry the clicked one leads to: %v", got, offered)
	}
}
