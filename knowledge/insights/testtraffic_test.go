package insights

import (
	"context"
	"testing"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// TestExcludeTests leaves `ask --log` and `eval` questions and votes out
// when asked to, and counts them otherwise (the command line's report).
func TestExcludeTests(t *testing.T) {
	st, _ := newFixture(t)
	ctx := context.Background()
	at := mustTime(t, "2026-03-08T10:00:00Z")
	for _, platform := range []string{"cli", "eval"} {
		q := bot.Question{At: at, Platform: platform, User: "tester", Text: "Testfrage ohne Antwort", Lang: bot.German, Kind: bot.KindFallback}
		if err := st.LogQuestion(ctx, q); err != nil {
			t.Fatal(err)
		}
		if _, err := st.DB().ExecContext(ctx, `INSERT INTO feedback (entry_id, lang, helpful, platform, user, created_at, variant)
			VALUES ('tasks-overview', 'de', 0, ?, 'tester', ?, 'A')`, platform, at.Unix()); err != nil {
			t.Fatal(err)
		}
	}
	with, err := Build(ctx, st, fixtureOptions())
	if err != nil {
		t.Fatal(err)
	}
	opt := fixtureOptions()
	opt.ExcludeTests = true
	without, err := Build(ctx, st, opt)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		with, out int
	}{
		{"questions", with.Questions - 2, without.Questions},
		{"gap questions", with.GapQuestions - 2, without.GapQuestions},
		{"unhelpful votes", with.Feedback.Unhelpful - 2, without.Feedback.Unhelpful},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.with != tt.out {
				t.Errorf("with test traffic minus 2 = %d, without = %d", tt.with, tt.out)
			}
		})
	}
	live, err := knowledge.NewLive(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	sugg, err := SuggestFor(ctx, st, live, Options{Since: opt.Since, Until: opt.Until, ExcludeTests: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sugg {
		for _, q := range s.Questions {
			if q.Text == "Testfrage ohne Antwort" {
				t.Error("a test question is suggested")
			}
		}
	}
}
