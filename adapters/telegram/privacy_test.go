package telegram

import (
	"github.com/careerbot/careerbot/internal/telegramfake"

	"context"
	"fmt"
	"html"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
)

var testPseudonyms = bot.NewPseudonymizer([]byte("test-secret-0123456789"))

func TestQuestionsAreLoggedUnderAPseudonym(t *testing.T) {
	a, _, e := newTestAdapter(t)
	handle(t, a, fixture(t, "message.json", fields{UpdateID: 1, Text: careerQuestion}))
	handle(t, a, fixture(t, "message.json", fields{UpdateID: 2, ChatID: groupChat, ChatType: "supergroup", UserID: userBen, Text: "/frage " + careerQuestion}))
	rows, err := e.store.DB().Query("SELECT platform, user, entry_id FROM questions ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var p, u, entry string
		rows.Scan(&p, &u, &entry)
		got = append(got, p+" "+u+" "+entry)
	}
	want := []string{
		"telegram " + testPseudonyms.Pseudonym("telegram", fmt.Sprint(userAnna)) + " entry-career-changer",
		"telegram " + testPseudonyms.Pseudonym("telegram", fmt.Sprint(userBen)) + " entry-career-changer",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("question log\n got %v\nwant %v", got, want)
	}
	assertNoRawIDs(t, e, fmt.Sprint(userAnna), fmt.Sprint(userBen), fmt.Sprint(int64(groupChat)), "Testusername", "Test Firstname")
}

func TestRateLimitedUserGetsOneNoticeThenSilence(t *testing.T) {
	e := newEngineWith(t, t.TempDir(), bot.Config{RateLimit: 2, RateWindow: time.Hour})
	a, f, _ := newTestAdapterWith(t, e)
	for i := 1; i <= 4; i++ {
		handle(t, a, fixture(t, "message.json", fields{UpdateID: i, Text: careerQuestion}))
	}
	sent := f.Sent()
	if len(sent) != 3 {
		t.Fatalf("sent %d messages, want 2 answers and 1 notice", len(sent))
	}
	if notice := sent[2].Params.Get("text"); strings.Contains(notice, "Quereinsteiger*in") || notice == "" {
		t.Errorf("third reply %q is no rate-limit notice", notice)
	}
	// Someone else is not affected.
	handle(t, a, fixture(t, "message.json", fields{UpdateID: 5, UserID: userBen, Text: careerQuestion}))
	if n := len(f.Sent()); n != 4 {
		t.Errorf("another user: %d messages in all, want 4", n)
	}
}

// newTestOperator is a bot.Operator over the test store, like serve's;
// admins are the operators' raw Telegram ids.
func newTestOperator(e engine, admins ...string) bot.Operator {
	op := &storeOperator{e: e, admins: map[string]bool{}}
	for _, id := range admins {
		op.admins["telegram:"+id] = true
	}
	return op
}

type storeOperator struct {
	e      engine
	admins map[string]bool
}

func (o *storeOperator) IsAdmin(platform, user string) bool { return o.admins[platform+":"+user] }

func (o *storeOperator) Stats(context.Context, bot.Lang) (string, error) {
	return "**Heute:** 2 Fragen", nil
}

func (o *storeOperator) Reload(context.Context, bot.Lang) (string, error) {
	return "Neu geladen.", nil
}

func (o *storeOperator) Forget(ctx context.Context, platform, user string, lang bot.Lang) (string, error) {
	n, err := o.e.store.Forget(ctx, testPseudonyms.Pseudonym(platform, user))
	if err != nil {
		return "", err
	}
	return bot.ForgottenText(lang, n.Questions, n.Feedback), nil
}

func (o *storeOperator) Privacy(lang bot.Lang, forget string) string {
	return bot.PrivacyText(lang, 90*24*time.Hour, forget)
}

func TestPrivacyAndForget(t *testing.T) {
	e := newEngine(t, t.TempDir())
	a, f, _ := newTestAdapterWith(t, e, func(c *Config) { c.Operator = newTestOperator(e) })
	for i, user := range []int64{userAnna, userAnna, userBen} {
		handle(t, a, fixture(t, "message.json", fields{UpdateID: i + 1, UserID: user, Text: careerQuestion}))
	}
	handle(t, a, fixture(t, "callback_query.json", fields{UpdateID: 4, UserID: userAnna, Data: encodeCallback(actHelpful, bot.German, "entry-career-changer"), MessageID: 7, ChatID: userAnna, ChatType: "private"}))
	handle(t, a, fixture(t, "message.json", fields{UpdateID: 5, Text: "/sprache en"}))
	f.Reset()

	handle(t, a, fixture(t, "message.json", fields{UpdateID: 6, Text: "/datenschutz"}))
	if got := f.Sent()[0].Params.Get("text"); !strings.Contains(got, "/forget") || !strings.Contains(got, "<b>") {
		t.Errorf("privacy notice %q does not name the delete command (in the chosen language) or lost its markup", got)
	}

	handle(t, a, fixture(t, "message.json", fields{UpdateID: 7, Text: "/vergessen"}))
	if got := f.Sent()[1].Params.Get("text"); !strings.Contains(got, "(2 questions, 1 feedback entries)") {
		t.Errorf("confirmation %q, want 2 questions and 1 feedback deleted, in the chosen language", got)
	}
	count := func(table string, user int64) int {
		var n int
		e.store.DB().QueryRow("SELECT count(*) FROM "+table+" WHERE user = ?", testPseudonyms.Pseudonym("telegram", fmt.Sprint(user))).Scan(&n)
		return n
	}
	if count("questions", userAnna)+count("feedback", userAnna) != 0 || count("questions", userBen) != 1 {
		t.Errorf("after /vergessen: Anna %d questions, %d feedback; Ben %d questions",
			count("questions", userAnna), count("feedback", userAnna), count("questions", userBen))
	}
	if a.langs.get(userAnna) != "" {
		t.Error("the chat's language choice survived /vergessen")
	}
}

func TestAdminCommands(t *testing.T) {
	tests := []struct {
		name, text string
		user       int64
		chatType   string
		want       string // "" for no reply
	}{
		{"stats for an operator", "/stats", userBen, "private", "<b>Heute:</b> 2 Fragen"},
		{"reload for an operator", "/reload", userBen, "private", "Neu geladen."},
		{"stats refused", "/stats", userAnna, "private", html.EscapeString(txtNotOperator[0])},
		{"not in groups", "/stats@" + telegramfake.BotName, userBen, "supergroup", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEngine(t, t.TempDir())
			// Ben is an operator (CAREERBOT_ADMINS), Anna only posts to
			// channels (TELEGRAM_ADMINS).
			a, f, _ := newTestAdapterWith(t, e, func(c *Config) { c.Operator = newTestOperator(e, fmt.Sprint(userBen)) })
			chat := int64(0)
			if tt.chatType != "private" {
				chat = groupChat
			}
			handle(t, a, fixture(t, "message.json", fields{UpdateID: 1, UserID: tt.user, ChatID: chat, ChatType: tt.chatType, Text: tt.text}))
			sent := f.Sent()
			if tt.want == "" {
				if len(sent) != 0 {
					t.Errorf("replied %q", sent[0].Params.Get("text"))
				}
				return
			}
			if len(sent) != 1 || sent[0].Params.Get("text") != tt.want {
				t.Errorf("replies %v, want %q", sent, tt.want)
			}
		})
	}
}

// countingObserver records what the adapter reports for metrics.
type countingObserver struct {
	bot.NopObserver
	mu       sync.Mutex
	feedback []bool
	errors   []string
}

func (o *countingObserver) ObserveFeedback(platform string, helpful bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.feedback = append(o.feedback, helpful)
}

func (o *countingObserver) ObservePlatformError(platform, method, code string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.errors = append(o.errors, platform+" "+method+" "+code)
}

func TestMetricsAreObserved(t *testing.T) {
	obs := &countingObserver{}
	a, f, _ := newTestAdapter(t, func(c *Config) { c.Observer = obs })
	f.Hook("sendMessage", func(c telegramfake.Call, n int) (telegramfake.Reply, bool) {
		switch n {
		case 1:
			return telegramfake.Error(http.StatusTooManyRequests, "Too Many Requests: retry after 1", map[string]any{"retry_after": 1}), true
		case 2:
			return telegramfake.Error(http.StatusForbidden, "Forbidden: bot was blocked by the user", nil), true
		}
		return telegramfake.Reply{}, false
	})
	handle(t, a, fixture(t, "message.json", fields{UpdateID: 1, Text: careerQuestion}))
	handle(t, a, fixture(t, "callback_query.json", fields{UpdateID: 2, Data: encodeCallback(actUnhelped, bot.German, "entry-career-changer"), MessageID: 7, ChatID: userAnna, ChatType: "private"}))
	if want := "[telegram sendMessage 429 telegram sendMessage 403]"; fmt.Sprint(obs.errors) != want {
		t.Errorf("platform errors %v, want %s", obs.errors, want)
	}
	if fmt.Sprint(obs.feedback) != "[false]" {
		t.Errorf("feedback %v, want one 👎", obs.feedback)
	}
}
