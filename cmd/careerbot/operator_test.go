package main

import (
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// newTestOperator wires an operator as serve does, over the database at
// db, with the store's clock at now.
func newTestOperator(t *testing.T, db, admins string, now time.Time) *operator {
	t.Helper()
	st := openDB(t, db)
	st.Now = func() time.Time { return now }
	live, err := knowledge.NewLive(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	a, err := parseAdmins(admins)
	if err != nil {
		t.Fatal(err)
	}
	return &operator{store: st, live: live, pseudonyms: bot.NewPseudonymizer([]byte(testSecret)), admins: a, retention: 30 * 24 * time.Hour}
}

func TestParseAdmins(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr string // the item named in the error
	}{
		{"", nil, ""},
		{" , ", nil, ""},
		{"telegram:123456789", []string{"telegram:123456789"}, ""},
		{"slack:T0123:U0456,telegram:123456789", []string{"slack:T0123:U0456", "telegram:123456789"}, ""},
		{" Telegram:1 , ,SLACK:T1:U1 ", []string{"slack:T1:U1", "telegram:1"}, ""},
		{"123456789", nil, `"123456789"`},
		{":123", nil, `":123"`},
		{"telegram:", nil, `"telegram:"`},
		{"telegram:1,oops", nil, `"oops"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseAdmins(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "CAREERBOT_ADMINS") {
					t.Errorf("parseAdmins(%q) = %v, %v; want an error naming CAREERBOT_ADMINS and %s", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if keys := slices.Sorted(maps.Keys(got)); !slices.Equal(keys, tt.want) {
				t.Errorf("parseAdmins(%q) = %v, want %v", tt.in, keys, tt.want)
			}
		})
	}
}

// TestServeRejectsBadConfig checks that serve stops at start-up on each
// bad privacy or operations setting, naming every problem at once.
func TestServeRejectsBadConfig(t *testing.T) {
	tests := []struct {
		name string
		vars map[string]string
		want []string
	}{
		{"admins", map[string]string{"CAREERBOT_ADMINS": "telegram:1,oops"}, []string{`CAREERBOT_ADMINS: "oops"`}},
		{"retention", map[string]string{"CAREERBOT_RETENTION": "forever"}, []string{`CAREERBOT_RETENTION: "forever"`}},
		{"negative rate limit", map[string]string{"CAREERBOT_RATE_LIMIT": "-3"}, []string{`CAREERBOT_RATE_LIMIT="-3"`}},
		{"rate limit not a number", map[string]string{"CAREERBOT_RATE_LIMIT": "lots"}, []string{`CAREERBOT_RATE_LIMIT="lots"`}},
		{"no concurrency", map[string]string{"CAREERBOT_MAX_CONCURRENT": "0"}, []string{`CAREERBOT_MAX_CONCURRENT="0"`}},
		{"form of address", map[string]string{"CAREERBOT_GERMAN_FORM": "ihr"}, []string{`CAREERBOT_GERMAN_FORM="ihr"`, "du or sie"}},
		{"API rate limit", map[string]string{"CAREERBOT_API_RATE_LIMIT": "-5"}, []string{`CAREERBOT_API_RATE_LIMIT="-5"`}},
		{"API address rate limit", map[string]string{"CAREERBOT_API_ADDR_RATE_LIMIT": "many"}, []string{`CAREERBOT_API_ADDR_RATE_LIMIT="many"`}},
		{"adapter without secret", map[string]string{"TELEGRAM_BOT_TOKEN": tgToken}, []string{"CAREERBOT_SECRET is not set", "openssl rand -hex 32"}},
		{"short secret", map[string]string{"CAREERBOT_SECRET": "short"}, []string{"CAREERBOT_SECRET is too short"}},
		{"all at once", map[string]string{"CAREERBOT_ADMINS": "oops", "CAREERBOT_RETENTION": "0d", "CAREERBOT_RATE_LIMIT": "-1"},
			[]string{"CAREERBOT_ADMINS", "CAREERBOT_RETENTION", "CAREERBOT_RATE_LIMIT"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.vars, "", "serve", "--addr", "127.0.0.1:0", "--db", tempDB(t))
			if r.code != 1 {
				t.Errorf("exit %d, want 1\nstderr: %s", r.code, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
			checkNoStackTrace(t, r.stderr)
		})
	}
}

func TestEngineConfigFromEnv(t *testing.T) {
	tests := []struct {
		name           string
		vars           map[string]string
		wantRateLimit  int
		wantConcurrent int
		wantErr        bool
	}{
		{"defaults", nil, 0, 0, false},
		{"rate limit", map[string]string{"CAREERBOT_RATE_LIMIT": "25"}, 25, 0, false},
		{"rate limit off", map[string]string{"CAREERBOT_RATE_LIMIT": "off"}, -1, 0, false},
		{"rate limit 0 is off", map[string]string{"CAREERBOT_RATE_LIMIT": "0"}, -1, 0, false},
		{"max concurrent", map[string]string{"CAREERBOT_MAX_CONCURRENT": "8"}, 0, 8, false},
		{"negative max concurrent", map[string]string{"CAREERBOT_MAX_CONCURRENT": "-2"}, 0, 0, true},
		{"max concurrent not a number", map[string]string{"CAREERBOT_MAX_CONCURRENT": "many"}, 0, 0, true},
		{"rate limit 1.5", map[string]string{"CAREERBOT_RATE_LIMIT": "1.5"}, 0, 0, true},
	}
	for _, form := range []string{"du", "Sie", "SIE"} {
		cfg, err := engineConfigFromEnv(env{getenv: mapEnv(map[string]string{"CAREERBOT_GERMAN_FORM": form})})
		if err != nil || string(cfg.GermanForm) != strings.ToLower(form) {
			t.Errorf("CAREERBOT_GERMAN_FORM=%s: form %q, error %v", form, cfg.GermanForm, err)
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := engineConfigFromEnv(env{getenv: mapEnv(tt.vars)})
			if (err != nil) != tt.wantErr {
				t.Fatalf("engineConfigFromEnv = %v, want error %v", err, tt.wantErr)
			}
			if cfg.RateLimit != tt.wantRateLimit || cfg.MaxConcurrent != tt.wantConcurrent {
				t.Errorf("RateLimit %d, MaxConcurrent %d; want %d, %d", cfg.RateLimit, cfg.MaxConcurrent, tt.wantRateLimit, tt.wantConcurrent)
			}
		})
	}
}

func TestIsAdmin(t *testing.T) {
	o := &operator{}
	var err error
	if o.admins, err = parseAdmins("slack:T0123:U0456,telegram:123456789"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		platform, user string
		want           bool
	}{
		{"telegram", "123456789", true},
		{"slack", "T0123:U0456", true},
		{"telegram", "12345678", false},
		{"slack", "U0456", false},
		{"slack", "T0999:U0456", false},
		{"slack", "123456789", false},
		{"telegram", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		if got := o.IsAdmin(tt.platform, tt.user); got != tt.want {
			t.Errorf("IsAdmin(%q, %q) = %v, want %v", tt.platform, tt.user, got, tt.want)
		}
	}
}

// TestOperatorStats checks today's and the week's figures from known rows.
func TestOperatorStats(t *testing.T) {
	now := time.Date(2025, 3, 5, 15, 0, 0, 0, time.UTC)
	today := time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC)
	db := tempDB(t)
	o := newTestOperator(t, db, "", now)
	ctx := context.Background()
	questions := []struct {
		user     string
		at       time.Time
		answered bool
	}{
		{"p1", today.Add(9 * time.Hour), true},
		{"p2", today.Add(10 * time.Hour), false},
		{"", today, true},                                       // no user: counted, but not as a person
		{"p1", today.Add(-time.Hour), true},                     // yesterday
		{"p3", today.AddDate(0, 0, -6), true},                   // the first day of the week
		{"p4", today.AddDate(0, 0, -6).Add(-time.Second), true}, // before it
	}
	for _, q := range questions {
		kind := bot.KindAnswer
		if !q.answered {
			kind = bot.KindFallback
		}
		if err := o.store.LogQuestion(ctx, bot.Question{At: q.at, Platform: "telegram", User: q.user, Text: "Frage",
			Lang: bot.German, Kind: kind, Answered: q.answered}); err != nil {
			t.Fatal(err)
		}
	}
	feedback := []struct {
		at      time.Time
		helpful bool
	}{
		{today.Add(time.Hour), true},
		{today.AddDate(0, 0, -3), false},
		{today.AddDate(0, 0, -8), true},
	}
	for _, f := range feedback {
		if err := o.store.RecordFeedback(ctx, bot.Feedback{EntryID: "entry-overview", Lang: bot.German, Helpful: f.helpful,
			Platform: "telegram", User: "p1", At: f.at, Answer: f.at.String()}); err != nil {
			t.Fatal(err)
		}
	}
	version, entries := o.live.Version(), o.live.Len()
	tests := []struct {
		lang bot.Lang
		want string
	}{
		{bot.German, "Heute: 3 Fragen, 2 beantwortet, 2 Personen, 👍 1 / 👎 0\n" +
			"Letzte 7 Tage: 5 Fragen, 4 beantwortet, 3 Personen, 👍 1 / 👎 1\n" +
			fmt.Sprintf("Wissensbasis: Version %d, %d Einträge", version, entries)},
		{bot.English, "Today: 3 questions, 2 answered, 2 people, 👍 1 / 👎 0\n" +
			"Last 7 days: 5 questions, 4 answered, 3 people, 👍 1 / 👎 1\n" +
			fmt.Sprintf("Knowledge base: version %d, %d entries", version, entries)},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			got, err := o.Stats(ctx, tt.lang)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Stats =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestOperatorReload imports entries through another connection, as
// `kb import` does, and reloads.
func TestOperatorReload(t *testing.T) {
	ctx := context.Background()
	db := tempDB(t)
	o := newTestOperator(t, db, "", time.Now())
	before, entries := o.live.Version(), o.live.Len()
	other := openDB(t, db)
	f, err := os.Open("testdata/kb_small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := knowledge.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if err := other.Import(ctx, doc, knowledge.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := o.live.Entry(ctx, "testing-mentoring"); err == nil {
		t.Fatal("the new entry is there before the reload; the test proves nothing")
	}
	tests := []struct {
		lang bot.Lang
		want string
	}{
		{bot.English, "Reloaded: version %d, %d entries."},
		{bot.German, "Neu geladen: Version %d, %d Einträge."},
	}
	for _, tt := range tests {
		got, err := o.Reload(ctx, tt.lang)
		if err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf(tt.want, before+1, entries+2)
		if got != want {
			t.Errorf("Reload(%s) = %q, want %q", tt.lang, got, want)
		}
	}
	if _, err := o.live.Entry(ctx, "testing-mentoring"); err != nil {
		t.Errorf("after the reload: %v", err)
	}
}

// TestOperatorForget forgets a user by raw platform id, as /vergessen
// does, and confirms in the user's language.
func TestOperatorForget(t *testing.T) {
	tests := []struct {
		lang bot.Lang
		want string
	}{
		{bot.German, "Erledigt: Ich habe alles gelöscht, was über dich gespeichert war (3 Fragen, 2 Bewertungen)."},
		{bot.English, "Done: I deleted everything stored about you (3 questions, 2 feedback entries)."},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			db := tempDB(t)
			o := newTestOperator(t, db, "", time.Now())
			p := bot.NewPseudonymizer([]byte(testSecret))
			seedUser(t, o.store, "telegram", p.Pseudonym("telegram", "42"), 3, 2, time.Now())
			seedUser(t, o.store, "telegram", p.Pseudonym("telegram", "43"), 1, 1, time.Now())
			got, err := o.Forget(context.Background(), "telegram", "42", tt.lang)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Forget = %q, want %q", got, tt.want)
			}
			if n := count(t, o.store, "SELECT count(*) FROM questions") + count(t, o.store, "SELECT count(*) FROM feedback"); n != 2 {
				t.Errorf("%d rows left, want the other user's 2", n)
			}
		})
	}
}

// TestOperatorPrivacy checks the privacy notice in both languages: what
// is stored, the retention and how to delete it.
func TestOperatorPrivacy(t *testing.T) {
	o := &operator{retention: 30 * 24 * time.Hour}
	tests := []struct {
		lang    bot.Lang
		command string
		want    []string
	}{
		{bot.German, "/vergessen", []string{"Was ich speichere und warum", "Deine Fragen", "Pseudonym", "Nach 30 Tagen", "/vergessen"}},
		{bot.English, "/forget", []string{"What I store and why", "Your questions", "pseudonym", "after 30 days", "/forget"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			got := o.Privacy(tt.lang, tt.command)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("Privacy(%s) lacks %q:\n%s", tt.lang, w, got)
				}
			}
		})
	}
}
