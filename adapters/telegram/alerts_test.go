package telegram

import (
	"context"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/internal/enginetest"
	"github.com/careerbot/careerbot/internal/telegramfake"
	"github.com/careerbot/careerbot/jobs"
	"github.com/careerbot/careerbot/knowledge"
)

// posting is a current posting in one city, for job alert tests.
func posting(id, title, city string) jobs.Posting {
	return jobs.Posting{
		ID: id, Title: title, Description: title + " in einem kleinen Team.", Employer: "Beispiel GmbH",
		DatePosted: time.Now().AddDate(0, 0, -1), URL: "https://jobs.example.com/" + id,
		Locations: []jobs.Location{{City: city, Country: "DE"}}, EmploymentTypes: []string{"FULL_TIME"},
	}
}

func TestJobAlerts(t *testing.T) {
	ctx := context.Background()
	e := newEngine(t, t.TempDir())
	if _, err := e.store.ImportPostings(ctx, []jobs.Posting{posting("OLD-1", "Java Developer", "Hamburg")}, knowledge.JobImportOptions{}); err != nil {
		t.Fatal(err)
	}
	board, err := knowledge.NewJobBoard(ctx, e.store)
	if err != nil {
		t.Fatal(err)
	}
	a, f, _ := newTestAdapterWith(t, e, func(c *Config) { c.JobAlerts = board })
	update := 100
	send := func(text string, user int64) telegramfake.Call {
		t.Helper()
		update++
		f.Reset()
		handle(t, a, fixture(t, "message.json", fields{UpdateID: update, UserID: user, Text: text}))
		sent := f.Sent()
		if len(sent) != 1 {
			t.Fatalf("%q: %d messages sent, want 1", text, len(sent))
		}
		return sent[0]
	}
	// flush queues the due notifications and delivers them as the
	// runtime's workers would.
	flush := func() []telegramfake.Call {
		t.Helper()
		f.Reset()
		if err := a.queueAlerts(ctx); err != nil {
			t.Fatal(err)
		}
		in := e.store.Inbox()
		ms, err := in.Claim(ctx, platform, 100, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			a.rt.Process(ctx, m)
			if err := in.Done(ctx, m.ID); err != nil {
				t.Fatal(err)
			}
		}
		return f.Sent()
	}
	importPostings := func(ps ...jobs.Posting) {
		t.Helper()
		if _, err := e.store.ImportPostings(ctx, ps, knowledge.JobImportOptions{}); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("unknown filters", func(t *testing.T) {
		if got := send("/abo bitte schnell", userAnna).Params.Get("text"); got != txtAlertFilters.in("de") {
			t.Errorf("reply %q", got)
		}
	})
	t.Run("subscribe", func(t *testing.T) {
		got := send("/abo hamburg java", userAnna).Params.Get("text")
		if !strings.Contains(got, "Hamburg") || !strings.Contains(got, "Java") || !strings.HasPrefix(got, "🔔") {
			t.Errorf("reply %q", got)
		}
		if got := send("/subscribe remote python", userBen).Params.Get("text"); !strings.HasPrefix(got, "🔔 Alert saved") {
			t.Errorf("English reply %q", got)
		}
	})
	t.Run("postings from before the subscription are not sent", func(t *testing.T) {
		if sent := flush(); len(sent) != 0 {
			t.Errorf("%d messages, want none", len(sent))
		}
	})
	t.Run("a new matching posting is sent once", func(t *testing.T) {
		importPostings(posting("NEW-1", "Senior Java Entwickler", "Hamburg"), posting("NEW-2", "PHP Developer", "Hamburg"))
		sent := flush()
		if len(sent) != 1 {
			t.Fatalf("%d messages, want 1", len(sent))
		}
		msg := sent[0]
		if msg.Int64("chat_id") != userAnna || !strings.Contains(msg.Params.Get("text"), "Senior Java Entwickler") {
			t.Errorf("notification %v", msg.Params)
		}
		if kb := msg.Markup(t); len(kb.InlineKeyboard) != 1 || kb.InlineKeyboard[0][0].URL == nil || *kb.InlineKeyboard[0][0].URL != "https://jobs.example.com/NEW-1" {
			t.Errorf("keyboard %+v", kb)
		}
		importPostings(posting("NEW-1", "Senior Java Entwickler", "Hamburg"))
		if sent := flush(); len(sent) != 0 {
			t.Errorf("after a second import: %d messages, want none", len(sent))
		}
	})
	t.Run("a non-matching posting is not sent", func(t *testing.T) {
		importPostings(posting("NEW-3", "Java Developer", "München"))
		if sent := flush(); len(sent) != 0 {
			t.Errorf("%d messages, want none", len(sent))
		}
	})
	t.Run("list", func(t *testing.T) {
		send("/abo remote go", userAnna)
		got := send("/abo", userAnna).Params.Get("text")
		if !strings.Contains(got, "1. Hamburg") || !strings.Contains(got, "2. ") || strings.Contains(got, "3. ") {
			t.Errorf("list %q", got)
		}
	})
	t.Run("at most five", func(t *testing.T) {
		for _, q := range []string{"berlin java", "köln php", "münchen python"} {
			send("/abo "+q, userAnna)
		}
		if got := send("/abo leipzig java", userAnna).Params.Get("text"); !strings.Contains(got, "schon 5 Abos") {
			t.Errorf("sixth %q", got)
		}
	})
	t.Run("stop one", func(t *testing.T) {
		if got := send("/abo stop 9", userAnna).Params.Get("text"); got != txtAlertNoSuch.in("de") {
			t.Errorf("stop 9: %q", got)
		}
		send("/abo stop 1", userAnna)
		if got := send("/abo", userAnna).Params.Get("text"); strings.Contains(got, "Hamburg") {
			t.Errorf("list after stop 1: %q", got)
		}
		importPostings(posting("NEW-4", "Java Backend Developer", "Hamburg"))
		if sent := flush(); len(sent) != 0 {
			t.Errorf("%d messages after stop, want none", len(sent))
		}
	})
	t.Run("stop all", func(t *testing.T) {
		if got := send("/abo stop", userAnna).Params.Get("text"); !strings.Contains(got, "4") {
			t.Errorf("stop: %q", got)
		}
		if got := send("/abo", userAnna).Params.Get("text"); !strings.HasPrefix(got, txtAlertNone.in("de")) {
			t.Errorf("list after stop: %q", got)
		}
	})
	t.Run("forget", func(t *testing.T) {
		ben := a.pseudonym(&tgbotapi.User{ID: userBen})
		if _, err := e.store.Forget(ctx, ben); err != nil {
			t.Fatal(err)
		}
		if got := send("/subscribe", userBen).Params.Get("text"); !strings.HasPrefix(got, txtAlertNone.in("en")) {
			t.Errorf("list after forget: %q", got)
		}
	})
}

// jobLookup is a fixed set of current postings.
type jobLookup map[string]bot.Job

func (l jobLookup) Job(id string) (bot.Job, bool) { j, ok := l[id]; return j, ok }

func TestAdminPostsJobToChannel(t *testing.T) {
	r := enginetest.JobsReply(bot.German)
	jobs := jobLookup{r.Jobs[0].ID: r.Jobs[0]}
	a, f, _ := newTestAdapter(t, func(c *Config) { c.Jobs = jobs })
	post, _ := askPreview(t, a, f, 1, userAnna, testChannel+" HH-JAVA-01")
	if post == "" {
		t.Fatal("no Posten button on the preview")
	}
	if got := f.Sent()[0].Params.Get("text"); !strings.Contains(got, "Senior Java Backend Developer") || !strings.Contains(got, testChannel) {
		t.Errorf("preview %q", got)
	}
	press(t, a, 2, userAnna, post)
	posts := channelPosts(f)
	if len(posts) != 1 || !strings.Contains(posts[0].Params.Get("text"), "<b>Senior Java Backend Developer (m/w/d)</b>") {
		t.Fatalf("channel posts %v", posts)
	}
	if kb := posts[0].Markup(t); len(kb.InlineKeyboard) != 1 || kb.InlineKeyboard[0][0].URL == nil {
		t.Errorf("no apply button: %+v", kb)
	}
	// A posting gone between preview and Posten is not posted.
	post, _ = askPreview(t, a, f, 3, userAnna, testChannel+" HH-JAVA-01")
	delete(jobs, "HH-JAVA-01")
	press(t, a, 4, userAnna, post)
	if n := len(channelPosts(f)); n != 1 || lastAck(t, f) != txtJobGone.in(bot.German) {
		t.Errorf("%d channel posts, ack %q", n, lastAck(t, f))
	}
}
