package telegram

import (
	"github.com/careerbot/careerbot/internal/telegramfake"

	"html"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/careerbot/careerbot/bot"
)

const testChannel = "@careerbot_news"

// askPreview sends "/teilen" from user and returns the preview's Posten and
// Abbrechen callback_data, or "" when no preview came.
func askPreview(t *testing.T, a *Adapter, f *telegramfake.Server, updateID int, user int64, args string) (post, cancel string) {
	t.Helper()
	before := len(f.Sent())
	handle(t, a, fixture(t, "message.json", fields{UpdateID: updateID, UserID: user, Text: "/teilen " + args}))
	sent := f.Sent()
	if len(sent) != before+1 {
		t.Fatalf("/teilen sent %d messages, want 1", len(sent)-before)
	}
	for _, d := range sent[len(sent)-1].Markup(t).CallbackData() {
		switch action(d[0]) {
		case actPost:
			post = d
		case actCancel:
			cancel = d
		}
	}
	return post, cancel
}

func press(t *testing.T, a *Adapter, updateID int, user int64, data string) {
	t.Helper()
	handle(t, a, fixture(t, "callback_query.json", fields{UpdateID: updateID, UserID: user, Data: data, MessageID: 300, ChatID: user, ChatType: "private"}))
}

// channelPosts are the messages sent to the test channel.
func channelPosts(f *telegramfake.Server) []telegramfake.Call {
	var out []telegramfake.Call
	for _, c := range f.Sent() {
		if c.Params.Get("chat_id") == testChannel {
			out = append(out, c)
		}
	}
	return out
}

func lastAck(t *testing.T, f *telegramfake.Server) string {
	t.Helper()
	acks := f.CallsTo("answerCallbackQuery")
	if len(acks) == 0 {
		t.Fatal("no answerCallbackQuery")
	}
	return acks[len(acks)-1].Params.Get("text")
}

func TestAdminPostsAnswerToChannel(t *testing.T) {
	a, f, e := newTestAdapter(t)
	post, _ := askPreview(t, a, f, 1, userAnna, testChannel+" entry-career-changer")
	if post == "" {
		t.Fatal("no Posten button on the preview")
	}
	previewText := f.Sent()[0].Params.Get("text")
	want := openEntry(t, e, "entry-career-changer", bot.German)
	if !strings.Contains(previewText, testChannel) || !strings.Contains(previewText, firstParagraph(want)) {
		t.Errorf("preview %q does not show the post for the channel", previewText)
	}
	if len(channelPosts(f)) != 0 {
		t.Fatal("posted before Posten was pressed")
	}

	press(t, a, 2, userAnna, post)
	posts := channelPosts(f)
	if len(posts) != 1 {
		t.Fatalf("%d channel posts, want 1", len(posts))
	}
	text := posts[0].Params.Get("text")
	if !strings.HasPrefix(text, "<b>"+html.EscapeString(want.Question)+"</b>") || !strings.Contains(text, firstParagraph(want)) {
		t.Errorf("channel post %q is not the answer", text)
	}
	for _, s := range want.Suggestions {
		if !strings.Contains(text, "https://t.me/"+telegramfake.BotName+"?start="+s.EntryID) {
			t.Errorf("channel post lacks the deep link to %s", s.EntryID)
		}
	}
	if got := lastAck(t, f); !strings.Contains(got, testChannel) {
		t.Errorf("acknowledgement %q does not name the channel", got)
	}
	edits := f.CallsTo("editMessageReplyMarkup")
	if len(edits) != 1 || len(edits[0].Markup(t).InlineKeyboard) != 0 {
		t.Errorf("preview buttons not removed: %+v", edits)
	}

	// A second press (double click, stale preview) posts nothing.
	press(t, a, 3, userAnna, post)
	if n := len(channelPosts(f)); n != 1 {
		t.Errorf("%d channel posts after a second press, want 1", n)
	}
	if got := lastAck(t, f); got != txtExpired[0] {
		t.Errorf("second press answered %q, want %q", got, txtExpired[0])
	}
}

func TestAdminPostsByQuestion(t *testing.T) {
	a, f, _ := newTestAdapter(t)
	post, _ := askPreview(t, a, f, 1, userAnna, testChannel+" Kann ich als Quereinsteiger Backend-Entwickler werden?")
	press(t, a, 2, userAnna, post)
	if posts := channelPosts(f); len(posts) != 1 || !strings.Contains(posts[0].Params.Get("text"), "?start=entry-practical-experience") {
		t.Errorf("channel posts %+v, want the career-changer answer", posts)
	}
}

func TestChannelPostIsAdminOnly(t *testing.T) {
	a, f, _ := newTestAdapter(t)
	post, cancel := askPreview(t, a, f, 1, userBen, testChannel+" entry-career-changer")
	if post != "" || cancel != "" {
		t.Fatal("a non-admin got a preview")
	}
	if got := f.Sent()[0].Params.Get("text"); got != html.EscapeString(txtNotAdmin[0]) {
		t.Errorf("refusal %q", got)
	}

	// A non-admin pressing an admin's button cannot post.
	post, _ = askPreview(t, a, f, 2, userAnna, testChannel+" entry-career-changer")
	press(t, a, 3, userBen, post)
	if n := len(channelPosts(f)); n != 0 {
		t.Fatalf("a non-admin's press posted %d messages", n)
	}
	if got := lastAck(t, f); got != txtNotAdmin[0] {
		t.Errorf("non-admin press answered %q", got)
	}
	// The admin's preview is still there.
	press(t, a, 4, userAnna, post)
	if n := len(channelPosts(f)); n != 1 {
		t.Errorf("%d channel posts after the admin's press, want 1", n)
	}
}

func TestChannelPostProblems(t *testing.T) {
	tests := []struct {
		name, args, want string
	}{
		{"no question", testChannel, txtShareUsage[0]},
		{"no channel", "entry-career-changer", txtShareUsage[0]},
		{"not a channel", "kanal entry-career-changer", txtShareUsage[0]},
		{"no answer", testChannel + " Wie wird das Wetter in Hamburg?", txtNoAnswer[0]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, f, _ := newTestAdapter(t)
			if post, _ := askPreview(t, a, f, 1, userAnna, tt.args); post != "" {
				t.Error("got a preview")
			}
			if got := f.Sent()[0].Params.Get("text"); got != html.EscapeString(tt.want) {
				t.Errorf("answered %q, want %q", got, tt.want)
			}
		})
	}
}

func TestChannelPostCancelAndFailure(t *testing.T) {
	a, f, _ := newTestAdapter(t)
	post, cancel := askPreview(t, a, f, 1, userAnna, testChannel+" entry-overview")
	press(t, a, 2, userAnna, cancel)
	press(t, a, 3, userAnna, post)
	if n := len(channelPosts(f)); n != 0 {
		t.Fatalf("posted %d messages after Abbrechen", n)
	}

	// The bot is not admin in the channel: the admin is told, and can
	// press again once that is fixed.
	var failing atomic.Bool
	failing.Store(true)
	f.Hook("sendMessage", func(c telegramfake.Call, n int) (telegramfake.Reply, bool) {
		if c.Params.Get("chat_id") == testChannel && failing.Load() {
			return telegramfake.Error(http.StatusBadRequest, "Bad Request: chat not found", nil), true
		}
		return telegramfake.Reply{}, false
	})
	post, _ = askPreview(t, a, f, 4, userAnna, testChannel+" entry-overview")
	press(t, a, 5, userAnna, post)
	if got := lastAck(t, f); !strings.Contains(got, "Admin") {
		t.Errorf("failed post answered %q", got)
	}
	failing.Store(false)
	press(t, a, 6, userAnna, post)
	if got := lastAck(t, f); !strings.Contains(got, "✅") {
		t.Errorf("retried post answered %q", got)
	}
}
