package insights

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/careerbot/careerbot/bot"
	"github.com/careerbot/careerbot/knowledge"
)

// askAll puts questions to an engine that logs them, as serve does.
func askAll(t *testing.T, st *knowledge.Store, questions ...string) {
	t.Helper()
	ctx := context.Background()
	live, err := knowledge.NewLive(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := bot.NewEngine(bot.Config{Knowledge: live, Journal: st, Now: st.Now, RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range questions {
		if _, err := eng.Ask(ctx, bot.Request{Text: q, Platform: "slack", User: "pseudonym-asker"}); err != nil {
			t.Fatalf("Ask(%q): %v", q, err)
		}
	}
}

// answer asks a fresh engine over the store's current content.
func answer(t *testing.T, st *knowledge.Store, question string) bot.Reply {
	t.Helper()
	ctx := context.Background()
	live, err := knowledge.NewLive(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := bot.NewEngine(bot.Config{Knowledge: live})
	if err != nil {
		t.Fatal(err)
	}
	r, err := eng.Ask(ctx, bot.Request{Text: question})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func suggest(t *testing.T, st *knowledge.Store) []Suggestion {
	t.Helper()
	ctx := context.Background()
	live, err := knowledge.NewLive(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Suggest(ctx, st, live, fixtureNow.Add(-90*24*time.Hour), fixtureNow)
	if err != nil {
		t.Fatalf("Suggest: %v", err)
	}
	return s
}

const negotiate = "Gehalt verhandeln?"

// TestSuggestAndAccept follows an editor: questions the bot was unsure
// about are grouped, matched to the entry they fit, accepted as its
// phrasings, and then answered.
func TestSuggestAndAccept(t *testing.T) {
	ctx := context.Background()
	st, err := knowledge.Open(ctx, filepath.Join(t.TempDir(), "kb.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.Now = func() time.Time { return fixtureNow }
	if r := answer(t, st, negotiate); r.Kind == bot.KindAnswer {
		t.Fatalf("before: %q is answered already (%s, %.2f); the test needs a question the bot is unsure about", negotiate, r.EntryID, r.Confidence)
	}
	askAll(t, st, negotiate, negotiate, "Gehalt verhandeln richtig?",
		"Wie ist die Kantine?", "Gibt es eine Kantine?", "Kann ich von zu Hause arbeiten?")

	got := suggest(t, st)
	if len(got) != 2 {
		t.Fatalf("Suggest: %d groups, want 2: %+v", len(got), got)
	}
	salary, canteen := got[0], got[1]
	if salary.N != 1 || salary.Count != 3 || salary.EntryID != "jobsearch-salary" || salary.Fit < MinFit ||
		salary.Question != "Wie viel verdient man im Backend?" || len(salary.Questions) != 2 {
		t.Errorf("group 1 = %+v, want the three salary questions fitting jobsearch-salary", salary)
	}
	if canteen.N != 2 || canteen.Count != 2 || canteen.EntryID != "" {
		t.Errorf("group 2 = %+v, want the two canteen questions needing a new entry", canteen)
	}

	before := version(t, st)
	if _, err := Accept(ctx, st, canteen); !errors.Is(err, ErrNeedsNewEntry) {
		t.Errorf("Accept(canteen) = %v, want ErrNeedsNewEntry", err)
	}
	added, err := Accept(ctx, st, salary)
	if err != nil {
		t.Fatalf("Accept: %v", err)
	}
	if len(added.Added) != 2 || len(added.Skipped) != 0 || added.EntryID != "jobsearch-salary" {
		t.Errorf("Accept = %+v, want two questions added", added)
	}
	if v := version(t, st); v != before+1 {
		t.Errorf("kb_version %d → %d, want one bump", before, v)
	}
	doc, err := st.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(doc.Entries, func(e knowledge.Entry) bool { return e.ID == "jobsearch-salary" })
	qs := doc.Entries[i].Texts["de"].Questions
	if !slices.Equal(qs[len(qs)-2:], []string{negotiate, "Gehalt verhandeln richtig?"}) {
		t.Errorf("jobsearch-salary's German questions end with %q", qs[len(qs)-2:])
	}

	if r := answer(t, st, negotiate); r.Kind != bot.KindAnswer || r.EntryID != "jobsearch-salary" {
		t.Errorf("after accepting: %q → %s %s (%.2f), want an answer from jobsearch-salary", negotiate, r.Kind, r.EntryID, r.Confidence)
	}

	again, err := Accept(ctx, st, salary)
	if err != nil || len(again.Added) != 0 || len(again.Skipped) != 2 {
		t.Errorf("accepting twice = %+v, %v: want both skipped as duplicates", again, err)
	}
	if v := version(t, st); v != before+1 {
		t.Errorf("accepting nothing new bumped kb_version to %d", v)
	}
	if left := suggest(t, st); len(left) != 1 || left[0].N != 1 || left[0].EntryID != "" {
		t.Errorf("after accepting, Suggest = %+v, want only the canteen group, now number 1", left)
	}
}

func version(t *testing.T, st *knowledge.Store) int64 {
	t.Helper()
	v, err := st.Version(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestAcceptSkips adds what can be a phrasing and skips, with a reason,
// an English question for an entry written in German only and a question
// too long to be a phrasing.
func TestAcceptSkips(t *testing.T) {
	ctx := context.Background()
	st, _ := newFixture(t)
	doc := &knowledge.Document{Version: knowledge.FormatVersion, Entries: []knowledge.Entry{{
		ID: "only-german", Topic: "jobsearch", Related: []string{"jobsearch-salary"},
		Texts: map[string]knowledge.Text{"de": {Questions: []string{"Nur auf Deutsch?"}, Answer: "Ja."}},
	}}}
	if err := st.Import(ctx, doc, knowledge.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	before := version(t, st)
	long := strings.Repeat("Sehr lange Frage ", 40) + "?"
	s := Suggestion{EntryID: "only-german", Group: Group{N: 1, Count: 4, Questions: []Asked{
		{"Only in German?", "en", 2}, {long, "de", 1}, {"nur auf deutsch", "de", 1}, {"Wirklich nur auf Deutsch?", "de", 1},
	}}}
	added, err := Accept(ctx, st, s)
	if err != nil {
		t.Fatalf("Accept: %v", err)
	}
	var reasons []string
	for _, sk := range added.Skipped {
		reasons = append(reasons, sk.Reason)
	}
	want := []string{"the entry has no en text", "not valid as a phrasing: longer than 500 bytes", "already a phrasing of the entry"}
	if len(added.Added) != 1 || added.Added[0].Text != "Wirklich nur auf Deutsch?" || !slices.Equal(reasons, want) {
		t.Errorf("Accept added %+v, skipped for %q; want one added and skipped for %q", added.Added, reasons, want)
	}
	if v := version(t, st); v != before+1 {
		t.Errorf("kb_version %d → %d, want one bump", before, v)
	}

	s.Questions = s.Questions[:3]
	if added, err := Accept(ctx, st, s); err != nil || len(added.Added) != 0 {
		t.Errorf("Accept with nothing to add = %+v, %v", added, err)
	}
	if v := version(t, st); v != before+1 {
		t.Errorf("nothing added, yet kb_version went to %d", v)
	}
}
