package insights

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// fixtureNow is the fixture's clock: the report covers the week before.
var fixtureNow = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

// fixtureQuestion is one row of the question log, as the engine logs it.
type fixtureQuestion struct {
	at         string
	platform   string
	text, lang string
	kind       bot.Kind
	entry      string
	confidence float64
	variant    string
}

// fixtureQuestions have known figures: see TestReportJSON for what they
// add up to. Two rows lie outside the period.
var fixtureQuestions = []fixtureQuestion{
	{"2026-03-01T09:00:00Z", "slack", "Wie viel verdient ein Backend-Entwickler?", "de", bot.KindAnswer, "jobsearch-salary", 0.9, ""},
	{"2026-03-04T08:00:00Z", "slack", "Was verdient ein Backend-Entwickler?", "de", bot.KindAnswer, "jobsearch-salary", 0.9, ""},
	{"2026-03-04T09:00:00Z", "slack", "Was verdient ein Backend-Entwickler?", "de", bot.KindAnswer, "jobsearch-salary", 0.9, ""},
	{"2026-03-04T10:00:00Z", "slack", "Wie hoch ist das Gehalt?", "de", bot.KindAnswer, "jobsearch-salary", 0.85, ""},
	{"2026-03-04T11:00:00Z", "slack", "Which programming languages should I learn?", "en", bot.KindAnswer, "skills-languages", 0.8, ""},
	{"2026-03-05T08:00:00Z", "telegram", "Gehalt Backend?", "de", bot.KindAnswer, "jobsearch-salary", 0.95, ""},
	{"2026-03-05T09:00:00Z", "telegram", "Was verdient ein Backend-Entwickler?", "de", bot.KindAnswer, "jobsearch-salary", 0.95, ""},
	{"2026-03-05T10:00:00Z", "telegram", "Hallo", "de", bot.KindGreeting, "", 0, ""},
	{"2026-03-07T08:00:00Z", "console", "Was macht man so als Backendler?", "de", bot.KindAnswer, "tasks-overview", 0.55, ""},
	{"2026-03-07T09:00:00Z", "api", "Darf ich meinen Hund mit ins Büro bringen?", "de", bot.KindFallback, "", 0.1, ""},
	{"2026-03-07T09:05:00Z", "api", "Darf ich meinen Hund mit ins Büro bringen?", "de", bot.KindFallback, "", 0.1, ""},
	{"2026-03-07T09:10:00Z", "api", "Darf ich meinen Hund ins Büro mitbringen?", "de", bot.KindFallback, "", 0.12, ""},
	{"2026-03-07T09:15:00Z", "telegram", "Hund mit ins Büro bringen erlaubt?", "de", bot.KindFallback, "", 0.05, ""},
	{"2026-03-07T09:20:00Z", "slack", "Can I bring my dog to the office?", "en", bot.KindFallback, "", 0.1, ""},
	{"2026-03-07T09:25:00Z", "slack", "Is my dog allowed in the office?", "en", bot.KindFallback, "", 0.1, ""},
	{"2026-03-07T09:30:00Z", "api", "Wie ist die Kantine?", "de", bot.KindFallback, "", 0, ""},
	{"2026-03-07T09:35:00Z", "api", "Gibt es <b>Obst</b> & Kaffee?", "de", bot.KindFallback, "", 0, ""},
	{"2026-03-09T08:00:00Z", "slack", "Was macht ein Backend-Entwickler?", "de", bot.KindAnswer, "tasks-overview", 0.9, "A"},
	{"2026-03-09T08:10:00Z", "slack", "Was macht ein Backend-Entwickler?", "de", bot.KindAnswer, "tasks-overview", 0.9, "A"},
	{"2026-03-09T08:20:00Z", "slack", "Was macht ein Backend-Entwickler?", "de", bot.KindAnswer, "tasks-overview", 0.9, "B"},
	{"2026-03-09T08:30:00Z", "telegram", "Wie viel Urlaub bekomme ich?", "de", bot.KindClarify, "", 0.4, ""},
	{"2026-03-10T13:00:00Z", "slack", "Was verdient ein Backend-Entwickler?", "de", bot.KindAnswer, "jobsearch-salary", 0.9, ""},
}

// fixtureVotes are feedback rows: entry, variant, helpful and unhelpful
// counts, and when. The last lies outside the period.
var fixtureVotes = []struct {
	entry, variant string
	up, down       int
	at             string
}{
	{"jobsearch-salary", "", 3, 1, "2026-03-05T09:30:00Z"},
	{"skills-languages", "", 0, 2, "2026-03-04T11:30:00Z"},
	{"tasks-overview", "A", 30, 10, "2026-03-09T09:00:00Z"},
	{"tasks-overview", "B", 15, 25, "2026-03-09T09:00:00Z"},
	{"skills-databases", "A", 3, 1, "2026-03-08T10:00:00Z"},
	{"skills-databases", "B", 2, 0, "2026-03-08T10:00:00Z"},
	{"entry-degree", "A", 1, 0, "2026-03-06T10:00:00Z"},
	{"entry-degree", "B", 0, 1, "2026-03-06T10:00:00Z"},
	{"jobsearch-salary", "", 0, 5, "2026-03-01T10:00:00Z"},
}

// fixtureUser is the prefix of every pseudonym in the fixture; no report
// may contain it.
const fixtureUser = "pseudonym-"

// newFixture opens a database with the default knowledge base, puts
// tasks-overview and skills-databases under A/B test, and logs the
// fixture's questions and votes. The store's clock is fixtureNow.
func newFixture(t testing.TB) (*knowledge.Store, string) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "fixture.db")
	st, err := knowledge.Open(ctx, path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	st.Now = func() time.Time { return fixtureNow }
	setVariant(t, st, "tasks-overview", "skills-databases")
	for i, q := range fixtureQuestions {
		err := st.LogQuestion(ctx, bot.Question{At: mustTime(t, q.at), Platform: q.platform,
			User: fmt.Sprintf("%s%d", fixtureUser, i), Text: q.text, Lang: bot.Lang(q.lang), Kind: q.kind,
			EntryID: q.entry, Confidence: q.confidence, Answered: q.kind == bot.KindAnswer, Variant: q.variant})
		if err != nil {
			t.Fatalf("LogQuestion: %v", err)
		}
	}
	n := 0
	for _, v := range fixtureVotes {
		for i := range v.up + v.down {
			n++
			_, err := st.DB().ExecContext(ctx, `INSERT INTO feedback (entry_id, lang, helpful, platform, user, created_at, variant)
				VALUES (?, 'de', ?, 'slack', ?, ?, ?)`, v.entry, i < v.up, fmt.Sprintf("%svote-%d", fixtureUser, n),
				mustTime(t, v.at).Unix(), v.variant)
			if err != nil {
				t.Fatalf("insert feedback: %v", err)
			}
		}
	}
	return st, path
}

// setVariant gives the entries' German text a B answer, through Import.
func setVariant(t testing.TB, st *knowledge.Store, ids ...string) {
	t.Helper()
	ctx := context.Background()
	doc, err := st.Export(ctx)
	if err != nil {
		t.Fatalf("Export: %v", err)
	}
	var changed []knowledge.Entry
	for _, e := range doc.Entries {
		for _, id := range ids {
			if e.ID == id {
				de := e.Texts["de"]
				de.Variant = "Die B-Antwort: " + de.Answer
				if de.AnswerSie != "" {
					de.VariantSie = "Die B-Antwort: " + de.AnswerSie
				}
				e.Texts["de"] = de
				changed = append(changed, e)
			}
		}
	}
	if len(changed) != len(ids) {
		t.Fatalf("setVariant: found %d of %v", len(changed), ids)
	}
	if err := st.Import(ctx, &knowledge.Document{Version: knowledge.FormatVersion, Entries: changed}, knowledge.ImportOptions{}); err != nil {
		t.Fatalf("Import: %v", err)
	}
}

func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

// fixtureOptions report on the week before fixtureNow, in UTC.
func fixtureOptions() Options {
	return Options{Since: fixtureNow.Add(-7 * 24 * time.Hour), Until: fixtureNow, Location: time.UTC, Retention: 90 * 24 * time.Hour}
}
