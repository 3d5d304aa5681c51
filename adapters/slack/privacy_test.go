package slack

import (
	"github.com/careerbot/careerbot/internal/slackfake"

	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/careerbot/careerbot/bot"
)

// People in the fixtures. Only pseudonyms of them may reach the database.
const (
	userSteve     = "U2147483697" // slash command, buttons, DM; user_name Steve
	userAsker     = "U061F7AUR"   // mentions, App Home, the shortcut's message
	userRecruiter = "U0D15K92L"   // uses the message shortcut
)

// testOperator is a bot.Operator over the harness's store, like serve's:
// it pseudonymises with the adapter's key, and admins are listed as in
// CAREERBOT_ADMINS ("slack:TEAM:USER").
type testOperator struct {
	h      *harness
	admins map[string]bool
}

func (o *testOperator) IsAdmin(platform, user string) bool { return o.admins[platform+":"+user] }

func (o *testOperator) Stats(ctx context.Context, lang bot.Lang) (string, error) {
	s, err := o.h.st.StatsSince(ctx, time.Time{})
	return fmt.Sprintf("**Heute:** %d Fragen, %d Personen", s.Questions, s.Users), err
}

func (o *testOperator) Reload(_ context.Context, lang bot.Lang) (string, error) {
	return lang.Pick("Neu geladen.", "Reloaded."), nil
}

func (o *testOperator) Forget(ctx context.Context, platform, user string, lang bot.Lang) (string, error) {
	n, err := o.h.st.Forget(ctx, o.h.pseud.Pseudonym(platform, user))
	if err != nil {
		return "", err
	}
	return bot.ForgottenText(lang, n.Questions, n.Feedback), nil
}

func (o *testOperator) Privacy(lang bot.Lang, forget string) string {
	return bot.PrivacyText(lang, 90*24*time.Hour, forget)
}

// recordingObserver records what the adapter reports for metrics.
type recordingObserver struct {
	bot.NopObserver
	mu       sync.Mutex
	feedback []string
	errors   []string
}

func (o *recordingObserver) ObserveFeedback(platform string, helpful bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.feedback = append(o.feedback, fmt.Sprint(platform, " ", helpful))
}

func (o *recordingObserver) ObservePlatformError(platform, method, code string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.errors = append(o.errors, platform+" "+method+" "+code)
}

func (o *recordingObserver) recorded() (feedback, errs []string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.feedback), slices.Clone(o.errors)
}

// assertNotStored scans every column of every row of every table in the
// database for the secrets, and returns how many rows it read.
func assertNotStored(t *testing.T, db *sql.DB, secrets ...string) int {
	t.Helper()
	var tables []string
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	if len(tables) == 0 {
		t.Fatal("no tables to scan")
	}
	scanned := 0
	for _, table := range tables {
		rows, err := db.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatalf("scan %s: %v", table, err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatalf("scan %s: %v", table, err)
			}
			scanned++
			for i, v := range vals {
				s := fmt.Sprint(v)
				if b, ok := v.([]byte); ok {
					s = string(b)
				}
				for _, secret := range secrets {
					if strings.Contains(s, secret) {
						t.Errorf("table %s, column %s holds %q: %.200q", table, cols[i], secret, s)
					}
				}
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("scan %s: %v", table, err)
		}
		rows.Close()
	}
	return scanned
}

// countRows counts a user's rows in a table; user is a raw "TEAM:USER".
func (h *harness) countRows(table, user string) int {
	h.t.Helper()
	var n int
	if err := h.st.DB().QueryRow(`SELECT count(*) FROM `+table+` WHERE platform = 'slack' AND user = ?`,
		h.pseud.Pseudonym("slack", user)).Scan(&n); err != nil {
		h.t.Fatal(err)
	}
	return n
}

func (h *harness) questionCount() int {
	h.t.Helper()
	var n int
	if err := h.st.DB().QueryRow(`SELECT count(*) FROM questions`).Scan(&n); err != nil {
		h.t.Fatal(err)
	}
	return n
}

func TestQuestionsAreLoggedUnderAPseudonym(t *testing.T) {
	h := newHarness(t)
	h.start()
	h.event("app_mention.json")
	answer := h.fake.WaitCalls("chat.postMessage", 1)[0]
	h.click(findButton(t, answer, actionFeedbackUp), "C0LAN2Q65", "1700000000.000002", false, &answer)
	h.event("message_im.json")
	h.command("Wie viel verdient ein Backend-Entwickler?")
	h.interact("message_action.json", func(p map[string]any) {
		p["user"].(map[string]any)["name"] = "rita.recruiting"
	})
	h.stop()

	rows, err := h.st.DB().Query(`SELECT platform, user FROM questions`)
	if err != nil {
		t.Fatal(err)
	}
	perUser := map[string]int{}
	hex64 := regexp.MustCompile(`^[0-9a-f]{64}$`)
	for rows.Next() {
		var plat, user string
		if err := rows.Scan(&plat, &user); err != nil {
			t.Fatal(err)
		}
		if plat != "slack" || !hex64.MatchString(user) {
			t.Errorf("question logged as platform %q, user %q; want slack and a 64-hex pseudonym", plat, user)
		}
		perUser[user]++
	}
	rows.Close()
	// The shortcut's question is the asker's, not the recruiter's.
	want := map[string]int{
		h.pseud.Pseudonym("slack", slackfake.Team+":"+userAsker): 2,
		h.pseud.Pseudonym("slack", slackfake.Team+":"+userSteve): 2,
	}
	if fmt.Sprint(perUser) != fmt.Sprint(want) {
		t.Errorf("questions per pseudonym %v, want %v", perUser, want)
	}
	if n := h.countRows("feedback", slackfake.Team+":"+userSteve); n != 1 {
		t.Errorf("%d feedback rows under Steve's pseudonym, want 1", n)
	}
	n := assertNotStored(t, h.st.DB(), userSteve, userAsker, userRecruiter, slackfake.Team, "Steve", "steve", "rita.recruiting")
	if n == 0 {
		t.Fatal("scanned no rows")
	}
}

func TestForgetDeletesThatUserOnly(t *testing.T) {
	h := newHarness(t)
	h.start()
	// Steve asks twice and rates one answer; the asker asks once and
	// rates too. Each step waits for its reply, so all is stored before
	// Steve asks to be forgotten.
	h.command("Kann ich als Quereinsteiger Backend-Entwickler werden?")
	eph := h.fake.WaitCalls("response_url", 1)[0]
	h.click(findButton(t, eph, actionFeedbackUp), "C2147483705", "1548261231.000200", true, nil)
	h.fake.WaitCalls("response_url", 2)
	h.command("Wie viel verdient ein Backend-Entwickler?")
	h.fake.WaitCalls("response_url", 3)
	h.event("app_mention.json")
	answer := h.fake.WaitCalls("chat.postMessage", 1)[0]
	h.clickAs(userAsker, findButton(t, answer, actionFeedbackDown), "C0LAN2Q65", "1700000000.000002", false, &answer)
	h.fake.WaitCalls("response_url", 4)

	h.command("vergessen")
	confirm := h.fake.WaitCalls("response_url", 5)[4]
	h.command("Forget")
	again := h.fake.WaitCalls("response_url", 6)[5]
	h.stop()

	if confirm.Field("response_type") != "ephemeral" || !strings.Contains(confirm.Text(), "Erledigt") ||
		!strings.Contains(confirm.Text(), "(2 Fragen, 1 Bewertungen)") {
		t.Errorf("confirmation (%s) %q, want an ephemeral note of 2 questions and 1 rating deleted",
			confirm.Field("response_type"), confirm.Text())
	}
	if !strings.Contains(again.Text(), "(0 questions, 0 feedback entries)") {
		t.Errorf("second, English request: %q", again.Text())
	}
	steve, asker := slackfake.Team+":"+userSteve, slackfake.Team+":"+userAsker
	if q, f := h.countRows("questions", steve), h.countRows("feedback", steve); q+f != 0 {
		t.Errorf("after vergessen Steve still has %d questions and %d feedback", q, f)
	}
	if q, f := h.countRows("questions", asker), h.countRows("feedback", asker); q != 1 || f != 1 {
		t.Errorf("the other user has %d questions and %d feedback, want 1 and 1", q, f)
	}
	if n := h.questionCount(); n != 1 {
		t.Errorf("%d questions in the log, want 1: the commands are no questions", n)
	}
}

func TestAppHomeDeletesMyData(t *testing.T) {
	h := newHarness(t)
	h.start()
	h.event("app_home_opened.json")
	view := h.fake.WaitCalls("views.publish", 1)[0]
	for _, want := range []string{"*Was ich speichere und warum*", "`/karriere vergessen` oder dem Button unten", "Nach 90 Tagen"} {
		if !strings.Contains(view.Text(), want) {
			t.Errorf("home lacks %q", want)
		}
	}
	del := findButton(t, view, actionForget)
	if del.Text != "Meine Daten löschen" || del.Value != "de" || del.BlockID != blockPrivacy {
		t.Errorf("delete button %+v", del)
	}
	if !strings.Contains(view.Text(), "Das lässt sich nicht rückgängig machen") {
		t.Error("the delete button asks for no confirmation")
	}

	h.eventWith("app_mention.json", func(p map[string]any) { p["event_id"] = "Ev0HOMEQ01" })
	h.fake.WaitCalls("chat.postMessage", 1)
	h.event("message_im.json") // Steve's question stays
	h.fake.WaitCalls("chat.postMessage", 2)
	h.interact("block_actions.json", func(p map[string]any) {
		p["user"] = map[string]any{"id": userAsker, "username": "someone", "team_id": slackfake.Team}
		p["container"] = map[string]any{"type": "view", "view_id": "VPASKP233"}
		delete(p, "channel")
		delete(p, "response_url")
		p["actions"] = []any{map[string]any{"action_id": del.ActionID, "block_id": del.BlockID, "value": del.Value, "type": "button"}}
	})
	again := h.fake.WaitCalls("views.publish", 2)[1]
	h.stop()
	if again.Field("user_id") != userAsker || !strings.Contains(again.Text(), "✅ Erledigt") ||
		!strings.Contains(again.Text(), "(1 Fragen, 0 Bewertungen)") {
		t.Errorf("home after deleting, for %q:\n%s", again.Field("user_id"), again.Text())
	}
	if q := h.countRows("questions", slackfake.Team+":"+userAsker); q != 0 {
		t.Errorf("%d questions of the user left", q)
	}
	if q := h.countRows("questions", slackfake.Team+":"+userSteve); q != 1 {
		t.Errorf("%d questions of another user, want 1", q)
	}
}

func TestPrivacyCommand(t *testing.T) {
	tests := []struct{ text, want, command string }{
		{"datenschutz", "*Was ich speichere und warum*", "`/karriere vergessen`"},
		{"Datenschutz?", "Nach 90 Tagen wird alles gelöscht", "`/karriere vergessen`"},
		{"privacy", "*What I store and why*", "`/karriere forget`"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			h := newHarness(t)
			h.start()
			h.command(tt.text)
			r := h.fake.WaitCalls("response_url", 1)[0]
			h.stop()
			if r.Field("response_type") != "ephemeral" {
				t.Errorf("response_type %q, want ephemeral", r.Field("response_type"))
			}
			for _, want := range []string{tt.want, tt.command, "• "} {
				if !strings.Contains(r.Text(), want) {
					t.Errorf("notice lacks %q:\n%s", want, r.Text())
				}
			}
			if n := h.questionCount(); n != 0 {
				t.Errorf("the command was logged as %d questions", n)
			}
		})
	}
}

func TestAdminCommands(t *testing.T) {
	tests := []struct {
		name, user, text, want string
	}{
		{"stats for an admin", userSteve, "stats", "*Heute:* 1 Fragen, 1 Personen"},
		{"reload for an admin", userSteve, "reload", "Neu geladen."},
		{"stats refused", userAsker, "stats", "Diesen Befehl kann nur das Betriebsteam nutzen."},
		{"reload refused", userAsker, "reload", "Betriebsteam"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.op.admins["slack:"+slackfake.Team+":"+userSteve] = true
			h.start()
			h.command("Wie viel verdient ein Backend-Entwickler?")
			h.fake.WaitCalls("response_url", 1)
			h.commandAs(tt.user, tt.text)
			r := h.fake.WaitCalls("response_url", 2)[1]
			h.stop()
			if r.Field("response_type") != "ephemeral" || !strings.Contains(r.Text(), tt.want) {
				t.Errorf("reply (%s) %q, want %q", r.Field("response_type"), r.Text(), tt.want)
			}
			if n := h.questionCount(); n != 1 {
				t.Errorf("%d questions logged, want 1: %q is no question", n, tt.text)
			}
		})
	}
}

func TestRateLimitOneNoticeThenSilence(t *testing.T) {
	// The engine's clock stands still: every question is in one minute.
	h := newHarnessWithEngine(t, func(c *bot.Config) { c.Now = func() time.Time { return testNow } })
	h.start()
	for i := range 22 {
		h.eventWith("message_im.json", func(p map[string]any) {
			p["event_id"] = fmt.Sprintf("Ev0RATE%03d", i)
			p["event"].(map[string]any)["ts"] = fmt.Sprintf("1355517600.%06d", i)
		})
	}
	// Wait for all 22 events to be handled before the next requests.
	h.fake.WaitCalls("chat.postMessage", 21)
	h.waitInboxEmpty()
	// The same user by slash command: silence. Someone else: an answer.
	h.command("Which programming languages should a backend developer learn?")
	h.eventWith("message_im.json", func(p map[string]any) {
		p["event_id"] = "Ev0RATEOTH"
		p["event"].(map[string]any)["user"] = userAsker
	})
	h.stop()

	posts := h.fake.Calls("chat.postMessage")
	var answers, notices int
	for _, p := range posts {
		switch {
		case strings.Contains(p.Text(), "You're asking a lot of questions at once"):
			notices++
			if len(p.Buttons()) != 0 {
				t.Errorf("the notice has buttons: %+v", p.Buttons())
			}
		case p.HasBlock(blockFeedback):
			answers++
		}
	}
	if answers != 21 || notices != 1 || len(posts) != 22 {
		t.Errorf("%d posts: %d answers, %d notices; want 20 answers and 1 notice for the user, 1 answer for another", len(posts), answers, notices)
	}
	if n := len(h.fake.Calls("response_url")); n != 0 {
		t.Errorf("the slash command over the limit got %d replies, want none", n)
	}
	if n := h.countRows("questions", slackfake.Team+":"+userSteve); n != 20 {
		t.Errorf("%d questions of the user logged, want the 20 answered", n)
	}
}

func TestMetricsAreObserved(t *testing.T) {
	h := newHarness(t)
	h.fake.Script("chat.postMessage", slackfake.Reply{Status: http.StatusTooManyRequests,
		Header: map[string]string{"Retry-After": "1"}, Body: `{"ok":false,"error":"ratelimited"}`})
	h.start()
	h.event("app_mention.json")
	answer := h.fake.WaitCalls("chat.postMessage", 1)[0]
	h.click(findButton(t, answer, actionFeedbackDown), "C0LAN2Q65", "1700000000.000002", false, &answer)
	h.fake.WaitCalls("response_url", 1)

	h.fake.Script("chat.postMessage", slackfake.Reply{Drop: true})
	h.event("message_im.json")
	h.fake.WaitCalls("chat.postMessage (dropped)", 1)
	h.fake.Script("chat.postMessage", slackfake.Reply{Body: `{"ok":false,"error":"not_in_channel"}`})
	h.eventWith("message_im.json", func(p map[string]any) { p["event_id"] = "Ev0IM00002" })
	h.fake.WaitCalls("chat.postMessage (refused)", 2)
	h.stop()

	feedback, errs := h.obs.recorded()
	if fmt.Sprint(feedback) != "[slack false]" {
		t.Errorf("feedback observed %v, want one 👎 from slack", feedback)
	}
	want := []string{"slack chat.postMessage 429", "slack chat.postMessage http", "slack chat.postMessage not_in_channel"}
	if fmt.Sprint(errs) != fmt.Sprint(want) {
		t.Errorf("platform errors observed\n got %v\nwant %v", errs, want)
	}
}

func TestMetricCode(t *testing.T) {
	tests := []struct {
		err  error
		want string // "" for not counted
	}{
		{slack.SlackErrorResponse{Err: "channel_not_found"}, "channel_not_found"},
		{slack.SlackErrorResponse{Err: "ratelimited"}, "429"},
		{&slack.RateLimitedError{RetryAfter: time.Second}, "429"},
		{slack.StatusCodeError{Code: http.StatusTooManyRequests}, "429"},
		{slack.StatusCodeError{Code: http.StatusBadGateway}, "502"},
		{&url.Error{Op: "Post", URL: "https://slack.com/api/chat.postMessage", Err: errors.New("connection reset")}, "http"},
		{fmt.Errorf("chat.postMessage: %w", context.DeadlineExceeded), "http"},
		{fmt.Errorf("chat.postMessage: %w", context.Canceled), ""},
	}
	for _, tt := range tests {
		got, ok := metricCode(tt.err)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("metricCode(%v) = %q %v, want %q", tt.err, got, ok, tt.want)
		}
	}
}
